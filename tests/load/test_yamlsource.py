"""The safe YAML reader (roadmap.load.yamlsource): data, positions, and what it refuses, called directly."""

from __future__ import annotations

import datetime as dt

from roadmap.load.yamlsource import MAX_PROBLEMS, dotted, load_bytes
from tests.load import problems_of


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
    assert problems_of("!!int 5: x\nok: 1\n") == [
        "f.yaml:1:1: 5: expected a plain text key, found the tag '!!int' on it"]
    assert problems_of("!!python/object:os.system k: x\n") == [
        "f.yaml:1:1: k: expected a plain text key, found the tag '!!python/object:os.system' on it"]


def test_collection_and_alias_keys_are_refused_and_reading_goes_on() -> None:
    assert problems_of("a: &x k\n*x : 1\n[1, 2]: 3\nb: yes\n") == [
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


def test_problem_cap_stops_reading() -> None:
    problems = problems_of("a: 1\n" * (MAX_PROBLEMS + 50))
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1] == f"f.yaml:{MAX_PROBLEMS + 2}:1: stopped reading after {MAX_PROBLEMS} problems"


def test_dotted() -> None:
    assert dotted(("findings", "PER-04", "evidence", 0, "date")) == "findings.PER-04.evidence[0].date"
    assert dotted((0, 1)) == "[0][1]"


def test_yaml11_booleans_are_recorded_for_the_schema_layer() -> None:
    doc = load_bytes(b"a: yes\nb: Off\nc: true\nd: 'no'\n", "f.yaml")
    assert {k: v for k, (v, _) in doc.yaml11_bools.items()} == {("a",): True, ("b",): False}
    assert [p for _, p in doc.yaml11_bools.values()] == doc.problems


def test_control_characters_written_as_escapes_are_refused() -> None:
    """`"\\e[31m"` would recolour (and `"\\r"` rewrite) what a terminal shows of untrusted text."""
    assert problems_of('partner: "Japan\\e[31mRED"\nhost: "US\\rX"\nnotes: \'a\\e\'\n"PHY\\x1b-01": 1\n'
                     'ok: "tab\\there, newline\\n"\n') == [
        "f.yaml:1:10: partner: expected printable text, found the control character U+001B "
        "(an escape in double quotes); remove it",
        "f.yaml:2:7: host: expected printable text, found the control character U+000D "
        "(an escape in double quotes); remove it",
        "f.yaml:4:1: expected printable text, found the control character U+001B "
        "(an escape in double quotes); remove it"]
