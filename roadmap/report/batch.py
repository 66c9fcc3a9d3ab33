"""Rendering a batch of gap reports in memory: one after another, or in a pool of worker processes
(`roadmap report -j N`). Nothing here writes a file: `roadmap.report.make_reports` writes them all
once every one has rendered.

PDFs on Linux, where the workers are forked: this process imports WeasyPrint (~1 s) once before
forking them, and the workers inherit it instead of each importing it again. Meanwhile the
otherwise idle core runs a forked helper that writes the reports' HTML (context, charts, template);
each report whose HTML is ready when the import is done goes to a worker as HTML, the others whole.

Every process started here dies with the parent (`roadmap.interrupts.worker_started`: on Linux the
kernel kills it when the parent dies, however it dies) and leaves Ctrl-C to it; the parent stops
them when it is interrupted or a report fails. They write no file.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from roadmap.gcpause import frozen
from roadmap.i18n import SOURCE, use
from roadmap.interrupts import worker_started

if TYPE_CHECKING:
    from ctypes import c_int
    from multiprocessing.connection import Connection
    from multiprocessing.context import ForkContext

    from roadmap.engine.carryover import Carried
    from roadmap.engine.rounds_diff import AssessmentDiff
    from roadmap.engine.scoring import Score
    from roadmap.load.assessments import LoadedAssessment
    from roadmap.report.context import ReportContext
    from roadmap.report.readers import Reader
    from roadmap.report.render import Format, PdfSource

    #: The previous round and the diff from it, for a report's "since last round" section.
    Previous = tuple[LoadedAssessment, AssessmentDiff]
    #: An earlier plan held against the report's assessment, the SHA-256 of the plan file, and the
    #: assessment's score it was held against (the report's own: scored once).
    Followed = tuple[Carried, str, Score]


@dataclass(frozen=True)
class Task:
    """One report to render (sent to a worker as it is, so everything in it pickles)."""

    la: LoadedAssessment
    #: What it is compared with, if anything: a "since last round" section.
    previous: Previous | None = None
    #: The plan it follows up, if any.
    followed: Followed | None = None
    #: Who it is for (None: the full report).
    reader: Reader | None = None
    #: Its language (its catalog already read in it).
    lang: str = SOURCE
    #: False: the evidence annex is left out, and the cover says so (`--no-evidence-annex`).
    evidence_annex: bool = True


def render_report(task: Task, fmt: Format, folders: tuple[Path, ...]) -> bytes:
    """One report, as bytes. Runs in a worker process when rendering in parallel."""
    from roadmap.report import render

    with use(task.lang):
        return render.render(_context(task), fmt, folders)


def render_all(tasks: Sequence[Task], fmt: Format, folders: tuple[Path, ...], *, jobs: int = 1,
               on_done: Callable[[str], None] | None = None) -> dict[str, bytes]:
    """Each task's report, by its assessment's file; in `jobs` processes when there are several
    tasks. `on_done(file)` is called as each one finishes."""
    if jobs > 1 and len(tasks) > 1:
        return _render_in_parallel(tasks, fmt, folders, min(jobs, len(tasks)), on_done)
    rendered = {}
    for task in tasks:
        rendered[task.la.file] = render_report(task, fmt, folders)
        if on_done:
            on_done(task.la.file)
    return rendered


def _context(task: Task) -> ReportContext:
    from roadmap import __version__
    from roadmap.engine.scoring import score
    from roadmap.report.context import build_context

    la, followed = task.la, task.followed
    result = followed[2] if followed else score(la.catalog, la.assessment)
    return build_context(la, result, tool_version=__version__, previous=task.previous,
                         carried=followed[0] if followed else None, plan_sha256=followed[1] if followed else None,
                         reader=task.reader, evidence_annex=task.evidence_annex)


def _render_in_parallel(tasks: Sequence[Task], fmt: Format, folders: tuple[Path, ...], workers: int,
                        on_done: Callable[[str], None] | None) -> dict[str, bytes]:
    """Render each task in a pool of `workers` processes, the largest reports first (so that a long
    one does not start last); `on_done(file)` as each one finishes. If one fails, the others are
    stopped: nothing will be written anyway."""
    import multiprocessing

    ordered = sorted(tasks, key=_size, reverse=True)
    forking = multiprocessing.get_context("fork") if sys.platform == "linux" else None
    sources = _html_while_importing(ordered, folders, forking) if forking and fmt == "pdf" else {}
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=forking, initializer=worker_started,
                               initargs=(os.getpid(),))
    futures: dict[Future[bytes], str] = {}
    rendered: dict[str, bytes] = {}
    try:
        with frozen():  # the workers are forked at the first submit
            for i, task in enumerate(ordered):
                source = sources.get(i)
                future = (pool.submit(_pdf_from, source, folders) if source is not None
                          else pool.submit(render_report, task, fmt, folders))
                futures[future] = task.la.file
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
        helper = forking.Process(target=_write_html, args=(ordered, folders, send, written, os.getpid()), daemon=True)
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


def _write_html(ordered: Sequence[Task], folders: tuple[Path, ...], send: Connection, written: c_int,
                parent: int) -> None:
    """In the helper process: each report's HTML, in order, until it is stopped or one fails. A
    thread sends them, so that the next is written while the parent, still importing, does not
    read the pipe."""
    import queue
    import threading

    worker_started(parent)

    outbox: queue.SimpleQueue[tuple[int, PdfSource] | None] = queue.SimpleQueue()

    def sender() -> None:
        with contextlib.suppress(BaseException):
            while (item := outbox.get()) is not None:
                send.send(item)

    thread = threading.Thread(target=sender, daemon=True)
    thread.start()
    with contextlib.suppress(BaseException):
        for i, task in enumerate(ordered):
            with use(task.lang):
                source = _pdf_source(task, folders)
            outbox.put((i, source))
            written.value = i + 1
    outbox.put(None)
    thread.join()


def _pdf_source(task: Task, folders: tuple[Path, ...]) -> PdfSource:
    from roadmap.report import render

    return render.pdf_source(_context(task), folders)


def _pdf_from(source: PdfSource, folders: tuple[Path, ...]) -> bytes:
    from roadmap.report import render

    return render.pdf_from(source, folders)


def _size(task: Task) -> int:
    """A report's length grows with its rows: a criterion each, and the findings' annexes."""
    return len(task.la.catalog.criteria) + len(task.la.assessment.findings)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Stop the pool's workers now rather than wait for the reports they are rendering."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
