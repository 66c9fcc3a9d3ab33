"""What changed between two assessment rounds of one partner, split into the partner's progress and
the criteria's change (docs/diff.md). Rules:

- S(a, c) is a measure (a tier, or readiness) of assessment a scored under catalog c at a's own
  as_of. With OLD pinning A and NEW pinning B:
      total     = S(NEW, B) − S(OLD, A)
      progress  = S(NEW, A) − S(OLD, A)   the partner's change, measured with one yardstick
      goalposts = S(NEW, B) − S(NEW, A)   the criteria's change, measured on one assessment
  so progress + goalposts = total exactly. When A = B, goalposts are 0. Rescoring under the other
  catalog maps findings through renames (`roadmap.engine.renames.translate`); a finding for a
  criterion the other version lacks is dropped, and a criterion only that version has is not
  assessed (counts as unmet).
- Regressions (`--fail-on-regression`): a domain tier or the overall tier, claimed or verified,
  lower in NEW than in OLD (the total), or a host commitment due at the tier reached lower.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from roadmap.engine.criteria_diff import CatalogDiff, diff_catalogs
from roadmap.engine.reciprocity import HostStatus, PartnerStatus, ledger
from roadmap.engine.renames import check_same_catalog, id_map, translate
from roadmap.engine.scoring import CriterionScore, Score, score
from roadmap.errors import UsageError
from roadmap.models.assessment import Assessment, FindingValue, Round
from roadmap.models.base import Result, Status, View
from roadmap.models.catalog import Catalog
from roadmap.words import signed

#: The views a round diff compares (the strict view differs from the claimed one only by decisions).
ROUND_VIEWS: tuple[View, ...] = (View.CLAIMED, View.VERIFIED)

DECOMPOSITION = ("total = S(NEW, B) − S(OLD, A); progress = S(NEW, A) − S(OLD, A) (the partner's change under "
                 "OLD's catalog A); goalposts = S(NEW, B) − S(NEW, A) (NEW's catalog B against A, on the same "
                 "assessment); progress + goalposts = total")


class TierDelta(Result):
    """A tier from OLD to NEW, split into the partner's progress and the criteria's change."""

    old: int
    new: int
    old_id: str
    new_id: str
    #: NEW scored under OLD's catalog (equal to `new` when both pin one catalog).
    new_under_old: int
    new_under_old_id: str
    #: OLD scored under NEW's catalog: shown for reference, not part of the decomposition.
    old_under_new: int
    old_under_new_id: str
    total: int
    progress: int
    goalposts: int
    text: str


class ReadinessDelta(Result):
    old: float
    new: float
    new_under_old: float
    old_under_new: float
    total: float
    progress: float
    goalposts: float
    text: str


class ScopeDelta(Result):
    """One domain, or the whole assessment ("overall")."""

    id: str
    name: str
    claimed: TierDelta
    verified: TierDelta
    readiness: ReadinessDelta
    verified_readiness: ReadinessDelta

    def tier_in(self, view: View) -> TierDelta:
        """The tier change in one of `ROUND_VIEWS`."""
        return {View.CLAIMED: self.claimed, View.VERIFIED: self.verified}[view]

    def readiness_in(self, view: View) -> ReadinessDelta:
        """The readiness change in one of `ROUND_VIEWS`."""
        return {View.CLAIMED: self.readiness, View.VERIFIED: self.verified_readiness}[view]


class CriterionDelta(Result):
    id: str
    old_id: str | None
    domain: str
    title: str
    #: What changed: value, status, tier, verified_tier; "added"/"removed" for criteria only one
    #: catalog has.
    changed: tuple[str, ...]
    old_status: Status | None
    new_status: Status | None
    old_value: FindingValue | None
    new_value: FindingValue | None
    old_shown: str
    new_shown: str
    old_tier: str | None
    new_tier: str | None
    new_tier_under_old: str | None
    old_verified_tier: str | None
    new_verified_tier: str | None
    progress: int | None
    goalposts: int | None
    #: The criteria diff's change classes for this criterion, when the catalogs differ.
    catalog_changes: tuple[str, ...]


class DisciplineDelta(Result):
    id: str
    committed_old: str
    committed_new: str
    host_delivered_old: str | None
    host_delivered_new: str | None
    partner_delivered_old: str | None
    partner_delivered_new: str | None
    host_status_old: HostStatus
    host_status_new: HostStatus
    partner_status_old: PartnerStatus
    partner_status_new: PartnerStatus
    committed_change: int
    text: str


class ReciprocityDelta(Result):
    disciplines: tuple[DisciplineDelta, ...]
    parity_old: float | None
    parity_new: float | None
    broken_old: int
    broken_new: int
    short_old: int
    short_new: int


class AssessmentDiff(Result):
    partner: str
    host: str
    old_file: str
    new_file: str
    old_as_of: str
    new_as_of: str
    old_catalog: str
    new_catalog: str
    catalogs_differ: bool
    overall: ScopeDelta
    domains: tuple[ScopeDelta, ...]
    criteria: tuple[CriterionDelta, ...]
    unchanged: int
    #: Findings dropped when rescoring, by the id of the catalog they were written for.
    dropped_old: tuple[str, ...]
    dropped_new: tuple[str, ...]
    catalog_diff: CatalogDiff | None
    reciprocity: ReciprocityDelta | None
    regressions: tuple[str, ...]
    summary: tuple[str, ...]
    rule: str


class Scorings(NamedTuple):
    """The four scorings a round diff reads: S(a, c) is round a scored under catalog c at a's own
    as_of, with OLD pinning catalog A and NEW pinning B (see the module rules)."""

    #: S(OLD, A): the earlier round under its own catalog.
    old: Score
    #: S(NEW, B): the later round under its own catalog.
    new: Score
    #: S(NEW, A): the later round under the earlier catalog (`new` itself when A = B): the same
    #: yardstick as `old`, so that `new_under_old` − `old` is the partner's progress.
    new_under_old: Score
    #: S(OLD, B): the earlier round under the later catalog (`old` itself when A = B); shown for
    #: reference, not part of the decomposition.
    old_under_new: Score


class _Rounds(NamedTuple):
    """What every part of one round diff reads."""

    a: Catalog
    b: Catalog
    scorings: Scorings
    #: Each criterion id of A that survives in B, mapped to its id there.
    to_b: dict[str, str]
    #: The criteria diff from A to B; None when both rounds pin one catalog.
    cdiff: CatalogDiff | None

    @property
    def same(self) -> bool:
        return self.a.ref == self.b.ref


def check_round_order(earlier: str, earlier_as_of: dt.date, later: str, later_as_of: dt.date) -> None:
    """Refuse rounds given in the wrong order (`diff OLD NEW`, `report NEW --previous OLD`): compared
    backwards, every improvement would read as a regression."""
    if earlier_as_of > later_as_of:
        raise UsageError(f"{earlier} is as of {earlier_as_of.isoformat()}, later than {later} "
                         f"({later_as_of.isoformat()}): give the earlier round first")


def diff_assessments(old: Round, new: Round) -> AssessmentDiff:
    """OLD round → NEW round of one partner, each scored at its own as_of; see the module rules."""
    (fo, ca, ao), (fn, cb, an) = old, new
    check_same_catalog(ca, cb)
    if (ao.partner, ao.host) != (an.partner, an.host):
        raise UsageError(f"cannot compare assessments of different partners: {ao.partner} with {ao.host} ({fo}) "
                         f"and {an.partner} with {an.host} ({fn})")
    check_round_order(f"OLD {fo}", ao.as_of, f"NEW {fn}", an.as_of)
    new_in_a, dropped_new = translate(an, cb, ca)
    old_in_b, dropped_old = translate(ao, ca, cb)
    same = ca.ref == cb.ref
    s_old, s_new = score(ca, ao), score(cb, an)
    scorings = Scorings(old=s_old, new=s_new, new_under_old=s_new if same else score(ca, new_in_a),
                        old_under_new=s_old if same else score(cb, old_in_b))
    rounds = _Rounds(a=ca, b=cb, scorings=scorings, to_b={c.id: c.id for c in ca.criteria} if same else id_map(ca, cb),
                     cdiff=None if same else diff_catalogs(ca, cb))
    overall = _scope(rounds, "Overall", None)
    dom_a = {d.id for d in ca.meta.domains}
    domains = tuple(_scope(rounds, d.name, d.id) for d in cb.meta.domains if d.id in dom_a)
    criteria, unchanged = _criteria_deltas(rounds)
    recip = _reciprocity(ca, cb, ao, an, s_old, s_new)
    summary = [overall.claimed.text, overall.verified.text, overall.readiness.text]
    summary.extend(s.claimed.text for s in domains if s.claimed.total or s.claimed.goalposts)
    summary.extend(_criterion_sentence(rounds, c) for c in criteria if c.goalposts)
    return AssessmentDiff(
        partner=an.partner, host=an.host, old_file=fo, new_file=fn, old_as_of=ao.as_of.isoformat(),
        new_as_of=an.as_of.isoformat(), old_catalog=ca.ref, new_catalog=cb.ref, catalogs_differ=not same,
        overall=overall, domains=domains, criteria=tuple(criteria), unchanged=unchanged,
        dropped_old=dropped_old, dropped_new=dropped_new, catalog_diff=rounds.cdiff, reciprocity=recip,
        regressions=_regressions((overall, *domains), recip), summary=tuple(summary), rule=DECOMPOSITION)


def _regressions(scopes: tuple[ScopeDelta, ...], recip: ReciprocityDelta) -> tuple[str, ...]:
    """What `--fail-on-regression` fails on: a tier lower in NEW, in either view, or a host commitment lower."""
    tiers = [f"{scope.name} {view} tier {td.old_id} → {td.new_id}"
             for scope in scopes for view in ROUND_VIEWS if (td := scope.tier_in(view)).total < 0]
    return (*tiers, *(f"{d.id} host commitment {d.committed_old} → {d.committed_new}"
                      for d in recip.disciplines if d.committed_change < 0))


# -- domains and overall --------------------------------------------------------------------------

def _scope(rounds: _Rounds, name: str, domain: str | None) -> ScopeDelta:
    """One domain (`domain` its id), or the whole assessment (None), in each of `ROUND_VIEWS`."""
    s = rounds.scorings
    tiers: dict[View, TierDelta] = {}
    readiness: dict[View, ReadinessDelta] = {}
    for view in ROUND_VIEWS:
        (o, ro), (n, rn) = _measure(s.old, view, domain), _measure(s.new, view, domain)
        (na, rna), (ob, rob) = _measure(s.new_under_old, view, domain), _measure(s.old_under_new, view, domain)
        g = n - na
        culprits = _culprits(rounds, domain, -1 if g < 0 else 1) if g else []
        tiers[view] = _tier_delta(rounds, name, view, (o, n, na, ob), culprits)
        readiness[view] = _readiness_delta(name, view, (ro, rn, rna, rob), rounds.same)
    return ScopeDelta(id=domain or "overall", name=name, claimed=tiers[View.CLAIMED], verified=tiers[View.VERIFIED],
                      readiness=readiness[View.CLAIMED], verified_readiness=readiness[View.VERIFIED])


def _measure(s: Score, view: View, domain: str | None) -> tuple[int, float]:
    """The tier and readiness of the whole assessment (`domain` None) or of one domain, in `view`."""
    v = s.view(view)
    if domain is None:
        return v.overall_tier, v.readiness
    d = next(d for d in v.domains if d.id == domain)
    return d.tier, d.readiness


def _tier_delta(rounds: _Rounds, label: str, view: View, measures: tuple[int, int, int, int],
                culprits: list[str]) -> TierDelta:
    """`measures`: the tier in S(OLD, A), S(NEW, B), S(NEW, A), S(OLD, B)."""
    ca, cb = rounds.a, rounds.b
    old, new, new_a, old_b = measures
    total, progress, goalposts = new - old, new_a - old, new - new_a
    n = cb.tier_name(new)
    head = f"{label} ({view}): {ca.tier_name(old)} → {n}"
    if total == progress == goalposts == 0:
        text = head + " (no change" + (f", same catalog {ca.ref})" if rounds.same else
                                       " under either catalog version)")
    elif rounds.same:
        text = head + f" (progress {signed(progress)}, same catalog {ca.ref})"
    else:
        text = (head + f". Under {ca.ref} the partner would have reached {ca.tier_name(new_a)} "
                f"(progress {signed(progress)}); ")
        if goalposts == 0:
            text += f"{cb.ref}'s changes do not move it (goalposts 0)"
        else:
            verb = ("hold" if new == old else "lower") if goalposts < 0 else "raise"
            verb = verb + "s" if len(culprits) == 1 else verb
            who = _culprit_phrase(culprits, rounds.cdiff, cb.ref)
            text += f"{who} {verb} it {'at' if verb.startswith('hold') else 'to'} {n} (goalposts {signed(goalposts)})"
    return TierDelta(old=old, new=new, old_id=ca.tier_name(old), new_id=n, new_under_old=new_a,
                     new_under_old_id=ca.tier_name(new_a), old_under_new=old_b, old_under_new_id=cb.tier_name(old_b),
                     total=total, progress=progress, goalposts=goalposts, text=text)


def _readiness_delta(label: str, view: View, measures: tuple[float, float, float, float],
                     same: bool) -> ReadinessDelta:
    """`measures`: the readiness in S(OLD, A), S(NEW, B), S(NEW, A), S(OLD, B)."""
    old, new, new_a, old_b = measures
    total = round(new - old, 1)
    progress = round(new_a - old, 1)
    goalposts = round(total - progress, 1)  # from the rounded parts, so that they sum exactly
    text = f"{label} readiness ({view}): {old:.1f}% → {new:.1f}% ({signed(total, '.1f')} points"
    text += ")" if same else f": progress {signed(progress, '.1f')}, goalposts {signed(goalposts, '.1f')})"
    return ReadinessDelta(old=old, new=new, new_under_old=new_a, old_under_new=old_b, total=total,
                          progress=progress, goalposts=goalposts, text=text)


def _culprits(rounds: _Rounds, domain: str | None, sign: int) -> list[str]:
    """Criteria (NEW's ids) whose tier moved in direction `sign` between NEW under A and under B,
    plus criteria only B has that sit below the tier NEW reached under A (sign < 0)."""
    if rounds.cdiff is None:
        return []
    s_new_a, s_new_b = rounds.scorings.new_under_old, rounds.scorings.new
    a_tiers = {rounds.to_b[cs.id]: cs.tier for cs in s_new_a.criteria if cs.id in rounds.to_b}
    reached_a = (s_new_a.claimed.overall_tier if domain is None else
                 next(d.tier for d in s_new_a.claimed.domains if d.id == domain))
    out = []
    for cs in s_new_b.criteria:
        if domain is not None and cs.domain != domain:
            continue
        if cs.id in a_tiers:
            if (cs.tier - a_tiers[cs.id]) * sign > 0:
                out.append(cs.id)
        elif sign < 0 and cs.applicable and cs.tier < reached_a:
            out.append(cs.id)
    if sign < 0 and not out:
        # criteria whose own tier did not move can still move a domain (re-weighting, gating,
        # a rule change): name the tightened ones when nothing else explains it
        out = [c.id for c in rounds.cdiff.criteria if (domain is None or c.domain == domain) and c.tightening
               and c.id in {cs.id for cs in s_new_b.criteria}]
    return out


#: How a culprit reads: by the first of these change classes it has, else "changed PHY-01".
_CULPRIT_WORDS: tuple[tuple[str, str], ...] = (
    ("added", "new {}"), ("tightened", "tightened {} target"), ("newly_required", "{} newly required"),
    ("gating_added", "{} now gating"), ("loosened", "loosened {} target"), ("removed", "removed {}"),
)


def _culprit_phrase(ids: list[str], cdiff: CatalogDiff | None, new_ref: str) -> str:
    if not ids or cdiff is None:
        return f"{new_ref}'s changes"
    named = []
    for cid in ids[:3]:
        cc = cdiff.for_id(cid)
        kinds = cc.kinds if cc else ()
        named.append(next((w for kind, w in _CULPRIT_WORDS if kind in kinds), "changed {}").format(cid))
    more = f" and {len(ids) - 3} more" if len(ids) > 3 else ""
    joined = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    return f"{new_ref}'s {joined}{more}"


# -- criteria -------------------------------------------------------------------------------------

def _criteria_deltas(rounds: _Rounds) -> tuple[list[CriterionDelta], int]:
    """Each criterion whose status, value or tiers changed (NEW's criteria, then those only A has),
    and how many did not change."""
    to_a = {b: a for a, b in rounds.to_b.items()}
    old_a = {cs.id: cs for cs in rounds.scorings.old.criteria}
    new_a = {cs.id: cs for cs in rounds.scorings.new_under_old.criteria}
    out: list[CriterionDelta] = []
    unchanged = 0
    for nb in rounds.scorings.new.criteria:
        aid = to_a.get(nb.id)
        delta = _kept_delta(rounds, nb, aid, old_a.get(aid) if aid else None, new_a.get(aid) if aid else None)
        if delta is None:
            unchanged += 1
        else:
            out.append(delta)
    out.extend(_removed_delta(rounds.a, oa) for oa in rounds.scorings.old.criteria if oa.id not in rounds.to_b)
    return out, unchanged


def _kept_delta(rounds: _Rounds, nb: CriterionScore, aid: str | None, ob: CriterionScore | None,
                na: CriterionScore | None) -> CriterionDelta | None:
    """A criterion of B (`nb`, in S(NEW, B)) against its A id `aid` in S(OLD, A) (`ob`) and
    S(NEW, A) (`na`); None when nothing changed."""
    ca, cb = rounds.a, rounds.b
    if ob is None:
        changed: tuple[str, ...] = ("added",)
    else:
        changed = tuple(k for k, hit in (
            ("status", ob.status != nb.status), ("value", ob.value != nb.value),
            ("tier", ca.tier_name(ob.tier) != cb.tier_name(nb.tier)),
            ("verified_tier", ca.tier_name(ob.verified_tier) != cb.tier_name(nb.verified_tier))) if hit)
    if not changed:
        return None
    cc = rounds.cdiff.for_id(nb.id) if rounds.cdiff else None
    return CriterionDelta(
        id=nb.id, old_id=aid if aid and aid != nb.id else None, domain=nb.domain, title=nb.title, changed=changed,
        old_status=ob.status if ob else None, new_status=nb.status, old_value=ob.value if ob else None,
        new_value=nb.value,
        old_shown=ca.by_id[aid].metric.format_finding(ob.status, ob.value) if ob and aid else "—",
        new_shown=cb.by_id[nb.id].metric.format_finding(nb.status, nb.value),
        old_tier=ca.tier_name(ob.tier) if ob else None, new_tier=cb.tier_name(nb.tier),
        new_tier_under_old=ca.tier_name(na.tier) if na and not rounds.same else None,
        old_verified_tier=ca.tier_name(ob.verified_tier) if ob else None,
        new_verified_tier=cb.tier_name(nb.verified_tier),
        progress=(na.tier - ob.tier) if na and ob else None,
        goalposts=(nb.tier - na.tier) if na else None,
        catalog_changes=tuple(cc.kinds) if cc else ())


def _removed_delta(ca: Catalog, oa: CriterionScore) -> CriterionDelta:
    """A criterion only A has, as OLD scored it."""
    return CriterionDelta(
        id=oa.id, old_id=oa.id, domain=oa.domain, title=oa.title, changed=("removed",), old_status=oa.status,
        new_status=None, old_value=oa.value, new_value=None,
        old_shown=ca.by_id[oa.id].metric.format_finding(oa.status, oa.value), new_shown="—",
        old_tier=ca.tier_name(oa.tier), new_tier=None, new_tier_under_old=None,
        old_verified_tier=ca.tier_name(oa.verified_tier), new_verified_tier=None, progress=None, goalposts=None,
        catalog_changes=("removed",))


def _criterion_sentence(rounds: _Rounds, c: CriterionDelta) -> str:
    """One criterion whose tier the catalog change moved: the same split, in words."""
    assert c.goalposts is not None and c.progress is not None
    name = f"{c.old_id} → {c.id}" if c.old_id else c.id
    who = _culprit_phrase([c.id], rounds.cdiff, rounds.b.ref)
    verb = ("holds" if c.new_tier == c.old_tier else "lowers") if c.goalposts < 0 else "raises"
    return (f"{name} {c.title}: {c.old_shown} → {c.new_shown}, {c.old_tier} → {c.new_tier}. Under {rounds.a.ref} it "
            f"would have reached {c.new_tier_under_old} (progress {signed(c.progress)}); {who} {verb} it "
            f"{'at' if verb == 'holds' else 'to'} {c.new_tier} (goalposts {signed(c.goalposts)})")


# -- reciprocity ----------------------------------------------------------------------------------

def _reciprocity(ca: Catalog, cb: Catalog, old: Assessment, new: Assessment, s_old: Score,
                 s_new: Score) -> ReciprocityDelta:
    """Each discipline both ledgers have: the host's commitment, and what each side delivered."""
    lo, ln = ledger(ca, old, s_old), ledger(cb, new, s_new)
    levels_a = [lv.id for lv in ca.meta.reciprocity.levels]
    levels_b = [lv.id for lv in cb.meta.reciprocity.levels]
    by_old = {d.id: d for d in lo.disciplines}
    out = []
    for dn in ln.disciplines:
        do = by_old.get(dn.id)
        if do is None:
            continue
        text = f"{dn.id}: host commitment {do.host.committed} → {dn.host.committed}"
        if do.host.delivered or dn.host.delivered:
            text += f"; host delivered {do.host.delivered or '—'} → {dn.host.delivered or '—'}"
        if do.partner.delivered or dn.partner.delivered:
            text += f"; partner delivered {do.partner.delivered or '—'} → {dn.partner.delivered or '—'}"
        out.append(DisciplineDelta(
            id=dn.id, committed_old=do.host.committed, committed_new=dn.host.committed,
            host_delivered_old=do.host.delivered, host_delivered_new=dn.host.delivered,
            partner_delivered_old=do.partner.delivered, partner_delivered_new=dn.partner.delivered,
            host_status_old=do.host.status, host_status_new=dn.host.status, partner_status_old=do.partner.status,
            partner_status_new=dn.partner.status,
            committed_change=levels_b.index(dn.host.committed) - levels_a.index(do.host.committed), text=text))
    return ReciprocityDelta(disciplines=tuple(out), parity_old=lo.parity, parity_new=ln.parity, broken_old=lo.broken,
                            broken_new=ln.broken, short_old=lo.short, short_new=ln.short)


__all__ = [
    "DECOMPOSITION",
    "ROUND_VIEWS",
    "AssessmentDiff",
    "CriterionDelta",
    "DisciplineDelta",
    "ReadinessDelta",
    "ReciprocityDelta",
    "ScopeDelta",
    "Scorings",
    "TierDelta",
    "check_round_order",
    "diff_assessments",
]
