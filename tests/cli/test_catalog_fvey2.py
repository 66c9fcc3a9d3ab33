"""The catalog commands on criteria with several measures, controls and profiles, and how a user's
criteria folder combines with the bundled catalogs (`--criteria`, before or after a command)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import REPO, assessment_yaml, run


def test_criteria_map_lists_frameworks_and_controls(runner: CliRunner, duo_root: Path) -> None:
    result = run(runner, ["criteria", "map", "--catalog", "duo", "--criteria", str(duo_root)])
    assert result.exit_code == 0, result.output
    assert "nist-800-53       NIST SP 800-53 Rev. 5" in result.output
    # a framework no criterion maps to is named as the catalog's choice, not left as a bare 0
    assert result.output.splitlines()[-1] == ("duo@1.0.0 names no control of cnssi-1253, caf, essential-eight: "
                                              "no criterion lists one under 'controls:'.")
    result = run(runner, ["--criteria", str(duo_root), "criteria", "map", "--catalog", "duo", "--framework",
                          "nist-800-53"])
    assert result.output.splitlines()[0] == "duo@1.0.0 → NIST SP 800-53 Rev. 5: 2 controls covered by 2 criteria"
    assert "ac-2      ALP-01 Two measures" in result.output and "Not mapped to nist-800-53 (1): BET-01" in result.output
    result = run(runner, ["criteria", "map", "--catalog", "fvey@2.0.0", "--framework", "caf", "--json"])
    assert '"framework": "caf"' in result.output
    result = run(runner, ["criteria", "map", "--framework", "iso-27001"])
    assert result.exit_code == 2 and "unknown framework 'iso-27001'" in result.output


def test_criteria_map_in_japanese(runner: CliRunner) -> None:
    """Headings and sentences in Japanese, the criteria's titles from the signed translation; the
    frameworks' and controls' names stay as their owners write them."""
    result = run(runner, ["criteria", "map", "--framework", "ism", "--lang", "ja"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "fvey@2.0.0 → ASD Information Security Manual (ISM)：42件の基準が104件の管理策に対応する"
    assert lines[1].split() == ["管理策", "基準"]
    assert "ISM-0100   CYB-12 提供国のデータを扱うネットワークの独立の侵害評価" in result.output
    assert lines[-1].startswith("ismに対応付けのない基準（55件）：PHY-05, PHY-06")
    listing = run(runner, ["criteria", "map", "--lang", "ja"]).output
    assert listing.splitlines()[-1] == ("fvey@2.0.0はcnssi-1253の管理策を一つも示していない："
                                        "「controls:」にそれを挙げる基準がない。")
    assert listing.splitlines()[0] == ("fvey@2.0.0：フレームワークの管理策に対応付けた基準"
                                       "（roadmap criteria map --framework ID）")
    assert run(runner, ["criteria", "map", "--json", "--lang", "ja"]).exit_code == 2  # --json is English


def test_criteria_show_with_a_profile(runner: CliRunner) -> None:
    result = run(runner, ["criteria", "show", "per-3", "--catalog", "fvey@2.0.0", "--profile", "japan"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "measure 1             level-structure: Clearance level structure" in out
    assert "controls nist-800-53  ps-2, ps-3" in out
    assert "Japan: guidance       One SDS suitability assessment admits to all SDS" in out
    assert "{partner}" not in out and "{host}" not in out
    plain = run(runner, ["criteria", "show", "PER-03", "--catalog", "fvey@2.0.0"]).output
    assert "Japan:" not in plain


def test_criteria_list_counts_measures(runner: CliRunner) -> None:
    result = run(runner, ["criteria", "list", "--catalog", "fvey@2.0.0"])
    assert result.output.splitlines()[0] == ("fvey@2.0.0 — Five Eyes-equivalent intelligence-sharing readiness "
                                             "(released, 97 criteria, 210 measures)")
    assert "{host}" not in result.output
    raw = run(runner, ["criteria", "list", "--catalog", "fvey@2.0.0", "--json"]).output
    assert "{host}" in raw  # the catalog's data as written


def test_verify_on_a_folder_without_releases(runner: CliRunner, tmp_path: Path, duo_root: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(runner, ["criteria", "verify", "--criteria", str(empty)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-2] == (f"{empty}: no released version to verify (it has no release log releases/); it holds no "
                         "catalog (criteria/<id>/<version>/catalog.yaml)")
    # the bundled folder is checked too, against its own log and allowed signers
    assert lines[-1].startswith(f"{REPO / 'criteria'}: ok: ")
    assert "; in force: fvey@1.0.0, fvey@1.1.0, " in lines[-1]
    assert lines[0].startswith("criteria/releases/0001-fvey@1.0.0.json: fvey@1.0.0 in force: signed by host ")
    result = run(runner, ["--criteria", str(duo_root), "criteria", "verify"])
    assert result.exit_code == 0, result.output
    assert f"{duo_root}: no released version to verify (it has no release log releases/); 1 draft: duo@1.0.0" \
        in result.output.splitlines()


def test_init_and_score_take_criteria_after_the_command(runner: CliRunner, duo_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    result = run(runner, ["init", "--catalog", "duo", "--criteria", str(duo_root), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "    # values:\n    #   share: 0  # percent, 0-100\n    #   hours: 0  # hours\n" in text
    assert "# profile: testland" in text
    assert run(runner, ["validate", str(out), "--criteria", str(duo_root)]).exit_code == 0
    a = tmp_path / "b.yaml"
    a.write_text(assessment_yaml("ALP-01: {values: {share: 85, hours: 30}}\n", catalog="duo@1.0.0"))
    result = run(runner, ["score", str(a), "--criteria", str(duo_root)])
    assert result.exit_code == 0, result.output
    assert "ALP-02 Accepted by Hostland" in result.output  # {host} filled with the assessment's host
    assert "register not assessed → yes" in result.output


def test_a_user_folder_adds_to_the_bundled_catalogs(runner: CliRunner, duo_root: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROADMAP_CRITERIA_DIR", str(duo_root))
    assert run(runner, ["criteria", "list", "--catalog", "duo"]).exit_code == 0
    result = run(runner, ["criteria", "list", "--catalog", "fvey@1.0.0"])
    assert result.exit_code == 0 and result.output.startswith("fvey@1.0.0 —")
    result = run(runner, ["criteria", "list", "--catalog", "nope"])
    assert result.output == (f"error: catalog 'nope' not found in {duo_root} or the bundled catalogs "
                             "(catalogs: duo, fvey)\n")
