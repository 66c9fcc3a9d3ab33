"""The `roadmap` command line. Each command turns flags into one core call and the result into
output and an exit code: 0 ok, 1 findings the user asked to fail on, 2 bad input or usage,
3 internal error. Heavy imports (WeasyPrint, charts) happen inside the commands that need them.

This module holds the tree of commands and `main`, the one place where every outcome becomes an
exit code. The commands live in modules by subject (`assess`, `report`, `rounds`, `compare`,
`catalog`, `export`); what they share in `inputs` (what they read), `options` and `emit` (how a result leaves);
standard output's plumbing and the fast exit in `stdio`."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from roadmap import __version__
from roadmap.cli import assess, catalog, compare, export, report, rounds
from roadmap.cli.emit import Findings
from roadmap.cli.stdio import SKIP_TEARDOWN, exit_now, flush_stdout, guard_stdio
from roadmap.errors import InputError, RoadmapError
from roadmap.preview.command import preview_cmd
from roadmap.words import count

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
#: Interrupted (Ctrl-C): 128 + SIGINT, as shells report it.
EXIT_INTERRUPTED = 130


class _Group(click.Group):
    """A group whose help lists its commands in the order they were added: the order of the work
    (init, validate, score, ...), not the alphabet's."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110,
                                           "terminal_width": 110})
@click.version_option(__version__, prog_name="roadmap")
@click.option("--criteria", "criteria_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              envvar="ROADMAP_CRITERIA_DIR", help="Folder of criteria catalogs (default: the bundled one).")
@click.pass_context
def cli(ctx: click.Context, criteria_dir: Path | None) -> None:
    """Assess a partner's readiness for Five Eyes-equivalent intelligence sharing."""
    ctx.obj = {"criteria": criteria_dir}


criteria = _Group("criteria", commands=catalog.COMMANDS,
                  help="List, show, diff, verify and release criteria catalogs.",
                  short_help="List, show, diff, verify and release criteria catalogs.")
oscal = _Group("oscal", commands=export.OSCAL_COMMANDS,
               help="NIST OSCAL 1.2.1 JSON: catalog, assessment-results, POA&M.",
               short_help="NIST OSCAL 1.2.1 JSON: catalog, assessment-results, POA&M.")
export_group = _Group("export", commands=[oscal],
                      help="Export catalogs and results in other tools' formats.",
                      short_help="Export catalogs and results as OSCAL.")
for command in (assess.init_cmd, assess.validate_cmd, assess.score_cmd, report.report_cmd, preview_cmd,
                assess.plan_cmd, rounds.reciprocity_cmd, rounds.diff_cmd, rounds.trend_cmd, compare.compare_cmd,
                criteria, export_group, export.schema_cmd):
    cli.add_command(command)


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point: run the CLI and convert every outcome into an exit code, in one place."""
    # pydantic looks for plugins (scanning every installed package's entry points, ~15 ms) when it
    # builds its first validator; the CLI uses none. Set it to "" to let them load.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if argv is None:  # run as a program
        guard_stdio()
    code = _run(argv)
    flush_stdout()
    sys.exit(code)


def _run(argv: list[str] | None) -> int:
    try:
        rc = cli.main(args=argv, prog_name="roadmap", standalone_mode=False)
    except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - each outcome is mapped in _exit_code
        return _exit_code(exc)
    if rc is SKIP_TEARDOWN and argv is None:
        exit_now(EXIT_OK)
    return rc if isinstance(rc, int) else EXIT_OK


def _exit_code(exc: BaseException) -> int:
    """What a command that did not finish says on standard error, and its exit code."""
    if isinstance(exc, InputError):
        files = len({p.file for p in exc.problems})
        return _fail(EXIT_INPUT, [str(p) for p in exc.problems]
                     + [f"{count(len(exc.problems), 'problem')} in {count(files, 'file')}"])
    if isinstance(exc, RoadmapError):
        return _fail(EXIT_INPUT, [f"error: {exc}"])
    if isinstance(exc, Findings):
        return _fail(EXIT_FINDINGS, [str(exc)])
    if isinstance(exc, click.exceptions.Exit):
        return exc.exit_code
    if isinstance(exc, click.exceptions.Abort):
        return _fail(EXIT_INPUT, ["aborted"])
    if isinstance(exc, click.ClickException):
        exc.show()
        return EXIT_INPUT
    if isinstance(exc, KeyboardInterrupt):
        return _fail(EXIT_INTERRUPTED, ["interrupted"])
    return _bug(exc)


def _bug(exc: BaseException) -> int:
    """A bug: a short message and no traceback, unless ROADMAP_DEBUG asks for one."""
    if os.environ.get("ROADMAP_DEBUG"):
        import traceback

        traceback.print_exception(exc)
    return _fail(EXIT_INTERNAL, [f"internal error: {type(exc).__name__}: {exc}",
                                 "this is a bug in roadmap; set ROADMAP_DEBUG=1 for a traceback and report it"])


def _fail(code: int, lines: list[str]) -> int:
    for line in lines:
        click.echo(line, err=True)
    return code


if __name__ == "__main__":  # pragma: no cover
    main()
