"""Load an assessment file and check it against the catalog it pins.

Rules inside the file live in the models; rules across the two documents (criterion ids exist,
values fit each criterion's metric, disciplines and levels exist, the digest matches) live here and
produce the same one-line problems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roadmap.chars import describe, hidden, shown
from roadmap.errors import InputError, Problem, UsageError
from roadmap.gcpause import paused
from roadmap.i18n import check_code
from roadmap.load.assessment_signatures import AssessmentSignature, read_signatures, signature_warnings
from roadmap.load.budgets import budget_problems
from roadmap.load.catalogs import Root, as_library, catalog_folder, default_library, load_release, resolve_ref
from roadmap.load.decisions import decision_problems
from roadmap.load.files import read_bytes
from roadmap.load.ids import likely_id, suggest_id
from roadmap.load.markings import known, respelt, script_problem
from roadmap.load.profiles import with_parties
from roadmap.load.releasability import release_problems
from roadmap.load.trust import STRICT, Trust
from roadmap.load.validation import KeyHint, sort_problems, validate
from roadmap.load.values import replaced, value_problems
from roadmap.load.yamlsource import YamlFile, YamlPath, load_bytes, placed, strings
from roadmap.models.assessment import CATALOG_REF_PATTERN, DIGEST_PATTERN, Assessment, Round, ScopedPart
from roadmap.models.base import CRITERION_ID
from roadmap.models.catalog import Catalog
from roadmap.models.profile import Profile
from roadmap.progress import QUIET, Progress
from roadmap.words import words

if TYPE_CHECKING:
    from roadmap.load.standing import Standing

_DIGEST = re.compile(DIGEST_PATTERN)


@dataclass(frozen=True)
class LoadedAssessment:
    file: str
    assessment: Assessment
    #: Its catalog, with `{partner}` and `{host}` filled by the assessment's names (`Catalog.for_parties`).
    catalog: Catalog
    sha256: str
    #: The partner profile the assessment names (`profile:`), its text filled likewise, and the
    #: SHA-256 of its content as written (`roadmap.load.profiles.profile_digest`).
    profile: Profile | None = None
    profile_digest: str | None = None
    #: The catalog's release: who signed it, whether in force (None: a draft catalog).
    release: Standing | None = None
    #: The signatures beside the assessment file (`roadmap sign`).
    signatures: tuple[AssessmentSignature, ...] = ()

    @property
    def name(self) -> str:
        return Path(self.file).stem

    @property
    def round(self) -> Round:
        return Round(self.file, self.catalog, self.assessment)


def load_assessment(path: Path, display: str | None = None, root: Root | None = None, *,
                    trust: Trust = STRICT, progress: Progress = QUIET) -> LoadedAssessment:
    """An assessment checked against the catalog it pins (in force, or allowed by `trust`), with the
    signatures beside it checked too: against the allowed signers of the criteria folder that holds
    its catalog (`roadmap.load.trust`). A roll-up comes with the scoped assessments it lists, each
    checked likewise (a step of `progress` as each one is read)."""
    display = display if display is not None else str(path)
    root = root or default_library()
    with paused():
        raw = read_bytes(path, display)
        doc = load_bytes(raw, display)
        try:
            la = check_assessment(doc, root, trust=trust, source=path, progress=progress)
        except InputError:
            _edited_anyway(doc, path, display, raw, root, trust)
            raise
    return _signed(la, path, display, raw, root, trust)


def _edited_anyway(doc: YamlFile, path: Path, display: str, raw: bytes, root: Root, trust: Trust) -> None:
    """A file that does not validate may also have been edited after it was signed: say that first
    too (every command says it first), from what the file names: its catalog's folder and its as-of
    date. Any trouble reading the signatures is left unsaid: the file's own problems come next."""
    import datetime as dt

    data = doc.data if isinstance(doc.data, dict) else {}
    as_of, ref = data.get("as_of"), data.get("catalog")
    if not isinstance(as_of, dt.date) or not isinstance(ref, str):
        return
    try:
        signatures, problems = read_signatures(path, display, raw, as_of,
                                               as_library(root).folder_for(ref.partition("@")[0]), trust)
    except (InputError, OSError):
        return
    for warning in signature_warnings(display, signatures) if not problems else ():
        trust.tell(str(warning))


def _signed(la: LoadedAssessment, path: Path, display: str, raw: bytes, root: Root,
            trust: Trust) -> LoadedAssessment:
    """`la` with the signatures beside its file, checked; their warnings said once, first."""
    signers_root = as_library(root).folder_for(la.catalog.meta.id)
    signatures, problems = read_signatures(path, display, raw, la.assessment.as_of, signers_root, trust)
    if problems:
        raise InputError(problems)
    for warning in signature_warnings(display, signatures):  # loudly, by every command, first
        trust.tell(str(warning))
    return replace(la, signatures=signatures)


def load_many(paths: list[Path], root: Root | None = None, *, trust: Trust = STRICT,
              progress: Progress = QUIET) -> list[LoadedAssessment]:
    """Load every file; if any is bad, raise one InputError with the problems of all of them.
    A step of `progress` as each file (and each part of a roll-up) has been read."""
    loaded: list[LoadedAssessment] = []
    problems: list[Problem] = []
    progress.expect(len(paths), "reading")
    # The collector paused for the whole batch, not file by file: each file's objects stay alive, and
    # a collection at the end of each file would walk all the files read before it again.
    with paused():
        for path in paths:
            try:
                loaded.append(load_assessment(path, str(path), root, trust=trust, progress=progress))
            except InputError as exc:
                problems.extend(exc.problems)
            finally:
                progress.step(str(path))
    if problems:
        # A broken catalog shared by several files is reported once, not once per file; every
        # command prints problems in the same order: by file, line and column.
        raise InputError(sort_problems(list(dict.fromkeys(problems))))
    return loaded


def warnings_of(la: LoadedAssessment) -> list[Problem]:
    """What is valid but silently changes the score or what a reader sees, at its place in the file:
    evidence dated after the as-of date (the scorer does not count it), a not-applicable or
    exception decision that expired before it (the scorer counts the criterion as not assessed), a
    catalog released after it (the round is scored against goalposts that did not exist then), no
    pinned catalog digest, a marking this tool does not know (`roadmap.load.markings`), text holding
    invisible or direction-changing characters (every output shows them as `⟨U+202E⟩`); and a
    signature that no longer matches the file (edited after signing)."""
    a = la.assessment
    found = [*_score_warnings(a), *_catalog_warnings(la), *_text_warnings(a)]
    if not known(a.marking, la.catalog):
        meant = respelt(a.marking, la.catalog)
        found.append((("marking",), f"warning: {a.marking} is not a marking this tool knows (the US banner "
                                    f"grammar, or a sharing level's marking in {la.catalog.ref}); "
                                    + (f"did you mean {meant}?" if meant else "check it")))
    return signature_warnings(la.file, la.signatures) + placed(la.file, found)


def _score_warnings(a: Assessment) -> list[tuple[YamlPath, str]]:
    as_of = a.as_of.isoformat()
    found: list[tuple[YamlPath, str]] = []
    for cid, f in a.findings.items():
        for i, ev in enumerate(f.evidence):
            if ev.age(a.as_of) < 0:
                found.append((("findings", cid, "evidence", i, "date"),
                              f"warning: dated {ev.date.isoformat()}, after as_of {as_of}; "
                              "the scorer does not count it"))
        if f.expired(a.as_of):
            assert f.expires is not None
            found.append((("findings", cid, "expires"),
                          f"warning: {words(f.status)} expired {f.expires.isoformat()}, before as_of "
                          f"{as_of}; the scorer counts it as not assessed"))
    return found


def _catalog_warnings(la: LoadedAssessment) -> list[tuple[YamlPath, str]]:
    """The catalog as pinned: released after the as-of date, or not pinned by its digest; a partner
    profile written for another partner."""
    a = la.assessment
    found: list[tuple[YamlPath, str]] = []
    if la.profile is not None and la.profile.partner != a.partner:
        found.append((("profile",), f"warning: profile {la.profile.id} is for {la.profile.partner}, not for "
                                    f"{a.partner}, the partner assessed"))
    released = la.catalog.meta.released
    if released is not None and released > a.as_of:
        found.append((("catalog",), f"warning: scored retrospectively against {la.catalog.ref}, released "
                                    f"{released.isoformat()}, after as_of {a.as_of.isoformat()}"))
    if a.catalog_digest is None:
        found.append((("catalog",), "warning: no catalog_digest, so this file is scored against whatever the folder "
                                    f"of {la.catalog.ref} holds; pin it: catalog_digest: \"{la.catalog.digest}\""))
    return found


def _text_warnings(a: Assessment) -> list[tuple[YamlPath, str]]:
    """Free text holding characters that hide or reorder text: allowed (a name may need a joiner),
    but every output shows them visibly, and the author should know."""
    found: list[tuple[YamlPath, str]] = []
    for path, text in strings(a.model_dump()):
        chars = hidden(text)
        if chars:
            named = ", ".join(describe(ch) for ch in chars[:3]) + (", ..." if len(chars) > 3 else "")
            found.append((path, f"warning: holds invisible or direction-changing characters ({named}); "
                                f"reports and the terminal show them as {shown(chars[0])}"))
    return found


def check_assessment(doc: YamlFile, root: Root, *, trust: Trust = STRICT, source: Path | None = None,
                     parts: bool = True, progress: Progress = QUIET) -> LoadedAssessment:
    """The assessment in `doc` checked against its catalog. A roll-up's parts are read from beside
    `source` (the file `doc` was read from), unless `parts` is false (a part of a roll-up)."""
    problems: list[Problem] = []
    catalog, release = _pinned_catalog(doc, root, problems, trust)
    problems.extend(budget_problems(doc, len(catalog.criteria) if catalog is not None else 0))
    try:
        assessment: Assessment | None = validate(Assessment, doc, key_hint=_id_hint(catalog))
    except InputError as exc:
        multi = {c.id for c in catalog.criteria if c.multi} if catalog is not None else set()
        problems.extend(replaced(exc.problems, multi))
        assessment = None
    if catalog is not None:
        problems.extend(_cross_check(doc, catalog, release))
    if assessment is not None and assessment.lang is not None and (why := check_code(assessment.lang)):
        problems.append(doc.problem(("lang",), why))
    profile, digest = _profile(doc, root, catalog, problems)
    if assessment is not None and catalog is not None and assessment.rollup is not None and parts:
        try:
            assessment = assessment.with_parts(_parts(doc, source or Path(doc.file), assessment, catalog, root,
                                                      trust, progress))
        except InputError as exc:
            problems.extend(exc.problems)
    if assessment is None or catalog is None or problems:
        raise InputError(sort_problems(list(dict.fromkeys(problems))))
    parties = assessment.partner, assessment.host
    if profile is not None:
        profile = with_parties(profile, *parties)
    return LoadedAssessment(doc.file, assessment, catalog.for_parties(*parties), doc.sha256, profile=profile,
                            profile_digest=digest, release=release)


def _profile(doc: YamlFile, root: Root, catalog: Catalog | None,
             problems: list[Problem]) -> tuple[Profile | None, str | None]:
    """The partner profile the assessment names, read and checked, with its digest (or its problems,
    or an unknown name, added to `problems`)."""
    name = doc.data.get("profile") if isinstance(doc.data, dict) else None
    if catalog is None or not isinstance(name, str) or not name:
        return None, None
    from roadmap.load.profiles import read_profile

    try:
        return read_profile(catalog_folder(root, catalog.meta.id, catalog.meta.version), catalog, name)
    except UsageError as exc:
        problems.append(doc.problem(("profile",), str(exc)))
    except InputError as exc:
        problems.extend(exc.problems)
    return None, None


def _parts(doc: YamlFile, source: Path, national: Assessment, catalog: Catalog, root: Root, trust: Trust,
           progress: Progress) -> tuple[ScopedPart, ...]:
    """The scoped assessments a roll-up lists, each read and checked as an assessment of its own, its
    signatures included (not expanded: a part that is itself a roll-up is refused)."""
    from roadmap.load.rollup import load_parts

    def load(path: Path, shown: str) -> tuple[Assessment, str]:
        raw = read_bytes(path, shown)
        part = check_assessment(load_bytes(raw, shown), root, trust=trust, source=path, parts=False)
        part = _signed(part, path, shown, raw, root, trust)
        return part.assessment, part.sha256

    return load_parts(doc, source, national, catalog, load, progress)


def _id_hint(catalog: Catalog | None) -> KeyHint | None:
    """For a finding keyed by a malformed id: the catalog's id it most likely means."""
    if catalog is None:
        return None
    prefixes = {d.prefix for d in catalog.meta.domains}

    def hint(loc: YamlPath, key: object) -> str | None:
        if len(loc) != 2 or loc[0] != "findings" or not isinstance(key, str):
            return None
        guess = likely_id(key)
        if guess is None or guess.split("-")[0] not in prefixes:  # `foo1` is no domain's: no guess
            return None
        close = suggest_id(key, catalog.by_id)
        return f"did you mean {close}?" if close else None

    return hint


def _cross_check(doc: YamlFile, catalog: Catalog, release: Standing | None) -> list[Problem]:
    """Rules across the assessment and its catalog, checked on the raw data so that they are
    reported even when the file also has schema problems."""
    data = doc.data if isinstance(doc.data, dict) else {}
    return [*_digest_problems(doc, data, catalog, release), *_marking_problems(doc, data, catalog),
            *_finding_problems(doc, data, catalog), *_reciprocity_problems(doc, data, catalog),
            *decision_problems(doc, data, catalog),
            *release_problems(doc, data, catalog)]


def _marking_problems(doc: YamlFile, data: dict[str, Any], catalog: Catalog) -> list[Problem]:
    """The marking's letters are of the scripts the catalog's markings use (a look-alike letter of
    another script is refused); what else a marking may hold is the model's rule."""
    marking = data.get("marking")
    why = script_problem(marking, catalog) if isinstance(marking, str) else None
    return [doc.problem(("marking",), why)] if why else []


def _digest_problems(doc: YamlFile, data: dict[str, Any], catalog: Catalog,
                     release: Standing | None) -> list[Problem]:
    digest = data.get("catalog_digest")
    # Only a well-formed digest is compared: a malformed one is the schema's to report.
    if isinstance(digest, str) and _DIGEST.fullmatch(digest) and digest != catalog.digest:
        if release is None:
            what = f"the digest of {catalog.ref}, a draft"
        else:
            signed = ", ".join(f"{c.party} {c.principal}" for c in release.signers) or "no one yet"
            what = f"the digest of {catalog.ref} as released in {release.entry.file}, signed by {signed}"
        return [doc.problem(("catalog_digest",), f"expected {catalog.digest} ({what}), found {digest}: the file "
                                                 f"was pinned to other catalog text, either a version other than "
                                                 f"{catalog.ref} (check catalog:) or {catalog.ref} before it changed")]
    return []


def _finding_problems(doc: YamlFile, data: dict[str, Any], catalog: Catalog) -> list[Problem]:
    """Each finding's id is one of the catalog's, and its value fits the criterion's metric."""
    problems: list[Problem] = []
    renamed = {old: new for entry in catalog.meta.changelog for old, new in entry.renamed.items()}
    findings = data.get("findings")
    suggestions = 0
    for cid, raw in (findings.items() if isinstance(findings, dict) else ()):
        if not isinstance(cid, str) or not CRITERION_ID.match(cid):
            continue  # a malformed id: the schema check reports it
        criterion = catalog.by_id.get(cid)
        if criterion is None:
            hint = ""
            if cid in renamed:
                hint = f"; it was renamed {renamed[cid]} in {catalog.ref}"
            elif suggestions < 20:  # suggestions cost time: only for the first few
                suggestions += 1
                close = suggest_id(cid, catalog.by_id)
                hint = f"; did you mean {close}?" if close else ""
            problems.append(doc.problem(("findings", cid), f"unknown criterion id {cid} in {catalog.ref}{hint}",
                                        key=True))
            continue
        problems.extend(value_problems(doc, cid, raw, criterion, catalog.ref))
    return problems


def _reciprocity_problems(doc: YamlFile, data: dict[str, Any], catalog: Catalog) -> list[Problem]:
    """Disciplines and sharing levels named in the reciprocity record are the catalog's."""
    problems: list[Problem] = []
    recip = data.get("reciprocity")
    discs = recip.get("disciplines") if isinstance(recip, dict) else None
    model = catalog.meta.reciprocity
    known = {d.id for d in model.disciplines}
    levels = [lv.id for lv in model.levels]
    for did, record in (discs.items() if isinstance(discs, dict) else ()):
        at = ("reciprocity", "disciplines", did)
        if did not in known:
            problems.append(doc.problem(at, f"unknown discipline {did}; expected one of "
                                            f"{', '.join(sorted(known))}", key=True))
            continue
        for side in ("host_level", "partner_level"):
            level = record.get(side) if isinstance(record, dict) else None
            if isinstance(level, str) and level.startswith("L") and level not in levels:
                problems.append(doc.problem(at + (side,), f"expected one of {', '.join(levels)}, found {level}"))
    return problems


def _pinned_catalog(doc: YamlFile, root: Root, problems: list[Problem],
                    trust: Trust) -> tuple[Catalog | None, Standing | None]:
    ref = doc.data.get("catalog") if isinstance(doc.data, dict) else None
    if not isinstance(ref, str) or not re.match(CATALOG_REF_PATTERN, ref):
        return None, None  # the schema check reports it, once
    try:
        cid, version = resolve_ref(root, ref)
        return load_release(root, cid, version, trust=trust)
    except UsageError as exc:
        problems.append(doc.problem(("catalog",), str(exc)))
    except InputError as exc:
        problems.extend(exc.problems)
    return None, None
