"""Re-render after a save in `roadmap preview`, against a cold `roadmap report` (issue 20's targets:
HTML ≤ 0.3 s; PDF ≤ 0.75× a cold run). Interleaved: a cold run, a save, a cold run, a save, ...

    python benchmarks/preview.py            # 7 saves, 7 cold runs, on a copy of the bundled example
    python benchmarks/preview.py --reps 3

One preview (`python -m roadmap preview COPY --pdf OUT --port 0 --no-open`) runs throughout. Each
save writes a new title to the copy (a new file renamed over it, as editors save), then measures:

- HTML: from the save to the preview announcing the new page on /events and serving it (GET /,
  the new title checked in it);
- PDF: from the save to the PDF file being replaced (polled every 5 ms).

Cold: `python -m roadmap report COPY -o cold.pdf`, wall time of the whole process. The preview is
idle (its last PDF written) while a cold run is timed, and no cold run is running during a save.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
EXAMPLE = REPO / "examples" / "japan-2025.yaml"


def _save(path: Path, title: str) -> float:
    text = re.sub(r'(?m)^title: ".*"$', f'title: "{title}"', path.read_text(encoding="utf-8"), count=1)
    scratch = path.with_name(f".{path.name}.swp")
    scratch.write_text(text, encoding="utf-8")
    os.replace(scratch, path)
    return time.perf_counter()


def _next_version(response: http.client.HTTPResponse, seen: int | None) -> int:
    while True:
        line = response.readline().decode().strip()
        if line.startswith("data: ") and int(line[6:]) != seen:
            return int(line[6:])


def _page(port: int) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", "/")
        return conn.getresponse().read().decode()
    finally:
        conn.close()


def _replaced(path: Path, before: tuple[int, int], timeout: float = 120.0) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            st = path.stat()
            if (st.st_ino, st.st_mtime_ns) != before:
                return time.perf_counter()
        except FileNotFoundError:
            pass
        time.sleep(0.005)
    raise SystemExit(f"{path} was not rewritten within {timeout} s")


def _identity(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_ino, st.st_mtime_ns


def _start(work: Path, env: dict[str, str]) -> tuple[subprocess.Popen[str], int]:
    proc = subprocess.Popen([sys.executable, "-m", "roadmap", "preview", "a.yaml", "--pdf", "out.pdf", "--port", "0",
                             "--no-open"], cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    port = None
    for line in proc.stderr:
        if line.startswith("preview of "):
            port = int(line.split(" at ")[1].split(" ")[0].rsplit(":", 1)[1].rstrip("/"))
        if line.startswith("wrote out.pdf"):
            break
    if port is None:
        raise SystemExit("the preview did not start")
    threading.Thread(target=proc.stderr.read, daemon=True).start()  # its log, read so that it never blocks
    return proc, port


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="roadmap-preview-bench-"))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("DISPLAY", None)
    try:
        file = work / "a.yaml"
        shutil.copyfile(EXAMPLE, file)
        proc, port = _start(work, env)
        events = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        events.request("GET", "/events")
        stream = events.getresponse()
        version = _next_version(stream, None)
        html, pdf, cold = [], [], []
        for i in range(args.reps):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "roadmap", "report", "a.yaml", "-o", "cold.pdf"], cwd=work, env=env,
                           check=True, capture_output=True)
            cold.append(time.perf_counter() - started)
            before = _identity(work / "out.pdf")
            title = f"Benchmark save {i}"
            saved = _save(file, title)
            version = _next_version(stream, version)
            assert f"<title>{title}</title>" in _page(port)
            html.append(time.perf_counter() - saved)
            pdf.append(_replaced(work / "out.pdf", before) - saved)
            time.sleep(0.3)  # the preview's log line, then idle
        events.close()
        proc.send_signal(2)
        proc.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _report("HTML, save → new page served", html)
    _report("PDF, save → PDF replaced", pdf)
    _report("cold roadmap report (PDF)", cold)
    ratio = statistics.median(pdf) / statistics.median(cold)
    print(f"PDF after a save ÷ cold report: {ratio:.2f}× (target ≤ 0.75×); HTML median "
          f"{statistics.median(html):.3f} s (target ≤ 0.3 s); load average {os.getloadavg()[0]:.2f}")


def _report(what: str, seconds: list[float]) -> None:
    print(f"{what:32} median {statistics.median(seconds):.3f} s  "
          f"(min {min(seconds):.3f}, max {max(seconds):.3f}, n={len(seconds)})")


if __name__ == "__main__":
    main()
