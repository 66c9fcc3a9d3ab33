"""Criterion ids across versions of one catalog: the first step of every diff (docs/diff.md).

Ids follow renames: the newer catalog's changelog entries after the older version, applied oldest
first, map each old id to its new id (`renamed: {old: new}`). Going from a newer version to an older
one follows the same renames backwards.
"""

from __future__ import annotations

from roadmap.errors import UsageError
from roadmap.models.assessment import Assessment
from roadmap.models.base import version_key
from roadmap.models.catalog import Catalog, ChangelogEntry


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
    """`assessment` (pinned to `frm`) re-expressed for `to`: findings renamed; findings for criteria
    `to` lacks dropped (returned, by their `frm` id). Criteria only `to` has stay unassessed."""
    if frm.ref == to.ref:
        return assessment, ()
    mapping = id_map(frm, to)
    findings = {mapping[cid]: f for cid, f in assessment.findings.items() if cid in mapping}
    dropped = tuple(cid for cid in assessment.findings if cid not in mapping)
    return assessment.model_copy(update={"findings": findings, "catalog": to.ref, "catalog_digest": None}), dropped


__all__ = ["changelog_between", "check_same_catalog", "id_map", "is_backward", "translate"]
