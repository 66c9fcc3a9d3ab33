"""What the tests of the CLI share: a working folder of their own, and assessment files in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assessment_yaml

FINDINGS = "ALP-01: {value: true}\nALP-02: {value: 85}\nBET-01: {value: 2}\n"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder of its own: nothing may appear in it but what the test wrote."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def _assessment(folder: Path, name: str = "a.yaml", as_of: str = "2026-06-30", findings: str = FINDINGS,
                extra: str = "") -> Path:
    f = folder / name
    f.write_text(assessment_yaml(findings, as_of=as_of, extra=extra))
    return f


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())
