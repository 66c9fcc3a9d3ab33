"""`roadmap compare`: several partners assessed against one catalog version, side by side."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

import click

if TYPE_CHECKING:
    from roadmap.engine.compare import Comparison
    from roadmap.load.assessments import LoadedAssessment
    from roadmap.models.catalog import Catalog
    from roadmap.progress import Progress

from roadmap.cli.emit import emit_json, wrote
from roadmap.cli.inputs import catalog_in_language, criteria_root, in_language, load_ref, output_language
from roadmap.cli.options import check_document_flags, document_options, files_argument, lang_option
from roadmap.i18n import use


@click.command("compare", short_help="Several partners side by side, against one catalog version.")
@files_argument
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON (roadmap.compare).")
@document_options("Terminal table, or a comparison report (an overview with a chart, then a page per partner) "
                  "as PDF or standalone HTML.", "reports/compare-<as of>.<format>")
@click.option("--rescore-with", "rescore_ref", default=None, metavar="CATALOG@VERSION",
              help="Re-score every assessment against this version of their catalog (findings follow renamed "
                   "criteria); without it, files pinned to different versions are refused.")
@lang_option
@click.pass_context
def compare_cmd(ctx: click.Context, files: tuple[Path, ...], as_json: bool, fmt: str, output: Path | None,
                templates: Path | None, rescore_ref: str | None, lang: str | None) -> None:
    """Several partners assessed against the same catalog version, sorted by verified tier then
    readiness: tiers per domain and overall (claimed and verified), readiness, gating gaps, the host's
    commitments kept or broken, the partner's parity, as-of dates and fresh evidence. Files for
    different hosts, or two of one partner, are refused."""
    from roadmap.load.assessments import load_many
    from roadmap.load.compare import check_comparable
    from roadmap.present.progress import progress_bar

    check_document_flags(fmt, as_json, output, templates)
    target = load_ref(ctx, rescore_ref, released_only=False) if rescore_ref else None
    with progress_bar() as progress:
        loaded = load_many(list(files), criteria_root(ctx), progress=progress)
        check_comparable(loaded, target)
        # without --lang, the files' own language when they all say the same one
        language = output_language(lang, loaded if len({la.assessment.lang for la in loaded}) == 1 else [],
                                   as_json=as_json)
        with use(language):
            result, catalog = _compared(ctx, loaded, target, language, progress)
    with use(language):
        _show(result, catalog, as_json, fmt, output, templates)


def _compared(ctx: click.Context, loaded: list[LoadedAssessment], target: Catalog | None, language: str,
              progress: Progress) -> tuple[Comparison, Catalog]:
    """The assessments side by side, their catalogs (and the one they are re-scored with) read in
    `language`; and the catalog they are compared against, as read."""
    from roadmap.engine.compare import Compared, compare, rescore

    loaded = [in_language(ctx, la, language) for la in loaded]
    target = catalog_in_language(ctx, target, language) if target is not None else None
    entries = [Compared(la.file, la.sha256, la.catalog, la.assessment) for la in loaded]
    pinned = {e.file: e.catalog.ref for e in entries}
    note, dropped = None, None
    if target is not None:
        entries, dropped, note = rescore(entries, target)
    return compare(entries, rescored_with=target.ref if target else None, rescore_note=note, dropped=dropped,
                   pinned=pinned, progress=progress), target or entries[0].catalog


def _show(result: Comparison, catalog: Catalog, as_json: bool, fmt: str, output: Path | None,
          templates: Path | None) -> None:
    if as_json:
        emit_json("compare", result.model_dump(mode="json"))
    elif fmt == "text":
        from roadmap.present.terminal.compare import print_comparison
        from roadmap.present.terminal.layout import console

        print_comparison(console(), result)
    else:
        from roadmap.report import make_compare_report

        wrote(make_compare_report(result, output=output, fmt=cast(Literal["pdf", "html"], fmt), templates=templates,
                                  catalog=catalog))
