"""The gaps to the next tier: the criteria the engine says must close, ranked, each with what to do."""

from __future__ import annotations

from roadmap.engine.carryover import Carried
from roadmap.engine.scoring import Gap, Score
from roadmap.models.base import NO_TIER, Status
from roadmap.models.catalog import Catalog
from roadmap.report.base import Part, domain_name
from roadmap.report.context.front import NO_TIER_YET, TierRef, next_tier
from roadmap.report.context.plan import tracking
from roadmap.words import words, worst_first


class GapRow(Part):
    rank: int
    id: str
    title: str
    domain: str
    gating: bool
    weight: int
    current: str
    current_tier: str
    #: The tier it reaches now, in words: "tier T1", "no tier yet".
    current_standing: str
    target: str
    required_tier: str
    basis: str
    reason: str
    remediation: str
    #: A roll-up's gap: the scopes holding it back, as a phrase ("held back by …"; "" when not a roll-up).
    held_back_by: str = ""
    #: With a plan (`--plan`): its owner, due date and state, in words ("" without one).
    tracking: str = ""


class GapSection(Part):
    tier: TierRef | None
    rule: str
    rows: tuple[GapRow, ...]


def _row(catalog: Catalog, rank: int, g: Gap, of: int, carried: Carried | None) -> GapRow:
    metric = catalog.by_id[g.id].metric
    return GapRow(rank=rank, id=g.id, title=g.title, domain=domain_name(catalog, g.domain), gating=g.gating,
                  weight=g.weight,
                  current=metric.format_value(g.value) if g.status == Status.ASSESSED else words(g.status),
                  current_tier=g.current_tier,
                  current_standing=NO_TIER_YET if g.current_tier == NO_TIER else f"tier {g.current_tier}",
                  target=metric.format_target(g.target), required_tier=g.required_tier, basis=g.target_basis,
                  reason=g.reason, remediation=g.remediation,
                  held_back_by=_held(g.held_back_by, of),
                  tracking=tracking(carried, g.id))


def _held(scopes: tuple[str, ...] | None, of: int) -> str:
    if scopes is None:
        return ""
    return f"held back by {worst_first(scopes, of)}" if scopes else "assessed for the nation as a whole"


def build_gaps(catalog: Catalog, result: Score, carried: Carried | None = None) -> GapSection:
    of = len(result.rollup.scopes) if result.rollup is not None else 0
    return GapSection(tier=next_tier(catalog, result), rule=result.gap_rule,
                      rows=tuple(_row(catalog, rank, g, of, carried) for rank, g in enumerate(result.gaps, start=1)))
