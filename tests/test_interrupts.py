"""Signals through the real program (roadmap.interrupts): SIGINT exits 130 and SIGTERM 143, each
leaving no temporary file, at the worst moments — while a report is rendered, and while its PDF is
being written — and `report -j` workers die with their parent, however it dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO

ENV = {**os.environ, "PYTHONPATH": str(REPO)}
JAPAN = [str(EXAMPLES / f"japan-{year}.yaml") for year in (2024, 2025)]


def _start(args: list[str], cwd: Path, code: str = "") -> subprocess.Popen[bytes]:
    """`roadmap ARGS` through its real entry point, after `code` (a hook put in before it runs)."""
    program = f"{code}\nimport sys\nsys.argv[0] = 'roadmap'\nfrom roadmap.cli import main\nmain()"
    return subprocess.Popen([sys.executable, "-c", program, *args], cwd=cwd, env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def _children(pid: int) -> list[int]:
    """The live children of `pid`, forked by any of its threads."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return [p for p in found if _alive(p)]


def _described(pid: int) -> str:
    """Each child's command line and state, and the parent's own state: what a failure needs to say."""
    def state(p: int) -> str:
        try:
            cmd = Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:80]
            return f"{p} {Path(f'/proc/{p}/stat').read_text().split(') ')[1][0]} {cmd}"
        except OSError:
            return f"{p} gone"
    return "; ".join(state(p) for p in [pid, *_children(pid)])


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] not in "ZX"
    except (OSError, IndexError):
        return False


#: Sends the signal to its own process while the PDF's temporary file is being synced to disk: the
#: worst moment for an atomic write (the file exists, is not complete, and is not yet renamed).
DURING_THE_WRITE = """
import os, signal
from roadmap.present import output
_fsync = os.fsync
def fsync(fd):
    os.kill(os.getpid(), signal.{sig})
    _fsync(fd)
output.os.fsync = fsync
"""


@pytest.mark.slow  # renders a PDF or builds a wheel
@pytest.mark.parametrize(("sig", "code", "said"), [("SIGTERM", 143, "terminated"), ("SIGINT", 130, "interrupted")])
def test_a_signal_while_the_pdf_is_written_leaves_the_whole_file_and_no_tmp(sig: str, code: int, said: str,
                                                                              tmp_path: Path) -> None:
    """Issue 16: SIGTERM during a report left the `.tmp` file behind, 5 times out of 5. The write is
    finished first (the signal waits), then the program exits with the signal's code."""
    out = tmp_path / "out" / "japan-2025.pdf"
    proc = _start(["report", JAPAN[1], "-o", str(out)], tmp_path, DURING_THE_WRITE.format(sig=sig))
    _, err = proc.communicate(timeout=300)
    assert (proc.returncode, err.decode().strip().splitlines()[-1]) == (code, said)
    assert sorted(p.name for p in out.parent.iterdir()) == ["japan-2025.pdf"]  # no .tmp
    assert out.read_bytes().rstrip().endswith(b"%%EOF")  # and the report is whole


@pytest.mark.slow  # renders a PDF or builds a wheel
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_while_rendering_writes_nothing(sig: int, code: int, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    proc = _start(["report", *JAPAN, "-o", str(out)], tmp_path)
    time.sleep(3)  # importing, loading, and into WeasyPrint's layout of the first report
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == code, err.decode()
    assert "Traceback" not in err.decode() and "internal error" not in err.decode()
    assert list(out.iterdir()) == []


@pytest.mark.slow  # renders a PDF or builds a wheel
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_report_workers_die_with_their_parent(sig: int, tmp_path: Path) -> None:
    """Issue 16: killing the parent of `report -j 2` left both workers running, one for over 10
    minutes, holding the output pipe open. Whatever ends the parent ends them, and no file is left."""
    out = tmp_path / "out"
    out.mkdir()
    proc = _start(["report", "-j", "2", *JAPAN, "-o", str(out)], tmp_path)
    deadline = time.monotonic() + 60
    while len(_children(proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = _children(proc.pid)
    if len(workers) < 2:
        seen = _described(proc.pid)
        proc.kill()
        _, err = proc.communicate(timeout=60)
        pytest.fail(f"the workers did not start: {seen}; exit {proc.returncode}; {err.decode()[-2000:]}")
    time.sleep(1)  # into their rendering
    proc.send_signal(sig)
    proc.communicate(timeout=60)
    assert proc.returncode == {signal.SIGKILL: -9, signal.SIGTERM: 143, signal.SIGINT: 130}[signal.Signals(sig)]
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)], "workers outlived their parent"
    assert list(out.iterdir()) == []
