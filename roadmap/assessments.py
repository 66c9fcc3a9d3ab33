"""Load an assessment file and check it against the catalog it pins.

Rules inside the file live in the models; rules across the two documents (criterion ids exist,
values fit each criterion's metric, disciplines and levels exist, the digest matches) live here and
produce the same one-line problems.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from roadmap.catalogs import criteria_root, load_catalog, resolve_ref
from roadmap.errors import InputError, Problem, UsageError
from roadmap.models.assessment import Assessment
from roadmap.models.catalog import Catalog, check_value
from roadmap.validation import validate
from roadmap.yamlsource import Document, load_file


@dataclass(frozen=True)
class LoadedAssessment:
    file: str
    assessment: Assessment
    catalog: Catalog
    sha256: str

    @property
    def name(self) -> str:
        return Path(self.file).stem


def load_assessment(path: Path, display: str | None = None, root: Path | None = None) -> LoadedAssessment:
    display = display if display is not None else str(path)
    doc = load_file(path, display)
    return check_assessment(doc, root or criteria_root())


def load_many(paths: list[Path], root: Path | None = None) -> list[LoadedAssessment]:
    """Load every file; if any is bad, raise one InputError with the problems of all of them."""
    loaded: list[LoadedAssessment] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            loaded.append(load_assessment(path, str(path), root))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return loaded


def check_assessment(doc: Document, root: Path) -> LoadedAssessment:
    problems: list[Problem] = []
    try:
        assessment = validate(Assessment, doc)
    except InputError as exc:
        problems.extend(exc.problems)
        assessment = None
    catalog = _pinned_catalog(doc, root, problems)
    if assessment is None or catalog is None:
        raise InputError(problems)
    if assessment.catalog_digest and assessment.catalog_digest != catalog.digest:
        problems.append(doc.problem(("catalog_digest",),
                                    f"expected {catalog.digest} (the digest of {catalog.ref}), found "
                                    f"{assessment.catalog_digest}; the catalog changed since this file was pinned"))
    renamed = {old: new for entry in catalog.meta.changelog for old, new in entry.renamed.items()}
    for cid, finding in assessment.findings.items():
        criterion = catalog.by_id.get(cid)
        if criterion is None:
            if cid in renamed:
                hint = f"; it was renamed {renamed[cid]} in {catalog.ref}"
            else:
                close = difflib.get_close_matches(cid, list(catalog.by_id), n=1)
                hint = f"; did you mean {close[0]}?" if close else ""
            problems.append(doc.problem(("findings", cid), f"unknown criterion id {cid} in {catalog.ref}{hint}",
                                        key=True))
            continue
        if finding.value is not None:
            why = check_value(criterion.metric, finding.value)
            if why:
                problems.append(doc.problem(("findings", cid, "value"), why))
    if assessment.reciprocity is not None:
        model = catalog.meta.reciprocity
        disciplines = {d.id for d in model.disciplines}
        levels = [lv.id for lv in model.levels]
        for did, record in assessment.reciprocity.disciplines.items():
            at = ("reciprocity", "disciplines", did)
            if did not in disciplines:
                problems.append(doc.problem(at, f"unknown discipline {did}; expected one of "
                                                f"{', '.join(sorted(disciplines))}", key=True))
                continue
            for side in ("host_level", "partner_level"):
                level = getattr(record, side)
                if level not in levels:
                    problems.append(doc.problem(at + (side,), f"expected one of {', '.join(levels)}, found {level}"))
    if problems:
        raise InputError(problems)
    return LoadedAssessment(doc.file, assessment, catalog, doc.sha256)


def _pinned_catalog(doc: Document, root: Path, problems: list[Problem]) -> Catalog | None:
    ref = doc.data.get("catalog") if isinstance(doc.data, dict) else None
    if not isinstance(ref, str) or "@" not in ref:
        return None  # the schema check reports it
    try:
        cid, version = resolve_ref(root, ref)
        return load_catalog(root, cid, version)
    except UsageError as exc:
        problems.append(doc.problem(("catalog",), str(exc).replace(f"catalog version {ref} not found",
                                                                   f"catalog version {ref} not found")))
    except InputError as exc:
        problems.extend(exc.problems)
    return None
