"""What changed between two versions of one catalog, criterion by criterion (docs/diff.md).

- Ids follow renames (`roadmap.engine.renames`).
- Per criterion, every change class that applies (`CHANGE_CLASSES`), one aspect at a time: identity
  (renamed, moved), wording, gating and weight, the metric, the targets per tier, references,
  evidence, other text. Targets are compared per tier only when the metric is unchanged: stricter →
  tightened, laxer → loosened; a tier that gains a target → newly required there, one that loses it
  → no longer required.
- "Tightening" (what `--fail-on-tightening` fails on) is any class in `TIGHTENING` or a catalog rule
  change that asks more of the partner or commits the host to less.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal, get_args

from pydantic import Field

from roadmap.engine.renames import (
    changelog_between,
    check_same_catalog,
    id_map,
    is_backward,
    level_renames,
    pair_measures,
)
from roadmap.i18n import N_, _, ngettext, pgettext
from roadmap.models.base import Result, absent
from roadmap.models.catalog import (
    Catalog,
    ChangelogEntry,
    Criterion,
    DecisionRules,
    Measure,
    ReciprocityModel,
    RollupRule,
)
from roadmap.words import listing, words

ChangeKind = Literal[
    "added", "removed", "renamed", "moved", "retitled", "reworded", "tightened", "loosened",
    "newly_required", "no_longer_required", "reweighted", "gating_added", "gating_removed",
    "metric_changed", "references_changed", "evidence_tightened", "evidence_loosened", "text_changed",
    "measure_added", "measure_removed",
]
CHANGE_CLASSES: tuple[str, ...] = get_args(ChangeKind)
#: Change classes that ask more of the partner than before.
TIGHTENING: frozenset[str] = frozenset({"added", "tightened", "newly_required", "gating_added",
                                        "evidence_tightened", "measure_added"})
#: Change classes that ask less.
LOOSENING: frozenset[str] = frozenset({"removed", "loosened", "no_longer_required", "gating_removed",
                                       "evidence_loosened", "measure_removed"})


class Change(Result):
    kind: ChangeKind
    tier: str | None = None
    old: str | None = None
    new: str | None = None
    text: str
    #: The measure it concerns, in a criterion with several (absent from the JSON otherwise).
    measure: str | None = Field(default=None, exclude_if=absent)


class CriterionChange(Result):
    id: str
    old_id: str | None
    domain: str
    title: str
    kinds: tuple[ChangeKind, ...]
    changes: tuple[Change, ...]
    #: Changelog lines between the two versions that name this criterion (new or old id).
    reasons: tuple[str, ...]
    tightening: bool
    loosening: bool


class MetaChange(Result):
    what: str
    text: str
    tightening: bool
    loosening: bool


class ChangelogView(Result):
    version: str
    date: str
    changes: tuple[str, ...]
    renamed: dict[str, str]


class CatalogDiff(Result):
    old: str
    new: str
    old_digest: str
    new_digest: str
    renamed: dict[str, str]
    changelog: tuple[ChangelogView, ...]
    criteria: tuple[CriterionChange, ...]
    unchanged: int
    counts: dict[str, int]
    meta: tuple[MetaChange, ...]
    tightened: tuple[str, ...]
    loosened: tuple[str, ...]
    rule: str
    #: OLD is the later version: the changelog lines are the reasons for what this diff undoes.
    backward: bool = False

    def for_id(self, cid: str) -> CriterionChange | None:
        return next((c for c in self.criteria if c.id == cid), None)


_DIFF_RULE = N_("ids follow the newer version's changelog renames; targets compared per tier when the "
                "metric is unchanged (stricter → tightened, laxer → loosened); tightening = added, "
                "tightened, newly required, gating added or stricter evidence, or a catalog rule that "
                "asks more of the partner or commits the host to less")


def english(catalog: Catalog) -> Catalog:
    """The English catalog of one read in a translation (the text that governs), else itself."""
    return catalog.reading.source if catalog.reading is not None else catalog


def diff_catalogs(old: Catalog, new: Catalog) -> CatalogDiff:
    """What changed from `old` to `new`, criterion by criterion, following renames. Meaning is
    compared on the English catalogs, whatever language they are read in (`english`); titles are
    shown as `new` (or `old`, for a criterion `new` lacks) reads them."""
    shown_old, shown_new = old, new
    old, new = english(old), english(new)
    check_same_catalog(old, new)
    forward = id_map(old, new)
    backward = {n: o for o, n in forward.items()}
    going_back = is_backward(old, new)
    entries = changelog_between(new, old) if going_back else changelog_between(old, new)
    changes: list[CriterionChange] = []
    unchanged = 0
    for c in new.criteria:
        oid = backward.get(c.id)
        found = (_added(c, new) if oid is None else
                 _compare(old.by_id[oid], c, old, new, (shown_old.by_id[oid], shown_new.by_id[c.id])))
        if not found:
            unchanged += 1
            continue
        ids = [c.id] if oid is None else [c.id, oid]
        changes.append(_criterion_change(c.id, oid if oid != c.id else None, new.domain_of[c.id],
                                         shown_new.by_id[c.id].title, found, _reasons(entries, ids)))
    for c in old.criteria:
        if c.id not in forward:
            changes.append(_criterion_change(c.id, c.id, old.domain_of[c.id], shown_old.by_id[c.id].title,
                                             [Change(kind="removed", old=c.id, text=_("criterion removed"))],
                                             _reasons(entries, [c.id])))
    counts = {k: sum(1 for c in changes if k in c.kinds) for k in CHANGE_CLASSES}
    meta = _meta_changes(old, new)
    return CatalogDiff(
        old=old.ref, new=new.ref, old_digest=old.digest, new_digest=new.digest,
        renamed={o: n for o, n in forward.items() if o != n},
        changelog=tuple(ChangelogView(version=e.version, date=e.date.isoformat(), changes=e.changes,
                                      renamed=dict(e.renamed)) for e in entries),
        criteria=tuple(changes), unchanged=unchanged, counts={k: v for k, v in counts.items() if v},
        meta=tuple(meta),
        tightened=(*[c.id for c in changes if c.tightening], *[m.what for m in meta if m.tightening]),
        loosened=(*[c.id for c in changes if c.loosening], *[m.what for m in meta if m.loosening]),
        rule=_(_DIFF_RULE), backward=going_back)


def _reasons(entries: Sequence[ChangelogEntry], ids: Sequence[str]) -> tuple[str, ...]:
    pats = [re.compile(rf"(?<![A-Z0-9-]){re.escape(i)}(?![0-9a-z])") for i in ids]
    return tuple(line for e in entries for line in e.changes if any(p.search(line) for p in pats))


def _criterion_change(cid: str, old_id: str | None, domain: str, title: str, changes: list[Change],
                      reasons: tuple[str, ...]) -> CriterionChange:
    kinds = tuple(dict.fromkeys(c.kind for c in changes))
    return CriterionChange(id=cid, old_id=old_id, domain=domain, title=title, kinds=kinds, changes=tuple(changes),
                           reasons=reasons, tightening=any(k in TIGHTENING for k in kinds),
                           loosening=any(k in LOOSENING for k in kinds))


# -- one criterion, aspect by aspect --------------------------------------------------------------

def _added(c: Criterion, new: Catalog) -> list[Change]:
    tiers = listing(t for t in new.tier_ids if t in c.target_tiers)
    text = (_("new criterion at %(tiers)s, gating", tiers=tiers) if c.gating else
            _("new criterion at %(tiers)s", tiers=tiers))
    if c.multi:
        text = _("%(text)s, %(measures)s", text=text,
                 measures=ngettext("%(num)d measure", "%(num)d measures", len(c.all_measures)))
    return [Change(kind="added", new=c.id, text=text)]


def _compare(a: Criterion, b: Criterion, ca: Catalog, cb: Catalog, shown: tuple[Criterion, Criterion]) -> list[Change]:
    """Every change from `a` (in catalog `ca`) to `b` (in `cb`), in the order the report lists them;
    `shown` is the two as the reader reads them (a measure added or removed is named by its title there)."""
    # the newer version's tiers first, then any only the older one has
    tiers = list(cb.tier_ids) + [t for t in ca.tier_ids if t not in cb.tier_ids]
    levels = level_renames(ca, cb).get(b.id, {})
    return [*_identity(a, b, ca, cb), *_wording(a, b), *_standing(a, b), *_measures(a, b, tiers, levels, shown),
            *_references(a, b), *_evidence(a, b, tiers), *_other_text(a, b)]


def _identity(a: Criterion, b: Criterion, ca: Catalog, cb: Catalog) -> list[Change]:
    out = []
    if a.id != b.id:
        out.append(Change(kind="renamed", old=a.id, new=b.id, text=_("renamed %(old)s → %(new)s", old=a.id, new=b.id)))
    da, db = ca.domain_of[a.id], cb.domain_of[b.id]
    if da != db:
        out.append(Change(kind="moved", old=da, new=db, text=_("moved from domain %(old)s to %(new)s", old=da, new=db)))
    return out


def _wording(a: Criterion, b: Criterion) -> list[Change]:
    out = []
    if a.title != b.title:
        out.append(Change(kind="retitled", old=a.title, new=b.title,
                          text=_("title: %(old)s → %(new)s", old=repr(a.title), new=repr(b.title))))
    if a.statement != b.statement:
        out.append(Change(kind="reworded", old=a.statement, new=b.statement, text=_("statement reworded")))
    return out


def _standing(a: Criterion, b: Criterion) -> list[Change]:
    """Gating and weight: how much the criterion counts in its domain."""
    out = []
    if a.gating != b.gating:
        out.append(Change(kind="gating_added" if b.gating else "gating_removed", old=str(a.gating).lower(),
                          new=str(b.gating).lower(),
                          text=_("now gating: failing it caps the domain tier") if b.gating else
                          _("no longer gating")))
    if a.weight != b.weight:
        out.append(Change(kind="reweighted", old=str(a.weight), new=str(b.weight),
                          text=_("weight %(old)s → %(new)s", old=a.weight, new=b.weight)))
    return out


def _measures(a: Criterion, b: Criterion, tiers: list[str], levels: dict[str, str],
              shown: tuple[Criterion, Criterion]) -> list[Change]:
    """The metric and targets of each measure (measures follow their ids: `renames.pair_measures`),
    and the measures added or removed, each shown as the reader's catalog has it (its title and
    levels translated). A criterion of one measure on both sides reads as before."""
    pairs, added, removed = pair_measures(a, b)
    out: list[Change] = []
    for ma, mb in pairs:
        label = mb.id or ma.id
        same = _same_metric(ma, mb, levels)
        out += [c.model_copy(update={"measure": label, "text": _("%(measure)s: %(change)s", measure=label,
                                                                   change=c.text)}) if label else c
                for c in (*_metric(ma, mb, same, levels), *_targets(ma, mb, tiers, same))]
    for m in added:
        s = _shown_measure(shown[1], m)
        targets = listing(f"{t} {s.metric.format_target(s.targets[t].value)}" for t in tiers if t in s.targets)
        out.append(Change(kind="measure_added", new=m.id, measure=m.id,
                          text=_("measure %(id)s added (%(title)s; %(metric)s): %(targets)s", id=m.id,
                                 title=s.title, metric=s.metric.describe(), targets=targets)))
    for m in removed:
        title = _shown_measure(shown[0], m).title
        out.append(Change(kind="measure_removed", old=m.id or a.id, measure=m.id or None,
                          text=_("measure %(id)s removed (%(title)s)", id=m.id, title=title) if m.id else
                          _("measure of 1.x removed (%(title)s)", title=title)))
    return out


def _shown_measure(shown: Criterion, m: Measure) -> Measure:
    """Measure `m` of the English catalog as the reader's catalog has it (same id, targets and values)."""
    return next((x for x in shown.all_measures if x.id == m.id), m)


def _same_metric(a: Measure, b: Measure, levels: dict[str, str]) -> bool:
    """Whether the two measures' metrics are the same, but for levels the changelog renamed."""
    if a.metric == b.metric or not levels or a.metric.levels is None:
        return a.metric == b.metric
    renamed = tuple(levels.get(lv, lv) for lv in a.metric.levels)
    return a.metric.model_copy(update={"levels": renamed}) == b.metric


def _metric(a: Measure, b: Measure, same: bool, levels: dict[str, str]) -> list[Change]:
    if a.metric == b.metric:
        return []
    old, new = a.metric.describe(), b.metric.describe()
    if same:
        names = listing(f"{o} → {n}" for o, n in levels.items() if o in (a.metric.levels or ()))
        return [Change(kind="text_changed", old=old, new=new, text=_("levels renamed: %(names)s", names=names))]
    return [Change(kind="metric_changed", old=old, new=new, text=_("metric: %(old)s → %(new)s", old=old, new=new))]


def _targets(a: Measure, b: Measure, tiers: list[str], same: bool) -> list[Change]:
    out: list[Change] = []
    for t in tiers:
        ta, tb = a.targets.get(t), b.targets.get(t)
        if ta is None and tb is not None:
            target = b.metric.format_target(tb.value)
            out.append(Change(kind="newly_required", tier=t, new=target,
                              text=_("now required at %(tier)s: %(target)s", tier=t, target=target)))
        elif tb is None and ta is not None:
            target = a.metric.format_target(ta.value)
            out.append(Change(kind="no_longer_required", tier=t, old=target,
                              text=_("no longer required at %(tier)s (was %(target)s)", tier=t, target=target)))
        elif ta is not None and tb is not None:
            out.extend(_target_moved(t, a, b, same))
    return out


def _target_moved(t: str, a: Measure, b: Measure, same_metric: bool) -> list[Change]:
    """A tier both versions set a target for: stricter or laxer when the metric is unchanged (levels
    renamed aside), not comparable when it changed; a new basis where the value did not move (or
    cannot be compared)."""
    ta, tb = a.targets[t], b.targets[t]
    old_s, new_s = a.metric.format_target(ta.value), b.metric.format_target(tb.value)
    ra, rb = a.metric.rank(ta.value), b.metric.rank(tb.value)
    out = []
    if same_metric and ra is not None and rb is not None and ra != rb:
        kind: ChangeKind = "tightened" if rb > ra else "loosened"
        text = (_("%(tier)s target tightened: %(old)s → %(new)s", tier=t, old=old_s, new=new_s) if kind == "tightened"
                else _("%(tier)s target loosened: %(old)s → %(new)s", tier=t, old=old_s, new=new_s))
        out.append(Change(kind=kind, tier=t, old=old_s, new=new_s, text=text))
    elif not same_metric and old_s != new_s:
        out.append(Change(kind="metric_changed", tier=t, old=old_s, new=new_s,
                          text=_("%(tier)s target %(old)s → %(new)s (not comparable: the metric changed)", tier=t,
                                 old=old_s, new=new_s)))
    if ta.basis != tb.basis and (ra == rb or not same_metric):
        out.append(Change(kind="text_changed", tier=t, old=ta.basis, new=tb.basis,
                          text=_("%(tier)s target basis changed", tier=t)))
    if ta.depends_on != tb.depends_on:
        text = (_("%(tier)s target now needs the host's action (depends on the host)", tier=t) if tb.depends_on else
                _("%(tier)s target no longer marked as needing the host's action", tier=t))
        out.append(Change(kind="text_changed", tier=t, old=ta.depends_on or "—", new=tb.depends_on or "—", text=text))
    return out


def _references(a: Criterion, b: Criterion) -> list[Change]:
    if a.references == b.references:
        return []
    ra, rb = _refs(a), _refs(b)
    gone = [r for r in ra if r not in rb]
    new = [r for r in rb if r not in ra]
    parts = (([_("added %(refs)s", refs=" | ".join(new))] if new else [])
             + ([_("removed %(refs)s", refs=" | ".join(gone))] if gone else []))
    return [Change(kind="references_changed", old=" | ".join(ra), new=" | ".join(rb),
                   text=_("references %(what)s", what=_("; ").join(parts) or _("reordered")))]


def _refs(c: Criterion) -> list[str]:
    return [r.source + (f", {r.section}" if r.section else "") for r in c.references]


def _evidence(a: Criterion, b: Criterion, tiers: list[str]) -> list[Change]:
    """The minimum verification per tier and the maximum age: stricter and laxer, one change each."""
    ea, eb = a.evidence, b.evidence
    stricter: list[str] = []
    laxer: list[str] = []
    for t in tiers:
        va, vb = ea.verification.get(t), eb.verification.get(t)
        if va and vb and va != vb:
            (stricter if vb > va else laxer).append(f"{t} {va} → {vb}")
    if ea.max_age_days != eb.max_age_days:
        (stricter if eb.max_age_days < ea.max_age_days else laxer).append(
            _("max age %(old)s → %(new)s days", old=ea.max_age_days, new=eb.max_age_days))
    out = []
    if stricter:
        out.append(Change(kind="evidence_tightened", text=_("evidence stricter: %(what)s", what=listing(stricter))))
    if laxer:
        out.append(Change(kind="evidence_loosened", text=_("evidence laxer: %(what)s", what=listing(laxer))))
    return out


def _other_text(a: Criterion, b: Criterion) -> list[Change]:
    """Text that asks nothing different of the partner, named together."""
    other = [name for name, old, new in ((_("rationale"), a.rationale, b.rationale),
                                          (_("remediation"), a.remediation, b.remediation),
                                          (_("tags"), a.tags, b.tags),
                                          (_("evidence expected"), a.evidence.expects, b.evidence.expects),
                                          (_("controls"), a.controls, b.controls))
             if old != new]
    return [Change(kind="text_changed", text=_("changed: %(what)s", what=listing(other)))] if other else []


# -- the catalog's own rules ----------------------------------------------------------------------

def _meta_changes(a: Catalog, b: Catalog) -> list[MetaChange]:
    pa, pb = a.meta.reciprocity, b.meta.reciprocity
    return [*_tier_rule_changes(a, b), *_integrity_changes(a, b), *_shape_changes(a, b),
            *_commitment_changes(pa, pb), *_expectation_changes(pa, pb), *_lead_cap_change(pa, pb),
            *_listed_changes(a, b), *_rollup_change(a, b)]


def _rollup_change(a: Catalog, b: Catalog) -> list[MetaChange]:
    """The roll-up rule (docs/scoring.md): how scoped assessments combine; neither tighter nor looser
    for a partner assessed as a whole."""
    ra, rb = a.meta.rollup, b.meta.rollup
    if ra == rb:
        return []

    def said(rule: RollupRule | None) -> str:
        if rule is None:
            return _("none")
        if rule.method == "weakest":
            return _("the weakest scope")
        mean = _(_WEIGHTED[rule.weights])
        if not rule.weakest_for:
            return mean
        return _("%(mean)s, the weakest scope for %(selectors)s", mean=mean, selectors=listing(rule.weakest_for))

    return [MetaChange(what="rollup", tightening=False, loosening=False,
                       text=_("roll-up rule: %(old)s → %(new)s", old=said(ra), new=said(rb)))]


#: A weighted roll-up rule in words, by its weights.
_WEIGHTED = {"declared": N_("the weighted mean (declared weights)"), "equal": N_("the weighted mean (equal weights)")}


def _listed_changes(a: Catalog, b: Catalog) -> list[MetaChange]:
    """Partner profiles and the partner's capability items: guidance and information, asking neither
    more nor less of the partner."""
    out = []
    pa, pb = a.meta.profile_names, b.meta.profile_names
    if pa != pb:
        out.append(MetaChange(what="profiles", tightening=False, loosening=False,
                              text=_("partner profiles %(old)s → %(new)s", old=listing(pa) or _("none"),
                                     new=listing(pb) or _("none"))))
    ca = {c.id: c.name for c in a.meta.reciprocity.capabilities or ()}
    cb = {c.id: c.name for c in b.meta.reciprocity.capabilities or ()}
    if ca != cb:
        out.append(MetaChange(what="reciprocity.capabilities", tightening=False, loosening=False,
                              text=_capabilities_changed(ca, cb)))
    return out


def _capabilities_changed(ca: dict[str, str], cb: dict[str, str]) -> str:
    """The partner's capability items added and removed (`CAP-01 Active cyber defence operations`:
    the catalog's words, which its translation does not cover)."""
    added = _("; ").join(f"{k} {v}" for k, v in cb.items() if k not in ca)
    gone = _("; ").join(f"{k} {v}" for k, v in ca.items() if k not in cb)
    if added and gone:
        return _("partner capability items (listed, not scored): added %(added)s; removed %(removed)s", added=added,
                 removed=gone)
    if added:
        return _("partner capability items (listed, not scored): added %(added)s", added=added)
    if gone:
        return _("partner capability items (listed, not scored): removed %(removed)s", removed=gone)
    return _("partner capability items (listed, not scored): changed")


def _integrity_changes(a: Catalog, b: Catalog) -> list[MetaChange]:
    """The options of the integrity rules (docs/scoring.md): each one asks more of the partner when
    it appears (a floor, decision rules) or commits the host on proof rather than on claims."""
    out = []
    fa, fb = a.meta.tier_rules.domain.floor, b.meta.tier_rules.domain.floor
    if fa != fb:
        tighter = fb is not None and (fa is None or fb < fa)
        out.append(MetaChange(what="tier_rules.domain.floor", tightening=tighter, loosening=not tighter,
                              text=_("floor %(old)s → %(new)s: a domain reaches a tier only when every counted "
                                     "criterion meets the tier below", old=fa or _("none"), new=fb) if fb else
                              _("floor %(old)s → none", old=fa)))
    if a.meta.decisions != b.meta.decisions:
        da, db = a.meta.decisions, b.meta.decisions
        text = (_("decision rules: approvals from %(approvals)s sides, at most %(days)s days, gating exceptions "
                  "%(gating)s", approvals=db.approvals, days=db.max_days, gating=_gating(db)) if db else
                _("decision rules: none"))
        out.append(MetaChange(what="decisions", tightening=db is not None and da is None,
                              loosening=db is None and da is not None, text=text))
    ta, tb = a.meta.reciprocity.trigger, b.meta.reciprocity.trigger
    if ta != tb:
        out.append(MetaChange(what="reciprocity.trigger", tightening=tb == "verified", loosening=ta == "verified",
                              text=_("host commitments triggered by the %(old)s tier → the %(new)s tier", old=words(ta),
                                     new=words(tb))))
    return out


def _gating(rules: DecisionRules) -> str:
    g = rules.gating_exceptions
    if not g.allowed:
        return _("not allowed")
    rounds = ngettext("for at most %(num)d round", "for at most %(num)d rounds", g.max_rounds) if g.max_rounds \
        else _("allowed")
    return rounds if g.verified else _("%(rounds)s, unmet in the verified view", rounds=rounds)


def _tier_rule_changes(a: Catalog, b: Catalog) -> list[MetaChange]:
    out = []
    ra, rb = a.meta.tier_rules, b.meta.tier_rules
    da, db = ra.domain, rb.domain
    if da.method != db.method or da.threshold != db.threshold:
        ta, tb = da.threshold, db.threshold
        both_threshold = da.method == db.method == "threshold"
        out.append(MetaChange(what="tier_rules.domain",
                              tightening=both_threshold and (tb or 0) > (ta or 0) or db.method == "all" != da.method,
                              loosening=both_threshold and (tb or 0) < (ta or 0),
                              text=_("domain rule %(old)s → %(new)s", old=_rule_words(da.method, ta),
                                     new=_rule_words(db.method, tb))))
    if ra.overall != rb.overall:
        out.append(MetaChange(what="tier_rules.overall", tightening=False, loosening=False,
                              text=_("overall rule %(old)s → %(new)s", old=ra.overall.method,
                                     new=rb.overall.method)))
    return out


def _rule_words(method: str, threshold: float | None) -> str:
    return " ".join(str(x) for x in (method, threshold) if x)


def _shape_changes(a: Catalog, b: Catalog) -> list[MetaChange]:
    """The tiers and domains themselves: neither tighter nor looser."""
    out = []
    if a.tier_ids != b.tier_ids:
        out.append(MetaChange(what="tiers", tightening=False, loosening=False,
                              text=_("tiers %(old)s → %(new)s", old=listing(a.tier_ids), new=listing(b.tier_ids))))
    da = [d.id for d in a.meta.domains]
    db = [d.id for d in b.meta.domains]
    if da != db:
        out.append(MetaChange(what="domains", tightening=False, loosening=False,
                              text=_("domains %(old)s → %(new)s", old=listing(da), new=listing(db))))
    return out


def _level_move(pa: ReciprocityModel, pb: ReciprocityModel, va: str | None, vb: str | None) -> int | None:
    """How many levels `vb` (a level of `pb`) is above `va` (of `pa`); None when either is not a level."""
    la = [lv.id for lv in pa.levels]
    lb = [lv.id for lv in pb.levels]
    return lb.index(vb) - la.index(va) if va in la and vb in lb else None


def _commitment_changes(pa: ReciprocityModel, pb: ReciprocityModel) -> list[MetaChange]:
    """Host commitments per tier and discipline: committing less is tightening (the partner gets less)."""
    out = []
    for tier in dict.fromkeys([*pa.host_commitments, *pb.host_commitments]):
        ca, cb = pa.host_commitments.get(tier, {}), pb.host_commitments.get(tier, {})
        for did in dict.fromkeys([*ca, *cb]):
            va, vb = ca.get(did), cb.get(did)
            if va == vb:
                continue
            move = _level_move(pa, pb, va, vb) or 0
            out.append(MetaChange(what=f"reciprocity.host_commitments.{tier}.{did}", tightening=move < 0,
                                  loosening=move > 0,
                                  text=_commits(va, vb, did, tier, less=move < 0)))
    return out


def _commits(old: str | None, new: str | None, did: str, tier: str, *, less: bool) -> str:
    shown = {"old": old or _("nothing"), "new": new or _("nothing"), "id": did, "tier": tier}
    if less:
        return _("host commits %(old)s → %(new)s in %(id)s at %(tier)s (the host commits less)", **shown)
    return _("host commits %(old)s → %(new)s in %(id)s at %(tier)s", **shown)


def _expectation_changes(pa: ReciprocityModel, pb: ReciprocityModel) -> list[MetaChange]:
    """What the partner is expected to share: parity targets per tier, levels per capability."""
    ea, eb = pa.partner_expectations, pb.partner_expectations
    out = []
    for tier in dict.fromkeys([*ea.parity_target, *eb.parity_target]):
        ta, tb = ea.parity_target.get(tier), eb.parity_target.get(tier)
        if ta != tb:
            out.append(MetaChange(what=f"reciprocity.partner_expectations.parity_target.{tier}",
                                  tightening=ta is not None and tb is not None and tb > ta,
                                  loosening=ta is not None and tb is not None and tb < ta,
                                  text=_("parity target at %(tier)s %(old)s → %(new)s", tier=tier, old=ta, new=tb)))
    for cap in dict.fromkeys([*ea.by_capability, *eb.by_capability]):
        va, vb = ea.by_capability.get(cap), eb.by_capability.get(cap)
        move = _level_move(pa, pb, va, vb)
        if va != vb and move is not None:
            out.append(MetaChange(what=f"reciprocity.partner_expectations.by_capability.{cap}",
                                  tightening=move > 0, loosening=move < 0,
                                  text=_("partner with capability %(capability)s expected %(old)s → %(new)s",
                                         capability=words(cap), old=va, new=vb)))
    return out


def _lead_cap_change(pa: ReciprocityModel, pb: ReciprocityModel) -> list[MetaChange]:
    """The host's lead over the partner: a cap set or lowered is tightening (the host may commit less)."""
    a, b = pa.host_lead_cap, pb.host_lead_cap
    if a == b:
        return []
    return [MetaChange(what="reciprocity.host_lead_cap", tightening=b is not None and (a is None or b < a),
                       loosening=a is not None and (b is None or b > a),
                       text=_("host lead cap %(old)s → %(new)s", old=a, new=b))]


# -- translations ----------------------------------------------------------------------------------

class TranslationChange(Result):
    """A criterion whose translation changed while its English did not: no change of meaning."""

    id: str
    title: str
    #: The texts whose translation changed, in words.
    fields: tuple[str, ...]


class TranslationDiff(Result):
    """How the translations of two catalog versions differ, apart from the changes of meaning."""

    language: str
    old: str
    new: str
    #: Criteria whose translation alone changed.
    criteria: tuple[TranslationChange, ...]
    #: Tiers, domains, disciplines and levels whose translated name or text alone changed.
    catalog: tuple[str, ...]
    #: Criteria whose English changed (the changes of meaning, listed by `diff_catalogs`).
    meaning: tuple[str, ...]


def diff_translations(old: Catalog, new: Catalog, meaning: CatalogDiff) -> TranslationDiff | None:
    """What the translations of `old` and `new` (both read in one language) changed where their
    English did not: a rendering improved, a mistake corrected. None unless both are translated."""
    ro, rn = old.reading, new.reading
    if ro is None or rn is None or ro.language != rn.language:
        return None
    changed_meaning = {c.id for c in meaning.criteria} | {c.old_id for c in meaning.criteria if c.old_id}
    forward = id_map(english(old), english(new))
    out = []
    for oid, nid in forward.items():
        if nid in changed_meaning or oid in changed_meaning:
            continue
        fields = _translated_fields(old.by_id[oid], new.by_id[nid])
        if fields:
            out.append(TranslationChange(id=nid, title=new.by_id[nid].title, fields=fields))
    return TranslationDiff(language=rn.language, old=ro.name, new=rn.name, criteria=tuple(out),
                           catalog=_translated_names(old, new), meaning=tuple(c.id for c in meaning.criteria))


def _translated_fields(a: Criterion, b: Criterion) -> tuple[str, ...]:
    at, bt = a.targets or {}, b.targets or {}
    pairs = ((_("title"), a.title, b.title), (pgettext("criterion", "statement"), a.statement, b.statement),
             (_("rationale"), a.rationale, b.rationale),
             *((_("%(tier)s target basis", tier=t), at[t].basis, bt[t].basis) for t in bt if t in at),
             (_("evidence expected"), a.evidence.expects, b.evidence.expects),
             (_("remediation"), a.remediation, b.remediation),
             (_("levels"), a.metric.describe() if a.metric else "", b.metric.describe() if b.metric else ""))
    return tuple(name for name, x, y in pairs if x != y)


def _translated_names(old: Catalog, new: Catalog) -> tuple[str, ...]:
    """Ids of the tiers, domains, disciplines and levels whose translated text changed."""
    mo, mn = old.meta, new.meta
    groups = ((mo.tiers, mn.tiers), (mo.domains, mn.domains),
              (mo.reciprocity.disciplines, mn.reciprocity.disciplines), (mo.reciprocity.levels, mn.reciprocity.levels))
    out = []
    for before, after in groups:
        by_id = {x.id: x for x in before}
        out += [x.id for x in after if x.id in by_id and x != by_id[x.id]
                and _same_english(old, new, x.id)]
    return tuple(out)


def _same_english(old: Catalog, new: Catalog, item: str) -> bool:
    """Whether the English of tier, domain, discipline or level `item` is the same in both versions."""
    def find(c: Catalog) -> object:
        m = english(c).meta
        return next((x for group in (m.tiers, m.domains, m.reciprocity.disciplines, m.reciprocity.levels)
                     for x in group if x.id == item), None)
    return find(old) == find(new)


__all__ = [
    "CHANGE_CLASSES",
    "LOOSENING",
    "TIGHTENING",
    "CatalogDiff",
    "Change",
    "ChangeKind",
    "ChangelogView",
    "CriterionChange",
    "MetaChange",
    "TranslationChange",
    "TranslationDiff",
    "diff_catalogs",
    "diff_translations",
    "english",
]
