"""The `roadmap preview` command: flags in, one `Preview` session, an exit code out."""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

import click

from roadmap.cli.inputs import criteria_option
from roadmap.errors import UsageError

#: The port when none is given: the same from one run to the next, so that an open tab finds the
#: preview again after a restart. `--port 0` takes any free one.
DEFAULT_PORT = 8765
#: Exit codes after a signal, as shells report them (128 + the signal's number), and as the CLI
#: answers Ctrl-C elsewhere.
EXIT_SIGINT, EXIT_SIGTERM = 130, 143


def default_pdf(file: Path) -> Path:
    """Where `--pdf` without a path writes: where `roadmap report` would, reports/<stem>.pdf."""
    return Path("reports") / f"{file.stem}.pdf"


@click.command("preview", short_help="Live HTML report in a browser while you edit the assessment.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--templates", type=click.Path(path_type=Path), default=None, metavar="DIR",
              help="Your organisation's templates, searched before the bundled ones; watched too.")
@click.option("--pdf", "pdf", is_flag=False, flag_value="", default=None, metavar="[PATH]",
              help="Also rewrite the PDF on each good save (default path: reports/<file stem>.pdf). "
                   "Give it after FILE, or as --pdf=PATH.")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="The port on 127.0.0.1 (0: any free port).")
@click.option("--no-open", is_flag=True, help="Do not open the page in a browser; only print its address.")
@criteria_option
@click.pass_context
def preview_cmd(ctx: click.Context, file: Path, templates: Path | None, pdf: str | None, port: int,
                no_open: bool) -> None:
    """Show FILE's HTML report in a browser, re-rendered each time FILE, its catalog or the templates
    are saved. A file that does not validate shows its problems instead, with the last good report
    one click away. Serves on 127.0.0.1 only; Ctrl-C stops it."""
    from roadmap.cli.inputs import criteria_root
    from roadmap.preview.session import Preview

    pdf_path = _pdf_path(file, pdf)
    root = criteria_root(ctx)
    import gc

    gc.enable()  # a preview runs for hours: the collector the short commands leave off is needed here
    stop = threading.Event()
    received: list[int] = []

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        received.append(signum)
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        with Preview(file, root=root, templates=templates, pdf=pdf_path, port=port, log=_say) as session:
            url = session.start()
            _say(f"preview of {file} at {url} (Ctrl-C to stop)")
            if not no_open:
                _open(url)
            while not stop.wait(0.5):
                pass
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    code = EXIT_SIGTERM if received and received[0] == signal.SIGTERM else EXIT_SIGINT
    _say("terminated" if code == EXIT_SIGTERM else "interrupted")
    ctx.exit(code)


def _pdf_path(file: Path, pdf: str | None) -> Path | None:
    if pdf is None:
        return None
    path = Path(pdf) if pdf else default_pdf(file)
    if path.suffix.lower() in (".yaml", ".yml"):  # `--pdf japan.yaml` would overwrite an assessment
        raise UsageError(f"--pdf {pdf}: that looks like an assessment, not a PDF; give FILE first "
                         "(roadmap preview FILE --pdf), or --pdf=OUT.pdf")
    if path.is_dir():
        raise UsageError(f"--pdf {pdf}: is a folder; give the PDF's file name")
    return path


def _say(line: str) -> None:
    click.echo(line, err=True)


def _open(url: str) -> None:
    """Open `url` in the user's browser, if there is a graphical one to open: without a display, the
    standard library would start a text browser in this terminal and wait for it."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        _say(f"open {url} in your browser")
        return
    import webbrowser

    if not webbrowser.open(url):
        _say(f"open {url} in your browser")
