"""An assessment that marks who may receive its parts names both parties' country codes
(roadmap.load.releasability), and a releasability is one of the forms the model reads."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tests.conftest import assessment_yaml, run

PARTIES = """\
parties:
  host: {name: Hostland, code: USA, approvers: [H. Host]}
  partner: {name: Testland, CODE, approvers: [T. Test]}
"""


def _validate(runner: CliRunner, root: Path, tmp_path: Path, findings: str, parties: str = PARTIES) -> str:
    f = tmp_path / "a.yaml"
    f.write_text(assessment_yaml(findings, extra=parties))
    result = run(runner, ["--criteria", str(root), "validate", str(f)])
    return f"{result.exit_code}\n{result.output}"


def test_a_release_needs_both_codes(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    findings = ("ALP-01: {value: true, release: [host]}\n"
                "ALP-02: {value: 60, evidence: [{ref: r, kind: record, date: 2026-01-01, "
                "verification: documented, release: NOFORN}]}\n")
    out = _validate(runner, mini_root, tmp_path, findings, PARTIES.replace("CODE, ", ""))
    assert out.startswith("2\n"), out
    assert ("a.yaml:11:34: findings.ALP-01.release: expected parties.partner.code (a country code such as USA or "
            "JPN) when a part says who may receive it (2 here): releasability is read against the parties' "
            "codes") in out
    assert _validate(runner, mini_root, tmp_path, findings, PARTIES.replace("CODE", "code: JPN")).startswith("0\n")


def test_a_release_is_sides_or_a_marking(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    parties = PARTIES.replace("CODE", "code: JPN")
    out = _validate(runner, mini_root, tmp_path, "ALP-01: {value: true, release: [hosts]}\n", parties)
    assert ("findings.ALP-01.release: expected the sides that may receive it, [host], [partner] or [host, "
            "partner], or a marking such as \"REL TO USA, JPN\"; found ['hosts']") in out, out
    out = _validate(runner, mini_root, tmp_path, 'ALP-01: {value: true, release: "for the host"}\n', parties)
    assert "findings.ALP-01.release: expected a marking with a classification or a foreign-disclosure control" in out
    out = _validate(runner, mini_root, tmp_path, "ALP-01: {value: true}\n", parties.replace("USA", "usa"))
    assert "parties.host.code: expected a country code of three capital letters such as USA or JPN" in out, out


def test_notes_may_be_paragraphs_that_say_who_may_receive_them(runner: CliRunner, mini_root: Path,
                                                               tmp_path: Path) -> None:
    parties = (PARTIES.replace("CODE", "code: JPN")
               + 'notes:\n  - "For everyone."\n  - {text: "Host only.", release: [host]}\n')
    assert _validate(runner, mini_root, tmp_path, "ALP-01: {value: true}\n", parties).startswith("0\n")


def test_a_release_marking_is_held_to_the_rules_of_a_marking(runner: CliRunner, mini_root: Path,
                                                             tmp_path: Path) -> None:
    parties = PARTIES.replace("CODE", "code: JPN")
    out = _validate(runner, mini_root, tmp_path, 'ALP-01: {value: true, release: "NOFORN\\u202e"}\n', parties)
    assert "findings.ALP-01.release: expected a marking of letters, digits, spaces and / , - ( )" in out, out
    out = _validate(runner, mini_root, tmp_path, 'ALP-01: {value: true, release: "REL TO USA, JР\\u0420N"}\n',
                    parties)
    assert "findings.ALP-01.release: expected letters of the Latin script" in out, out
