"""Diffs between catalog versions and between assessment rounds: pure functions from frozen models
to frozen results (no files, no printing, no clock). Rules, documented in docs/diff.md:

- Ids follow renames: the newer catalog's changelog entries after the older version, applied
  oldest first, map each old id to its new id (`renamed: {old: new}`).
- Criteria diff: per criterion, every change class that applies (`CHANGE_CLASSES`). Targets are
  compared per tier only when the metric is unchanged: stricter → tightened, laxer → loosened; a
  tier that gains a target → newly required there, one that loses it → no longer required.
  "Tightening" (what `--fail-on-tightening` fails on) is any class in `TIGHTENING` or a catalog
  rule change that asks more of the partner or commits the host to less.
- Assessment diff: S(a, c) is a measure (a tier, or readiness) of assessment a scored under
  catalog c at a's own as_of. With OLD pinning A and NEW pinning B:
      total     = S(NEW, B) − S(OLD, A)
      progress  = S(NEW, A) − S(OLD, A)   the partner's change, measured with one yardstick
      goalposts = S(NEW, B) − S(NEW, A)   the criteria's change, measured on one assessment
  so progress + goalposts = total exactly. When A = B, goalposts are 0. Rescoring under the other
  catalog maps findings through renames; a finding for a criterion the other version lacks is
  dropped, and a criterion only that version has is not assessed (counts as unmet).
- Regressions (`--fail-on-regression`): a domain tier or the overall tier, claimed or verified,
  lower in NEW than in OLD (the total), or a host commitment due at the tier reached lower.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from roadmap.engine.scoring import Score, score
from roadmap.errors import UsageError
from roadmap.models.assessment import Assessment, FindingValue, Round
from roadmap.models.catalog import Catalog, ChangelogEntry, Criterion
from roadmap.words import signed

ChangeKind = Literal[
    "added", "removed", "renamed", "moved", "retitled", "reworded", "tightened", "loosened",
    "newly_required", "no_longer_required", "reweighted", "gating_added", "gating_removed",
    "metric_changed", "references_changed", "evidence_tightened", "evidence_loosened", "text_changed",
]
CHANGE_CLASSES: tuple[str, ...] = ChangeKind.__args__  # type: ignore[attr-defined]
#: Change classes that ask more of the partner than before.
TIGHTENING: frozenset[str] = frozenset({"added", "tightened", "newly_required", "gating_added",
                                        "evidence_tightened"})
#: Change classes that ask less.
LOOSENING: frozenset[str] = frozenset({"removed", "loosened", "no_longer_required", "gating_removed",
                                       "evidence_loosened"})


class Result(BaseModel):
    model_config = ConfigDict(frozen=True)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("."))


# -- renames ------------------------------------------------------------------------------------

def _entries_between(older: Catalog, newer: Catalog) -> list[ChangelogEntry]:
    lo, hi = _version_key(older.meta.version), _version_key(newer.meta.version)
    entries = [e for e in newer.meta.changelog if lo < _version_key(e.version) <= hi]
    return sorted(entries, key=lambda e: _version_key(e.version))


def _check_same_catalog(a: Catalog, b: Catalog) -> None:
    if a.meta.id != b.meta.id:
        raise UsageError(f"cannot compare {a.ref} with {b.ref}: they are different catalogs, not versions of one")


def id_map(frm: Catalog, to: Catalog) -> dict[str, str]:
    """Each criterion id of `frm` that survives in `to`, mapped to its id there (renames followed
    forwards or backwards, whichever way the versions go)."""
    _check_same_catalog(frm, to)
    if _version_key(frm.meta.version) <= _version_key(to.meta.version):
        entries = _entries_between(frm, to)
        out = {}
        for c in frm.criteria:
            cid = c.id
            for e in entries:
                cid = e.renamed.get(cid, cid)
            if cid in to.by_id:
                out[c.id] = cid
        return out
    back = id_map(to, frm)
    return {old: new for new, old in back.items() if old in frm.by_id}


# -- criteria diff --------------------------------------------------------------------------------

class Change(Result):
    kind: ChangeKind
    tier: str | None = None
    old: str | None = None
    new: str | None = None
    text: str


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


_DIFF_RULE = ("ids follow the newer version's changelog renames; targets compared per tier when the "
              "metric is unchanged (stricter → tightened, laxer → loosened); tightening = added, "
              "tightened, newly required, gating added or stricter evidence, or a catalog rule that "
              "asks more of the partner or commits the host to less")


def _refs(c: Criterion) -> list[str]:
    return [r.source + (f", {r.section}" if r.section else "") for r in c.references]


def _compare(a: Criterion, b: Criterion, ca: Catalog, cb: Catalog) -> list[Change]:
    ch: list[Change] = []
    if a.id != b.id:
        ch.append(Change(kind="renamed", old=a.id, new=b.id, text=f"renamed {a.id} → {b.id}"))
    da, db = ca.domain_of[a.id], cb.domain_of[b.id]
    if da != db:
        ch.append(Change(kind="moved", old=da, new=db, text=f"moved from domain {da} to {db}"))
    if a.title != b.title:
        ch.append(Change(kind="retitled", old=a.title, new=b.title, text=f"title: {a.title!r} → {b.title!r}"))
    if a.statement != b.statement:
        ch.append(Change(kind="reworded", old=a.statement, new=b.statement, text="statement reworded"))
    if a.gating != b.gating:
        kind: ChangeKind = "gating_added" if b.gating else "gating_removed"
        ch.append(Change(kind=kind, old=str(a.gating).lower(), new=str(b.gating).lower(),
                         text="now gating: failing it caps the domain tier" if b.gating else "no longer gating"))
    if a.weight != b.weight:
        ch.append(Change(kind="reweighted", old=str(a.weight), new=str(b.weight),
                         text=f"weight {a.weight} → {b.weight}"))
    same_metric = a.metric == b.metric
    if not same_metric:
        ch.append(Change(kind="metric_changed", old=a.metric.describe(), new=b.metric.describe(),
                         text=f"metric: {a.metric.describe()} → {b.metric.describe()}"))
    tiers = list(cb.tier_ids) + [t for t in ca.tier_ids if t not in cb.tier_ids]
    for t in tiers:
        ta, tb = a.targets.get(t), b.targets.get(t)
        if ta is None and tb is None:
            continue
        if ta is None:
            assert tb is not None
            ch.append(Change(kind="newly_required", tier=t, new=b.metric.format_target(tb.value),
                             text=f"now required at {t}: {b.metric.format_target(tb.value)}"))
            continue
        if tb is None:
            ch.append(Change(kind="no_longer_required", tier=t, old=a.metric.format_target(ta.value),
                             text=f"no longer required at {t} (was {a.metric.format_target(ta.value)})"))
            continue
        old_s, new_s = a.metric.format_target(ta.value), b.metric.format_target(tb.value)
        ra, rb = a.metric.rank(ta.value), b.metric.rank(tb.value)
        if same_metric and ra is not None and rb is not None and ra != rb:
            kind = "tightened" if rb > ra else "loosened"
            ch.append(Change(kind=kind, tier=t, old=old_s, new=new_s, text=f"{t} target {kind}: {old_s} → {new_s}"))
        elif not same_metric and old_s != new_s:
            ch.append(Change(kind="metric_changed", tier=t, old=old_s, new=new_s,
                             text=f"{t} target {old_s} → {new_s} (not comparable: the metric changed)"))
        if ta.basis != tb.basis and (ra == rb or not same_metric):
            ch.append(Change(kind="text_changed", tier=t, old=ta.basis, new=tb.basis, text=f"{t} target basis changed"))
    if a.references != b.references:
        ra_, rb_ = _refs(a), _refs(b)
        gone = [r for r in ra_ if r not in rb_]
        new = [r for r in rb_ if r not in ra_]
        parts = ([f"added {' | '.join(new)}"] if new else []) + ([f"removed {' | '.join(gone)}"] if gone else [])
        ch.append(Change(kind="references_changed", old=" | ".join(ra_), new=" | ".join(rb_),
                         text="references " + ("; ".join(parts) or "reordered")))
    ea, eb = a.evidence, b.evidence
    stricter: list[str] = []
    laxer: list[str] = []
    for t in tiers:
        va, vb = ea.verification.get(t), eb.verification.get(t)
        if va and vb and va != vb:
            (stricter if vb > va else laxer).append(f"{t} {va} → {vb}")
    if ea.max_age_days != eb.max_age_days:
        (stricter if eb.max_age_days < ea.max_age_days else laxer).append(
            f"max age {ea.max_age_days} → {eb.max_age_days} days")
    if stricter:
        ch.append(Change(kind="evidence_tightened", text="evidence stricter: " + ", ".join(stricter)))
    if laxer:
        ch.append(Change(kind="evidence_loosened", text="evidence laxer: " + ", ".join(laxer)))
    other = [name for name in ("rationale", "remediation", "tags") if getattr(a, name) != getattr(b, name)]
    if ea.expects != eb.expects:
        other.append("evidence expected")
    if other:
        ch.append(Change(kind="text_changed", text="changed: " + ", ".join(other)))
    return ch


def _reasons(entries: Sequence[ChangelogEntry], ids: Sequence[str]) -> tuple[str, ...]:
    pats = [re.compile(rf"(?<![A-Z0-9-]){re.escape(i)}(?![0-9a-z])") for i in ids]
    return tuple(line for e in entries for line in e.changes if any(p.search(line) for p in pats))


def _criterion_change(cid: str, old_id: str | None, domain: str, title: str, changes: list[Change],
                      reasons: tuple[str, ...]) -> CriterionChange:
    kinds = tuple(dict.fromkeys(c.kind for c in changes))
    return CriterionChange(id=cid, old_id=old_id, domain=domain, title=title, kinds=kinds, changes=tuple(changes),
                           reasons=reasons, tightening=any(k in TIGHTENING for k in kinds),
                           loosening=any(k in LOOSENING for k in kinds))


def _meta_changes(a: Catalog, b: Catalog) -> list[MetaChange]:
    out: list[MetaChange] = []
    ra, rb = a.meta.tier_rules, b.meta.tier_rules
    if ra.domain.method != rb.domain.method or ra.domain.threshold != rb.domain.threshold:
        ta, tb = ra.domain.threshold, rb.domain.threshold
        tighter = ra.domain.method == rb.domain.method == "threshold" and (tb or 0) > (ta or 0)
        looser = ra.domain.method == rb.domain.method == "threshold" and (tb or 0) < (ta or 0)
        out.append(MetaChange(what="tier_rules.domain", tightening=tighter or rb.domain.method == "all" != ra.domain.method,
                              loosening=looser, text=f"domain rule {ra.domain.method} {ta or ''} → "
                                                     f"{rb.domain.method} {tb or ''}".replace("  ", " ")))
    if ra.overall != rb.overall:
        out.append(MetaChange(what="tier_rules.overall", tightening=False, loosening=False,
                              text=f"overall rule {ra.overall.method} → {rb.overall.method}"))
    ta_ids, tb_ids = a.tier_ids, b.tier_ids
    if ta_ids != tb_ids:
        out.append(MetaChange(what="tiers", tightening=False, loosening=False,
                              text=f"tiers {', '.join(ta_ids)} → {', '.join(tb_ids)}"))
    da = [d.id for d in a.meta.domains]
    db = [d.id for d in b.meta.domains]
    if da != db:
        out.append(MetaChange(what="domains", tightening=False, loosening=False,
                              text=f"domains {', '.join(da)} → {', '.join(db)}"))
    pa, pb = a.meta.reciprocity, b.meta.reciprocity
    la = [lv.id for lv in pa.levels]
    lb = [lv.id for lv in pb.levels]
    for tier in dict.fromkeys([*pa.host_commitments, *pb.host_commitments]):
        ca, cb = pa.host_commitments.get(tier, {}), pb.host_commitments.get(tier, {})
        for did in dict.fromkeys([*ca, *cb]):
            va, vb = ca.get(did), cb.get(did)
            if va == vb:
                continue
            lower = va is not None and vb is not None and va in la and vb in lb and lb.index(vb) < la.index(va)
            higher = va is not None and vb is not None and va in la and vb in lb and lb.index(vb) > la.index(va)
            out.append(MetaChange(what=f"reciprocity.host_commitments.{tier}.{did}", tightening=lower,
                                  loosening=higher,
                                  text=f"host commits {va or 'nothing'} → {vb or 'nothing'} in {did} at {tier}"
                                       + (" (the host commits less)" if lower else "")))
    ea, eb = pa.partner_expectations, pb.partner_expectations
    for tier in dict.fromkeys([*ea.parity_target, *eb.parity_target]):
        va_, vb_ = ea.parity_target.get(tier), eb.parity_target.get(tier)
        if va_ != vb_:
            out.append(MetaChange(what=f"reciprocity.partner_expectations.parity_target.{tier}",
                                  tightening=va_ is not None and vb_ is not None and vb_ > va_,
                                  loosening=va_ is not None and vb_ is not None and vb_ < va_,
                                  text=f"parity target at {tier} {va_} → {vb_}"))
    for cap in dict.fromkeys([*ea.by_capability, *eb.by_capability]):
        va, vb = ea.by_capability.get(cap), eb.by_capability.get(cap)
        if va != vb and va in la and vb in lb:
            out.append(MetaChange(what=f"reciprocity.partner_expectations.by_capability.{cap}",
                                  tightening=lb.index(vb) > la.index(va), loosening=lb.index(vb) < la.index(va),
                                  text=f"partner with capability {cap} expected {va} → {vb}"))
    if pa.host_lead_cap != pb.host_lead_cap:
        out.append(MetaChange(what="reciprocity.host_lead_cap",
                              tightening=pb.host_lead_cap is not None and (pa.host_lead_cap is None
                                                                           or pb.host_lead_cap < pa.host_lead_cap),
                              loosening=pa.host_lead_cap is not None and (pb.host_lead_cap is None
                                                                          or pb.host_lead_cap > pa.host_lead_cap),
                              text=f"host lead cap {pa.host_lead_cap} → {pb.host_lead_cap}"))
    return out


def diff_catalogs(old: Catalog, new: Catalog) -> CatalogDiff:
    """What changed from `old` to `new`, criterion by criterion, following renames."""
    _check_same_catalog(old, new)
    forward = id_map(old, new)
    backward = {n: o for o, n in forward.items()}
    going_back = _version_key(old.meta.version) > _version_key(new.meta.version)
    entries = _entries_between(new, old) if going_back else _entries_between(old, new)
    renamed = {o: n for o, n in forward.items() if o != n}
    changes: list[CriterionChange] = []
    unchanged = 0
    for c in new.criteria:
        oid = backward.get(c.id)
        if oid is None:
            text = f"new criterion at {', '.join(t for t in new.tier_ids if t in c.targets)}" + (
                ", gating" if c.gating else "")
            changes.append(_criterion_change(c.id, None, new.domain_of[c.id], c.title,
                                             [Change(kind="added", new=c.id, text=text)], _reasons(entries, [c.id])))
            continue
        found = _compare(old.by_id[oid], c, old, new)
        if found:
            changes.append(_criterion_change(c.id, oid if oid != c.id else None, new.domain_of[c.id], c.title,
                                             found, _reasons(entries, [c.id, oid])))
        else:
            unchanged += 1
    for c in old.criteria:
        if c.id not in forward:
            changes.append(_criterion_change(c.id, c.id, old.domain_of[c.id], c.title,
                                             [Change(kind="removed", old=c.id, text="criterion removed")],
                                             _reasons(entries, [c.id])))
    counts = {k: sum(1 for c in changes if k in c.kinds) for k in CHANGE_CLASSES}
    meta = _meta_changes(old, new)
    tightened = [c.id for c in changes if c.tightening] + [m.what for m in meta if m.tightening]
    loosened = [c.id for c in changes if c.loosening] + [m.what for m in meta if m.loosening]
    return CatalogDiff(
        old=old.ref, new=new.ref, old_digest=old.digest, new_digest=new.digest, renamed=renamed,
        changelog=tuple(ChangelogView(version=e.version, date=e.date.isoformat(), changes=e.changes,
                                      renamed=dict(e.renamed)) for e in entries),
        criteria=tuple(changes), unchanged=unchanged, counts={k: v for k, v in counts.items() if v},
        meta=tuple(meta), tightened=tuple(tightened), loosened=tuple(loosened), rule=_DIFF_RULE, backward=going_back)


# -- assessment diff ------------------------------------------------------------------------------

def translate(assessment: Assessment, frm: Catalog, to: Catalog) -> tuple[Assessment, tuple[str, ...]]:
    """`assessment` (pinned to `frm`) re-expressed for `to`: findings renamed; findings for criteria
    `to` lacks dropped (returned, by their `frm` id). Criteria only `to` has stay unassessed."""
    if frm.ref == to.ref:
        return assessment, ()
    mapping = id_map(frm, to)
    findings = {mapping[cid]: f for cid, f in assessment.findings.items() if cid in mapping}
    dropped = tuple(cid for cid in assessment.findings if cid not in mapping)
    return assessment.model_copy(update={"findings": findings, "catalog": to.ref, "catalog_digest": None}), dropped


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


class CriterionDelta(Result):
    id: str
    old_id: str | None
    domain: str
    title: str
    #: What changed: value, status, tier, verified_tier; "added"/"removed" for criteria only one
    #: catalog has.
    changed: tuple[str, ...]
    old_status: str | None
    new_status: str | None
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
    host_status_old: str
    host_status_new: str
    partner_status_old: str
    partner_status_new: str
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


DECOMPOSITION = ("total = S(NEW, B) − S(OLD, A); progress = S(NEW, A) − S(OLD, A) (the partner's change under "
                 "OLD's catalog A); goalposts = S(NEW, B) − S(NEW, A) (NEW's catalog B against A, on the same "
                 "assessment); progress + goalposts = total")


def _tier_phrase(catalog: Catalog, tier: int) -> str:
    return catalog.tier_name(tier) if tier else "none"


def _culprit_phrase(ids: list[str], cdiff: CatalogDiff | None, new_ref: str) -> str:
    if not ids or cdiff is None:
        return f"{new_ref}'s changes"
    words = []
    for cid in ids[:3]:
        cc = cdiff.for_id(cid)
        kinds = cc.kinds if cc else ()
        if "added" in kinds:
            words.append(f"new {cid}")
        elif "tightened" in kinds:
            words.append(f"tightened {cid} target")
        elif "newly_required" in kinds:
            words.append(f"{cid} newly required")
        elif "gating_added" in kinds:
            words.append(f"{cid} now gating")
        elif "loosened" in kinds:
            words.append(f"loosened {cid} target")
        elif "removed" in kinds:
            words.append(f"removed {cid}")
        else:
            words.append(f"changed {cid}")
    more = f" and {len(ids) - 3} more" if len(ids) > 3 else ""
    joined = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return f"{new_ref}'s {joined}{more}"


def _tier_delta(label: str, view: str, ca: Catalog, cb: Catalog, old: int, new: int, new_a: int, old_b: int,
                culprits: list[str], cdiff: CatalogDiff | None) -> TierDelta:
    total, progress, goalposts = new - old, new_a - old, new - new_a
    o, n, na = _tier_phrase(ca, old), _tier_phrase(cb, new), _tier_phrase(ca, new_a)
    head = f"{label} ({view}): {o} → {n}"
    if total == progress == goalposts == 0:
        text = head + " (no change" + (f", same catalog {ca.ref})" if ca.ref == cb.ref else
                                       " under either catalog version)")
    elif ca.ref == cb.ref:
        text = head + f" (progress {signed(progress)}, same catalog {ca.ref})"
    else:
        text = head + f". Under {ca.ref} the partner would have reached {na} (progress {signed(progress)}); "
        who = _culprit_phrase(culprits, cdiff, cb.ref)
        one = len(culprits) == 1
        if goalposts == 0:
            text += f"{cb.ref}'s changes do not move it (goalposts 0)"
        else:
            verb = ("hold" if new == old else "lower") if goalposts < 0 else "raise"
            verb = verb + "s" if one else verb
            text += f"{who} {verb} it {'at' if verb.startswith('hold') else 'to'} {n} (goalposts {signed(goalposts)})"
    return TierDelta(old=old, new=new, old_id=ca.tier_name(old), new_id=cb.tier_name(new), new_under_old=new_a,
                     new_under_old_id=ca.tier_name(new_a), old_under_new=old_b, old_under_new_id=cb.tier_name(old_b),
                     total=total, progress=progress, goalposts=goalposts, text=text)


def _readiness_delta(label: str, view: str, old: float, new: float, new_a: float, old_b: float,
                     same: bool) -> ReadinessDelta:
    total = round(new - old, 1)
    progress = round(new_a - old, 1)
    goalposts = round(total - progress, 1)  # from the rounded parts, so that they sum exactly
    text = f"{label} readiness ({view}): {old:.1f}% → {new:.1f}% ({signed(total, '.1f')} points"
    text += ")" if same else f": progress {signed(progress, '.1f')}, goalposts {signed(goalposts, '.1f')})"
    return ReadinessDelta(old=old, new=new, new_under_old=new_a, old_under_new=old_b, total=total,
                          progress=progress, goalposts=goalposts, text=text)


def _culprits(domain: str | None, s_new_a: Score, s_new_b: Score, to_b: dict[str, str],
              cdiff: CatalogDiff | None, sign: int) -> list[str]:
    """Criteria (NEW's ids) whose tier moved in direction `sign` between NEW under A and under B,
    plus criteria only B has that sit below the tier NEW reached under A (sign < 0)."""
    if cdiff is None:
        return []
    a_tiers = {to_b[cs.id]: cs.tier for cs in s_new_a.criteria if cs.id in to_b}
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
        out = [c.id for c in cdiff.criteria if (domain is None or c.domain == domain) and c.tightening
               and c.id in {cs.id for cs in s_new_b.criteria}]
    return out


def _scope(label: str, name: str, domain: str | None, ca: Catalog, cb: Catalog, scores: dict[str, Score],
           to_b: dict[str, str], cdiff: CatalogDiff | None) -> ScopeDelta:
    def pick(s: Score, view: str) -> tuple[int, float]:
        v = s.view(view)  # type: ignore[arg-type]
        if domain is None:
            return v.overall_tier, v.readiness
        d = next(d for d in v.domains if d.id == domain)
        return d.tier, d.readiness

    same = ca.ref == cb.ref
    out = {}
    for view in ("claimed", "verified"):
        (o, ro), (n, rn), (na, rna), (ob, rob) = (pick(scores[k], view) for k in ("old_a", "new_b", "new_a", "old_b"))
        g = n - na
        culprits = _culprits(domain, scores["new_a"], scores["new_b"], to_b, cdiff, -1 if g < 0 else 1) if g else []
        out[view] = (_tier_delta(label, view, ca, cb, o, n, na, ob, culprits, cdiff),
                     _readiness_delta(label, view, ro, rn, rna, rob, same))
    return ScopeDelta(id=domain or "overall", name=name, claimed=out["claimed"][0], verified=out["verified"][0],
                      readiness=out["claimed"][1], verified_readiness=out["verified"][1])


def _criteria_deltas(ca: Catalog, cb: Catalog, scores: dict[str, Score], to_b: dict[str, str],
                     cdiff: CatalogDiff | None) -> tuple[list[CriterionDelta], int]:
    to_a = {b: a for a, b in to_b.items()}
    old_a = {cs.id: cs for cs in scores["old_a"].criteria}
    new_a = {cs.id: cs for cs in scores["new_a"].criteria}
    out: list[CriterionDelta] = []
    unchanged = 0
    for nb in scores["new_b"].criteria:
        aid = to_a.get(nb.id)
        ob = old_a.get(aid) if aid else None
        na = new_a.get(aid) if aid else None
        crit_b = cb.by_id[nb.id]
        cc = cdiff.for_id(nb.id) if cdiff else None
        if ob is None:
            changed: tuple[str, ...] = ("added",)
        else:
            changed = tuple(k for k, hit in (
                ("status", ob.status != nb.status), ("value", ob.value != nb.value),
                ("tier", ca.tier_name(ob.tier) != cb.tier_name(nb.tier)),
                ("verified_tier", ca.tier_name(ob.verified_tier) != cb.tier_name(nb.verified_tier))) if hit)
        if not changed:
            unchanged += 1
            continue
        crit_a = ca.by_id[aid] if aid else None
        out.append(CriterionDelta(
            id=nb.id, old_id=aid if aid and aid != nb.id else None, domain=nb.domain, title=nb.title, changed=changed,
            old_status=ob.status if ob else None, new_status=nb.status, old_value=ob.value if ob else None,
            new_value=nb.value, old_shown=_shown(crit_a, ob.status, ob.value) if ob and crit_a else "—",
            new_shown=_shown(crit_b, nb.status, nb.value),
            old_tier=ca.tier_name(ob.tier) if ob else None, new_tier=cb.tier_name(nb.tier),
            new_tier_under_old=ca.tier_name(na.tier) if na and ca.ref != cb.ref else None,
            old_verified_tier=ca.tier_name(ob.verified_tier) if ob else None,
            new_verified_tier=cb.tier_name(nb.verified_tier),
            progress=(na.tier - ob.tier) if na and ob else None,
            goalposts=(nb.tier - na.tier) if na else None,
            catalog_changes=tuple(cc.kinds) if cc else ()))
    for oa in scores["old_a"].criteria:
        if oa.id in to_b:
            continue
        crit_a = ca.by_id[oa.id]
        out.append(CriterionDelta(
            id=oa.id, old_id=oa.id, domain=oa.domain, title=oa.title, changed=("removed",), old_status=oa.status,
            new_status=None, old_value=oa.value, new_value=None, old_shown=_shown(crit_a, oa.status, oa.value),
            new_shown="—", old_tier=ca.tier_name(oa.tier), new_tier=None, new_tier_under_old=None,
            old_verified_tier=ca.tier_name(oa.verified_tier), new_verified_tier=None, progress=None, goalposts=None,
            catalog_changes=("removed",)))
    return out, unchanged


def _criterion_sentence(c: CriterionDelta, ca: Catalog, cb: Catalog, cdiff: CatalogDiff | None) -> str:
    """One criterion whose tier the catalog change moved: the same split, in words."""
    assert c.goalposts is not None and c.progress is not None
    name = f"{c.old_id} → {c.id}" if c.old_id else c.id
    who = _culprit_phrase([c.id], cdiff, cb.ref)
    verb = ("holds" if c.new_tier == c.old_tier else "lowers") if c.goalposts < 0 else "raises"
    return (f"{name} {c.title}: {c.old_shown} → {c.new_shown}, {c.old_tier} → {c.new_tier}. Under {ca.ref} it "
            f"would have reached {c.new_tier_under_old} (progress {signed(c.progress)}); {who} {verb} it "
            f"{'at' if verb == 'holds' else 'to'} {c.new_tier} (goalposts {signed(c.goalposts)})")


def _shown(c: Criterion, status: str, value: FindingValue | None) -> str:
    return c.metric.format_value(value) if status == "assessed" else status.replace("_", " ")


def _reciprocity(ca: Catalog, cb: Catalog, old: Assessment, new: Assessment, s_old: Score,
                 s_new: Score) -> ReciprocityDelta | None:
    try:
        from roadmap.engine.reciprocity import ledger
    except ImportError:  # pragma: no cover - the reciprocity engine is optional
        return None
    lo, ln = ledger(ca, old, s_old), ledger(cb, new, s_new)
    levels_a = [lv.id for lv in ca.meta.reciprocity.levels]
    levels_b = [lv.id for lv in cb.meta.reciprocity.levels]
    by_old = {d.id: d for d in lo.disciplines}
    out = []
    for dn in ln.disciplines:
        do = by_old.get(dn.id)
        if do is None:
            continue
        change = levels_b.index(dn.host.committed) - levels_a.index(do.host.committed)
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
            partner_status_new=dn.partner.status, committed_change=change, text=text))
    return ReciprocityDelta(disciplines=tuple(out), parity_old=lo.parity, parity_new=ln.parity, broken_old=lo.broken,
                            broken_new=ln.broken, short_old=lo.short, short_new=ln.short)


def check_round_order(earlier: str, earlier_as_of: dt.date, later: str, later_as_of: dt.date) -> None:
    """Refuse rounds given in the wrong order (`diff OLD NEW`, `report NEW --previous OLD`): compared
    backwards, every improvement would read as a regression."""
    if earlier_as_of > later_as_of:
        raise UsageError(f"{earlier} is as of {earlier_as_of.isoformat()}, later than {later} "
                         f"({later_as_of.isoformat()}): give the earlier round first")


def diff_assessments(old: Round, new: Round) -> AssessmentDiff:
    """OLD round → NEW round of one partner, each scored at its own as_of; see the module rules."""
    (fo, ca, ao), (fn, cb, an) = old, new
    _check_same_catalog(ca, cb)
    if (ao.partner, ao.host) != (an.partner, an.host):
        raise UsageError(f"cannot compare assessments of different partners: {ao.partner} with {ao.host} ({fo}) "
                         f"and {an.partner} with {an.host} ({fn})")
    check_round_order(f"OLD {fo}", ao.as_of, f"NEW {fn}", an.as_of)
    new_in_a, dropped_new = translate(an, cb, ca)
    old_in_b, dropped_old = translate(ao, ca, cb)
    scores = {"old_a": score(ca, ao), "new_b": score(cb, an)}
    same = ca.ref == cb.ref
    scores["new_a"] = scores["new_b"] if same else score(ca, new_in_a)
    scores["old_b"] = scores["old_a"] if same else score(cb, old_in_b)
    to_b = id_map(ca, cb) if not same else {c.id: c.id for c in ca.criteria}
    cdiff = None if same else diff_catalogs(ca, cb)
    overall = _scope("Overall", "Overall", None, ca, cb, scores, to_b, cdiff)
    dom_a = {d.id for d in ca.meta.domains}
    domains = tuple(_scope(d.name, d.name, d.id, ca, cb, scores, to_b, cdiff)
                    for d in cb.meta.domains if d.id in dom_a)
    criteria, unchanged = _criteria_deltas(ca, cb, scores, to_b, cdiff)
    recip = _reciprocity(ca, cb, ao, an, scores["old_a"], scores["new_b"])
    regressions = []
    for scope in (overall, *domains):
        for view in ("claimed", "verified"):
            td: TierDelta = getattr(scope, view)
            if td.total < 0:
                regressions.append(f"{scope.name} {view} tier {td.old_id} → {td.new_id}")
    if recip is not None:
        regressions.extend(f"{d.id} host commitment {d.committed_old} → {d.committed_new}"
                           for d in recip.disciplines if d.committed_change < 0)
    summary = [overall.claimed.text, overall.verified.text, overall.readiness.text]
    summary.extend(s.claimed.text for s in domains if s.claimed.total or s.claimed.goalposts)
    summary.extend(_criterion_sentence(c, ca, cb, cdiff) for c in criteria if c.goalposts)
    return AssessmentDiff(
        partner=an.partner, host=an.host, old_file=fo, new_file=fn, old_as_of=ao.as_of.isoformat(),
        new_as_of=an.as_of.isoformat(), old_catalog=ca.ref, new_catalog=cb.ref, catalogs_differ=not same,
        overall=overall, domains=domains, criteria=tuple(criteria), unchanged=unchanged,
        dropped_old=dropped_old, dropped_new=dropped_new, catalog_diff=cdiff, reciprocity=recip,
        regressions=tuple(regressions), summary=tuple(summary), rule=DECOMPOSITION)


__all__ = [
    "CHANGE_CLASSES",
    "DECOMPOSITION",
    "TIGHTENING",
    "AssessmentDiff",
    "CatalogDiff",
    "CriterionChange",
    "CriterionDelta",
    "ReadinessDelta",
    "ScopeDelta",
    "TierDelta",
    "diff_assessments",
    "diff_catalogs",
    "id_map",
    "translate",
]
