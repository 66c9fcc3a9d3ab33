"""`roadmap.cli.report`: errors in the user's own templates are input errors (exit 2), errors in the
bundled ones stay internal (exit 3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.cli.conftest import _assessment, _listing
from tests.conftest import run


def test_error_in_a_user_template_is_an_input_error(runner: CliRunner, mini_root: Path, here: Path) -> None:
    a = _assessment(here)
    tpl = here / "tpl"
    tpl.mkdir()
    (tpl / "report.html.j2").write_text("<html>\n<body>\n{{ 1/0 }}\n</body></html>\n")
    result = run(runner, ["--criteria", str(mini_root), "report", str(a), "--format", "html", "--templates", "tpl",
                          "-o", "out.html"])
    assert result.exit_code == 2
    assert result.output == "error: tpl/report.html.j2:3: template error: division by zero\n"
    (tpl / "report.html.j2").write_text("{% include '_part.html.j2' %}\n")
    (tpl / "_part.html.j2").write_text("one\n{{ cover.partner.nope() }}\n")
    result = run(runner, ["--criteria", str(mini_root), "report", str(a), "--format", "html", "--templates", "tpl",
                          "-o", "out.html"])
    assert result.exit_code == 2
    assert result.output.startswith("error: tpl/_part.html.j2:2: template error: ")
    assert _listing(here) == ["a.yaml", "tpl"]


def test_error_in_a_bundled_template_stays_internal(monkeypatch: pytest.MonkeyPatch, runner: CliRunner,
                                                    mini_root: Path, here: Path) -> None:
    from roadmap.report import render

    bundled = here / "bundled"
    bundled.mkdir()
    (bundled / "report.html.j2").write_text("{{ 1/0 }}\n")
    monkeypatch.setattr(render, "bundled_templates", lambda: bundled)
    a = _assessment(here)
    result = run(runner, ["--criteria", str(mini_root), "report", str(a), "--format", "html", "-o", "out.html"])
    assert result.exit_code == 3
    assert result.output.splitlines()[0] == "internal error: ZeroDivisionError: division by zero"


def test_error_through_a_bundled_partial_is_the_user_templates(runner: CliRunner, mini_root: Path,
                                                              here: Path) -> None:
    a = _assessment(here)
    tpl = here / "tpl"
    tpl.mkdir()
    (tpl / "report.html.j2").write_text('{% set gaps = {"tier": {"id": 1, "name": "x"}, "rows": 5, "rule": "r"} %}\n'
                                        '{% include "_gaps.html.j2" %}\n')
    result = run(runner, ["--criteria", str(mini_root), "report", str(a), "--format", "html", "--templates", "tpl",
                          "-o", "out.html"])
    assert result.exit_code == 2, result.output
    assert result.output == "error: tpl/report.html.j2:2: template error: object of type 'int' has no len()\n"
