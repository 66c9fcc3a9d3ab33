"""Criterion ids and measures across versions of one catalog: the first step of every diff
(docs/diff.md).

Ids follow renames: the newer catalog's changelog entries after the older version, applied oldest
first, map each old id to its new id (`renamed: {old: new}`). Going from a newer version to an older
one follows the same renames backwards.

Measures follow their ids. A criterion of one measure (the 1.x form) that became one of several
(or the reverse) carries its measure to the one with the same metric (else the first of the same
kind, else the first; among several of the same metric, the one whose targets kept their values):
PER-04's count of uncleared accesses stays that count, COM-11's share of interconnects through a
cross-domain solution stays that share. A value carried to a
measure whose metric cannot hold it (an ordinal whose levels changed) is not carried: rescored under
the other version, the measure counts as unmet, like a criterion that version added.
"""

from __future__ import annotations

from roadmap.errors import UsageError
from roadmap.models.assessment import Assessment, Finding, FindingValue
from roadmap.models.base import Status, version_key
from roadmap.models.catalog import Catalog, ChangelogEntry, Criterion, Measure


def check_same_catalog(a: Catalog, b: Catalog) -> None:
    """Refuse two different catalogs: only versions of one catalog can be compared."""
    if a.meta.id != b.meta.id:
        raise UsageError(f"cannot compare {a.ref} with {b.ref}: they are different catalogs, not versions of one")


def is_backward(frm: Catalog, to: Catalog) -> bool:
    """Whether `frm` is the later version: the diff goes back in time."""
    return version_key(frm.meta.version) > version_key(to.meta.version)


def changelog_between(older: Catalog, newer: Catalog) -> list[ChangelogEntry]:
    """The changelog entries of `newer` after `older`'s version, up to its own, oldest first."""
    lo, hi = version_key(older.meta.version), version_key(newer.meta.version)
    entries = [e for e in newer.meta.changelog if lo < version_key(e.version) <= hi]
    return sorted(entries, key=lambda e: version_key(e.version))


def id_map(frm: Catalog, to: Catalog) -> dict[str, str]:
    """Each criterion id of `frm` that survives in `to`, mapped to its id there (renames followed
    forwards or backwards, whichever way the versions go)."""
    check_same_catalog(frm, to)
    if not is_backward(frm, to):
        entries = changelog_between(frm, to)
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


def translate(assessment: Assessment, frm: Catalog, to: Catalog) -> tuple[Assessment, tuple[str, ...]]:
    """`assessment` (pinned to `frm`) re-expressed for `to`: findings renamed, their values carried
    to the measures of `to` (`carried`); findings for criteria `to` lacks dropped (returned, by their
    `frm` id). Criteria only `to` has stay unassessed."""
    if frm.ref == to.ref:
        return assessment, ()
    mapping = id_map(frm, to)
    levels = level_renames(frm, to)
    findings = {mapping[cid]: carried(f, frm.by_id[cid], to.by_id[mapping[cid]], levels.get(mapping[cid]))
                for cid, f in assessment.findings.items() if cid in mapping and cid in frm.by_id}
    dropped = tuple(cid for cid in assessment.findings if cid not in mapping)
    return assessment.model_copy(update={"findings": findings, "catalog": to.ref, "catalog_digest": None}), dropped


def level_renames(frm: Catalog, to: Catalog) -> dict[str, dict[str, str]]:
    """The ordinal levels renamed between the two versions, per criterion (by its id in `to`), as
    `frm`'s name → `to`'s name: the changelog's `levels_renamed`, followed backwards when `frm` is
    the later version."""
    if is_backward(frm, to):
        older_id = {new: old for old, new in id_map(to, frm).items()}
        return {older_id.get(cid, cid): {new: old for old, new in names.items()}
                for cid, names in level_renames(to, frm).items()}
    out: dict[str, dict[str, str]] = {}
    for e in changelog_between(frm, to):
        for cid, names in (e.levels_renamed or {}).items():
            now = out.setdefault(cid, {})
            for old, new in names.items():
                now[next((k for k, v in now.items() if v == old), old)] = new
    return out


def pair_measures(a: Criterion, b: Criterion) -> tuple[list[tuple[Measure, Measure]], list[Measure], list[Measure]]:
    """The measures of `a` matched to those of `b` (see the module's rules): the pairs, the measures
    only `b` has (added) and those only `a` has (removed)."""
    ma, mb = a.all_measures, b.all_measures
    if a.multi and b.multi:
        ids_b = {m.id: m for m in mb}
        pairs = [(m, ids_b[m.id]) for m in ma if m.id in ids_b]
        ids_a = {m.id for m in ma}
        return pairs, [m for m in mb if m.id not in ids_a], [m for m in ma if m.id not in ids_b]
    if not a.multi and not b.multi:
        return [(ma[0], mb[0])], [], []
    if not a.multi:
        kept = _counterpart(ma[0], mb)
        return [(ma[0], kept)], [m for m in mb if m is not kept], []
    kept = _counterpart(mb[0], ma)
    return [(kept, mb[0])], [], [m for m in ma if m is not kept]


def _counterpart(one: Measure, several: tuple[Measure, ...]) -> Measure:
    """The measure of `several` that carries `one`: of those with the same metric, the one with the
    most targets of the same value (the first of them on a tie); else the first of the same kind,
    else the first."""
    same = [m for m in several if m.metric == one.metric]
    if same:
        def kept(m: Measure) -> int:
            return sum(1 for t, target in m.targets.items()
                       if t in one.targets and one.targets[t].value == target.value)
        return max(same, key=kept)  # max keeps the first of equals
    return next((m for m in several if m.metric.type == one.metric.type), several[0])


def carried(finding: Finding, a: Criterion, b: Criterion, levels: dict[str, str] | None = None) -> Finding:
    """`finding` of criterion `a` as a finding of `b` (its counterpart in another catalog version):
    each value goes to the measure that carries it (a renamed level under its new name, `levels`),
    when that measure's metric can hold it; a measure without one counts as unmet, a criterion of
    one measure without one as not assessed."""
    if finding.status is not Status.ASSESSED:
        return finding
    if not a.multi and not b.multi and b.all_measures[0].metric.check(finding.value) is None:
        return finding
    old = {"": finding.value} if not a.multi else dict(finding.values or {})
    values: dict[str, FindingValue] = {}
    for ma, mb in pair_measures(a, b)[0]:
        value = old.get(ma.id)
        if isinstance(value, str) and levels and value in levels:
            value = levels[value]
        if value is not None and mb.metric.check(value) is None:
            values[mb.id] = value
    if b.multi:
        return finding.model_copy(update={"value": None, "values": values})
    if "" in values:
        return finding.model_copy(update={"value": values[""], "values": None})
    return finding.model_copy(update={"status": Status.NOT_ASSESSED, "value": None, "values": None})


__all__ = ["carried", "changelog_between", "check_same_catalog", "id_map", "is_backward", "level_renames",
           "pair_measures", "translate"]
