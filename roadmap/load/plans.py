"""Reading a plan file (`roadmap plan ... -o plan.yaml`, docs/plan.md) like every input: YAML with
positions, every problem as `file:line:col: path: message`, all of them at once; and the checks that
a plan fits the assessment it is held against (`plan --previous`, `report --plan`, `trend --plan`):
the same partner, host and scope, the same catalog (any version: ids follow renames), and a plan no
later than the assessment."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from roadmap.errors import InputError, Problem, UsageError
from roadmap.gcpause import paused
from roadmap.load.catalogs import Root, load_catalog, parse_ref, resolve_ref
from roadmap.load.ids import suggest_id
from roadmap.load.trust import STRICT, Trust
from roadmap.load.validation import sort_problems, validate
from roadmap.load.yamlsource import YamlFile, load_file
from roadmap.models.assessment import Assessment
from roadmap.models.base import CRITERION_ID
from roadmap.models.catalog import Catalog
from roadmap.models.plan import PlanFile
from roadmap.progress import QUIET, Progress

if TYPE_CHECKING:
    from roadmap.load.assessments import LoadedAssessment


@dataclass(frozen=True)
class LoadedPlan:
    file: str
    plan: PlanFile
    #: The catalog version the plan was made against (its ids are that version's).
    catalog: Catalog
    doc: YamlFile

    def problem(self, path: tuple[str | int, ...], message: str) -> Problem:
        """A problem at `path` of the plan file, with its line and column."""
        return self.doc.problem(path, message)


def load_plan(path: Path, display: str | None, root: Root, *, trust: Trust = STRICT) -> LoadedPlan:
    """A plan file and the catalog it names (in force, or allowed by `trust`); or an InputError with
    every problem in it."""
    display = display if display is not None else str(path)
    with paused():
        doc = load_file(path, display)
        problems: list[Problem] = []
        try:
            plan: PlanFile | None = validate(PlanFile, doc)
        except InputError as exc:
            problems.extend(exc.problems)
            plan = None
        catalog = _catalog(doc, root, problems, trust)
        if catalog is not None:
            problems += _item_problems(doc, catalog)
        if plan is None or catalog is None or problems:
            raise InputError(sort_problems(list(dict.fromkeys(problems))))
        return LoadedPlan(display, plan, catalog, doc)


def _catalog(doc: YamlFile, root: Root, problems: list[Problem], trust: Trust) -> Catalog | None:
    ref = doc.data.get("catalog") if isinstance(doc.data, dict) else None
    if not isinstance(ref, str) or "@" not in ref:
        return None  # the schema reports it
    try:
        return load_catalog(root, *resolve_ref(root, ref), trust=trust)
    except UsageError as exc:
        problems.append(doc.problem(("catalog",), str(exc)))
    except InputError as exc:
        problems.extend(exc.problems)
    return None


def _item_problems(doc: YamlFile, catalog: Catalog) -> list[Problem]:
    """Each item names a criterion of the plan's catalog, once: checked on the raw data, so that
    these are reported with the file's other problems."""
    out = []
    seen: dict[str, int] = {}
    items = doc.data.get("items") if isinstance(doc.data, dict) else None
    for i, item in enumerate(items if isinstance(items, (list, tuple)) else ()):
        cid = item.get("criterion") if isinstance(item, dict) else None
        if not isinstance(cid, str) or not CRITERION_ID.match(cid):
            continue  # the schema reports it
        at = ("items", i, "criterion")
        if cid not in catalog.by_id:
            close = suggest_id(cid, catalog.by_id)
            out.append(doc.problem(at, f"unknown criterion id {cid} in {catalog.ref}"
                                       + (f"; did you mean {close}?" if close else "")))
        elif cid in seen:
            out.append(doc.problem(at, f"{cid} is listed twice (also items[{seen[cid]}]): one item per criterion"))
        else:
            seen[cid] = i
    return out


def load_with_plan(paths: list[Path], plan: Path | None, root: Root, progress: Progress = QUIET, *,
                   trust: Trust = STRICT) -> tuple[list[LoadedAssessment], LoadedPlan | None]:
    """Every assessment and the plan file, if any: the problems of all of them at once."""
    from roadmap.load.assessments import load_many

    problems: list[Problem] = []
    loaded: list[LoadedAssessment] = []
    lp = None
    try:
        loaded = load_many(paths, root, trust=trust, progress=progress)
    except InputError as exc:
        problems += exc.problems
    try:
        lp = load_plan(plan, str(plan), root, trust=trust) if plan is not None else None
    except InputError as exc:
        problems += exc.problems
    if problems:
        raise InputError(problems)
    return loaded, lp


def check_plan_fits(lp: LoadedPlan, file: str, assessment: Assessment, catalog: Catalog) -> None:
    """Refuse a plan for another partner, host or scope, another catalog, or a later date than the
    assessment (`file`) it is held against: one problem each, at its place in the plan file."""
    p = lp.plan
    problems = []
    whose = f"{assessment.name} for {assessment.host}"
    if p.partner != assessment.partner or p.scope != assessment.scope:
        theirs = f"{p.partner} — {p.scope}" if p.scope else p.partner
        at = ("scope",) if p.partner == assessment.partner and p.scope is not None else ("partner",)
        problems.append(lp.problem(at, f"this plan is for {theirs}; {file} assesses {whose}"))
    if p.host != assessment.host:
        problems.append(lp.problem(("host",), f"this plan is for sharing with {p.host}; {file} assesses {whose}"))
    if parse_ref(p.catalog)[0] != catalog.meta.id:
        problems.append(lp.problem(("catalog",), f"this plan is against {p.catalog}; {file} pins {catalog.ref}, "
                                                 "another catalog"))
    if p.as_of > assessment.as_of:
        problems.append(lp.problem(("as_of",), f"this plan is as of {p.as_of.isoformat()}, after {file} "
                                               f"({assessment.as_of.isoformat()}): a plan is carried forward, "
                                               "not back"))
    if problems:
        raise InputError(problems)


__all__ = ["LoadedPlan", "check_plan_fits", "load_plan", "load_with_plan"]
