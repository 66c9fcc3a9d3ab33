"""Find, load, digest and freeze criteria catalogs (`criteria/<id>/<version>/`).

A released catalog version is immutable. `criteria/releases.lock` records the SHA-256 of each
released version's canonical content and of each of its criteria; `verify` names every change
made since, and `release` is the only way to add a version to the lock.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roadmap.bundled import bundled
from roadmap.errors import InputError, Problem, UsageError
from roadmap.gcpause import paused
from roadmap.load.validation import sort_problems, validate
from roadmap.load.yamlsource import load_file
from roadmap.models.catalog import Catalog, CatalogMeta, Criterion, DomainFile

LOCK_NAME = "releases.lock"
_REF = re.compile(r"^(?P<id>[a-z][a-z0-9_-]{1,31})(@(?P<version>[0-9]+\.[0-9]+\.[0-9]+))?$")


def criteria_root() -> Path:
    """Where catalogs live: $ROADMAP_CRITERIA_DIR, else the source tree, else the installed wheel."""
    env = os.environ.get("ROADMAP_CRITERIA_DIR")
    if env:
        return Path(env)
    return bundled("criteria")


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("."))


def parse_ref(ref: str) -> tuple[str, str | None]:
    m = _REF.match(ref.strip())
    if not m:
        raise UsageError(f"catalog reference {ref!r}: expected id@version, such as fvey@1.0.0")
    return m["id"], m["version"]


def available_versions(root: Path, catalog_id: str) -> list[str]:
    folder = root / catalog_id
    if not folder.is_dir():
        return []
    versions = [p.name for p in folder.iterdir()
                if p.is_dir() and re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", p.name) and (p / "catalog.yaml").is_file()]
    return sorted(versions, key=version_key)


def catalog_ids(root: Path) -> list[str]:
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and available_versions(root, p.name))


def resolve_ref(root: Path, ref: str, *, released_only: bool = True) -> tuple[str, str]:
    """`fvey@1.0.0` → ("fvey", "1.0.0"); `fvey` → the latest released (or, failing that, any) version."""
    cid, version = parse_ref(ref)
    versions = available_versions(root, cid)
    if not versions:
        known = ", ".join(catalog_ids(root)) or "none"
        raise UsageError(f"catalog {cid!r} not found in {root} (catalogs: {known})")
    if version is None:
        lock = read_lock(root)
        released = [v for v in versions if f"{cid}@{v}" in lock]
        if released_only and released:
            return cid, released[-1]
        return cid, versions[-1]
    if version not in versions:
        raise UsageError(f"catalog version {cid}@{version} not found (available: {', '.join(versions)})")
    return cid, version


_CACHE: dict[tuple[object, ...], Catalog] = {}


def load_catalog(root: Path, cid: str, version: str, *, check_release: bool = True) -> Catalog:
    """Load (once per process, unless its files change) and check a catalog version.

    A version recorded in the release lock must still match it: an edited release is refused
    (exit 2) by every command but `criteria verify`, whose job is to name the edit.
    """
    folder = root / cid / version
    try:
        stamp = tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in folder.glob("*.yaml")))
    except OSError:
        stamp = ()
    key = (str(root.resolve()), cid, version, stamp)
    if key not in _CACHE:
        with paused():
            _CACHE[key] = _load_cached(root, cid, version)
    catalog = _CACHE[key]
    if check_release:
        entry = read_lock(root).get(f"{cid}@{version}")
        if entry is not None and entry.get("digest") != catalog.digest:
            raise InputError([Problem(_display(folder), None, None, "",
                                      f"{cid}@{version} was edited after its release: its content no longer "
                                      f"matches {LOCK_NAME} (roadmap criteria verify names the changes); "
                                      "released versions are frozen, put changes in a new version")])
    return catalog


def _load_cached(root: Path, cid: str, version: str) -> Catalog:
    """From the disk cache when this exact content was loaded before (`roadmap.load.cache`), else from
    the YAML files, caching the result when they hold no problem."""
    from roadmap.load import cache

    key = cache.catalog_key(root / cid / version, cid, version)
    catalog = cache.load(key) if key is not None else None
    if catalog is None:
        catalog = _load(root, cid, version)  # raises InputError on any problem: nothing cached
        if key is not None:
            cache.store(key, catalog)
    return catalog


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def _load(root: Path, cid: str, version: str) -> Catalog:
    folder = root / cid / version
    meta_doc = load_file(folder / "catalog.yaml", _display(folder / "catalog.yaml"))
    meta = validate(CatalogMeta, meta_doc)
    problems: list[Problem] = []
    if meta.id != cid or meta.version != version:
        problems.append(meta_doc.problem(("version",), f"expected {cid}@{version} (the folder it is in), "
                                                       f"found {meta.id}@{meta.version}"))
    domains = {d.id: d for d in meta.domains}
    tier_ids = [t.id for t in meta.tiers]
    criteria: list[Criterion] = []
    domain_of: dict[str, str] = {}
    raw_criteria: dict[str, Any] = {}
    seen: dict[str, str] = {}
    # Ids written in files that failed their own checks: they exist, but were not loaded. Checks
    # that need every criterion (rename targets) must not call them missing; and when a file
    # could not be read at all, which ids it holds is unknown, so such checks are skipped.
    unloaded: set[str] = set()
    all_read = True
    for name in meta.files:
        path = folder / name
        try:
            doc = load_file(path, _display(path))
        except InputError as exc:
            problems.extend(exc.problems)
            all_read = False
            continue
        try:
            dfile = validate(DomainFile, doc)
        except InputError as exc:
            problems.extend(exc.problems)
            written = _written_ids(doc.data)
            if written is None:
                all_read = False
            unloaded.update(written or ())
            continue
        if dfile.domain not in domains:
            problems.append(doc.problem(("domain",), f"expected one of {', '.join(domains)}, found {dfile.domain!r}"))
            unloaded.update(c.id for c in dfile.criteria)
            continue
        prefix = domains[dfile.domain].prefix
        for i, c in enumerate(dfile.criteria):
            at = ("criteria", i)
            shown = f"criteria[{c.id}]"
            if c.id in seen:
                problems.append(doc.problem(at + ("id",), f"duplicate criterion id {c.id} (also in {seen[c.id]})",
                                            shown=shown + ".id"))
                continue
            seen[c.id] = name
            if not c.id.startswith(prefix + "-"):
                problems.append(doc.problem(at + ("id",), f"expected an id starting {prefix}- in domain "
                                                          f"{dfile.domain}, found {c.id}", shown=shown + ".id"))
            for tier in c.targets:
                if tier not in tier_ids:
                    problems.append(doc.problem(at + ("targets", tier), f"expected one of the catalog's tiers "
                                                f"{', '.join(tier_ids)}, found {tier}", key=True,
                                                shown=f"{shown}.targets.{tier}"))
            problems.extend(_monotonic(doc, at, shown, c, tier_ids))
            criteria.append(c)
            domain_of[c.id] = dfile.domain
            raw_criteria[c.id] = {"domain": dfile.domain, "criterion": doc.data["criteria"][i]}
    for i, entry in enumerate(meta.changelog):
        for old, new in entry.renamed.items():
            if new not in seen and new not in unloaded and all_read and entry.version == meta.version:
                problems.append(meta_doc.problem(("changelog", i, "renamed", old),
                                                 f"renamed to {new}, which is not a criterion of this version"))
    if not problems and all_read:
        # A domain without criteria would reach no tier, and hold the overall tier at none.
        filled = set(domain_of.values())
        for i, d in enumerate(meta.domains):
            if d.id not in filled:
                problems.append(meta_doc.problem(("domains", i), f"domain {d.id} has no criteria: list the file "
                                                                  "that holds them under files, or remove the domain",
                                                 shown=f"domains[{d.id}]"))
    if problems:
        raise InputError(sort_problems(problems))
    # Digests are taken over the YAML content as written (not the models' dumps), so that adding
    # an optional field with a default to the models never changes a released version's digest.
    crit_digests = {cid: sha256(canonical(raw)) for cid, raw in raw_criteria.items()}
    digest = sha256(canonical({"meta": meta_doc.data, "criteria": [raw_criteria[c.id] for c in criteria]}))
    return Catalog(meta=meta, criteria=tuple(criteria), domain_of=domain_of, digest=digest,
                   criterion_digests=crit_digests)


def _written_ids(data: Any) -> list[str] | None:
    """The criterion ids written in a domain file's raw data, or None when they cannot all be known."""
    items = data.get("criteria") if isinstance(data, dict) else None
    if not isinstance(items, (list, tuple)):
        return None
    ids = [item.get("id") if isinstance(item, dict) else None for item in items]
    if not all(isinstance(i, str) for i in ids):
        return None
    return ids  # type: ignore[return-value]  # checked above


def _monotonic(doc: Any, at: tuple[Any, ...], shown: str, c: Criterion, tier_ids: list[str]) -> list[Problem]:
    """Each higher tier's target must be at least as strict as the one below it."""
    out: list[Problem] = []
    prev: tuple[str, Any] | None = None
    for tier in tier_ids:
        if tier not in c.targets:
            continue
        value = c.targets[tier].value
        rank = c.metric.rank(value)
        if prev is not None and rank is not None and prev[1] is not None and rank < prev[1]:
            out.append(doc.problem(at + ("targets", tier, "value"),
                                   f"expected a target at least as strict as {prev[0]}'s "
                                   f"({c.targets[prev[0]].value}), found {value}",
                                   shown=f"{shown}.targets.{tier}.value"))
        prev = (tier, rank)
    return out


# -- digests and the release lock ---------------------------------------------------------------

def canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def lock_path(root: Path) -> Path:
    return root / LOCK_NAME


def read_lock(root: Path) -> dict[str, Any]:
    path = lock_path(root)
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError([Problem(_display(path), None, None, "", f"unreadable lock file: {exc}")]) from None
    releases = data.get("releases") if isinstance(data, dict) else None
    if not isinstance(releases, dict):
        raise InputError([Problem(_display(path), None, None, "releases", "expected a mapping of releases")])
    return releases


def lock_entry(catalog: Catalog) -> dict[str, Any]:
    return {
        "digest": catalog.digest,
        "released": catalog.meta.released.isoformat() if catalog.meta.released else None,
        "criteria": dict(catalog.criterion_digests),
    }


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
    problems: list[Problem] = []
    for ref, entry in sorted(lock.items()):
        cid, version = parse_ref(ref)
        if version is None or version not in available_versions(root, cid):
            result.findings.append(f"{ref}: released version is missing from {root}")
            continue
        try:
            catalog = load_catalog(root, cid, version, check_release=False)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        result.checked.append(ref)
        if catalog.meta.status != "released":
            result.findings.append(f"{ref}: status changed from released to {catalog.meta.status}")
        if catalog.digest == entry.get("digest"):
            continue
        locked: dict[str, str] = entry.get("criteria", {})
        now = lock_entry(catalog)["criteria"]
        changed = [cid_ for cid_ in locked if cid_ in now and now[cid_] != locked[cid_]]
        removed = [cid_ for cid_ in locked if cid_ not in now]
        added = [cid_ for cid_ in now if cid_ not in locked]
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
        result.findings.append(f"{ref}: released content was edited: {'; '.join(parts)}; "
                               "released versions are frozen: revert the edit and put it in a new version")
    for cid in catalog_ids(root):
        for version in available_versions(root, cid):
            ref = f"{cid}@{version}"
            if ref in lock:
                continue
            try:
                catalog = load_catalog(root, cid, version)
            except InputError as exc:
                problems.extend(exc.problems)
                continue
            if catalog.meta.status == "released":
                result.findings.append(f"{ref}: marked released but not in {LOCK_NAME}; "
                                       f"run 'roadmap criteria release {ref}'")
    result.problems = sort_problems(list(dict.fromkeys(problems)))
    return result


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
    body = {"comment": "Frozen catalog versions: written by 'roadmap criteria release', checked by "
                       "'roadmap criteria verify'. Do not edit by hand.",
            "releases": dict(sorted(lock.items()))}
    from roadmap.present.output import write_atomic

    write_atomic(lock_path(root), (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode())
    return catalog
