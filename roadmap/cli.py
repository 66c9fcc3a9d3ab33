"""The `roadmap` command line. Each command turns flags into one core call and the result into
output and an exit code: 0 ok, 1 findings the user asked to fail on, 2 bad input or usage,
3 internal error. Heavy imports (WeasyPrint, charts) happen inside the commands that need them."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from roadmap import __version__
from roadmap.errors import InputError, OutputError, RoadmapError, UsageError

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)  # in the order they were added: the order of the workflow


def _root(ctx: click.Context) -> Path:
    from roadmap.catalogs import criteria_root

    given = ctx.find_root().obj.get("criteria") if ctx.find_root().obj else None
    return Path(given) if given else criteria_root()


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date YYYY-MM-DD, found {value!r}") from None


def _emit_json(kind: str, payload: Any) -> None:
    from roadmap.jsonout import dumps

    click.echo(dumps(kind, payload))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="roadmap")
@click.option("--criteria", "criteria_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              envvar="ROADMAP_CRITERIA_DIR", help="Folder of criteria catalogs (default: the bundled one).")
@click.pass_context
def cli(ctx: click.Context, criteria_dir: Path | None) -> None:
    """Assess a partner's readiness for Five Eyes-equivalent intelligence sharing."""
    ctx.obj = {"criteria": criteria_dir}


@cli.command("init")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the template here (default: standard output).")
@click.option("--catalog", "catalog_ref", default="fvey", show_default=True,
              help="Catalog id or id@version (default: the latest released version).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.pass_context
def init_cmd(ctx: click.Context, output: Path | None, catalog_ref: str, force: bool) -> None:
    """Write a commented assessment template listing every criterion."""
    from roadmap.catalogs import load_catalog, resolve_ref
    from roadmap.output import write_atomic
    from roadmap.template import render_template

    root = _root(ctx)
    catalog = load_catalog(root, *resolve_ref(root, catalog_ref))
    text = render_template(catalog, today=dt.date.today())
    if output is None:
        click.echo(text, nl=False)
        return
    if output.exists() and not force:
        raise UsageError(f"{output} exists; use --force to overwrite it")
    write_atomic(output, text.encode())
    click.echo(f"wrote {output}: {len(catalog.criteria)} criteria from {catalog.ref}", err=True)


@cli.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_context
def validate_cmd(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Check assessment files; report every problem in every file."""
    from roadmap.assessments import load_many

    loaded = load_many(list(files), _root(ctx))
    for la in loaded:
        a = la.assessment
        assessed = sum(1 for f in a.findings.values() if f.status == "assessed")
        click.echo(f"{la.file}: ok — {a.partner}, as of {a.as_of.isoformat()}, {la.catalog.ref}, "
                   f"{assessed} of {len(la.catalog.criteria)} criteria assessed")
    click.echo(f"{len(loaded)} file{'s' if len(loaded) != 1 else ''} valid")


@cli.command("score")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the complete result as JSON.")
@click.option("--as-of", "as_of", default=None, metavar="DATE",
              help="Score as of this date (evidence age, expiry) instead of the file's as_of.")
@click.option("--top", default=10, show_default=True, help="Gaps to list in the terminal summary.")
@click.pass_context
def score_cmd(ctx: click.Context, file: Path, as_json: bool, as_of: str | None, top: int) -> None:
    """Score an assessment: tiers per domain and overall, claimed vs verified, gaps."""
    from roadmap.assessments import load_assessment
    from roadmap.scoring import score

    la = load_assessment(file, str(file), _root(ctx))
    result = score(la.catalog, la.assessment, _date(as_of))
    if as_json:
        _emit_json("score", {"file": la.file, "sha256": la.sha256, **result.model_dump(mode="json")})
        return
    from roadmap.terminal import console, print_score

    print_score(console(), result, la.catalog, top=top)


@cli.group("criteria", cls=_Group)
def criteria_grp() -> None:
    """List, show, verify and release criteria catalogs."""


@criteria_grp.command("list")
@click.option("--catalog", "catalog_ref", default="fvey", show_default=True, help="Catalog id or id@version.")
@click.option("--json", "as_json", is_flag=True, help="Print the catalog as JSON.")
@click.pass_context
def criteria_list(ctx: click.Context, catalog_ref: str, as_json: bool) -> None:
    """List a catalog's criteria with their targets per tier."""
    from roadmap.catalogs import load_catalog, resolve_ref

    root = _root(ctx)
    catalog = load_catalog(root, *resolve_ref(root, catalog_ref))
    if as_json:
        _emit_json("catalog", {
            "catalog": catalog.ref, "digest": catalog.digest, "meta": catalog.meta.model_dump(mode="json"),
            "criteria": [{"domain": catalog.domain_of[c.id], **c.model_dump(mode="json")} for c in catalog.criteria],
        })
        return
    from roadmap.terminal import console, print_criteria

    print_criteria(console(), catalog)


@criteria_grp.command("show")
@click.argument("criterion_id")
@click.option("--catalog", "catalog_ref", default="fvey", show_default=True, help="Catalog id or id@version.")
@click.pass_context
def criteria_show(ctx: click.Context, criterion_id: str, catalog_ref: str) -> None:
    """Show one criterion: statement, targets with their basis, evidence, references."""
    import difflib

    from roadmap.catalogs import load_catalog, resolve_ref

    root = _root(ctx)
    catalog = load_catalog(root, *resolve_ref(root, catalog_ref))
    c = catalog.by_id.get(criterion_id.upper())
    if c is None:
        close = difflib.get_close_matches(criterion_id.upper(), list(catalog.by_id), n=1)
        raise UsageError(f"no criterion {criterion_id} in {catalog.ref}" + (f"; did you mean {close[0]}?" if close else ""))
    from roadmap.terminal import console, print_criterion

    print_criterion(console(), catalog, c)


@criteria_grp.command("verify")
@click.pass_context
def criteria_verify(ctx: click.Context) -> None:
    """Check that released catalog versions still match the release lock (exit 1 if not)."""
    from roadmap.catalogs import verify

    result = verify(_root(ctx))
    for finding in result.findings:
        click.echo(finding)
    if result.ok:
        click.echo(f"ok: {len(result.checked)} released version(s) match the lock ({', '.join(result.checked)})")
        return
    click.echo(f"{len(result.findings)} problem(s) with released catalogs", err=True)
    ctx.exit(EXIT_FINDINGS)


@criteria_grp.command("release")
@click.argument("ref")
@click.pass_context
def criteria_release(ctx: click.Context, ref: str) -> None:
    """Freeze a catalog version: record its digests in the release lock."""
    from roadmap.catalogs import release

    catalog = release(_root(ctx), ref)
    click.echo(f"released {catalog.ref}: {len(catalog.criteria)} criteria, {catalog.digest}")


def _fail(code: int, lines: list[str]) -> NoReturn:
    for line in lines:
        click.echo(line, err=True)
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and convert every outcome into an exit code, in one place."""
    try:
        rc = cli.main(args=argv, prog_name="roadmap", standalone_mode=False)
        if isinstance(rc, int) and rc:
            sys.exit(rc)
    except InputError as exc:
        n = len(exc.problems)
        files = len({p.file for p in exc.problems})
        _fail(EXIT_INPUT, [str(p) for p in exc.problems]
              + [f"{n} problem{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''}"])
    except (UsageError, OutputError) as exc:
        _fail(EXIT_INPUT, [f"error: {exc}"])
    except RoadmapError as exc:
        _fail(EXIT_INPUT, [f"error: {exc}"])
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        _fail(EXIT_INPUT, ["aborted"])
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_INPUT)
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    except KeyboardInterrupt:
        _fail(130, ["interrupted"])
    except Exception as exc:  # a bug: short message, no traceback unless asked for
        import os
        import traceback

        if os.environ.get("ROADMAP_DEBUG"):
            traceback.print_exc()
        _fail(EXIT_INTERNAL, [f"internal error: {type(exc).__name__}: {exc}",
                              "this is a bug in roadmap; set ROADMAP_DEBUG=1 for a traceback and report it"])
    sys.exit(EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
