"""A hostile assessment renders literally: HTML, CSS, URLs, Jinja and control characters in the
partner, notes, evidence references and marking come out as text; the PDF has no attachments and
the marking on every page."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import assessment_yaml, run

MARKING = "SECRET <b>REL</b> {{ 7*7 }}"
HOSTILE = assessment_yaml("""\
    ALP-01:
      value: false
      notes: "<img src='http://evil.example/x.png'> {% raw %}{{ config }}{% endraw %} [31m red"
      evidence:
        - {ref: "javascript:alert(1)", kind: document, date: 2026-01-01, verification: documented,
           note: "<style>body{background:url(http://evil.example/bg)}</style>"}
    ALP-02: {value: 40, notes: "<a href='file:///etc/passwd'>x</a> {{ 6*7 }}"}
    """, extra='notes: "<script>alert(1)</script> @import url(http://evil.example/a.css);"\n').replace(
    "partner: Testland", 'partner: "<script>alert(\'p\')</script>{{ 7*7 }}"').replace(
    "marking: UNCLASSIFIED", f'marking: "{MARKING}"')


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE)
    return path


def test_html_report_shows_hostile_text_literally(hostile: Path, mini_root: Path, runner: CliRunner,
                                                  tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = run(runner, ["--criteria", str(mini_root), "report", "--format", "html", str(hostile), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html
    assert "{{ 7*7 }}" in html  # not evaluated by Jinja
    assert "<img src='http://evil.example" not in html and '<img src="http://evil.example' not in html
    assert "<style>body{background" not in html
    assert 'href="javascript:' not in html and "href='file:" not in html
    # (a terminal escape such as "\e[31m" is refused when the file is read: tests/test_yamlsource.py)


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_pdf_report_has_no_attachments_and_the_marking_on_every_page(hostile: Path, mini_root: Path,
                                                                     runner: CliRunner, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "r.pdf"
    result = run(runner, ["--criteria", str(mini_root), "report", str(hostile), "-o", str(out)])
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    assert not reader.attachments
    assert len(reader.pages) >= 1
    for number, page in enumerate(reader.pages, 1):
        text = " ".join(page.extract_text().split())
        assert "SECRET <b>REL</b> {{ 7*7 }}" in text, f"page {number} lacks the marking"
