"""Releasability across the assessment: a finding, a note or an evidence item that says who may
receive it (`release:`) is read against the parties' country codes, so an assessment that marks
anything names both (docs/report.md, "A report for each reader"). Checked on the raw data, with
the place of the first part that needs them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from roadmap.errors import Problem
from roadmap.load.markings import script_problem
from roadmap.load.yamlsource import YamlFile, YamlPath
from roadmap.models.catalog import Catalog


def _released(data: dict[str, Any]) -> Iterator[YamlPath]:
    """The paths of every `release` key, in file order: notes, then findings and their evidence."""
    notes = data.get("notes")
    for i, note in enumerate(notes if isinstance(notes, (list, tuple)) else ()):
        if isinstance(note, dict) and "release" in note:
            yield ("notes", i, "release")
    findings = data.get("findings")
    for cid, f in (findings.items() if isinstance(findings, dict) else ()):
        if not isinstance(f, dict):
            continue
        if "release" in f:
            yield ("findings", cid, "release")
        evidence = f.get("evidence")
        for i, ev in enumerate(evidence if isinstance(evidence, (list, tuple)) else ()):
            if isinstance(ev, dict) and "release" in ev:
                yield ("findings", cid, "evidence", i, "release")


def release_problems(doc: YamlFile, data: dict[str, Any], catalog: Catalog) -> list[Problem]:
    """A marking whose letters are of a script the catalog's markings do not use (as the assessment's
    own marking, `roadmap.load.markings`), and one problem when parts say who may receive them and
    the parties' codes are not both given."""
    first = next(_released(data), None)
    if first is None:
        return []
    problems = [doc.problem(path, why) for path in _released(data)
                if isinstance(value := _at(data, path), str) and (why := script_problem(value, catalog))]
    return problems + _code_problems(doc, data, first)


def _at(data: Any, path: YamlPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _code_problems(doc: YamlFile, data: dict[str, Any], first: YamlPath) -> list[Problem]:
    parties = data.get("parties")
    missing = [side for side in ("host", "partner")
               if not (isinstance(parties, dict) and isinstance(parties.get(side), dict)
                       and parties[side].get("code"))]
    if not missing:
        return []
    count = sum(1 for _ in _released(data))
    which = " and ".join(f"parties.{side}.code" for side in missing)
    return [doc.problem(first, f"expected {which} (a country code such as USA or JPN) when a part says who may "
                               f"receive it ({count} here): releasability is read against the parties' codes")]
