"""Gap reports: score each assessment, build its typed context, render HTML and, from it, a PDF.

`make_reports` is the one call behind `roadmap report`: it validates every input first (all
problems of all files, nothing written), renders every report in memory (in parallel with
`jobs` > 1), and only then writes each one atomically — a failure leaves no new file and every
existing report intact.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from roadmap.engine.rounds_diff import AssessmentDiff
from roadmap.engine.trend import Trend
from roadmap.errors import UsageError
from roadmap.gcpause import frozen
from roadmap.load.assessments import LoadedAssessment, load_many

if TYPE_CHECKING:
    from ctypes import c_int
    from multiprocessing.connection import Connection
    from multiprocessing.context import ForkContext

    from roadmap.report.render import Document, PdfSource

Format = Literal["pdf", "html"]
DEFAULT_FOLDER = Path("reports")


@dataclass(frozen=True)
class Written:
    source: str
    path: Path
    size: int


def output_paths(files: Sequence[Path], output: Path | None, fmt: Format) -> list[Path]:
    """Where each report goes: reports/<stem>.<fmt> by default; `output` is the file when there is
    one input (or a folder that exists), the folder when there are several; `-` is standard
    output, for one input only."""
    from roadmap.present.output import is_stdout

    if is_stdout(output):
        if len(files) != 1:
            raise UsageError(f"-o - writes one report to standard output, and {len(files)} files were given; "
                             "give one file, or -o FOLDER for several")
        return [Path("-")]
    if output is not None and len(files) == 1 and not output.is_dir():
        return [output]
    folder = output if output is not None else DEFAULT_FOLDER
    if output is not None and output.exists() and not output.is_dir():
        raise UsageError(f"-o {output}: with several files, -o names a folder, and this is a file")
    if output is not None and not output.exists() and output.suffix.lower() in (".pdf", ".html", ".htm"):
        raise UsageError(f"-o {output}: with several files, -o names a folder (one report per file), and this "
                         f"looks like a file name; give a folder, or one file at a time")
    paths = [folder / f"{Path(f).stem}.{fmt}" for f in files]
    seen: dict[Path, Path] = {}
    for f, p in zip(files, paths, strict=True):
        if p in seen:
            raise UsageError(f"{seen[p]} and {f} would both be written to {p}; rename one, or render them "
                             "one at a time with -o")
        seen[p] = Path(f)
    return paths


def render_report(la: LoadedAssessment, fmt: Format, folders: tuple[Path, ...],
                  previous: tuple[LoadedAssessment, AssessmentDiff] | None = None) -> bytes:
    """One report, as bytes. Runs in a worker process when rendering in parallel."""
    return _render(_context(la, previous), fmt, folders)


def _context(la: LoadedAssessment, previous: tuple[LoadedAssessment, AssessmentDiff] | None) -> Document:
    from roadmap import __version__
    from roadmap.engine.scoring import score
    from roadmap.report.context import build_context

    return build_context(la, score(la.catalog, la.assessment), tool_version=__version__, previous=previous)


def make_reports(files: Sequence[Path], *, root: Path, output: Path | None = None, fmt: Format = "pdf",
                 previous: Path | None = None, templates: Path | None = None, jobs: int = 1,
                 on_done: Callable[[str], None] | None = None) -> list[Written]:
    """Validate, render and write one report per file. `previous` is validated with the others;
    each report except the previous round's own gets a "since last round" section comparing it
    with `previous`. `on_done(file)` is called as each report finishes rendering. `output` `-`
    writes the one report to standard output."""
    from roadmap.present.output import deliver
    from roadmap.report.render import template_folders

    folders = template_folders(templates)
    everything = load_many([*files, *([previous] if previous else [])], root)
    loaded = everything[:len(files)]
    paths = output_paths(files, output, fmt)
    diffs = _since(loaded, everything[-1] if previous else None)
    tasks = [(la, diffs.get(la.file)) for la in loaded]
    if jobs > 1 and len(tasks) > 1:
        rendered = _render_in_parallel(tasks, fmt, folders, min(jobs, len(tasks)), on_done)
    else:
        rendered = {}
        for la, since in tasks:
            rendered[la.file] = render_report(la, fmt, folders, since)
            if on_done:
                on_done(la.file)
    written = []
    for la, path in zip(loaded, paths, strict=True):
        deliver(path, rendered[la.file])
        written.append(Written(la.file, path, len(rendered[la.file])))
    return written


Task = tuple[LoadedAssessment, tuple[LoadedAssessment, AssessmentDiff] | None]


def _render_in_parallel(tasks: Sequence[Task], fmt: Format, folders: tuple[Path, ...], workers: int,
                        on_done: Callable[[str], None] | None) -> dict[str, bytes]:
    """Render each task in a pool of `workers` processes, the largest reports first (so that a long
    one does not start last); `on_done(file)` as each one finishes. If one fails, the others are
    stopped: nothing will be written anyway.

    PDFs on Linux, where the workers are forked: this process imports WeasyPrint (~1 s) once before
    forking them, and the workers inherit it instead of each importing it again. Meanwhile the
    otherwise idle core runs a forked helper that writes the reports' HTML (context, charts,
    template); each report whose HTML is ready when the import is done goes to a worker as HTML,
    the others whole."""
    import multiprocessing

    ordered = sorted(tasks, key=_size, reverse=True)
    forking = multiprocessing.get_context("fork") if sys.platform == "linux" else None
    sources = _html_while_importing(ordered, folders, forking) if forking and fmt == "pdf" else {}
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=forking)
    futures: dict[Future[bytes], str] = {}
    rendered: dict[str, bytes] = {}
    try:
        with frozen():  # the workers are forked at the first submit
            for i, (la, since) in enumerate(ordered):
                source = sources.get(i)
                future = (pool.submit(_pdf_from, source, folders) if source is not None
                          else pool.submit(render_report, la, fmt, folders, since))
                futures[future] = la.file
        for future in as_completed(futures):
            rendered[futures[future]] = future.result()
            if on_done:
                on_done(futures[future])
    except BaseException:
        _stop_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return rendered


def _html_while_importing(ordered: Sequence[Task], folders: tuple[Path, ...],
                          forking: ForkContext) -> dict[int, PdfSource]:
    """Import WeasyPrint here while a forked helper writes the HTML of the reports in `ordered`, in
    order; return, by index, the HTML it had written when the import was done, and stop it. What
    it did not finish, or could not write (the error is raised again, and reported, when a worker
    renders that report whole), is left to the workers."""
    receive, send = forking.Pipe(duplex=False)
    written = forking.RawValue("i", 0)  # how many the helper has written (and is sending, in order)
    with frozen():
        helper = forking.Process(target=_write_html, args=(ordered, folders, send, written), daemon=True)
        helper.start()
    send.close()  # the helper's copy stays open while it runs: a stopped helper is an end of file here
    sources: dict[int, PdfSource] = {}
    try:
        with contextlib.suppress(Exception):  # if it fails here, it fails again in the worker, with the same error
            import weasyprint  # noqa: F401
        for _ in range(written.value):
            try:
                i, source = receive.recv()
            except EOFError:
                break
            sources[i] = source
    finally:
        helper.terminate()
        helper.join()
        receive.close()
    return sources


def _write_html(ordered: Sequence[Task], folders: tuple[Path, ...], send: Connection, written: c_int) -> None:
    """In the helper process: each report's HTML, in order, until it is stopped or one fails. A
    thread sends them, so that the next is written while the parent, still importing, does not
    read the pipe."""
    import queue
    import threading

    outbox: queue.SimpleQueue[tuple[int, PdfSource] | None] = queue.SimpleQueue()

    def sender() -> None:
        with contextlib.suppress(BaseException):
            while (item := outbox.get()) is not None:
                send.send(item)

    thread = threading.Thread(target=sender, daemon=True)
    thread.start()
    with contextlib.suppress(BaseException):
        for i, (la, since) in enumerate(ordered):
            outbox.put((i, _pdf_source(la, folders, since)))
            written.value = i + 1
    outbox.put(None)
    thread.join()


def _pdf_source(la: LoadedAssessment, folders: tuple[Path, ...],
                previous: tuple[LoadedAssessment, AssessmentDiff] | None) -> PdfSource:
    from roadmap.report import render

    return render.pdf_source(_context(la, previous), folders)


def _pdf_from(source: PdfSource, folders: tuple[Path, ...]) -> bytes:
    from roadmap.report import render

    return render.pdf_from(source, folders)


def _size(task: Task) -> int:
    """A report's length grows with its rows: a criterion each, and the findings' annexes."""
    la = task[0]
    return len(la.catalog.criteria) + len(la.assessment.findings)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Stop the pool's workers now rather than wait for the reports they are rendering."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


def _since(loaded: Sequence[LoadedAssessment], previous: LoadedAssessment | None,
           ) -> dict[str, tuple[LoadedAssessment, AssessmentDiff]]:
    """The diff from `previous` to each report's assessment, computed before anything is rendered
    (so that a refusal, such as another partner, writes nothing). The previous round's own report,
    if it is among the files, gets no section."""
    from roadmap.engine.rounds_diff import check_round_order, diff_assessments

    if previous is None:
        return {}
    out = {}
    for la in loaded:
        if Path(la.file).resolve() == Path(previous.file).resolve():
            continue
        check_round_order(f"--previous {previous.file}", previous.assessment.as_of, la.file, la.assessment.as_of)
        out[la.file] = (previous, diff_assessments(previous.round,
                                                   la.round))
    return out


def _render(ctx: Document, fmt: Format, folders: tuple[Path, ...]) -> bytes:
    from roadmap.report import render

    return render.pdf(ctx, folders) if fmt == "pdf" else render.standalone_html(ctx, folders)


def make_diff_report(old: LoadedAssessment, new: LoadedAssessment, d: AssessmentDiff, *, output: Path | None,
                     fmt: Format = "pdf", templates: Path | None = None) -> Written:
    """Render and write the diff report of OLD → NEW (`d` is their diff), by default to
    reports/<old stem>--<new stem>.<fmt> (`-`: standard output)."""
    from roadmap import __version__
    from roadmap.present.output import deliver
    from roadmap.report.render import template_folders
    from roadmap.report.rounds import build_diff_context

    folders = template_folders(templates)
    path = output or DEFAULT_FOLDER / f"{Path(old.file).stem}--{Path(new.file).stem}.{fmt}"
    data = _render(build_diff_context(old, new, d, tool_version=__version__), fmt, folders)
    deliver(path, data)
    return Written(f"{old.file} → {new.file}", path, len(data))


def make_trend_report(loaded: Sequence[LoadedAssessment], t: Trend, *, output: Path | None, fmt: Format = "pdf",
                      templates: Path | None = None) -> Written:
    """Render and write the trend report of the rounds in `loaded` (`t` is their trend), by default
    to reports/<oldest stem>--<newest stem>-trend.<fmt> (`-`: standard output)."""
    from roadmap import __version__
    from roadmap.present.output import deliver
    from roadmap.report.render import template_folders
    from roadmap.report.rounds import build_trend_context

    folders = template_folders(templates)
    first, last = Path(t.rounds[0].file).stem, Path(t.rounds[-1].file).stem
    path = output or DEFAULT_FOLDER / f"{first}--{last}-trend.{fmt}"
    data = _render(build_trend_context(list(loaded), t, tool_version=__version__), fmt, folders)
    deliver(path, data)
    return Written(", ".join(r.file for r in t.rounds), path, len(data))
