"""Reading only plain files of a reasonable size (roadmap.load.files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap.errors import InputError
from roadmap.load.files import read_bytes


def test_read_bytes_refuses_special_files(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="found a FIFO"):
        read_bytes(fifo, "p")
    with pytest.raises(InputError, match="found a directory"):
        read_bytes(tmp_path, "d")
    with pytest.raises(InputError, match="found a device"):
        read_bytes(Path("/dev/null"), "n")
    (tmp_path / "big").write_bytes(b"x" * 11)
    with pytest.raises(InputError, match="expected at most 10 bytes, found a file of 11 bytes"):
        read_bytes(tmp_path / "big", "big", limit=10)
    assert read_bytes(tmp_path / "big", "big", limit=11) == b"x" * 11
