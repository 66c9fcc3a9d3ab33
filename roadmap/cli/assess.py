"""Commands on one assessment: `init` writes a starter file, `validate` checks files, `score` gives
tiers and gaps, `plan` the remediation plan to the next tier."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from roadmap.cli.emit import Findings, deliver, emit_json, is_stdout
from roadmap.cli.inputs import criteria_root, load_ref, load_scored
from roadmap.cli.options import as_of_option, catalog_option, file_argument, files_argument, output_option
from roadmap.errors import UsageError
from roadmap.words import count


@click.command("init", short_help="Write a commented assessment template.")
@output_option("the template")
@catalog_option("Catalog id or id@version (default: the latest released version).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.pass_context
def init_cmd(ctx: click.Context, output: Path | None, catalog_ref: str, force: bool) -> None:
    """Write a commented assessment template listing every criterion."""
    from roadmap.present.schema import schema_ref
    from roadmap.present.starter import render_template

    catalog = load_ref(ctx, catalog_ref)
    to_file = None if output is None or is_stdout(output) else output
    text = render_template(catalog, today=dt.date.today(), schema_path=schema_ref(to_file))
    if to_file is not None and to_file.is_file() and not force:  # a device (/dev/null) or a pipe is written to
        raise UsageError(f"{output} exists; use --force to overwrite it")
    deliver(output, text, f"{len(catalog.criteria)} criteria from {catalog.ref}")


@click.command("validate", short_help="Check assessment files; list every problem.")
@files_argument
@click.option("--strict", is_flag=True, help="Exit 1 if there are warnings.")
@click.pass_context
def validate_cmd(ctx: click.Context, files: tuple[Path, ...], strict: bool) -> None:
    """Check assessment files; report every problem in every file (exit 2).

    Also warn (on standard error, `file:line:col: path: warning: ...`) about what is valid but
    changes the score silently: evidence dated after the file's as_of, which the scorer does not
    count, and a not_applicable or exception decision that expired before as_of, which the scorer
    counts as not assessed. Warnings exit 0, or 1 with --strict."""
    from roadmap.load.assessments import load_many, warnings_of

    loaded = load_many(list(files), criteria_root(ctx))
    warned = 0
    for la in loaded:
        warnings = warnings_of(la)
        for w in warnings:
            click.echo(str(w), err=True)
        warned += len(warnings)
        a = la.assessment
        assessed = sum(1 for f in a.findings.values() if f.status == "assessed")
        scopes = ", ".join(p.assessment.scope or "" for p in a.parts)
        parts = f", a roll-up of {count(len(a.parts), 'scope')} ({scopes})" if a.parts else ""
        click.echo(f"{la.file}: ok — {a.name}, as of {a.as_of.isoformat()}, {la.catalog.ref}, "
                   f"{assessed} of {len(la.catalog.criteria)} criteria assessed{parts}"
                   + (f", {count(len(warnings), 'warning')}" if warnings else ""))
    click.echo(f"{count(len(loaded), 'file')} valid" + (f", {count(warned, 'warning')}" if warned else ""))
    if strict and warned:
        raise Findings(f"{count(warned, 'warning')} (--strict)")


@click.command("score", short_help="Tiers per domain and overall, claimed vs verified, gaps.")
@file_argument
@click.option("--json", "as_json", is_flag=True, help="Print the complete result as JSON.")
@as_of_option("Score as of this date (evidence age, expiry) instead of the file's as_of.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=0),
              help="Gaps to list in the terminal summary.")
@click.pass_context
def score_cmd(ctx: click.Context, file: Path, as_json: bool, as_of: str | None, top: int) -> None:
    """Score an assessment: tiers per domain and overall, claimed vs verified, gaps."""
    from roadmap.engine.reciprocity import ledger

    la, result = load_scored(ctx, file, as_of)
    recip = ledger(la.catalog, la.assessment, result) if la.assessment.reciprocity is not None else None
    if as_json:
        emit_json("score", {"file": la.file, "sha256": la.sha256, **result.model_dump(mode="json"),
                            "reciprocity": recip.model_dump(mode="json") if recip else None})
        return
    from roadmap.present.terminal.layout import console
    from roadmap.present.terminal.score import print_score

    print_score(console(), result, la.catalog, top=top, reciprocity=recip)


@click.command("plan", short_help="Remediation plan to the next tier (CSV or JSON).")
@file_argument
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True,
              help="CSV for a spreadsheet, or the roadmap.plan JSON document.")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@output_option("the plan")
@as_of_option()
@click.pass_context
def plan_cmd(ctx: click.Context, file: Path, fmt: str, as_json: bool, output: Path | None,
             as_of: str | None) -> None:
    """Remediation plan to the next tier: one row per gap, in priority order (POA&M-style)."""
    from roadmap.engine.plan import build_plan, plan_payload
    from roadmap.present.plan_csv import plan_csv

    la, result = load_scored(ctx, file, as_of)
    plan = build_plan(la.catalog, result)
    if as_json or fmt == "json":
        from roadmap.present.jsondoc import dumps

        text = dumps("plan", {"file": la.file, "sha256": la.sha256, **plan_payload(plan)}) + "\n"
    else:
        text = plan_csv(plan)
    deliver(output, text, f"{count(len(plan.items), 'item')} to reach {plan.target_tier}" if plan.target_tier
            else "no items: the partner is at the top tier")
