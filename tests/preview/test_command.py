"""`roadmap preview` as a user runs it: its refusals (exit 2), and Ctrl-C or SIGTERM stopping it
with nothing left behind: no temporary file, no process, the port free; exit 130 or 143."""

from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path

import pytest

from roadmap.cli import main
from tests.preview.helpers import Running, example_copy, save, with_title


def _exit_code(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as stopped:
        main(["preview", *argv])
    return int(stopped.value.code or 0)


def test_pdf_path_that_is_an_assessment_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = example_copy(tmp_path)
    assert _exit_code([str(file), "--pdf", str(file), "--no-open"]) == 2
    assert capsys.readouterr().err == (f"error: --pdf {file}: that looks like an assessment, not a PDF; give FILE "
                                       "first (roadmap preview FILE --pdf), or --pdf=OUT.pdf\n")
    assert file.read_bytes().startswith(b"# ILLUSTRATIVE")


def test_missing_templates_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = example_copy(tmp_path)
    assert _exit_code([str(file), "--templates", str(tmp_path / "nowhere"), "--no-open", "--port", "0"]) == 2
    assert capsys.readouterr().err == f"error: --templates {tmp_path / 'nowhere'}: not a folder\n"


def test_a_port_in_use_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = example_copy(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert _exit_code([str(file), "--port", str(port), "--no-open"]) == 2
    assert capsys.readouterr().err == (f"error: cannot serve on 127.0.0.1:{port}: Address already in use; give "
                                       "another --port, or --port 0 for any free one\n")


def test_a_missing_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _exit_code([str(tmp_path / "nothing.yaml"), "--no-open"]) == 2
    assert "does not exist" in capsys.readouterr().err


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(c) for c in (task / "children").read_text().split())
    return found


def _gone(pid: int, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not Path(f"/proc/{pid}").exists():
            return True
        time.sleep(0.05)
    return False


def _left_behind(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.slow  # makes PDFs
@pytest.mark.parametrize(("signum", "code", "said"), [(signal.SIGINT, 130, "interrupted"),
                                                      (signal.SIGTERM, 143, "terminated")])
def test_a_signal_stops_it_leaving_nothing_behind(tmp_path: Path, signum: int, code: int, said: str) -> None:
    file = example_copy(tmp_path)
    run = Running([file.name, "--port", "0", "--no-open", "--pdf", "out/report.pdf"], tmp_path)
    try:
        run.wait_for_lines("wrote out/report.pdf")
        workers = _children(run.process.pid)  # the PDF worker (and multiprocessing's resource tracker)
        assert workers
        save(file, with_title(file, "Stopped while its PDF is made"))
        run.wait_for_lines(" rendered japan-2025.yaml in ", count=2)
        time.sleep(0.5)  # the next PDF is being made now
        asked = time.monotonic()
        assert run.stop(signum) == code
        assert time.monotonic() - asked < 5  # the PDF in progress is abandoned, not waited for
    finally:
        run.kill()
    assert run.lines[-1] == said, run.lines
    assert sum("wrote out/report.pdf" in line for line in run.lines) == 1, run.lines
    assert all(_gone(pid) for pid in workers)
    assert _left_behind(tmp_path / "tmp") == []
    assert _left_behind(tmp_path / "out") == ["report.pdf"]  # no half-written PDF beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["japan-2025.yaml", "out", "tmp"]
    with socket.socket() as again:  # the port is free
        again.bind(("127.0.0.1", run.port))
    assert not [line for line in run.lines if "Traceback" in line or "Error" in line], run.lines
    assert os.path.getsize(tmp_path / "out" / "report.pdf") > 100_000
