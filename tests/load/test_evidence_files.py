"""`roadmap.load.evidence_files`: evidence items that cite a file and its SHA-256. `validate` checks
each is there, inside the assessment's folder, unchanged; the report's evidence annex lists them."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import assessment_yaml, pinned, run, write_mini_catalog

PDF = b"%PDF-1.7 an audit report\n"
SHA = "sha256:" + hashlib.sha256(PDF).hexdigest()


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_mini_catalog(Path("c"))
    work = Path("round")
    (work / "evidence").mkdir(parents=True)
    (work / "evidence" / "audit.pdf").write_bytes(PDF)
    return work


def _write(folder: Path, file: str, sha: str = SHA) -> Path:
    findings = ("ALP-01:\n  value: true\n  evidence:\n"
                f"    - {{ref: audit, kind: audit, date: 2026-05-01, verification: documented, file: {file}, "
                f"sha256: \"{sha}\"}}\n")
    f = folder / "a.yaml"
    f.write_text(assessment_yaml(findings, extra=pinned(Path("c"))))
    return f


def _validate(runner: CliRunner, f: Path) -> tuple[int, list[str]]:
    result = run(runner, ["--criteria", "c", "validate", str(f)])
    return result.exit_code, result.stderr.splitlines()


def test_a_cited_file_that_matches(folder: Path, runner: CliRunner) -> None:
    f = _write(folder, "evidence/audit.pdf")
    assert _validate(runner, f) == (0, [])
    result = run(runner, ["--criteria", "c", "report", str(f), "--format", "html", "-o", "a.html"])
    assert result.exit_code == 0, result.output
    html = Path("a.html").read_text()
    assert f'evidence/audit.pdf</span> <span class="hash">{SHA}</span>' in html


def test_a_missing_or_changed_file(folder: Path, runner: CliRunner) -> None:
    f = _write(folder, "evidence/gone.pdf")
    assert _validate(runner, f) == (2, [
        "round/a.yaml:12:85: findings.ALP-01.evidence[0].file: file not found: evidence/gone.pdf (relative to the "
        "assessment's folder, round)", "1 problem in 1 file"])
    f = _write(folder, "evidence/audit.pdf", "sha256:" + "0" * 64)
    code, err = _validate(runner, f)
    assert code == 2
    assert err[0] == (f"round/a.yaml:12:113: findings.ALP-01.evidence[0].sha256: expected sha256:{'0' * 64}, found "
                      f"{SHA} in evidence/audit.pdf: the file changed since it was cited")


def test_a_file_outside_the_folder(folder: Path, runner: CliRunner, tmp_path: Path) -> None:
    f = _write(folder, "../c/mini/1.0.0/alpha.yaml")
    code, err = _validate(runner, f)
    assert code == 2
    assert err[0].endswith("findings.ALP-01.evidence[0].file: expected a path relative to the assessment's folder, "
                           "such as evidence/audit-2025.pdf (no leading /, no '..', '/' between folders), found "
                           "'../c/mini/1.0.0/alpha.yaml'")
    os.symlink(tmp_path / "c" / "mini" / "1.0.0" / "alpha.yaml", folder / "evidence" / "link.yaml")
    f = _write(folder, "evidence/link.yaml")
    code, err = _validate(runner, f)
    assert code == 2
    assert err[0].endswith("findings.ALP-01.evidence[0].file: expected a file inside the assessment's folder, found "
                           "'evidence/link.yaml' leading outside it (through a symbolic link): copy the evidence into "
                           "the folder")


def test_a_file_and_its_hash_go_together(folder: Path, runner: CliRunner) -> None:
    f = folder / "a.yaml"
    f.write_text(assessment_yaml("ALP-01:\n  value: true\n  evidence:\n    - {ref: audit, kind: audit, "
                                 "date: 2026-05-01, verification: documented, file: evidence/audit.pdf}\n"))
    code, err = _validate(runner, f)
    assert code == 2
    assert err[0] == ("round/a.yaml:11:9: findings.ALP-01.evidence[0]: a file and its sha256 go together: give both "
                      "(sha256sum FILE prints the hash to write as sha256:HEX), or neither")
