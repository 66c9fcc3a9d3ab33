"""A preview session: the renderer, the server, the watcher and (with `--pdf`) the PDF writer,
started together and stopped together, leaving nothing running and no file behind but the PDF."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Self

from roadmap.load.catalogs import Root
from roadmap.preview.pdf import PdfWriter
from roadmap.preview.rendering import Rendered, Renderer
from roadmap.preview.server import LOOPBACK, PreviewServer, State
from roadmap.preview.watch import Watcher, folders_to_watch


class Preview:
    """`with Preview(...) as p: url = p.start()`, then edit; leaving the block stops everything."""

    def __init__(self, file: Path, *, root: Root, templates: Path | None = None, pdf: Path | None = None,
                 host: str = LOOPBACK, port: int = 0, log: Callable[[str], None] = lambda _line: None) -> None:
        from roadmap.report.render import template_folders

        self.file = file
        self.root = root
        self.templates = templates
        self.renderer = Renderer(file, root=root, folders=template_folders(templates), display=str(file))
        self.state = State(str(file))
        self.pdf = PdfWriter(pdf, self.renderer.folders, log) if pdf is not None else None
        self._host, self._port = host, port
        self._log = log
        self.server: PreviewServer | None = None
        self.watcher = Watcher(lambda: folders_to_watch(file, root, templates), self.rebuild, log)

    def start(self) -> str:
        """Bind the port, render the file once, then serve and watch; return the page's address."""
        self.server = PreviewServer(self.state, self._host, self._port)  # a port in use fails before any work
        if self.pdf is not None:
            self.pdf.start()  # the worker imports WeasyPrint while the first HTML is rendered here
        self.watcher.mark()  # a save from now on, even before the watcher is set up, is rendered
        self.rebuild()
        self.server.start()
        self.watcher.start()
        return self.server.url

    def rebuild(self) -> None:
        """Render the file as it is now and show the result; with `--pdf`, a good one becomes the next PDF."""
        started = time.perf_counter()
        outcome = self.renderer.render()
        self.state.publish(outcome)
        took = time.perf_counter() - started
        now = dt.datetime.now().strftime("%H:%M:%S")
        if isinstance(outcome, Rendered):
            self._log(f"{now} rendered {self.file} in {took:.2f} s")
            if self.pdf is not None:
                self.pdf.submit(outcome.pdf)
            return
        n = len(outcome.problems)
        self._log(f"{now} {self.file}: {n} problem{'' if n == 1 else 's'} (the page shows them; the last good "
                  "report stays at /last-good)")
        for line in outcome.problems:
            self._log(f"  {line}")

    def close(self) -> None:
        """Stop watching, serving and writing: every thread joined, the port free, the worker gone."""
        self.watcher.close()
        if self.server is not None:
            self.server.close()
        if self.pdf is not None:
            self.pdf.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
