"""Find and load criteria catalogs (`criteria/<id>/<version>/`): catalog references, every file of a
version read and checked together, and the catalog's digests.

A released version is immutable: one whose content no longer matches the release lock
(`roadmap.load.lock`) is refused here; `roadmap.load.releases` names the changes.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roadmap.bundled import bundled
from roadmap.errors import InputError, Problem, UsageError
from roadmap.gcpause import paused
from roadmap.load.files import shown_path
from roadmap.load.lock import LOCK_NAME, canonical, read_lock, sha256
from roadmap.load.validation import sort_problems, validate
from roadmap.load.yamlsource import YamlFile, load_file
from roadmap.models.catalog import Catalog, CatalogMeta, Criterion, Domain, DomainFile

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
            raise InputError([Problem(shown_path(folder), None, None, "",
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


def _load(root: Path, cid: str, version: str) -> Catalog:
    """Read and check every file of a catalog version: all their problems at once, or the catalog."""
    folder = root / cid / version
    meta_doc = load_file(folder / "catalog.yaml", shown_path(folder / "catalog.yaml"))
    reading = _Reading(validate(CatalogMeta, meta_doc), meta_doc)
    meta = reading.meta
    if meta.id != cid or meta.version != version:
        reading.problems.append(meta_doc.problem(("version",), f"expected {cid}@{version} (the folder it is in), "
                                                               f"found {meta.id}@{meta.version}"))
    for name in meta.files:
        reading.read(folder / name, name)
    reading.check_renames()
    if not reading.problems and reading.all_read:
        reading.check_domains_filled()
        reading.check_rollup()
    if reading.problems:
        raise InputError(sort_problems(reading.problems))
    return reading.catalog()


@dataclass
class _Reading:
    """What reading one catalog version's domain files has found so far."""

    meta: CatalogMeta
    meta_doc: YamlFile
    problems: list[Problem] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=list)
    domain_of: dict[str, str] = field(default_factory=dict)
    #: Each criterion as written, with its domain: what its digest is taken over.
    raw_criteria: dict[str, Any] = field(default_factory=dict)
    #: Criterion id → the file it was first read from.
    seen: dict[str, str] = field(default_factory=dict)
    # Ids written in files that failed their own checks: they exist, but were not loaded. Checks
    # that need every criterion (rename targets) must not call them missing; and when a file
    # could not be read at all, which ids it holds is unknown, so such checks are skipped.
    unloaded: set[str] = field(default_factory=set)
    all_read: bool = True
    domains: dict[str, Domain] = field(init=False)
    tier_ids: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.domains = {d.id: d for d in self.meta.domains}
        self.tier_ids = [t.id for t in self.meta.tiers]

    def read(self, path: Path, name: str) -> None:
        """One domain file: its criteria, or its problems."""
        try:
            doc = load_file(path, shown_path(path))
        except InputError as exc:
            self.problems.extend(exc.problems)
            self.all_read = False
            return
        try:
            dfile = validate(DomainFile, doc)
        except InputError as exc:
            self.problems.extend(exc.problems)
            written = _written_ids(doc.data)
            if written is None:
                self.all_read = False
            self.unloaded.update(written or ())
            return
        if dfile.domain not in self.domains:
            self.problems.append(doc.problem(("domain",), f"expected one of {', '.join(self.domains)}, "
                                                          f"found {dfile.domain!r}"))
            self.unloaded.update(c.id for c in dfile.criteria)
            return
        for i, c in enumerate(dfile.criteria):
            self._criterion(doc, name, dfile.domain, self.domains[dfile.domain].prefix, i, c)

    def _criterion(self, doc: YamlFile, name: str, domain: str, prefix: str, i: int, c: Criterion) -> None:
        at = ("criteria", i)
        shown = f"criteria[{c.id}]"
        if c.id in self.seen:
            self.problems.append(doc.problem(at + ("id",), f"duplicate criterion id {c.id} (also in "
                                                           f"{self.seen[c.id]})", shown=shown + ".id"))
            return
        self.seen[c.id] = name
        if not c.id.startswith(prefix + "-"):
            self.problems.append(doc.problem(at + ("id",), f"expected an id starting {prefix}- in domain "
                                                           f"{domain}, found {c.id}", shown=shown + ".id"))
        tier_ids = self.tier_ids
        for tier in c.targets:
            if tier not in tier_ids:
                self.problems.append(doc.problem(at + ("targets", tier), f"expected one of the catalog's tiers "
                                                 f"{', '.join(tier_ids)}, found {tier}", key=True,
                                                 shown=f"{shown}.targets.{tier}"))
        self.problems.extend(_monotonic(doc, at, shown, c, tier_ids))
        self.criteria.append(c)
        self.domain_of[c.id] = domain
        self.raw_criteria[c.id] = {"domain": domain, "criterion": doc.data["criteria"][i]}

    def check_renames(self) -> None:
        """A rename in this version's changelog must lead to one of its criteria."""
        for i, entry in enumerate(self.meta.changelog):
            for old, new in entry.renamed.items():
                if new not in self.seen and new not in self.unloaded and self.all_read \
                        and entry.version == self.meta.version:
                    self.problems.append(self.meta_doc.problem(("changelog", i, "renamed", old),
                                                               f"renamed to {new}, which is not a criterion "
                                                               "of this version"))

    def check_domains_filled(self) -> None:
        """A domain without criteria would reach no tier, and hold the overall tier at none."""
        filled = set(self.domain_of.values())
        for i, d in enumerate(self.meta.domains):
            if d.id not in filled:
                self.problems.append(self.meta_doc.problem(
                    ("domains", i), f"domain {d.id} has no criteria: list the file that holds them under files, "
                                    "or remove the domain", shown=f"domains[{d.id}]"))

    def check_rollup(self) -> None:
        """Each selector of the roll-up rule's `weakest_for` selects some criterion (a mistyped tag
        would silently select none)."""
        rule = self.meta.rollup
        for i, selector in enumerate(rule.weakest_for if rule is not None else ()):
            if selector == "gating":
                hit = any(c.gating for c in self.criteria)
            elif selector.startswith("tag:"):
                hit = any(selector[4:] in c.tags for c in self.criteria)
            else:
                hit = selector in self.seen
            if not hit:
                self.problems.append(self.meta_doc.problem(("rollup", "weakest_for", i),
                                                           f"{selector} selects no criterion of this version"))

    def catalog(self) -> Catalog:
        crit_digests = {cid: sha256(canonical(raw)) for cid, raw in self.raw_criteria.items()}
        digest = sha256(canonical({"meta": self.meta_doc.data,
                                   "criteria": [self.raw_criteria[c.id] for c in self.criteria]}))
        return Catalog(meta=self.meta, criteria=tuple(self.criteria), domain_of=self.domain_of, digest=digest,
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


def _monotonic(doc: YamlFile, at: tuple[Any, ...], shown: str, c: Criterion, tier_ids: list[str]) -> list[Problem]:
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
