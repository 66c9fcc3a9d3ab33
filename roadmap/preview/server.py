"""The preview's HTTP server: loopback only, a fixed table of three pages, nothing from the disk.

- `GET /`: the report as it is now (or its problems, while the file does not validate);
- `GET /last-good`: the last report that validated and rendered;
- `GET /events`: Server-Sent Events, one `data: <version>` each time the content changes.

Anything else is 404; methods other than GET are 501 (the standard library's answer). No path
from a URL ever reaches the file system: the pages are held in memory (`State`), and a URL only
selects one of them. The server binds 127.0.0.1 and refuses any other address, and it answers only
requests addressed to it by that name (`Host: 127.0.0.1:PORT` or `localhost:PORT`), so that a web
page cannot reach it through a name of its own that resolves to 127.0.0.1 (DNS rebinding).
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from roadmap.errors import UsageError
from roadmap.preview import pages
from roadmap.preview.rendering import Outcome, Rendered

LOOPBACK = "127.0.0.1"
#: How often an idle event stream gets a comment line: it finds a closed browser tab by then.
KEEPALIVE_SECONDS = 10.0


@dataclass(frozen=True)
class Snapshot:
    """What the server shows, as of one version: the outcome of the latest render and the last good one."""

    version: int
    current: Outcome | None
    last_good: Rendered | None
    last_good_at: str | None  # local time of day of the last good render, for the problems page


class State:
    """The pages the server shows, replaced whole by each render; readers wait on it for changes."""

    def __init__(self, display: str) -> None:
        self.display = display
        self._changed = threading.Condition()
        self._snapshot = Snapshot(0, None, None, None)
        self._closing = False

    def snapshot(self) -> Snapshot:
        with self._changed:
            return self._snapshot

    def publish(self, outcome: Outcome) -> int:
        """Show `outcome` from now on; return its version. A good one also becomes the last good."""
        with self._changed:
            old = self._snapshot
            if isinstance(outcome, Rendered):
                self._snapshot = Snapshot(old.version + 1, outcome, outcome, dt.datetime.now().strftime("%H:%M:%S"))
            else:
                self._snapshot = Snapshot(old.version + 1, outcome, old.last_good, old.last_good_at)
            self._changed.notify_all()
            return self._snapshot.version

    def wait_for_change(self, seen: int | None, timeout: float) -> int | None:
        """The current version once it differs from `seen` (or after `timeout`); None when closing."""
        with self._changed:
            self._changed.wait_for(lambda: self._closing or self._snapshot.version != seen, timeout)
            return None if self._closing else self._snapshot.version

    def close(self) -> None:
        """Wake every waiting event stream so that it ends."""
        with self._changed:
            self._closing = True
            self._changed.notify_all()


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server on 127.0.0.1 only. Its request threads are not daemons and
    `server_close` joins them: when it returns, nothing of the server is left running."""

    daemon_threads = False
    block_on_close = True

    def __init__(self, state: State, host: str = LOOPBACK, port: int = 0) -> None:
        if host != LOOPBACK:
            raise UsageError(f"the preview serves on {LOOPBACK} only (this machine alone), not on {host}")
        self.state = state
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        try:
            super().__init__((host, port), _Handler)
        except OSError as exc:
            hint = "; give another --port, or --port 0 for any free one" if port else ""
            raise UsageError(f"cannot serve on {host}:{port}: {exc.strerror}{hint}") from None
        bound = self.server_address[0]
        if bound != LOOPBACK:  # pragma: no cover - the address given is the address bound
            self.server_close()
            raise UsageError(f"the preview serves on {LOOPBACK} only, and was bound to {bound!r}")

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def start(self) -> None:
        """Serve in a thread of its own until `close`."""
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="preview-server")
        self._thread.start()

    def close(self) -> None:
        """Stop: no new connection, every open one ended (an event stream, a browser's idle spare
        connection), every request thread joined, the port free again."""
        if self._thread is not None:
            self.shutdown()
            self._thread.join()
            self._thread = None
        self.state.close()
        with self._open_lock:
            for request in self._open:
                try:
                    request.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        self.server_close()

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}/"

    def hosts(self) -> frozenset[str]:
        """The names a request may address the server by."""
        return frozenset({f"{LOOPBACK}:{self.port}", f"localhost:{self.port}"})


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.0"  # one request per connection: no idle connection outlives a page
    timeout = 10  # seconds to send a request: a client that sends nothing does not hold a thread
    server_version = "roadmap-preview"
    sys_version = ""

    def do_GET(self) -> None:
        if self.headers.get("Host", "").lower() not in self.server.hosts():
            self._send(403, pages.message_page("Forbidden", "This preview answers only requests to its own "
                                               "address on this machine."))
            return
        path = urlsplit(self.path).path
        if path == "/":
            self._page(self.server.state.snapshot(), last_good=False)
        elif path == pages.LAST_GOOD:
            self._page(self.server.state.snapshot(), last_good=True)
        elif path == pages.EVENTS:
            self._events()
        else:
            self._send(404, pages.message_page("Not found", "The preview serves its report at / only."))

    def _page(self, snap: Snapshot, *, last_good: bool) -> None:
        script_nonce = pages.nonce()
        shown = snap.last_good if last_good else snap.current
        if isinstance(shown, Rendered):
            self._send(200, pages.with_refresh(shown.html, snap.version, script_nonce), script_nonce)
        elif shown is not None:
            self._send(200, pages.problems_page(self.server.state.display, shown.problems, version=snap.version,
                                                last_good=snap.last_good_at, script_nonce=script_nonce),
                       script_nonce)
        else:
            self._send(404, pages.message_page("No good report yet", "The file has not validated since the "
                                               "preview started; see / for its problems."))

    def _send(self, code: int, body: str, script_nonce: str | None = None) -> None:
        """Send a page; `script_nonce` is its script's, if it has one (the policy allows no other)."""
        data = body.encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in pages.security_headers(script_nonce or pages.nonce()):
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _events(self) -> None:
        """Server-Sent Events: the current version at once, then each new one; a comment line when
        idle. Ends when the server closes, or when the browser has gone."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        seen: int | None = None
        try:
            self.wfile.write(b"retry: 500\n\n")  # reconnect quickly after the preview restarts
            while (version := self.server.state.wait_for_change(seen, KEEPALIVE_SECONDS)) is not None:
                self.wfile.write(f"data: {version}\n\n".encode() if version != seen else b": idle\n\n")
                self.wfile.flush()
                seen = version
        except (TimeoutError, ConnectionError):
            return  # the browser went away

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows renders, not requests."""
