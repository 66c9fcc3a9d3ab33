"""How values read in messages and reports: enum values as words, counts with their noun, numbers
and signed changes, and what was found where something else was expected. No imports from the
package, so that any module (the CLI's error path too) can use them."""

from __future__ import annotations

import datetime as dt
import re

_WORDS = {"self_asserted": "self-asserted", "independently_verified": "independently verified"}


def words(value: str) -> str:
    """An enum value as a reader writes it: self_asserted → self-asserted, not_assessed → not assessed."""
    return _WORDS.get(value, value.replace("_", " "))


def count(n: int, singular: str, plural: str | None = None) -> str:
    """'1 gap', '2 gaps', '0 criteria' (`plural` when it is not `singular` + 's')."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def number(value: object) -> str:
    """A number as read: 90, 0.5, 1e+06 for floats (no trailing zeros); anything else as text."""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def signed(n: float, fmt: str = "d") -> str:
    """+1.5, −0.3 (a real minus sign), 0.0: a sign only when the figure shown is not zero."""
    text = format(abs(n), fmt)
    if not text.strip("0."):
        return text
    return ("+" if n > 0 else "−" if n < 0 else "") + text


def share(x: float) -> str:
    """A part of a change, which may be a fraction of a tier: +1, −0.5, +0.33, 0 (a real minus sign)."""
    if x == int(x):
        text = str(abs(int(x)))
    else:
        text = f"{abs(x):.2f}".rstrip("0")
    return text if x == 0 else ("+" if x > 0 else "−") + text


def describe_found(value: object) -> str:
    """What was found, for a message that says what was expected instead."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {value.isoformat()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    return type(value).__name__


#: The placeholders a catalog's criterion text may hold: the assessment's partner and host.
PLACEHOLDERS = ("partner", "host")
_PLACEHOLDER = re.compile(r"(^|[.!?]\s+)?\{(partner|host)\}")
#: Names that English writes with "the" in running text: "accepted by the United States".
_THE = re.compile(r"^(United|Republic|Kingdom|Federal|Commonwealth|People's|Democratic|Islamic|Union|State of|"
                  r"Netherlands|Philippines|Czech Republic|Gambia|Bahamas|Maldives)\b")


def fill_parties(text: str, partner: str | None = None, host: str | None = None) -> str:
    """Criterion text with `{partner}` and `{host}` filled: with the assessment's names ("the" added
    where English writes it: "the United States", "the Republic of Korea"), or, where there is no
    assessment, "the partner" and "the host"; capitalised at a sentence's start. The one function
    that fills them (docs/catalog-authoring.md); text without braces is returned as it is."""
    if "{" not in text:
        return text
    names = {"partner": partner, "host": host}

    def one(m: re.Match[str]) -> str:
        lead, which = m[1], m[2]
        given = names[which]
        name = f"the {which}" if not given else f"the {given}" if _THE.match(given) else given
        if lead is not None:
            name = name[:1].upper() + name[1:]
        return (lead or "") + name

    return _PLACEHOLDER.sub(one, text)


def clip(text: str, most: int) -> str:
    """`text` in at most `most` characters: cut at the last space that leaves room for "…"."""
    if len(text) <= most:
        return text
    cut = text[:most - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > most // 2 else cut).rstrip(" ,;:") + "…"


def worst_first(names: tuple[str, ...] | None, of: int) -> str:
    """Names listed worst first, or, when they are all `of` of them, "all 3 (worst: X)"; "—" for none."""
    if not names:
        return "—"
    if len(names) == of > 1:
        return f"all {of} (worst: {names[0]})"
    return ", ".join(names)
