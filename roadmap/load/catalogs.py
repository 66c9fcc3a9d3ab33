"""Find and load criteria catalogs (`criteria/<id>/<version>/`): catalog references, every file of a
version read and checked together, and the catalog's digests.

A released version is immutable, and used only while in force: `roadmap.load.standing` refuses one
that no longer matches its entry in the release log, or that both sides have not signed;
`roadmap.load.releases` names the changes.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roadmap.bundled import bundled
from roadmap.errors import InputError, Problem, UsageError
from roadmap.gcpause import paused
from roadmap.load.digests import canonical, sha256
from roadmap.load.files import shown_path
from roadmap.load.ids import close_matches
from roadmap.load.releaselog import read_log
from roadmap.load.trust import STRICT, Trust
from roadmap.load.validation import identity_path, sort_problems, validate
from roadmap.load.yamlsource import YamlFile, load_file, strings
from roadmap.models.base import version_key
from roadmap.models.catalog import Catalog, CatalogMeta, Criterion, Domain, DomainFile, Measure
from roadmap.words import PLACEHOLDERS, count

if TYPE_CHECKING:
    from roadmap.load.standing import Standing

_REF = re.compile(r"^(?P<id>[a-z][a-z0-9_-]{1,31})(@(?P<version>[0-9]+\.[0-9]+\.[0-9]+))?$")


@dataclass(frozen=True)
class Library:
    """Where catalogs are found: folders searched in order, a user's (`--criteria`,
    ROADMAP_CRITERIA_DIR) before the bundled one. A catalog id is read from the first folder that
    has it, all its versions with it, and checked against that folder's release log
    (`releases/`) and allowed signers: a user's `fvey` replaces the bundled `fvey`, and a user's own
    catalogs add to the bundled ones (docs/catalog-authoring.md)."""

    folders: tuple[Path, ...]

    def folder_for(self, catalog_id: str) -> Path:
        """The folder that holds `catalog_id` (the first in order), else the first folder."""
        return next((f for f in self.folders if _versions_in(f, catalog_id)), self.folders[0])

    def used(self) -> tuple[Path, ...]:
        """The folders whose catalogs this run can read: the first always, a later one when it holds
        a catalog id no folder before it has (a bundled `fvey` behind a user's `fvey` is never read)."""
        return tuple(f for i, f in enumerate(self.folders)
                     if i == 0 or any(self.folder_for(cid) == f for cid in catalog_ids(f)))

    def __str__(self) -> str:
        if len(self.folders) == 1:
            return str(self.folders[0])
        home = bundled("criteria")
        return " or ".join("the bundled catalogs" if f == home else str(f) for f in self.folders)


#: Where catalogs are looked up: one folder (exactly that folder), or a library of several.
Root = Path | Library


def as_library(root: Root) -> Library:
    return root if isinstance(root, Library) else Library((root,))


def library(user: Path | None = None) -> Library:
    """The folders this run reads catalogs from: `user` (a `--criteria` folder), then the bundled one."""
    home = bundled("criteria")
    if user is None or (user.exists() and home.exists() and user.resolve() == home.resolve()):
        return Library((home,))
    return Library((user, home))


def criteria_root() -> Path:
    """The first folder catalogs are read from: $ROADMAP_CRITERIA_DIR, else the bundled one (the
    source tree's, else the installed wheel's). `default_library` adds the bundled one after it."""
    env = os.environ.get("ROADMAP_CRITERIA_DIR")
    return Path(env) if env else bundled("criteria")


def default_library() -> Library:
    """Where catalogs are read from without a `--criteria`: $ROADMAP_CRITERIA_DIR before the bundled ones."""
    env = os.environ.get("ROADMAP_CRITERIA_DIR")
    return library(Path(env) if env else None)


def parse_ref(ref: str) -> tuple[str, str | None]:
    m = _REF.match(ref.strip())
    if not m:
        raise UsageError(f"catalog reference {ref!r}: expected id@version, such as fvey@1.0.0")
    return m["id"], m["version"]


def _versions_in(root: Path, catalog_id: str) -> list[str]:
    folder = root / catalog_id
    if not folder.is_dir():
        return []
    versions = [p.name for p in folder.iterdir()
                if p.is_dir() and re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", p.name) and (p / "catalog.yaml").is_file()]
    return sorted(versions, key=version_key)


def available_versions(root: Root, catalog_id: str) -> list[str]:
    """The versions of `catalog_id` in the folder that holds it, oldest first."""
    return _versions_in(as_library(root).folder_for(catalog_id), catalog_id)


def catalog_ids(root: Root) -> list[str]:
    """Every catalog id in any of the folders."""
    ids: set[str] = set()
    for folder in as_library(root).folders:
        if folder.is_dir():
            ids.update(p.name for p in folder.iterdir() if p.is_dir() and _versions_in(folder, p.name))
    return sorted(ids)


def all_versions(folder: Path) -> list[str]:
    """Every catalog version in one criteria folder, as `id@version`."""
    return [f"{cid}@{v}" for cid in catalog_ids(folder) for v in _versions_in(folder, cid)]


def catalog_folder(root: Root, cid: str, version: str) -> Path:
    """The folder of catalog version `cid@version` (`<folder>/<id>/<version>`)."""
    return as_library(root).folder_for(cid) / cid / version


def resolve_ref(root: Root, ref: str, *, released_only: bool = True) -> tuple[str, str]:
    """`fvey@1.0.0` → ("fvey", "1.0.0"); `fvey` → the latest released (or, failing that, any) version."""
    cid, version = parse_ref(ref)
    versions = available_versions(root, cid)
    if not versions:
        known = ", ".join(catalog_ids(root)) or "none"
        raise UsageError(f"catalog {cid!r} not found in {root} (catalogs: {known})")
    if version is None:
        logged = read_log(as_library(root).folder_for(cid)).released_refs()
        released = [v for v in versions if f"{cid}@{v}" in logged]
        if released_only and released:
            return cid, released[-1]
        return cid, versions[-1]
    if version not in versions:
        raise UsageError(f"catalog version {cid}@{version} not found (available: {', '.join(versions)})")
    return cid, version


_CACHE: dict[tuple[object, ...], Catalog] = {}


def load_catalog(root: Root, cid: str, version: str, *, check_release: bool = True,
                 trust: Trust = STRICT) -> Catalog:
    """Load (once per process, unless its files change) and check a catalog version.

    A released version must be in force (`roadmap.load.standing`): an edited one, or one without its
    entry, is refused (exit 2) by every command but `criteria verify`, whose job is to name the edit.
    """
    catalog, _ = load_release(root, cid, version, check_release=check_release, trust=trust)
    return catalog


def load_release(root: Root, cid: str, version: str, *, check_release: bool = True,
                 trust: Trust = STRICT) -> tuple[Catalog, Standing | None]:
    """A catalog version and its release's standing (None for a draft, or when not checked).

    The version is read from the folder of the library that holds its catalog id, and checked
    against that folder's release log and allowed signers (`Trust.signers_path`): a user's catalogs
    against the user's, the bundled ones against the bundled."""
    root = as_library(root).folder_for(cid)
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
    if not check_release:
        return catalog, None
    from roadmap.load.standing import standing

    return catalog, standing(root, catalog, trust)


def _load_cached(root: Path, cid: str, version: str) -> Catalog:
    """From the disk cache when this exact content was loaded before (`roadmap.load.cache`), else from
    the YAML files, caching the result when they hold no problem."""
    from roadmap.load import cache

    key = cache.catalog_key(root / cid / version, cid, version)
    catalog = cache.load(key) if key is not None else None
    if catalog is None:
        catalog = _load(root, cid, version)  # raises InputError on any problem: nothing cached
        # Cached only if the files did not change while they were read: the entry must hold what the
        # key's hashes stand for.
        if key is not None and cache.catalog_key(root / cid / version, cid, version) == key:
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
    reading.check_profiles(folder)
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
        for where, m in _measures_at(c):
            for tier in m.targets:
                if tier not in tier_ids:
                    self.problems.append(doc.problem(at + (*where, "targets", tier), f"expected one of the "
                                                     f"catalog's tiers {', '.join(tier_ids)}, found {tier}",
                                                     key=True, shown=f"{shown}{_shown(where, m)}.targets.{tier}"))
            self.problems.extend(_monotonic(doc, at + where, shown + _shown(where, m), m, tier_ids))
        raw = doc.data["criteria"][i]
        self.problems.extend(_placeholder_problems(doc, at, raw))
        self.criteria.append(c)
        self.domain_of[c.id] = domain
        self.raw_criteria[c.id] = {"domain": domain, "criterion": raw}

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
        would silently select none); and a roll-up rule only where every criterion has one measure
        (values per measure are not combined: docs/scoring.md)."""
        rule = self.meta.rollup
        multi = [c.id for c in self.criteria if c.multi]
        if rule is not None and multi:
            several = count(len(multi), "%(num)d criterion", "%(num)d criteria")
            self.problems.append(self.meta_doc.problem(
                ("rollup",), f"a roll-up rule needs criteria of one measure each; {multi[0]} has several "
                             f"({several} in all): roll-ups do not combine values per measure yet", key=True))
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

    def check_profiles(self, folder: Path) -> None:
        """Each profile the catalog lists is a file in its `profiles/` folder (`roadmap.load.profiles`
        reads and checks them when an assessment or `criteria show --profile` names one)."""
        for i, name in enumerate(self.meta.profiles or ()):
            if not (folder / "profiles" / name).is_file():
                self.problems.append(self.meta_doc.problem(("profiles", i), f"expected a file profiles/{name} "
                                                                            f"in {shown_path(folder)}, found none"))

    def catalog(self) -> Catalog:
        texts = {cid: canonical(raw) for cid, raw in self.raw_criteria.items()}
        crit_digests = {cid: sha256(text) for cid, text in texts.items()}
        digest = sha256(canonical({"meta": self.meta_doc.data,
                                   "criteria": [self.raw_criteria[c.id] for c in self.criteria]}))
        caps = canonical(self.meta_doc.data.get("reciprocity", {}).get("capabilities") or [])
        placeholders = any(_HAS_PLACEHOLDER.search(t) for t in (*texts.values(), caps))
        return Catalog(meta=self.meta, criteria=tuple(self.criteria), domain_of=self.domain_of, digest=digest,
                       criterion_digests=crit_digests, placeholders=placeholders)


def _written_ids(data: Any) -> list[str] | None:
    """The criterion ids written in a domain file's raw data, or None when they cannot all be known."""
    items = data.get("criteria") if isinstance(data, dict) else None
    if not isinstance(items, (list, tuple)):
        return None
    ids = [item.get("id") if isinstance(item, dict) else None for item in items]
    if not all(isinstance(i, str) for i in ids):
        return None
    return ids  # type: ignore[return-value]  # checked above


_HAS_PLACEHOLDER = re.compile(rb"\{(partner|host)\}")
_BRACED = re.compile(r"\{([^{}\s]{0,40})\}")


def _measures_at(c: Criterion) -> list[tuple[tuple[Any, ...], Measure]]:
    """Each measure of `c` with its path inside the criterion: () for the 1.x form, ("measures", i)."""
    if c.measures is None:
        return [((), c.all_measures[0])]
    return [(("measures", i), m) for i, m in enumerate(c.measures)]


def _shown(where: tuple[Any, ...], m: Measure) -> str:
    """A measure's place as problems name it: `.measures[hours]` ("" for the 1.x form)."""
    return "" if not where else f".measures[{m.id}]"


def _placeholder_problems(doc: YamlFile, at: tuple[Any, ...], raw: Any) -> list[Problem]:
    """Braces in criterion text hold one of the placeholders `{partner}` and `{host}`, nothing else:
    a misspelt one would be shown as written."""
    out = []
    for path, text in strings(raw):
        for m in _BRACED.finditer(text) if "{" in text else ():
            if m[1] not in PLACEHOLDERS:
                close = close_matches(m[1], PLACEHOLDERS)
                hint = f"; did you mean {{{close[0]}}}?" if close else ""
                out.append(doc.problem(at + path, f"expected the placeholder {{partner}} or {{host}}, found "
                                                  f"{m[0]!r}{hint}", shown=identity_path(doc, at + path)))
    return out


def _monotonic(doc: YamlFile, at: tuple[Any, ...], shown: str, c: Measure, tier_ids: list[str]) -> list[Problem]:
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
