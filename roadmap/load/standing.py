"""Whether a catalog release is in force: its entry in the release log (`roadmap.load.releaselog`)
matches the version's folder, and every principal the entry names has signed it with a key the
allowed-signers file allows (`roadmap.load.trust`).

Every command that uses a catalog version asks `standing` first. A broken log, a released version
with no entry, or one that no longer matches its entry (edited, status changed back to draft) is
refused, whatever the flags; a release that is not yet in force (a signature missing or not
verifying) is refused unless the run allows it (`--allow-unsigned`), and then said on its first line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from roadmap.errors import InputError, Problem
from roadmap.i18n import N_, Say, english
from roadmap.load.digests import sha256
from roadmap.load.files import read_bytes, shown_path
from roadmap.load.releaselog import Entry, Log, read_log
from roadmap.load.signatures import CATALOG_RELEASE_NAMESPACE, AllowedSigners, SignatureError, Verified, verify
from roadmap.load.trust import ALLOW_UNSIGNED, MissingSigners, Trust
from roadmap.models.catalog import Catalog

_SIGNATURE_LIMIT = 64 * 1024


@dataclass(frozen=True)
class SignatureCheck:
    """One principal's signature of an entry: verified, missing, or refused (and why)."""

    #: The party it signs for; None for a signature by someone the entry does not name.
    party: str | None
    principal: str
    path: Path
    verified: Verified | None = None
    #: Why it does not count (None when verified).
    failure: str | None = None
    present: bool = True

    @property
    def ok(self) -> bool:
        return self.party is not None and self.verified is not None

    @property
    def who(self) -> str:
        return self.said_who(english)

    def said_who(self, tr: Say) -> str:
        """`host alice@…`, the party in `tr`'s language (`roadmap.i18n.english` by default, `_`: the current)."""
        party = tr(self.party) if self.party else tr(N_("non-signatory"))
        return f"{party} {self.principal}"

    @property
    def shown(self) -> str:
        return shown_path(self.path)

    def words(self, tr: Say = english) -> str:
        """`host alice@… (ED25519 key SHA256:…)`, or what is wrong with it (in English unless `tr` is
        `_`: the reason a signature does not verify stays as the check gave it)."""
        who = self.said_who(tr)
        if self.verified is not None:
            return tr(N_("%(who)s (%(key)s)"), who=who, key=self.verified.key)
        if not self.present:
            return tr(N_("%(who)s has not signed (no %(file)s)"), who=who, file=self.path.name)
        return tr(N_("%(who)s's signature does not verify: %(failure)s"), who=who, failure=self.failure)


@dataclass(frozen=True)
class Standing:
    """A release entry and its signatures: in force when every required principal's verifies."""

    entry: Entry
    checks: tuple[SignatureCheck, ...]
    #: Used although not in force, because the run allows it (`--allow-unsigned`).
    waived: bool = False

    @property
    def required(self) -> tuple[SignatureCheck, ...]:
        return tuple(c for c in self.checks if c.party is not None)

    @property
    def in_force(self) -> bool:
        return all(c.ok for c in self.required)

    @property
    def signers(self) -> tuple[SignatureCheck, ...]:
        return tuple(c for c in self.required if c.ok)

    @property
    def wanting(self) -> tuple[SignatureCheck, ...]:
        return tuple(c for c in self.required if not c.ok)


def check_signatures(log: Log, entry: Entry, signers: AllowedSigners | MissingSigners) -> tuple[SignatureCheck, ...]:
    """Every required principal's signature of `entry`, then any other signature found beside it."""
    found = dict(log.signatures.get(entry.file, {}))
    checks = []
    for party, principal in entry.body.principals:
        path = found.pop(principal, None)
        if path is None:
            checks.append(SignatureCheck(party, principal, entry.signature_path(principal), present=False))
        else:
            checks.append(_check(entry, party, principal, path, signers))
    for principal, path in sorted(found.items()):
        checks.append(_check(entry, None, principal, path, signers))
    return tuple(checks)


def _check(entry: Entry, party: str | None, principal: str, path: Path,
           signers: AllowedSigners | MissingSigners) -> SignatureCheck:
    if isinstance(signers, MissingSigners):
        return SignatureCheck(party, principal, path, failure=signers.problems[0].message)
    try:
        text = read_bytes(path, shown_path(path), limit=_SIGNATURE_LIMIT)
        # The time a key must have been allowed at comes from the signed bytes: the release date.
        verified = verify(entry.data, text, namespace=CATALOG_RELEASE_NAMESPACE, signers=signers,
                          principal=principal, when=entry.body.released)
    except SignatureError as exc:
        return SignatureCheck(party, principal, path, failure=str(exc))
    except InputError as exc:
        return SignatureCheck(party, principal, path, failure=exc.problems[0].message)
    return SignatureCheck(party, principal, path, verified=verified)


def load_signers(root: Path, trust: Trust) -> AllowedSigners | MissingSigners:
    """The run's allowed signers; a missing file is returned (it makes signatures fail), a bad one raised."""
    try:
        return trust.signers(root)
    except MissingSigners as exc:
        return exc


# --- what a command checks --------------------------------------------------------------------------


def content_problems(root: Path, catalog: Catalog, entry: Entry) -> list[Problem]:
    """How catalog version `catalog` differs in content from its release entry: its status, its
    digest (`roadmap criteria verify` names the criteria changed), its partner profiles'."""
    ref, folder = catalog.ref, root / catalog.meta.id / catalog.meta.version
    out = []
    if catalog.meta.status != "released":
        out.append(Problem(shown_path(folder / "catalog.yaml"), None, None, "",
                           f"{ref} refused: its status was changed from released to {catalog.meta.status} after "
                           f"its release in {entry.file}; released versions are frozen"))
    if catalog.digest != entry.body.digest:
        out.append(Problem(shown_path(folder), None, None, "",
                           f"{ref} was edited after its release: its content no longer matches its release entry "
                           f"{entry.shown} (roadmap criteria verify names the changes); released versions are "
                           "frozen, put changes in a new version"))
    return out + profile_problems(folder, entry)


def profile_problems(folder: Path, entry: Entry, *, tr: Say = english) -> list[Problem]:
    """Each partner profile the entry records whose content is no longer what was released. A
    profile file with the bytes the entry lists has the same content, and is not read again; one
    that cannot be read is left to `file_problems`, which names it."""
    from roadmap.load.profiles import profile_digest, profile_path

    out = []
    for name, expected in (entry.body.profiles or {}).items():
        path = profile_path(folder, name)
        try:
            if sha256(read_bytes(path, shown_path(path))) == entry.body.files.get(f"profiles/{name}.yaml"):
                continue
            found = profile_digest(folder, name)
        except InputError:
            continue
        if found != expected:
            out.append(Problem(shown_path(path), None, None, "", tr(N_(
                "%(ref)s was edited after its release: its partner profile %(name)s no longer matches its release "
                "entry %(entry)s (expected %(expected)s, found %(found)s); released versions are frozen, put changes "
                "in a new version"), ref=entry.body.ref, name=name, entry=entry.shown, expected=expected, found=found)))
    return out


def file_problems(folder: Path, entry: Entry, *, tr: Say = english) -> list[Problem]:
    """Each file the entry lists that is missing or whose bytes changed (in English unless `tr` is `_`;
    why a file cannot be read stays as the reader said it)."""
    out = []
    for rel, expected in entry.body.files.items():
        path = folder / rel
        try:
            found = sha256(read_bytes(path, shown_path(path)))
        except InputError as exc:
            out.append(Problem(shown_path(path), None, None, "", tr(
                N_("%(name)s refused: %(why)s (its release entry %(entry)s lists it)"), name=entry.body.name,
                why=exc.problems[0].message, entry=entry.file)))
            continue
        if found != expected:
            out.append(Problem(shown_path(path), None, None, "", tr(
                N_("%(name)s refused: this file differs from its release entry %(entry)s (expected %(expected)s, "
                   "found %(found)s)"), name=entry.body.name, entry=entry.file, expected=expected, found=found)))
    return out


_STANDINGS: dict[tuple[object, ...], Standing | None] = {}


def standing(root: Path, catalog: Catalog, trust: Trust) -> Standing | None:
    """The release of `catalog` if it may be used; None for a version never released (a draft).

    Raises InputError, one line per problem naming the version, when it may not."""
    log = read_log(root)
    key = (log.stamp, str(root.resolve()), catalog.ref, catalog.digest, catalog.meta.status, trust.allowed_signers,
           trust.allow_unsigned, _stamp(root, catalog, log), _signers_stamp(root, trust))
    if key not in _STANDINGS:
        if len(_STANDINGS) > 64:  # a long-lived process (tests, preview) keeps only recent answers
            _STANDINGS.clear()
        _STANDINGS[key] = _standing(root, catalog, trust, log)
    result = _STANDINGS[key]
    if result is not None and result.waived:
        trust.tell(f"warning: {ALLOW_UNSIGNED}: using {catalog.ref}, which is not in force: "
                   + "; ".join(c.words() for c in result.wanting))
    return result


def _signers_stamp(root: Path, trust: Trust) -> tuple[object, ...]:
    path = trust.signers_path(root)
    try:
        st = path.stat()
    except OSError:
        return (str(path),)
    return (str(path), st.st_mtime_ns, st.st_size)


def _stamp(root: Path, catalog: Catalog, log: Log) -> tuple[object, ...]:
    entry = log.catalog_entry(catalog.ref)
    if entry is None:
        return ()
    folder = root / catalog.meta.id / catalog.meta.version
    stamps = []
    for rel in entry.body.files:
        try:
            st = (folder / rel).stat()
            stamps.append((rel, st.st_mtime_ns, st.st_size))
        except OSError:
            stamps.append((rel, -1, -1))
    return tuple(stamps)


def _standing(root: Path, catalog: Catalog, trust: Trust, log: Log) -> Standing | None:
    ref = catalog.ref
    if log.problems:
        raise InputError([Problem(p.file, p.line, p.col, p.path, f"{ref} refused: the release log is broken: "
                                                                  f"{p.message}") for p in log.problems])
    entry = log.catalog_entry(ref)
    if entry is None:
        if catalog.meta.status == "released":
            folder = root / catalog.meta.id / catalog.meta.version
            raise InputError([Problem(shown_path(folder / "catalog.yaml"), None, None, "",
                                      f"{ref} refused: marked released, but the release log {log.shown} has no "
                                      f"entry for it (removed, or never released: roadmap criteria release {ref})")])
        return None
    # One line naming the version; when only bytes changed (comments, layout), one per file.
    problems = content_problems(root, catalog, entry)[:1] or file_problems(root / catalog.meta.id /
                                                                            catalog.meta.version, entry)
    if problems:
        raise InputError(problems)
    result = Standing(entry, check_signatures(log, entry, load_signers(root, trust)))
    if result.in_force:
        return result
    if not trust.allow_unsigned:
        raise InputError([Problem(c.shown if c.present else entry.shown, None, None, "",
                                  f"{ref} is not in force: {c.words()}; roadmap criteria verify says who signed, "
                                  f"{ALLOW_UNSIGNED} uses it anyway") for c in result.wanting])
    return replace(result, waived=True)
