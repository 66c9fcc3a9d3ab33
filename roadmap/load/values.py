"""A finding's value checked against its criterion's measures, across the assessment and its catalog.

A criterion of one measure (the form of fvey 1.x) takes `value`; one with several measures takes
`values`, a value for every measure by its id. Checked on the file's raw data, like the other
cross-checks of `roadmap.load.assessments`, so that each problem is reported at its place even when
the file has schema problems too.
"""

from __future__ import annotations

from typing import Any

from roadmap.errors import Problem
from roadmap.load.ids import close_matches
from roadmap.load.yamlsource import YamlFile
from roadmap.models.catalog import Criterion

#: The model's own rule (`Finding._status_rules`), said for a criterion of one measure.
NEEDS_A_VALUE = "status 'assessed' needs a value (or set status: not_assessed)"
_SCALARS = (bool, int, float, str)


def value_problems(doc: YamlFile, cid: str, raw: Any, criterion: Criterion, ref: str) -> list[Problem]:
    """Whether the finding `raw` of `cid` gives the value(s) its criterion's measures take."""
    if not isinstance(raw, dict):
        return []
    at = ("findings", cid)
    if criterion.measures is None:
        if raw.get("values") is not None:
            return [doc.problem(at + ("values",), f"expected value: {cid} has one measure in {ref}, found values",
                                key=True)]
        return _checked(doc, at + ("value",), raw.get("value"), criterion.all_measures[0].metric.check)
    ids = [m.id for m in criterion.measures]
    if raw.get("value") is not None:
        return [doc.problem(at + ("value",), f"expected values, one per measure ({', '.join(ids)}): {cid} has "
                                             f"several measures in {ref}, found value", key=True)]
    values = raw.get("values")
    assessed = raw.get("status", "assessed") == "assessed"
    if values is None:
        return [doc.problem(at, f"status 'assessed' needs values, one per measure of {cid} ({', '.join(ids)}), "
                                "or set status: not_assessed")] if assessed else []
    if not isinstance(values, dict):
        return []  # the schema's to report
    out = []
    for mid, value in values.items():
        m = next((m for m in criterion.measures if m.id == mid), None)
        if m is None:
            close = close_matches(str(mid), ids)
            hint = f"; did you mean {close[0]}?" if close else f"; expected one of {', '.join(ids)}"
            out.append(doc.problem(at + ("values", mid), f"unknown measure {mid} of {cid} in {ref}{hint}", key=True))
        else:
            out += _checked(doc, at + ("values", mid), value, m.metric.check)
    missing = [i for i in ids if i not in values]
    if missing and assessed:
        out.append(doc.problem(at + ("values",), f"missing a value for {', '.join(missing)}: every measure of {cid} "
                                                 f"needs one ({', '.join(ids)})"))
    return out


def _checked(doc: YamlFile, at: tuple[str, ...], value: Any, check: Any) -> list[Problem]:
    # Lists, mappings and dates are the schema's to report; refused YAML scalars the loader's.
    if value is None or not isinstance(value, _SCALARS) or at in doc.bad_paths:
        return []
    why = check(value)
    return [doc.problem(at, why)] if why else []


def replaced(problems: list[Problem], multi: set[str]) -> list[Problem]:
    """The schema's problems without its "needs a value" for criteria with several measures, for
    which `value_problems` says "needs values" instead."""
    return [p for p in problems if not (p.message == NEEDS_A_VALUE and p.path.removeprefix("findings.") in multi)]


__all__ = ["NEEDS_A_VALUE", "replaced", "value_problems"]
