"""What rendering may read (roadmap.report.fetch): nothing outside the template folders, no network,
no data: URI the report did not generate; a standalone HTML report references nothing at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import run
from tests.report.helpers import write_assessment


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
    src = write_assessment(tmp_path, "a.yaml")
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
    src = write_assessment(tmp_path, "a.yaml")
    result = run(runner, ["--criteria", str(mini_root), "report", str(src), "--templates", str(org),
                          "--format", "html", "-o", str(tmp_path / "a.html")])
    assert result.exit_code == 2, result.output
    assert "refused to reference http://example.com/t.png" in result.output
    assert not (tmp_path / "a.html").exists()


# -- the user's template folder: links, hard links, special files -------------------------------------

def _report(tmp_path: Path, mini_root: Path, runner: CliRunner, org: Path, fmt: str = "pdf") -> tuple[object, Path]:
    src = write_assessment(tmp_path, "a.yaml")
    out = tmp_path / f"a.{fmt}"
    result = run(runner, ["--criteria", str(mini_root), "report", str(src), "--templates", str(org), "--format", fmt,
                          "-o", str(out)])
    return result, out


@pytest.fixture
def org(tmp_path: Path) -> Path:
    folder = tmp_path / "org"
    folder.mkdir()
    return folder


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text("TOP SECRET CONTENT that must not reach a report\n")
    return path


def test_a_hard_link_to_a_file_outside_is_refused(tmp_path: Path, mini_root: Path, runner: CliRunner, org: Path,
                                                  secret: Path) -> None:
    """Issue 16: a hard link in the template folder to a file outside it was embedded as an attachment."""
    os.link(secret, org / "notes.txt")
    (org / "_provenance.html.j2").write_text('<section><h1>P</h1><link rel="attachment" href="notes.txt"></section>')
    result, out = _report(tmp_path, mini_root, runner, org)
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert result.output == (  # type: ignore[attr-defined]
        f"error: refused to read file://{org}/notes.txt: it has 2 hard links, and a hard link can make a file "
        "outside the template folder look like one inside it; copy it instead\n")
    assert not out.exists()


@pytest.mark.parametrize("kind", ["hard link", "fifo", "link out"])
def test_a_template_that_is_not_a_plain_file_of_the_folder_is_refused(kind: str, tmp_path: Path, mini_root: Path,
                                                                      runner: CliRunner, org: Path,
                                                                      secret: Path) -> None:
    template = org / "_provenance.html.j2"
    if kind == "hard link":
        os.link(secret, template)
    elif kind == "fifo":
        os.mkfifo(template)
    else:
        template.symlink_to(secret)
    result, out = _report(tmp_path, mini_root, runner, org, "html")
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    why = {"hard link": "it has 2 hard links", "fifo": "not a regular file", "link out": ""}[kind]
    if why:
        assert f"error: refused to read template _provenance.html.j2 ({template}): {why}" in result.output  # type: ignore[attr-defined]
    else:
        assert result.output == (  # type: ignore[attr-defined]
            f"error: template _provenance.html.j2: {os.path.realpath(org)}/_provenance.html.j2 leads outside the "
            "template folders\n")
    assert "TOP SECRET CONTENT" not in result.output and not out.exists()  # type: ignore[attr-defined]


def test_a_fifo_as_a_stylesheet_is_refused_at_once(tmp_path: Path, mini_root: Path, runner: CliRunner,
                                                   org: Path) -> None:
    os.mkfifo(org / "x.css")
    (org / "_provenance.html.j2").write_text('<section><h1>P</h1><link rel="stylesheet" href="x.css"></section>')
    result, _out = _report(tmp_path, mini_root, runner, org)
    assert result.output == f"error: refused to read file://{org}/x.css: not a regular file\n"  # type: ignore[attr-defined]


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_an_svg_image_whose_own_image_is_refused_fails_the_report(tmp_path: Path, mini_root: Path,
                                                                 runner: CliRunner, org: Path) -> None:
    """Issue 16: WeasyPrint catches what the fetcher raises inside an SVG image and leaves it out;
    the report said nothing. Now the refusal is the report's error."""
    (org / "pic.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
                                 'width="10" height="10"><image xlink:href="file:///etc/passwd" width="10" '
                                 'height="10"/></svg>')
    (org / "_provenance.html.j2").write_text('<section><h1>P</h1><img src="pic.svg" alt="a picture"></section>')
    result, out = _report(tmp_path, mini_root, runner, org)
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert result.output.startswith("error: refused to read file:///etc/passwd: only files inside the template ")  # type: ignore[attr-defined]
    assert not out.exists()


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_an_image_that_does_not_decode_fails_the_report(tmp_path: Path, mini_root: Path, runner: CliRunner,
                                                       org: Path) -> None:
    (org / "x.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    (org / "_provenance.html.j2").write_text('<section><h1>P</h1><img src="x.png" alt="logo"></section>')
    result, _out = _report(tmp_path, mini_root, runner, org)
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert result.output == f"error: template resource: Failed to load image at 'file://{org}/x.png'\n"  # type: ignore[attr-defined]


# -- a standalone HTML report loads nothing: the nine bypasses of issue 16, and their kin --------------

BYPASSES = {
    "css-escape": ('<div style="background:\\75 rl(http://evil.example/x.png)">x</div>',
                   "refused to reference http://evil.example/x.png in a standalone HTML report (<div style>)"),
    "import-comment": ('<style>@import/**/"http://evil.example/a.css";</style>',
                       "refused: @import in a standalone HTML report (<style>): it may load no stylesheet"),
    "image-set": ('<div style=\'background-image:image-set("http://evil.example/x.png" 1x)\'>x</div>',
                  "refused to reference http://evil.example/x.png in a standalone HTML report "
                  "(<div style> image-set())"),
    "onload": ('<svg onload="fetch(\'http://evil.example/\')"></svg>',
               "refused: <svg onload>: a standalone HTML report may hold no scripts or event handlers"),
    "meta-refresh": ('<meta http-equiv="refresh" content="0;url=http://evil.example/">',
                     'refused: <meta http-equiv="refresh">: a standalone HTML report may not redirect or set headers'),
    "body-background": ('<body background="http://evil.example/bg.png">',
                        "refused to reference http://evil.example/bg.png in a standalone HTML report "
                        "(<body background>)"),
    "iframe-srcdoc": ('<iframe srcdoc="&lt;img src=http://evil.example/x&gt;"></iframe>',
                      "refused: a standalone HTML report may hold no <iframe> element"),
    "feimage": ('<svg><filter id="f"><feImage href="http://evil.example/x.png"/></filter></svg>',
                "refused to reference http://evil.example/x.png in a standalone HTML report (<feImage href>)"),
    "javascript-link": ('<a href="jav&#x09;ascript:alert(1)">x</a>',
                        "refused the link javascript:alert(1) (<a href>) in a standalone HTML report"),
    "xlink-href": ('<svg><image xlink:href="file:///etc/passwd"/></svg>',
                   "refused to reference file:///etc/passwd in a standalone HTML report (<image href>)"),
    "url-function-quoted": ("<style>p { background: URL( 'http://evil.example/x' ) }</style>",
                            "refused to reference http://evil.example/x in a standalone HTML report (<style> url())"),
    "image-set-var": ("<style>:root{--u:'http://evil.example/x'} p{background:image-set(var(--u) 1x)}</style>",
                      "refused: image-set(var(...)) in a standalone HTML report (<style>)"),
    "svg-fill-url": ('<svg><rect fill="url(http://evil.example/p.svg#x)"/></svg>',
                     "refused to reference http://evil.example/p.svg#x in a standalone HTML report (<rect fill>)"),
    "srcset": ('<img alt="" srcset="data:image/png;base64,AA 1x, http://evil.example/2.png 2x">',
               "refused to read data:image/png;base64,AA: only images the report generates"),
    "srcset-after-data": ('<img alt="" srcset="{{ charts[0].data_uri }} 1x,http://evil.example/2.png 2x">',
                          "refused to reference http://evil.example/2.png in a standalone HTML report (<img srcset>)"),
    "object": ('<object data="http://evil.example/x.swf"></object>',
               "refused: a standalone HTML report may hold no <object> element"),
    "base": ('<base href="http://evil.example/">', "refused: a standalone HTML report may hold no <base> element"),
    "svg-animate": ('<svg><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>',
                    "refused: a standalone HTML report may hold no <set> element"),
}


@pytest.mark.parametrize("name", sorted(BYPASSES))
def test_standalone_html_refuses(name: str, tmp_path: Path, mini_root: Path, runner: CliRunner, org: Path) -> None:
    markup, message = BYPASSES[name]
    (org / "_provenance.html.j2").write_text(f"<section><h1>P</h1>{markup}</section>")
    result, out = _report(tmp_path, mini_root, runner, org, "html")
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert result.output.startswith(f"error: {message}"), result.output  # type: ignore[attr-defined]
    assert not out.exists()


def test_standalone_html_allows_fragments_and_web_links(tmp_path: Path, mini_root: Path, runner: CliRunner,
                                                         org: Path) -> None:
    (org / "_provenance.html.j2").write_text(
        '<section><h1>P</h1><a href="#cover">top</a> <a href="https://example.com/icd-705">ICD 705</a> '
        '<a href="mailto:assessors@example.com">mail</a><svg><rect fill="url(#grad)"/></svg>'
        '<p style="color: rgb(0, 0, 0); content: \'(x)\'">x</p></section>')
    result, out = _report(tmp_path, mini_root, runner, org, "html")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert 'href="https://example.com/icd-705"' in out.read_text()


def test_a_pdf_carries_no_javascript_link(tmp_path: Path, mini_root: Path, runner: CliRunner, org: Path) -> None:
    (org / "_provenance.html.j2").write_text('<section><h1>P</h1><a href=" JavaScript:alert(1)">x</a></section>')
    result, out = _report(tmp_path, mini_root, runner, org)
    assert result.output == ("error: refused the link JavaScript:alert(1) (<a href>) in a report: a link may be a "  # type: ignore[attr-defined]
                             "fragment (#...) or an http(s) or mailto URL\n")
    assert not out.exists()


def test_the_bundled_templates_make_standalone_html() -> None:
    # `roadmap report --format html` parses the HTML only when user templates take part
    # (render.user_templates): the bundled ones must pass the same check, as here, on every example.
    from roadmap import __version__
    from roadmap.engine.scoring import score
    from roadmap.load.assessments import load_assessment
    from roadmap.report import render
    from roadmap.report.context import build_context
    from roadmap.report.fetch import check_standalone_html
    from tests.conftest import EXAMPLES

    folders = render.template_folders(None)
    assert not render.user_templates(folders)
    for path in sorted(EXAMPLES.glob("*.yaml")):
        la = load_assessment(path, path.name)
        ctx = build_context(la, score(la.catalog, la.assessment), tool_version=__version__)
        check_standalone_html(render.render_html(ctx, folders), render.policy(ctx, folders))
