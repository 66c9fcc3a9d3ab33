"""Characters that hide or reorder text (roadmap.chars): which they are, and how they are shown."""

from __future__ import annotations

import json
import unicodedata

import pytest

from roadmap import chars


def test_every_control_format_and_separator_character_is_hidden() -> None:
    """The hand-written ranges cover every Cc (but tab and newline), Cf, Zl and Zp character of the
    running Python's Unicode database."""
    missing = [f"U+{c:04X}" for c in range(0x110000)
               if (unicodedata.category(chr(c)) in ("Cf", "Zl", "Zp")
                   or (unicodedata.category(chr(c)) == "Cc" and chr(c) not in "\t\n"))
               and not chars.hidden("a" + chr(c))]
    assert missing == []


@pytest.mark.parametrize(("text", "shown"), [
    ("Japan", "Japan"),
    ("\u202eJapan", "⟨U+202E⟩Japan"),
    ("UNCLASSIFIED\U000e0053\U000e0045", "UNCLASSIFIED⟨U+E0053⟩⟨U+E0045⟩"),
    ("a\x1b[2Jb\x07", "a⟨U+001B⟩[2Jb⟨U+0007⟩"),
    ("zero\u200bwidth\u00adsoft\u3164filler", "zero⟨U+200B⟩width⟨U+00AD⟩soft⟨U+3164⟩filler"),
    ("line\u2028sep", "line⟨U+2028⟩sep"),
    ("tab\tand\nnewline", "tab\tand\nnewline"),
    ("\u845b\U000e0100 emoji \u2764\ufe0f", "\u845b\U000e0100 emoji \u2764\ufe0f"),  # one selector after a character
    ("x\ufe0f\ufe0e\ufe0f", "x\ufe0f⟨U+FE0E⟩⟨U+FE0F⟩"),  # a run of them hides data
    (" \ufe0fstart", " ⟨U+FE0F⟩start"),
])
def test_shown(text: str, shown: str) -> None:
    assert chars.shown(text) == shown
    assert chars.shown(shown) == shown  # idempotent


def test_isolated_wraps_only_right_to_left_text() -> None:
    assert chars.isolated("Japan") == "Japan"
    assert chars.isolated("\u05d9\u05e9\u05e8\u05d0\u05dc") == "\u2068\u05d9\u05e9\u05e8\u05d0\u05dc\u2069"
    assert chars.isolated("\u0645\u0635\u0631 (Egypt)") == "\u2068\u0645\u0635\u0631 (Egypt)\u2069"


def test_json_safe_keeps_the_data() -> None:
    data = {"partner": "Ja\u202epan\U000e0053", "note": "\x85next"}
    text = chars.json_safe(json.dumps(data, ensure_ascii=False))
    assert chars.hidden(text) == []
    assert json.loads(text) == data
    assert '"Ja\\u202epan\\udb40\\udc53"' in text


def test_describe() -> None:
    assert chars.describe("\u202e") == "U+202E RIGHT-TO-LEFT OVERRIDE"
    assert chars.describe("\x1b") == "U+001B"
