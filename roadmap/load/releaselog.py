"""The release log, `criteria/releases/`: one file per released catalog version (or translation of
one), each naming the file and SHA-256 of the entry before it, with the signatures of both sides
beside it. Read and its chain checked here; `roadmap.load.standing` decides whether one release is
in force, `roadmap.load.releases` appends entries and signs them.

An entry's bytes are its canonical JSON (`roadmap.load.digests.canonical`) and a newline: what is
signed, and what `ssh-keygen -Y verify` checks. A log that is not a chain (an entry removed,
reordered, rewritten or edited by hand) is refused by every command, with one line per problem
naming the file.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import ValidationError

from roadmap.errors import InputError, Problem
from roadmap.i18n import N_, Say, english
from roadmap.load.digests import canonical, sha256
from roadmap.load.files import read_bytes, shown_path
from roadmap.models.base import PRINCIPAL_PATTERN
from roadmap.models.release import ENTRY_FILE, ReleaseEntry

#: The log's folder inside a criteria folder.
LOG_FOLDER = "releases"
#: An entry is small; a larger file is not one.
_ENTRY_LIMIT = 1 << 20
_PRINCIPAL = re.compile(PRINCIPAL_PATTERN)


def entry_bytes(entry: ReleaseEntry) -> bytes:
    """What is written and signed: the canonical JSON of the entry, one line, and a newline."""
    return canonical(entry.to_json()) + b"\n"


@dataclass(frozen=True)
class Entry:
    """One entry as read: its file, its exact bytes, and what they say."""

    path: Path
    data: bytes
    body: ReleaseEntry

    @property
    def file(self) -> str:
        return self.path.name

    @property
    def shown(self) -> str:
        return shown_path(self.path)

    @property
    def sha256(self) -> str:
        return sha256(self.data)

    def signature_path(self, principal: str) -> Path:
        """`NNNN-fvey@1.0.0.json.<principal>.sig`: one signature per principal, beside the entry."""
        return self.path.with_name(f"{self.file}.{principal}.sig")


@dataclass(frozen=True)
class Log:
    """The release log of a criteria folder, as read, with what is wrong with it."""

    folder: Path
    #: The readable entries, in order.
    entries: tuple[Entry, ...] = ()
    #: What breaks the log, one problem each, naming the file (`criteria/releases/0002-….json: …`).
    problems: tuple[Problem, ...] = ()
    #: Signature files found beside each entry file name (principal → path).
    signatures: dict[str, dict[str, Path]] = field(default_factory=dict)
    #: Every entry file name that exists or that a back-link names (a deleted entry is still named).
    named: frozenset[str] = frozenset()
    #: The folder's files as read (name, mtime, size): what a memo of anything derived from the log keys on.
    stamp: tuple[object, ...] = ()
    #: The message of each problem of the chain and its placeholders' values, to say it in another
    #: language (`problem_line`); the problems' own text is English, as every command refuses the log.
    messages: dict[Problem, tuple[str, dict[str, str]]] = field(default_factory=dict)

    @property
    def shown(self) -> str:
        return shown_path(self.folder)

    @property
    def head(self) -> Entry | None:
        return self.entries[-1] if self.entries else None

    def catalog_entry(self, ref: str) -> Entry | None:
        """The entry that released catalog version `ref`, if any."""
        return next((e for e in self.entries if e.body.ref == ref and e.body.translation is None), None)

    def translation_entries(self, ref: str, language: str) -> list[Entry]:
        """The entries of one translation, oldest first: the last is the one that holds."""
        return [e for e in self.entries if e.body.ref == ref and e.body.translation == language]

    def problem_line(self, problem: Problem, tr: Say) -> str:
        """`problem` as a line, its message said by `tr` (`_`: in the current language) where the log
        keeps it (the checks of the chain); else as read (why a file cannot be read)."""
        if problem not in self.messages:
            return str(problem)
        message, params = self.messages[problem]
        return str(replace(problem, message=tr(message, **params)))

    def released(self, name: str) -> str | None:
        """The entry file that released `name` (`fvey@1.0.0`), even if it was deleted since, or None."""
        return next((f for f in sorted(self.named) if _name_of(f) == name), None)

    def released_refs(self) -> set[str]:
        """Every catalog version the log released (entries and back-links)."""
        return {name for f in self.named if "@" in (name := _name_of(f)) and not _language_of(f)}


def _name_of(file: str) -> str:
    m = ENTRY_FILE.match(file)
    if not m:
        return ""
    return m["ref"] + (f"-{m['language']}" if m["language"] else "")


def _language_of(file: str) -> str | None:
    m = ENTRY_FILE.match(file)
    return m["language"] if m else None


_LOGS: dict[tuple[object, ...], Log] = {}


def read_log(root: Path) -> Log:
    """The log of the criteria folder `root` (memoised while its files are unchanged)."""
    folder = root / LOG_FOLDER
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return Log(folder)
    except OSError as exc:
        return Log(folder, problems=(Problem(shown_path(folder), None, None, "",
                                             f"cannot read the release log: {exc.strerror}"),))
    stamp = tuple((n, *_stat(folder / n)) for n in names)
    key = (str(folder.resolve()), stamp)
    if key not in _LOGS:
        _LOGS.clear()
        _LOGS[key] = replace(_Reader(folder, names).read(), stamp=key)
    return _LOGS[key]


def _stat(path: Path) -> tuple[int, int]:
    try:
        st = path.lstat()
    except OSError:
        return (-1, -1)
    return (st.st_mtime_ns, st.st_size)


@dataclass
class _Raw:
    """An entry file: its bytes (None when unreadable) and what they say (None when not an entry)."""

    path: Path
    data: bytes | None
    body: ReleaseEntry | None


class _Reader:
    def __init__(self, folder: Path, names: list[str]) -> None:
        self.folder, self.names = folder, names
        self.problems: list[Problem] = []
        self.signatures: dict[str, dict[str, Path]] = {}
        self.messages: dict[Problem, tuple[str, dict[str, str]]] = {}

    def problem(self, path: Path, message: str, **params: str) -> None:
        """A problem of `path`: `message` (marked with `N_`) in English, kept to be said in another language."""
        problem = Problem(shown_path(path), None, None, "", english(message, **params))
        self.problems.append(problem)
        self.messages[problem] = (message, params)

    def read(self) -> Log:
        raws: list[_Raw] = []
        for name in self.names:
            path = self.folder / name
            if ENTRY_FILE.match(name):
                raws.append(self.entry(path))
            elif not self.signature(path):
                self.problem(path, N_("not a release entry or signature: expected "
                                      "NNNN-<id>@<version>[-<language>].json or "
                                      "NNNN-<id>@<version>[-<language>].json.<principal>.sig"))
        raws.sort(key=lambda r: int(ENTRY_FILE.match(r.path.name)["seq"]))  # type: ignore[index]  # matched
        files = {r.path.name for r in raws}
        named = files | {r.body.previous.file for r in raws if r.body is not None and r.body.previous is not None}
        self.chain(raws, named)
        for entry_file, signed in sorted(self.signatures.items()):
            if entry_file not in named:  # the signatures of a removed entry: its back-link said it already
                for path in signed.values():
                    self.problem(path, N_("a signature of %(entry)s, which is not in the log"), entry=entry_file)
        entries = tuple(Entry(r.path, r.data, r.body) for r in raws if r.data is not None and r.body is not None)
        return Log(self.folder, entries, tuple(self.problems), self.signatures, frozenset(named),
                   messages=self.messages)

    def signature(self, path: Path) -> bool:
        """Record `<entry>.<principal>.sig`; False when the name is not of that form."""
        name = path.name
        if not name.endswith(".sig") or ".json." not in name:
            return False
        entry_file, _, principal = name[:-len(".sig")].partition(".json.")
        if not ENTRY_FILE.match(entry_file + ".json") or not _PRINCIPAL.match(principal):
            return False
        self.signatures.setdefault(entry_file + ".json", {})[principal] = path
        return True

    def entry(self, path: Path) -> _Raw:
        try:
            data = read_bytes(path, shown_path(path), limit=_ENTRY_LIMIT)
        except InputError as exc:
            self.problems.extend(exc.problems)
            return _Raw(path, None, None)
        body = self.parse(path, data)
        if body is not None and body.file_name != path.name:
            self.problem(path, N_("its name says %(name)s, its content %(content)s: renamed or reordered"),
                         name=path.name, content=body.file_name)
            body = None
        return _Raw(path, data, body)

    def parse(self, path: Path, data: bytes) -> ReleaseEntry | None:
        try:
            json.loads(data)
        except ValueError as exc:
            if not data:
                self.problem(path, N_("expected one line of JSON, found an empty file (truncated, or edited by hand)"))
            elif isinstance(exc, json.JSONDecodeError):
                self.problem(path, N_("expected one line of JSON, found text that is not JSON at column %(col)s "
                                      "(truncated, or edited by hand)"), col=str(exc.colno))
            else:
                self.problem(path, N_("expected one line of JSON, found text that is not JSON (truncated, or edited "
                                      "by hand)"))
            return None
        try:
            body = ReleaseEntry.model_validate_json(data)  # JSON's own types: lists as tuples, dates as text
        except ValidationError as exc:
            first = exc.errors()[0]
            at = ".".join(str(p) for p in first["loc"]) or "entry"
            # pydantic's own words: as read, in English
            self.problems.append(Problem(shown_path(path), None, None, "", f"{at}: "
                                         f"{first['msg'].removeprefix('Value error, ')} ({len(exc.errors())} "
                                         f"problem{'s' if len(exc.errors()) > 1 else ''}; edited by hand?)"))
            return None
        if entry_bytes(body) != data:
            self.problem(path, N_("expected the canonical form 'roadmap criteria release' writes (one line of "
                                  "compact JSON, keys sorted, and a newline), found other bytes: edited by hand"))
            return None
        return body

    def chain(self, raws: list[_Raw], named: set[str]) -> None:
        """Each entry links to the one before it, by name and SHA-256; dates never go back; a version
        is released once; a translation follows its version (or an entry a back-link names: the
        removal was said once, there)."""
        released: dict[str, str] = {}
        removed = {_name_of(f) for f in named - {r.path.name for r in raws}}
        for i, raw in enumerate(raws):
            before = raws[i - 1] if i else None
            if raw.body is None:
                continue
            self.link(raw, before, {r.path.name for r in raws})
            body = raw.body
            if before is not None and before.body is not None and body.released < before.body.released:
                self.problem(raw.path, N_("released %(date)s, before the entry before it (%(before)s): entries are "
                                          "appended in date order"), date=str(body.released),
                             before=str(before.body.released))
            if body.translation is None and body.ref in released:
                self.problem(raw.path, N_("%(ref)s was released before, in %(entry)s: a released version is never "
                                          "released again"), ref=body.ref, entry=released[body.ref])
            elif body.translation is not None and body.ref not in released and body.ref not in removed:
                self.problem(raw.path, N_("a translation of %(ref)s, which no entry before it released"),
                             ref=body.ref)
            if body.translation is None:
                released.setdefault(body.ref, raw.path.name)

    def link(self, raw: _Raw, before: _Raw | None, present: set[str]) -> None:
        body = raw.body
        assert body is not None
        link = body.previous
        if link is None:
            if body.seq != 1 or before is not None:
                self.problem(raw.path, N_("expected a back-link to the entry before it, found none (entry %(seq)s "
                                          "of the log)"), seq=str(body.seq))
            return
        if before is None or before.path.name != link.file:
            if link.file in present:
                if before is None:
                    self.problem(raw.path, N_("its back-link names %(entry)s, but the entry before it is nothing: "
                                              "entries reordered or renumbered"), entry=link.file)
                else:
                    self.problem(raw.path, N_("its back-link names %(entry)s, but the entry before it is %(found)s: "
                                              "entries reordered or renumbered"), entry=link.file,
                                 found=before.path.name)
            else:
                self.problem(raw.path, N_("its back-link names %(entry)s (%(sha256)s), which is missing: an entry was "
                                          "removed from the log"), entry=link.file, sha256=link.sha256)
        elif before.data is not None and sha256(before.data) != link.sha256:
            self.problem(raw.path, N_("its back-link expects %(entry)s to be %(sha256)s, found %(found)s: that entry "
                                      "was changed after this one was written"), entry=link.file, sha256=link.sha256,
                         found=sha256(before.data))


def version_files(folder: Path, *, translations: bool) -> dict[str, str]:
    """The files of a catalog version's folder with their SHA-256, as an entry lists them: every file
    but the translations (`i18n/`), or only the translations. Links and special files are refused."""
    found: dict[str, str] = {}
    for rel in folder_files(folder):
        if rel.startswith("i18n/") == translations:
            found[rel] = sha256(read_bytes(folder / rel, shown_path(folder / rel)))
    return dict(sorted(found.items()))


def folder_files(folder: Path, prefix: str = "") -> list[str]:
    """Every file under `folder`, relative to it, `/`-separated; a symbolic link is refused."""
    out: list[str] = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        rel = prefix + entry.name
        if entry.is_symlink():
            raise InputError([Problem(shown_path(Path(entry.path)), None, None, "", "expected a file of the catalog "
                                      "version, found a symbolic link: a release covers its own files only")])
        if entry.is_dir():
            out.extend(folder_files(Path(entry.path), rel + "/"))
        else:
            out.append(rel)
    return out
