"""`roadmap.load.standing`: what every command checks before it uses a catalog version. A release is
used only while in force (its entry matches its folder, every signatory's signature verifies);
each refusal is one line naming the version and the file, exit 2, nothing written. With the real
CLI and real ssh-keygen signatures."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap.load.signatures import ASSESSMENT_NAMESPACE, CATALOG_RELEASE_NAMESPACE, sign_bytes
from tests.conftest import (
    EXAMPLES,
    HOST,
    PARTNER,
    REPO,
    assessment_yaml,
    pinned,
    release_mini,
    run,
    write_mini_catalog,
)

ENTRY = "c/releases/0001-mini@1.0.0.json"
HOST_SIG, PARTNER_SIG = f"{ENTRY}.{HOST}.sig", f"{ENTRY}.{PARTNER}.sig"
ADVICE = "roadmap criteria verify says who signed, --allow-unsigned uses it anyway"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keys: dict[str, Path]) -> Path:
    """The mini catalog released, signed by the host only; an assessment of it in a.yaml."""
    monkeypatch.chdir(tmp_path)
    root = release_mini(write_mini_catalog(Path("c")), keys, sign=("host",))
    Path("a.yaml").write_text(assessment_yaml("ALP-01: {value: true}\n", extra=pinned(root)))
    return root


def _score(runner: CliRunner, *args: str) -> tuple[int, list[str], str]:
    result = run(runner, ["--criteria", "c", "score", "a.yaml", *args])
    return result.exit_code, result.stderr.splitlines(), result.stdout


def _refused(runner: CliRunner, line: str) -> None:
    code, err, out = _score(runner)
    assert (code, err, out) == (2, [line, "1 problem in 1 file"], "")


def test_a_release_awaiting_a_signature_is_refused_unless_allowed(root: Path, runner: CliRunner) -> None:
    missing = f"partner {PARTNER} has not signed (no 0001-mini@1.0.0.json.{PARTNER}.sig)"
    _refused(runner, f"{ENTRY}: mini@1.0.0 is not in force: {missing}; {ADVICE}")
    code, err, out = _score(runner, "--allow-unsigned")
    assert code == 0
    assert err[0] == f"warning: --allow-unsigned: using mini@1.0.0, which is not in force: {missing}"
    assert f"catalog mini@1.0.0 NOT in force, used with --allow-unsigned: signed by host {HOST}; {missing}" in out
    code, err, out = _score(runner, "--allow-unsigned", "--lang", "ja")  # what is missing, in the reader's language
    assert code == 0
    assert f"パートナー国 {PARTNER}は署名していない（0001-mini@1.0.0.json.{PARTNER}.sigがない）" in out
    assert "has not signed" not in out


def test_a_report_made_anyway_says_so_and_none_is_made_otherwise(root: Path, runner: CliRunner) -> None:
    result = run(runner, ["--criteria", "c", "report", "a.yaml", "--format", "html", "-o", "a.html"])
    assert result.exit_code == 2
    assert not Path("a.html").exists()
    result = run(runner, ["--criteria", "c", "report", "a.yaml", "--format", "html", "-o", "a.html",
                          "--allow-unsigned"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("warning: --allow-unsigned: using mini@1.0.0, which is not in force")
    html = Path("a.html").read_text()
    said = ('<p class="illustrative warning">Scored against a catalog release that is not in force: not every '
            "signatory&#39;s signature verifies, and this report was made with --allow-unsigned.</p>")
    assert html.count(said) == 2  # on the cover and atop the brief
    assert "The catalog release used is not in force:</strong> not every signatory's signature verifies, and this " \
           "report was made with --allow-unsigned." in html
    assert f"partner {PARTNER} has not signed" in html


def _sign_as_partner(data: bytes, key: Path, namespace: str = CATALOG_RELEASE_NAMESPACE) -> None:
    Path(PARTNER_SIG).write_text(sign_bytes(data, key, namespace=namespace))


def test_a_malformed_signature(root: Path, runner: CliRunner) -> None:
    Path(PARTNER_SIG).write_text("-----BEGIN SSH SIGNATURE-----\nnot base64!\n-----END SSH SIGNATURE-----\n")
    _refused(runner, f"{PARTNER_SIG}: mini@1.0.0 is not in force: partner {PARTNER}'s signature does not verify: "
                     f"malformed signature: expected base64 on line 2, found ' '; {ADVICE}")


def test_an_unknown_key(root: Path, runner: CliRunner, tmp_path: Path) -> None:
    stranger = tmp_path / "stranger"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(stranger)], check=True, timeout=60)
    _sign_as_partner(Path(ENTRY).read_bytes(), stranger)
    code, err, _ = _score(runner)
    assert code == 2
    assert err[0].startswith(f"{PARTNER_SIG}: mini@1.0.0 is not in force: partner {PARTNER}'s signature does not "
                             "verify: not an allowed signer: ED25519 key SHA256:")
    assert err[0].endswith(f" is on no line of c/allowed_signers; {ADVICE}")


def test_a_key_not_allowed_for_that_role(root: Path, runner: CliRunner, keys: dict[str, Path]) -> None:
    _sign_as_partner(Path(ENTRY).read_bytes(), keys["host"])  # the host's key, filed as the partner's signature
    code, err, _ = _score(runner)
    assert code == 2
    assert err[0].startswith(f"{PARTNER_SIG}: mini@1.0.0 is not in force: partner {PARTNER}'s signature does not "
                             f"verify: not an allowed signer for '{PARTNER}': ED25519 key SHA256:")
    assert err[0].endswith(f" is listed for {HOST} (c/allowed_signers:7); {ADVICE}")
    # the partner's own key, in the namespace of assessments: not a release signature
    _sign_as_partner(Path(ENTRY).read_bytes(), keys["partner"], ASSESSMENT_NAMESPACE)
    _refused(runner, f"{PARTNER_SIG}: mini@1.0.0 is not in force: partner {PARTNER}'s signature does not verify: "
                     f"namespace mismatch: expected 'roadmap-catalog-release', found 'roadmap-assessment'; {ADVICE}")


def test_a_key_the_allowed_signers_file_keeps_to_assessments(root: Path, runner: CliRunner,
                                                             keys: dict[str, Path]) -> None:
    _sign_as_partner(Path(ENTRY).read_bytes(), keys["partner"])
    signers = Path("c/allowed_signers")
    signers.write_text(signers.read_text().replace(f'{PARTNER} namespaces="roadmap-catalog-release,roadmap-assessment"',
                                                   f'{PARTNER} namespaces="roadmap-assessment"'))
    code, err, _ = _score(runner)
    assert code == 2
    assert err[0].startswith(f"{PARTNER_SIG}: mini@1.0.0 is not in force: partner {PARTNER}'s signature does not "
                             "verify: c/allowed_signers:8: ED25519 key SHA256:")
    assert err[0].endswith(" is not allowed in namespace 'roadmap-catalog-release': namespaces=\"roadmap-assessment\"; "
                           f"{ADVICE}")


def test_a_signature_over_other_bytes(root: Path, runner: CliRunner, keys: dict[str, Path]) -> None:
    _sign_as_partner(b"other bytes\n", keys["partner"])
    code, err, _ = _score(runner)
    assert code == 2
    assert err[0].startswith(f"{PARTNER_SIG}: mini@1.0.0 is not in force: partner {PARTNER}'s signature does not "
                             "verify: signature does not match the message: ED25519 key SHA256:")
    assert err[0].endswith(" did not sign these bytes (changed since signing, or another file); " + ADVICE)


def test_in_force_once_the_partner_signs(root: Path, runner: CliRunner, keys: dict[str, Path]) -> None:
    _sign_as_partner(Path(ENTRY).read_bytes(), keys["partner"])
    code, err, out = _score(runner)
    assert (code, err) == (0, [])
    assert f"catalog mini@1.0.0 in force: signed by host {HOST}, partner {PARTNER}" in out


def test_a_partner_checks_against_its_own_keys(root: Path, runner: CliRunner, keys: dict[str, Path],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _sign_as_partner(Path(ENTRY).read_bytes(), keys["partner"])
    mine = Path("mine")
    mine.write_text("".join(line for line in Path("c/allowed_signers").read_text().splitlines(keepends=True)
                            if not line.startswith(HOST)))
    result = run(runner, ["--criteria", "c", "score", "a.yaml", "--allowed-signers", "mine"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(
        f"{HOST_SIG}: mini@1.0.0 is not in force: host {HOST}'s signature does not verify: not an allowed signer: "
        "ED25519 key SHA256:")
    assert result.stderr.splitlines()[0].endswith(f" is on no line of mine; {ADVICE}")
    monkeypatch.setenv("ROADMAP_ALLOWED_SIGNERS", "mine")
    assert run(runner, ["--criteria", "c", "score", "a.yaml"]).exit_code == 2
    monkeypatch.setenv("ROADMAP_ALLOWED_SIGNERS", "c/allowed_signers")
    assert run(runner, ["--criteria", "c", "score", "a.yaml", "--allowed-signers", "mine"]).exit_code == 2
    assert run(runner, ["--criteria", "c", "score", "a.yaml"]).exit_code == 0


def test_no_allowed_signers_file(root: Path, runner: CliRunner, keys: dict[str, Path]) -> None:
    _sign_as_partner(Path(ENTRY).read_bytes(), keys["partner"])
    Path("c/allowed_signers").unlink()
    code, err, _ = _score(runner)
    assert code == 2
    assert err[:2] == [
        f"{HOST_SIG}: mini@1.0.0 is not in force: host {HOST}'s signature does not verify: no allowed-signers file: "
        f"signatures cannot be checked without the keys you trust (--allowed-signers FILE or ROADMAP_ALLOWED_SIGNERS); "
        f"{ADVICE}",
        f"{PARTNER_SIG}: mini@1.0.0 is not in force: partner {PARTNER}'s signature does not verify: no allowed-signers "
        "file: signatures cannot be checked without the keys you trust (--allowed-signers FILE or "
        f"ROADMAP_ALLOWED_SIGNERS); {ADVICE}"]


def test_a_malformed_allowed_signers_file(root: Path, runner: CliRunner) -> None:
    with open("c/allowed_signers", "a") as f:
        f.write('nobody@x namespaces="a" ssh-ed25519 AAAA\n')
    code, err, _ = _score(runner)
    assert code == 2
    assert err == ["c/allowed_signers:12:37: key: truncated public key: expected 4 bytes of the length of the key "
                   "type, found 3", "1 problem in 1 file"]


def test_a_status_changed_to_draft_after_release(root: Path, runner: CliRunner, keys: dict[str, Path]) -> None:
    _sign_as_partner(Path(ENTRY).read_bytes(), keys["partner"])
    meta = Path("c/mini/1.0.0/catalog.yaml")
    meta.write_text(meta.read_text().replace("status: released\nreleased: 2026-01-02", "status: draft"))
    _refused(runner, "c/mini/1.0.0/catalog.yaml: mini@1.0.0 refused: its status was changed from released to draft "
                     "after its release in 0001-mini@1.0.0.json; released versions are frozen")


def test_a_released_version_without_its_entry(root: Path, runner: CliRunner) -> None:
    for path in Path("c/releases").iterdir():
        path.unlink()
    _refused(runner, "c/mini/1.0.0/catalog.yaml: mini@1.0.0 refused: marked released, but the release log "
                     "c/releases has no entry for it (removed, or never released: roadmap criteria release mini@1.0.0)")


def test_every_command_checks(root: Path, runner: CliRunner) -> None:
    shutil.copyfile("a.yaml", "b.yaml")
    commands = [["validate", "a.yaml"], ["plan", "a.yaml"], ["reciprocity", "a.yaml"], ["diff", "a.yaml", "b.yaml"],
                ["trend", "a.yaml", "b.yaml"], ["export", "oscal", "results", "a.yaml"],
                ["export", "oscal", "catalog", "--catalog", "mini@1.0.0"], ["criteria", "list", "--catalog", "mini"],
                ["criteria", "show", "ALP-01", "--catalog", "mini"], ["criteria", "diff", "mini@1.0.0", "mini@1.0.0"],
                ["init", "--catalog", "mini", "-o", "new.yaml"], ["sign", "a.yaml", "--key", "k"],
                ["criteria", "map", "--catalog", "mini"]]
    for args in commands:
        result = run(runner, ["--criteria", "c", *args])
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.startswith(f"{ENTRY}: mini@1.0.0 is not in force: partner {PARTNER} has not signed"), args
        assert result.stdout == ""
        result = run(runner, ["--criteria", "c", *args, "--allow-unsigned"])
        assert result.stderr.startswith("warning: --allow-unsigned: using mini@1.0.0, which is not in force"), args
    assert not Path("new.yaml").exists() or "mini@1.0.0" in Path("new.yaml").read_text()


# -- a folder of the user's beside the bundled one ---------------------------------------------------


def test_each_folder_is_checked_against_its_own_log_and_signers(root: Path, runner: CliRunner,
                                                                keys: dict[str, Path]) -> None:
    """`--criteria c` adds c's catalogs to the bundled ones: c's mini is checked against c's release log
    and c's allowed signers, the bundled fvey against the bundled ones, in the same run."""
    _sign_as_partner(Path(ENTRY).read_bytes(), keys["partner"])
    japan = str(EXAMPLES / "japan-2026.yaml")
    result = run(runner, ["validate", "a.yaml", japan, "--criteria", "c"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert f"  catalog mini@1.0.0 in force: signed by host {HOST}, partner {PARTNER}" in lines
    assert f"  catalog fvey@1.1.0 in force: signed by host {HOST}, partner {PARTNER}" in lines
    result = run(runner, ["criteria", "verify", "--criteria", "c"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{ENTRY}: mini@1.0.0 in force: signed by host {HOST} (ED25519 key SHA256:")
    assert lines[-2].startswith("c: ok: 1 release entry chained; head 0001-mini@1.0.0.json (sha256:")
    assert lines[-1].startswith(f"{REPO / 'criteria'}: ok: 10 release entries chained; head 0010-fvey@1.3.0-ja.json")
    # c trusts no partner key now: its release is no longer in force; the bundled ones still are
    signers = Path("c/allowed_signers")
    signers.write_text("".join(line for line in signers.read_text().splitlines(keepends=True)
                               if not line.startswith(PARTNER)))
    result = run(runner, ["--criteria", "c", "validate", "a.yaml"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(
        f"{PARTNER_SIG}: mini@1.0.0 is not in force: partner {PARTNER}'s signature does not verify: not an allowed "
        "signer: ED25519 key SHA256:")
    assert result.stderr.splitlines()[0].endswith(f" is on no line of c/allowed_signers; {ADVICE}")
    signers.unlink()
    result = run(runner, ["--criteria", "c", "validate", japan])
    assert result.exit_code == 0, result.output
    assert f"  catalog fvey@1.1.0 in force: signed by host {HOST}, partner {PARTNER}" in result.stdout.splitlines()
    assert "assessment signed by assessor" in result.stdout  # the example's own signatures: the bundled keys
    result = run(runner, ["criteria", "verify", "--criteria", "c"])
    assert result.exit_code == 1
    assert f"{ENTRY}: mini@1.0.0 NOT in force: signed by no one; " in result.stdout
