"""`roadmap compare` end to end, through the real entry point: the table a reader gets, the JSON, the
refusals (one line each at its place, exit 2, nothing written) and re-scoring with --rescore-with.
The second partner is a copy of the Japan example with its partner renamed (tests/conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.cli.conftest import _listing
from tests.conftest import EXAMPLES, another_partner, run


@pytest.fixture
def partners(here: Path) -> tuple[Path, Path]:
    """Japan (round 3) and a 'Korea' that closed its TEMPEST and cross-domain gaps (COM-08, COM-11)."""
    japan = another_partner(EXAMPLES / "japan-2026.yaml", "Japan", here / "japan.yaml")
    korea = another_partner(EXAMPLES / "japan-2026.yaml", "Korea", here / "korea.yaml", {"COM-08": 75, "COM-11": 85})
    return japan, korea


def test_the_table(partners: tuple[Path, Path], here: Path) -> None:
    result = run(CliRunner(), ["compare", "japan.yaml", "korea.yaml"], )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "2 partners compared for sharing with United States, against fvey@1.1.0"
    assert lines[1].startswith("sorted by verified tier, then verified readiness")
    rows = [line for line in lines if line[:4].strip() in ("1", "2")]
    # both T1 claimed, none verified (PER-10's evidence is stale); Japan's verified readiness is higher
    # (Korea's new COM-08 and COM-11 values have no evidence: claimed only)
    assert rows[0].split()[:5] == ["1", "Japan", "2026-06-30", "none", "T1"]
    assert rows[1].split()[:5] == ["2", "Korea", "2026-06-30", "none", "T1"]
    assert any(line.startswith("  2. Korea (to T2): CYB-12 Independent compromise assessment of US-data networks "
                               "(60% → ≥ 100%); PER-04") for line in lines)
    assert result.stdout.rstrip().endswith("--json gives every figure.")
    assert _listing(here) == ["japan.yaml", "korea.yaml"]


def test_the_json(partners: tuple[Path, Path]) -> None:
    result = run(CliRunner(), ["compare", "korea.yaml", "japan.yaml", "--json"])
    doc = json.loads(result.stdout)
    assert (doc["kind"], doc["version"], doc["catalog"], doc["host"]) == ("roadmap.compare", 1, "fvey@1.1.0",
                                                                          "United States")
    assert set(doc) == {"kind", "version", "tool", "catalog", "host", "tiers", "domains", "rescored_with",
                        "rescore_note", "rule", "partners"}
    assert [p["name"] for p in doc["partners"]] == ["Japan", "Korea"]
    korea = doc["partners"][1]
    assert (korea["claimed_tier_id"], korea["verified_tier_id"], korea["gating_gaps"], korea["gaps"]) == (
        "T1", "none", 13, 50)
    assert [g["id"] for g in korea["top_gating"]] == ["CYB-12", "PER-04", "PHY-01"]
    assert (korea["commitments"], korea["commitments_kept"], korea["parity"]) == (6, 6, 1.1)
    assert korea["sha256"] == __import__("hashlib").sha256(Path("korea.yaml").read_bytes()).hexdigest()


def test_rescored_against_one_version(partners: tuple[Path, Path]) -> None:
    result = run(CliRunner(), ["compare", "japan.yaml", str(EXAMPLES / "japan-2025.yaml"), "--rescore-with",
                               "fvey@1.1.0"])
    assert result.exit_code == 2  # two assessments of Japan: re-scoring does not make them partners
    another_partner(EXAMPLES / "japan-2025.yaml", "Australia", Path("australia.yaml"))
    result = run(CliRunner(), ["compare", "japan.yaml", "australia.yaml", "--rescore-with", "fvey@1.1.0"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "Re-scored against fvey@1.1.0 (--rescore-with): japan.yaml pins fvey@1.1.0; australia.yaml pins fvey@1.0.0. "
        "Findings follow renamed criteria; findings of criteria fvey@1.1.0 lacks are dropped, and criteria and "
        "measures only it has are not assessed (they count as unmet, so a partner re-scored against a version that "
        "asks more reads lower); a roll-up is re-scored by its combined values.")
    doc = json.loads(run(CliRunner(), ["compare", "japan.yaml", "australia.yaml", "--rescore-with", "fvey@1.1.0",
                                       "--json"]).stdout)
    assert doc["rescored_with"] == "fvey@1.1.0"
    australia = next(p for p in doc["partners"] if p["name"] == "Australia")
    assert (australia["pinned"], australia["dropped"]) == ("fvey@1.0.0", [])  # CYB-19 follows its rename


@pytest.mark.parametrize("edit, line", [
    (('host: "United States"', 'host: "Australia"'),
     "korea.yaml:15:7: host: expected United States (the host of japan.yaml), found Australia: compare takes "
     "assessments for one host"),
    (("2025", ""),
     "korea.yaml:28:10: catalog: pins fvey@1.0.0, and japan.yaml pins fvey@1.1.0: compare scores every partner "
     "against one catalog version (--rescore-with fvey@VERSION re-scores them all against it)"),
    (('partner: "Korea"', 'partner: "Japan"'),
     "korea.yaml:14:10: partner: Japan is also assessed in japan.yaml: compare takes one assessment per partner "
     "(roadmap trend compares rounds of one partner)"),
])
def test_partners_that_cannot_be_compared(partners: tuple[Path, Path], here: Path, edit: tuple[str, str],
                                          line: str) -> None:
    korea = here / "korea.yaml"
    if edit[0] == "2025":  # Korea assessed against an older catalog version
        another_partner(EXAMPLES / "japan-2025.yaml", "Korea", korea)
    else:
        text = korea.read_text()
        assert edit[0] in text
        korea.write_text(text.replace(edit[0], edit[1], 1))
    for args in ([], ["--format", "html", "-o", "c.html"], ["--json"]):
        result = run(CliRunner(), ["compare", "japan.yaml", "korea.yaml", *args])
        assert result.exit_code == 2, result.output
        assert result.stderr == f"{line}\n1 problem in 1 file\n"
        assert result.stdout == ""
    assert _listing(here) == ["japan.yaml", "korea.yaml"]


def test_rescoring_another_catalog_is_refused(partners: tuple[Path, Path]) -> None:
    result = run(CliRunner(), ["compare", "japan.yaml", "korea.yaml", "--rescore-with", "nosuch@1.0.0"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: catalog 'nosuch' not found")
