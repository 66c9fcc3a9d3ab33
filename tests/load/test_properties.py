"""Property tests: whatever bytes arrive, the loader and the assessment check either accept them or
raise InputError with well-formed problems. Any other exception is a bug."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap.errors import InputError
from roadmap.load.assessments import check_assessment
from roadmap.load.yamlsource import load_bytes
from tests.conftest import assessment_yaml, write_mini_catalog

PROBLEM_LINE = re.compile(r"^[^:]+(:\d+(:\d+)?)?: .+$", re.DOTALL)
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VALID = assessment_yaml("""\
    ALP-01: {value: true, confidence: high}
    ALP-02:
      value: 85
      evidence:
        - {ref: "Audit 7", kind: audit, date: 2026-03-01, verification: independently_verified}
    ALP-03: {value: 12, notes: "two shifts"}
    ALP-04: {status: not_applicable, justification: none held, approver: Chief, expires: 2027-01-01}
    BET-01: {value: 4}
    """, extra="""\
reciprocity:
  period_start: 2026-01-01
  period_end: 2026-06-30
  disciplines:
    CTI: {host_level: L1, partner_level: L1, partner_capability: online,
          host_measures: {volume: 10, timeliness_days: 2.5, responsiveness_pct: 90}}
""")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_mini_catalog(tmp_path_factory.mktemp("props") / "criteria")


def _only_input_errors(raw: bytes, root: Path) -> None:
    try:
        doc = load_bytes(raw, "f.yaml")
        check_assessment(doc, root)
    except InputError as exc:
        assert exc.problems
        for p in exc.problems:
            assert PROBLEM_LINE.match(str(p)), str(p)
            assert p.file == "f.yaml"
            assert "\x00" not in str(p)


def test_the_seed_is_valid(root: Path) -> None:
    check_assessment(load_bytes(VALID.encode(), "f.yaml"), root)


@SETTINGS
@given(st.text(max_size=400))
def test_random_text(root: Path, text: str) -> None:
    _only_input_errors(text.encode("utf-8", errors="surrogatepass"), root)


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes(root: Path, raw: bytes) -> None:
    _only_input_errors(raw, root)


_YAMLISH = st.sampled_from(list(":-[]{},&*!|>'\"#%@`?\t\n ~") + ["yes", "0755", "1:30", ".nan", "<<",
                                                                 "!!python/name:os.system", "*a", "&a", "---",
                                                                 "...", "\ufeff", "\x85", "1.10"])


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    text = VALID
    for _ in range(draw(st.integers(1, 4))):
        lines = text.split("\n")
        op = draw(st.sampled_from(["del_char", "dup_char", "replace_char", "insert", "del_line", "dup_line",
                                   "swap_lines", "replace_line"]))
        if op.endswith("_char") or op == "insert":
            i = draw(st.integers(0, max(len(text) - 1, 0)))
            if op == "del_char":
                text = text[:i] + text[i + 1:]
            elif op == "dup_char":
                text = text[:i] + text[i:i + 1] + text[i:]
            elif op == "replace_char":
                text = text[:i] + draw(_YAMLISH) + text[i + 1:]
            else:
                text = text[:i] + draw(_YAMLISH) + text[i:]
        else:
            j = draw(st.integers(0, len(lines) - 1))
            if op == "del_line":
                del lines[j]
            elif op == "dup_line":
                lines.insert(j, lines[j])
            elif op == "swap_lines":
                k = draw(st.integers(0, len(lines) - 1))
                lines[j], lines[k] = lines[k], lines[j]
            else:
                lines[j] = draw(st.text(alphabet=st.sampled_from(list(" :-[]{}ab1'\"&*!")), max_size=20))
            text = "\n".join(lines)
    return text.encode("utf-8", errors="surrogatepass")


@SETTINGS
@given(mutated())
def test_mutated_assessment(root: Path, raw: bytes) -> None:
    _only_input_errors(raw, root)
