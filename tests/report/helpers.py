"""What the report tests share: a mini assessment with evidence and a decision, and ways to read the
PDFs and HTML a reader gets."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf

from tests.conftest import EXAMPLES, assessment_yaml

FINDINGS = (
    'ALP-01: {value: true, evidence: [{ref: "Cabinet order 12", kind: document, date: 2026-03-01, '
    'verification: documented}]}\n'
    "ALP-02: {value: 60}\n"
    "ALP-03: {value: 30}\n"
    'ALP-04: {status: not_applicable, justification: "No such facility", approver: "Deputy Director", '
    "expires: 2027-01-31}\n"
    'BET-01: {value: 1, evidence: [{ref: "Vetting statistics 2025", kind: record, date: 2024-01-01, '
    "verification: self_asserted}]}\n"
    "BET-02: {value: 15}\n"
)
MARKING = "SECRET//REL TO USA, JPN"
JAPAN = {year: str(EXAMPLES / f"japan-{year}.yaml") for year in (2024, 2025, 2026)}
TRAINING = "UNCLASSIFIED//FOR TRAINING"


def lines_at(page: pypdf.PageObject, needle: str) -> list[float]:
    """The heights (points from the bottom) at which `needle` is drawn on `page`."""
    ys: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if needle in text:
            ys.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    return ys


def write_assessment(tmp_path: Path, name: str, findings: str = FINDINGS, **extra: str) -> Path:
    """The mini assessment, marked MARKING, with `extra` top-level keys, written to tmp_path/name."""
    head = "".join(f"{k}: {v}\n" for k, v in extra.items())
    text = assessment_yaml(findings, extra=head).replace("marking: UNCLASSIFIED\n", f'marking: "{MARKING}"\n')
    f = tmp_path / name
    f.write_text(text)
    return f


def yaml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def flat(text: str) -> str:
    """PDF text with line breaks and runs of spaces as single spaces (sentences wrap on the page)."""
    return " ".join(text.split())


def pages_of(data: bytes) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages]


def assert_marking_everywhere(data: bytes, marking: str) -> None:
    reader = pypdf.PdfReader(io.BytesIO(data))
    for number, page in enumerate(reader.pages, start=1):
        height = float(page.mediabox.height)
        ys = lines_at(page, marking)
        assert any(y > height - 60 for y in ys), f"page {number}: no marking at the top ({ys})"
        assert any(y < 60 for y in ys), f"page {number}: no marking at the bottom ({ys})"
