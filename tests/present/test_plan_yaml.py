"""The plan file (roadmap.present.plan_yaml): written by `plan -o plan.yaml`, read back as it was
written by the strict loader, whatever the text in it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap.load.plans import load_plan
from tests.conftest import EXAMPLES, REPO, assessment_yaml, run
from tests.engine.test_plan import FINDINGS


def test_a_written_plan_reads_back(tmp_path: Path, mini_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text(assessment_yaml(FINDINGS))
    result = run(CliRunner(), ["--criteria", str(mini_root), "plan", "a.yaml", "-o", "plan.yaml"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "wrote plan.yaml: 4 items to reach T2\n"
    text = Path("plan.yaml").read_text()
    assert text.startswith("# A roadmap plan file: the remediation plan of the assessment named below")
    assert "\nassessment: a.yaml\n" in text and "\n  owner: ''\n  due: null\n  state: open\n  notes: ''\n" in text
    plan = load_plan(Path("plan.yaml"), "plan.yaml", mini_root).plan
    assert (plan.partner, plan.host, plan.catalog, plan.as_of) == ("Testland", "Hostland", "mini@1.0.0",
                                                                  dt.date(2026, 6, 30))
    assert [(i.order, i.criterion, i.target_tier, i.gap) for i in plan.items] == [
        (1, "BET-01", "T2", "2 → ≥ 3"), (2, "ALP-02", "T2", "60% → ≥ 80%"), (3, "ALP-04", "T2", "none → ≥ basic"),
        (4, "BET-02", "T2", "15% → ≥ 20%")]


@pytest.mark.parametrize("owner, notes", [
    ("no", "yes"), ("1.10", "2026-01-01"), ("=SUM(A1)", "- not a list"), ("# not a comment", "key: value"),
    ("Ministry of Defence — 防衛省", "line one\nline two"), ("'quoted'", '"double"'),
])
def test_owner_and_notes_come_back_as_written(tmp_path: Path, mini_root: Path, monkeypatch: pytest.MonkeyPatch,
                                              owner: str, notes: str) -> None:
    """What a person writes in a plan carries to the next one unchanged, however it would read as YAML."""
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text(assessment_yaml(FINDINGS))
    Path("b.yaml").write_text(assessment_yaml(FINDINGS, as_of="2026-12-31"))
    assert run(CliRunner(), ["--criteria", str(mini_root), "plan", "a.yaml", "-o", "p1.yaml"]).exit_code == 0
    import yaml

    data = yaml.safe_load(Path("p1.yaml").read_text())
    data["items"][0].update(owner=owner, notes=notes, due=dt.date(2026, 9, 30), state="blocked")
    Path("p1.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    result = run(CliRunner(), ["--criteria", str(mini_root), "plan", "b.yaml", "--previous", "p1.yaml",
                               "-o", "p2.yaml"])
    assert result.exit_code == 0, result.output
    item = load_plan(Path("p2.yaml"), "p2.yaml", mini_root).plan.items[0]
    assert (item.owner, item.notes, item.due, item.state, item.since) == (owner, notes, dt.date(2026, 9, 30),
                                                                          "blocked", "overdue")


def test_the_example_plans_carry_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    out = tmp_path / "plan-2026.yaml"
    result = run(CliRunner(), ["plan", "examples/japan-2026.yaml", "--previous", "examples/plans/japan-2025-plan.yaml",
                               "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"wrote {out}: 52 items to reach T2",
        "since examples/plans/japan-2025-plan.yaml: 51 carried (4 overdue), 1 new; 0 closed",
        "reported done in examples/plans/japan-2025-plan.yaml but still gaps: PER-04"]
    plan = load_plan(out, "plan-2026.yaml", REPO / "criteria").plan
    items = {i.criterion: i for i in plan.items}
    # COM-08 was due 2026-03-31, before round 3's as-of (2026-06-30), and is still a gap: it slipped
    assert (items["COM-08"].since, items["COM-08"].owner, items["COM-08"].due) == (
        "overdue", "MOD TEMPEST office (fictional)", dt.date(2026, 3, 31))
    assert items["COM-17"].since == "new"  # a criterion fvey 1.1.0 added
    assert plan.previous == "examples/plans/japan-2025-plan.yaml"
    # round 1's plan against round 2: all seven items to T1 met
    result = run(CliRunner(), ["plan", str(EXAMPLES / "japan-2025.yaml"), "--previous",
                               "examples/plans/japan-2024-plan.yaml", "--json"])
    import json

    doc = json.loads(result.stdout)
    assert [(c["criterion"], c["why"]) for c in doc["closed"]] == [
        ("GOV-06", "met"), ("PER-04", "met"), ("CYB-12", "met"), ("GOV-01", "met"), ("CYB-01", "met"),
        ("PER-01", "met"), ("CYB-16", "met")]


def test_items_that_only_left_the_gaps_are_not_counted_as_met(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A newcomer's review: against japan-2027 (fvey 2.0.0, the tier fell) the 2025 plan's T2 items
    left the gaps to the next tier (now T1), and were said as '47 items closed', which reads as progress
    in a round that went backwards. What closed them is said."""
    monkeypatch.chdir(REPO)
    result = run(CliRunner(), ["plan", "examples/japan-2027.yaml", "--previous", "examples/plans/japan-2025-plan.yaml",
                               "-o", str(tmp_path / "p.yaml")])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[1] == (
        "since examples/plans/japan-2025-plan.yaml: 4 carried (1 overdue), 1 new; 47 closed (45 no longer needed, "
        "2 removed)")
