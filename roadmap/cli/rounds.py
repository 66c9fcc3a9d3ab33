"""Commands across rounds of one partner: `reciprocity` (the two-way ledger and its history),
`diff` (two rounds: progress vs moved goalposts) and `trend` (every round in date order)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

import click

from roadmap.cli.emit import Findings, emit_json, wrote
from roadmap.cli.inputs import criteria_option, criteria_root, in_language, output_language, trust
from roadmap.cli.options import check_document_flags, document_options, files_argument, lang_option, trust_options
from roadmap.i18n import use
from roadmap.words import count

if TYPE_CHECKING:
    from roadmap.engine.reciprocity import Account
    from roadmap.load.assessments import LoadedAssessment


@click.command("reciprocity", short_help="Two-way sharing ledger: commitments kept or broken.")
@files_argument
@click.option("--json", "as_json", is_flag=True, help="Print the ledgers and their history as JSON.")
@click.option("--fail-on-broken", is_flag=True,
              help="Exit 1 when the latest assessment has a broken host commitment or a partner shortfall.")
@lang_option
@criteria_option
@trust_options
@click.pass_context
def reciprocity_cmd(ctx: click.Context, files: tuple[Path, ...], as_json: bool, fail_on_broken: bool,
                    lang: str | None) -> None:
    """Two-way sharing ledger: host commitments due at the tier reached vs delivered, partner
    contribution vs expectation, parity; with several files of one partner, the history."""
    from roadmap.load.assessments import load_many

    loaded = load_many(list(files), criteria_root(ctx), trust=trust(ctx))
    language = output_language(lang, _newest(loaded), as_json=as_json)
    with use(language):
        acct = _reciprocity([in_language(ctx, la, language) for la in loaded], as_json)
    if fail_on_broken and acct.latest.findings:  # said in English, as every exit's message
        broken = count(acct.latest.broken, "%(num)d broken host commitment", "%(num)d broken host commitments")
        short = count(acct.latest.short, "%(num)d partner shortfall", "%(num)d partner shortfalls")
        raise Findings(f"{broken}, {short} in {acct.history.rounds[-1].file} (--fail-on-broken)")


def _newest(loaded: list[LoadedAssessment]) -> list[LoadedAssessment]:
    """The rounds by as-of date: the newest last (its `lang:` is the output's when --lang is not given)."""
    return sorted(loaded, key=lambda la: (la.assessment.as_of, la.file))


def _reciprocity(loaded: list[LoadedAssessment], as_json: bool) -> Account:
    """The ledgers and their history, printed or as JSON."""
    from roadmap.engine.reciprocity import account

    acct = account([la.round for la in loaded])
    latest = acct.history.rounds[-1].file
    if as_json:
        emit_json("reciprocity", {
            "ledgers": [{"file": la.file, "sha256": la.sha256, **lg.model_dump(mode="json")}
                        for la, lg in zip(loaded, acct.ledgers, strict=True)],
            "history": acct.history.model_dump(mode="json"),
            "latest": latest,
        })
    else:
        from roadmap.present.terminal.layout import console
        from roadmap.present.terminal.reciprocity import print_history, print_reciprocity

        out = console()
        print_reciprocity(out, acct.latest, latest)
        if len(loaded) > 1:
            out.print()
            print_history(out, acct.history)
    return acct


@click.command("diff", short_help="Compare two rounds: progress vs moved goalposts.")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the complete diff as JSON.")
@document_options("Terminal text, or a diff report as PDF or standalone HTML.",
                  "reports/<old stem>--<new stem>.<format>")
@click.option("--fail-on-regression", is_flag=True,
              help="Exit 1 if a domain or the overall tier (claimed or verified) or a host commitment went down.")
@lang_option
@criteria_option
@trust_options
@click.pass_context
def diff_cmd(ctx: click.Context, old: Path, new: Path, as_json: bool, fmt: str, output: Path | None,
             templates: Path | None, fail_on_regression: bool, lang: str | None) -> None:
    """Compare two assessment rounds of one partner: per criterion, per domain and overall, claimed
    and verified. When they pin different catalog versions, split each change into the partner's
    progress and the criteria's change (goalposts)."""
    from roadmap.engine.rounds_diff import diff_assessments
    from roadmap.load.assessments import load_many

    check_document_flags(fmt, as_json, output, templates)
    lo, ln = load_many([old, new], criteria_root(ctx), trust=trust(ctx))
    language = output_language(lang, [ln], as_json=as_json)
    with use(language):
        lo, ln = in_language(ctx, lo, language), in_language(ctx, ln, language)
        result = diff_assessments(lo.round, ln.round)
        if as_json:
            emit_json("diff", {"old_sha256": lo.sha256, "new_sha256": ln.sha256, **result.model_dump(mode="json")})
        elif fmt == "text":
            from roadmap.present.terminal.layout import console
            from roadmap.present.terminal.rounds import print_diff

            print_diff(console(), result)
        else:
            from roadmap.report import make_diff_report

            wrote(make_diff_report(lo, ln, result, output=output, fmt=_report_format(fmt), templates=templates))
    if fail_on_regression and result.regressions:
        regressions = count(len(result.regressions), "%(num)d regression", "%(num)d regressions")
        raise Findings(f"{regressions}: {'; '.join(result.regressions)} (--fail-on-regression)")


@click.command("trend", short_help="A partner's rounds in date order.")
@files_argument
@click.option("--json", "as_json", is_flag=True, help="Print the series as JSON.")
@document_options("Terminal table, or a trend report with charts as PDF or standalone HTML.",
                  "reports/<oldest stem>--<newest stem>-trend.<format>")
@click.option("--plan", type=click.Path(path_type=Path), default=None, metavar="PLAN.yaml",
              help="A plan file (roadmap plan -o): how its items stand at each round from its date on: closed, "
                   "slipped (due before the round's as-of date, still gaps), open, and the round's new gaps.")
@lang_option
@criteria_option
@trust_options
@click.pass_context
def trend_cmd(ctx: click.Context, files: tuple[Path, ...], as_json: bool, fmt: str, output: Path | None,
              templates: Path | None, plan: Path | None, lang: str | None) -> None:
    """The rounds of one partner in order of as_of: overall and per-domain tier and readiness; with
    --plan, how a plan's items closed or slipped round by round."""
    from roadmap.engine.trend import trend
    from roadmap.load.plans import check_plan_fits, load_with_plan
    from roadmap.present.progress import progress_bar

    check_document_flags(fmt, as_json, output, templates)
    with progress_bar() as progress:
        loaded, lp = load_with_plan(list(files), plan, criteria_root(ctx), progress, trust=trust(ctx))
    if lp is not None:
        latest = max(loaded, key=lambda la: (la.assessment.as_of, la.file))
        check_plan_fits(lp, latest.file, latest.assessment, latest.catalog)
    language = output_language(lang, _newest(loaded), as_json=as_json)
    with use(language):
        loaded = [in_language(ctx, la, language) for la in loaded]
        result = trend([la.round for la in loaded], (lp.file, lp.plan, lp.catalog) if lp is not None else None)
        if as_json:
            from roadmap.engine.trend import trend_payload

            emit_json("trend", trend_payload(result))
        elif fmt == "text":
            from roadmap.present.terminal.layout import console
            from roadmap.present.terminal.rounds import print_trend

            print_trend(console(), result)
        else:
            from roadmap.report import make_trend_report

            wrote(make_trend_report(loaded, result, output=output, fmt=_report_format(fmt), templates=templates,
                                    plan_sha256=lp.doc.sha256 if lp is not None else None))


def _report_format(fmt: str) -> Literal["pdf", "html"]:
    """`--format` once `text` is ruled out: a report's format."""
    return cast(Literal["pdf", "html"], fmt)
