"""Agencies rolled up to a nation: pure functions from a national assessment and the scoped
assessments it lists (each one part of the partner's government: an agency, an enclave) to the
nation's findings, criterion by criterion, by the catalog's roll-up rule (docs/scoring.md); and,
once scored, which scopes hold each gap back.

Per criterion:
- assessed in the national file itself (a statute, a national programme): that finding stands, and
  the scopes' values are not combined;
- a scope where a current not-applicable or exception decision covers it is left out of it; when
  every scope is, the nation takes the first such decision (an exception before a not-applicable);
- not assessed in a scope that holds it (or a decision of that scope that expired): not assessed
  for the nation, which is only as known as its least-known part;
- otherwise the weakest scope's value, or the weighted mean of the scopes' values, as the rule
  says for that criterion; the evidence that counts is that of the scope whose best fresh
  evidence is the weakest, so that the verified view credits the nation only what every scope proves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from roadmap.errors import UsageError
from roadmap.i18n import _
from roadmap.models.assessment import Assessment, Finding, FindingValue, ScopedPart
from roadmap.models.base import Result, Status, Verification
from roadmap.models.catalog import Catalog, Criterion, RollupRule
from roadmap.models.metrics import Metric
from roadmap.words import listing, number, words

Method = Literal["weakest", "weighted", "national", "decision", "not_assessed"]


class ScopeValue(Result):
    """One scope's finding on one criterion, as the roll-up read it."""

    scope: str
    #: The status counted at the roll-up's as-of date (an expired decision is not assessed).
    status: Status
    value: FindingValue | None
    shown: str
    #: Its weight in a weighted mean; None when the scope is left out of the combination.
    weight: float | None
    #: The best verification among its fresh evidence (None: no fresh evidence).
    evidence: Verification | None


class CriterionRollup(Result):
    id: str
    method: Method
    status: Status
    value: FindingValue | None
    scopes: tuple[ScopeValue, ...]
    rule: str


class ScopeFacts(Result):
    scope: str
    file: str
    sha256: str
    as_of: dt.date
    weight: float


class RolledUp(Result):
    """How a national assessment was combined from its scopes."""

    scopes: tuple[ScopeFacts, ...]
    rule: str
    criteria: tuple[CriterionRollup, ...]

    def criterion(self, cid: str) -> CriterionRollup | None:
        return next((c for c in self.criteria if c.id == cid), None)


def roll_up(catalog: Catalog, national: Assessment, as_of: dt.date) -> tuple[Assessment, RolledUp]:
    """The national assessment with its findings combined from its scoped parts (and no parts left),
    and how."""
    rule = catalog.meta.rollup
    if rule is None or national.rollup is None:  # the loader refuses both for the catalog a roll-up pins
        raise UsageError(f"a roll-up cannot be scored against {catalog.ref}: it has no roll-up rule (catalog "
                         "option rollup)")
    parts = national.parts
    weights = [_weight(rule, national, p) for p in parts]
    findings: dict[str, Finding] = {}
    rows = []
    for c in catalog.criteria:
        finding, row = _criterion(rule, c, national, parts, weights, as_of)
        rows.append(row)
        if finding is not None:
            findings[c.id] = finding
    facts = tuple(ScopeFacts(scope=p.assessment.scope or "", file=p.file, sha256=p.sha256,
                             as_of=p.assessment.as_of, weight=w) for p, w in zip(parts, weights, strict=True))
    combined = national.model_copy(update={"findings": findings}).with_parts(())
    return combined, RolledUp(scopes=facts, rule=rule.explanation, criteria=tuple(rows))


def _metric(c: Criterion) -> Metric:
    """The criterion's one metric: a catalog with a roll-up rule has only criteria of one measure (its
    loader refuses the rule otherwise: values per measure are not combined)."""
    assert c.metric is not None, f"{c.id} has several measures: a roll-up rule cannot apply to it"
    return c.metric


def _weight(rule: RollupRule, national: Assessment, part: ScopedPart) -> float:
    if rule.weights == "equal" or national.rollup is None or national.rollup.weights is None:
        return 1.0
    return float(national.rollup.weights.get(part.assessment.scope or "", 1.0))


def _criterion(rule: RollupRule, c: Criterion, national: Assessment, parts: Sequence[ScopedPart],
               weights: Sequence[float], as_of: dt.date) -> tuple[Finding | None, CriterionRollup]:
    weakest = rule.takes_weakest(c)
    read = [_read(c, p, w, as_of) for p, w in zip(parts, weights, strict=True)]
    counted = [(f, sv) for f, sv in read if sv.weight is not None]
    own = national.findings.get(c.id)
    if own is not None:
        return own, _row(c, "national", own.status, own.value, read,
                         _("assessed for the nation as a whole in the national file: the scopes' values are not "
                           "combined"))
    if not counted:
        return _all_decided(c, read)
    missing = [sv.scope for f, sv in counted if sv.status is not Status.ASSESSED]
    if missing:
        return None, _row(c, "not_assessed", Status.NOT_ASSESSED, None, read,
                          _("not assessed in %(scopes)s → not assessed for the nation", scopes=listing(missing)))
    values = [f.value for f, _ in counted if f is not None and f.value is not None]
    metric = _metric(c)
    value = metric.weakest(values) if weakest else metric.mean(values, [sv.weight or 0.0 for _, sv in counted])
    evidence_from = min(counted, key=lambda fs: _rank(fs[1].evidence))[0]
    assert evidence_from is not None
    how = _how(c, weakest, counted, value)
    finding = Finding.model_validate({"status": Status.ASSESSED, "value": value, "evidence": evidence_from.evidence,
                                      "notes": how}, strict=False)
    return finding, _row(c, "weakest" if weakest else "weighted", Status.ASSESSED, value, read, how)


def _read(c: Criterion, part: ScopedPart, weight: float, as_of: dt.date) -> tuple[Finding | None, ScopeValue]:
    """A scope's finding on `c`, with the status counted at `as_of` and its best fresh evidence."""
    f = part.assessment.findings.get(c.id)
    status = Status.NOT_ASSESSED if f is None or f.expired(as_of) else f.status
    best = None
    if f is not None:
        fresh = [ev.verification for ev in f.evidence if ev.freshness(as_of, c.evidence.max_age_days) == "fresh"]
        best = max(fresh, default=None)
    value = f.value if f is not None and status is Status.ASSESSED else None
    shown = _metric(c).format_finding(status, value)
    return f, ScopeValue(scope=part.assessment.scope or "", status=status, value=value, shown=shown,
                         weight=None if status.decision else weight, evidence=best)


def _rank(v: Verification | None) -> int:
    return -1 if v is None else v.rank


def _all_decided(c: Criterion, read: list[tuple[Finding | None, ScopeValue]]) -> tuple[Finding, CriterionRollup]:
    """Every scope holds a current decision on `c`: the nation takes the first exception, else the
    first not-applicable decision."""
    decided = [(f, sv) for f, sv in read if f is not None]
    f, sv = next(((f, sv) for f, sv in decided if sv.status is Status.EXCEPTION), decided[0])
    return f, _row(c, "decision", sv.status, None, read,
                   _("%(status)s in every scope: the nation takes %(scope)s's decision", status=words(sv.status),
                     scope=sv.scope))


def _how(c: Criterion, weakest: bool, counted: list[tuple[Finding | None, ScopeValue]], value: FindingValue) -> str:
    """The rule string of a combined value: which scopes, their values, and the result."""
    shown = listing(f"{sv.scope} {sv.shown}" for _f, sv in counted)
    result = _metric(c).format_value(value)
    if weakest:
        if c.gating:
            return _("weakest of %(num)d scopes (gating): %(values)s → %(result)s", num=len(counted), values=shown,
                     result=result)
        return _("weakest of %(num)d scopes (by the catalog's rule): %(values)s → %(result)s", num=len(counted),
                 values=shown, result=result)
    weights = listing(number(sv.weight or 0.0) for _f, sv in counted)
    if _metric(c).type == "boolean":
        return _("weighted mean of %(num)d scopes (weights %(weights)s): %(values)s → %(result)s", num=len(counted),
                 weights=weights, values=shown, result=result)
    return _("weighted mean of %(num)d scopes (weights %(weights)s): %(values)s → %(result)s (rounded toward the "
             "worse)", num=len(counted), weights=weights, values=shown, result=result)


def _row(c: Criterion, method: Method, status: Status, value: FindingValue | None,
         read: list[tuple[Finding | None, ScopeValue]], rule: str) -> CriterionRollup:
    left_out = [sv.scope for _f, sv in read if sv.weight is None]
    if left_out and method not in ("national", "decision"):
        rule = _("%(rule)s; left out: %(scopes)s (a current decision)", rule=rule, scopes=listing(left_out))
    return CriterionRollup(id=c.id, method=method, status=status, value=value, scopes=tuple(sv for _, sv in read),
                           rule=rule)


def combined(catalog: Catalog, assessment: Assessment) -> Assessment:
    """A roll-up as the values it stands for (its scopes combined at its own as-of date), for what
    compares or re-expresses values (`roadmap diff`, `compare --rescore-with`); any other assessment
    as it is."""
    return roll_up(catalog, assessment, assessment.as_of)[0] if assessment.parts else assessment


def holding_back(catalog: Catalog, rolled: RolledUp, cid: str, target: FindingValue) -> tuple[str, ...]:
    """The scopes whose own value misses `target` on criterion `cid` (not assessed ones first, then the
    furthest from it): those the nation waits for. None for a finding of the national file itself."""
    row = rolled.criterion(cid)
    if row is None or row.method in ("national", "decision"):
        return ()
    metric = _metric(catalog.by_id[cid])
    short = [sv for sv in row.scopes
             if sv.weight is not None and (sv.status is not Status.ASSESSED or not metric.meets(sv.value, target))]
    short.sort(key=lambda sv: -metric.distance(sv.value, target))
    return tuple(sv.scope for sv in short)


def lacking_evidence(rolled: RolledUp, cid: str, needs: Verification) -> tuple[str, ...]:
    """The scopes whose best fresh evidence on `cid` is below `needs`: those the verified view waits for."""
    row = rolled.criterion(cid)
    if row is None or row.method in ("national", "decision"):
        return ()
    return tuple(sv.scope for sv in row.scopes if sv.weight is not None and _rank(sv.evidence) < needs.rank)


__all__ = ["CriterionRollup", "RolledUp", "ScopeFacts", "ScopeValue", "combined", "holding_back",
           "lacking_evidence", "roll_up"]
