"""Which controls of a framework a catalog covers, and which criteria cover each (`roadmap criteria
map`): read from each criterion's `controls` (NIST SP 800-53, CNSSI 1253, the ISM, CAF outcomes,
the Essential Eight)."""

from __future__ import annotations

import difflib
import re

from roadmap.errors import UsageError
from roadmap.models.base import Result
from roadmap.models.catalog import FRAMEWORKS, Catalog


class Coverage(Result):
    """One control of the framework and the criteria that map to it."""

    control: str
    criteria: tuple[str, ...]
    titles: tuple[str, ...]


class FrameworkUse(Result):
    """A framework, and how much of it the catalog maps to."""

    id: str
    name: str
    controls: int
    criteria: int


class FrameworkMap(Result):
    catalog: str
    #: Every framework a criterion may map to, with what this catalog maps (0 where nothing).
    frameworks: tuple[FrameworkUse, ...]
    #: The framework asked for (None: only the list of frameworks).
    framework: str | None = None
    name: str | None = None
    controls: tuple[Coverage, ...] = ()
    #: The catalog's criteria that map to no control of the framework asked for.
    unmapped: tuple[str, ...] = ()


def _natural(control: str) -> tuple[object, ...]:
    """`ac-2` before `ac-2.3` before `ac-21`; `ISM-0100` before `ISM-1014`."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"([0-9]+)", control))


def framework_map(catalog: Catalog, framework: str | None = None) -> FrameworkMap:
    """The frameworks the catalog maps to, and with `framework`, each control it covers and by which
    criteria. An unknown framework is a UsageError that names the known ones."""
    by_framework: dict[str, dict[str, list[str]]] = {f: {} for f in FRAMEWORKS}
    for c in catalog.criteria:
        for f, ids in (c.controls.by_framework().items() if c.controls else ()):
            for control in ids:
                by_framework[f].setdefault(control, []).append(c.id)
    uses = tuple(FrameworkUse(id=f, name=FRAMEWORKS[f], controls=len(m),
                              criteria=len({cid for ids in m.values() for cid in ids}))
                 for f, m in by_framework.items())
    if framework is None:
        return FrameworkMap(catalog=catalog.ref, frameworks=uses)
    if framework not in FRAMEWORKS:
        close = [f for f in FRAMEWORKS if f.startswith(framework.lower())] or \
            difflib.get_close_matches(framework.lower(), FRAMEWORKS, n=1)
        raise UsageError(f"unknown framework {framework!r}; expected one of {', '.join(FRAMEWORKS)}"
                         + (f"; did you mean {close[0]}?" if close else ""))
    found = by_framework[framework]
    covered = tuple(Coverage(control=k, criteria=tuple(v), titles=tuple(catalog.by_id[cid].title for cid in v))
                    for k, v in sorted(found.items(), key=lambda kv: _natural(kv[0])))
    mapped = {cid for ids in found.values() for cid in ids}
    return FrameworkMap(catalog=catalog.ref, frameworks=uses, framework=framework, name=FRAMEWORKS[framework],
                        controls=covered, unmapped=tuple(c.id for c in catalog.criteria if c.id not in mapped))


__all__ = ["Coverage", "FrameworkMap", "FrameworkUse", "framework_map"]
