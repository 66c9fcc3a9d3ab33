"""The series of assessment rounds of one partner: pure, from (file, catalog, assessment) triples to
a frozen table of tiers and readiness per round, in order of as_of (then file name).

Each round is scored under the catalog it pins, so a change of catalog between rounds shows in
`catalog` and `catalog_changed`; `roadmap diff` splits such a change into progress and goalposts.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from pydantic import Field

from roadmap.engine.carryover import carry, closed_said
from roadmap.engine.scoring import Score, score
from roadmap.errors import UsageError
from roadmap.i18n import _
from roadmap.models.assessment import Round
from roadmap.models.base import Result, absent
from roadmap.models.catalog import Catalog
from roadmap.models.plan import PlanFile


class PlanStanding(Result):
    """How a plan (`trend --plan`) stands at one round: its items closed, slipped (due before the
    round's as-of date, still gaps), open on time; and the round's gaps it does not list."""

    closed: int
    #: The closed items counted in words, with what closed them when not all were met (`closed_said`).
    closed_said: str
    slipped: int
    open: int
    new: int
    #: The slipped items in words, and the closed ones.
    slipped_items: tuple[str, ...]
    closed_items: tuple[str, ...]


class TrendPlan(Result):
    file: str
    as_of: str
    items: int
    rule: str


class TrendRound(Result):
    file: str
    as_of: str
    catalog: str
    catalog_changed: bool
    overall: str
    overall_verified: str
    readiness: float
    readiness_verified: float
    #: Domain id → claimed / verified tier id (`NO_TIER` below T1); absent when the catalog lacks it.
    domains: dict[str, str]
    domains_verified: dict[str, str]
    #: Overall claimed tier change from the previous round (None for the first).
    change: int | None
    #: With a plan: how it stands at this round (None for a round before the plan; absent without one).
    plan: PlanStanding | None = Field(default=None, exclude_if=absent)


class Trend(Result):
    partner: str
    host: str
    #: (id, name, prefix) of every domain seen, in first-seen catalog order.
    domains: tuple[tuple[str, str, str], ...]
    rounds: tuple[TrendRound, ...]
    rule: str
    #: The plan held against the rounds (`trend --plan`); absent without one.
    plan: TrendPlan | None = Field(default=None, exclude_if=absent)


#: A plan file to hold against the rounds: where it was read, its content, the catalog it was made against.
PlanInput = tuple[str, PlanFile, Catalog]


def trend(entries: Sequence[Round], plan: PlanInput | None = None) -> Trend:
    """The rounds in order; with `plan`, how that plan stands at each round from its own date on."""
    partner, host = _one_partner(entries)
    domains: dict[str, tuple[str, str, str]] = {}
    rounds: list[TrendRound] = []
    prev_catalog: str | None = None
    prev_tier: int | None = None
    for file, catalog, a in _in_order(entries):
        s = score(catalog, a)
        for d in catalog.meta.domains:
            domains.setdefault(d.id, (d.id, d.name, d.prefix))
        rounds.append(TrendRound(
            file=file, as_of=a.as_of.isoformat(), catalog=catalog.ref,
            catalog_changed=prev_catalog is not None and prev_catalog != catalog.ref,
            overall=s.claimed.overall_tier_id, overall_verified=s.verified.overall_tier_id,
            readiness=s.claimed.readiness, readiness_verified=s.verified.readiness,
            domains={d.id: d.tier_id for d in s.claimed.domains},
            domains_verified={d.id: d.tier_id for d in s.verified.domains},
            change=None if prev_tier is None else s.claimed.overall_tier - prev_tier,
            plan=_standing(plan, catalog, s) if plan is not None and plan[1].as_of <= a.as_of else None))
        prev_catalog, prev_tier = catalog.ref, s.claimed.overall_tier
    return Trend(partner=partner, host=host, domains=tuple(domains.values()), rounds=tuple(rounds),
                 rule=_("rounds ordered by as_of, each scored under the catalog it pins; use 'roadmap diff' to split "
                        "a change across catalog versions"),
                 plan=None if plan is None else TrendPlan(file=plan[0], as_of=plan[1].as_of.isoformat(),
                                                          items=len(plan[1].items), rule=_plan_rule()))


def _plan_rule() -> str:
    return _("the plan's items at each round from the plan's date on: closed (met, no longer needed, or removed), "
             "slipped (due before the round's as-of date, still gaps), open; new: the round's gaps the plan does "
             "not list")


def _standing(plan: PlanInput, catalog: Catalog, s: Score) -> PlanStanding:
    file, content, plan_catalog = plan
    c = carry(content, file, plan_catalog, catalog, s)
    return PlanStanding(closed=len(c.closed), closed_said=closed_said(c.closed), slipped=len(c.overdue),
                        open=len(c.carried), new=len(c.new),
                        slipped_items=c.slipped,
                        closed_items=tuple(x.text for x in c.closed))


def trend_payload(t: Trend) -> dict[str, Any]:
    """The `roadmap.trend` JSON document's content (docs/json.md): with a plan, every round has a
    `plan` key (null before the plan's date); without one, none has."""
    out = t.model_dump(mode="json")
    if t.plan is not None:
        for r in out["rounds"]:
            r.setdefault("plan", None)
    return out


def _one_partner(entries: Sequence[Round]) -> tuple[str, str]:
    """The one partner and host every round assesses; refuse none, or several."""
    if not entries:
        raise UsageError("no assessments given")
    pairs = sorted({(a.partner, a.host) for _, _, a in entries})
    if len(pairs) > 1:
        seen = "; ".join(f"{p} with {h} ({', '.join(f for f, _, a in entries if (a.partner, a.host) == (p, h))})"
                         for p, h in pairs)
        raise UsageError(f"a trend needs assessments of one partner with one host; found {seen}")
    return pairs[0]


def _in_order(entries: Sequence[Round]) -> list[Round]:
    """The rounds by as_of, then file name; refuse two of one date."""
    ordered = sorted(entries, key=lambda e: (e.assessment.as_of, e.file))
    for (f1, _c1, a1), (f2, _c2, a2) in pairwise(ordered):
        if a1.as_of == a2.as_of:
            what = "the same file given twice" if f1 == f2 else "two files of the same round"
            raise UsageError(f"{f1} and {f2} are both as of {a1.as_of.isoformat()} ({what}): "
                             "give each round once")
    return ordered


__all__ = ["PlanInput", "PlanStanding", "Trend", "TrendPlan", "TrendRound", "trend", "trend_payload"]
