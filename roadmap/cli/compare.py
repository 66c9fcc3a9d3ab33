"""`roadmap compare`: several partners assessed against one catalog version, side by side."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, cast

import click

from roadmap.cli.emit import emit_json, wrote
from roadmap.cli.inputs import criteria_root, load_ref
from roadmap.cli.options import check_document_flags, document_options, files_argument


@click.command("compare", short_help="Several partners side by side, against one catalog version.")
@files_argument
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON (roadmap.compare).")
@document_options("Terminal table, or a comparison report (an overview with a chart, then a page per partner) "
                  "as PDF or standalone HTML.", "reports/compare-<as of>.<format>")
@click.option("--rescore-with", "rescore_ref", default=None, metavar="CATALOG@VERSION",
              help="Re-score every assessment against this version of their catalog (findings follow renamed "
                   "criteria); without it, files pinned to different versions are refused.")
@click.pass_context
def compare_cmd(ctx: click.Context, files: tuple[Path, ...], as_json: bool, fmt: str, output: Path | None,
                templates: Path | None, rescore_ref: str | None) -> None:
    """Several partners assessed against the same catalog version, sorted by verified tier then
    readiness: tiers per domain and overall (claimed and verified), readiness, gating gaps, the host's
    commitments kept or broken, the partner's parity, as-of dates and fresh evidence. Files for
    different hosts, or two of one partner, are refused."""
    from roadmap.engine.compare import Compared, compare, rescore
    from roadmap.load.assessments import load_many
    from roadmap.load.compare import check_comparable
    from roadmap.present.progress import progress_bar

    check_document_flags(fmt, as_json, output, templates)
    target = load_ref(ctx, rescore_ref, released_only=False) if rescore_ref else None
    with progress_bar() as progress:
        loaded = load_many(list(files), criteria_root(ctx), progress=progress)
        check_comparable(loaded, target)
        entries = [Compared(la.file, la.sha256, la.catalog, la.assessment) for la in loaded]
        pinned = {e.file: e.catalog.ref for e in entries}
        note, dropped = None, None
        if target is not None:
            entries, dropped, note = rescore(entries, target)
        result = compare(entries, rescored_with=target.ref if target else None, rescore_note=note, dropped=dropped,
                         pinned=pinned, progress=progress)
    if as_json:
        emit_json("compare", result.model_dump(mode="json"))
    elif fmt == "text":
        from roadmap.present.terminal.compare import print_comparison
        from roadmap.present.terminal.layout import console

        print_comparison(console(), result)
    else:
        from roadmap.report import make_compare_report

        wrote(make_compare_report(result, output=output, fmt=cast(Literal["pdf", "html"], fmt), templates=templates))
