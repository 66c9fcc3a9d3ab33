"""`roadmap.load.assessment_signatures`: `roadmap sign` (assessor, then a reviewer's countersignature),
what `validate`, `score` and the report say about them, and an assessment edited after it was
signed. With the real CLI and real ssh-keygen, both ways."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ASSESSOR, REPO, REVIEWER, assessment_yaml, pinned, run, write_mini_catalog

SIGNERS = REPO / "criteria" / "allowed_signers"


@pytest.fixture
def a(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A draft mini catalog in c/ trusting the example keys, and a valid, pinned assessment a.yaml."""
    monkeypatch.chdir(tmp_path)
    root = write_mini_catalog(Path("c"))
    (root / "allowed_signers").write_bytes(SIGNERS.read_bytes())
    f = Path("a.yaml")
    f.write_text(assessment_yaml("ALP-01: {value: true}\n", extra=pinned(root)))
    return f


def _sign(runner: CliRunner, key: Path, *more: str) -> tuple[int, str, str]:
    result = run(runner, ["--criteria", "c", "sign", "a.yaml", "--key", str(key), *more])
    return result.exit_code, result.stdout, result.stderr


def test_sign_countersign_and_validate(a: Path, runner: CliRunner, keys: dict[str, Path]) -> None:
    code, out, _ = _sign(runner, keys["assessor"])
    assert code == 0
    assert out.startswith(f"signed a.yaml as assessor: {ASSESSOR} (ED25519 key SHA256:")
    assert out.endswith("; wrote a.yaml.assessor.sig\n")
    code, out, _ = _sign(runner, keys["reviewer"], "--as", "reviewer")
    assert code == 0, out
    assert out.startswith(f"signed a.yaml as reviewer: {REVIEWER} (ED25519 key SHA256:")
    code, out, _ = _sign(runner, keys["reviewer"], "--as", "reviewer")
    assert out.startswith(f"already signed a.yaml as reviewer: {REVIEWER}")
    result = run(runner, ["--criteria", "c", "validate", "--strict", "a.yaml"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[2] == f"  assessment signed by assessor {ASSESSOR}, reviewer {REVIEWER}"
    # anyone checks it with ssh-keygen alone
    for role, principal in (("assessor", ASSESSOR), ("reviewer", REVIEWER)):
        with open("a.yaml", "rb") as message:
            proc = subprocess.run(["ssh-keygen", "-Y", "verify", "-f", str(SIGNERS), "-I", principal, "-n",
                                   "roadmap-assessment", "-s", f"a.yaml.{role}.sig"], stdin=message,
                                  capture_output=True, text=True, check=False, timeout=60)
        assert proc.returncode == 0, proc.stderr


def test_signing_says_the_files_warnings_first(a: Path, runner: CliRunner, keys: dict[str, Path]) -> None:
    """What the signer vouches for: a misspelt marking, said before the signature is made (as validate says it)."""
    a.write_text(a.read_text().replace("marking: UNCLASSIFIED", "marking: UNCLASIFIED", 1))
    code, out, err = _sign(runner, keys["assessor"])
    assert code == 0 and out.startswith("signed a.yaml as assessor")
    assert "marking: warning: UNCLASIFIED" in err and "is not a marking this tool knows" in err


def test_an_assessment_edited_after_signing_says_so(a: Path, runner: CliRunner, keys: dict[str, Path]) -> None:
    assert _sign(runner, keys["assessor"])[0] == 0
    a.write_text(a.read_text().replace("ALP-01: {value: true}", "ALP-01: {value: false}"))
    warning = ("a.yaml: warning: edited after it was signed: the assessor's signature (a.yaml.assessor.sig) no longer "
               "matches the file; restore the signed file, or sign it again (roadmap sign a.yaml)")
    result = run(runner, ["--criteria", "c", "validate", "a.yaml"])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [warning]
    assert result.stdout.splitlines()[2] == ("  assessment: EDITED after it was signed: the assessor's signature no "
                                             "longer matches")
    result = run(runner, ["--criteria", "c", "validate", "--strict", "a.yaml"])
    assert result.exit_code == 1
    result = run(runner, ["--criteria", "c", "score", "a.yaml"])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [warning]  # loudly, first
    result = run(runner, ["--criteria", "c", "report", "a.yaml", "--format", "html", "-o", "a.html"])
    assert result.stderr.splitlines()[0] == warning
    html = Path("a.html").read_text()
    assert "assessor: does not match, the file was edited after it was signed (a.yaml.assessor.sig)" in html
    # where a leader reads first: on the cover and atop the brief, not only in the provenance annex
    said = ('<p class="illustrative warning">Edited after it was signed: the assessor&#39;s signature no longer '
            'matches this file, so these figures are not the signed ones. Have it signed again (roadmap sign).</p>')
    assert html.count(said) == 2
    assert html.index(said) < html.index('id="brief"') < html.rindex(said) < html.index('class="headline"')
    result = run(runner, ["--criteria", "c", "report", "a.yaml", "--format", "html", "-o", "ja.html", "--lang", "ja"])
    assert result.exit_code == 0, result.output
    assert Path("ja.html").read_text().count("署名後に編集されている：評価者の署名がこのファイルと一致しないため") == 2
    a.write_text(a.read_text().replace("ALP-01: {value: false}", "ALP-01: {value: true}"))  # the signed bytes again
    assert run(runner, ["--criteria", "c", "report", "a.yaml", "--format", "html", "-o", "a.html"]).exit_code == 0
    assert "warning" not in Path("a.html").read_text().split('class="headline"')[0]


def test_an_edit_after_signing_is_said_first_even_when_the_file_has_errors(a: Path, runner: CliRunner,
                                                                           keys: dict[str, Path]) -> None:
    """The edit that broke the file may be the one that broke the signature: both are said, the
    signature first (as every command says it), then the file's problems, exit 2."""
    assert _sign(runner, keys["assessor"])[0] == 0
    a.write_text(a.read_text().replace("ALP-01: {value: true}", "ALP-01: {value: maybe}"))
    result = run(runner, ["--criteria", "c", "validate", "a.yaml"])
    assert result.exit_code == 2
    err = result.stderr.splitlines()
    assert err[0] == ("a.yaml: warning: edited after it was signed: the assessor's signature (a.yaml.assessor.sig) "
                      "no longer matches the file; restore the signed file, or sign it again (roadmap sign a.yaml)")
    assert err[1].startswith("a.yaml:") and "findings.ALP-01" in err[1] and err[-1] == "1 problem in 1 file"


def test_a_bad_assessment_signature_is_bad_input(a: Path, runner: CliRunner, keys: dict[str, Path],
                                                 tmp_path: Path) -> None:
    Path("a.yaml.reviewer.sig").write_text("-----BEGIN SSH SIGNATURE-----\n")
    result = run(runner, ["--criteria", "c", "score", "a.yaml"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "a.yaml.reviewer.sig: the reviewer's signature of a.yaml is refused: malformed signature: expected "
        "'-----END SSH SIGNATURE-----' after the base64, found the end of the text", "1 problem in 1 file"]
    stranger = tmp_path / "stranger"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(stranger)], check=True, timeout=60)
    subprocess.run(["ssh-keygen", "-q", "-Y", "sign", "-n", "roadmap-assessment", "-f", str(stranger), "a.yaml"],
                   check=True, timeout=60, capture_output=True)
    Path("a.yaml.sig").rename("a.yaml.reviewer.sig")
    result = run(runner, ["--criteria", "c", "validate", "a.yaml"])
    assert result.exit_code == 2
    assert result.stderr.startswith("a.yaml.reviewer.sig: the reviewer's signature of a.yaml is refused: not an "
                                    "allowed signer: ED25519 key SHA256:")


def test_sign_refuses_what_it_cannot_stand_behind(a: Path, runner: CliRunner, keys: dict[str, Path]) -> None:
    code, _, err = _sign(runner, keys["host"] .with_name("missing"))
    assert (code, err) == (2, f"error: {keys['host'].with_name('missing')}: no such key file\n")
    assert _sign(runner, keys["assessor"])[0] == 0
    code, _, err = _sign(runner, keys["assessor"], "--as", "reviewer")
    assert code == 2
    assert err.startswith("error: will not sign a.yaml as reviewer with the assessor's own key (ED25519 key SHA256:")
    assert err.endswith("a countersignature needs another key; nothing written\n")
    code, _, err = _sign(runner, keys["reviewer"])
    assert code == 2
    assert err == (f"error: a.yaml.assessor.sig holds a signature that still verifies, by {ASSESSOR}: --force "
                   "replaces it\n")
    assert not Path("a.yaml.reviewer.sig").exists()
    unpinned = Path("u.yaml")
    unpinned.write_text(assessment_yaml("ALP-01: {value: true}\n"))
    result = run(runner, ["--criteria", "c", "sign", "u.yaml", "--key", str(keys["assessor"])])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: u.yaml: pin its catalog before signing it, so that the signature covers "
                                    'the yardstick too: add catalog_digest: "sha256:')
    assert not Path("u.yaml.assessor.sig").exists()


def test_the_bundled_examples_are_signed(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    for year in (2024, 2025, 2026):
        for role, principal in (("assessor", ASSESSOR), ("reviewer", REVIEWER)):
            with open(f"examples/japan-{year}.yaml", "rb") as message:
                proc = subprocess.run(["ssh-keygen", "-Y", "verify", "-f", "criteria/allowed_signers", "-I", principal,
                                       "-n", "roadmap-assessment", "-s", f"examples/japan-{year}.yaml.{role}.sig"],
                                      stdin=message, capture_output=True, text=True, check=False, timeout=60)
            assert proc.returncode == 0, (year, role, proc.stderr)
