"""What rendering may read (roadmap.report.fetch): nothing outside the template folders, no network,
no data: URI the report did not generate; a standalone HTML report references nothing at all."""

from __future__ import annotations

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
