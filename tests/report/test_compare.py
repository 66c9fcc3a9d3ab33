"""The comparison report (roadmap.report.compare, `compare --format pdf|html`): an overview page with a
chart, one short page per partner, the inputs; checked in the HTML and, slow, in the PDF a reader gets."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLES, HtmlParts, another_partner, run
from tests.report.helpers import TRAINING, assert_marking_everywhere, flat, pages_of


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    tmp = tmp_path_factory.mktemp("partners")
    return [str(another_partner(EXAMPLES / "japan-2026.yaml", "Japan", tmp / "japan.yaml")),
            str(another_partner(EXAMPLES / "japan-2026.yaml", "Korea", tmp / "korea.yaml", {"COM-08": 75})),
            str(another_partner(EXAMPLES / "japan-2025.yaml", "Australia", tmp / "australia.yaml"))]


def test_html(three: list[str], tmp_path: Path) -> None:
    out = tmp_path / "c.html"
    result = run(CliRunner(), ["compare", *three, "--rescore-with", "fvey@1.1.0", "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    text = " ".join(HtmlParts.of(html).split())
    assert "Partners compared: readiness for sharing with United States" in text
    assert f"Re-scored against fvey@1.1.0 (--rescore-with): {three[0]} pins fvey@1.1.0" in text
    assert html.count('<section class="partner"') == 3 and html.count("<figure") == 1
    assert "1. Japan" in text and "3. Australia" in text
    # the chart carries every partner's readiness and tiers, in its picture and in its description
    svg = base64.b64decode(html.split('src="data:image/svg+xml;base64,', 1)[1].split('"', 1)[0]).decode()
    assert "2. Korea (none / T1)" in svg
    assert "Readiness per partner: 1. Japan: 47.5% claimed, 41.0% verified, tier T1 claimed, none verified" in html


@pytest.mark.slow  # renders a PDF
def test_pdf(three: list[str], tmp_path: Path) -> None:
    out = tmp_path / "c.pdf"
    result = run(CliRunner(), ["compare", *three, "--rescore-with", "fvey@1.1.0", "--format", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    pages = pages_of(data)
    assert len(pages) == 5  # the overview, a page per partner, the inputs
    assert "Partners compared" in flat(pages[0]) and "1. Japan" in flat(pages[1]) and "3. Australia" in flat(pages[3])
    assert "Provenance" in flat(pages[4])
    assert_marking_everywhere(data, TRAINING)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.metadata is not None and str(reader.metadata["/CreationDate"]) == "D:20260630"
    again = tmp_path / "again.pdf"
    run(CliRunner(), ["compare", *three, "--rescore-with", "fvey@1.1.0", "--format", "pdf", "-o", str(again)])
    assert again.read_bytes() == data
