"""`roadmap.cli.assess`: init → validate → score, validate's warnings, `--as-of` dates, and the plan's formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.cli.conftest import _assessment, _listing
from tests.conftest import assessment_yaml, run


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


def test_as_of_that_does_not_exist(runner: CliRunner, mini_root: Path, here: Path) -> None:
    f = _assessment(here)
    result = run(runner, ["--criteria", str(mini_root), "score", str(f), "--as-of", "2025-02-30"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == ("Error: Invalid value for '--as-of': expected a real date YYYY-MM-DD, "
                                              "found '2025-02-30' (day is out of range for month)")
    result = run(runner, ["--criteria", str(mini_root), "plan", str(f), "--as-of", "2025-13-01"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1].endswith("found '2025-13-01' (month must be in 1..12)")


# -- validate: warnings ----------------------------------------------------------------------------

WARNED = """\
ALP-01:
  value: true
  evidence:
    - {ref: r1, kind: document, date: 2031-08-09, verification: documented}
BET-01:
  status: exception
  justification: waiting for the law
  approver: the lead
  expires: 2026-01-31
"""


def test_validate_warns_about_what_the_scorer_ignores(runner: CliRunner, mini_root: Path, here: Path) -> None:
    f = _assessment(here, findings=WARNED)
    warnings = [
        f"{f}:11:41: findings.ALP-01.evidence[0].date: warning: dated 2031-08-09, after as_of 2026-06-30; "
        "the scorer does not count it",
        f"{f}:16:14: findings.BET-01.expires: warning: exception expired 2026-01-31, before as_of 2026-06-30; "
        "the scorer counts it as not assessed",
    ]
    ok = f"{f}: ok — Testland, as of 2026-06-30, mini@1.0.0, 1 of 6 criteria assessed, 2 warnings"
    result = run(runner, ["--criteria", str(mini_root), "validate", str(f)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == warnings
    assert result.stdout.splitlines() == [ok, "1 file valid, 2 warnings"]
    result = run(runner, ["--criteria", str(mini_root), "validate", "--strict", str(f)])
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [*warnings, "2 warnings (--strict)"]
    # and the scorer does ignore them
    data = json.loads(run(runner, ["--criteria", str(mini_root), "score", str(f), "--json"]).stdout)
    by_id = {c["id"]: c for c in data["criteria"]}
    assert "dated after 2026-06-30" in by_id["ALP-01"]["verified_rule"]


def test_validate_strict_without_warnings_is_ok(runner: CliRunner, mini_root: Path, here: Path) -> None:
    f = _assessment(here)
    result = run(runner, ["--criteria", str(mini_root), "validate", "--strict", str(f)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "1 file valid"
    assert "warning" in run(runner, ["validate", "--help"]).output


# -- plan: formats ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name, starts", [("plan.yaml", b"# A roadmap plan file"), ("plan.yml", b"# A roadmap plan"),
                                          ("plan.csv", b"\xef\xbb\xbforder,criterion,"), ("plan.json", b'{\n  "kind"'),
                                          ("plan.xlsx", b"PK\x03\x04"), ("plan.txt", b"\xef\xbb\xbforder,")])
def test_plan_format_follows_the_suffix(runner: CliRunner, mini_root: Path, here: Path, name: str,
                                        starts: bytes) -> None:
    a = _assessment(here)
    result = run(runner, ["--criteria", str(mini_root), "plan", str(a), "-o", name])
    assert result.exit_code == 0, result.output
    assert (here / name).read_bytes().startswith(starts)


@pytest.mark.parametrize("args, message", [
    (["--format", "csv", "-o", "plan.yaml"], "error: -o plan.yaml names a yaml file, and --format says csv: give one"),
    (["--json", "--format", "csv"], "error: --json and --format csv: give one"),
])
def test_plan_format_contradictions_are_refused(runner: CliRunner, mini_root: Path, here: Path, args: list[str],
                                                message: str) -> None:
    a = _assessment(here)
    result = run(runner, ["--criteria", str(mini_root), "plan", str(a), *args])
    assert result.exit_code == 2
    assert result.stderr == message + "\n"
    assert _listing(here) == ["a.yaml"]
