"""The CLI end to end: help, init → validate → score, criteria commands, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
    for name in ("list", "show", "verify", "release"):
        assert f"\n  {name} " in result.output


def test_init_template_validates_as_is(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "new.yaml"
    result = run(runner, ["init", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "catalog: \"fvey@1.1.0\"" in text  # the latest released version
    assert "  # PER-04 No access without a current clearance (gating, weight 5)" in text
    assert "  #   Targets: T1 ≤ 5 · T2 ≤ 2 · T3 ≤ 0 · T4 ≤ 0" in text
    result = run(runner, ["validate", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "1 file valid"
    # refuses to overwrite without --force, and leaves the file alone
    result = run(runner, ["init", "-o", str(out)])
    assert result.exit_code == 2
    assert "exists; use --force" in result.output
    assert out.read_text() == text


def test_validate_reports_all_files_and_exits_2(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(assessment_yaml("ALP-01: {value: true}\n"))
    bad = tmp_path / "bad.yaml"
    bad.write_text(assessment_yaml("ALP-01: {value: maybe}\nZZZ-01: {value: 1}\n"))
    result = run(runner, ["--criteria", str(mini_root), "validate", str(good), str(bad)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines == [
        f"{bad}:8:19: findings.ALP-01.value: expected true or false, found the text 'maybe'",
        f"{bad}:9:3: findings.ZZZ-01: unknown criterion id ZZZ-01 in mini@1.0.0",
        "2 problems in 1 file",
    ]
    assert "Traceback" not in result.output


def test_validate_ok_summary(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(assessment_yaml("ALP-01: {value: true}\nBET-01: {status: not_assessed}\n"))
    result = run(runner, ["--criteria", str(mini_root), "validate", str(good)])
    assert result.exit_code == 0, result.output
    assert result.output == (f"{good}: ok — Testland, as of 2026-06-30, mini@1.0.0, 1 of 6 criteria assessed\n"
                             "1 file valid\n")


def test_score_terminal_summary(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_text(assessment_yaml("ALP-01: {value: true}\nALP-02: {value: 85}\nALP-03: {value: 30}\n"
                                 "ALP-04: {value: basic}\nBET-01: {value: 2}\nBET-02: {value: 15}\n"))
    result = run(runner, ["--criteria", str(mini_root), "score", str(f)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Testland — readiness for sharing with Hostland" in out
    assert "Overall tier: T1 claimed · none verified · T1 strict (N/A counted as unmet)" in out
    assert "Next tier: T2 Two — 2 gaps to close, 1 gating. Unlocks: L2" in out
    assert "BET-01 BET-01 title" in out


def test_score_json_is_complete_and_explains_each_figure(runner: CliRunner, mini_root: Path,
                                                         tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_text(assessment_yaml("ALP-01: {value: true}\n"))
    result = run(runner, ["--criteria", str(mini_root), "score", str(f), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["kind"], data["version"]) == ("roadmap.score", 1)
    assert data["catalog"] == "mini@1.0.0"
    assert len(data["criteria"]) == 6
    assert all(c["rule"] and c["verified_rule"] for c in data["criteria"])
    assert all(d["rule"] for d in data["claimed"]["domains"])
    assert data["sha256"] == __import__("hashlib").sha256(f.read_bytes()).hexdigest()


def test_score_as_of_must_be_a_date(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_text(assessment_yaml("ALP-01: {value: true}\n"))
    result = run(runner, ["--criteria", str(mini_root), "score", str(f), "--as-of", "yesterday"])
    assert result.exit_code == 2
    assert "expected a date YYYY-MM-DD, found 'yesterday'" in result.output


def test_missing_file_and_unknown_catalog(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, ["score", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert result.output == f"{tmp_path / 'nope.yaml'}: file not found\n1 problem in 1 file\n"
    result = run(runner, ["init", "--catalog", "nosuch"])
    assert result.exit_code == 2
    assert result.output.startswith("error: catalog 'nosuch' not found")


def test_criteria_list_and_show(runner: CliRunner) -> None:
    result = run(runner, ["criteria", "list"])
    assert result.exit_code == 0, result.output
    assert "PER-04" in result.output and "GOV-14" in result.output
    result = run(runner, ["criteria", "list", "--json"])
    data = json.loads(result.output)
    assert data["catalog"] == "fvey@1.1.0" and len(data["criteria"]) >= 70  # the latest released version
    result = run(runner, ["criteria", "show", "per-04"])
    assert result.exit_code == 0, result.output
    assert "PER-04 — No access without a current clearance" in result.output
    assert "target T3" in result.output and "basis:" in result.output
    result = run(runner, ["criteria", "show", "PER-99"])
    assert result.exit_code == 2
    assert result.output == "error: no criterion PER-99 in fvey@1.1.0; did you mean PER-09?\n"


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
        "heavy = [m for m in ('weasyprint', 'pygal') if m in sys.modules]\n"
        "print('heavy:', heavy)\n"
    )
    proc = subprocess.run(check=False, args=[sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
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


def test_top_must_not_be_negative_and_ids_may_omit_the_leading_zero(runner: CliRunner, mini_root: Path,
                                                                    tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_text(assessment_yaml("ALP-01: {value: true}\n"))
    result = run(runner, ["--criteria", str(mini_root), "score", str(f), "--top", "-3"])
    assert result.exit_code == 2
    assert "Invalid value for '--top': -3 is not in the range x>=0." in result.output
    result = run(runner, ["criteria", "show", "per-4", "--catalog", "fvey@1.0.0"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("PER-04 — No access without a current clearance")
