"""Every command's output on the bundled catalogs and examples is exactly the golden one
(`tests/golden.py` says how they are made and when to rewrite them)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.golden import CASES, GOLDEN, Case, pdf_stack, pdf_text, run_case


def _param(case: Case) -> object:
    return pytest.param(case, id=case.name, marks=[pytest.mark.slow] if case.slow else [])


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_output_is_golden(case: Case, tmp_path: Path) -> None:
    code, data = run_case(case, tmp_path)
    assert code == 0
    if not case.name.endswith(".pdf"):
        assert data == (GOLDEN / case.name).read_bytes(), f"{case.name} changed (python -m tests.golden)"
        return
    stack, *rows = (GOLDEN / "pdf-sha256.txt").read_text().splitlines()
    if stack == f"# {pdf_stack()}":
        shas = {name: sha for sha, name in (row.split("  ") for row in rows)}
        assert hashlib.sha256(data).hexdigest() == shas[case.name], f"{case.name} changed (python -m tests.golden)"
        return
    # Another PDF stack: the same words on the same pages. Spaces and line ends are left out, since
    # text extraction (pypdf) places them differently from one version to the next.
    assert _words(pdf_text(data)) == _words((GOLDEN / (case.name + ".txt")).read_text())


def _words(text: str) -> list[str]:
    return ["".join(page.split()) for page in text.split("--- page ")]
