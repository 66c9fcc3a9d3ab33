"""Releasability across the assessment: a finding, a note or an evidence item that says who may
receive it (`release:`) is read against the parties' country codes, so an assessment that marks
anything names both (docs/report.md, "A report for each reader"). Checked on the raw data, with
the place of the first part that needs them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from roadmap.errors import Problem
from roadmap.load.yamlsource import YamlFile, YamlPath


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


def release_problems(doc: YamlFile, data: dict[str, Any]) -> list[Problem]:
    """One problem when parts say who may receive them and the parties' codes are not both given."""
    first = next(_released(data), None)
    if first is None:
        return []
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
