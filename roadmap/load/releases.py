"""Released catalog versions are immutable: `verify` names every change made to one since its release,
and `release` is the only way to add a version to the lock (`roadmap.load.lock`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roadmap.errors import InputError, Problem, UsageError
from roadmap.load.catalogs import available_versions, catalog_ids, load_catalog, parse_ref, resolve_ref
from roadmap.load.lock import LOCK_NAME, lock_entry, read_lock, write_lock
from roadmap.load.validation import sort_problems
from roadmap.models.catalog import Catalog


@dataclass
class VerifyResult:
    checked: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    #: Catalogs that could not be loaded: their problems, in file order (reported with the findings).
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings and not self.problems


def verify(root: Path) -> VerifyResult:
    """Compare every released catalog version with the lock; name what changed."""
    lock = read_lock(root)
    result = VerifyResult()
    # A catalog that cannot be loaded does not stop the others from being checked: every
    # catalog's problems are reported together, in file order, at the end.
    for ref, entry in sorted(lock.items()):
        _check_released(root, ref, entry, result)
    _check_unreleased(root, lock, result)
    result.problems = sort_problems(list(dict.fromkeys(result.problems)))
    return result


def _check_released(root: Path, ref: str, entry: dict[str, Any], result: VerifyResult) -> None:
    cid, version = parse_ref(ref)
    if version is None or version not in available_versions(root, cid):
        result.findings.append(f"{ref}: released version is missing from {root}")
        return
    try:
        catalog = load_catalog(root, cid, version, check_release=False)
    except InputError as exc:
        result.problems.extend(exc.problems)
        return
    result.checked.append(ref)
    if catalog.meta.status != "released":
        result.findings.append(f"{ref}: status changed from released to {catalog.meta.status}")
    if catalog.digest != entry.get("digest"):
        result.findings.append(f"{ref}: released content was edited: {_edits(entry, catalog)}; "
                               "released versions are frozen: revert the edit and put it in a new version")


def _edits(entry: dict[str, Any], catalog: Catalog) -> str:
    """What changed in a released version: its criteria by id, else its metadata."""
    locked: dict[str, str] = entry.get("criteria", {})
    now = lock_entry(catalog)["criteria"]
    changed = [cid for cid in locked if cid in now and now[cid] != locked[cid]]
    removed = [cid for cid in locked if cid not in now]
    added = [cid for cid in now if cid not in locked]
    parts = []
    if changed:
        # Each changed criterion with its own locked and current digest (not the catalog's).
        parts.append("changed " + ", ".join(f"{c} (expected {locked[c]}, found {now[c]})" for c in changed))
    if removed:
        parts.append("removed " + ", ".join(removed))
    if added:
        parts.append("added " + ", ".join(added))
    if not parts:
        parts.append(f"catalog metadata (tiers, rules, reciprocity or changelog) changed "
                     f"(expected {entry.get('digest')}, found {catalog.digest})")
    return "; ".join(parts)


def _check_unreleased(root: Path, lock: dict[str, Any], result: VerifyResult) -> None:
    """A version marked released must be in the lock."""
    for cid in catalog_ids(root):
        for version in available_versions(root, cid):
            ref = f"{cid}@{version}"
            if ref in lock:
                continue
            try:
                catalog = load_catalog(root, cid, version)
            except InputError as exc:
                result.problems.extend(exc.problems)
                continue
            if catalog.meta.status == "released":
                result.findings.append(f"{ref}: marked released but not in {LOCK_NAME}; "
                                       f"run 'roadmap criteria release {ref}'")


def release(root: Path, ref: str) -> Catalog:
    """Add a catalog version to the lock. Refuses drafts and versions already released."""
    cid, version = parse_ref(ref)
    if version is None:
        raise UsageError("name the exact version to release, such as fvey@1.1.0")
    cid, version = resolve_ref(root, ref, released_only=False)
    catalog = load_catalog(root, cid, version)
    lock = read_lock(root)
    key = f"{cid}@{version}"
    if key in lock:
        raise UsageError(f"{key} is already released; released versions are frozen, make a new version")
    if catalog.meta.status != "released" or catalog.meta.released is None:
        raise UsageError(f"{key}: set 'status: released' and 'released: YYYY-MM-DD' in its catalog.yaml first")
    lock[key] = lock_entry(catalog)
    write_lock(root, lock)
    return catalog
