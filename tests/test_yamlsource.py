"""The safe YAML reader: data, positions, and what it refuses, called directly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from roadmap.errors import InputError
from roadmap.load.validation import data_loc, validate
from roadmap.load.yamlsource import MAX_PROBLEMS, dotted, load_bytes, read_bytes
from roadmap.models.assessment import Assessment


def _problems(text: str | bytes) -> list[str]:
    raw = text.encode() if isinstance(text, str) else text
    try:
        doc = load_bytes(raw, "f.yaml")
    except InputError as exc:
        return [str(p) for p in exc.problems]
    return [str(p) for p in doc.problems]


def test_data_and_marks() -> None:
    doc = load_bytes(b"a: 1\nb:\n  - x\n  - {c: 2025-01-02, d: 1.5, e: ~, f: 'yes'}\n", "f.yaml")
    assert doc.data == {"a": 1, "b": ("x", {"c": dt.date(2025, 1, 2), "d": 1.5, "e": None, "f": "yes"})}
    assert doc.marks[("b", 1, "d")] == (4, 24)
    assert doc.key_marks[("b",)] == (2, 1)
    assert doc.mark(("b", 1, "missing")) == (4, 5)  # the nearest written ancestor
    assert doc.written[("a",)] == "1"
    assert ("b", 1, "f") not in doc.written  # quoted: text as written


def test_str_tag_on_a_key_is_text_and_other_tags_on_keys_are_refused() -> None:
    assert load_bytes(b"!!str 5: x\n", "f.yaml").data == {"5": "x"}
    assert _problems("!!int 5: x\nok: 1\n") == ["f.yaml:1:1: 5: expected a plain text key, found the tag '!!int' on it"]
    assert _problems("!!python/object:os.system k: x\n") == [
        "f.yaml:1:1: k: expected a plain text key, found the tag '!!python/object:os.system' on it"]


def test_collection_and_alias_keys_are_refused_and_reading_goes_on() -> None:
    assert _problems("a: &x k\n*x : 1\n[1, 2]: 3\nb: yes\n") == [
        "f.yaml:2:1: expected a plain text key, found the alias '*x'",
        "f.yaml:3:1: expected a plain text key, found a list",
        'f.yaml:4:4: b: ambiguous value yes: YAML 1.1 reads it as a boolean and YAML 1.2 as text; '
        'write true/false, or quote it ("yes")',
    ]


def test_duplicate_key_value_is_dropped_and_its_problems_show_the_key() -> None:
    doc = load_bytes(b"a: {v: 1}\na: {v: on}\n", "f.yaml")
    assert doc.data == {"a": {"v": 1}}
    assert [str(p) for p in doc.problems] == [
        "f.yaml:2:1: a: duplicate key 'a' (first at line 1)",
        'f.yaml:2:8: a.v: ambiguous value on: YAML 1.1 reads it as a boolean and YAML 1.2 as text; '
        'write true/false, or quote it ("on")',
    ]
    assert "\x00" not in str(doc.problems)
    assert doc.marks[("a", "v")] == (1, 8)  # the kept value's position is not overwritten


def test_values_under_an_alias_are_placed_on_the_alias() -> None:
    doc = load_bytes(b"a: &x {v: 1, w: [1, 2]}\nb: *x\n", "f.yaml")
    assert doc.data["b"] == {"v": 1, "w": (1, 2)}
    assert doc.mark(("b", "w", 1)) == (2, 4)
    assert doc.mark(("a", "w", 1)) == (1, 21)


def test_refused_values_stay_refused_through_an_alias() -> None:
    doc = load_bytes(b"a: &x {v: 0755}\nb: *x\n", "f.yaml")
    assert ("b", "v") in doc.bad_paths
    assert len(doc.problems) == 1  # said once, where it is written


def test_anchor_on_a_key_can_be_used_as_a_value() -> None:
    assert load_bytes(b"&k name: 1\nother: *k\n", "f.yaml").data == {"name": 1, "other": "name"}


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


def test_problem_cap_stops_reading() -> None:
    problems = _problems("a: 1\n" * (MAX_PROBLEMS + 50))
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1] == f"f.yaml:{MAX_PROBLEMS + 2}:1: stopped reading after {MAX_PROBLEMS} problems"


def test_byte_positions_count_characters() -> None:
    assert _problems("n: é\xe9".encode()[:-2] + b"\xe9\n") == [
        "f.yaml:1:5: expected UTF-8 text, found the byte 0xe9 (save the file as UTF-8)"]


def test_read_bytes_refuses_special_files(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="found a FIFO"):
        read_bytes(fifo, "p")
    with pytest.raises(InputError, match="found a directory"):
        read_bytes(tmp_path, "d")
    with pytest.raises(InputError, match="found a device"):
        read_bytes(Path("/dev/null"), "n")
    (tmp_path / "big").write_bytes(b"x" * 11)
    with pytest.raises(InputError, match="expected at most 10 bytes, found a file of 11 bytes"):
        read_bytes(tmp_path / "big", "big", limit=10)
    assert read_bytes(tmp_path / "big", "big", limit=11) == b"x" * 11


def test_dotted() -> None:
    assert dotted(("findings", "PER-04", "evidence", 0, "date")) == "findings.PER-04.evidence[0].date"
    assert dotted((0, 1)) == "[0][1]"


# -- pydantic locations onto YAML paths --------------------------------------------------------------

@pytest.mark.parametrize(("loc", "path"), [
    (("findings", "ALP-01", "value", "bool"), ("findings", "ALP-01", "value")),
    (("findings", "ALP-01", "evidence", 0, "date"), ("findings", "ALP-01", "evidence", 0, "date")),
    (("findings", "bad id", "[key]"), ("findings", "bad id")),
    (("reciprocity", "disciplines", "CTI", "host_measures", "timeliness_days", "constrained-float"),
     ("reciprocity", "disciplines", "CTI", "host_measures", "timeliness_days")),
    (("colour",), ("colour",)),
    (("colour", "date", "constrained-int"), ("colour", "date")),
])
def test_data_loc_keeps_fields_named_like_union_tags(loc: tuple[object, ...], path: tuple[object, ...]) -> None:
    assert data_loc(Assessment, loc) == path


def test_missing_evidence_date_is_named_and_placed() -> None:
    text = ("partner: P\nhost: H\nassessors: [A]\nas_of: 2026-01-01\nmarking: U\ncatalog: \"xy@1.0.0\"\n"
            "findings:\n  ALP-01:\n    value: true\n    evidence:\n      - {ref: R, kind: record, verification: documented}\n")
    with pytest.raises(InputError) as info:
        validate(Assessment, load_bytes(text.encode(), "f.yaml"))
    assert [str(p) for p in info.value.problems] == [
        "f.yaml:11:9: findings.ALP-01.evidence[0]: missing required key 'date'"]


def test_unclosed_quote_that_runs_on_is_reported_where_it_opens() -> None:
    assert _problems('title: "Readiness\npartner: Testland\nhost: "Japan"\nas_of: 2026-01-01\n') == [
        'f.yaml:1:8: YAML syntax error: expected a closing " for the text opened at line 1, column 8, '
        'found the end of line 1 (the text ran on to the " at line 3, column 7)']
    assert _problems("title: 'Readiness\npartner: Testland\nnotes: it's fine\n") == [
        "f.yaml:1:8: YAML syntax error: expected a closing ' for the text opened at line 1, column 8, "
        "found the end of line 1 (the text ran on to the ' at line 3, column 10)"]
    assert _problems("- 'abc\n- 'd'\n") == [
        "f.yaml:1:3: YAML syntax error: expected a closing ' for the text opened at line 1, column 3, "
        "found the end of line 1 (the text ran on to the ' at line 2, column 3)"]


def test_text_after_a_real_closing_quote_keeps_its_advice() -> None:
    advice = ("YAML syntax error: text goes on after a closing quote; inside single quotes write a quote "
              "twice ('it''s'), or use double quotes")
    assert _problems("notes: 'it's fine\nb: 1\n") == [f"f.yaml:1:12: {advice}"]
    # a quoted text over two lines holding no keys: it did close, and text follows it
    assert _problems('notes: "a long text\n  continued"here\n') == [f"f.yaml:2:13: {advice}"]


def test_yaml11_booleans_are_recorded_for_the_schema_layer() -> None:
    doc = load_bytes(b"a: yes\nb: Off\nc: true\nd: 'no'\n", "f.yaml")
    assert {k: v for k, (v, _) in doc.yaml11_bools.items()} == {("a",): True, ("b",): False}
    assert [p for _, p in doc.yaml11_bools.values()] == doc.problems


def test_control_characters_written_as_escapes_are_refused() -> None:
    """`"\\e[31m"` would recolour (and `"\\r"` rewrite) what a terminal shows of untrusted text."""
    assert _problems('partner: "Japan\\e[31mRED"\nhost: "US\\rX"\nnotes: \'a\\e\'\n"PHY\\x1b-01": 1\n'
                     'ok: "tab\\there, newline\\n"\n') == [
        "f.yaml:1:10: partner: expected printable text, found the control character U+001B "
        "(an escape in double quotes); remove it",
        "f.yaml:2:7: host: expected printable text, found the control character U+000D "
        "(an escape in double quotes); remove it",
        "f.yaml:4:1: expected printable text, found the control character U+001B "
        "(an escape in double quotes); remove it"]
