"""The progress bar (roadmap.present.progress): drawn on standard error when it is a terminal, nothing
at all when it is piped; the output on standard output is the same either way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap.present.progress import progress_bar
from roadmap.progress import QUIET
from tests.conftest import EXAMPLES, REPO, another_partner, run


@pytest.fixture
def two(tmp_path: Path) -> list[str]:
    return [str(another_partner(EXAMPLES / "japan-2026.yaml", name, tmp_path / f"{name}.yaml"))
            for name in ("Japan", "Korea")]


def test_nothing_is_drawn_when_piped(two: list[str]) -> None:
    with progress_bar() as progress:  # pytest captures standard error: not a terminal
        assert progress is QUIET
    result = run(CliRunner(), ["compare", *two, "--json"])
    assert result.exit_code == 0 and result.stderr == ""
    proc = subprocess.run([sys.executable, "-m", "roadmap", "compare", *two, "--json"], capture_output=True,
                          cwd=REPO, check=True)
    assert proc.stderr == b""


def _stderr_on_a_terminal(args: list[str]) -> tuple[bytes, bytes]:
    """Run roadmap with standard error on a pseudo-terminal: (standard output, what the terminal got)."""
    import tempfile

    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    with tempfile.TemporaryFile() as stdout:  # a file, not a pipe: a large output must not block the process
        proc = subprocess.Popen([sys.executable, "-m", "roadmap", *args], stdout=stdout, stderr=follower, cwd=REPO,
                                env={**os.environ, "COLUMNS": "100"})
        os.close(follower)
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
        assert proc.wait(timeout=60) == 0
        os.close(leader)
        stdout.seek(0)
        return stdout.read(), drawn


def test_a_terminal_gets_a_bar_and_the_same_output(two: list[str]) -> None:
    out, drawn = _stderr_on_a_terminal(["compare", *two, "--json"])
    assert b"reading" in drawn or b"scoring" in drawn  # the bar's description, as rich drew it
    assert b"\x1b[" in drawn  # drawn and then cleared with terminal controls
    piped = subprocess.run([sys.executable, "-m", "roadmap", "compare", *two, "--json"], capture_output=True,
                           cwd=REPO, check=True)
    assert json.loads(out) == json.loads(piped.stdout)


def test_a_rollup_reads_its_parts_under_a_bar() -> None:
    national = str(EXAMPLES / "rollup" / "japan-national-2026.yaml")
    out, drawn = _stderr_on_a_terminal(["score", national, "--json"])
    assert b"reading" in drawn and json.loads(out)["rollup"]["scopes"]
    _, drawn = _stderr_on_a_terminal(["score", str(EXAMPLES / "japan-2026.yaml"), "--json"])
    assert drawn == b""  # one file, no parts: nothing to show
