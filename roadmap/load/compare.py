"""What `roadmap compare` refuses, one line each at its place: assessments for different hosts,
pinned to different catalog versions (unless `--rescore-with` names one version of their catalog to
score them all against), or two of one partner (and scope): rounds of one partner are `trend`'s."""

from __future__ import annotations

from collections.abc import Sequence

from roadmap.errors import InputError, Problem
from roadmap.load.assessments import LoadedAssessment
from roadmap.load.yamlsource import YamlPath, placed
from roadmap.models.catalog import Catalog


def check_comparable(loaded: Sequence[LoadedAssessment], rescore_with: Catalog | None) -> None:
    found: list[tuple[LoadedAssessment, str, str]] = []  # (file, key, message)
    first = loaded[0]
    seen: dict[tuple[str, str | None], str] = {}
    for la in loaded:
        a = la.assessment
        if a.host != first.assessment.host:
            found.append((la, "host", f"expected {first.assessment.host} (the host of {first.file}), found {a.host}: "
                                      "compare takes assessments for one host"))
        key = (a.partner, a.scope)
        if key in seen:
            found.append((la, "partner", f"{a.name} is also assessed in {seen[key]}: compare takes one assessment "
                                         "per partner (roadmap trend compares rounds of one partner)"))
        seen.setdefault(key, la.file)
        why = _catalog_misfit(la, first, rescore_with)
        if why:
            found.append((la, "catalog", why))
    if found:
        raise InputError(_placed(found))


def _catalog_misfit(la: LoadedAssessment, first: LoadedAssessment, rescore_with: Catalog | None) -> str | None:
    if rescore_with is not None:
        if la.catalog.meta.id != rescore_with.meta.id:
            return f"pins {la.catalog.ref}: --rescore-with {rescore_with.ref} re-scores versions of one catalog only"
        return None
    if la.catalog.ref != first.catalog.ref:
        return (f"pins {la.catalog.ref}, and {first.file} pins {first.catalog.ref}: compare scores every partner "
                f"against one catalog version (--rescore-with {first.catalog.meta.id}@VERSION re-scores them all "
                "against it)")
    return None


def _placed(found: list[tuple[LoadedAssessment, str, str]]) -> list[Problem]:
    """The problems at their lines: each file read again for its positions (only when refusing)."""
    by_file: dict[str, list[tuple[YamlPath, str]]] = {}
    for la, key, message in found:
        by_file.setdefault(la.file, []).append(((key,), message))
    return sorted(p for file, placed_here in by_file.items() for p in placed(file, placed_here))


__all__ = ["check_comparable"]
