"""Criterion ids as people type them (roadmap.load.ids): one matcher for every "did you mean"."""

from __future__ import annotations

import pytest

from roadmap.load.ids import find_id, likely_id, suggest_id

KNOWN = ("PER-04", "PER-09", "CYB-05b", "PHY-001")


@pytest.mark.parametrize(("text", "expected"), [
    ("phy-01", "PHY-01"), ("PHY-1", "PHY-01"), ("phy 1", "PHY-01"), ("per_04", "PER-04"), ("PER4", "PER-04"),
    ("cyb-05B", "CYB-05b"), ("phy-001", "PHY-001"), ("foo", None), ("PER-", None), ("P-04", None),
])
def test_likely_id(text: str, expected: str | None) -> None:
    assert likely_id(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("PER-04", "PER-04"), ("per-4", "PER-04"), (" per-04 ", "PER-04"), ("cyb-05b", "CYB-05b"),
    ("phy-001", "PHY-001"), ("PER-99", None), ("nonsense", None),
])
def test_find_id(text: str, expected: str | None) -> None:
    assert find_id(text, KNOWN) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("per-4", "PER-04"), ("PER-99", "PER-09"), ("CYB-5", "CYB-05b"), ("XYZ-99", None),
])
def test_suggest_id(text: str, expected: str | None) -> None:
    assert suggest_id(text, KNOWN) == expected
