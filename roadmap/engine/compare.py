"""Several partners side by side (`roadmap compare`): pure, from assessments scored against one catalog
version to a frozen table, one row per partner (or per scope of a partner), sorted by verified tier,
then verified readiness, then claimed tier and readiness, then name.

Per partner: the claimed and verified tier per domain and overall, readiness, the gaps to the next
tier (how many gate, and the first few gating ones with the scopes that hold them back when the
assessment is a roll-up), the host's commitments at the tier reached (kept, broken, not recorded),
the partner's contribution (parity against its target, shortfalls), the as-of date and how much of
the assessed evidence is fresh. One task per file: each row depends on its own file only
(docs/performance.md says how that maps onto Ray or Dask).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from roadmap.engine.measures import gap_words
from roadmap.engine.reciprocity import ledger
from roadmap.engine.renames import translate
from roadmap.engine.rollup import combined
from roadmap.engine.scoring import Score, score
from roadmap.gcpause import paused
from roadmap.i18n import N_, _
from roadmap.models.assessment import Assessment
from roadmap.models.base import NO_TIER, Result, Status
from roadmap.models.catalog import Catalog
from roadmap.progress import QUIET, Progress
from roadmap.words import count, listing

#: Gating gaps listed per partner (`--json` lists their count; `roadmap score` lists all).
TOP_GAPS = 3
RULE = N_("sorted by verified tier, then verified readiness, then claimed tier and readiness, then name; each partner "
        "scored against the same catalog version at its own as-of date")


class Compared(NamedTuple):
    """One assessment to compare: where it was read, the SHA-256 of its bytes, its catalog, its content."""

    file: str
    sha256: str
    catalog: Catalog
    assessment: Assessment


class DomainCell(Result):
    id: str
    claimed: str
    verified: str
    readiness: float
    readiness_verified: float


class TopGap(Result):
    id: str
    title: str
    domain: str
    now: str
    target: str
    held_back_by: tuple[str, ...] | None


class PartnerRow(Result):
    rank: int
    name: str
    partner: str
    scope: str | None
    file: str
    sha256: str
    as_of: dt.date
    marking: str
    illustrative: bool
    #: The version the file pins (the one scored against, unless re-scored).
    pinned: str
    #: Findings of criteria the re-scoring version lacks (empty unless re-scored).
    dropped: tuple[str, ...]
    scopes: tuple[str, ...]
    claimed_tier: int
    claimed_tier_id: str
    verified_tier: int
    verified_tier_id: str
    readiness: float
    readiness_verified: float
    domains: tuple[DomainCell, ...]
    next_tier: str | None
    gaps: int
    gating_gaps: int
    top_gating: tuple[TopGap, ...]
    commitments: int
    commitments_kept: int
    commitments_broken: int
    commitments_not_recorded: int
    reciprocity_tier: str
    parity: float | None
    parity_target: float | None
    partner_shortfalls: int
    assessed: int
    fresh: int
    fresh_share: float


class Comparison(Result):
    catalog: str
    host: str
    tiers: tuple[str, ...]
    #: (id, name, prefix) of each domain of the catalog.
    domains: tuple[tuple[str, str, str], ...]
    rescored_with: str | None
    #: What re-scoring did, in words (None unless re-scored): the output's first line.
    rescore_note: str | None
    rule: str
    partners: tuple[PartnerRow, ...]


def rescore(entries: Sequence[Compared], to: Catalog) -> tuple[list[Compared], dict[str, tuple[str, ...]], str]:
    """Every assessment re-expressed for `to` (`roadmap.engine.renames.translate`; a roll-up by the
    values it stands for, its scopes combined under its own catalog): the entries, the findings each
    dropped, and what was done, in words."""
    out, dropped, pins = [], {}, []
    for e in entries:
        a, lost = translate(combined(e.catalog, e.assessment), e.catalog, to)
        out.append(Compared(e.file, e.sha256, to, a))
        dropped[e.file] = lost
        pins.append(_("%(file)s pins %(ref)s", file=e.file, ref=e.catalog.ref))
    note = _("Re-scored against %(ref)s (--rescore-with): %(pins)s. Findings follow renamed criteria; findings of "
             "criteria %(ref)s lacks are dropped, and criteria and measures only it has are not assessed (they "
             "count as unmet, so a partner re-scored against a version that asks more reads lower); a roll-up is "
             "re-scored by its combined values.", ref=to.ref, pins=_("; ").join(pins))
    return out, dropped, note


def compare(entries: Sequence[Compared], *, rescored_with: str | None = None, rescore_note: str | None = None,
            dropped: dict[str, tuple[str, ...]] | None = None, pinned: dict[str, str] | None = None,
            progress: Progress = QUIET) -> Comparison:
    """The partners of `entries` (one catalog version, one host: the loader checked both) side by side;
    a step of `progress` as each is scored."""
    catalog = entries[0].catalog
    progress.expect(len(entries), "scoring")
    rows = []
    with paused():  # one pause for the batch (roadmap.gcpause): every row stays alive
        for e in entries:
            rows.append(_row(e, (dropped or {}).get(e.file, ()), (pinned or {}).get(e.file, e.catalog.ref)))
            progress.step(e.file)
    rows.sort(key=lambda r: (-r.verified_tier, -r.readiness_verified, -r.claimed_tier, -r.readiness, r.name, r.file))
    ranked = tuple(r.model_copy(update={"rank": i}) for i, r in enumerate(rows, start=1))
    return Comparison(catalog=catalog.ref, host=entries[0].assessment.host, tiers=tuple(catalog.tier_ids),
                      domains=tuple((d.id, d.name, d.prefix) for d in catalog.meta.domains),
                      rescored_with=rescored_with, rescore_note=rescore_note, rule=_(RULE), partners=ranked)


def _row(e: Compared, dropped: tuple[str, ...], pinned: str) -> PartnerRow:
    a, catalog = e.assessment, e.catalog
    s = score(catalog, a)
    lg = ledger(catalog, a, s)
    assessed = [cs for cs in s.criteria if cs.status is Status.ASSESSED]
    fresh = sum(1 for cs in assessed if cs.evidence_verification is not None)
    kept = sum(1 for d in lg.disciplines if d.host.status in ("delivered", "exceeded"))
    return PartnerRow(
        rank=0, name=a.name, partner=a.partner, scope=a.scope, file=e.file, sha256=e.sha256, as_of=a.as_of,
        marking=a.marking, illustrative=a.illustrative, pinned=pinned, dropped=dropped,
        scopes=tuple(p.assessment.scope or "" for p in a.parts),
        claimed_tier=s.claimed.overall_tier, claimed_tier_id=s.claimed.overall_tier_id,
        verified_tier=s.verified.overall_tier, verified_tier_id=s.verified.overall_tier_id,
        readiness=s.claimed.readiness, readiness_verified=s.verified.readiness,
        domains=tuple(DomainCell(id=c.id, claimed=c.tier_id, verified=v.tier_id, readiness=c.readiness,
                                 readiness_verified=v.readiness)
                      for c, v in zip(s.claimed.domains, s.verified.domains, strict=True)),
        next_tier=s.next_tier, gaps=len(s.gaps), gating_gaps=sum(1 for g in s.gaps if g.gating),
        top_gating=_top(catalog, s), commitments=len(lg.disciplines), commitments_kept=kept,
        commitments_broken=lg.broken, commitments_not_recorded=len(lg.not_recorded), reciprocity_tier=lg.tier_id,
        parity=lg.parity, parity_target=lg.parity_target, partner_shortfalls=lg.short, assessed=len(assessed),
        fresh=fresh, fresh_share=round(100.0 * fresh / len(assessed), 1) if assessed else 0.0)


def _top(catalog: Catalog, s: Score) -> tuple[TopGap, ...]:
    out = []
    for g in [g for g in s.gaps if g.gating][:TOP_GAPS]:
        now, target = gap_words(catalog.by_id[g.id], g)
        out.append(TopGap(id=g.id, title=g.title, domain=g.domain, now=now, target=target, held_back_by=g.held_back_by))
    return tuple(out)


def commitments_text(r: PartnerRow) -> str:
    """'5 of 6 kept, 1 broken' (at the tier reached), '6 not recorded'."""
    if r.commitments_not_recorded == r.commitments:
        return _("%(num)d not recorded", num=r.commitments)
    parts = [_("%(kept)d of %(num)d kept", kept=r.commitments_kept, num=r.commitments)]
    if r.commitments_broken:
        parts.append(_("%(num)d broken", num=r.commitments_broken))
    if r.commitments_not_recorded:
        parts.append(_("%(num)d not recorded", num=r.commitments_not_recorded))
    return listing(parts)


def commitments_at(r: PartnerRow) -> str:
    """'5 of 6 kept at T1'; below the first tier 'below T1', as the brief says it (not 'at none')."""
    if r.reciprocity_tier == NO_TIER:
        return _("%(commitments)s below T1", commitments=commitments_text(r))
    return _("%(commitments)s at %(tier)s", commitments=commitments_text(r), tier=r.reciprocity_tier)


def parity_text(r: PartnerRow) -> str:
    """'0.83 (target 0.60)', '— (no sharing recorded)', with the partner's shortfalls."""
    if r.parity is None:
        text = "—"
    else:
        text = (_("%(parity)s (target %(target)s)", parity=format(r.parity, ".2f"),
                  target=format(r.parity_target, ".2f"))
                if r.parity_target is not None else f"{r.parity:.2f}")
    if not r.partner_shortfalls:
        return text
    return listing([text, count(r.partner_shortfalls, "%(num)d shortfall", "%(num)d shortfalls")])


__all__ = ["RULE", "TOP_GAPS", "Compared", "Comparison", "DomainCell", "PartnerRow", "TopGap", "commitments_at",
           "commitments_text",
           "compare", "parity_text", "rescore"]
