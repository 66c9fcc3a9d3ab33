"""`roadmap report`: the PDF and HTML a reader gets, checked by parsing them — text and marking on
every page, bookmarks, metadata, no attachments, byte-identical re-renders, hostile text kept
literal, template folders that may not read outside themselves, atomic output, exit codes."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from tests.conftest import HtmlParts, assessment_yaml, run, write_mini_catalog
from tests.synthetic import assessment as synth_assessment
from tests.synthetic import write_catalog as write_synth_catalog

FINDINGS = """\
ALP-01: {value: true, evidence: [{ref: "Cabinet order 12", kind: document, date: 2026-03-01, verification: documented}]}
ALP-02: {value: 60}
ALP-03: {value: 30}
ALP-04: {status: not_applicable, justification: "No such facility", approver: "Deputy Director", expires: 2027-01-31}
BET-01: {value: 1, evidence: [{ref: "Vetting statistics 2025", kind: record, date: 2024-01-01, verification: self_asserted}]}
BET-02: {value: 15}
"""
MARKING = "SECRET//REL TO USA, JPN"


def _lines_at(page: pypdf.PageObject, needle: str) -> list[float]:
    """The heights (points from the bottom) at which `needle` is drawn on `page`."""
    ys: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if needle in text:
            ys.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    return ys


def _write(tmp_path: Path, name: str, findings: str = FINDINGS, **extra: str) -> Path:
    head = "".join(f"{k}: {v}\n" for k, v in extra.items())
    text = assessment_yaml(findings, extra=head).replace("marking: UNCLASSIFIED\n", f'marking: "{MARKING}"\n')
    f = tmp_path / name
    f.write_text(text)
    return f


@pytest.fixture(scope="module")
def mini_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, bytes]:
    """One rendered mini report, shared by the tests that only read it (rendering takes seconds)."""
    tmp = tmp_path_factory.mktemp("mini")
    root = write_mini_catalog(tmp / "criteria")
    src = _write(tmp, "round-1.yaml", title="Testland readiness 2026")
    result = run(CliRunner(), ["--criteria", str(root), "report", str(src), "-o", str(tmp / "out.pdf")])
    assert result.exit_code == 0, result.output
    assert f"wrote {tmp / 'out.pdf'}" in result.output
    return root, src, (tmp / "out.pdf").read_bytes()


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_pdf_marking_on_every_page_top_and_bottom(mini_report: tuple[Path, Path, bytes]) -> None:
    reader = pypdf.PdfReader(io.BytesIO(mini_report[2]))
    assert len(reader.pages) >= 8
    for number, page in enumerate(reader.pages, start=1):
        height = float(page.mediabox.height)
        ys = _lines_at(page, MARKING)
        assert any(y > height - 60 for y in ys), f"page {number}: no marking at the top ({ys})"
        assert any(y < 60 for y in ys), f"page {number}: no marking at the bottom ({ys})"
        assert f"page {number} of {len(reader.pages)}" in page.extract_text()


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_pdf_content_metadata_bookmarks(mini_report: tuple[Path, Path, bytes]) -> None:
    reader = pypdf.PdfReader(io.BytesIO(mini_report[2]))
    text = "\n".join(p.extract_text() for p in reader.pages)
    # Alpha: ALP-01 true → T3; ALP-02 60 and ALP-03 30 h → T1 (T2 needs 80 and 24); ALP-04 N/A is
    # left out → alpha T1. Beta: BET-01 1 and BET-02 15 → T1 (T2 needs 3 and 20). Overall T1.
    # Gaps to T2: BET-01 (gating); beta's only other weight is BET-02; alpha: ALP-02 (weight 2) gives
    # 2/3 = 67% < 75%, so ALP-03 too. Order: gating, then weight × distance: ALP-02 2 × 20/80 = 0.5,
    # BET-02 1 × 5/20 = 0.25, ALP-03 1 × 6/30 = 0.2.
    summary = reader.pages[1].extract_text()
    assert "Executive summary" in summary
    assert "T1  One" in summary and "T2  Two" in summary
    assert "4 gaps to close, 1 gating" in summary
    assert "What T2 unlocks: L2" in summary
    gap_page = next(p.extract_text() for p in reader.pages if "Gaps to T2 Two" in p.extract_text())
    order = [gap_page.index(cid) for cid in ("BET-01", "ALP-02", "BET-02", "ALP-03")]
    assert order == sorted(order), gap_page
    assert "fix BET-01" in gap_page  # the remediation
    for expected in ("Cabinet order 12", "Vetting statistics 2025", "No such facility", "Deputy Director",
                     "2027-01-31", "Provenance", "roadmap 0.1.0", "mini@1.0.0", "Three views"):
        assert expected in text, expected
    assert reader.attachments == {} or not list(reader.attachments)
    assert reader.metadata is not None and reader.metadata.title == "Testland readiness 2026"
    assert str(reader.metadata["/CreationDate"]) == "D:20260630"
    outline = [o.title for o in reader.outline if not isinstance(o, list)]
    assert outline[:4] == ["Testland readiness 2026", "Executive summary", "The tier ladder", "Gaps to T2 Two"]
    assert "Annex A — Evidence" in outline
    root = reader.trailer["/Root"].get_object()
    assert isinstance(root, pypdf.generic.DictionaryObject)
    assert str(root["/Lang"]) == "en" and "/StructTreeRoot" in root  # tagged PDF


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_same_inputs_give_identical_bytes(tmp_path: Path, mini_report: tuple[Path, Path, bytes]) -> None:
    root, src, first = mini_report
    out = tmp_path / "elsewhere" / "again.pdf"
    result = run(CliRunner(), ["--criteria", str(root), "report", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == first


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_parallel_gives_the_same_bytes(tmp_path: Path, mini_report: tuple[Path, Path, bytes]) -> None:
    root, src, first = mini_report
    other = _write(tmp_path, "round-2.yaml", findings=FINDINGS.replace("{value: 60}", "{value: 85}"))
    out = tmp_path / "out"
    result = run(CliRunner(), ["--criteria", str(root), "report", str(src), str(other), "-j", "2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "round-1.pdf").read_bytes() == first  # rendered in a worker, byte for byte as with -j 1
    assert result.output.index("round-1.pdf") < result.output.index("round-2.pdf")  # in the order given


def test_parallel_failure_writes_nothing_and_leaves_no_worker(tmp_path: Path, mini_root: Path,
                                                              runner: CliRunner) -> None:
    import multiprocessing

    files = [_write(tmp_path, f"{name}.yaml") for name in ("a", "b", "c")]
    org = tmp_path / "org"
    org.mkdir()
    (org / "_provenance.html.j2").write_text("<section>{% if %}</section>")
    out = tmp_path / "out"
    result = run(runner, ["--criteria", str(mini_root), "report", *map(str, files), "--templates", str(org),
                          "-j", "2", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "template syntax error" in result.output
    assert not out.exists()
    assert multiprocessing.active_children() == []


HOSTILE_PARTNER = "<script>alert(1)</script>{{ 7*7 }}"
HOSTILE_NOTES = "</style><b>bold</b> {% raw %} & <img src=x onerror=alert(1)>"
HOSTILE_MARKING = 'SECRET</style><script>x()</script> "q" \\\\ }'


def test_html_keeps_hostile_text_literal(tmp_path: Path, mini_root: Path, runner: CliRunner) -> None:
    text = assessment_yaml(FINDINGS, extra=f"notes: {_yaml_str(HOSTILE_NOTES)}\n")
    text = text.replace("partner: Testland", f"partner: {_yaml_str(HOSTILE_PARTNER)}")
    text = text.replace("marking: UNCLASSIFIED", f"marking: {_yaml_str(HOSTILE_MARKING)}")
    src = tmp_path / "hostile.yaml"
    src.write_text(text)
    out = tmp_path / "hostile.html"
    result = run(runner, ["--criteria", str(mini_root), "report", str(src), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    parser = HtmlParts()
    parser.feed(html)
    assert "script" not in parser.tags and "b" not in parser.tags
    assert parser.tags.count("img") == 2  # the two charts, and no other
    assert parser.tags.count("style") == 1
    body = "".join(parser.text)
    assert HOSTILE_PARTNER + ": readiness" in body and "49: readiness" not in body  # not evaluated
    assert "</style><b>bold</b> {% raw %} & <img src=x onerror=alert(1)>" in body
    assert body.count(HOSTILE_MARKING) == 3  # the cover and the two screen banners
    assert "<html lang=\"en\">" in html and "<title>&lt;script&gt;" in html


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_pdf_marking_from_hostile_text_stays_literal(tmp_path: Path, mini_root: Path, runner: CliRunner) -> None:
    text = assessment_yaml("ALP-01: {value: true}\n").replace(
        "marking: UNCLASSIFIED", f"marking: {_yaml_str(HOSTILE_MARKING)}")
    src = tmp_path / "m.yaml"
    src.write_text(text)
    out = tmp_path / "m.pdf"
    result = run(runner, ["--criteria", str(mini_root), "report", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(out)
    shown = HOSTILE_MARKING  # backslashes and quotes included
    for page in reader.pages:
        height = float(page.mediabox.height)
        ys = _lines_at(page, "x()</script>")
        assert any(y > height - 60 for y in ys) and any(y < 60 for y in ys)
        assert shown in page.extract_text()


def _yaml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.mark.parametrize(("name", "content", "refused"), [
    ("_provenance.html.j2", '<section><h1>P</h1><img src="file:///etc/passwd" alt=""></section>', "/etc/passwd"),
    ("report.css", '@import url("http://example.com/x.css");\n', "http://example.com/x.css"),
    ("_provenance.html.j2", '<section><img src="escape.png" alt=""></section>', "escape.png"),
    ("_provenance.html.j2", '<section><img src="data:image/png;base64,iVBORw0KGgo=" alt=""></section>', "data:"),
])
def test_templates_may_not_read_outside(tmp_path: Path, mini_root: Path, runner: CliRunner,
                                        name: str, content: str, refused: str) -> None:
    org = tmp_path / "org"
    org.mkdir()
    (org / name).write_text(content)
    (org / "escape.png").symlink_to("/etc/passwd")
    src = _write(tmp_path, "a.yaml")
    out = tmp_path / "a.pdf"
    result = run(runner, ["--criteria", str(mini_root), "report", str(src), "--templates", str(org), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "error: refused to" in result.output and refused in result.output
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".a.pdf")] == []  # no temp file left


def test_html_output_refuses_references_too(tmp_path: Path, mini_root: Path, runner: CliRunner) -> None:
    org = tmp_path / "org"
    org.mkdir()
    (org / "_provenance.html.j2").write_text('<section><img src="http://example.com/t.png" alt=""></section>')
    src = _write(tmp_path, "a.yaml")
    result = run(runner, ["--criteria", str(mini_root), "report", str(src), "--templates", str(org),
                          "--format", "html", "-o", str(tmp_path / "a.html")])
    assert result.exit_code == 2, result.output
    assert "refused to reference http://example.com/t.png" in result.output
    assert not (tmp_path / "a.html").exists()


def test_template_override_is_used(tmp_path: Path, mini_root: Path, runner: CliRunner) -> None:
    org = tmp_path / "org"
    org.mkdir()
    (org / "_provenance.html.j2").write_text('<section><h1>Prepared by the Policy Office</h1></section>')
    src = _write(tmp_path, "a.yaml")
    out = tmp_path / "a.html"
    result = run(runner, ["--criteria", str(mini_root), "report", str(src), "--templates", str(org),
                          "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "Prepared by the Policy Office" in html and "Assessment SHA-256" not in html
    assert "Executive summary" in html  # the other partials still come from the bundled folder


def test_failure_leaves_existing_report_intact(tmp_path: Path, mini_root: Path, runner: CliRunner) -> None:
    src = _write(tmp_path, "a.yaml")
    out = tmp_path / "a.html"
    assert run(runner, ["--criteria", str(mini_root), "report", str(src), "--format", "html", "-o", str(out)]).exit_code == 0
    before = out.read_bytes()
    org = tmp_path / "org"
    org.mkdir()
    (org / "report.css").write_text("body { background: url(file:///etc/hostname) }")
    result = run(runner, ["--criteria", str(mini_root), "report", str(src), "--templates", str(org),
                          "--format", "html", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "a.yaml", "criteria", "org"]


def test_all_inputs_validated_first(tmp_path: Path, mini_root: Path, runner: CliRunner) -> None:
    good = _write(tmp_path, "good.yaml")
    bad = _write(tmp_path, "bad.yaml", findings="ALP-02: {value: 150}\nZZZ-01: {value: 1}\n")
    old = _write(tmp_path, "old.yaml", findings="BET-02: {value: yes}\n")
    out = tmp_path / "out"
    result = run(runner, ["--criteria", str(mini_root), "report", str(good), str(bad), "--previous", str(old),
                          "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert f"{bad}:" in result.output and "ZZZ-01" in result.output and "from 0 to 100" in result.output
    assert f"{old}:" in result.output  # the previous round is validated too
    assert "problems in 2 files" in result.output
    assert not out.exists()


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_parallel_several_files_into_a_folder(tmp_path: Path, runner: CliRunner) -> None:
    root = write_synth_catalog(tmp_path / "criteria", 12)
    files = []
    for name, seed in (("japan-2024", 1), ("japan-2025", 2)):
        f = tmp_path / f"{name}.yaml"
        f.write_text(synth_assessment(12, partner="Japan", notes=f"round {seed}", seed=seed))
        files.append(f)
    out = tmp_path / "out"
    result = run(runner, ["--criteria", str(root), "report", *map(str, files), "-j", "2", "-o", str(out),
                          "--previous", str(files[0])])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["japan-2024.pdf", "japan-2025.pdf"]
    second = pypdf.PdfReader(out / "japan-2025.pdf")
    text = "\n".join(p.extract_text() for p in second.pages)
    assert "round 2" in text
    assert "Since last round" in text  # compared with --previous japan-2024
    assert "CYB-" in text and "GOV-" in text
    first = "\n".join(p.extract_text() for p in pypdf.PdfReader(out / "japan-2024.pdf").pages)
    assert "round 1" in first and "Since last round" not in first  # the previous round itself


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_long_domain_tables_repeat_their_header(tmp_path: Path, runner: CliRunner) -> None:
    root = write_synth_catalog(tmp_path / "criteria", 60)
    src = tmp_path / "s.yaml"
    src.write_text(synth_assessment(60))
    out = tmp_path / "s.pdf"
    result = run(runner, ["--criteria", str(root), "report", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(out)
    pages = [p.extract_text() for p in reader.pages]
    physical = [t for t in pages if "PHY-0" in t and "Progress" in t]
    assert len(physical) >= 2, "the physical domain should span pages"
    for text in physical:
        assert "Criterion Value Tier Verified Progress" in text  # the header row, on every page
    assert all(f"PHY-{i:03d}" in "\n".join(pages) for i in range(1, 13))
    # The gap table: its header on every page it spans, and each gap whole on one page (its
    # criterion and what to do together), so no page ends with a stray half of a gap.
    gap_pages = [t for t in pages if "WHAT TO DO" in t]
    assert len(gap_pages) >= 2, "the gap table should span pages"
    ranks = []
    for text in gap_pages:
        assert "# Criterion Now Target" in text
        starts = re.findall(r"^(\d+) ([A-Z]{3}-\d{3})", text, re.MULTILINE)
        assert len(starts) == text.count("WHAT TO DO"), text
        ranks += [int(rank) for rank, _ in starts]
    assert ranks == list(range(1, len(ranks) + 1))
    assert "weight\n" not in "\n".join(gap_pages)  # "weight 5" is never split over two lines


def test_default_output_and_usage_errors(tmp_path: Path, mini_root: Path, runner: CliRunner) -> None:
    a = _write(tmp_path, "a.yaml")
    (tmp_path / "x").mkdir()
    b = _write(tmp_path / "x", "a.yaml")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        clash = run(runner, ["--criteria", str(mini_root), "report", str(a), str(b), "--format", "html"])
        assert clash.exit_code == 2
        assert "would both be written to reports/a.html" in clash.output
        ok = run(runner, ["--criteria", str(mini_root), "report", "a.yaml", "--format", "html"])
        assert ok.exit_code == 0, ok.output
        assert (tmp_path / "reports" / "a.html").is_file()
    finally:
        os.chdir(cwd)
    missing = run(runner, ["--criteria", str(mini_root), "report", str(a), "--templates", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "not a folder" in missing.output
    # several files and -o that reads as one file's name: refused, rather than a folder called that
    single = tmp_path / "single.html"
    named = run(runner, ["--criteria", str(mini_root), "report", str(a), str(b), "--format", "html", "-o", str(single)])
    assert named.exit_code == 2
    assert (f"-o {single}: with several files, -o names a folder (one report per file), and this looks like a "
            "file name; give a folder, or one file at a time") in named.output
    assert not single.exists()
    help_text = run(runner, ["report", "--help"])
    assert help_text.exit_code == 0 and "since last round" in help_text.output


def test_report_rules_annex_shares_the_engine_rules() -> None:
    from roadmap.engine import scoring

    assert scoring.RULES and all(rule in (scoring.__doc__ or "") for rule in scoring.RULES)


def test_mini_catalog_fixture_variant_renders(tmp_path: Path, runner: CliRunner) -> None:
    """The 'all' domain rule and a partner at the top tier: no gaps, the ladder says so."""
    root = write_mini_catalog(tmp_path / "criteria", method="all", threshold=None)
    src = tmp_path / "top.yaml"
    src.write_text(assessment_yaml("ALP-01: {value: true}\nALP-02: {value: 99}\nALP-03: {value: 2}\n"
                                   "ALP-04: {value: full}\nBET-01: {value: 6}\nBET-02: {value: 40}\n"))
    out = tmp_path / "top.html"
    result = run(runner, ["--criteria", str(root), "report", str(src), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "Top tier reached" in html and "there are no gaps to a next tier" in html


def test_html_lists_the_evidence_needed_for_the_claimed_tier(tmp_path: Path, runner: CliRunner) -> None:
    from tests.conftest import EXAMPLES

    out = tmp_path / "j.html"
    result = run(runner, ["report", str(EXAMPLES / "japan-2025.yaml"), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    section = html.split("Evidence needed for T1 to count as verified", 1)[1].split("</table>", 1)[0]
    # japan-2025 claims T1 everywhere but its insider-threat evidence (PER-10) is stale: verified none
    assert '<span class="cid">PER-10</span>' in section
    assert "T1 needs documented evidence no older than 365 days" in section


def test_notes_go_on_the_cover_or_in_a_section_of_their_own(tmp_path: Path, mini_root: Path,
                                                           runner: CliRunner) -> None:
    for paragraphs, where in ((2, "cover"), (14, "section")):  # ~120 characters each; the cover holds 1,500
        notes = "\\n\\n".join(f"Paragraph {i} of the assessors' notes, with enough words to be a real one "
                              "(about one hundred and forty characters in all)." for i in range(paragraphs))
        src = _write(tmp_path, f"n{paragraphs}.yaml", notes=f'"{notes}"')
        out = tmp_path / f"n{paragraphs}.html"
        result = run(runner, ["--criteria", str(mini_root), "report", str(src), "--format", "html", "-o", str(out)])
        assert result.exit_code == 0, result.output
        html = out.read_text()
        assert html.count('<p class="notes">') == paragraphs  # one paragraph per blank line
        on_cover = html.index("Assessors' notes") < html.index('id="summary"')
        assert on_cover == (where == "cover")
        assert ('id="notes"' in html) == (where == "section")
