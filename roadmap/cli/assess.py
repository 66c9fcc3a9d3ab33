"""Commands on one assessment: `init` writes a starter file, `validate` checks files, `score` gives
tiers and gaps, `plan` the remediation plan to the next tier, `sign` signs it."""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from roadmap.cli.emit import Findings, deliver, echo, emit_json, is_stdout
from roadmap.cli.inputs import criteria_option, criteria_root, in_language, load_one, load_ref, output_language, trust
from roadmap.cli.options import (
    as_of_option,
    catalog_option,
    file_argument,
    files_argument,
    lang_option,
    output_option,
    parse_date,
    trust_options,
)
from roadmap.errors import InputError, UsageError
from roadmap.i18n import use
from roadmap.present.signing import translation_lines
from roadmap.words import count

if TYPE_CHECKING:
    from roadmap.engine.carryover import Carried
    from roadmap.engine.plan import Plan
    from roadmap.engine.rounds_diff import AssessmentDiff
    from roadmap.load.assessments import LoadedAssessment
    from roadmap.load.plans import LoadedPlan

@click.command("init", short_help="Write a commented assessment template.")
@output_option("the template")
@catalog_option("Catalog id or id@version (default: the latest released version).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@criteria_option
@trust_options
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
@criteria_option
@trust_options
@click.pass_context
def validate_cmd(ctx: click.Context, files: tuple[Path, ...], strict: bool) -> None:
    """Check assessment files; report every problem in every file (exit 2), and the files that
    evidence items cite (`file:` and `sha256:`): each must be there, inside the assessment's folder,
    with those bytes.

    Also warn (on standard error, `file:line:col: path: warning: ...`) about what is valid but
    changes the score silently: evidence dated after the file's as_of, which the scorer does not
    count; a not_applicable or exception decision that expired before as_of, which the scorer
    counts as not assessed; no catalog_digest, so that the file is scored against whatever the
    catalog folder holds; and a signature that no longer matches the file (edited after signing).
    Warnings exit 0, or 1 with --strict. Each file's catalog release and signatures are named."""
    from roadmap.load.assessments import load_many, warnings_of
    from roadmap.load.evidence_files import evidence_problems
    from roadmap.present.signing import assessment_line, release_line

    run_trust = trust(ctx)
    loaded = load_many(list(files), criteria_root(ctx), trust=run_trust)
    cited = [p for la in loaded for p in evidence_problems(la)]
    if cited:
        raise InputError(cited)
    warned = 0
    for la in loaded:
        warnings = warnings_of(la)
        for w in warnings:
            run_trust.tell(str(w))  # an edit after signing was said already, when the file was loaded
        warned += len(warnings)
        a = la.assessment
        assessed = sum(1 for f in a.findings.values() if f.status == "assessed")
        scopes = ", ".join(p.assessment.scope or "" for p in a.parts)
        rolled = count(len(a.parts), "%(num)d scope", "%(num)d scopes")
        parts = f" in the national file, a roll-up of {rolled} ({scopes})" if a.parts else ""
        warned_here = count(len(warnings), "%(num)d warning", "%(num)d warnings")
        echo(f"{la.file}: ok — {a.name}, as of {a.as_of.isoformat()}, {la.catalog.ref}, "
             f"{assessed} of {len(la.catalog.criteria)} criteria assessed{parts}"
             + (f", {warned_here}" if warnings else ""))
        echo(f"  {release_line(la.catalog.ref, la.release)}")
        echo(f"  {assessment_line(la.signatures)}")
    files_valid, warnings_all = count(len(loaded), "%(num)d file", "%(num)d files"), count(warned, "%(num)d warning",
                                                                                            "%(num)d warnings")
    echo(f"{files_valid} valid" + (f", {warnings_all}" if warned else ""))
    if strict and warned:
        raise Findings(f"{warnings_all} (--strict)")


@click.command("score", short_help="Tiers per domain and overall, claimed vs verified, gaps.")
@file_argument
@click.option("--json", "as_json", is_flag=True, help="Print the complete result as JSON.")
@as_of_option("Score as of this date (evidence age, expiry) instead of the file's as_of.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=0),
              help="Gaps to list in the terminal summary.")
@click.option("--previous", type=click.Path(path_type=Path), default=None, metavar="OLD.yaml",
              help="The previous round's assessment: the summary says what changed since (as the "
                   "report's first page does).")
@lang_option
@criteria_option
@trust_options
@click.pass_context
def score_cmd(ctx: click.Context, file: Path, as_json: bool, as_of: str | None, top: int,
              previous: Path | None, lang: str | None) -> None:
    """Score an assessment: where the partner stands and why, the gating gaps, what the host owes,
    what moves the verified tier soonest; then tiers per domain, claimed vs verified, and the gaps."""
    from roadmap.engine.reciprocity import ledger
    from roadmap.engine.scoring import score

    if as_json and previous is not None:
        raise UsageError("--previous adds to the terminal summary; for the changes as JSON use "
                         "roadmap diff OLD NEW --json")
    la = load_one(ctx, file)
    language = output_language(lang, [la], as_json=as_json)
    with use(language):
        la = in_language(ctx, la, language)
        result = score(la.catalog, la.assessment, parse_date(as_of))
        recip = ledger(la.catalog, la.assessment, result)
        if as_json:
            emit_json("score", {"file": la.file, "sha256": la.sha256, **result.model_dump(mode="json"),
                                "reciprocity": recip.model_dump(mode="json") if la.assessment.reciprocity else None})
            return
        from roadmap.engine.brief import build_brief
        from roadmap.present.signing import assessment_line, release_line
        from roadmap.present.terminal.layout import console
        from roadmap.present.terminal.score import print_score

        diff = _since(ctx, previous, la, language) if previous is not None else None
        print_score(console(), result, la.catalog, build_brief(la.catalog, la.assessment, result, recip, diff),
                    top=top, signed=(release_line(la.catalog.ref, la.release), assessment_line(la.signatures),
                                     *translation_lines(la.catalog)))


def _since(ctx: click.Context, previous: Path, la: LoadedAssessment, lang: str) -> AssessmentDiff:
    """The diff from the previous round (read in `lang`) to `la` (refused for another partner, or a
    later round)."""
    from roadmap.engine.rounds_diff import check_round_order, diff_assessments
    from roadmap.load.assessments import load_assessment

    old = load_assessment(previous, str(previous), criteria_root(ctx), trust=trust(ctx))
    check_round_order(f"--previous {old.file}", old.assessment.as_of, la.file, la.assessment.as_of)
    return diff_assessments(in_language(ctx, old, lang).round, la.round)


#: The plan's format named by the suffix of `-o`.
_PLAN_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".json": "json", ".xlsx": "xlsx"}


@click.command("plan", short_help="Remediation plan to the next tier: a plan file, CSV, JSON or Excel.")
@file_argument
@click.option("--format", "fmt", type=click.Choice(["yaml", "csv", "json", "xlsx"]), default=None,
              help="yaml: the plan file (owners, due dates, states, notes; read back by --previous); csv for a "
                   "spreadsheet; the roadmap.plan JSON document; xlsx, an Excel workbook. Default: the suffix of "
                   "-o, else csv.")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("--previous", type=click.Path(path_type=Path), default=None, metavar="PLAN.yaml",
              help="The previous round's plan file: owners, due dates, states and notes carry forward; items are "
                   "marked new, carried or overdue (due before the as-of date), and those no longer gaps closed.")
@output_option("the plan")
@as_of_option()
@lang_option
@criteria_option
@trust_options
@click.pass_context
def plan_cmd(ctx: click.Context, file: Path, fmt: str | None, as_json: bool, previous: Path | None,
             output: Path | None, as_of: str | None, lang: str | None) -> None:
    """Remediation plan to the next tier: one item per gap, in priority order (POA&M-style), each
    with an owner, a due date, a state and notes to fill in; with --previous, carried over from the
    last round's plan."""
    form = _plan_format(fmt, as_json, output)
    la, lp = _loaded_with_plan(ctx, file, previous)
    language = output_language(lang, [la], as_json=form == "json")
    with use(language):
        la = in_language(ctx, la, language)
        plan, carried = _plan_carried(la, lp, as_of)
        text = _plan_text(plan, form, la)
    items = count(len(plan.items), "%(num)d item", "%(num)d items")
    deliver(output, text, f"{items} to reach {plan.target_tier}" if plan.target_tier
            else "no items: the partner is at the top tier")
    if carried is not None:
        from roadmap.engine.carryover import closed_said

        echo(f"since {carried.plan}: {carried.summary().split('; ')[0]}; {closed_said(carried.closed)}", err=True)
        if carried.done_but_open:
            echo(f"reported done in {carried.plan} but still gaps: {', '.join(carried.done_but_open)}", err=True)


def _plan_format(fmt: str | None, as_json: bool, output: Path | None) -> str:
    """The plan's format: --format (or --json), else the suffix of -o, else csv; refuse a
    contradiction, and a workbook for the terminal."""
    if as_json:
        if fmt not in (None, "json"):
            raise UsageError(f"--json and --format {fmt}: give one")
        fmt = "json"
    named = None if output is None or is_stdout(output) else _PLAN_SUFFIXES.get(output.suffix.lower())
    if fmt is not None and named is not None and fmt != named:
        raise UsageError(f"-o {output} names a {named} file, and --format says {fmt}: give one")
    form = fmt or named or "csv"
    if form == "xlsx" and (output is None or is_stdout(output)) and sys.stdout.isatty():
        raise UsageError("will not write a workbook to the terminal: give -o FILE.xlsx, or redirect standard output")
    return form


def _loaded_with_plan(ctx: click.Context, file: Path,
                      previous: Path | None) -> tuple[LoadedAssessment, LoadedPlan | None]:
    """The assessment and, with --previous, the previous plan file: the problems of both at once."""
    from roadmap.load.plans import load_with_plan
    from roadmap.present.progress import progress_bar

    with progress_bar() as progress:
        (la,), lp = load_with_plan([file], previous, criteria_root(ctx), progress, trust=trust(ctx))
    return la, lp


def _plan_carried(la: LoadedAssessment, lp: LoadedPlan | None, as_of: str | None) -> tuple[Plan, Carried | None]:
    """The plan to the next tier and, with a previous plan, that plan held against the score."""
    from roadmap.engine.carryover import carry
    from roadmap.engine.plan import build_plan
    from roadmap.engine.scoring import score
    from roadmap.load.plans import check_plan_fits

    result = score(la.catalog, la.assessment, parse_date(as_of))
    carried = None
    if lp is not None:
        check_plan_fits(lp, la.file, la.assessment, la.catalog)
        carried = carry(lp.plan, lp.file, lp.catalog, la.catalog, result)
    return build_plan(la.catalog, result, carried, scope=la.assessment.scope), carried


def _plan_text(plan: Plan, form: str, la: LoadedAssessment) -> str | bytes:
    if form == "json":
        from roadmap.engine.plan import plan_payload
        from roadmap.present.jsondoc import dumps

        return dumps("plan", {"file": la.file, "sha256": la.sha256, **plan_payload(plan)}) + "\n"
    if form == "yaml":
        from roadmap.present.plan_yaml import plan_yaml

        return plan_yaml(plan, assessment=la.file, sha256=la.sha256)
    if form == "xlsx":
        from roadmap.present.plan_xlsx import plan_xlsx

        return plan_xlsx(plan)
    from roadmap.present.plan_csv import plan_csv

    return plan_csv(plan)


@click.command("sign", short_help="Sign an assessment file (as its assessor, or --as reviewer).")
@file_argument
@click.option("--key", "key", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="KEY",
              help="Your OpenSSH private key, or its .pub when the private half is in ssh-agent or on a security key.")
@click.option("--as", "role", type=click.Choice(["assessor", "reviewer"]), default="assessor", show_default=True,
              help="Sign as the assessor, or countersign as a reviewer (another key).")
@click.option("--force", is_flag=True, help="Replace a signature of this role that still verifies.")
@criteria_option
@trust_options
@click.pass_context
def sign_cmd(ctx: click.Context, file: Path, key: Path, role: str, force: bool) -> None:
    """Sign an assessment file with `ssh-keygen -Y sign` (namespace roadmap-assessment), and write the
    signature beside it as FILE.assessor.sig (or FILE.reviewer.sig). The file must be valid and pin
    its catalog's digest; the signature must verify against the allowed signers before it is
    written. Anyone can check it with ssh-keygen alone (docs/signing.md)."""
    from roadmap.load.assessment_signatures import sign_assessment
    from roadmap.load.assessments import load_assessment, warnings_of
    from roadmap.load.files import read_bytes

    run_trust = trust(ctx)
    la = load_assessment(file, str(file), criteria_root(ctx), trust=run_trust)
    if la.assessment.catalog_digest is None:
        raise UsageError(f"{file}: pin its catalog before signing it, so that the signature covers the yardstick "
                         f'too: add catalog_digest: "{la.catalog.digest}"')
    for warning in warnings_of(la):  # what the signer vouches for, said before they sign it (as validate says it)
        run_trust.tell(str(warning))
    data = read_bytes(file, str(file))
    if hashlib.sha256(data).hexdigest() != la.sha256:
        raise UsageError(f"{file} changed while it was being signed; nothing written")
    made, already = sign_assessment(file, str(file), data, la.assessment.as_of, key=key, role=role,
                                    root=criteria_root(ctx).folder_for(la.catalog.meta.id), trust=run_trust,
                                    force=force)
    verb = "already signed" if already else "signed"
    echo(f"{verb} {file} as {made.role}: {', '.join(made.principals)} ({made.key})"
               + ("" if already else f"; wrote {made.file}"))
