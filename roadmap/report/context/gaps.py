"""The gaps to the next tier: the criteria the engine says must close, ranked, each with what to do."""

from __future__ import annotations

from roadmap.engine.scoring import Gap, Score
from roadmap.i18n import _
from roadmap.models.base import NO_TIER, Status
from roadmap.models.catalog import Catalog
from roadmap.report.base import Part, domain_name
from roadmap.report.context.front import NO_TIER_YET, TierRef, next_tier
from roadmap.report.context.results import untargeted
from roadmap.report.readers import Withholding, withheld
from roadmap.words import words


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
    #: Its text is in English: the translation the report reads does not cover it.
    untranslated: bool = False


class GapSection(Part):
    tier: TierRef | None
    rule: str
    rows: tuple[GapRow, ...]


def _row(catalog: Catalog, rank: int, g: Gap, w: Withholding) -> GapRow:
    metric = catalog.by_id[g.id].metric
    shown = w.finding_shown(g.id)
    now = metric.format_value(g.value) if g.status == Status.ASSESSED else words(g.status)
    return GapRow(rank=rank, id=g.id, title=g.title, domain=domain_name(catalog, g.domain), gating=g.gating,
                  weight=g.weight, current=now if shown else withheld(),
                  current_tier=g.current_tier,
                  current_standing=_standing(catalog, g),
                  target=metric.format_target(g.target), required_tier=g.required_tier, basis=g.target_basis,
                  reason=g.reason if shown else withheld(), remediation=g.remediation,
                  untranslated=catalog.reading is not None and g.id in catalog.reading.untranslated)


def _standing(catalog: Catalog, g: Gap) -> str:
    """Where the criterion stands, in words: "tier T1", "tier T1 (no target at T1)", "no tier yet"."""
    if g.current_tier == NO_TIER:
        return _(NO_TIER_YET)
    note = untargeted(catalog, g.id, catalog.tier_ids.index(g.current_tier) + 1)
    return (_("tier %(tier)s (%(note)s)", tier=g.current_tier, note=note) if note else
            _("tier %(tier)s", tier=g.current_tier))


def build_gaps(catalog: Catalog, result: Score, w: Withholding) -> GapSection:
    return GapSection(tier=next_tier(catalog, result), rule=result.gap_rule,
                      rows=tuple(_row(catalog, rank, g, w) for rank, g in enumerate(result.gaps, start=1)))
