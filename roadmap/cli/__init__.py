"""The `roadmap` command line. Each command turns flags into one core call and the result into
output and an exit code: 0 ok, 1 findings the user asked to fail on, 2 bad input or usage (and an
output that cannot be written, standard output included), 3 internal error, 130 and 143 when
interrupted by SIGINT or SIGTERM. Heavy imports (WeasyPrint, charts) happen inside the commands
that need them.

This module holds the tree of commands and `main`, the one place where every outcome becomes an
exit code. The commands live in modules by subject (`assess`, `report`, `rounds`, `compare`,
`catalog`, `export`), each imported when one of its commands runs (`groups`); what they share in
`inputs` (what they read), `options` and `emit` (how a result leaves); standard output's plumbing and
the fast exit in `stdio`."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from roadmap import __version__, interrupts, plugins
from roadmap.cli.emit import Findings, echo
from roadmap.cli.groups import Lazy
from roadmap.cli.stdio import exit_now, flush_stdout, guard_stdio
from roadmap.errors import InputError, OutputError, RoadmapError
from roadmap.interrupts import Interrupted
from roadmap.words import count

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
#: Interrupted: 128 + the signal's number, as shells report it (SIGINT 130, SIGTERM 143).
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


#: Each command and where it is, in the order `roadmap --help` lists them: the order of the work. A
#: command's module is imported when it runs (roadmap.cli.groups).
COMMANDS = {
    "init": "roadmap.cli.assess:init_cmd", "validate": "roadmap.cli.assess:validate_cmd",
    "score": "roadmap.cli.assess:score_cmd", "report": "roadmap.cli.report:report_cmd",
    "preview": "roadmap.preview.command:preview_cmd", "plan": "roadmap.cli.assess:plan_cmd",
    "sign": "roadmap.cli.assess:sign_cmd", "reciprocity": "roadmap.cli.rounds:reciprocity_cmd",
    "diff": "roadmap.cli.rounds:diff_cmd", "trend": "roadmap.cli.rounds:trend_cmd",
    "compare": "roadmap.cli.compare:compare_cmd", "criteria": "roadmap.cli.catalog:criteria_group",
    "export": "roadmap.cli.export:export_group", "schema": "roadmap.cli.export:schema_cmd",
}


@click.group(cls=Lazy, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"],
                                                      "max_content_width": 110, "terminal_width": 110})
@click.version_option(__version__, prog_name="roadmap")
@click.option("--criteria", "criteria_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              envvar="ROADMAP_CRITERIA_DIR",
              help="A folder of your own criteria catalogs, read before the bundled ones (each command takes "
                   "it too).")
@click.pass_context
def cli(ctx: click.Context, criteria_dir: Path | None) -> None:
    """Assess a partner's readiness for Five Eyes-equivalent intelligence sharing."""
    source = ctx.get_parameter_source("criteria_dir")
    ctx.obj = {"criteria": criteria_dir, "criteria_flag": "ROADMAP_CRITERIA_DIR"
               if source is click.core.ParameterSource.ENVIRONMENT else "--criteria"}


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point: run the CLI and convert every outcome into an exit code, in one place."""
    # pydantic looks for plugins (importing importlib.metadata, scanning every installed package's
    # entry points) when it builds its first validator; the CLI uses none. Set it to "" to let them load.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    plugins.skip_discovery()
    program = argv is None
    if program:
        # A command is short and keeps nearly everything it makes until it ends: the cyclic collector
        # would walk those objects again and again and free nothing (benchmarks/RESULTS.md). The
        # long-running preview turns it back on.
        gc.disable()
        guard_stdio()
        interrupts.install()
    code = _run(argv)
    code = _flushed(code)
    if program:
        # Every file was written and closed (atomically), the output is flushed: the interpreter's
        # teardown would only free, object by object, what the system reclaims at once.
        exit_now(code)
    sys.exit(code)


def _run(argv: list[str] | None) -> int:
    """The exit code of the command."""
    try:
        rc = cli.main(args=argv, prog_name="roadmap", standalone_mode=False)
    except (Exception, KeyboardInterrupt, Interrupted) as exc:  # noqa: BLE001 - each mapped in _exit_code
        return _exit_code(exc)
    return rc if isinstance(rc, int) else EXIT_OK


def _flushed(code: int) -> int:
    """`code`, once standard output is flushed; if it cannot be, the output error's code instead of
    a success (an interruption or a bad input keeps its own)."""
    try:
        flush_stdout()
    except (OutputError, Interrupted) as exc:
        return _exit_code(exc) if code in (EXIT_OK, EXIT_FINDINGS) or isinstance(exc, Interrupted) else code
    return code


def _exit_code(exc: BaseException) -> int:
    """What a command that did not finish says on standard error, and its exit code."""
    if isinstance(exc, InputError):
        problems = count(len(exc.problems), "%(num)d problem", "%(num)d problems")
        files = count(len({p.file for p in exc.problems}), "%(num)d file", "%(num)d files")
        return _fail(EXIT_INPUT, [str(p) for p in exc.problems] + [f"{problems} in {files}"])
    if isinstance(exc, RoadmapError):
        return _fail(EXIT_INPUT, [f"error: {exc}"])
    if isinstance(exc, Findings):
        return _fail(EXIT_FINDINGS, [str(exc)])
    if isinstance(exc, click.exceptions.Exit):
        return exc.exit_code
    if isinstance(exc, Interrupted):
        return _fail(exc.exit_code, [exc.words])
    if isinstance(exc, KeyboardInterrupt) or (isinstance(exc, click.exceptions.Abort)
                                              and isinstance(exc.__cause__, KeyboardInterrupt)):
        return _fail(EXIT_INTERRUPTED, ["interrupted"])  # without our handler (embedded, tests)
    if isinstance(exc, click.exceptions.Abort):
        return _fail(EXIT_INPUT, ["aborted"])
    if isinstance(exc, click.ClickException):
        return _fail(EXIT_INPUT, _click_message(exc))
    return _bug(exc)


def _click_message(exc: click.ClickException) -> list[str]:
    """What click would print for a usage error, as lines (they may quote a file name: escaped)."""
    import io

    buffer = io.StringIO()
    exc.show(file=buffer)
    return buffer.getvalue().splitlines()


def _bug(exc: BaseException) -> int:
    """A bug: a short message and no traceback, unless ROADMAP_DEBUG asks for one."""
    if os.environ.get("ROADMAP_DEBUG"):
        import traceback

        traceback.print_exception(exc)
    return _fail(EXIT_INTERNAL, [f"internal error: {type(exc).__name__}: {exc}",
                                 "this is a bug in roadmap; set ROADMAP_DEBUG=1 for a traceback and report it"])


def _fail(code: int, lines: list[str]) -> int:
    """Each line on standard error, its hidden characters (a file name's escape sequence, an
    assessment's bidi control) written visibly; standard error that cannot be written is skipped."""
    for line in lines:
        echo(line, err=True)
    return code


if __name__ == "__main__":  # pragma: no cover
    main()
