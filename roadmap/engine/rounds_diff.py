"""What changed between two assessment rounds of one partner, split between its causes
(docs/diff.md). Rules:

- Three factors each come from OLD or NEW: the partner's values and evidence (**progress**), the
  catalog version (**goalposts**), the decisions in force (**decisions**: not-applicable and
  exception decisions granted, withdrawn or lapsed). S(v, c, d) is a measure (a tier, or readiness)
  with each factor taken from one round; S(OLD, A, OLD) is OLD as it was scored, S(NEW, B, NEW) is NEW.
- Each factor's part is its Shapley value: the mean, over every order of switching the factors
  from OLD to NEW, of the change that switching it makes (`roadmap.engine.shapley`). The parts add
  up exactly to total = S(NEW) − S(OLD), and swapping the order of evaluation cannot move a point
  between them. A factor that is the same in both rounds (one catalog; the same decisions) gets 0.
  Rescoring under the other catalog maps findings through renames (`roadmap.engine.renames.translate`);
  a finding for a criterion the other version lacks is dropped, and a criterion only that version
  has is not assessed (counts as unmet).
- Regressions (`--fail-on-regression`): everything that went backwards: a domain or the overall
  tier lower in NEW in any view (claimed, verified, strict); a host commitment due lower; a host
  commitment kept in OLD and broken in NEW; a partner contribution met in OLD and short in NEW; a
  criterion that lost a tier; a decision in force in OLD that lapsed by NEW's as-of date without a
  value in its place; an exception on a gating criterion renewed beyond the rounds the catalog allows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import NamedTuple

from pydantic import Field

from roadmap.engine.criteria_diff import CatalogDiff, diff_catalogs
from roadmap.engine.factors import NEW, OLD, Combination, Scorings, decisions_in_force
from roadmap.engine.reciprocity import HostStatus, PartnerStatus, ledger
from roadmap.engine.regressions import Regression
from roadmap.engine.renames import check_same_catalog, id_map, pair_measures, translate
from roadmap.engine.rollup import combined
from roadmap.engine.scoring import CriterionScore, Score
from roadmap.engine.shapley import rounded_parts
from roadmap.errors import UsageError
from roadmap.i18n import N_, _, date, percent
from roadmap.models.assessment import Assessment, FindingValue, Round
from roadmap.models.base import VIEWS, Result, Status, View, absent
from roadmap.models.catalog import Catalog
from roadmap.words import share as shown
from roadmap.words import signed, tier_shown, tier_word, words

#: The views a round diff compares (the strict view differs from the claimed one only by decisions).
ROUND_VIEWS: tuple[View, ...] = (View.CLAIMED, View.VERIFIED)

DECOMPOSITION = N_("total = S(NEW) − S(OLD), split between three factors taken from OLD or NEW: the partner's "
                   "values and evidence (progress), the catalog version (goalposts) and the decisions in force "
                   "(decisions); each part is the factor's Shapley value, the mean over every order of switching "
                   "the factors of the change it makes, so progress + goalposts + decisions = total whatever the "
                   "order")


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
    progress: float
    goalposts: float
    decisions: float
    text: str


class ReadinessDelta(Result):
    old: float
    new: float
    new_under_old: float
    old_under_new: float
    total: float
    progress: float
    goalposts: float
    decisions: float
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


class MeasureDelta(Result):
    """One measure of a criterion from OLD to NEW (measures follow their ids: `renames.pair_measures`)."""

    id: str
    title: str
    old_shown: str
    new_shown: str
    old_tier: str | None
    new_tier: str | None
    changed: bool
    text: str


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
    progress: float | None
    goalposts: float | None
    decisions: float | None
    #: The criteria diff's change classes for this criterion, when the catalogs differ.
    catalog_changes: tuple[str, ...]
    #: A criterion with several measures (in either round): each measure's value and tier, old and
    #: new (absent from the JSON for a criterion of one measure).
    old_values: dict[str, FindingValue] | None = Field(default=None, exclude_if=absent)
    new_values: dict[str, FindingValue] | None = Field(default=None, exclude_if=absent)
    measures: tuple[MeasureDelta, ...] = Field(default=(), exclude_if=lambda v: not v)


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
    #: Whether the decisions in force differ between the rounds (the split then has a third part).
    decisions_differ: bool
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
    #: Each regression with its kind (the `regressions` texts, in the same order).
    regression_items: tuple[Regression, ...]
    summary: tuple[str, ...]
    rule: str


class _Rounds(NamedTuple):
    """What every part of one round diff reads."""

    a: Catalog
    b: Catalog
    old: Assessment
    new: Assessment
    #: OLD with its findings under B's ids (`renames.translate`).
    old_in_b: Assessment
    scorings: Scorings
    #: Each criterion id of A that survives in B, mapped to its id there.
    to_b: dict[str, str]
    #: The criteria diff from A to B; None when both rounds pin one catalog.
    cdiff: CatalogDiff | None
    #: Each criterion's tier in each scoring, by its id in that scoring's catalog.
    tiers: dict[Combination, dict[str, int]]

    @property
    def same(self) -> bool:
        return self.a.ref == self.b.ref

    def at(self, combo: tuple[str, str, str]) -> Score:
        return self.scorings.table[combo]

    @property
    def s_old(self) -> Score:
        return self.at(OLD)

    @property
    def s_new(self) -> Score:
        return self.at(NEW)

    @property
    def new_under_old(self) -> Score:
        """S(NEW, A, NEW): the later round's values and decisions under the earlier catalog."""
        return self.at(("new", "old", "new"))

    @property
    def old_under_new(self) -> Score:
        """S(OLD, B, OLD): the earlier round under the later catalog."""
        return self.at(("old", "new", "old"))


def check_round_order(earlier: str, earlier_as_of: dt.date, later: str, later_as_of: dt.date) -> None:
    """Refuse rounds given in the wrong order (`diff OLD NEW`, `report NEW --previous OLD`): compared
    backwards, every improvement would read as a regression."""
    if earlier_as_of > later_as_of:
        raise UsageError(f"{earlier} is as of {earlier_as_of.isoformat()}, later than {later} "
                         f"({later_as_of.isoformat()}): give the earlier round first")


def diff_assessments(old: Round, new: Round) -> AssessmentDiff:
    """OLD round → NEW round of one partner, each scored at its own as_of; see the module rules."""
    (fo, ca, ao), (fn, cb, an) = old, new
    # a roll-up is compared by the values it stands for: its scopes combined under its own catalog
    ao, an = combined(ca, ao), combined(cb, an)
    check_same_catalog(ca, cb)
    if (ao.partner, ao.host) != (an.partner, an.host):
        raise UsageError(f"cannot compare assessments of different partners: {ao.partner} with {ao.host} ({fo}) "
                         f"and {an.partner} with {an.host} ({fn})")
    check_round_order(f"OLD {fo}", ao.as_of, f"NEW {fn}", an.as_of)
    same = ca.ref == cb.ref
    new_in_a, dropped_new = translate(an, cb, ca)
    old_in_b, dropped_old = translate(ao, ca, cb)
    scorings = Scorings.of(ca, cb, ao, an, old_in_b=old_in_b, new_in_a=new_in_a)
    rounds = _Rounds(a=ca, b=cb, old=ao, new=an, old_in_b=old_in_b, scorings=scorings,
                     to_b={c.id: c.id for c in ca.criteria} if same else id_map(ca, cb),
                     cdiff=None if same else diff_catalogs(ca, cb),
                     tiers={k: {cs.id: cs.tier for cs in s.criteria} for k, s in scorings.table.items()})
    overall = _scope(rounds, _("Overall"), None)
    dom_a = {d.id for d in ca.meta.domains}
    domains = tuple(_scope(rounds, d.name, d.id) for d in cb.meta.domains if d.id in dom_a)
    criteria, unchanged = _criteria_deltas(rounds)
    recip = _reciprocity(ca, cb, ao, an, rounds.s_old, rounds.s_new)
    summary = [overall.claimed.text, overall.verified.text, overall.readiness.text]
    summary.extend(s.claimed.text for s in domains if s.claimed.total or s.claimed.goalposts or s.claimed.decisions)
    summary.extend(_criterion_sentence(rounds, c) for c in criteria if c.goalposts)
    items = regressions(rounds, (overall, *domains), recip, criteria)
    return AssessmentDiff(
        partner=an.partner, host=an.host, old_file=fo, new_file=fn, old_as_of=ao.as_of.isoformat(),
        new_as_of=an.as_of.isoformat(), old_catalog=ca.ref, new_catalog=cb.ref, catalogs_differ=not same,
        decisions_differ=scorings.decisions_differ,
        overall=overall, domains=domains, criteria=tuple(criteria), unchanged=unchanged,
        dropped_old=dropped_old, dropped_new=dropped_new, catalog_diff=rounds.cdiff, reciprocity=recip,
        regressions=tuple(r.text for r in items), regression_items=items, summary=tuple(summary),
        rule=_(DECOMPOSITION))


# -- regressions ------------------------------------------------------------------------------------

def regressions(rounds: _Rounds, scopes: tuple[ScopeDelta, ...], recip: ReciprocityDelta,
                criteria: list[CriterionDelta]) -> tuple[Regression, ...]:
    """Everything that went backwards from OLD to NEW (the module rules), tiers first."""
    lost = [c for c in criteria
            if c.old_tier and c.new_tier and rounds.b.tier_level(c.new_tier) < rounds.a.tier_level(c.old_tier)]
    return (*_tier_regressions(rounds, scopes), *_ledger_regressions(recip),
            *(Regression(kind="criterion_tier", subject=c.id, old=c.old_tier or "", new=c.new_tier or "",
                         text=_("%(id)s %(title)s tier %(old)s → %(new)s", id=c.id, title=c.title,
                                old=tier_word(c.old_tier or ""), new=tier_word(c.new_tier or "")))
              for c in lost),
            *_decision_regressions(rounds))


def _tier_regressions(rounds: _Rounds, scopes: tuple[ScopeDelta, ...]) -> list[Regression]:
    out = []
    for view in VIEWS:
        for scope in scopes:
            domain = None if scope.id == "overall" else scope.id
            old = _measure(rounds.s_old, view, domain)[0]
            new = _measure(rounds.s_new, view, domain)[0]
            if new < old:
                o, n = rounds.a.tier_name(old), rounds.b.tier_name(new)
                out.append(Regression(kind="tier", subject=scope.id, view=view, old=o, new=n,
                                      text=_("%(scope)s %(view)s tier %(old)s → %(new)s", scope=scope.name,
                                             view=words(view), old=tier_word(o), new=tier_word(n))))
    return out


def _ledger_regressions(recip: ReciprocityDelta) -> list[Regression]:
    out = []
    for d in recip.disciplines:
        if d.committed_change < 0:
            out.append(Regression(kind="commitment_lowered", subject=d.id, old=d.committed_old, new=d.committed_new,
                                  text=_("%(id)s host commitment %(old)s → %(new)s", id=d.id, old=d.committed_old,
                                         new=d.committed_new)))
        if d.host_status_old in ("delivered", "exceeded") and d.host_status_new == "broken":
            out.append(Regression(kind="commitment_broken", subject=d.id, old=d.host_status_old, new="broken",
                                  text=_("%(id)s host commitment kept → broken (committed %(committed)s, delivered "
                                         "%(delivered)s)", id=d.id, committed=d.committed_new,
                                         delivered=d.host_delivered_new)))
        if d.partner_status_old == "met" and d.partner_status_new == "short":
            out.append(Regression(kind="contribution_short", subject=d.id, old="met", new="short",
                                  text=_("%(id)s partner contribution met → short (delivered %(delivered)s)",
                                         id=d.id, delivered=d.partner_delivered_new)))
    return out


def _decision_regressions(rounds: _Rounds) -> list[Regression]:
    """Decisions in force in OLD that lapsed by NEW's as-of date with no value in their place, and
    gating exceptions renewed beyond the rounds NEW's catalog allows."""
    out = []
    old_in_b = decisions_in_force(rounds.old_in_b)
    new_decided = decisions_in_force(rounds.new)
    for cid, d in old_in_b.items():
        f = rounds.new.findings.get(cid)
        if cid not in new_decided and (f is None or f.status is not Status.ASSESSED):
            assert d.expires is not None
            out.append(Regression(kind="decision_lapsed", subject=cid, old=str(d.status), new="not assessed",
                                  text=_("%(id)s %(status)s (until %(date)s) lapsed: counted as not assessed",
                                         id=cid, status=words(d.status), date=date(d.expires))))
    rules = rounds.b.meta.decisions
    if rules is not None and rules.gating_exceptions.max_rounds == 1:
        for cid, d in new_decided.items():
            if d.status is Status.EXCEPTION and cid in old_in_b and old_in_b[cid].status is Status.EXCEPTION \
                    and rounds.b.by_id[cid].gating:
                out.append(Regression(kind="exception_renewed", subject=cid, old="exception", new="exception",
                                      text=_("%(id)s: an exception on a gating criterion lasts one round under "
                                             "%(ref)s; it was renewed", id=cid, ref=rounds.b.ref)))
    return out


# -- domains and overall --------------------------------------------------------------------------

def _scope(rounds: _Rounds, name: str, domain: str | None) -> ScopeDelta:
    """One domain (`domain` its id), or the whole assessment (None), in each of `ROUND_VIEWS`."""
    tiers: dict[View, TierDelta] = {}
    readiness: dict[View, ReadinessDelta] = {}
    for view in ROUND_VIEWS:
        tiers[view] = _tier_delta(rounds, name, view, domain)
        readiness[view] = _readiness_delta(rounds, name, view, domain)
    return ScopeDelta(id=domain or "overall", name=name, claimed=tiers[View.CLAIMED], verified=tiers[View.VERIFIED],
                      readiness=readiness[View.CLAIMED], verified_readiness=readiness[View.VERIFIED])


def _measure(s: Score, view: View, domain: str | None) -> tuple[int, float]:
    """The tier and readiness of the whole assessment (`domain` None) or of one domain, in `view`."""
    v = s.view(view)
    if domain is None:
        return v.overall_tier, v.readiness
    d = next(d for d in v.domains if d.id == domain)
    return d.tier, d.readiness


def _tier_delta(rounds: _Rounds, label: str, view: View, domain: str | None) -> TierDelta:
    """A tier from OLD to NEW, split between progress, goalposts and decisions."""
    ca, cb = rounds.a, rounds.b
    old, new = _measure(rounds.s_old, view, domain)[0], _measure(rounds.s_new, view, domain)[0]
    new_a, old_b = _measure(rounds.new_under_old, view, domain)[0], _measure(rounds.old_under_new, view, domain)[0]
    parts = rounded_parts(rounds.scorings.split(lambda _, s: _measure(s, view, domain)[0]), 2)
    n = cb.tier_name(new)
    head = _("%(scope)s (%(view)s): %(old)s → %(new)s", scope=label, view=words(view), old=tier_shown(ca, old),
             new=tier_word(n))
    if new == old and not any(parts.values()):
        text = (_("%(head)s (no change, same catalog %(ref)s)", head=head, ref=ca.ref) if rounds.same else
                _("%(head)s (no change under either catalog version)", head=head))
    elif rounds.same and not parts["decisions"]:
        text = _("%(head)s (progress %(progress)s, same catalog %(ref)s)", head=head,
                 progress=shown(parts["progress"]), ref=ca.ref)
    else:
        text = _("%(head)s: %(parts)s.", head=head, parts=_parts_text(parts))
        if not rounds.same:
            text = _("%(text)s Under %(old_ref)s the new round reaches %(new_under_old)s; under %(new_ref)s the old "
                     "round reaches %(old_under_new)s", text=text, old_ref=ca.ref,
                     new_under_old=tier_shown(ca, new_a), new_ref=cb.ref,
                     old_under_new=tier_shown(cb, old_b))
            if parts["goalposts"]:
                sign = -1 if parts["goalposts"] < 0 else 1
                text = _("%(text)s; the goalposts are %(culprits)s", text=text,
                         culprits=_culprit_phrase(_culprits(rounds, domain, sign), rounds.cdiff, cb.ref))
    return TierDelta(old=old, new=new, old_id=ca.tier_name(old), new_id=n, new_under_old=new_a,
                     new_under_old_id=ca.tier_name(new_a), old_under_new=old_b, old_under_new_id=cb.tier_name(old_b),
                     total=new - old, progress=parts["progress"], goalposts=parts["goalposts"],
                     decisions=parts["decisions"], text=text)


def _parts_text(parts: dict[str, float], show: Callable[[float], str] = shown) -> str:
    """"progress +1, goalposts −0.5, decisions +0.5" (decisions only when not 0), each part as
    `show` writes it."""
    shown_parts = {k: show(v) for k, v in parts.items()}
    if parts["decisions"]:
        return _("progress %(progress)s, goalposts %(goalposts)s, decisions %(decisions)s", **shown_parts)
    return _("progress %(progress)s, goalposts %(goalposts)s", **shown_parts)


def _readiness_delta(rounds: _Rounds, label: str, view: View, domain: str | None) -> ReadinessDelta:
    old, new = _measure(rounds.s_old, view, domain)[1], _measure(rounds.s_new, view, domain)[1]
    new_a, old_b = _measure(rounds.new_under_old, view, domain)[1], _measure(rounds.old_under_new, view, domain)[1]
    parts = rounded_parts(rounds.scorings.split(lambda _, s: _measure(s, view, domain)[1]), 1)
    total = round(new - old, 1)
    shown_parts = {"scope": label, "view": words(view), "old": percent(old, 1), "new": percent(new, 1),
                   "total": signed(total, ".1f")}
    if rounds.same and not parts["decisions"]:
        text = _("%(scope)s readiness (%(view)s): %(old)s → %(new)s (%(total)s points)", **shown_parts)
    else:
        text = _("%(scope)s readiness (%(view)s): %(old)s → %(new)s (%(total)s points: %(parts)s)", **shown_parts,
                 parts=_parts_text(parts, lambda v: signed(v, ".1f")))
    return ReadinessDelta(old=old, new=new, new_under_old=new_a, old_under_new=old_b, total=total,
                          progress=parts["progress"], goalposts=parts["goalposts"], decisions=parts["decisions"],
                          text=text)


def _culprits(rounds: _Rounds, domain: str | None, sign: int) -> list[str]:
    """Criteria (NEW's ids) whose tier moved in direction `sign` between NEW under A and under B,
    plus criteria only B has that sit below the tier NEW reached under A (sign < 0)."""
    if rounds.cdiff is None:
        return []
    s_new_a, s_new_b = rounds.new_under_old, rounds.s_new
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
    ("added", N_("new %(id)s")), ("tightened", N_("tightened %(id)s target")),
    ("newly_required", N_("%(id)s newly required")), ("gating_added", N_("%(id)s now gating")),
    ("loosened", N_("loosened %(id)s target")), ("removed", N_("removed %(id)s")),
)


#: What a changed criterion is called when no kind of change above names it.
_CHANGED = N_("changed %(id)s")


def _culprit_phrase(ids: list[str], cdiff: CatalogDiff | None, new_ref: str) -> str:
    if not ids or cdiff is None:
        return _("%(ref)s's changes", ref=new_ref)
    named = []
    for cid in ids[:3]:
        cc = cdiff.for_id(cid)
        kinds = cc.kinds if cc else ()
        named.append(_(next((w for kind, w in _CULPRIT_WORDS if kind in kinds), _CHANGED), id=cid))
    joined = named[0] if len(named) == 1 else _("%(first)s and %(last)s", first=", ".join(named[:-1]), last=named[-1])
    if len(ids) > 3:
        return _("%(ref)s's %(changes)s and %(more)s more", ref=new_ref, changes=joined, more=len(ids) - 3)
    return _("%(ref)s's %(changes)s", ref=new_ref, changes=joined)


# -- criteria -------------------------------------------------------------------------------------

def _criteria_deltas(rounds: _Rounds) -> tuple[list[CriterionDelta], int]:
    """Each criterion whose status, value or tiers changed (NEW's criteria, then those only A has),
    and how many did not change."""
    to_a = {b: a for a, b in rounds.to_b.items()}
    old_a = {cs.id: cs for cs in rounds.s_old.criteria}
    new_a = {cs.id: cs for cs in rounds.new_under_old.criteria}
    out: list[CriterionDelta] = []
    unchanged = 0
    for nb in rounds.s_new.criteria:
        aid = to_a.get(nb.id)
        delta = _kept_delta(rounds, nb, aid, old_a.get(aid) if aid else None, new_a.get(aid) if aid else None)
        if delta is None:
            unchanged += 1
        else:
            out.append(delta)
    out.extend(_removed_delta(rounds.a, oa) for oa in rounds.s_old.criteria if oa.id not in rounds.to_b)
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
            ("status", ob.status != nb.status), ("value", ob.value != nb.value or ob.values != nb.values),
            ("tier", ca.tier_name(ob.tier) != cb.tier_name(nb.tier)),
            ("verified_tier", ca.tier_name(ob.verified_tier) != cb.tier_name(nb.verified_tier))) if hit)
    if not changed:
        return None
    cc = rounds.cdiff.for_id(nb.id) if rounds.cdiff else None
    return CriterionDelta(
        id=nb.id, old_id=aid if aid and aid != nb.id else None, domain=nb.domain, title=nb.title, changed=changed,
        old_status=ob.status if ob else None, new_status=nb.status, old_value=ob.value if ob else None,
        new_value=nb.value,
        old_shown=ca.by_id[aid].format_finding(ob.status, ob.value, ob.values) if ob and aid else "—",
        new_shown=cb.by_id[nb.id].format_finding(nb.status, nb.value, nb.values),
        old_tier=ca.tier_name(ob.tier) if ob else None, new_tier=cb.tier_name(nb.tier),
        new_tier_under_old=ca.tier_name(na.tier) if na and not rounds.same else None,
        old_verified_tier=ca.tier_name(ob.verified_tier) if ob else None,
        new_verified_tier=cb.tier_name(nb.verified_tier),
        **_criterion_parts(rounds, aid, nb.id) if ob and na and aid else
        {"progress": None, "goalposts": None, "decisions": None},
        catalog_changes=tuple(cc.kinds) if cc else (), old_values=ob.values if ob else None, new_values=nb.values,
        measures=_measure_deltas(rounds, aid, ob, nb))


def _measure_deltas(rounds: _Rounds, aid: str | None, ob: CriterionScore | None,
                    nb: CriterionScore) -> tuple[MeasureDelta, ...]:
    """Each measure of NEW's criterion (with several) against its counterpart in OLD's."""
    b = rounds.b.by_id[nb.id]
    if not b.multi:
        return ()
    a = rounds.a.by_id[aid] if aid else None
    counterpart = {mb.id: ma for ma, mb in pair_measures(a, b)[0]} if a is not None else {}
    # a criterion of one measure in OLD: its measure's tier is the criterion's (id "")
    old_tiers = ({m.id: m.tier for m in ob.measures} or {"": ob.tier}) if ob and ob.status == "assessed" else {}
    new_tiers = {m.id: m.tier for m in nb.measures}
    out = []
    for mb in b.all_measures:
        ma = counterpart.get(mb.id)
        old_value = None if ob is None or ma is None else (ob.values or {}).get(ma.id) if ma.id else ob.value
        old = ma.metric.format_value(old_value) if ma is not None and ob is not None and ob.status == "assessed" \
            else "—"
        new = mb.metric.format_value((nb.values or {}).get(mb.id)) if nb.status == "assessed" else "—"
        ot = rounds.a.tier_name(old_tiers[ma.id]) if ma is not None and ma.id in old_tiers else None
        nt = rounds.b.tier_name(new_tiers[mb.id]) if mb.id in new_tiers else None
        out.append(MeasureDelta(id=mb.id, title=mb.title, old_shown=old, new_shown=new, old_tier=ot, new_tier=nt,
                                changed=old != new or ot != nt,
                                text=f"{mb.id}: {old} → {new}" + (f" ({ot or '—'} → {nt or '—'})" if ot != nt else "")))
    return tuple(out)


def _criterion_parts(rounds: _Rounds, aid: str, bid: str) -> dict[str, float]:
    """A criterion's tier change split like a domain's: its id is `aid` under A and `bid` under B."""
    tiers = rounds.tiers
    return rounded_parts(rounds.scorings.split(
        lambda combo, _: tiers[combo][aid if combo[1] == "old" else bid]), 2)


def _removed_delta(ca: Catalog, oa: CriterionScore) -> CriterionDelta:
    """A criterion only A has, as OLD scored it."""
    return CriterionDelta(
        id=oa.id, old_id=oa.id, domain=oa.domain, title=oa.title, changed=("removed",), old_status=oa.status,
        new_status=None, old_value=oa.value, new_value=None,
        old_shown=ca.by_id[oa.id].format_finding(oa.status, oa.value, oa.values), new_shown="—",
        old_tier=ca.tier_name(oa.tier), new_tier=None, new_tier_under_old=None,
        old_verified_tier=ca.tier_name(oa.verified_tier), new_verified_tier=None, progress=None, goalposts=None,
        decisions=None,
        catalog_changes=("removed",))


def _criterion_sentence(rounds: _Rounds, c: CriterionDelta) -> str:
    """One criterion whose tier the catalog change moved: the same split, in words."""
    assert c.goalposts is not None and c.progress is not None and c.decisions is not None
    name = f"{c.old_id} → {c.id}" if c.old_id else c.id
    who = _culprit_phrase([c.id], rounds.cdiff, rounds.b.ref)
    parts = {"progress": c.progress, "goalposts": c.goalposts, "decisions": c.decisions}
    return _("%(name)s %(title)s: %(old)s → %(new)s, %(old_tier)s → %(new_tier)s: %(parts)s. Under %(ref)s the new "
             "round reaches %(under_old)s; the goalposts are %(who)s", name=name, title=c.title, old=c.old_shown,
             new=c.new_shown, old_tier=tier_word(c.old_tier or ""), new_tier=tier_word(c.new_tier or ""),
             parts=_parts_text(parts), ref=rounds.a.ref, under_old=tier_word(c.new_tier_under_old or ""),
             who=who)


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
        text = _("%(id)s: host commitment %(old)s → %(new)s", id=dn.id, old=do.host.committed, new=dn.host.committed)
        if do.host.delivered or dn.host.delivered:
            text = _("%(text)s; host delivered %(old)s → %(new)s", text=text, old=do.host.delivered or "—",
                     new=dn.host.delivered or "—")
        if do.partner.delivered or dn.partner.delivered:
            text = _("%(text)s; partner delivered %(old)s → %(new)s", text=text, old=do.partner.delivered or "—",
                     new=dn.partner.delivered or "—")
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
    "MeasureDelta",
    "ReadinessDelta",
    "ReciprocityDelta",
    "Regression",
    "ScopeDelta",
    "TierDelta",
    "check_round_order",
    "diff_assessments",
]
