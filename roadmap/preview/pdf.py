"""`--pdf`: rewrite the PDF after each good save, in a warm worker process.

The worker imports WeasyPrint once, when the preview starts, and then turns each report's
`PdfSource` (its HTML, images, identifier and date; small to send) into PDF bytes with
`roadmap.report.render.pdf_from`: the same bytes as `roadmap report`. The preview writes them
atomically (`roadmap.present.output.write_atomic`): a reader sees the old PDF or the new one.

Why a process and not a thread: a PDF takes seconds of Python, which in a thread would hold the
interpreter's lock and slow the HTML of the next save; in a process it runs on another core. Saves
that arrive while a PDF is being made are not queued: the newest good one is made next. On close,
a PDF in progress is abandoned (the worker is stopped): nothing half-written is left, as only
complete bytes are ever written.
"""

from __future__ import annotations

import gc
import multiprocessing
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roadmap.errors import RoadmapError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from roadmap.report.render import PdfSource


class PdfWriter:
    """Writes the newest submitted `PdfSource` to `path` as a PDF, in the background."""

    def __init__(self, path: Path, folders: tuple[Path, ...], log: Callable[[str], None]) -> None:
        self.path = path
        self.folders = folders
        self._log = log
        self._changed = threading.Condition()
        self._pending: PdfSource | None = None
        self._busy = False
        self._closing = False
        self._written = 0
        self._conn: Connection | None = None
        self._process: Any = None
        self._thread = threading.Thread(target=self._run, name="preview-pdf")

    def start(self) -> None:
        self._start_worker()
        self._thread.start()

    def submit(self, source: PdfSource) -> None:
        """Make this the next PDF to write (replacing one submitted before and not yet started)."""
        with self._changed:
            self._pending = source
            self._changed.notify_all()

    def wait_idle(self, timeout: float) -> int:
        """Wait until nothing is pending or being made; return how many PDFs were written so far."""
        with self._changed:
            self._changed.wait_for(lambda: self._pending is None and not self._busy, timeout)
            return self._written

    def close(self) -> None:
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        if self._thread.is_alive():
            self._thread.join()
        self._stop_worker()

    def _start_worker(self) -> None:
        spawn = multiprocessing.get_context("spawn")  # a fresh interpreter: no threads or locks inherited
        parent, child = spawn.Pipe()
        self._process = spawn.Process(target=_serve, args=(child, self.folders), name="roadmap-preview-pdf",
                                      daemon=True)
        # Ctrl-C in a terminal reaches the whole process group; the worker ignores it from its first
        # instruction on (a disposition set to "ignore" is inherited) and is stopped by the preview.
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
        try:
            self._process.start()
        finally:
            if main:
                signal.signal(signal.SIGINT, previous)
        child.close()
        self._conn = parent

    def _stop_worker(self) -> None:
        if self._conn is not None:
            self._conn.close()  # the worker reads the end of the pipe and returns, if it is waiting
            self._conn = None
        if self._process is not None:
            self._process.join(timeout=1.0)
            if self._process.is_alive():  # making a PDF that nobody will write
                self._process.terminate()
                self._process.join()
            self._process.close()
            self._process = None

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._closing or self._pending is not None)
                if self._closing:
                    return
                source, self._pending, self._busy = self._pending, None, True
            try:
                self._make(source)
            finally:
                with self._changed:
                    self._busy = False
                    self._changed.notify_all()

    def _make(self, source: PdfSource | None) -> None:
        from roadmap.present.output import write_atomic

        assert source is not None and self._conn is not None
        started = time.perf_counter()
        try:
            self._conn.send(source)
            while not self._conn.poll(0.05):
                if self._closing:
                    return
            kind, payload = self._conn.recv()
        except (EOFError, OSError) as exc:
            self._log(f"PDF not written: the PDF worker stopped ({type(exc).__name__}); starting another")
            self._stop_worker()
            self._start_worker()
            return
        if kind != "ok":
            self._log(f"PDF not written: {payload}")
            return
        try:
            write_atomic(self.path, payload)
        except RoadmapError as exc:
            self._log(f"PDF not written: {exc}")
            return
        with self._changed:
            self._written += 1
        self._log(f"wrote {self.path} ({len(payload) // 1024 or 1} KiB) in {time.perf_counter() - started:.2f} s")


def _serve(conn: Connection, folders: tuple[Path, ...]) -> None:
    """The worker: one PDF per `PdfSource` received, until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import weasyprint  # noqa: F401 - imported now, while the preview starts, not at the first save

    from roadmap.report.render import pdf_from

    # No cyclic collection between a save and its PDF: WeasyPrint's garbage of the previous PDF is
    # collected after that PDF was sent, while the worker waits for the next (about 0.1 s a PDF taken
    # off the wait; docs/preview.md). Reference counting frees the rest as usual.
    gc.disable()
    _collect()
    while True:
        try:
            source = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, Any] = ("ok", pdf_from(source, folders))
        except RoadmapError as exc:
            reply = ("error", str(exc))
        except Exception as exc:  # noqa: BLE001 - a bug: said in the terminal, the preview keeps running
            reply = ("error", f"internal error: {type(exc).__name__}: {exc} (a bug in roadmap; please report it)")
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return
        del reply
        _collect()


def _collect() -> None:
    """Collect now, then keep what is left (the imports, mostly) out of later collections."""
    gc.collect()
    gc.freeze()
