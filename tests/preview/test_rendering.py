"""The preview renders what `roadmap report` renders, and says what stops it, one line a problem."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from roadmap.load.assessments import load_assessment
from roadmap.load.catalogs import criteria_root
from roadmap.load.translations import read_in
from roadmap.load.trust import STRICT
from roadmap.preview.rendering import Refused, Rendered, Renderer
from roadmap.report.batch import Task, render_report
from roadmap.report.render import template_folders
from tests.preview.helpers import TITLE, edited, example_copy, save


def _renderer(file: Path, templates: Path | None = None) -> Renderer:
    return Renderer(file, root=criteria_root(), folders=template_folders(templates), display=file.name)


def test_html_is_the_reports_own(tmp_path: Path) -> None:
    file = example_copy(tmp_path)
    outcome = _renderer(file).render()
    assert isinstance(outcome, Rendered)
    la = load_assessment(file, file.name, criteria_root())
    assert outcome.html.encode() == render_report(Task(la), "html", template_folders(None))
    assert f"<title>{TITLE}</title>" in outcome.html


def test_pdf_source_is_the_reports_own(tmp_path: Path) -> None:
    # The PDF the preview writes is made from this source: it must be the one `roadmap report` makes.
    from roadmap import __version__
    from roadmap.engine.scoring import score
    from roadmap.report.context import build_context
    from roadmap.report.render import pdf_source

    file = example_copy(tmp_path)
    outcome = _renderer(file).render()
    assert isinstance(outcome, Rendered)
    la = load_assessment(file, file.name, criteria_root())
    ctx = build_context(la, score(la.catalog, la.assessment), tool_version=__version__)
    # The preview leaves the fonts' check to its PDF worker (`render.pdf_from` checks a source not
    # checked yet), so that its HTML page shows even where the PDF's fonts are missing.
    assert outcome.pdf == pdf_source(ctx, template_folders(None))._replace(fonts_checked=False)


def test_the_assessments_language_is_the_previews(tmp_path: Path) -> None:
    # lang: ja in the file: the preview shows the report in Japanese, as `roadmap report` would
    file = example_copy(tmp_path)
    save(file, edited(file, 'marking: "UNCLASSIFIED//FOR TRAINING"',
                      'marking: "UNCLASSIFIED//FOR TRAINING"\nlang: ja'))
    outcome = _renderer(file).render()
    assert isinstance(outcome, Rendered)
    assert '<html lang="ja">' in outcome.html and "政府統一の保全区域基準" in outcome.html
    la = load_assessment(file, file.name, criteria_root())
    in_japanese = replace(la, catalog=read_in(criteria_root(), la.catalog, "ja", STRICT))
    assert outcome.html.encode() == render_report(Task(in_japanese, lang="ja"), "html", template_folders(None))


def test_problems_one_line_each_file_line_col(tmp_path: Path) -> None:
    file = example_copy(tmp_path)
    save(file, edited(file, "as_of: 2025-09-30", "as_of: 2025-13-30").replace('partner: "Japan"', "partner: [1]"))
    outcome = _renderer(file).render()
    assert isinstance(outcome, Refused)
    assert outcome.problems == (
        "japan-2025.yaml:12:10: partner: expected text, found a list",
        "japan-2025.yaml:26:8: as_of: invalid date 2025-13-30: month must be in 1..12",
    )


def test_a_mended_file_renders_again(tmp_path: Path) -> None:
    file = example_copy(tmp_path)
    renderer = _renderer(file)
    good = file.read_text()
    save(file, good.replace("as_of: 2025-09-30", "as_of: soon"))
    assert isinstance(renderer.render(), Refused)
    save(file, good.replace('partner: "Japan"', 'partner: "Japan (edited)"'))
    outcome = renderer.render()
    assert isinstance(outcome, Rendered)
    assert "Japan (edited)" in outcome.html


@pytest.mark.slow  # seconds by design: renders after each template edit
def test_template_edits_are_seen_though_templates_are_kept(tmp_path: Path) -> None:
    file = example_copy(tmp_path)
    templates = tmp_path / "templates"
    templates.mkdir()
    renderer = _renderer(file, templates)
    first = renderer.render()
    assert isinstance(first, Rendered)
    cover = templates / "_cover.html.j2"
    cover.write_text('<section class="cover"><h1>Our own cover: {{ cover.partner }}</h1></section>\n')
    second = renderer.render()
    assert isinstance(second, Rendered)
    assert "Our own cover: Japan" in second.html
    cover.write_text('<section class="cover"><h1>Edited cover: {{ cover.partner }}</h1></section>\n')
    os.utime(cover, ns=(time.time_ns(), time.time_ns() + 1_000_000_000))  # another mtime, even on a coarse clock
    third = renderer.render()
    assert isinstance(third, Rendered)
    assert "Edited cover: Japan" in third.html and "Our own cover" not in third.html
    cover.unlink()
    fourth = renderer.render()
    assert isinstance(fourth, Rendered)
    assert fourth.html == first.html


def test_a_broken_user_template_is_a_problem_with_its_place(tmp_path: Path) -> None:
    file = example_copy(tmp_path)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "_cover.html.j2").write_text("<h1>{{ cover.partner }</h1>\n")
    outcome = _renderer(file, templates).render()
    assert isinstance(outcome, Refused)
    (line,) = outcome.problems
    assert line.startswith("error: ") and "_cover.html.j2:1: template syntax error" in line


def test_a_script_in_a_user_template_is_refused(tmp_path: Path) -> None:
    # The page's only script is the preview's own: the report's HTML may hold none.
    file = example_copy(tmp_path)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "_cover.html.j2").write_text("<script>alert(1)</script>\n")
    outcome = _renderer(file, templates).render()
    assert outcome == Refused(("error: refused: a standalone HTML report may hold no <script> element (it would "
                               "run code or load another document)",))
