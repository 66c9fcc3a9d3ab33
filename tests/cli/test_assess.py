"""`roadmap.cli.assess`: init → validate → score, validate's warnings, `--as-of` dates, and the plan's formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.cli.conftest import _assessment, _listing
from tests.conftest import assessment_yaml, pinned, run


def test_init_template_validates_as_is(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "new.yaml"
    result = run(runner, ["init", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "catalog: \"fvey@2.0.0\"" in text  # the latest released version
    assert "  # PER-04 No access without a current clearance (gating, weight 5)" in text
    assert "  #   4 measures, each needs a value (values:); a tier needs them all:" in text
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
    good.write_text(assessment_yaml("ALP-01: {value: true}\nBET-01: {status: not_assessed}\n", extra=pinned(mini_root)))
    result = run(runner, ["--criteria", str(mini_root), "validate", str(good)])
    assert result.exit_code == 0, result.output
    assert result.output == (f"{good}: ok — Testland, as of 2026-06-30, mini@1.0.0, 1 of 6 criteria assessed\n"
                             "  catalog mini@1.0.0: a draft, not released (nobody has signed it)\n"
                             "  assessment not signed (roadmap sign FILE --key KEY)\n"
                             "1 file valid\n")


def test_validate_warns_about_an_unpinned_catalog(runner: CliRunner, mini_root: Path, here: Path) -> None:
    f = _assessment(here)
    result = run(runner, ["--criteria", str(mini_root), "validate", str(f)])
    assert result.exit_code == 0, result.output
    digest = pinned(mini_root).split('"')[1]
    assert result.stderr.splitlines() == [
        f"{f}:6:10: catalog: warning: no catalog_digest, so this file is scored against whatever the folder of "
        f'mini@1.0.0 holds; pin it: catalog_digest: "{digest}"']
    result = run(runner, ["--criteria", str(mini_root), "validate", "--strict", str(f)])
    assert result.exit_code == 1, result.output  # an error with --strict


def test_score_terminal_summary(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_text(assessment_yaml("ALP-01: {value: true}\nALP-02: {value: 85}\nALP-03: {value: 30}\n"
                                 "ALP-04: {value: basic}\nBET-01: {value: 2}\nBET-02: {value: 15}\n"))
    result = run(runner, ["--criteria", str(mini_root), "score", str(f)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Testland — readiness for sharing with Hostland" in out
    assert "Overall tier: T1 claimed · none verified · T1 strict (N/A counted as unmet)" in out
    assert "Next tier: T2 Two. Unlocks: L2" in out
    assert "2 gaps to T2: 1 gating (below), 1 other (listed in Gaps)." in out
    assert "BET-01 BET-01 title" in out
    # the brief first, in the report's order; then the details
    order = ["Overall tier:", "Next tier:", "What the host owes", "What moves the verified tier soonest",
             "Gaps to T2, gating first"]
    assert [out.index(x) for x in order] == sorted(out.index(x) for x in order)


def test_score_previous_says_what_changed(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(assessment_yaml("ALP-01: {value: true}\n", as_of="2025-06-30"))
    new.write_text(assessment_yaml("ALP-01: {value: true}\nALP-02: {value: 85}\n"))
    result = run(runner, ["--criteria", str(mini_root), "score", str(new), "--previous", str(old)])
    assert result.exit_code == 0, result.output
    assert "Since the last round (2025-06-30)" in result.output
    assert "Overall: claimed " in result.output
    backwards = run(runner, ["--criteria", str(mini_root), "score", str(old), "--previous", str(new)])
    assert backwards.exit_code == 2
    assert "give the earlier round first" in backwards.output
    as_json = run(runner, ["--criteria", str(mini_root), "score", str(new), "--previous", str(old), "--json"])
    assert as_json.exit_code == 2
    assert "--previous adds to the terminal summary" in as_json.output


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
    f = _assessment(here, findings=WARNED, extra=pinned(mini_root))
    warnings = [
        f"{f}:12:41: findings.ALP-01.evidence[0].date: warning: dated 2031-08-09, after as_of 2026-06-30; "
        "the scorer does not count it",
        f"{f}:17:14: findings.BET-01.expires: warning: exception expired 2026-01-31, before as_of 2026-06-30; "
        "the scorer counts it as not assessed",
    ]
    ok = f"{f}: ok — Testland, as of 2026-06-30, mini@1.0.0, 1 of 6 criteria assessed, 2 warnings"
    result = run(runner, ["--criteria", str(mini_root), "validate", str(f)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == warnings
    assert result.stdout.splitlines() == [ok, "  catalog mini@1.0.0: a draft, not released (nobody has signed it)",
                                          "  assessment not signed (roadmap sign FILE --key KEY)",
                                          "1 file valid, 2 warnings"]
    result = run(runner, ["--criteria", str(mini_root), "validate", "--strict", str(f)])
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [*warnings, "2 warnings (--strict)"]
    # and the scorer does ignore them
    data = json.loads(run(runner, ["--criteria", str(mini_root), "score", str(f), "--json"]).stdout)
    by_id = {c["id"]: c for c in data["criteria"]}
    assert "dated after 2026-06-30" in by_id["ALP-01"]["verified_rule"]


def test_validate_strict_without_warnings_is_ok(runner: CliRunner, mini_root: Path, here: Path) -> None:
    f = _assessment(here, extra=pinned(mini_root))
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
