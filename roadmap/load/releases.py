"""Released catalog versions are frozen and signed by both sides: `verify` checks the whole release
log (its chain, every entry against its folder, every signature) and names what is wrong;
`release` appends an entry; `sign_release` adds one principal's signature to an entry.

The log is read by `roadmap.load.releaselog`; whether one release is in force is decided by
`roadmap.load.standing`, with the same checks every command makes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from roadmap.errors import InputError, Problem, UsageError
from roadmap.i18n import Say, _, english
from roadmap.load.catalogs import available_versions, catalog_ids, load_catalog, parse_ref, resolve_ref
from roadmap.load.files import shown_path
from roadmap.load.profiles import read_profile
from roadmap.load.releaselog import Entry, Log, entry_bytes, folder_files, read_log, version_files
from roadmap.load.signatures import CATALOG_RELEASE_NAMESPACE, SignatureError, sign_bytes
from roadmap.load.standing import (
    SignatureCheck,
    Standing,
    check_signatures,
    content_problems,
    file_problems,
    load_signers,
    profile_problems,
)
from roadmap.load.trust import MissingSigners, Trust
from roadmap.load.validation import sort_problems
from roadmap.load.yamlsource import load_file
from roadmap.models.base import Signatories
from roadmap.models.catalog import Catalog
from roadmap.models.release import BackLink, ReleaseEntry
from roadmap.words import words

_SIGNATORIES: TypeAdapter[dict[str, tuple[str, ...]]] = TypeAdapter(Signatories)


@dataclass
class VerifyResult:
    #: One line per entry: its file, what it releases, and whether it is in force (who signed).
    entries: list[str] = field(default_factory=list)
    #: What is in force: catalog versions and translations (`fvey@1.0.0-ja`).
    in_force: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    #: Inputs that could not be read (a catalog, the allowed-signers file): reported with the findings.
    problems: list[Problem] = field(default_factory=list)
    head: Entry | None = None

    @property
    def ok(self) -> bool:
        return not self.findings and not self.problems


def verify(root: Path, trust: Trust) -> VerifyResult:
    """The whole release log: its chain, each entry against its folder, each signature."""
    log = read_log(root)
    result = VerifyResult(head=log.head)
    result.findings.extend(log.problem_line(p, _) for p in log.problems)
    try:
        signers = load_signers(root, trust)
    except InputError as exc:  # a broken allowed-signers file: every line of it, and no signature counts
        result.problems.extend(exc.problems)
        signers = MissingSigners([Problem(exc.problems[0].file, None, None, "", _(
            "the allowed-signers file has problems (listed): signatures cannot be checked"))])
    if isinstance(signers, MissingSigners) and log.entries:
        result.findings.append(str(signers.problems[0]))
    latest = {(e.body.ref, e.body.translation): e for e in log.entries}
    for entry in log.entries:
        _verify_entry(root, log, entry, signers, latest.get((entry.body.ref, entry.body.translation)) is entry,
                      result)
    _check_folders(root, log, result)
    result.problems = sort_problems(list(dict.fromkeys(result.problems)))
    return result


def _verify_entry(root: Path, log: Log, entry: Entry, signers: Any, latest: bool, result: VerifyResult) -> None:
    standing = Standing(entry, check_signatures(log, entry, signers))
    name = entry.body.name
    line = _entry_line(entry, standing)
    result.entries.append(line if latest else _("%(line)s (superseded by a later entry of %(name)s)", line=line,
                                                  name=name))
    for c in standing.checks:
        if c.party is None:
            result.findings.append(_("%(file)s: %(name)s: a signature by %(principal)s, who is not among the entry's "
                                     "signatories (%(signatories)s)", file=c.shown, name=name, principal=c.principal,
                                     signatories=_signatories(entry, _)))
        elif not c.ok:
            result.findings.append(_("%(file)s: %(name)s: %(what)s", file=c.shown if c.present else entry.shown,
                                     name=name, what=c.words(_)))
    before = len(result.findings) + len(result.problems)
    if entry.body.translation is None:
        _verify_catalog(root, entry, result)
    elif latest:
        result.findings.extend(str(p) for p in file_problems(_folder(root, entry.body.ref), entry, tr=_))
    if standing.in_force and latest and len(result.findings) + len(result.problems) == before:
        result.in_force.append(name)


def _entry_line(entry: Entry, standing: Standing) -> str:
    """`releases/0001-fvey@1.0.0.json: fvey@1.0.0 in force: signed by host … (…), partner … (…)`, or
    what it still lacks, in the current language."""
    signed = ", ".join(c.words(_) for c in standing.signers) or _("no one")
    if standing.in_force:
        return _("%(file)s: %(name)s in force: signed by %(signed)s", file=entry.shown, name=entry.body.name,
                 signed=signed)
    return _("%(file)s: %(name)s NOT in force: signed by %(signed)s; %(wanting)s", file=entry.shown,
             name=entry.body.name, signed=signed, wanting="; ".join(c.words(_) for c in standing.wanting))


def _signatories(entry: Entry, tr: Say = english) -> str:
    return ", ".join(f"{tr(party)} {principal}" for party, principal in entry.body.principals)


def _folder(root: Path, ref: str) -> Path:
    cid, version = ref.split("@")
    return root / cid / version


def _verify_catalog(root: Path, entry: Entry, result: VerifyResult) -> None:
    ref = entry.body.ref
    cid, version = parse_ref(ref)
    if version is None or version not in available_versions(root, cid):
        result.findings.append(_("%(ref)s: released version is missing from %(root)s", ref=ref, root=str(root)))
        return
    try:
        catalog = load_catalog(root, cid, version, check_release=False)
    except InputError as exc:
        result.problems.extend(exc.problems)
        return
    content = content_problems(root, catalog, entry)
    if catalog.meta.status != "released":
        result.findings.append(_("%(ref)s: status changed from released to %(status)s", ref=ref,
                                 status=words(catalog.meta.status)))
    if catalog.digest != entry.body.digest:
        result.findings.append(_("%(ref)s: released content was edited: %(edits)s; released versions are frozen: "
                                 "revert the edit and put it in a new version", ref=ref,
                                 edits=_edits(entry.body, catalog)))
    result.findings.extend(str(p) for p in profile_problems(_folder(root, ref), entry, tr=_))
    if not content:  # the same content, other bytes: comments or layout (what sha256sum -c would say too)
        result.findings.extend(_("%(problem)s; the criteria are unchanged (comments or layout): restore the released "
                                 "bytes", problem=str(p)) for p in file_problems(_folder(root, ref), entry, tr=_))


def _edits(entry: ReleaseEntry, catalog: Catalog) -> str:
    """What changed in a released version: its criteria by id, else its metadata."""
    released: dict[str, str] = dict(entry.criteria or {})
    now = dict(catalog.criterion_digests)
    changed = [cid for cid in released if cid in now and now[cid] != released[cid]]
    removed = [cid for cid in released if cid not in now]
    added = [cid for cid in now if cid not in released]
    parts = []
    if changed:
        # Each changed criterion with its own released and current digest (not the catalog's).
        each = [_("%(id)s (expected %(expected)s, found %(found)s)", id=c, expected=released[c], found=now[c])
                for c in changed]
        parts.append(_("changed %(criteria)s", criteria=", ".join(each)))
    if removed:
        parts.append(_("removed %(criteria)s", criteria=", ".join(removed)))
    if added:
        parts.append(_("added %(criteria)s", criteria=", ".join(added)))
    if not parts:
        parts.append(_("catalog metadata (tiers, rules, reciprocity or changelog) changed (expected %(expected)s, "
                       "found %(found)s)", expected=entry.digest, found=catalog.digest))
    return "; ".join(parts)


def _check_folders(root: Path, log: Log, result: VerifyResult) -> None:
    """A version marked released has an entry; a released folder holds only what its entries cover."""
    for cid in catalog_ids(root):
        for version in available_versions(root, cid):
            ref = f"{cid}@{version}"
            entry = log.catalog_entry(ref)
            if entry is None:
                _check_unreleased(root, log, cid, version, result)
            else:
                _check_covered(root, log, entry, result)


def _check_unreleased(root: Path, log: Log, cid: str, version: str, result: VerifyResult) -> None:
    ref = f"{cid}@{version}"
    try:
        catalog = load_catalog(root, cid, version, check_release=False)
    except InputError as exc:
        result.problems.extend(exc.problems)
        return
    if catalog.meta.status == "released":
        result.findings.append(_("%(ref)s: marked released but not in the release log (%(log)s); run 'roadmap criteria "
                                 "release %(ref)s'", ref=ref, log=log.shown))


def _check_covered(root: Path, log: Log, entry: Entry, result: VerifyResult) -> None:
    ref = entry.body.ref
    folder = _folder(root, ref)
    covered = set(entry.body.files)
    for rel in folder_files(folder):
        if rel in covered:
            continue
        language = rel.removeprefix("i18n/").removesuffix(".yaml") if rel.startswith("i18n/") else None
        translations = log.translation_entries(ref, language) if language else []
        if translations and rel in translations[-1].body.files:
            continue
        if language:
            result.findings.append(_("%(file)s: %(ref)s: a translation with no release entry, so it could change "
                                     "silently; release it: roadmap criteria release %(ref)s --translation "
                                     "%(language)s", file=shown_path(folder / rel), ref=ref, language=language))
        else:
            result.findings.append(_("%(file)s: %(ref)s: not covered by its release entry %(entry)s; a released "
                                     "folder holds only what was released", file=shown_path(folder / rel), ref=ref,
                                     entry=entry.file))


# --- appending an entry -------------------------------------------------------------------------


def release(root: Path, ref: str, *, translation: str | None = None,
            signatories: dict[str, tuple[str, ...]] | None = None, today: dt.date | None = None) -> Entry:
    """Append the entry of catalog version `ref` (or of its translation) to the release log.

    Refuses a broken log, a draft, a version released before (even if its entry was deleted since:
    the next entry's back-link still names it), and a release without signatories."""
    cid, version = parse_ref(ref)
    if version is None:
        raise UsageError("name the exact version to release, such as fvey@1.1.0")
    cid, version = resolve_ref(root, ref, released_only=False)
    ref = f"{cid}@{version}"
    log = _intact(root, f"release {ref}")
    if translation is not None:
        return _write(log, _translation_entry(root, log, ref, translation, signatories, today or dt.date.today()))
    before = log.released(ref)
    if before is not None:
        raise UsageError(f"{ref} was released before ({before}); released versions are frozen, make a new version")
    catalog = load_catalog(root, cid, version, check_release=False)
    if catalog.meta.status != "released" or catalog.meta.released is None:
        raise UsageError(f"{ref}: set 'status: released' and 'released: YYYY-MM-DD' in its catalog.yaml first")
    if catalog.meta.signatories is not None and signatories:
        raise UsageError(f"{ref}: its catalog.yaml names the signatories; --signatory is for a catalog that does not")
    chosen = catalog.meta.signatories or _checked_signatories(ref, signatories)
    files = version_files(root / cid / version, translations=False)
    # A version without partner profiles (fvey 1.x) has no `profiles` key: its entry is as before.
    profiles = _checked_profiles(root / cid / version, catalog) or None
    body = _new_entry(log, ref=ref, digest=catalog.digest, criteria=dict(catalog.criterion_digests),
                      profiles=profiles, files=files, released=catalog.meta.released, signatories=chosen)
    return _write(log, body)


def _checked_profiles(folder: Path, catalog: Catalog) -> dict[str, str]:
    """Each partner profile the version lists, by name, with its digest, once every one reads and
    checks (else all their problems at once): a profile is released, and frozen, with its version."""
    problems: list[Problem] = []
    digests = {}
    for name in catalog.meta.profile_names:
        try:
            digests[name] = read_profile(folder, catalog, name)[1]
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(sort_problems(problems))
    return digests


def _intact(root: Path, doing: str) -> Log:
    log = read_log(root)
    if log.problems:
        raise InputError([Problem(p.file, p.line, p.col, p.path, f"will not {doing}: the release log is broken: "
                                                                  f"{p.message}") for p in log.problems])
    return log


def _checked_signatories(ref: str, given: dict[str, tuple[str, ...]] | None) -> dict[str, tuple[str, ...]]:
    if not given:
        raise UsageError(f"{ref}: name who must sign its release: 'signatories:' in its catalog.yaml, or "
                         "--signatory host=PRINCIPAL --signatory partner=PRINCIPAL")
    try:
        return _SIGNATORIES.validate_python(given)
    except ValidationError as exc:
        first = exc.errors()[0]
        at = ".".join(str(p) for p in first["loc"])
        raise UsageError(f"--signatory{' ' + at if at else ''}: {first['msg'].removeprefix('Value error, ')}") \
            from None


def _translation_entry(root: Path, log: Log, ref: str, language: str, signatories: dict[str, tuple[str, ...]] | None,
                       today: dt.date) -> ReleaseEntry:
    version_entry = log.catalog_entry(ref)
    if version_entry is None:
        raise UsageError(f"{ref} is not released: release the version before its translations")
    if signatories:
        raise UsageError("a translation is signed by its version's signatories: give no --signatory")
    rel = f"i18n/{language}.yaml"
    path = _folder(root, ref) / rel
    doc = load_file(path, shown_path(path))
    translates = doc.data.get("translates") if isinstance(doc.data, dict) else None
    if translates != ref:
        raise InputError([doc.problem(("translates",), f"expected {ref} (the version this translation is filed "
                                                       f"under), found {translates!r}")])
    files = {rel: version_files(_folder(root, ref), translations=True)[rel]}
    earlier = log.translation_entries(ref, language)
    if earlier and earlier[-1].body.files == files:
        raise UsageError(f"{ref}-{language} is released already, unchanged, in {earlier[-1].file}")
    released = max(today, log.head.body.released) if log.head else today
    return _new_entry(log, ref=ref, translation=language, files=files, released=released,
                      signatories=version_entry.body.signatories)


def _new_entry(log: Log, **fields: Any) -> ReleaseEntry:
    head = log.head
    if head is not None and fields["released"] < head.body.released:
        raise UsageError(f"{fields['ref']}: released {fields['released']}, before the last entry of the log "
                         f"({head.file}, {head.body.released}): entries are appended in date order")
    previous = None if head is None else BackLink(file=head.file, sha256=head.sha256)
    return ReleaseEntry(format=1, seq=1 if head is None else head.body.seq + 1, previous=previous,
                        **fields)


def _write(log: Log, body: ReleaseEntry) -> Entry:
    from roadmap.present.output import write_atomic

    path = log.folder / body.file_name
    if path.exists():
        raise UsageError(f"{shown_path(path)} exists already: another release was made meanwhile; run it again")
    log.folder.mkdir(parents=True, exist_ok=True)
    data = entry_bytes(body)
    write_atomic(path, data)
    return Entry(path, data, body)


# --- signing an entry ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Signed:
    """What `sign_release` did: the signature checked, whether it was there already, and the
    entry's standing after it."""

    check: SignatureCheck
    already: bool
    standing: Standing


def sign_release(root: Path, ref: str, *, key: Path, trust: Trust, translation: str | None = None,
                 principal: str | None = None) -> Signed:
    """Sign the entry of `ref` (or its translation) with `key` by `ssh-keygen`, for the signatory the
    key is allowed for (or `principal`), and write the signature beside it once it verifies."""
    cid, version = parse_ref(ref)
    if version is None:
        raise UsageError("name the exact version to sign, such as fvey@1.1.0")
    ref = f"{cid}@{version}"
    name = ref if translation is None else f"{ref}-{translation}"
    log = _intact(root, f"sign {name}")
    entries = log.translation_entries(ref, translation) if translation else [e] if (e := log.catalog_entry(ref)) \
        else []
    if not entries:
        raise UsageError(f"{name} has no entry in the release log ({log.shown}): release it first")
    entry = entries[-1]
    signers = load_signers(root, trust)
    if isinstance(signers, MissingSigners):
        raise signers
    signature = sign_bytes(entry.data, key, namespace=CATALOG_RELEASE_NAMESPACE)
    check = _signer(entry, signature, principal, signers)
    existing = next(c for c in check_signatures(log, entry, signers) if c.principal == check.principal)
    if existing.ok:
        return Signed(existing, True, Standing(entry, check_signatures(log, entry, signers)))
    from roadmap.present.output import write_atomic

    write_atomic(check.path, signature.encode("ascii"))
    after = read_log(root)
    return Signed(check, False, Standing(entry, check_signatures(after, entry, signers)))


def _signer(entry: Entry, signature: str, principal: str | None, signers: Any) -> SignatureCheck:
    """The signatory `signature` verifies for: `principal`, else the one signatory its key is allowed for."""
    from roadmap.load.signatures import verify

    parties = {p: party for party, p in entry.body.principals}
    if principal is not None and principal not in parties:
        raise UsageError(f"{principal} is not a signatory of {entry.body.name} ({_signatories(entry)})")
    good: list[SignatureCheck] = []
    failures: list[str] = []
    for candidate in [principal] if principal else list(parties):
        try:
            verified = verify(entry.data, signature, namespace=CATALOG_RELEASE_NAMESPACE, signers=signers,
                              principal=candidate, when=entry.body.released)
        except SignatureError as exc:
            failures.append(str(exc))
            continue
        good.append(SignatureCheck(parties[candidate], candidate, entry.signature_path(candidate), verified))
    if len(good) > 1:
        raise UsageError(f"the key is allowed for several signatories of {entry.body.name} "
                         f"({', '.join(c.principal for c in good)}): name one with --principal")
    if not good:
        why = failures[0] if len(set(failures)) == 1 else (
            f"the key is allowed for none of the signatories of {entry.body.name} ({_signatories(entry)}) "
            f"in {signers.file}")
        raise UsageError(f"will not sign {entry.body.name}: {why}; nothing written")
    return good[0]
