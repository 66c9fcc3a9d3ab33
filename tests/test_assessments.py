"""Loading assessments: every problem of a file, verbatim, with line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap.assessments import load_assessment, load_many
from roadmap.errors import InputError
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
        "a.yaml:10:11: findings.BET-02: status 'not_applicable' needs approver, expires",
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
        "a.yaml:6:1: colour: unknown key 'colour'; expected one of: title, partner, host, assessors, as_of, "
        "marking, catalog, catalog_digest, illustrative, notes, findings, reciprocity",
    ]


def test_catalog_version_not_found_and_digest_mismatch(mini_root: Path, tmp_path: Path) -> None:
    text = assessment_yaml("{}\n", catalog="mini@9.9.9")
    assert _problems(mini_root, tmp_path, text) == [
        "a.yaml:6:10: catalog: catalog version mini@9.9.9 not found (available: 1.0.0)",
    ]
    text = assessment_yaml("{}\n", extra='catalog_digest: "sha256:' + "0" * 64 + '"\n')
    (problem,) = _problems(mini_root, tmp_path, text)
    assert problem.startswith("a.yaml:7:17: catalog_digest: expected sha256:")
    assert problem.endswith("found sha256:" + "0" * 64 + "; the catalog changed since this file was pinned")


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
