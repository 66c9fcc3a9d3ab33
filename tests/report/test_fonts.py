"""`roadmap.report.fonts`: a PDF is written only when the installed fonts can draw every character
of its text; otherwise exit 2 names the character, the field that holds it and a font package, and
nothing is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from roadmap.report import fonts
from roadmap.report.fonts import Coverage, first_uncovered, package_for
from tests.conftest import REPO, run

Y25 = REPO / "examples" / "japan-2025.yaml"


def test_coverage_reads_fontconfigs_charsets() -> None:
    cover = Coverage.parse("20-7e a0-17f\n3000-30ff 4e00-9fff\n41-5a 2014\n")
    assert "A" in cover and "—" in cover and "日" in cover and "ア" in cover
    assert "한" not in cover and "ɐ" not in cover
    assert first_uncovered("Abc 日本\u200d\ufe0f\t한국", cover) == "한"  # joiners and selectors are not drawn
    assert first_uncovered("Abc 日本", cover) is None


def test_the_package_named_covers_the_script() -> None:
    assert package_for("日") == package_for("ア") == package_for("한") == package_for("，") == "fonts-noto-cjk"
    assert package_for("😀") == "fonts-noto-color-emoji"
    assert package_for("𓀀") == package_for("ა") == "fonts-noto-core"


def test_the_installed_fonts_draw_the_examples_in_both_languages() -> None:
    cover = fonts.installed()
    assert first_uncovered("Readiness 47.3% — T1 → T2 ≥ ≤ × ÷ ⇄ · “quoted”", cover) is None
    assert first_uncovered("政府統一の保全区域基準。「特定秘密」、提供国（米国）", cover) is None  # fonts-noto-cjk


def _with_notes(tmp_path: Path, notes: str) -> Path:
    copy = tmp_path / "a.yaml"
    copy.write_text(Y25.read_text().replace("notes: >-\n", f"notes: >-\n  {notes}\n", 1))
    return copy


def test_a_character_no_font_has_stops_the_pdf_naming_it(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "a.pdf"
    result = run(runner, ["report", str(_with_notes(tmp_path, "Seal: \U00013000.")), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "error: cannot write the PDF: no installed font has the character \U00013000 (U+13000 EGYPTIAN "
        "HIEROGLYPH A001), first in cover.notes; install a font that has it, such as Debian's fonts-noto-core "
        "(sudo apt-get install fonts-noto-core), and run it again; nothing was written")
    assert not out.exists()
    # the HTML report has no such limit: a browser draws it with its own fonts
    assert run(runner, ["report", str(_with_notes(tmp_path, "Seal: \U00013000.")), "--format", "html",
                        "-o", str(tmp_path / "a.html")]).exit_code == 0


def test_a_machine_without_cjk_fonts_is_told_which_to_install(tmp_path: Path, runner: CliRunner,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "installed", lambda: Coverage.parse("20-7e a0-24f 2000-22ff 25a0-25ff"))
    out = tmp_path / "ja.pdf"
    result = run(runner, ["report", str(Y25), "--lang", "ja", "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "error: cannot write the PDF: no installed font has the character （ (U+FF08 FULLWIDTH LEFT PARENTHESIS), "
        "first in banner; install a font that has it, such as Debian's fonts-noto-cjk (sudo apt-get install "
        "fonts-noto-cjk), and run it again; nothing was written")
    assert not out.exists()


# -- the Japanese PDF ------------------------------------------------------------------------------

def _embedded_cmaps(data: bytes) -> dict[str, set[int]]:
    """Each embedded font of a PDF (by its name) and the characters its own `cmap` table maps."""
    import io

    import pypdf
    from fontTools.ttLib import TTFont

    out: dict[str, set[int]] = {}
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        resources: Any = page["/Resources"]
        for ref in resources.get("/Font", {}).values():
            font = ref.get_object()
            if font["/BaseFont"] in out:
                continue
            desc = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            fd = desc["/FontDescriptor"].get_object()
            program = next(fd[k] for k in ("/FontFile2", "/FontFile3", "/FontFile") if k in fd)
            cmap = TTFont(io.BytesIO(program.get_object().get_data())).getBestCmap() or {}
            out[str(font["/BaseFont"])] = set(cmap)
    return out


@pytest.mark.slow
def test_every_character_of_the_japanese_pdf_is_in_an_embedded_font(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "ja.pdf"
    result = run(runner, ["report", str(Y25), "--lang", "ja", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    cmaps = _embedded_cmaps(data)
    assert any("Noto-Sans-CJK-JP" in name for name in cmaps)  # the fonts-noto-cjk face, embedded
    covered = set().union(*cmaps.values())
    import io

    import pypdf

    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    drawn = {ch for ch in text if not ch.isspace()}
    assert {ch for ch in drawn if ord(ch) not in covered} == set()
    for title in ("政府統一の保全区域基準", "TEMPEST機関と脅威評価", "有効なクリアランスのないアクセスの根絶",
                  "物理的保全", "信頼されるパートナー"):
        assert title in text.replace("\n", "")
    # Japanese line breaking (UAX #14, as Pango applies it): no line starts with a closing mark
    starts = {line[0] for page in pypdf.PdfReader(io.BytesIO(data)).pages
              for line in page.extract_text().splitlines() if line}
    assert starts & set("。、」）』】，．：；？！") == set()
