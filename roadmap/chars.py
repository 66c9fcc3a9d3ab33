"""Characters that are not what they show, and how every output shows them.

Untrusted text (an assessment from another government, a file name) may hold characters that a
reader cannot see but that change what is seen: control characters (a terminal obeys them: clear the
screen, set the window title), bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE prints
"Japan" as "napaJ", and with it the words around it), invisible and tag characters (U+E0053 and its
neighbours spell "SECRET" after "UNCLASSIFIED" without a pixel), and runs of variation selectors
(which can carry a hidden message after one visible letter).

- `hidden(text)`: the characters of `text` that hide or reorder: C0 controls but tab and newline,
  DEL and C1; Unicode's Default_Ignorable_Code_Point characters (they render as nothing: zero-width
  spaces and joiners, bidi controls, tags, soft hyphen, Hangul fillers, ...); the other format
  characters (category Cf); line and paragraph separators; and a variation selector that does not
  follow a visible character (the second of a run, or one at the start or after a space).
- `shown(text)`: the same text with each of them written visibly, as `⟨U+202E⟩`. Idempotent.
- `isolated(text)`: text with right-to-left letters wrapped in FIRST STRONG ISOLATE ... POP
  DIRECTIONAL ISOLATE (the plain-text `<bdi>`), so that it cannot reorder the words around it.
- `json_safe(text)`: JSON text whose hidden characters are written as `\\uXXXX` escapes (the data is
  unchanged, the terminal shows the escape).

No imports from the package: the models, the loader and every output use it.
"""

from __future__ import annotations

import re
import unicodedata

#: Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt), without the variation
#: selectors, which are handled apart (one after a visible character is how an ideograph's variant
#: or an emoji's presentation is chosen).
_IGNORABLE = ("\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180e\u180f\u200b-\u200f\u202a-\u202e"
              "\u2060-\u206f\u3164\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
              "\U000e0000-\U000e00ff\U000e01f0-\U000e0fff")
#: Format characters (Cf) that are not default-ignorable (they show as a mark or not at all), and the
#: line and paragraph separators (they break a line that should be one).
_FORMAT = ("\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f"
           "\ufff9-\ufffb\u2028\u2029")
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_SELECTORS = "\ufe00-\ufe0f\U000e0100-\U000e01ef"
_HIDDEN = re.compile(f"[{_CONTROL}{_IGNORABLE}{_FORMAT}]|(?:^|(?<=[\\s{_SELECTORS}]))[{_SELECTORS}]")
#: Letters written right to left (bidi classes R and AL): Hebrew, Arabic, Syriac, Thaana, NKo,
#: Samaritan, Mandaic, their presentation forms, and the historic scripts of planes 1.
_RTL = re.compile("[\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]")
FSI, PDI = "\u2068", "\u2069"


def hidden(text: str) -> list[str]:
    """The characters of `text` that hide or reorder text, in order (each once)."""
    return list(dict.fromkeys(m.group() for m in _HIDDEN.finditer(text)))


def code(ch: str) -> str:
    """`U+202E`."""
    return f"U+{ord(ch):04X}"


def describe(ch: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`: a character named so that a reader knows what it is."""
    name = unicodedata.name(ch, "")
    return f"{code(ch)} {name}" if name else code(ch)


def shown(text: str) -> str:
    """`text` with every hidden character written visibly, as `⟨U+202E⟩`. Newlines and tabs stay."""
    if not _HIDDEN.search(text):
        return text
    return _HIDDEN.sub(lambda m: f"⟨{code(m.group())}⟩", text)


def isolated(text: str) -> str:
    """`text`, wrapped in FSI ... PDI when it holds right-to-left letters: a neutral character beside
    it (" — ", ", ") then keeps the direction of the words around it, and two right-to-left values
    separated by one keep their order. Call it on text already `shown` (which escapes any isolate
    or override the text itself holds, so that it cannot close ours)."""
    return f"{FSI}{text}{PDI}" if _RTL.search(text) else text


def json_safe(text: str) -> str:
    """JSON text (`json.dumps(..., ensure_ascii=False)`) with each hidden character written as a
    `\\uXXXX` escape (a surrogate pair beyond U+FFFF): the same data, nothing hidden on a terminal.
    Hidden characters can only be inside JSON strings, where an escape means the same character."""
    if not _HIDDEN.search(text):
        return text
    return _HIDDEN.sub(lambda m: _json_escape(m.group()), text)


def _json_escape(ch: str) -> str:
    units = ch.encode("utf-16-be")
    return "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))
