"""Helpers of the preview tests: an editable copy of the example, saves as editors make them, and
an HTTP client that reads the preview's pages and its change notifications."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import time
from pathlib import Path

from tests.conftest import EXAMPLES, REPO

EXAMPLE = EXAMPLES / "japan-2025.yaml"
TITLE = "Japan: illustrative readiness assessment, round 2 (as of 30 September 2025)"


def example_copy(folder: Path, name: str = "japan-2025.yaml") -> Path:
    path = folder / name
    shutil.copyfile(EXAMPLE, path)
    return path


def save(path: Path, text: str, *, in_place: bool = False) -> float:
    """Save `text` as an editor does: a new file renamed over the old one (most editors), or the
    file rewritten in place (`in_place`, vim's default). Returns the time of the save."""
    if in_place:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        return time.perf_counter()
    scratch = path.with_name(f".{path.name}.swp")
    scratch.write_text(text, encoding="utf-8")
    os.replace(scratch, path)
    return time.perf_counter()


def edited(path: Path, old: str, new: str) -> str:
    """The text of `path` with the one line `old` replaced by `new`."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return text.replace(old, new)


def with_title(path: Path, title: str) -> str:
    return re.sub(r'(?m)^title: ".*"$', f'title: "{title}"', path.read_text(encoding="utf-8"), count=1)


def get(port: int, path: str = "/", *, host: str | None = None, method: str = "GET") -> tuple[int, dict[str, str], str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest(method, path, skip_host=True)
        conn.putheader("Host", host if host is not None else f"127.0.0.1:{port}")
        conn.endheaders()
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode("utf-8")
    finally:
        conn.close()


class Events:
    """The preview's change notifications (`/events`), read as a browser's EventSource does."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        self.conn.request("GET", "/events")
        self.response = self.conn.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type") == "text/event-stream"
        self.version = self.next(None)

    def next(self, seen: int | None, timeout: float = 10.0) -> int:
        """The next version announced that is not `seen`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.response.readline().decode().strip()
            if line.startswith("data: ") and int(line[6:]) != seen:
                return int(line[6:])
        raise AssertionError(f"no new version after {seen} within {timeout} s")

    def close(self) -> None:
        self.conn.close()


class Running:
    """`python -m roadmap preview ARGS` in a process of its own, as a user runs it, in `cwd`, with
    its temporary folder (TMPDIR) in `cwd/tmp`; its standard error is collected in `lines`."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        import subprocess
        import sys
        import threading

        self.tmp = cwd / "tmp"
        self.tmp.mkdir(exist_ok=True)
        env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(self.tmp), "PYTHONUNBUFFERED": "1"}
        env.pop("DISPLAY", None)
        self.process = subprocess.Popen([sys.executable, "-m", "roadmap", "preview", *args], cwd=cwd, env=env,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True)
        self.lines: list[str] = []
        self._ready = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        if not self._ready.wait(60):
            self.process.kill()
            raise AssertionError("the preview did not start:\n" + "\n".join(self.lines))
        started = next(line for line in self.lines if line.startswith("preview of "))
        self.url = started.split(" at ")[1].split(" ")[0]
        self.port = int(self.url.rsplit(":", 1)[1].rstrip("/"))

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))
            if line.startswith("preview of "):
                self._ready.set()
        self._ready.set()

    def wait_for_lines(self, part: str, count: int = 1, timeout: float = 60.0) -> None:
        """Wait until `count` lines hold `part`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if sum(part in line for line in self.lines) >= count:
                return
            time.sleep(0.05)
        raise AssertionError(f"not {count} lines with {part!r} within {timeout} s:\n" + "\n".join(self.lines))

    def stop(self, signum: int) -> int:
        """Send `signum`; return the exit code once the process and its reader have ended."""
        self.process.send_signal(signum)
        code = self.process.wait(timeout=30)
        self._reader.join(timeout=10)
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
