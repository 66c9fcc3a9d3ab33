"""The `roadmap` command line. Each command turns flags into one core call and the result into
output and an exit code: 0 ok, 1 findings the user asked to fail on, 2 bad input or usage,
3 internal error. Heavy imports (WeasyPrint, charts) happen inside the commands that need them."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path
from typing import Any, Literal, NoReturn, cast

import click

from roadmap import __version__
from roadmap.errors import InputError, OutputError, RoadmapError, UsageError
from roadmap.words import count

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


#: `roadmap --help` lists commands in the order of the work, each with a one-line summary.
_ORDER = {
    "roadmap": ("init", "validate", "score", "report", "plan", "reciprocity", "diff", "trend", "criteria",
                "export", "schema"),
    "criteria": ("list", "show", "diff", "verify", "release"),
}
_SHORT = {
    "init": "Write a commented assessment template.",
    "validate": "Check assessment files; list every problem.",
    "score": "Tiers per domain and overall, claimed vs verified, gaps.",
    "report": "PDF (or HTML) gap report for leaders, marked on every page.",
    "plan": "Remediation plan to the next tier (CSV or JSON).",
    "reciprocity": "Two-way sharing ledger: commitments kept or broken.",
    "diff": "Compare two rounds: progress vs moved goalposts.",
    "trend": "A partner's rounds in date order.",
    "criteria": "List, show, diff, verify and release criteria catalogs.",
    "export": "Export catalogs and results as OSCAL.",
    "schema": "JSON Schema of input files, for editors.",
}


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        order = _ORDER.get(ctx.info_name or "", ())
        return sorted(self.commands, key=lambda n: order.index(n) if n in order else len(order))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        short = _SHORT if self is cli else {}
        rows = [(name, short.get(name) or self.commands[name].get_short_help_str(72))
                for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _root(ctx: click.Context) -> Path:
    from roadmap.load.catalogs import criteria_root

    top = ctx.find_root()
    given = top.obj.get("criteria") if top.obj else None
    if not given:
        return criteria_root()
    if not Path(given).is_dir():
        source = top.get_parameter_source("criteria_dir")
        flag = "ROADMAP_CRITERIA_DIR" if source is click.core.ParameterSource.ENVIRONMENT else "--criteria"
        raise UsageError(f"{flag} {given}: {'not a folder' if Path(given).exists() else 'no such folder'}")
    return Path(given)


_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    day = _ISO_DAY.fullmatch(value.strip())
    try:
        return dt.date(*map(int, day.groups())) if day else dt.date.fromisoformat(value)
    except ValueError as exc:
        if day:  # the right shape, but no such day: say why
            raise click.BadParameter(f"expected a real date YYYY-MM-DD, found {value!r} ({exc})",
                                     param_hint="'--as-of'") from None
        raise click.BadParameter(f"expected a date YYYY-MM-DD, found {value!r}", param_hint="'--as-of'") from None


class _ReaderMayLeave:
    """Standard output of the program: once its reader has gone (`roadmap ... | head -1`), what is
    written is dropped instead of raising BrokenPipeError, so that the command still finishes and
    its exit code stands (1 for findings asked to fail on, which `set -o pipefail` must see; else 0).
    The same for its binary `buffer` (a PDF or CSV written with `-o -`, click's own writer)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, data: Any) -> int:
        try:
            return int(self._stream.write(data))
        except BrokenPipeError:
            _reader_gone(self._stream)
            return len(data)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            _reader_gone(self._stream)
            try:
                self._stream.flush()  # what was still buffered goes to /dev/null now
            except OSError:
                pass

    @property
    def buffer(self) -> Any:
        return _ReaderMayLeave(self._stream.buffer)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _is_stdout(output: Path | None) -> bool:
    from roadmap.present.output import is_stdout

    return is_stdout(output)


def _check_stdout(output: Path | None, fmt: str) -> None:
    """`-o -` is standard output; a PDF there only when it goes to a file or a pipe."""
    if _is_stdout(output) and fmt == "pdf" and sys.stdout.isatty():
        raise UsageError("-o -: will not write a PDF to the terminal; redirect standard output "
                         "(> report.pdf) or give -o FILE")


def _emit_json(kind: str, payload: Any) -> None:
    from roadmap.present.jsondoc import dumps

    click.echo(dumps(kind, payload))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110,
                                           "terminal_width": 110})
@click.version_option(__version__, prog_name="roadmap")
@click.option("--criteria", "criteria_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              envvar="ROADMAP_CRITERIA_DIR", help="Folder of criteria catalogs (default: the bundled one).")
@click.pass_context
def cli(ctx: click.Context, criteria_dir: Path | None) -> None:
    """Assess a partner's readiness for Five Eyes-equivalent intelligence sharing."""
    ctx.obj = {"criteria": criteria_dir}


@cli.command("init")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), default=None,
              help="Write the template here ('-' or none: standard output).")
@click.option("--catalog", "catalog_ref", default="fvey", show_default=True,
              help="Catalog id or id@version (default: the latest released version).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.pass_context
def init_cmd(ctx: click.Context, output: Path | None, catalog_ref: str, force: bool) -> None:
    """Write a commented assessment template listing every criterion."""
    from roadmap.load.catalogs import load_catalog, resolve_ref
    from roadmap.present.output import write_atomic
    from roadmap.present.starter import render_template

    root = _root(ctx)
    catalog = load_catalog(root, *resolve_ref(root, catalog_ref))
    from roadmap.present.schema import schema_ref

    text = render_template(catalog, today=dt.date.today(), schema_path=schema_ref(None if _is_stdout(output) else output))
    if output is None or _is_stdout(output):
        click.echo(text, nl=False)
        return
    if output.is_file() and not force:  # a device (/dev/null) or a pipe is written to
        raise UsageError(f"{output} exists; use --force to overwrite it")
    write_atomic(output, text.encode())
    click.echo(f"wrote {output}: {len(catalog.criteria)} criteria from {catalog.ref}", err=True)


@cli.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Exit 1 if there are warnings.")
@click.pass_context
def validate_cmd(ctx: click.Context, files: tuple[Path, ...], strict: bool) -> None:
    """Check assessment files; report every problem in every file (exit 2).

    Also warn (on standard error, `file:line:col: path: warning: ...`) about what is valid but
    changes the score silently: evidence dated after the file's as_of, which the scorer does not
    count, and a not_applicable or exception decision that expired before as_of, which the scorer
    counts as not assessed. Warnings exit 0, or 1 with --strict."""
    from roadmap.load.assessments import load_many, warnings_of

    loaded = load_many(list(files), _root(ctx))
    warned = 0
    for la in loaded:
        warnings = warnings_of(la)
        for w in warnings:
            click.echo(str(w), err=True)
        warned += len(warnings)
        a = la.assessment
        assessed = sum(1 for f in a.findings.values() if f.status == "assessed")
        click.echo(f"{la.file}: ok — {a.partner}, as of {a.as_of.isoformat()}, {la.catalog.ref}, "
                   f"{assessed} of {len(la.catalog.criteria)} criteria assessed"
                   + (f", {count(len(warnings), 'warning')}" if warnings else ""))
    click.echo(f"{count(len(loaded), 'file')} valid" + (f", {count(warned, 'warning')}" if warned else ""))
    if strict and warned:
        click.echo(f"{count(warned, 'warning')} (--strict)", err=True)
        ctx.exit(EXIT_FINDINGS)


@cli.command("score")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the complete result as JSON.")
@click.option("--as-of", "as_of", default=None, metavar="DATE",
              help="Score as of this date (evidence age, expiry) instead of the file's as_of.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=0),
              help="Gaps to list in the terminal summary.")
@click.pass_context
def score_cmd(ctx: click.Context, file: Path, as_json: bool, as_of: str | None, top: int) -> None:
    """Score an assessment: tiers per domain and overall, claimed vs verified, gaps."""
    from roadmap.engine.reciprocity import ledger
    from roadmap.engine.scoring import score
    from roadmap.load.assessments import load_assessment

    la = load_assessment(file, str(file), _root(ctx))
    result = score(la.catalog, la.assessment, _date(as_of))
    recip = ledger(la.catalog, la.assessment, result) if la.assessment.reciprocity is not None else None
    if as_json:
        _emit_json("score", {"file": la.file, "sha256": la.sha256, **result.model_dump(mode="json"),
                             "reciprocity": recip.model_dump(mode="json") if recip else None})
        return
    from roadmap.present.terminal import console, print_score

    print_score(console(), result, la.catalog, top=top, reciprocity=recip)


@cli.group("criteria", cls=_Group)
def criteria_grp() -> None:
    """List, show, diff, verify and release criteria catalogs."""


@criteria_grp.command("list")
@click.option("--catalog", "catalog_ref", default="fvey", show_default=True, help="Catalog id or id@version.")
@click.option("--json", "as_json", is_flag=True, help="Print the catalog as JSON.")
@click.pass_context
def criteria_list(ctx: click.Context, catalog_ref: str, as_json: bool) -> None:
    """List a catalog's criteria with their targets per tier."""
    from roadmap.load.catalogs import load_catalog, resolve_ref

    root = _root(ctx)
    catalog = load_catalog(root, *resolve_ref(root, catalog_ref))
    if as_json:
        _emit_json("catalog", {
            "catalog": catalog.ref, "digest": catalog.digest, "meta": catalog.meta.model_dump(mode="json"),
            "criteria": [{"domain": catalog.domain_of[c.id], **c.model_dump(mode="json")} for c in catalog.criteria],
        })
        return
    from roadmap.present.terminal import console, print_criteria

    print_criteria(console(), catalog)


@criteria_grp.command("show")
@click.argument("criterion_id")
@click.option("--catalog", "catalog_ref", default="fvey", show_default=True, help="Catalog id or id@version.")
@click.pass_context
def criteria_show(ctx: click.Context, criterion_id: str, catalog_ref: str) -> None:
    """Show one criterion: statement, targets with their basis, evidence, references."""
    import difflib

    from roadmap.load.catalogs import load_catalog, resolve_ref

    root = _root(ctx)
    catalog = load_catalog(root, *resolve_ref(root, catalog_ref))
    import re

    wanted = criterion_id.strip().upper()
    padded = re.sub(r"^([A-Z]+)-([0-9])([a-zA-Z]?)$", r"\1-0\2\3", wanted)  # PER-4 → PER-04
    c = catalog.by_id.get(wanted) or catalog.by_id.get(padded)
    if c is None:
        close = difflib.get_close_matches(criterion_id.upper(), list(catalog.by_id), n=1)
        raise UsageError(f"no criterion {criterion_id} in {catalog.ref}" + (f"; did you mean {close[0]}?" if close else ""))
    from roadmap.present.terminal import console, print_criterion

    print_criterion(console(), catalog, c)


@criteria_grp.command("verify")
@click.pass_context
def criteria_verify(ctx: click.Context) -> None:
    """Check that released catalog versions still match the release lock (exit 1 if not)."""
    from roadmap.load.releases import verify

    result = verify(_root(ctx))
    for finding in result.findings:
        click.echo(finding)
    if result.problems:  # a catalog that cannot be loaded: bad input (2), after the other findings
        raise InputError(result.problems)
    if result.ok:
        click.echo(f"ok: {count(len(result.checked), 'released version')} match the lock ({', '.join(result.checked)})")
        return
    click.echo(f"{count(len(result.findings), 'problem')} with released catalogs", err=True)
    ctx.exit(EXIT_FINDINGS)


@criteria_grp.command("release")
@click.argument("ref")
@click.pass_context
def criteria_release(ctx: click.Context, ref: str) -> None:
    """Freeze a catalog version: record its digests in the release lock."""
    from roadmap.load.releases import release

    catalog = release(_root(ctx), ref)
    click.echo(f"released {catalog.ref}: {len(catalog.criteria)} criteria, {catalog.digest}")


@criteria_grp.command("diff")
@click.argument("old_ref", metavar="OLD")
@click.argument("new_ref", metavar="NEW")
@click.option("--json", "as_json", is_flag=True, help="Print the diff as JSON.")
@click.option("--fail-on-tightening", is_flag=True,
              help="Exit 1 if NEW asks more of the partner than OLD (or commits the host to less).")
@click.pass_context
def criteria_diff(ctx: click.Context, old_ref: str, new_ref: str, as_json: bool, fail_on_tightening: bool) -> None:
    """What changed between two catalog versions, criterion by criterion (renames followed)."""
    from roadmap.engine.diff import diff_catalogs
    from roadmap.load.catalogs import load_catalog, resolve_ref

    root = _root(ctx)
    old = load_catalog(root, *resolve_ref(root, old_ref, released_only=False))
    new = load_catalog(root, *resolve_ref(root, new_ref, released_only=False))
    result = diff_catalogs(old, new)
    if as_json:
        _emit_json("criteria-diff", result.model_dump(mode="json"))
    else:
        from roadmap.present.terminal import console, print_criteria_diff

        print_criteria_diff(console(), result)
    if fail_on_tightening and result.tightened:
        click.echo(f"{count(len(result.tightened), 'tightening change')} from {result.old} to {result.new}: "
                   f"{', '.join(result.tightened)} (--fail-on-tightening)", err=True)
        ctx.exit(EXIT_FINDINGS)


@cli.command("reciprocity")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the ledgers and their history as JSON.")
@click.option("--fail-on-broken", is_flag=True,
              help="Exit 1 when the latest assessment has a broken host commitment or a partner shortfall.")
@click.pass_context
def reciprocity_cmd(ctx: click.Context, files: tuple[Path, ...], as_json: bool, fail_on_broken: bool) -> None:
    """Two-way sharing ledger: host commitments due at the tier reached vs delivered, partner
    contribution vs expectation, parity; with several files of one partner, the history."""
    from roadmap.engine.reciprocity import account
    from roadmap.load.assessments import load_many

    loaded = load_many(list(files), _root(ctx))
    acct = account([la.round for la in loaded])
    if as_json:
        _emit_json("reciprocity", {
            "ledgers": [{"file": la.file, "sha256": la.sha256, **lg.model_dump(mode="json")}
                        for la, lg in zip(loaded, acct.ledgers, strict=True)],
            "history": acct.history.model_dump(mode="json"),
            "latest": acct.history.rounds[-1].file,
        })
    else:
        from roadmap.present.terminal import console, print_history, print_reciprocity

        out = console()
        print_reciprocity(out, acct.latest, acct.history.rounds[-1].file)
        if len(loaded) > 1:
            out.print()
            print_history(out, acct.history)
    if fail_on_broken and acct.latest.findings:
        lg = acct.latest
        click.echo(f"{count(lg.broken, 'broken host commitment')}, {count(lg.short, 'partner shortfall')} in "
                   f"{acct.history.rounds[-1].file} (--fail-on-broken)", err=True)
        ctx.exit(EXIT_FINDINGS)


def _deliver(output: Path | None, text: str, what: str) -> None:
    """Print `text` (no `output`, or `-`), or write it atomically to `output` and say so on stderr."""
    if output is None or _is_stdout(output):
        click.echo(text, nl=False)
        return
    from roadmap.present.output import write_atomic

    write_atomic(output, text.encode("utf-8"))
    click.echo(f"wrote {output}: {what}", err=True)


@cli.command("plan")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True,
              help="CSV for a spreadsheet, or the roadmap.engine.plan JSON document.")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), default=None,
              help="Write the plan here ('-' or none: standard output).")
@click.option("--as-of", "as_of", default=None, metavar="DATE", help="Score as of this date.")
@click.pass_context
def plan_cmd(ctx: click.Context, file: Path, fmt: str, as_json: bool, output: Path | None,
             as_of: str | None) -> None:
    """Remediation plan to the next tier: one row per gap, in priority order (POA&M-style)."""
    from roadmap.engine.plan import build_plan, plan_csv, plan_payload
    from roadmap.engine.scoring import score
    from roadmap.load.assessments import load_assessment

    la = load_assessment(file, str(file), _root(ctx))
    plan = build_plan(la.catalog, score(la.catalog, la.assessment, _date(as_of)))
    if as_json or fmt == "json":
        from roadmap.present.jsondoc import dumps

        text = dumps("plan", {"file": la.file, "sha256": la.sha256, **plan_payload(plan)}) + "\n"
    else:
        text = plan_csv(plan)
    _deliver(output, text, f"{count(len(plan.items), 'item')} to reach {plan.target_tier}" if plan.target_tier
             else "no items: the partner is at the top tier")


@cli.group("export", cls=_Group)
def export_grp() -> None:
    """Export catalogs and results in other tools' formats."""


@export_grp.group("oscal", cls=_Group)
def oscal_grp() -> None:
    """NIST OSCAL 1.2.1 JSON: catalog, assessment-results, POA&M."""


@oscal_grp.command("catalog")
@click.option("--catalog", "catalog_ref", default="fvey", show_default=True, help="Catalog id or id@version.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), default=None,
              help="Write the OSCAL catalog here ('-' or none: standard output).")
@click.pass_context
def oscal_catalog(ctx: click.Context, catalog_ref: str, output: Path | None) -> None:
    """The criteria catalog as an OSCAL catalog: a group per domain, a control per criterion."""
    from roadmap.load.catalogs import load_catalog, resolve_ref
    from roadmap.present.oscal import catalog_document, dumps

    root = _root(ctx)
    catalog = load_catalog(root, *resolve_ref(root, catalog_ref))
    _deliver(output, dumps(catalog_document(catalog)), f"OSCAL catalog of {catalog.ref}")


def _oscal_assessment(ctx: click.Context, file: Path, as_of: str | None, output: Path | None,
                      kind: str) -> None:
    from roadmap.engine.scoring import score
    from roadmap.load.assessments import load_assessment
    from roadmap.present.oscal import dumps, poam_document, results_document

    la = load_assessment(file, str(file), _root(ctx))
    result = score(la.catalog, la.assessment, _date(as_of))
    build = results_document if kind == "results" else poam_document
    doc = build(la.catalog, la.assessment, result, file=la.file, sha256=la.sha256)
    _deliver(output, dumps(doc), f"OSCAL {'assessment-results' if kind == 'results' else 'POA&M'} of {la.file}")


@oscal_grp.command("results")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), default=None,
              help="Write the OSCAL assessment-results here ('-' or none: standard output).")
@click.option("--as-of", "as_of", default=None, metavar="DATE", help="Score as of this date.")
@click.pass_context
def oscal_results(ctx: click.Context, file: Path, output: Path | None, as_of: str | None) -> None:
    """A scored assessment as OSCAL assessment-results: a finding per criterion."""
    _oscal_assessment(ctx, file, as_of, output, "results")


@oscal_grp.command("poam")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), default=None,
              help="Write the OSCAL POA&M here ('-' or none: standard output).")
@click.option("--as-of", "as_of", default=None, metavar="DATE", help="Score as of this date.")
@click.pass_context
def oscal_poam(ctx: click.Context, file: Path, output: Path | None, as_of: str | None) -> None:
    """The gaps to the next tier as an OSCAL plan of action and milestones."""
    _oscal_assessment(ctx, file, as_of, output, "poam")


@cli.command("schema")
@click.argument("kind", required=False, type=click.Choice(["assessment", "catalog", "catalog-domain"]),
                metavar="{assessment|catalog|catalog-domain}")  # required, except with --update
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), default=None,
              help="Write the schema here ('-' or none: standard output).")
@click.option("--update", is_flag=True, help="Regenerate every schema shipped in schemas/ (maintainers).")
def schema_cmd(kind: str | None, output: Path | None, update: bool) -> None:
    """JSON Schema of an input file, for editors (yaml-language-server) and other tools."""
    from roadmap.present import schema

    if update:
        if kind or output:
            raise UsageError("--update regenerates every shipped schema; give no KIND or -o with it")
        for name in schema.update_shipped():
            click.echo(f"updated {name}")
        return
    if kind is None:
        raise UsageError("give a schema: assessment, catalog or catalog-domain")
    _deliver(output, schema.render(kind), f"JSON Schema of {kind} files")


@cli.command("report")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(allow_dash=True, path_type=Path), default=None,
              help="The report file (one input; '-': standard output) or folder (several inputs). "
                   "Default: reports/<file stem>.pdf")
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
@click.pass_context
def report_cmd(ctx: click.Context, files: tuple[Path, ...], output: Path | None, fmt: str,
               previous: Path | None, templates: Path | None, jobs: int) -> object:
    """Write a gap report per assessment: cover, summary, tier ladder, the gaps to the next tier,
    criteria by domain, claimed/verified/strict results, evidence and exception annexes.

    Every file is validated first; if any has a problem, all problems are listed and nothing is
    written."""
    from roadmap.report import make_reports, output_paths

    _check_stdout(output, fmt)
    output_paths(files, output, cast(Literal["pdf", "html"], fmt))  # its refusals before any progress shows

    def run(on_done: Any = None) -> Any:
        return make_reports(list(files), root=_root(ctx), output=output, fmt=cast(Literal["pdf", "html"], fmt), previous=previous,
                            templates=templates, jobs=jobs, on_done=on_done)

    if len(files) > 1:
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("rendering reports", total=len(files))
            written = run(lambda _file: bar.advance(task))
    else:
        written = run()
    for w in written:
        _wrote(w)
    return SKIP_TEARDOWN


def _check_document_flags(fmt: str, as_json: bool, output: Path | None, templates: Path | None) -> None:
    if as_json and fmt != "text":
        raise UsageError(f"--json prints to the terminal; give it without --format {fmt}")
    if fmt == "text" and (output is not None or templates is not None):
        raise UsageError(f"{'-o' if output is not None else '--templates'} is for a report: add --format pdf or html")
    _check_stdout(output, fmt)


def _wrote(w: Any) -> None:
    """Say what was written; nothing when it went to standard output (the data is there)."""
    if not _is_stdout(w.path):
        click.echo(f"wrote {w.path} ({w.size // 1024 or 1} KiB) from {w.source}")


@cli.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the complete diff as JSON.")
@click.option("--format", "fmt", type=click.Choice(["text", "pdf", "html"]), default="text", show_default=True,
              help="Terminal text, or a diff report as PDF or standalone HTML.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), default=None,
              help="The PDF/HTML report file ('-': standard output). "
                   "Default: reports/<old stem>--<new stem>.<format>")
@click.option("--templates", "templates", type=click.Path(path_type=Path), default=None, metavar="DIR",
              help="Your organisation's templates, searched before the bundled ones (see 'roadmap report').")
@click.option("--fail-on-regression", is_flag=True,
              help="Exit 1 if a domain or the overall tier (claimed or verified) or a host commitment went down.")
@click.pass_context
def diff_cmd(ctx: click.Context, old: Path, new: Path, as_json: bool, fmt: str, output: Path | None,
             templates: Path | None, fail_on_regression: bool) -> None:
    """Compare two assessment rounds of one partner: per criterion, per domain and overall, claimed
    and verified. When they pin different catalog versions, split each change into the partner's
    progress and the criteria's change (goalposts)."""
    from roadmap.engine.diff import diff_assessments
    from roadmap.load.assessments import load_many

    _check_document_flags(fmt, as_json, output, templates)
    lo, ln = load_many([old, new], _root(ctx))
    result = diff_assessments(lo.round, ln.round)
    if as_json:
        _emit_json("diff", {"old_sha256": lo.sha256, "new_sha256": ln.sha256, **result.model_dump(mode="json")})
    elif fmt == "text":
        from roadmap.present.terminal import console, print_diff

        print_diff(console(), result)
    else:
        from roadmap.report import make_diff_report

        _wrote(make_diff_report(lo, ln, result, output=output, fmt=fmt, templates=templates))  # type: ignore[arg-type]
    if fail_on_regression and result.regressions:
        click.echo(f"{count(len(result.regressions), 'regression')}: {'; '.join(result.regressions)} "
                   "(--fail-on-regression)", err=True)
        ctx.exit(EXIT_FINDINGS)


@cli.command("trend")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the series as JSON.")
@click.option("--format", "fmt", type=click.Choice(["text", "pdf", "html"]), default="text", show_default=True,
              help="Terminal table, or a trend report with charts as PDF or standalone HTML.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), default=None,
              help="The PDF/HTML report file ('-': standard output). "
                   "Default: reports/<oldest stem>--<newest stem>-trend.<format>")
@click.option("--templates", "templates", type=click.Path(path_type=Path), default=None, metavar="DIR",
              help="Your organisation's templates, searched before the bundled ones (see 'roadmap report').")
@click.pass_context
def trend_cmd(ctx: click.Context, files: tuple[Path, ...], as_json: bool, fmt: str, output: Path | None,
              templates: Path | None) -> None:
    """The rounds of one partner in order of as_of: overall and per-domain tier and readiness."""
    from roadmap.engine.trend import trend
    from roadmap.load.assessments import load_many

    _check_document_flags(fmt, as_json, output, templates)
    loaded = load_many(list(files), _root(ctx))
    result = trend([la.round for la in loaded])
    if as_json:
        _emit_json("trend", result.model_dump(mode="json"))
        return
    if fmt != "text":
        from roadmap.report import make_trend_report

        _wrote(make_trend_report(loaded, result, output=output, fmt=fmt, templates=templates))  # type: ignore[arg-type]
        return
    from roadmap.present.terminal import console, print_trend

    print_trend(console(), result)

def _fail(code: int, lines: list[str]) -> int:
    for line in lines:
        click.echo(line, err=True)
    return code


#: Returned by a command whose work is all written and which leaves nothing to clean up.
SKIP_TEARDOWN = object()


def _exit_now() -> NoReturn:
    """Exit without the interpreter's teardown. After a large report, freeing WeasyPrint's millions
    of objects one by one takes seconds and frees nothing the system would not reclaim anyway
    (benchmarks/RESULTS.md). Only when run as a program (not from tests or other code), and only
    after every report was written atomically (fsync, rename) and the output is flushed."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass
    os._exit(EXIT_OK)


def _reader_gone(stream: Any = None) -> None:
    """The reader of `stream` (standard output by default) has gone (`roadmap ... | head -1`): it
    got what it wanted. Point the stream at /dev/null so that nothing more, not even Python's flush
    at exit, fails on it (https://docs.python.org/3/library/signal.html#note-on-sigpipe)."""
    try:
        fd = (stream if stream is not None else sys.stdout).fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (tests, embedding): nothing is flushed to a pipe at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point: run the CLI and convert every outcome into an exit code, in one place."""
    # pydantic looks for plugins (scanning every installed package's entry points, ~15 ms) when it
    # builds its first validator; the CLI uses none. Set it to "" to let them load.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if argv is None and not isinstance(sys.stdout, _ReaderMayLeave):  # run as a program
        sys.stdout = _ReaderMayLeave(sys.stdout)
        sys.stderr = _ReaderMayLeave(sys.stderr)  # `2>&1 | head`: problems still exit 2
    code = _run(argv)
    try:
        sys.stdout.flush()  # here, not at exit, where a failure would only be printed
    except BrokenPipeError:
        _reader_gone()
    sys.exit(code)


def _run(argv: list[str] | None) -> int:
    try:
        rc = cli.main(args=argv, prog_name="roadmap", standalone_mode=False)
        if rc is SKIP_TEARDOWN and argv is None:
            _exit_now()
        return rc if isinstance(rc, int) else EXIT_OK
    except InputError as exc:
        n = len(exc.problems)
        files = len({p.file for p in exc.problems})
        return _fail(EXIT_INPUT, [str(p) for p in exc.problems]
                     + [f"{count(n, 'problem')} in {count(files, 'file')}"])
    except (UsageError, OutputError) as exc:
        return _fail(EXIT_INPUT, [f"error: {exc}"])
    except RoadmapError as exc:
        return _fail(EXIT_INPUT, [f"error: {exc}"])
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        return _fail(EXIT_INPUT, ["aborted"])
    except click.ClickException as exc:
        exc.show()
        return EXIT_INPUT
    except KeyboardInterrupt:
        return _fail(130, ["interrupted"])
    except Exception as exc:  # noqa: BLE001 - a bug: short message, no traceback unless asked for
        import traceback

        if os.environ.get("ROADMAP_DEBUG"):
            traceback.print_exc()
        return _fail(EXIT_INTERNAL, [f"internal error: {type(exc).__name__}: {exc}",
                                     "this is a bug in roadmap; set ROADMAP_DEBUG=1 for a traceback and report it"])


if __name__ == "__main__":  # pragma: no cover
    main()
