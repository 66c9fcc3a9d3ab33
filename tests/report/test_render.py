"""Rendering (roadmap.report.render): the PDF and HTML a reader gets, checked by parsing them — text and
marking on every page, bookmarks, metadata, no attachments, byte-identical re-renders, hostile text
kept literal, the organisation's templates used before the bundled ones, long tables across pages."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from tests.conftest import HtmlParts, assessment_yaml, run
from tests.report.helpers import FINDINGS, MARKING, lines_at, write_assessment, yaml_str
from tests.synthetic import assessment as synth_assessment
from tests.synthetic import write_catalog as write_synth_catalog


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_pdf_marking_on_every_page_top_and_bottom(mini_report: tuple[Path, Path, bytes]) -> None:
    reader = pypdf.PdfReader(io.BytesIO(mini_report[2]))
    assert len(reader.pages) >= 5  # several pages: the marking on each
    for number, page in enumerate(reader.pages, start=1):
        height = float(page.mediabox.height)
        ys = lines_at(page, MARKING)
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
    brief = reader.pages[1].extract_text()
    assert "Brief" in brief
    assert "T1  One" in brief and "T2  Two" in brief
    assert "4 gaps, 1 gating" in brief
    assert "T2 unlocks: L2" in brief
    assert "BET-01 BET-01 title" in brief and "fix BET-01" in brief  # the gating gap and what to do
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
    assert outline[:3] == ["Testland readiness 2026", "Brief", "Gaps to T2 Two"]
    assert "Annex C — The tier ladder" in outline
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


HOSTILE_PARTNER = "<script>alert(1)</script>{{ 7*7 }}"
HOSTILE_NOTES = "</style><b>bold</b> {% raw %} & <img src=x onerror=alert(1)>"
#: Markup, quotes and braces cannot be in a marking (roadmap.models.assessment.Marking): the most a
#: marking can hold is its own punctuation, which must stay literal in the page margins too.
HOSTILE_MARKING = "SECRET//REL TO USA, JPN (x)) -- //( , )"
REFUSED_MARKING = 'SECRET</style><script>x()</script> "q" \\\\ }'


def test_html_keeps_hostile_text_literal(tmp_path: Path, mini_root: Path, runner: CliRunner) -> None:
    text = assessment_yaml(FINDINGS, extra=f"notes: {yaml_str(HOSTILE_NOTES)}\n")
    text = text.replace("partner: Testland", f"partner: {yaml_str(HOSTILE_PARTNER)}")
    text = text.replace("marking: UNCLASSIFIED", f"marking: {yaml_str(HOSTILE_MARKING)}")
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


def test_a_marking_with_markup_is_refused(tmp_path: Path, mini_root: Path, runner: CliRunner) -> None:
    src = tmp_path / "m.yaml"
    src.write_text(assessment_yaml("ALP-01: {value: true}\n").replace(
        "marking: UNCLASSIFIED", f"marking: {yaml_str(REFUSED_MARKING)}"))
    result = run(runner, ["--criteria", str(mini_root), "report", str(src), "--format", "html", "-o", "-"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"{src}:5:10: marking: expected a marking of letters, digits, spaces and / , - ( ), found U+003C "
        "LESS-THAN SIGN (character 7)", "1 problem in 1 file"]


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_pdf_marking_from_hostile_text_stays_literal(tmp_path: Path, mini_root: Path, runner: CliRunner) -> None:
    text = assessment_yaml("ALP-01: {value: true}\n").replace(
        "marking: UNCLASSIFIED", f"marking: {yaml_str(HOSTILE_MARKING)}")
    src = tmp_path / "m.yaml"
    src.write_text(text)
    out = tmp_path / "m.pdf"
    result = run(runner, ["--criteria", str(mini_root), "report", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(out)
    shown = HOSTILE_MARKING  # backslashes and quotes included
    for page in reader.pages:
        height = float(page.mediabox.height)
        ys = lines_at(page, "(x)) -- //( , )")
        assert any(y > height - 60 for y in ys) and any(y < 60 for y in ys)
        assert shown in page.extract_text()


# A hostile assessment in every field the report shows: HTML, CSS, URLs, Jinja and control characters
# come out as text; the PDF has no attachments and the marking on every page.

TAGGED_MARKING = "SECRET (REL) TO, A-B"
HOSTILE_YAML = assessment_yaml("""\
    ALP-01:
      value: false
      notes: "<img src='http://evil.example/x.png'> {% raw %}{{ config }}{% endraw %} [31m red"
      evidence:
        - {ref: "javascript:alert(1)", kind: document, date: 2026-01-01, verification: documented,
           note: "<style>body{background:url(http://evil.example/bg)}</style>"}
    ALP-02: {value: 40, notes: "<a href='file:///etc/passwd'>x</a> {{ 6*7 }}"}
    """, extra='notes: "<script>alert(1)</script> @import url(http://evil.example/a.css);"\n').replace(
    "partner: Testland", 'partner: "<script>alert(\'p\')</script>{{ 7*7 }}"').replace(
    "marking: UNCLASSIFIED", f'marking: "{TAGGED_MARKING}"')


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE_YAML)
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
        assert TAGGED_MARKING in text, f"page {number} lacks the marking"


def test_template_override_is_used(tmp_path: Path, mini_root: Path, runner: CliRunner) -> None:
    org = tmp_path / "org"
    org.mkdir()
    (org / "_provenance.html.j2").write_text('<section><h1>Prepared by the Policy Office</h1></section>')
    src = write_assessment(tmp_path, "a.yaml")
    out = tmp_path / "a.html"
    result = run(runner, ["--criteria", str(mini_root), "report", str(src), "--templates", str(org),
                          "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "Prepared by the Policy Office" in html and "Assessment SHA-256" not in html
    assert "<h1>Brief</h1>" in html  # the other partials still come from the bundled folder


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


# -- user templates run in a sandbox ------------------------------------------------------------------

SANDBOX_ESCAPES = [
    ('{{ lipsum.__globals__["os"].popen("id").read() }}', "access to attribute '__globals__' of 'function' object"),
    ("{{ cycler.__init__.__globals__.os.environ }}", "access to attribute '__init__' of 'type' object"),
    ("{{ cover.__class__.__mro__ }}", "access to attribute '__class__' of 'Cover' object"),
    ("{{ cover.model_config }}", "access to attribute 'model_config' of 'Cover' object"),
    ("{{ cover.model_validate_json('{}') }}", "access to attribute 'model_validate_json' of 'Cover' object"),
    ("{{ ''.__class__.__base__.__subclasses__() }}", "access to attribute '__class__' of 'str' object"),
    ("{% set x = keywords.__iter__ %}{{ x }}", "access to attribute '__iter__' of 'tuple' object"),
    ("{{ cover.assessors.append('x') }}", "'tuple object' has no attribute 'append'"),
    ("{{ {}.update(a=1) }}", "access to attribute 'update' of 'dict' object"),
    ("{{ [cover] | join(',', attribute='model_config') }}", "access to attribute 'model_config' of 'Cover' object"),
    ("{{ '{0.__class__}'.format(cover) }}", "access to attribute '__class__' of 'Cover' object"),
]


@pytest.mark.parametrize(("payload", "refused"), SANDBOX_ESCAPES)
def test_user_templates_cannot_reach_python(payload: str, refused: str, tmp_path: Path, mini_root: Path,
                                            runner: CliRunner) -> None:
    """Issue 16: `{{ lipsum.__globals__["os"].popen(...) }}` read any file into the PDF."""
    org = tmp_path / "org"
    org.mkdir()
    (org / "_provenance.html.j2").write_text(f"<section>{payload}</section>\n")
    src = write_assessment(tmp_path, "a.yaml")
    result = run(runner, ["--criteria", str(mini_root), "report", str(src), "--templates", str(org), "--format", "html",
                          "-o", str(tmp_path / "a.html")])
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"error: {org}/_provenance.html.j2:1: template error: {refused}"), result.output
    assert not (tmp_path / "a.html").exists()


def test_templates_still_read_fields_properties_and_loops(tmp_path: Path, mini_root: Path, runner: CliRunner) -> None:
    org = tmp_path / "org"
    org.mkdir()
    (org / "_provenance.html.j2").write_text(
        "<section><h1>P</h1>{% for k in keywords %}<i>{{ loop.index }} {{ k | upper }}</i>{% endfor %}"
        "{{ cover.assessors | join(' + ') }} {{ '%s-%d' | format('x', 3) }} {{ range(3) | list }}</section>\n")
    src = write_assessment(tmp_path, "a.yaml")
    out = tmp_path / "a.html"
    result = run(runner, ["--criteria", str(mini_root), "report", str(src), "--templates", str(org), "--format", "html",
                          "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "<i>1 TESTLAND</i>" in out.read_text() and "x-3 [0, 1, 2]" in out.read_text()


# -- text that hides or reorders words ------------------------------------------------------------------

RLO, FSI, PDI = "\u202e", "\u2068", "\u2069"
HEBREW_PARTNER, ARABIC_HOST = "\u05d9\u05e9\u05e8\u05d0\u05dc", "\u0645\u0635\u0631"


def _bidi_assessment(tmp_path: Path) -> Path:
    src = tmp_path / "bidi.yaml"
    src.write_text(assessment_yaml(FINDINGS, extra='notes: "UNCLASSIFIED\\U000E0053\\U000E0045\\U000E0043 note"\n')
                   .replace("partner: Testland", 'partner: "\\u202eTestland"')
                   .replace("host: Hostland", f'host: "{ARABIC_HOST}"')
                   .replace("assessors: [A. Assessor]", f'assessors: ["{HEBREW_PARTNER}", "{ARABIC_HOST}"]'))
    return src


def test_html_shows_hidden_characters_and_isolates_right_to_left_text(tmp_path: Path, mini_root: Path,
                                                                      runner: CliRunner) -> None:
    """Issue 16: an RLO in `partner` reversed the cover's own words; tag characters after UNCLASSIFIED
    spelled SECRET unseen. Both now show as ⟨U+...⟩; right-to-left names are isolated (FSI ... PDI),
    so two of them joined by ", " keep their order and the words around them keep theirs."""
    src = _bidi_assessment(tmp_path)
    out = tmp_path / "bidi.html"
    result = run(runner, ["--criteria", str(mini_root), "report", str(src), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert RLO not in html and "\U000e0053" not in html
    assert "⟨U+202E⟩Testland — readiness to receive intelligence from " + f"{FSI}{ARABIC_HOST}{PDI} at" in html
    assert "UNCLASSIFIED⟨U+E0053⟩⟨U+E0045⟩⟨U+E0043⟩ note" in html
    assert f"{FSI}{HEBREW_PARTNER}{PDI}, {FSI}{ARABIC_HOST}{PDI}" in html


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_pdf_cover_words_keep_their_order(tmp_path: Path, mini_root: Path, runner: CliRunner) -> None:
    src = _bidi_assessment(tmp_path)
    out = tmp_path / "bidi.pdf"
    result = run(runner, ["--criteria", str(mini_root), "report", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = pypdf.PdfReader(out).pages[0].extract_text()
    assert "⟨U+202E⟩Testland—readinesstoreceiveintelligencefrom" in "".join(text.split())  # pypdf 7.0 splits words
    assert "ssenidaer" not in text


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_long_unbroken_text_wraps_inside_the_page(tmp_path: Path, mini_root: Path, runner: CliRunner) -> None:
    """Issue 16: a word of 1,000 characters (the longest a text may have) ran off the page. It wraps,
    in the notes and in the evidence table, and every character is inside the page's width."""
    import pypdfium2

    word = "x" * 1_000
    findings = FINDINGS.replace('ref: "Cabinet order 12"', f'ref: "{word}"')
    src = tmp_path / "long.yaml"
    src.write_text(assessment_yaml(findings, extra=f'notes: "see {word} and more"\n'))
    out = tmp_path / "long.pdf"
    result = run(runner, ["--criteria", str(mini_root), "report", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    pdf = pypdfium2.PdfDocument(out)
    seen = 0
    try:
        for page in pdf:
            text = page.get_textpage()
            try:
                width = page.get_width()
                for i in range(text.count_chars()):
                    if text.get_text_range(i, 1) == "x":
                        left, _, right, _ = text.get_charbox(i)
                        assert 0 <= left and right <= width, f"an x at {left:.0f}-{right:.0f} of a page {width:.0f}"
                        seen += 1
            finally:  # each closed here, children first: closed by the collector instead, after their
                text.close()  # document, pypdfium2 4.0 crashed the test run (SIGSEGV)
                page.close()
    finally:
        pdf.close()
    assert seen >= 2_000  # both runs are there, whole
