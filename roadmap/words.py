"""How values read in messages and reports: enum values as words, counts with their noun. No
imports, so that any module (the CLI's error path too) can use them."""

from __future__ import annotations

_WORDS = {"self_asserted": "self-asserted", "independently_verified": "independently verified"}


def words(value: str) -> str:
    """An enum value as a reader writes it: self_asserted → self-asserted, not_assessed → not assessed."""
    return _WORDS.get(value, value.replace("_", " "))


def count(n: int, singular: str, plural: str | None = None) -> str:
    """'1 gap', '2 gaps', '0 criteria' (`plural` when it is not `singular` + 's')."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"
