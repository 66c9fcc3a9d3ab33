"""The three factors of a change between two rounds, and the eight scorings that separate them.

A round's score depends on three things that each come from the old round or the new one:

- **progress** — the partner's own values and evidence (and the as-of date they are read at);
- **goalposts** — the catalog version the round is scored against;
- **decisions** — the not-applicable and exception decisions in force on the round's own as-of date
  (granted, withdrawn or lapsed between the rounds).

`Scorings.of` scores every combination (2³ = 8, fewer when the catalogs or the decisions are the
same: the combinations that cannot differ are not scored twice), and `split` gives each factor its
Shapley share of a measure's change (`roadmap.engine.shapley`), so that the shares do not depend on
the order the factors are applied in and add up exactly to the total.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import NamedTuple

from roadmap.engine.renames import id_map, translate
from roadmap.engine.scoring import Score, score
from roadmap.engine.shapley import shapley
from roadmap.models.assessment import Assessment, Finding
from roadmap.models.base import Status
from roadmap.models.catalog import Catalog

FACTORS = ("progress", "goalposts", "decisions")
#: A combination: where the values, the catalog and the decisions come from ("old" or "new").
Combination = tuple[str, str, str]
OLD: Combination = ("old", "old", "old")
NEW: Combination = ("new", "new", "new")


def decisions_in_force(assessment: Assessment) -> dict[str, Finding]:
    """The decisions current on the assessment's own as-of date, by criterion id."""
    return {cid: f for cid, f in assessment.findings.items() if f.status.decision and not f.expired(assessment.as_of)}


def _same_decisions(a: dict[str, Finding], b: dict[str, Finding]) -> bool:
    return a.keys() == b.keys() and all(a[k].status == b[k].status for k in a)


def hybrid(values: Assessment, decisions: dict[str, Finding], other: Assessment) -> Assessment:
    """`values`' own findings with `decisions` in force instead of its own: a criterion `decisions`
    decides takes that decision (current at `values`' as-of date); a criterion `values` decided
    without such a decision takes its finding from the `other` round (the value that the decision
    replaced), else counts as not assessed. So a decision granted or withdrawn moves the decisions
    part only, not the partner's progress."""
    as_of = values.as_of
    findings = {}
    for cid, f in values.findings.items():
        if cid not in decisions:
            findings[cid] = f if not f.status.decision else _fallback(other.findings.get(cid), f)
    for cid, d in decisions.items():
        assert d.expires is not None  # a decision has an end date
        findings[cid] = d.model_copy(update={"expires": max(d.expires, as_of)})
    return values.model_copy(update={"findings": findings})


def _fallback(other: Finding | None, decided: Finding) -> Finding:
    if other is not None and not other.status.decision:
        return other
    return Finding(status=Status.NOT_ASSESSED, evidence=decided.evidence)


class Scorings(NamedTuple):
    """The scorings of one round diff, by combination (values, catalog, decisions)."""

    table: dict[Combination, Score]
    #: Whether the catalogs, and the decisions in force, differ between the rounds.
    catalogs_differ: bool
    decisions_differ: bool

    @classmethod
    def of(cls, a: Catalog, b: Catalog, old: Assessment, new: Assessment, *, old_in_b: Assessment | None = None,
           new_in_a: Assessment | None = None) -> Scorings:
        """Score OLD (pinned to `a`) and NEW (pinned to `b`) and every mix of the two. `old_in_b`,
        `new_in_a`: OLD and NEW translated to the other catalog (`renames.translate`), when the
        caller has them already."""
        old_in_b = old_in_b if old_in_b is not None else translate(old, a, b)[0]
        new_in_a = new_in_a if new_in_a is not None else translate(new, b, a)[0]
        in_catalog = {("old", "old"): old, ("new", "new"): new, ("old", "new"): old_in_b,
                      ("new", "old"): _kept(new_in_a, old, a, b)}
        catalogs = {"old": a, "new": b}
        decided = {k: decisions_in_force(v) for k, v in in_catalog.items()}
        differ = a.ref != b.ref
        decisions_differ = not _same_decisions(decided[("old", "old")], decided[("new", "old")]) or \
            not _same_decisions(decided[("old", "new")], decided[("new", "new")])
        table: dict[Combination, Score] = {OLD: score(a, old), NEW: score(b, new)}
        for combo in _combinations():
            key = _canonical(combo, differ, decisions_differ)
            if key in table:
                table[combo] = table[key]
                continue
            values, catalog, decisions = combo
            assessment = in_catalog[(values, catalog)]
            if decisions != values:
                other = "new" if values == "old" else "old"
                assessment = hybrid(assessment, decided[(decisions, catalog)], in_catalog[(other, catalog)])
            table[key] = table[combo] = score(catalogs[catalog], assessment)
        return cls(table, differ, decisions_differ)

    def split(self, measure: Callable[[Combination, Score], float]) -> dict[str, Fraction]:
        """Each factor's exact Shapley share of `measure`'s change from OLD to NEW; `measure` reads a
        scoring, knowing its combination (a criterion's id differs between catalog versions)."""
        def of(new_factors: frozenset[str]) -> Fraction:
            v, c, d = ("new" if f in new_factors else "old" for f in FACTORS)
            return Fraction(measure((v, c, d), self.table[(v, c, d)])).limit_denominator(10**6)
        return shapley(FACTORS, of)


def _kept(new_in_a: Assessment, old: Assessment, a: Catalog, b: Catalog) -> Assessment:
    """NEW rescored under A, with OLD's finding for each criterion B removed: NEW cannot say anything
    of a criterion its catalog no longer has, so its value is taken as unchanged (the last known),
    rather than as not assessed, which would book B's removal as the partner's regression."""
    removed = set(a.by_id) - set(id_map(a, b)) if a.ref != b.ref else set()
    kept = {cid: f for cid, f in old.findings.items() if cid in removed and cid not in new_in_a.findings}
    if not kept:
        return new_in_a
    return new_in_a.model_copy(update={"findings": {**new_in_a.findings, **kept}})


def _combinations() -> list[Combination]:
    return [(v, c, d) for v in ("old", "new") for c in ("old", "new") for d in ("old", "new")]


def _canonical(combo: Combination, catalogs_differ: bool, decisions_differ: bool) -> Combination:
    """The combination that scores the same as `combo`: a factor that does not differ between the
    rounds is taken from the values' round, so that the real scorings are reused."""
    values, catalog, decisions = combo
    return (values, catalog if catalogs_differ else values, decisions if decisions_differ else values)


__all__ = ["FACTORS", "NEW", "OLD", "Scorings", "decisions_in_force", "hybrid"]
