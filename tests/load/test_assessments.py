"""Loading assessments: every problem of a file, verbatim, with line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap.errors import InputError
from roadmap.load.assessments import load_assessment, load_many
from tests.conftest import assessment_yaml


def _problems(root: Path, tmp_path: Path, text: str, name: str = "a.yaml") -> list[str]:
    f = tmp_path / name
    f.write_text(text)
    with pytest.raises(InputError) as info:
        load_assessment(f, name, root)
    return [str(p) for p in info.value.problems]


def test_valid_file_loads(mini_root: Path, tmp_path: Path) -> None:
    f = tmp_path / "ok.yaml"
    f.write_text(assessment_yaml("ALP-01: {value: true}\n"))
    la = load_assessment(f, "ok.yaml", mini_root)
    assert la.assessment.partner == "Testland"
    assert la.catalog.ref == "mini@1.0.0"
    assert la.assessment.findings["ALP-01"].value is True


def test_values_must_fit_the_metric(mini_root: Path, tmp_path: Path) -> None:
    text = assessment_yaml("""\
        ALP-01: {value: 1}
        ALP-02: {value: "85%"}
        ALP-03: {value: -4}
        ALP-04: {value: complete}
        BET-01: {value: 2.5}
        BET-02: {value: 140}
        """)
    assert _problems(mini_root, tmp_path, text) == [
        "a.yaml:8:19: findings.ALP-01.value: expected true or false, found the number 1",
        "a.yaml:9:19: findings.ALP-02.value: expected a number, found the text '85%' "
        "(write the number without quotes or %)",
        "a.yaml:10:19: findings.ALP-03.value: expected a number of at least 0, found -4",
        "a.yaml:11:19: findings.ALP-04.value: expected one of none, basic, full, audited, found the text 'complete'",
        "a.yaml:12:19: findings.BET-01.value: expected a whole number, found 2.5",
        "a.yaml:13:19: findings.BET-02.value: expected a percentage from 0 to 100, found 140",
    ]


def test_unknown_ids_keys_and_missing_justification(mini_root: Path, tmp_path: Path) -> None:
    text = assessment_yaml("""\
        ALP-05: {value: true}
        ALP-01: {valu: true}
        BET-02: {status: not_applicable, justification: no unit}
        """)
    assert _problems(mini_root, tmp_path, text) == [
        "a.yaml:8:3: findings.ALP-05: unknown criterion id ALP-05 in mini@1.0.0; did you mean ALP-04?",
        "a.yaml:9:12: findings.ALP-01.valu: unknown key 'valu'; did you mean 'value'?",
        "a.yaml:10:11: findings.BET-02: status 'not_applicable' needs approver (or approvals), expires",
    ]


def test_top_level_problems_all_reported(mini_root: Path, tmp_path: Path) -> None:
    text = (
        "partner: Testland\n"
        "assessors: Someone\n"
        "as_of: 2026-13-01\n"
        "marking: UNCLASSIFIED\n"
        "catalog: mini@1.0.0\n"
        "colour: blue\n"
        "findings: {}\n"
    )
    assert _problems(mini_root, tmp_path, text) == [
        "a.yaml:1:1: missing required key 'host'",
        "a.yaml:2:12: assessors: expected a list, found the text 'Someone'",
        "a.yaml:3:8: as_of: invalid date 2026-13-01: month must be in 1..12",
        "a.yaml:6:1: colour: unknown key 'colour'; expected one of: title, partner, scope, host, parties, "
        "assessors, as_of, marking, catalog, catalog_digest, profile, illustrative, lang, notes, findings, "
        "reciprocity, rollup",
    ]


def test_catalog_version_not_found_and_digest_mismatch(mini_root: Path, tmp_path: Path) -> None:
    text = assessment_yaml("{}\n", catalog="mini@9.9.9")
    assert _problems(mini_root, tmp_path, text) == [
        "a.yaml:6:10: catalog: catalog version mini@9.9.9 not found (available: 1.0.0)",
    ]
    text = assessment_yaml("{}\n", extra='catalog_digest: "sha256:' + "0" * 64 + '"\n')
    (problem,) = _problems(mini_root, tmp_path, text)
    assert problem.startswith("a.yaml:7:17: catalog_digest: expected sha256:")
    assert problem.endswith("found sha256:" + "0" * 64 + ": the file was pinned to other catalog text, either a "
                            "version other than mini@1.0.0 (check catalog:) or mini@1.0.0 before it changed")


def test_yaml_traps_are_refused_with_advice(mini_root: Path, tmp_path: Path) -> None:
    text = assessment_yaml("""\
        ALP-01: {value: yes}
        BET-01: {value: 010}
        ALP-02: {value: 85}
        ALP-02: {value: 90}
        """)
    assert _problems(mini_root, tmp_path, text) == [
        'a.yaml:8:19: findings.ALP-01.value: ambiguous value yes: YAML 1.1 reads it as a boolean and YAML 1.2 '
        'as text; write true/false, or quote it ("yes")',
        'a.yaml:9:19: findings.BET-01.value: ambiguous number 010: YAML 1.1 reads it as the octal number 8, '
        'YAML 1.2 as 10; write a plain decimal number, or quote it ("010")',
        "a.yaml:11:3: findings.ALP-02: duplicate key 'ALP-02' (first at line 10)",
    ]


def test_unquoted_version_like_text_gets_a_hint(mini_root: Path, tmp_path: Path) -> None:
    text = assessment_yaml("{}\n").replace("partner: Testland", "partner: 1.10")
    assert _problems(mini_root, tmp_path, text) == [
        'a.yaml:1:10: partner: expected text, found 1.10, which YAML reads as the number 1.1; '
        'quote it ("1.10") to keep it as text',
    ]


def test_load_many_reports_all_files(mini_root: Path, tmp_path: Path) -> None:
    (tmp_path / "one.yaml").write_text("partner: [\n")
    (tmp_path / "two.yaml").write_text(assessment_yaml("ALP-09: {value: true}\n"))
    with pytest.raises(InputError) as info:
        load_many([tmp_path / "one.yaml", tmp_path / "two.yaml"], mini_root)
    files = [Path(p.file).name for p in info.value.problems]
    assert files == ["one.yaml", "two.yaml"]


def test_malformed_digest_is_one_problem(mini_root: Path, tmp_path: Path) -> None:
    text = assessment_yaml("ALP-01: {value: true}\n", extra='catalog_digest: "sha256:deadbeef"\n')
    assert _problems(mini_root, tmp_path, text) == [
        'a.yaml:7:17: catalog_digest: expected a digest such as "sha256:" followed by 64 hex digits, '
        "found the text 'sha256:deadbeef'",
    ]


def test_malformed_ids_and_wrong_case_values_get_suggestions(mini_root: Path, tmp_path: Path) -> None:
    text = assessment_yaml("""\
        alp-01: {value: true}
        ALP-2: {value: 50}
        bet 1: {value: 1, status: Assessed}
        xyz: {value: 1}
        foo1: {value: 1}
        ALP-03:
          value: 4
          evidence: [{ref: log, kind: Document, date: 2026-01-01, verification: Self-Asserted}]
        """)
    assert _problems(mini_root, tmp_path, text) == [
        "a.yaml:8:3: findings.alp-01: expected a criterion id such as PER-04 as the key, found the text "
        "'alp-01'; did you mean ALP-01?",
        "a.yaml:9:3: findings.ALP-2: expected a criterion id such as PER-04 as the key, found the text "
        "'ALP-2'; did you mean ALP-02?",
        "a.yaml:10:3: findings.bet 1: expected a criterion id such as PER-04 as the key, found the text "
        "'bet 1'; did you mean BET-01?",
        "a.yaml:10:29: findings.bet 1.status: expected one of 'assessed', 'not_assessed', 'not_applicable' or "
        "'exception', found the text 'Assessed'; did you mean assessed?",
        "a.yaml:11:3: findings.xyz: expected a criterion id such as PER-04 as the key, found the text 'xyz'",
        # no domain has the prefix FOO: no guess (it would be any XXX-01)
        "a.yaml:12:3: findings.foo1: expected a criterion id such as PER-04 as the key, found the text 'foo1'",
        "a.yaml:15:33: findings.ALP-03.evidence[0].kind: expected one of 'document', 'record', 'test', "
        "'inspection', 'interview', 'observation', 'statement', 'publication' or 'audit', found the text "
        "'Document'; did you mean document?",
        "a.yaml:15:75: findings.ALP-03.evidence[0].verification: expected one of 'self_asserted', 'documented' "
        "or 'independently_verified', found the text 'Self-Asserted'; did you mean self_asserted?",
    ]


def test_yaml11_boolean_in_a_field_that_takes_no_boolean_gets_the_schemas_message(mini_root: Path,
                                                                                  tmp_path: Path) -> None:
    text = assessment_yaml("""\
        ALP-01: {value: true, confidence: yes}
        ALP-02: {value: 50, notes: no}
        """, extra="illustrative: on\n")
    assert _problems(mini_root, tmp_path, text) == [
        'a.yaml:7:15: illustrative: ambiguous value on: YAML 1.1 reads it as a boolean and YAML 1.2 as text; '
        'write true/false, or quote it ("on")',
        "a.yaml:9:37: findings.ALP-01.confidence: expected one of 'low', 'medium' or 'high', found yes, "
        "which YAML 1.1 reads as the boolean true",
        'a.yaml:10:30: findings.ALP-02.notes: expected text, found no, which YAML 1.1 reads as the boolean '
        'false; quote it ("no") to keep it as text',
    ]


def test_load_many_sorts_problems_by_file(mini_root: Path, tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text(assessment_yaml("ALP-09: {value: true}\n"))
    (tmp_path / "a.yaml").write_text("partner: [\n")
    with pytest.raises(InputError) as info:
        load_many([tmp_path / "b.yaml", tmp_path / "a.yaml"], mini_root)
    assert [Path(p.file).name for p in info.value.problems] == ["a.yaml", "b.yaml"]
