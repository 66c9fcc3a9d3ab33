"""Criterion ids as people type them: `phy-1`, `PER 4`, `per_04` mean the catalog's `PHY-01`, `PER-04`.

One matcher for every "did you mean": a finding keyed by a malformed or unknown id, and
`roadmap criteria show`.
"""

from __future__ import annotations

import re
from collections.abc import Collection

_LOOSE_ID = re.compile(r"\s*([A-Za-z]{2,5})\s*[-_ ]?\s*([0-9]{1,3})([A-Za-z]?)\s*")


def likely_id(text: str) -> str | None:
    """The criterion id a malformed one most likely means: `phy-01`, `PHY-1`, `phy 1` → `PHY-01`."""
    m = _LOOSE_ID.fullmatch(text)
    if not m:
        return None
    digits = m[2] if len(m[2]) > 1 else "0" + m[2]  # ids have two or three digits: PER-4 → PER-04
    return f"{m[1].upper()}-{digits}{m[3].lower()}"


def find_id(wanted: str, known: Collection[str]) -> str | None:
    """The id in `known` that `wanted` names, however loosely written (`per-4` → PER-04), or None."""
    if wanted in known:
        return wanted
    guess = likely_id(wanted)
    return guess if guess is not None and guess in known else None


def suggest_id(wanted: str, known: Collection[str]) -> str | None:
    """The id in `known` that `wanted` names or, failing that, most likely means (the closest by
    difflib): for "did you mean ...?". None when no id is close."""
    found = find_id(wanted, known)
    if found is not None:
        return found
    close = close_matches(likely_id(wanted) or wanted.strip().upper(), known)
    return close[0] if close else None


def close_matches(wanted: str, known: Collection[str]) -> list[str]:
    """The one name of `known` closest to `wanted` (difflib's, at a ratio of 0.6 or more), or none:
    for every "did you mean". difflib is imported only when a name is wrong."""
    import difflib

    return difflib.get_close_matches(wanted, list(known), n=1)
