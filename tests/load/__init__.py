"""Tests of `roadmap.load`, one file a module."""

from __future__ import annotations

import shutil
from pathlib import Path

from roadmap.errors import InputError
from roadmap.load.catalogs import criteria_root
from roadmap.load.yamlsource import load_bytes


def problems_of(text: str | bytes) -> list[str]:
    """Every problem of a file read from `text`, as printed."""
    raw = text.encode() if isinstance(text, str) else text
    try:
        doc = load_bytes(raw, "f.yaml")
    except InputError as exc:
        return [str(p) for p in exc.problems]
    return [str(p) for p in doc.problems]


def copy_bundled(tmp_path: Path) -> Path:
    """A copy of the bundled catalogs and their release lock, to edit."""
    root = tmp_path / "criteria"
    shutil.copytree(criteria_root(), root)
    return root
