"""YAML as text (roadmap.load.yamltext): decoding, and syntax errors a newcomer can act on."""

from __future__ import annotations

from tests.load import problems_of


def test_byte_positions_count_characters() -> None:
    assert problems_of("n: é\xe9".encode()[:-2] + b"\xe9\n") == [
        "f.yaml:1:5: expected UTF-8 text, found the byte 0xe9 (save the file as UTF-8)"]


def test_unclosed_quote_that_runs_on_is_reported_where_it_opens() -> None:
    assert problems_of('title: "Readiness\npartner: Testland\nhost: "Japan"\nas_of: 2026-01-01\n') == [
        'f.yaml:1:8: YAML syntax error: expected a closing " for the text opened at line 1, column 8, '
        'found the end of line 1 (the text ran on to the " at line 3, column 7)']
    assert problems_of("title: 'Readiness\npartner: Testland\nnotes: it's fine\n") == [
        "f.yaml:1:8: YAML syntax error: expected a closing ' for the text opened at line 1, column 8, "
        "found the end of line 1 (the text ran on to the ' at line 3, column 10)"]
    assert problems_of("- 'abc\n- 'd'\n") == [
        "f.yaml:1:3: YAML syntax error: expected a closing ' for the text opened at line 1, column 3, "
        "found the end of line 1 (the text ran on to the ' at line 2, column 3)"]


def test_text_after_a_real_closing_quote_keeps_its_advice() -> None:
    advice = ("YAML syntax error: text goes on after a closing quote; inside single quotes write a quote "
              "twice ('it''s'), or use double quotes")
    assert problems_of("notes: 'it's fine\nb: 1\n") == [f"f.yaml:1:12: {advice}"]
    # a quoted text over two lines holding no keys: it did close, and text follows it
    assert problems_of('notes: "a long text\n  continued"here\n') == [f"f.yaml:2:13: {advice}"]
