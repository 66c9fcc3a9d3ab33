"""`roadmap report`: a PDF or HTML gap report per assessment, several rendered in parallel."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, cast

import click

from roadmap.cli.emit import check_stdout, wrote
from roadmap.cli.inputs import criteria_option, criteria_root, trust
from roadmap.cli.options import files_argument, lang_option, path_output, trust_options
from roadmap.errors import UsageError


@click.command("report", short_help="PDF (or HTML) gap report for leaders, marked on every page.")
@files_argument
@path_output("The report file (one input; '-': standard output) or folder (several inputs). "
             "Default: reports/<file stem>.pdf", dir_okay=True)
@click.option("--format", "fmt", type=click.Choice(["pdf", "html"]), default="pdf", show_default=True,
              help="PDF for print, or one standalone HTML file (styles and charts inline).")
@click.option("--previous", type=click.Path(path_type=Path), default=None, metavar="OLD.yaml",
              help="The previous round's assessment: adds a 'since last round' section (tier and "
                   "readiness changes, criteria that changed tier or status, progress vs goalposts).")
@click.option("--templates", "templates", type=click.Path(path_type=Path), default=None, metavar="DIR",
              help="Your organisation's templates, searched before the bundled ones. A report reads "
                   "only files inside the template folders: no network, no other files.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Render this many files in parallel.")
@click.option("--plan", type=click.Path(path_type=Path), default=None, metavar="PLAN.yaml",
              help="An earlier plan file (roadmap plan -o): adds the plan's follow-up (items closed, slipped, "
                   "open, new) and each gap's owner and due date.")
@click.option("--for", "for_side", type=click.Choice(["host", "partner"]), default=None,
              help="Write the version releasable to this side: what it may not receive is left out, and said "
                   "so where it was; the scores stay those of the full assessment. Default: <stem>-for-SIDE.pdf")
@click.option("--release-to", "release_to", default=None, metavar="CODE",
              help="The same, for the side whose country code (parties.<side>.code) is CODE, such as JPN.")
@click.option("--no-evidence-annex", "no_evidence_annex", is_flag=True, default=False,
              help="Leave the evidence annex out (a shorter report, faster to print); the cover says so. The "
                   "scores are unchanged.")
@lang_option
@criteria_option
@trust_options
@click.pass_context
def report_cmd(ctx: click.Context, files: tuple[Path, ...], output: Path | None, fmt: str,
               previous: Path | None, templates: Path | None, jobs: int, plan: Path | None, for_side: str | None,
               release_to: str | None, no_evidence_annex: bool, lang: str | None) -> None:
    """Write a gap report per assessment: cover, summary, tier ladder, the gaps to the next tier,
    criteria by domain, claimed/verified/strict results, evidence and exception annexes.

    Every file is validated first; if any has a problem, all problems are listed and nothing is
    written."""
    from roadmap.present.progress import progress_bar
    from roadmap.report import make_reports, output_paths
    from roadmap.report.readers import Audience

    if for_side and release_to:
        raise UsageError("--for and --release-to both name the reader; give one")
    audience = Audience(side=cast(Literal["host", "partner"] | None, for_side), code=release_to) \
        if for_side or release_to else None
    form = cast(Literal["pdf", "html"], fmt)
    check_stdout(output, fmt)
    output_paths(files, output, form, audience.suffix if audience else "")  # its refusals before any progress
    with progress_bar() as progress:
        written = make_reports(list(files), root=criteria_root(ctx), output=output, fmt=form, previous=previous,
                               templates=templates, jobs=jobs, plan=plan, progress=progress, trust=trust(ctx),
                               audience=audience, lang=lang, evidence_annex=not no_evidence_annex)
    for w in written:
        wrote(w)
