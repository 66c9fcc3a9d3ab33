"""`roadmap criteria diff`: change classes per criterion, renames followed, --fail-on-tightening.

The mini catalog (tests/conftest.py) is copied into a version 1.1.0 with hand-made edits; each
expected class below follows from the edit named in the comment next to it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from roadmap.engine.criteria_diff import diff_catalogs
from roadmap.engine.renames import id_map
from roadmap.load.catalogs import load_catalog
from tests.conftest import _crit, run, write_mini_catalog

CHANGELOG_110 = """changelog:
  - version: "1.1.0"
    date: 2026-03-01
    changes:
      - "ALP-02: T2 target raised from 80% to 90% (reason: the host's own practice)"
      - "BET-02 renumbered BET-03; its T3 target lowered from 30% to 25% (reason: no member meets 30%)"
      - "ALP-05: new criterion, required at T3 only"
    renamed: {BET-02: BET-03}
"""


def write_mini_v110(root: Path) -> Path:
    """mini@1.1.0: ALP-02 T2 80 → 90 (tightened), ALP-04 statement reworded, ALP-05 added (T3 only),
    BET-02 renamed BET-03 with its T3 target 30 → 25 (loosened)."""
    src, dst = root / "mini" / "1.0.0", root / "mini" / "1.1.0"
    shutil.copytree(src, dst)
    meta = (dst / "catalog.yaml").read_text()
    meta = meta.replace('version: "1.0.0"\nstatus', 'version: "1.1.0"\nstatus', 1)
    meta = meta.replace("changelog:\n", CHANGELOG_110, 1)
    (dst / "catalog.yaml").write_text(meta)
    alpha = (dst / "alpha.yaml").read_text()
    alpha = alpha.replace("T2: {value: 80, basis: design}", "T2: {value: 90, basis: design}")
    alpha = alpha.replace("statement: ALP-04 statement", "statement: ALP-04 statement, reworded")
    alpha += _crit("ALP-05", "{type: boolean}", {"T3": "true"})
    (dst / "alpha.yaml").write_text(alpha)
    beta = (dst / "beta.yaml").read_text().replace("BET-02", "BET-03")
    beta = beta.replace("T3: {value: 30, basis: design}", "T3: {value: 25, basis: design}")
    (dst / "beta.yaml").write_text(beta)
    return root


def write_mini_v120(root: Path) -> Path:
    """mini@1.2.0 from 1.1.0, one edit per remaining change class (see the test below)."""
    src, dst = root / "mini" / "1.1.0", root / "mini" / "1.2.0"
    shutil.copytree(src, dst)
    meta = (dst / "catalog.yaml").read_text()
    meta = meta.replace('version: "1.1.0"\nstatus', 'version: "1.2.0"\nstatus', 1)
    meta = meta.replace("changelog:\n", 'changelog:\n  - version: "1.2.0"\n    date: 2026-04-01\n'
                                       "    changes: [many edits]\n    renamed: {ALP-05: ALP-06}\n", 1)
    meta = meta.replace("threshold: 0.75", "threshold: 0.8")
    meta = meta.replace("T3: {HUMINT: L2, CTI: L3}", "T3: {HUMINT: L1, CTI: L3}")
    (dst / "catalog.yaml").write_text(meta)
    alpha = (dst / "alpha.yaml").read_text()
    alpha = alpha.replace("id: ALP-05", "id: ALP-06").replace("ALP-05 title", "ALP-06 title")
    # ALP-01: gating true → false, and a reference added
    alpha = alpha.replace("gating: true\n    weight: 3", "gating: false\n    weight: 3", 1)
    alpha = alpha.replace('      - {source: Test standard, section: "1.1"}\n    evidence:\n      expects: [a record]\n'
                          "      verification:\n        T1: self_asserted\n        T2: documented\n"
                          "        T3: independently_verified\n      max_age_days: 365\n    remediation: fix ALP-01",
                          '      - {source: Test standard, section: "1.1"}\n      - {source: Second standard}\n'
                          "    evidence:\n      expects: [a record]\n"
                          "      verification:\n        T1: self_asserted\n        T2: documented\n"
                          "        T3: independently_verified\n      max_age_days: 365\n    remediation: fix ALP-01")
    # ALP-03: the unit changes from hours to days (targets 72/24/4 hours → 3/1/0.5 days)
    alpha = alpha.replace("{type: duration, direction: lower, unit: hours}",
                          "{type: duration, direction: lower, unit: days}")
    alpha = alpha.replace("T1: {value: 72, basis: design}", "T1: {value: 3, basis: design}")
    alpha = alpha.replace("T2: {value: 24, basis: design}", "T2: {value: 1, basis: design}")
    alpha = alpha.replace("T3: {value: 4, basis: design}", "T3: {value: 0.5, basis: design}")
    # ALP-04: newly required at T1 (none) — with self-asserted evidence at T1
    alpha = alpha.replace("    targets:\n      T2: {value: basic, basis: design}",
                          "    targets:\n      T1: {value: none, basis: design}\n"
                          "      T2: {value: basic, basis: design}")
    alpha = alpha.replace("      verification:\n        T2: documented\n        T3: independently_verified\n"
                          "      max_age_days: 365\n    remediation: fix ALP-04",
                          "      verification:\n        T1: self_asserted\n        T2: documented\n"
                          "        T3: independently_verified\n      max_age_days: 180\n    remediation: fix ALP-04")
    (dst / "alpha.yaml").write_text(alpha)
    beta = (dst / "beta.yaml").read_text()
    # BET-01: weight 2 → 4; BET-03: no longer required at T1
    beta = beta.replace("gating: true\n    weight: 2", "gating: true\n    weight: 4")
    beta = beta.replace("      T1: {value: 10, basis: design}\n", "")
    beta = beta.replace("        T1: self_asserted\n        T2: documented\n        T3: independently_verified\n"
                        "      max_age_days: 365\n    remediation: fix BET-03",
                        "        T2: documented\n        T3: independently_verified\n"
                        "      max_age_days: 365\n    remediation: fix BET-03")
    (dst / "beta.yaml").write_text(beta)
    return root


def _root(tmp_path: Path, *versions: str) -> Path:
    root = write_mini_catalog(tmp_path / "criteria")
    if "1.1.0" in versions or "1.2.0" in versions:
        write_mini_v110(root)
    if "1.2.0" in versions:
        write_mini_v120(root)
    return root


def test_classes_renames_and_reasons(tmp_path: Path) -> None:
    root = _root(tmp_path, "1.1.0")
    a, b = load_catalog(root, "mini", "1.0.0"), load_catalog(root, "mini", "1.1.0")
    d = diff_catalogs(a, b)
    by = {c.id: c for c in d.criteria}
    assert d.renamed == {"BET-02": "BET-03"}
    assert list(by) == ["ALP-02", "ALP-04", "ALP-05", "BET-03"]  # new catalog order; ALP-01/03, BET-01 same
    assert d.unchanged == 3
    assert by["ALP-02"].kinds == ("tightened",)
    assert [ch.text for ch in by["ALP-02"].changes] == ["T2 target tightened: ≥ 80% → ≥ 90%"]
    assert by["ALP-02"].reasons == ("ALP-02: T2 target raised from 80% to 90% (reason: the host's own practice)",)
    assert by["ALP-04"].kinds == ("reworded",)
    assert by["ALP-05"].kinds == ("added",) and by["ALP-05"].changes[0].text == "new criterion at T3"
    # the renamed criterion is compared with its old self: the rename, then the content changes
    bet = by["BET-03"]
    assert bet.old_id == "BET-02"
    assert bet.kinds[0] == "renamed" and "loosened" in bet.kinds
    assert "T3 target loosened: ≥ 30% → ≥ 25%" in [ch.text for ch in bet.changes]
    assert bet.reasons == (("BET-02 renumbered BET-03; its T3 target lowered from 30% to 25% "
                            "(reason: no member meets 30%)"),)
    assert d.tightened == ("ALP-02", "ALP-05") and d.loosened == ("BET-03",)


def test_backwards_diff_inverts(tmp_path: Path) -> None:
    root = _root(tmp_path, "1.1.0")
    a, b = load_catalog(root, "mini", "1.0.0"), load_catalog(root, "mini", "1.1.0")
    assert id_map(b, a)["BET-03"] == "BET-02" and "ALP-05" not in id_map(b, a)
    d = diff_catalogs(b, a)
    by = {c.id: c for c in d.criteria}
    assert by["ALP-02"].kinds == ("loosened",)
    assert by["BET-02"].old_id == "BET-03" and "tightened" in by["BET-02"].kinds
    assert by["ALP-05"].kinds == ("removed",)
    # the changelog explains the forward change: going back, it is what the diff undoes
    assert d.backward and not diff_catalogs(a, b).backward
    assert [e.version for e in d.changelog] == ["1.1.0"]


def test_backwards_diff_says_what_it_undoes(tmp_path: Path, runner: CliRunner) -> None:
    root = _root(tmp_path, "1.1.0")
    result = run(runner, ["--criteria", str(root), "criteria", "diff", "mini@1.1.0", "mini@1.0.0"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == ("Going back: mini@1.1.0 is the later version. Its changelog, below, gives the reasons "
                        "for the changes this diff undoes.")
    assert any(line.startswith("  undoes: ") for line in lines)
    assert not any(line.startswith("  why: ") for line in lines)


def test_every_other_class(tmp_path: Path) -> None:
    root = _root(tmp_path, "1.2.0")
    d = diff_catalogs(load_catalog(root, "mini", "1.1.0"), load_catalog(root, "mini", "1.2.0"))
    by = {c.id: c for c in d.criteria}
    assert set(by["ALP-01"].kinds) == {"gating_removed", "references_changed"}
    assert by["ALP-03"].kinds == ("metric_changed",)
    # targets in another unit are not compared, only listed
    assert "T2 target ≤ 24 hours → ≤ 1 day (not comparable: the metric changed)" in [
        ch.text for ch in by["ALP-03"].changes]
    assert set(by["ALP-04"].kinds) == {"newly_required", "evidence_tightened"}
    assert "now required at T1: ≥ none" in [ch.text for ch in by["ALP-04"].changes]
    assert "evidence stricter: max age 365 → 180 days" in [ch.text for ch in by["ALP-04"].changes]
    assert by["ALP-06"].old_id == "ALP-05" and by["ALP-06"].kinds == ("renamed", "retitled")
    assert by["BET-01"].kinds == ("reweighted",)
    # its T1 verification goes with the T1 target: only tiers in both versions are compared
    assert by["BET-03"].kinds == ("no_longer_required",)
    meta = {m.what: m for m in d.meta}
    assert meta["tier_rules.domain"].tightening  # threshold 0.75 → 0.8
    assert meta["reciprocity.host_commitments.T3.HUMINT"].tightening  # the host commits less: L2 → L1
    assert meta["reciprocity.host_commitments.T3.HUMINT"].text == (
        "host commits L2 → L1 in HUMINT at T3 (the host commits less)")
    # renames compose across versions: 1.0.0 → 1.2.0 follows BET-02 → BET-03
    assert id_map(load_catalog(root, "mini", "1.0.0"), load_catalog(root, "mini", "1.2.0"))["BET-02"] == "BET-03"


def test_cli_text_json_and_fail_on_tightening(tmp_path: Path, runner: CliRunner) -> None:
    root = _root(tmp_path, "1.1.0")
    base = ["--criteria", str(root), "criteria", "diff", "mini@1.0.0", "mini@1.1.0"]
    result = run(runner, base)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "mini@1.0.0 → mini@1.1.0: 4 criteria changed, 3 unchanged"
    assert "renamed: BET-02 → BET-03" in lines
    assert lines[3:5] == [
        "tightening, asking more of the partner than before: 2 criteria; loosening, asking less: 1 criterion",
        "criteria per change class (a criterion may have several): added 1, renamed 1, retitled 1, reworded 2, "
        "target tightened 1, target loosened 1, text changed 1"]
    assert "ALP-02 ALP-02 title (alpha): target tightened [tightening]" in lines
    assert "  T2 target tightened: ≥ 80% → ≥ 90%" in lines
    assert "Tightening (2): ALP-02, ALP-05" in lines
    assert "Loosening (1): BET-03" in lines

    result = run(runner, [*base, "--fail-on-tightening"])
    assert result.exit_code == 1, result.output
    assert "2 tightening changes from mini@1.0.0 to mini@1.1.0: ALP-02, ALP-05 (--fail-on-tightening)" in result.output
    # the reverse direction only loosens (and renames back), so the ratchet passes
    result = run(runner, ["--criteria", str(root), "criteria", "diff", "mini@1.1.0", "mini@1.0.0",
                          "--fail-on-tightening"])
    assert result.exit_code == 1  # BET-03's T3 back from 25 to 30 is a tightening
    result = run(runner, ["--criteria", str(root), "criteria", "diff", "mini@1.0.0", "mini@1.0.0",
                          "--fail-on-tightening"])
    assert result.exit_code == 0, result.output

    result = run(runner, [*base, "--json"])
    doc = json.loads(result.output)
    assert doc["kind"] == "roadmap.criteria-diff"
    assert {"old", "new", "renamed", "changelog", "criteria", "unchanged", "counts", "meta", "tightened",
            "loosened", "rule"} <= set(doc)
    assert doc["counts"] == {"added": 1, "renamed": 1, "retitled": 1, "reworded": 2, "tightened": 1,
                             "loosened": 1, "text_changed": 1}
    c = next(c for c in doc["criteria"] if c["id"] == "BET-03")
    assert c["old_id"] == "BET-02" and c["loosening"] is True


def test_cli_bad_refs(tmp_path: Path, runner: CliRunner) -> None:
    root = _root(tmp_path, "1.1.0")
    result = run(runner, ["--criteria", str(root), "criteria", "diff", "mini@1.0.0", "mini@9.9.9"])
    assert result.exit_code == 2
    assert result.output == "error: catalog version mini@9.9.9 not found (available: 1.0.0, 1.1.0)\n"


def test_bundled_fvey_110(runner: CliRunner) -> None:
    result = run(runner, ["criteria", "diff", "fvey@1.0.0", "fvey@1.1.0", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    by = {c["id"]: c for c in doc["criteria"]}
    assert doc["renamed"] == {"CYB-19": "CYB-05b"}
    assert by["CYB-05b"]["kinds"] == ["renamed"]  # renumbered, content unchanged
    per12 = [ch for ch in by["PER-12"]["changes"] if ch["kind"] == "tightened"]
    assert [(ch["tier"], ch["old"], ch["new"]) for ch in per12] == [("T3", "≤ 114 days", "≤ 75 days"),
                                                                   ("T4", "≤ 75 days", "≤ 60 days")]
    assert by["COM-17"]["kinds"] == ["added"]
    assert [(ch["tier"], ch["new"]) for ch in by["CYB-10"]["changes"] if ch["kind"] == "loosened"] == [
        ("T4", "≤ 4 hours")]
    assert set(by["CYB-13"]["kinds"]) == {"reworded", "references_changed"}
    assert doc["tightened"] == ["PER-12", "COM-17"] and doc["loosened"] == ["CYB-10"]
    # every change cites its reason in the changelog
    assert all(c["reasons"] for c in doc["criteria"])
    result = run(runner, ["criteria", "diff", "fvey@1.0.0", "fvey@1.1.0", "--fail-on-tightening"])
    assert result.exit_code == 1


def test_bundled_fvey_2_in_japanese_says_the_programs_own_words_in_japanese(runner: CliRunner) -> None:
    """fvey 1.3.0 → 2.0.0 read in Japanese: the measures added and removed (titles and metric as the
    translation has them), the partner profiles, the capability items and the roll-up rule are said
    in Japanese; ids, level ids and the catalog's English-only words (CAP-01…) stay as written."""
    result = run(runner, ["criteria", "diff", "fvey@1.3.0", "fvey@2.0.0", "--lang", "ja"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert ("PHY-01 政府統一の保全区域基準（physical）：基準文の修正、本文の変更、測定項目の追加、参照文献の変更"
            "［厳格化］") in lines
    assert "  standard-level：水準名の変更：ministry-specific → organisation-specific" in lines
    assert ("  測定項目organisations-boundの追加（基準に拘束される保有組織。割合（大きいほどよい））："
            "T2 ≥ 100%、T3 ≥ 100%、T4 ≥ 100%") in lines
    assert "  パートナー国プロファイル なし → japan" in lines
    assert ("  パートナー国の収集能力項目（記載のみで採点しない）：追加 CAP-01 Active cyber defence operations；"
            "CAP-02 Foreign-intelligence service and central intelligence coordination；"
            "CAP-03 Cyber defence workforce；"
            "CAP-04 Security agreements with other Five Eyes members and third countries") in lines
    assert ("  集約の規則 加重平均（国全体の評価で定める重み）。ただしgating、tag:essay:cyber-all-networksは"
            "最も弱い対象範囲の値 → なし") in lines
    ours = [line for line in lines if line.startswith("  ") and not line.startswith(("    ", "  - ", "  理由："))]
    assert not [line for line in ours if line.startswith("  measure ") or ": measure " in line
                or any(w in line for w in ("partner profiles", "roll-up rule", "weighted mean", "listed, not scored"))]
    result = run(runner, ["criteria", "diff", "fvey@2.0.0", "fvey@1.3.0", "--lang", "ja"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  測定項目organisations-boundの削除（基準に拘束される保有組織）" in lines
    assert ("  集約の規則 なし → 加重平均（国全体の評価で定める重み）。ただしgating、tag:essay:cyber-all-networksは"
            "最も弱い対象範囲の値") in lines
    assert "  パートナー国プロファイル japan → なし" in lines
