"""`roadmap.present.output`: atomic writes that never replace a device or a pipe."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from roadmap.errors import OutputError
from roadmap.present.output import write_atomic
from tests.conftest import EXAMPLES, run


def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def reader() -> None:
        with open(path, "rb") as fh:
            into.append(fh.read())

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    return t


def test_a_pipe_is_written_to_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    t = _read_fifo(fifo, got)
    write_atomic(fifo, b"report bytes")
    t.join(timeout=10)
    assert got == [b"report bytes"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a pipe: renaming a file over it would have replaced it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary file left


def test_a_folder_is_refused_and_a_file_replaced_whole(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"out: is a folder$"):
        (tmp_path / "out").mkdir()
        write_atomic(tmp_path / "out", b"x")
    target = tmp_path / "plan.csv"
    target.write_bytes(b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and stat.S_ISREG(os.stat(target).st_mode)


def test_cli_output_to_a_pipe(tmp_path: Path, runner: object) -> None:
    fifo = tmp_path / "plan.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    t = _read_fifo(fifo, got)
    example = EXAMPLES / "japan-2025.yaml"
    result = run(runner, ["plan", str(example), "-o", str(fifo)])  # type: ignore[arg-type]
    t.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert got and got[0].startswith(b"\xef\xbb\xbforder,criterion,title,")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_link_is_followed_and_permissions_kept(tmp_path: Path) -> None:
    target = tmp_path / "plan.csv"
    target.write_bytes(b"old")
    os.chmod(target, 0o600)  # a plan kept private
    link = tmp_path / "latest.csv"
    link.symlink_to(target)
    write_atomic(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_init_writes_to_a_device(runner: object) -> None:
    result = run(runner, ["init", "-o", os.devnull])  # type: ignore[arg-type]
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
