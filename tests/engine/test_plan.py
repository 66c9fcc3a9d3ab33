"""`roadmap plan`: the remediation plan to the next tier, checked row by row on the mini catalog.

Hand computation (mini catalog, threshold rule 75 %), every criterion at T1, overall T1, next T2:
- alpha: no gating gap (ALP-01 true meets T3). Non-gating weight 4 (ALP-02 2, ALP-03 1, ALP-04 1),
  none at T2; heaviest first, then closest: ALP-02 (60 vs 80: distance 0.25) → 2/4; then ALP-04
  (none vs basic: 1/3) before ALP-03 (48 h vs 24 h: 0.5) → 3/4 = 75 %: stop.
- beta: gating BET-01 (2 vs 3: distance 1/3, priority 2 × 1/3); BET-02 (15 vs 20: 0.25) alone
  carries the non-gating weight.
Order: gating first (BET-01), then weight × distance: ALP-02 0.5, ALP-04 0.3333, BET-02 0.25.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap.present.plan_csv import COLUMNS
from tests.conftest import assessment_yaml, run

FINDINGS = """\
ALP-01: {value: true}
ALP-02: {value: 60}
ALP-03: {value: 48}
ALP-04: {value: none}
BET-01: {value: 2}
BET-02: {value: 15}
"""

HEADER = ("order,criterion,title,domain,domain_name,gating,weight,status,current_tier,target_tier,"
          "current,target,gap,remediation,owner,due,state,notes,since,held_back_by")
ROWS = [
    "1,BET-01,BET-01 title,beta,Beta,yes,2,assessed,T1,T2,2,≥ 3,2 → ≥ 3,fix BET-01,,,open,,,",
    "2,ALP-02,ALP-02 title,alpha,Alpha,no,2,assessed,T1,T2,60%,≥ 80%,60% → ≥ 80%,fix ALP-02,,,open,,,",
    "3,ALP-04,ALP-04 title,alpha,Alpha,no,1,assessed,T1,T2,none,≥ basic,none → ≥ basic,fix ALP-04,,,open,,,",
    "4,BET-02,BET-02 title,beta,Beta,no,1,assessed,T1,T2,15%,≥ 20%,15% → ≥ 20%,fix BET-02,,,open,,,",
]
#: The byte-order mark every CSV plan starts with (a spreadsheet then reads it as UTF-8).
BOM = "\ufeff"


@pytest.fixture
def assessment(tmp_path: Path) -> Path:
    path = tmp_path / "a.yaml"
    path.write_text(assessment_yaml(FINDINGS))
    return path


def test_plan_csv_exact(runner: CliRunner, mini_root: Path, assessment: Path) -> None:
    result = run(runner, ["--criteria", str(mini_root), "plan", str(assessment)])
    assert result.exit_code == 0, result.output
    # RFC 4180 line ends (click's result.output would turn them into \n), after a UTF-8 byte-order mark
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    assert result.stdout_bytes.decode().split("\r\n") == [BOM + HEADER, *ROWS, ""]
    assert HEADER.split(",") == list(COLUMNS)


def test_plan_json(runner: CliRunner, mini_root: Path, assessment: Path) -> None:
    result = run(runner, ["--criteria", str(mini_root), "plan", "--format", "json", str(assessment)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert set(doc) == {"kind", "version", "tool", "file", "sha256", "catalog", "partner", "scope", "host", "as_of",
                        "current_tier", "target_tier", "rule", "items", "previous", "previous_as_of", "closed",
                        "carry_rule"}
    assert (doc["kind"], doc["version"], doc["catalog"]) == ("roadmap.plan", 1, "mini@1.0.0")
    assert (doc["current_tier"], doc["target_tier"], doc["as_of"]) == ("T1", "T2", "2026-06-30")
    assert [(i["order"], i["criterion"], i["value"], i["target_value"], i["priority"]) for i in doc["items"]] == [
        (1, "BET-01", 2, 3, 0.6667), (2, "ALP-02", 60, 80, 0.5), (3, "ALP-04", "none", "basic", 0.3333),
        (4, "BET-02", 15, 20, 0.25)]
    assert set(doc["items"][0]) == {
        "order", "criterion", "title", "domain", "domain_name", "gating", "weight", "status", "current_tier",
        "target_tier", "value", "target_value", "current", "target", "gap", "distance", "priority",
        "remediation", "owner", "due", "state", "notes", "since", "held_back_by"}
    assert doc["items"][0]["owner"] is None and doc["items"][0]["due"] is None
    assert (doc["items"][0]["state"], doc["items"][0]["since"], doc["closed"]) == ("open", None, [])
    # --json is the same as --format json
    again = run(runner, ["--criteria", str(mini_root), "plan", "--json", str(assessment)])
    assert again.output == result.output


def test_plan_to_file(runner: CliRunner, mini_root: Path, assessment: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "plan.csv"
    result = run(runner, ["--criteria", str(mini_root), "plan", str(assessment), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}: 4 items to reach T2" in result.output
    with out.open(newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == list(COLUMNS)
    assert [r[1] for r in rows[1:]] == ["BET-01", "ALP-02", "ALP-04", "BET-02"]


def test_plan_not_assessed_and_top_tier(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text(assessment_yaml("ALP-01: {value: true}\n"))
    result = run(runner, ["--criteria", str(mini_root), "plan", str(path)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output.removeprefix(BOM))))
    # ALP-04 has no T1 target, so it counts at T1 even unassessed: 1/4 + ALP-02's 2/4 reach 75 %
    assert [r["criterion"] for r in rows] == ["BET-01", "ALP-02", "BET-02"]
    assert rows[0]["current"] == "not assessed" and rows[0]["gap"] == "not assessed → ≥ 1"
    top = tmp_path / "top.yaml"
    top.write_text(assessment_yaml("ALP-01: {value: true}\nALP-02: {value: 95}\nALP-03: {value: 4}\n"
                                   "ALP-04: {value: full}\nBET-01: {value: 5}\nBET-02: {value: 30}\n"))
    result = run(runner, ["--criteria", str(mini_root), "plan", str(top)])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.decode() == BOM + HEADER + "\r\n"
    result = run(runner, ["--criteria", str(mini_root), "plan", "--json", str(top)])
    doc = json.loads(result.output)
    assert doc["target_tier"] is None and doc["items"] == [] and doc["current_tier"] == "T3"


def test_plan_bad_input_exits_2(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(assessment_yaml("ALP-01: {value: maybe}\n"))
    result = run(runner, ["--criteria", str(mini_root), "plan", str(path)])
    assert result.exit_code == 2
    assert "findings.ALP-01.value: expected true or false, found the text 'maybe'" in result.output
    result = run(runner, ["--criteria", str(mini_root), "plan", "--format", "xml", str(path)])
    assert result.exit_code == 2
