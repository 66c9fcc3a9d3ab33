"""Load an assessment file and check it against the catalog it pins.

Rules inside the file live in the models; rules across the two documents (criterion ids exist,
values fit each criterion's metric, disciplines and levels exist, the digest matches) live here and
produce the same one-line problems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roadmap.errors import InputError, Problem, UsageError
from roadmap.gcpause import paused
from roadmap.load.catalogs import criteria_root, load_catalog, resolve_ref
from roadmap.load.decisions import decision_problems
from roadmap.load.ids import likely_id, suggest_id
from roadmap.load.validation import KeyHint, sort_problems, validate
from roadmap.load.yamlsource import YamlFile, YamlPath, load_file
from roadmap.models.assessment import DIGEST_PATTERN, Assessment, Round, ScopedPart
from roadmap.models.base import CRITERION_ID
from roadmap.models.catalog import Catalog, Criterion
from roadmap.progress import QUIET, Progress
from roadmap.words import words

_DIGEST = re.compile(DIGEST_PATTERN)


@dataclass(frozen=True)
class LoadedAssessment:
    file: str
    assessment: Assessment
    catalog: Catalog
    sha256: str

    @property
    def name(self) -> str:
        return Path(self.file).stem

    @property
    def round(self) -> Round:
        return Round(self.file, self.catalog, self.assessment)


def load_assessment(path: Path, display: str | None = None, root: Path | None = None, *,
                    progress: Progress = QUIET) -> LoadedAssessment:
    """An assessment and its catalog; a roll-up with the scoped assessments it lists (a step of
    `progress` as each one is read)."""
    display = display if display is not None else str(path)
    with paused():
        doc = load_file(path, display)
        return check_assessment(doc, root or criteria_root(), source=path, progress=progress)


def load_many(paths: list[Path], root: Path | None = None, *, progress: Progress = QUIET) -> list[LoadedAssessment]:
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
                loaded.append(load_assessment(path, str(path), root, progress=progress))
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
    """What is valid but silently changes the score, at its place in the file: evidence dated after
    the as-of date (the scorer does not count it), a not-applicable or exception decision that
    expired before it (the scorer counts the criterion as not assessed), and a catalog released after
    it (the round is scored against goalposts that did not exist then)."""
    a = la.assessment
    as_of = a.as_of.isoformat()
    found: list[tuple[tuple[str | int, ...], str]] = []
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
    released = la.catalog.meta.released
    if released is not None and released > a.as_of:
        found.append((("catalog",), f"warning: scored retrospectively against {la.catalog.ref}, released "
                                    f"{released.isoformat()}, after as_of {as_of}"))
    if not found:
        return []
    doc = load_file(Path(la.file), la.file)  # read again for the positions: only when there is a warning
    return sorted(doc.problem(path, message) for path, message in found)


def check_assessment(doc: YamlFile, root: Path, *, source: Path | None = None, parts: bool = True,
                     progress: Progress = QUIET) -> LoadedAssessment:
    """The assessment in `doc` checked against its catalog. A roll-up's parts are read from beside
    `source` (the file `doc` was read from), unless `parts` is false (a part of a roll-up)."""
    problems: list[Problem] = []
    catalog = _pinned_catalog(doc, root, problems)
    try:
        assessment: Assessment | None = validate(Assessment, doc, key_hint=_id_hint(catalog))
    except InputError as exc:
        problems.extend(exc.problems)
        assessment = None
    if catalog is not None:
        problems.extend(_cross_check(doc, catalog))
    if assessment is not None and catalog is not None and assessment.rollup is not None and parts:
        try:
            assessment = assessment.with_parts(_parts(doc, source or Path(doc.file), assessment, catalog, root,
                                                      progress))
        except InputError as exc:
            problems.extend(exc.problems)
    if assessment is None or catalog is None or problems:
        raise InputError(sort_problems(list(dict.fromkeys(problems))))
    return LoadedAssessment(doc.file, assessment, catalog, doc.sha256)


def _parts(doc: YamlFile, source: Path, national: Assessment, catalog: Catalog, root: Path,
           progress: Progress) -> tuple[ScopedPart, ...]:
    """The scoped assessments a roll-up lists, each read as an assessment of its own (not expanded:
    a part that is itself a roll-up is refused)."""
    from roadmap.load.rollup import load_parts

    def load(path: Path, shown: str) -> tuple[Assessment, str]:
        part = check_assessment(load_file(path, shown), root, source=path, parts=False)
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


def _cross_check(doc: YamlFile, catalog: Catalog) -> list[Problem]:
    """Rules across the assessment and its catalog, checked on the raw data so that they are
    reported even when the file also has schema problems."""
    data = doc.data if isinstance(doc.data, dict) else {}
    return [*_digest_problems(doc, data, catalog), *_finding_problems(doc, data, catalog),
            *_reciprocity_problems(doc, data, catalog), *decision_problems(doc, data, catalog)]


def _digest_problems(doc: YamlFile, data: dict[str, Any], catalog: Catalog) -> list[Problem]:
    digest = data.get("catalog_digest")
    # Only a well-formed digest is compared: a malformed one is the schema's to report.
    if isinstance(digest, str) and _DIGEST.fullmatch(digest) and digest != catalog.digest:
        return [doc.problem(("catalog_digest",), f"expected {catalog.digest} (the digest of {catalog.ref}), "
                                                 f"found {digest}; the catalog changed since this file was pinned")]
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
        problems.extend(_value_problems(doc, cid, raw, criterion))
    return problems


def _value_problems(doc: YamlFile, cid: str, raw: Any, criterion: Criterion) -> list[Problem]:
    value = raw.get("value") if isinstance(raw, dict) else None
    at = ("findings", cid, "value")
    # Lists, mappings and dates are the schema's to report; refused YAML scalars the loader's.
    if value is None or not isinstance(value, (bool, int, float, str)) or at in doc.bad_paths:
        return []
    why = criterion.metric.check(value)
    return [doc.problem(at, why)] if why else []


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


def _pinned_catalog(doc: YamlFile, root: Path, problems: list[Problem]) -> Catalog | None:
    ref = doc.data.get("catalog") if isinstance(doc.data, dict) else None
    if not isinstance(ref, str) or "@" not in ref:
        return None  # the schema check reports it
    try:
        cid, version = resolve_ref(root, ref)
        return load_catalog(root, cid, version)
    except UsageError as exc:
        problems.append(doc.problem(("catalog",), str(exc)))
    except InputError as exc:
        problems.extend(exc.problems)
    return None
