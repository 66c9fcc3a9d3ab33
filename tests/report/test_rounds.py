"""Documents about several rounds (roadmap.report.rounds), checked by parsing the PDFs a reader gets:
the diff report (`diff --format pdf|html`) and the trend report (`trend --format pdf|html`) — figures,
the marking on every page, byte-identical re-renders, hostile text kept literal, exit codes."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from roadmap.report.changes import combined_marking
from tests.conftest import HtmlParts, assessment_yaml, run
from tests.engine.test_rounds_diff import OLD
from tests.report.helpers import JAPAN, TRAINING, assert_marking_everywhere, flat, lines_at, pages_of, yaml_str


@pytest.fixture(scope="module")
def japan_diff(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("diff") / "d.pdf"
    result = run(CliRunner(), ["diff", JAPAN[2025], JAPAN[2026], "--format", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out} ({out.stat().st_size // 1024} KiB) from {JAPAN[2025]} → {JAPAN[2026]}\n"
    return out.read_bytes()


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_diff_report_content(japan_diff: bytes) -> None:
    pages = pages_of(japan_diff)
    text = flat(" ".join(pages))
    assert "Japan: changes from 2025-09-30 to 2026-06-30" in flat(pages[0])
    for expected in (
            # the headline, in words
            "Overall readiness (claimed): 47.3% → 47.5% (+0.2 points: progress +0.6, goalposts −0.4)",
            ("No regressions: no tier in any view, no host commitment or partner contribution, no criterion's "
             "tier and no decision went backwards."),
            # the split, in words and as a table (Personnel: 40.9 → 42.4 under 1.0.0 → 41.8 under 1.1.0)
            ("Each change is split between progress (the partner's values and evidence) and goalposts (the "
             "catalog: fvey@1.0.0, then fvey@1.1.0)."),
            "claimed readiness 40.9% 42.4% 41.8% +1.5 −0.6 +0.9",
            "Overall claimed tier T1 T1 T1 0 0 0",
            # criterion changes and the catalog's change
            "PER-12 Timeliness of initial TS determinations", "120 days → 100 days",
            "What the catalog changed: fvey@1.0.0 → fvey@1.1.0", "CYB-19 → CYB-05b", "TIGHTENING",
            "T3 target tightened: ≤ 114 days → ≤ 75 days",
            # reciprocity and provenance
            "Reciprocity changes", "HUMINT L1 → L1",
            "roadmap 0.1.0", "fvey@1.0.0", "fvey@1.1.0"):
        assert expected in text, expected
    import hashlib

    for year in (2025, 2026):
        assert hashlib.sha256(Path(JAPAN[year]).read_bytes()).hexdigest() in text.replace(" ", "")
    reader = pypdf.PdfReader(io.BytesIO(japan_diff))
    assert reader.metadata is not None and reader.metadata.title == "Japan: changes from 2025-09-30 to 2026-06-30"
    assert str(reader.metadata["/CreationDate"]) == "D:20260630"
    assert not reader.attachments
    assert_marking_everywhere(japan_diff, TRAINING)


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_diff_report_is_reproducible(tmp_path: Path, japan_diff: bytes, runner: CliRunner) -> None:
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = run(runner, ["diff", JAPAN[2025], JAPAN[2026], "--format", "pdf"])
        assert result.exit_code == 0, result.output
    finally:
        os.chdir(cwd)
    assert (tmp_path / "reports" / "japan-2025--japan-2026.pdf").read_bytes() == japan_diff


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_diff_report_markings_differ_and_hostile_text(tmp_path: Path, mini_root: Path, runner: CliRunner) -> None:
    hostile_partner = "<script>alert(1)</script>{{ 7*7 }}"
    # markup cannot be in a marking (roadmap.models.assessment.Marking): its own punctuation must stay literal
    old_marking, new_marking = "SECRET//(b) x -- /, )", "TOP SECRET//REL TO USA, JPN"
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    for path, marking, as_of, findings in ((old, old_marking, "2026-01-31", OLD),
                                            (new, new_marking, "2026-06-30",
                                             OLD.replace("BET-01: {value: 3}", "BET-01: {value: 0}"))):
        path.write_text(assessment_yaml(findings, as_of=as_of)
                        .replace("partner: Testland", f"partner: {yaml_str(hostile_partner)}")
                        .replace("marking: UNCLASSIFIED", f"marking: {yaml_str(marking)}"))
    both = f"2026-06-30: {new_marking} | 2026-01-31: {old_marking}"
    assert combined_marking([("2026-01-31", old_marking), ("2026-06-30", new_marking)]) == both
    pdf = tmp_path / "d.pdf"
    # BET-01 fell below its T1 target: a regression; the report is written, then exit 1
    result = run(runner, ["--criteria", str(mini_root), "diff", str(old), str(new), "--format", "pdf", "-o", str(pdf),
                          "--fail-on-regression"])
    assert result.exit_code == 1, result.output
    assert "regressions: Overall claimed tier T1 → none" in result.output
    data = pdf.read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(data))
    for number, page in enumerate(reader.pages, start=1):
        assert both in page.extract_text(), f"page {number}"
        height = float(page.mediabox.height)
        ys = lines_at(page, "(b) x -- /, )")
        assert any(y > height - 60 for y in ys) and any(y < 60 for y in ys), f"page {number}"
    text = flat(" ".join(p.extract_text() for p in reader.pages))
    assert "The two rounds carry different markings" in text
    assert f"{hostile_partner}: changes from 2026-01-31 to 2026-06-30".replace(" ", "") in text.replace(" ", "")
    html_out = tmp_path / "d.html"
    result = run(runner, ["--criteria", str(mini_root), "diff", str(old), str(new), "--format", "html",
                          "-o", str(html_out)])
    assert result.exit_code == 0, result.output
    html = html_out.read_text()
    parsed = HtmlParts()
    parsed.feed(html)
    assert "script" not in parsed.tags and "b" not in parsed.tags
    assert parsed.tags.count("img") == 1  # the chart
    body = "".join(parsed.text)
    assert f"{hostile_partner}: changes" in body and "49: changes" not in body
    assert body.count(both) == 3  # the cover and the two screen banners


def test_diff_usage_errors(tmp_path: Path, mini_root: Path, runner: CliRunner) -> None:
    a = tmp_path / "a.yaml"
    a.write_text(assessment_yaml(OLD))
    base = ["--criteria", str(mini_root), "diff", str(a), str(a)]
    json_pdf = "error: --json prints to the terminal; give it without --format pdf\n"
    for extra, message in ((["--json", "--format", "pdf"], json_pdf),
                           (["-o", str(tmp_path / "x.pdf")], "error: -o is for a report: add --format pdf or html\n"),
                           (["--format", "pdf", "--templates", str(tmp_path / "none")],
                            f"error: --templates {tmp_path / 'none'}: not a folder\n")):
        result = run(runner, [*base, *extra])
        assert result.exit_code == 2, result.output
        assert result.output == message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "criteria"]


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_trend_report(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "t.pdf"
    result = run(runner, ["trend", JAPAN[2026], JAPAN[2024], JAPAN[2025], "--format", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    text = flat(" ".join(pages_of(data)))
    for expected in (
            "Japan: readiness over 3 rounds, 2024-06-30 to 2026-06-30",
            "The catalog changed (2026-06-30: fvey@1.0.0 → fvey@1.1.0)",
            "2024-06-30 fvey@1.0.0 none none 41.3% 37.0%",
            "2025-09-30 fvey@1.0.0 T1 (+1) none 47.3% 41.2%",
            "2026-06-30 fvey@1.1.0 CHANGED T1 none 47.5% 41.0%",
            "Personnel security none / none T1 / none T1 / none",
            "Tier reached (claimed), overall and by domain, per round"):
        assert expected in text, expected
    assert_marking_everywhere(data, TRAINING)
    again = tmp_path / "again.pdf"
    assert run(runner, ["trend", *JAPAN.values(), "--format", "pdf", "-o", str(again)]).exit_code == 0
    assert again.read_bytes() == data
    html = tmp_path / "t.html"
    assert run(runner, ["trend", *JAPAN.values(), "--format", "html", "-o", str(html)]).exit_code == 0
    parsed = HtmlParts()
    parsed.feed(html.read_text())
    assert parsed.tags.count("img") == 2 and "script" not in parsed.tags
