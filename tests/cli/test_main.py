"""`roadmap.cli`: the tree of commands and its help, and `main`, where every outcome becomes an exit
code; heavy modules stay unimported until a command needs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import REPO, assessment_yaml, run


def test_help_lists_every_command_with_a_description(runner: CliRunner) -> None:
    result = run(runner, ["--help"])
    assert result.exit_code == 0, result.output
    commands = result.output.split("Commands:")[1]
    for name in ("init", "validate", "score", "criteria"):
        line = next(x for x in commands.splitlines() if x.strip().startswith(name + " "))
        assert len(line.split(None, 1)[1]) > 10, line
    result = run(runner, ["criteria", "--help"])
    for name in ("list", "show", "verify", "release", "sign"):
        assert f"\n  {name} " in result.output


def test_help_text(runner: CliRunner) -> None:
    result = run(runner, ["criteria", "--help"])
    assert "List, show, diff, verify, release and sign criteria catalogs." in result.output
    result = run(runner, ["schema", "--help"])
    assert result.output.splitlines()[0] == ("Usage: roadmap schema [OPTIONS] "
                                             "{assessment|catalog|catalog-domain|profile}")
    result = run(runner, ["schema"])
    assert (result.exit_code, result.output) == (
        2, "error: give a schema: assessment, catalog, catalog-domain or profile\n")


def test_missing_file_and_unknown_catalog(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, ["score", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert result.output == f"{tmp_path / 'nope.yaml'}: file not found\n1 problem in 1 file\n"
    result = run(runner, ["init", "--catalog", "nosuch"])
    assert result.exit_code == 2
    assert result.output.startswith("error: catalog 'nosuch' not found")


def test_criteria_folder_that_does_not_exist(runner: CliRunner, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "nonexistent"
    result = run(runner, ["--criteria", str(missing), "criteria", "list"])
    assert (result.exit_code, result.output) == (2, f"error: --criteria {missing}: no such folder\n")
    monkeypatch.setenv("ROADMAP_CRITERIA_DIR", str(missing))
    result = run(runner, ["init"])
    assert (result.exit_code, result.output) == (2, f"error: ROADMAP_CRITERIA_DIR {missing}: no such folder\n")


def test_score_and_validate_do_not_import_weasyprint(tmp_path: Path) -> None:
    out = tmp_path / "t.yaml"
    code = (
        "import sys\n"
        "from roadmap.cli import main\n"
        f"for args in (['init', '-o', {str(out)!r}], ['validate', {str(out)!r}], ['score', {str(out)!r}]):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as e:\n"
        "        assert e.code == 0, (args, e.code)\n"
        "heavy = [m for m in ('weasyprint', 'pygal', 'importlib.metadata', 'email') if m in sys.modules]\n"
        "print('heavy:', heavy)\n"
    )
    proc = subprocess.run(check=False, args=[sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("heavy: []")


def test_internal_errors_exit_3_without_traceback(monkeypatch, runner: CliRunner, mini_root: Path,  # type: ignore[no-untyped-def]
                                                  tmp_path: Path) -> None:
    import roadmap.engine.scoring

    def boom(*_a: object, **_k: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(roadmap.engine.scoring, "score", boom)
    f = tmp_path / "a.yaml"
    f.write_text(assessment_yaml("ALP-01: {value: true}\n"))
    result = run(runner, ["--criteria", str(mini_root), "score", str(f)])
    assert result.exit_code == 3
    assert result.output.splitlines()[0] == "internal error: ZeroDivisionError: division by zero"
    assert "Traceback" not in result.output
