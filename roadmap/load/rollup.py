"""Reading the scoped assessments a national assessment rolls up (`rollup: {files: [...]}`), and the
rules across them: each file once, inside the roll-up's folder; each one scope of the same partner
and host, against the same catalog version, as of the roll-up's date or before; no two scopes
overlapping; a weight for each scope when the catalog's rule asks for declared weights.

Every problem is one line at its place in the national file (`rollup.files[2]: ...`), or in the
part's own file for what is wrong inside it; all of them at once. The combination itself is the
engine's (`roadmap.engine.rollup`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from roadmap.errors import InputError, Problem
from roadmap.load.files import inside
from roadmap.load.yamlsource import YamlFile
from roadmap.models.assessment import Assessment, ScopedPart
from roadmap.models.catalog import Catalog
from roadmap.progress import QUIET, Progress

#: What a roll-up's part file may be called.
_SUFFIXES = (".yaml", ".yml")

#: Loads one part: (path to read, name to show) → (assessment, sha256); raises InputError.
PartLoader = Callable[[Path, str], tuple[Assessment, str]]


@dataclass(frozen=True)
class _Listed:
    """One entry of `rollup.files`: its index, what to read, and what to show."""

    index: int
    path: Path
    shown: str


def scope_key(scope: str) -> tuple[str, ...]:
    """A scope as compared: its parts split at '/', case and spacing aside (`Ministry of Defense/ASDF`
    is part of `ministry of defense`)."""
    return tuple(" ".join(part.split()).casefold() for part in scope.split("/") if part.strip())


def overlaps(a: str, b: str) -> bool:
    """Whether two scopes cover some part of the government twice: equal, or one inside the other."""
    ka, kb = scope_key(a), scope_key(b)
    n = min(len(ka), len(kb))
    return ka[:n] == kb[:n]


def load_parts(doc: YamlFile, source: Path, national: Assessment, catalog: Catalog, load: PartLoader,
               progress: Progress = QUIET) -> tuple[ScopedPart, ...]:
    """The scoped assessments `national` rolls up, loaded by `load`, checked together; or an
    InputError with every problem of the list and of the files in it."""
    assert national.rollup is not None
    problems: list[Problem] = []
    if catalog.meta.rollup is None:
        problems.append(doc.problem(("rollup",), f"{catalog.ref} has no roll-up rule (the catalog option rollup): "
                                                 "pin a catalog version that has one, such as fvey@1.3.0", key=True))
    if national.scope is not None:
        problems.append(doc.problem(("scope",), "a roll-up stands for the whole partner: remove scope, or assess that "
                                                "scope in a file of its own", key=True))
    listed = _listed(doc, source, national.rollup.files, problems)
    parts: list[tuple[_Listed, ScopedPart]] = []
    progress.expect(len(listed), "reading")
    for entry in listed:
        try:
            assessment, sha = load(entry.path, entry.shown)
        except InputError as exc:
            problems.extend(_placed(doc, entry, exc.problems))
            continue
        finally:
            progress.step(entry.shown)
        why = _misfit(national, catalog, assessment, entry.shown)
        if why:
            problems.append(doc.problem(("rollup", "files", entry.index), why))
            continue
        parts.append((entry, ScopedPart(entry.shown, sha, assessment)))
    complete = len(parts) == len(national.rollup.files)  # every scope known: a weight's scope can be checked
    overlapping = _overlapping(doc, parts)
    problems += overlapping.values()
    parts = [(entry, part) for entry, part in parts if entry.index not in overlapping]
    rule = catalog.meta.rollup
    if rule is not None and rule.weights == "declared":
        problems += _weight_problems(doc, national, [p for _, p in parts], complete)
    elif rule is not None and national.rollup.weights is not None:
        problems.append(doc.problem(("rollup", "weights"), f"{catalog.ref} weighs every scope alike: remove weights"))
    if problems:
        raise InputError(problems)
    return tuple(p for _, p in parts)


def _listed(doc: YamlFile, source: Path, files: tuple[str, ...], problems: list[Problem]) -> list[_Listed]:
    """The files of the list that may be read: inside the roll-up's folder, each once."""
    folder = source.parent
    shown_folder = os.path.dirname(doc.file)
    itself = os.path.realpath(source)
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(files):
        at = ("rollup", "files", i)
        why = _outside(name, folder)
        if why:
            problems.append(doc.problem(at, why))
            continue
        real = os.path.realpath(folder / name)
        if real == itself:
            problems.append(doc.problem(at, f"{name} is this roll-up itself: list the scoped assessments it combines"))
        elif real in seen:
            problems.append(doc.problem(at, f"{name} is listed twice (also rollup.files[{seen[real]}]): "
                                            "list each file once"))
        else:
            seen[real] = i
            out.append(_Listed(i, folder / name, os.path.normpath(os.path.join(shown_folder, name))))
    return out


def _outside(name: str, folder: Path) -> str | None:
    """Why the part `name` may not be read: a roll-up reads only YAML files inside its own folder
    (an assessment file is untrusted: it must not make the tool read other files)."""
    parts = Path(name).parts
    if os.path.isabs(name) or name.startswith("~") or ".." in parts:
        return f"expected a path inside the roll-up's folder (such as agency-2026.yaml), found {name}"
    if not name.lower().endswith(_SUFFIXES):
        return f"expected an assessment file ending in .yaml or .yml, found {name}"
    if not inside(os.path.realpath(folder / name), os.path.realpath(folder)):
        return f"{name} leads outside the roll-up's folder (a symbolic link): list the file itself"
    return None


def _misfit(national: Assessment, catalog: Catalog, part: Assessment, shown: str) -> str | None:
    """Why the part cannot be combined into `national`, or None."""
    if part.rollup is not None:
        return f"{shown} is itself a roll-up: list the scoped assessments it combines instead"
    if part.scope is None:
        return f"{shown} has no scope: a part of a roll-up names the agency or enclave it covers (scope: ...)"
    if (part.partner, part.host) != (national.partner, national.host):
        return (f"{shown} assesses {part.partner} for {part.host}; this roll-up assesses {national.partner} for "
                f"{national.host}")
    if part.catalog != catalog.ref:
        return f"{shown} pins {part.catalog}; this roll-up pins {catalog.ref}: every part is scored against one version"
    if part.as_of > national.as_of:
        return (f"{shown} is as of {part.as_of.isoformat()}, after this roll-up's as_of "
                f"{national.as_of.isoformat()}")
    return None


def _placed(doc: YamlFile, entry: _Listed, problems: list[Problem]) -> list[Problem]:
    """A part's problems; one about the file as a whole (not found, not a plain file) placed at its
    entry in the list, where the fix is."""
    if len(problems) == 1 and problems[0].line is None and problems[0].file == entry.shown:
        return [doc.problem(("rollup", "files", entry.index), f"{entry.shown}: {problems[0].message}")]
    return problems


def _overlapping(doc: YamlFile, parts: list[tuple[_Listed, ScopedPart]]) -> dict[int, Problem]:
    """One problem per part whose scope overlaps an earlier one's, by the part's index in the list."""
    out: dict[int, Problem] = {}
    for k, (entry, part) in enumerate(parts):
        scope = part.assessment.scope or ""
        for earlier, other in parts[:k]:
            theirs = other.assessment.scope or ""
            if overlaps(scope, theirs):
                same = "is the same scope as" if scope_key(scope) == scope_key(theirs) else "overlaps"
                out[entry.index] = doc.problem(("rollup", "files", entry.index),
                                               f"{part.file} covers {scope}, which {same} {theirs} ({other.file}, "
                                               f"rollup.files[{earlier.index}]): each part of the government once")
                break
    return out


def _weight_problems(doc: YamlFile, national: Assessment, parts: list[ScopedPart], complete: bool) -> list[Problem]:
    """Under declared weights: one weight for each scope, and (once every part is read) none for a
    scope not listed."""
    assert national.rollup is not None
    scopes = [p.assessment.scope or "" for p in parts]
    weights = national.rollup.weights
    if weights is None:
        if not complete:
            return []
        return [doc.problem(("rollup",), "expected weights, one per scope (the catalog's rule takes declared "
                                         f"weights), found none; scopes: {', '.join(scopes)}", key=True)]
    out = []
    missing = [s for s in scopes if s not in weights]
    if missing:
        out.append(doc.problem(("rollup", "weights"), f"no weight for {', '.join(missing)}: give each scope one"))
    for name in weights if complete else ():
        if name not in scopes:
            out.append(doc.problem(("rollup", "weights", name), f"no listed file has scope {name}; the scopes are "
                                                                 f"{', '.join(scopes)}", key=True))
    return out


__all__ = ["load_parts", "overlaps", "scope_key"]
