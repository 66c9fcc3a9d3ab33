"""What the commands read: the folder of criteria catalogs of this run (the root group's
`--criteria`, or ROADMAP_CRITERIA_DIR), a catalog in it, and an assessment scored against its
catalog. The core modules are imported when a command runs, not before."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from roadmap.cli.options import parse_date
from roadmap.errors import UsageError

if TYPE_CHECKING:
    from roadmap.engine.scoring import Score
    from roadmap.load.assessments import LoadedAssessment
    from roadmap.models.catalog import Catalog, Criterion


def criteria_root(ctx: click.Context) -> Path:
    """The folder of criteria catalogs this run reads: `--criteria`, else the bundled one."""
    from roadmap.load.catalogs import criteria_root as bundled_root

    top = ctx.find_root()
    given = top.obj.get("criteria") if top.obj else None
    if not given:
        return bundled_root()
    if not Path(given).is_dir():
        source = top.get_parameter_source("criteria_dir")
        flag = "ROADMAP_CRITERIA_DIR" if source is click.core.ParameterSource.ENVIRONMENT else "--criteria"
        raise UsageError(f"{flag} {given}: {'not a folder' if Path(given).exists() else 'no such folder'}")
    return Path(given)


def load_ref(ctx: click.Context, ref: str, *, released_only: bool = True) -> Catalog:
    """The catalog `ref` (id or id@version) names in this run's criteria folder."""
    from roadmap.load.catalogs import load_catalog, resolve_ref

    root = criteria_root(ctx)
    return load_catalog(root, *resolve_ref(root, ref, released_only=released_only))


def load_scored(ctx: click.Context, file: Path, as_of: str | None) -> tuple[LoadedAssessment, Score]:
    """The assessment in `file` and its score, as of its own date or `as_of` (`--as-of`, read once
    the file has loaded: a file's problems are reported first). A roll-up's parts are read under a
    progress bar (on a terminal)."""
    from roadmap.engine.scoring import score
    from roadmap.load.assessments import load_assessment
    from roadmap.present.progress import progress_bar

    with progress_bar() as progress:
        la = load_assessment(file, str(file), criteria_root(ctx), progress=progress)
    return la, score(la.catalog, la.assessment, parse_date(as_of))


def criterion_named(catalog: Catalog, given: str) -> Criterion:
    """The criterion of `catalog` that a person means by the id `given`: case aside, and with the
    leading zero they may leave out (`per-4` → PER-04). None matches: a UsageError that suggests the
    closest id (`roadmap.load.ids`, which the validator's "did you mean" uses too)."""
    from roadmap.load.ids import find_id, suggest_id

    found = find_id(given, catalog.by_id)
    if found is not None:
        return catalog.by_id[found]
    close = suggest_id(given, catalog.by_id)
    raise UsageError(f"no criterion {given} in {catalog.ref}" + (f"; did you mean {close}?" if close else ""))
