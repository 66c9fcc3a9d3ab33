"""Terminal output of the real CLI at several widths: nothing cut, plain words, no trailing spaces,
no escape codes when not writing to a terminal."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLES, REPO, assessment_yaml, run

JAPAN = [str(EXAMPLES / f"japan-{y}.yaml") for y in (2024, 2025, 2026)]
WIDTHS = (40, 60, 80, 120)


def _out(args: list[str], width: int) -> str:
    result = run(CliRunner(env={"COLUMNS": str(width)}), args)
    assert result.exit_code == 0, result.output
    return result.output


def _fresh(tmp_path: Path) -> str:
    path = tmp_path / "a.yaml"
    result = run(CliRunner(), ["init", "-o", str(path)])
    assert result.exit_code == 0, result.output
    return str(path)


def _commands(tmp_path: Path) -> dict[str, list[str]]:
    return {"score": ["score", JAPAN[1]], "trend": ["trend", *JAPAN], "diff": ["diff", JAPAN[1], JAPAN[2]],
            "reciprocity": ["reciprocity", *JAPAN], "fresh": ["reciprocity", _fresh(tmp_path)],
            "list": ["criteria", "list"], "show": ["criteria", "show", "PER-04"]}


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_cut_no_trailing_space_no_escape(width: int, tmp_path: Path) -> None:
    for name, args in _commands(tmp_path).items():
        out = _out(args, width)
        for line in out.splitlines():
            assert line == line.rstrip(), (name, width, line)
            # the only ellipses are the "… and N more" sentences, never a cut value
            assert "…" not in line or line.lstrip().startswith("… and "), (name, width, line)
        assert "\x1b" not in out, (name, width)
        assert "(s)" not in out, (name, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_trend_keeps_every_domain_and_date(width: int) -> None:
    out = _out(["trend", *JAPAN], width)
    for date in ("2024-06-30", "2025-09-30", "2026-06-30"):
        assert date in out
    table = out.split("\nDomains: ")[0]
    for prefix in ("PHY", "PER", "COM", "CYB", "GOV"):
        assert re.search(rf"(^|\s){prefix}(:|\s|$)", table, re.MULTILINE), (prefix, out)


def test_trend_at_60_is_stacked_one_block_per_round() -> None:
    lines = _out(["trend", *JAPAN], 60).splitlines()
    assert lines[:10] == [
        "Japan ⇄ United States: 3 rounds",
        "2024-06-30 · fvey@1.0.0",
        "  overall:   none claimed, none verified",
        "  readiness: 41.3% claimed, 37.0% verified",
        "  PHY:       T1 claimed, none verified",
        "  PER:       none claimed, none verified",
        "  COM:       T1 claimed, T1 verified",
        "  CYB:       none claimed, none verified",
        "  GOV:       none claimed, none verified",
        "",
    ]
    assert "2026-06-30 · fvey@1.1.0 *" in lines


def test_trend_at_120_is_a_table() -> None:
    lines = _out(["trend", *JAPAN], 120).splitlines()
    assert lines[1] == "as of        catalog        view       overall   readiness   PHY    PER    COM    CYB    GOV"
    assert lines[3] == "2024-06-30   fvey@1.0.0     claimed    none          41.3%   T1     none   T1     none   none"
    assert lines[5] == ""  # the separator row between rounds carries no padding


def test_score_at_60_shows_every_capping_criterion() -> None:
    out = _out(["score", JAPAN[1]], 60)
    block = out.split("Personnel security\n")[1].split("\n\n")[0]
    assert block.splitlines() == [
        "  claimed:            T1",
        "  verified:           none",
        "  strict:             T1",
        "  readiness:          41%",
        "  verified readiness: 29%",
        "  capped by:          PER-01, PER-04, PER-10",
    ]
    assert "PER-0…" not in out and "verified rd." not in out


def test_score_gaps_show_the_priority_that_orders_them() -> None:
    out = _out(["score", JAPAN[1]], 120)
    assert "Gaps to T2, gating first, then by weight × distance (how far the value is from the target, 0 to 1):" in out
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert "1 COM-08 TEMPEST authority and threat communications 35% → ≥ 70% yes 4 × 0.500 = 2.00" in lines
    assert "2 CYB-12 Independent compromise cyber 60% → ≥ 100% yes 5 × 0.400 = 2.00" in lines
    assert "Next tier: T2 Trusted partner. Unlocks:" in out
    assert "51 gaps to T2: 15 gating (below), 36 others (listed in Gaps)." in out
    assert "Kept 5 of 6; broken 1." in out
    assert "United States broke its GEOINT commitment: committed L2 at T1, delivered L1 (short by 1 level)" in out
    assert ("PER-10 Insider-threat programme: T1 needs documented evidence no older than 365 days; the best "
            "fresh evidence is self-asserted") in out


def test_score_of_several_measures_shows_each_short_one_and_the_capability_items() -> None:
    out = _out(["score", str(EXAMPLES / "japan-2027.yaml")], 120)
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert ("PER-04 No access without a current clearance: sample-compliance 95% → sample-compliance ≥ 100% at T1"
            in lines)
    assert "3 GOV-09 Incident register and governance register-scope not assessed → yes no 4 × 1.000 = 4.00" in lines
    assert ("4 capability items of Japan listed, not scored: CAP-01 Active cyber defence operations, CAP-02 "
            "Foreign-intelligence service and central intelligence coordination, CAP-03 Cyber defence workforce, "
            "CAP-04 Security agreements with other Five Eyes members and third countries.") in " ".join(lines)


def test_plurals_for_one(mini_root: Path, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    # every criterion meets T2 except BET-01 (2, T2 needs 3): one gap
    f.write_text(assessment_yaml("ALP-01: {value: true}\nALP-02: {value: 85}\nALP-03: {value: 20}\n"
                                 "ALP-04: {value: basic}\nBET-01: {value: 2}\nBET-02: {value: 25}\n"))
    out = _out(["--criteria", str(mini_root), "score", str(f)], 120)
    assert "Next tier: T2 Two. Unlocks: L2" in out
    assert "1 gap to T2: 1 gating (below), 0 others." in out
    assert "Claimed T1, verified none: 4 criteria keep the verified view below T1." in out


def test_diff_says_no_change_in_words() -> None:
    out = _out(["diff", JAPAN[1], JAPAN[2]], 120)
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert "physical T1 → T1 T1 → T1 46.7 → 46.7 (no change) no change no change" in lines
    assert ("personnel T1 → T1 none → none 40.9 → 41.8 (+0.9) same tier, +1.5 points same tier, −0.6 points"
            in lines)
    assert "0 tier" not in out and "pts" not in out and "(0.0)" not in out
    header = lines[lines.index("Criteria that changed (4; 76 unchanged):") + 1:][:2]
    assert "tier under" in header[0] and "fvey@1.0.0" in header[1]


def test_fresh_reciprocity_reads_as_words(tmp_path: Path) -> None:
    path = _fresh(tmp_path)
    out = _out(["reciprocity", path], 80)
    lines = out.splitlines()
    assert lines[1].endswith(" · no tier reached yet")
    assert lines[2] == (f"no reciprocity section in {path}: nothing delivered is recorded; "
                        "showing the commitments due while no tier is reached")
    assert "Parity (Partner government ÷ Host government): nothing recorded, so no parity" in lines
    assert "at none" not in out and "— —" not in out


def test_criterion_shows_evidence_levels_in_words() -> None:
    out = _out(["criteria", "show", "PER-04", "--catalog", "fvey@1.1.0"], 120)
    assert ("verification  T1 self-asserted, T2 documented, T3 independently verified, T4 independently "
            "verified; max age 365 days") in out
    assert "self_asserted" not in out and "independently_verified" not in out


@pytest.mark.parametrize("env", [{}, {"TERM": "dumb"}, {"NO_COLOR": "1"}])
def test_piped_output_has_no_escape_codes(env: dict[str, str]) -> None:
    proc = subprocess.run([sys.executable, "-m", "roadmap", "score", JAPAN[1]], capture_output=True, text=True,
                          check=False, cwd=REPO, env={**os.environ, **env}, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout
    assert all(line == line.rstrip() for line in proc.stdout.splitlines())


def test_score_says_why_an_expired_decision_is_not_assessed(mini_root: Path, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_text(assessment_yaml("ALP-01: {value: true}\nALP-02: {value: 85}\nALP-03: {value: 20}\n"
                                 "ALP-04: {value: basic}\nBET-01: {value: 2}\n"
                                 "BET-02: {status: exception, justification: waiver, approver: Chief, "
                                 "expires: 2026-01-01}\n"))
    lines = _out(["--criteria", str(mini_root), "score", str(f)], 120).splitlines()
    at = lines.index("Not assessed (1), counted as unmet: BET-02")
    assert lines[at + 1] == "  BET-02: exception expired 2026-01-01: counted as not assessed"
