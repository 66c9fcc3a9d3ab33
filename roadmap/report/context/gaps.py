"""The gaps to the next tier: the criteria the engine says must close, ranked, each with what to do."""

from __future__ import annotations

from roadmap.engine.carryover import Carried
from roadmap.engine.measures import gap_steps
from roadmap.engine.scoring import Gap, Score
from roadmap.i18n import _
from roadmap.models.base import NO_TIER
from roadmap.models.catalog import Catalog
from roadmap.models.profile import Profile
from roadmap.report.base import Part, domain_name
from roadmap.report.context.front import NO_TIER_YET, TierRef, next_tier
from roadmap.report.context.plan import tracking
from roadmap.report.context.results import untargeted
from roadmap.report.readers import Withholding, withheld
from roadmap.words import worst_first


class GapMeasure(Part):
    """A measure short of the tier, in a criterion with several."""

    id: str
    title: str
    current: str
    target: str
    basis: str


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
    #: A criterion with several measures: each measure short of the tier (else empty).
    measures: tuple[GapMeasure, ...] = ()
    #: The partner profile's own remediation and guidance for it, and the partner's name ("" without).
    partner_remediation: str = ""
    partner_guidance: str = ""
    partner: str = ""
    #: A roll-up's gap: the scopes holding it back, as a phrase ("held back by …"; "" when not a roll-up).
    held_back_by: str = ""
    #: With a plan (`--plan`): its owner, due date and state, in words ("" without one).
    tracking: str = ""


class GapSection(Part):
    tier: TierRef | None
    rule: str
    rows: tuple[GapRow, ...]


def _row(catalog: Catalog, rank: int, g: Gap, w: Withholding, profile: Profile | None, of: int,
         carried: Carried | None) -> GapRow:
    c = catalog.by_id[g.id]
    steps = gap_steps(c, g)
    shown = w.finding_shown(g.id)
    entry = profile.entry(g.id) if profile else None
    return GapRow(rank=rank, id=g.id, title=g.title, domain=domain_name(catalog, g.domain), gating=g.gating,
                  weight=g.weight, current=steps[0][1] if shown else withheld(), current_tier=g.current_tier,
                  current_standing=_standing(catalog, g), target=steps[0][2], required_tier=g.required_tier,
                  basis=g.target_basis, reason=g.reason if shown else withheld(), remediation=g.remediation,
                  measures=tuple(GapMeasure(id=mid, title=c.measure(mid).title, current=now if shown else withheld(),
                                            target=to, basis=next(m.target_basis for m in g.measures if m.id == mid))
                                 for mid, now, to in steps if mid),
                  partner_remediation=entry.remediation if entry and entry.remediation else "",
                  partner_guidance=entry.guidance if entry and entry.guidance else "",
                  partner=profile.partner if profile else "", held_back_by=_held(g.held_back_by, of),
                  tracking=tracking(carried, g.id),
                  untranslated=catalog.reading is not None and g.id in catalog.reading.untranslated)


def _standing(catalog: Catalog, g: Gap) -> str:
    """Where the criterion stands, in words: "tier T1", "tier T1 (no target at T1)", "no tier yet"."""
    if g.current_tier == NO_TIER:
        return _(NO_TIER_YET)
    note = untargeted(catalog, g.id, catalog.tier_level(g.current_tier))
    return (_("tier %(tier)s (%(note)s)", tier=g.current_tier, note=note) if note else
            _("tier %(tier)s", tier=g.current_tier))


def _held(scopes: tuple[str, ...] | None, of: int) -> str:
    if scopes is None:
        return ""
    return (_("held back by %(scopes)s", scopes=worst_first(scopes, of)) if scopes
            else _("assessed for the nation as a whole"))


def build_gaps(catalog: Catalog, result: Score, w: Withholding, profile: Profile | None = None,
               carried: Carried | None = None) -> GapSection:
    of = len(result.rollup.scopes) if result.rollup is not None else 0
    return GapSection(tier=next_tier(catalog, result), rule=result.gap_rule,
                      rows=tuple(_row(catalog, rank, g, w, profile, of, carried)
                                 for rank, g in enumerate(result.gaps, start=1)))
