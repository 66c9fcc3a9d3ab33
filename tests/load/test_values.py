"""A finding's value or values checked against its criterion's measures (roadmap/load/values.py):
every problem at its place, with a did-you-mean for an unknown measure."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap.errors import InputError
from roadmap.load.assessments import check_assessment
from roadmap.load.yamlsource import load_bytes
from tests.conftest import assessment_yaml


def _problems(root: Path, findings: str) -> list[str]:
    text = assessment_yaml(findings, catalog="duo@1.0.0")
    with pytest.raises(InputError) as exc:
        check_assessment(load_bytes(text.encode(), "a.yaml"), root)
    return [str(p) for p in exc.value.problems]


def test_values_of_every_measure_load(duo_root: Path) -> None:
    text = assessment_yaml("ALP-01: {values: {share: 85, hours: 30}}\nALP-02: {value: 25}\n", catalog="duo@1.0.0")
    la = check_assessment(load_bytes(text.encode(), "a.yaml"), duo_root)
    assert la.assessment.findings["ALP-01"].values == {"share": 85, "hours": 30}


def test_unknown_measure_with_did_you_mean(duo_root: Path) -> None:
    assert _problems(duo_root, "ALP-01: {values: {shares: 85, hours: 30}}\n") == [
        "a.yaml:8:20: findings.ALP-01.values: missing a value for share: every measure of ALP-01 needs one "
        "(share, hours)",
        "a.yaml:8:21: findings.ALP-01.values.shares: unknown measure shares of ALP-01 in duo@1.0.0; "
        "did you mean share?",
    ]


def test_every_measure_needs_a_value_when_assessed(duo_root: Path) -> None:
    assert _problems(duo_root, "BET-01:\n  values:\n    level: basic\n") == [
        "a.yaml:10:7: findings.BET-01.values: missing a value for register: every measure of BET-01 needs one "
        "(level, register)"]


def test_each_value_fits_its_measure(duo_root: Path) -> None:
    assert _problems(duo_root, "BET-01: {values: {level: partial, register: 3}}\n") == [
        "a.yaml:8:28: findings.BET-01.values.level: expected one of none, basic, full, found the text 'partial'",
        "a.yaml:8:47: findings.BET-01.values.register: expected true or false, found the number 3",
    ]


def test_value_where_values_are_needed_and_the_reverse(duo_root: Path) -> None:
    assert _problems(duo_root, "ALP-01: {value: 85}\nALP-02: {values: {share: 25}}\n") == [
        "a.yaml:8:12: findings.ALP-01.value: expected values, one per measure (share, hours): ALP-01 has several "
        "measures in duo@1.0.0, found value",
        "a.yaml:9:12: findings.ALP-02.values: expected value: ALP-02 has one measure in duo@1.0.0, found values",
    ]


def test_assessed_without_values_says_values(duo_root: Path) -> None:
    assert _problems(duo_root, "ALP-01: {confidence: low}\n") == [
        "a.yaml:8:11: findings.ALP-01: status 'assessed' needs values, one per measure of ALP-01 (share, hours), "
        "or set status: not_assessed"]


def test_value_and_values_together(duo_root: Path) -> None:
    assert _problems(duo_root, "ALP-02: {value: 1, values: {share: 2}}\n")[0].endswith(
        "findings.ALP-02: give value (a criterion with one measure) or values (one per measure), not both")
