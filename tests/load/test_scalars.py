"""Plain scalars (roadmap.load.scalars): YAML 1.1's reading kept where YAML 1.2 agrees, refused where not."""

from __future__ import annotations

import datetime as dt

import pytest

from roadmap.load.yamlsource import load_bytes


@pytest.mark.parametrize(("text", "value"), [
    ("1.5", 1.5), ("-2", -2), ("+3", 3), ("1.0e+3", 1000.0), ("true", True), ("False", False), ("~", None),
    ("2025-01-02", dt.date(2025, 1, 2)), ("y", "y"), ("1e3x", "1e3x"), ("0o", "0o"), ("'0755'", "0755"),
])
def test_scalars_read_as_both_yaml_versions_agree(text: str, value: object) -> None:
    assert load_bytes(f"v: {text}\n".encode(), "f.yaml").data == {"v": value}


@pytest.mark.parametrize("text", ["yes", "No", "on", "OFF", "0755", "0o17", "0x1F", "0b101", "1:30", "1_000",
                                  "1e3", "1.5E3", ".nan", "-.inf", "1.0e+999", "2025-02-30", "9" * 16])
def test_scalars_that_change_meaning_are_refused(text: str) -> None:
    doc = load_bytes(f"v: {text}\n".encode(), "f.yaml")
    assert len(doc.problems) == 1 and doc.bad_paths == {("v",)}
    assert doc.data == {"v": text}
