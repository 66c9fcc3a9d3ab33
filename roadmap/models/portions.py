"""Markings of the parts of a document: what a finding, a note or an evidence item may be released
to, the portion mark shown before it, and the banner of a document that holds several of them.

Read the way the US banner grammar is written (the project's domain brief §5.1, after the IC
Markings System Register and Manual), and no further: a classification first (or none, for a
dissemination control alone), then `//`-separated categories; `REL TO USA, JPN` and `NOFORN` are the
foreign-disclosure controls this module reasons about; every other category (SCI systems, FGI,
ORCON, FOR TRAINING ...) is carried into the banner as it is written.

The roll-up (banner of several markings): the highest classification; every other control, each
once, in the order first seen, the non-IC notices (FOR TRAINING, EXERCISE ...) last; NOFORN when
any part is NOFORN, else the countries every `REL TO` list has in common (NOFORN when that leaves
only USA). A part that carries no foreign-disclosure control does not narrow the list: it is held
under the document's declared marking, which is part of the roll-up. When a marking cannot be read
this way, the banner is every distinct marking, joined by " | ": the tool does not guess which of
two free-text markings is the more restrictive (as `roadmap.report.changes.combined_marking` does
for documents drawn from several rounds).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

#: Classifications by rank, with their portion forms.
_CLASSES = {"UNCLASSIFIED": 0, "U": 0, "RESTRICTED": 1, "R": 1, "CONFIDENTIAL": 2, "C": 2, "SECRET": 3, "S": 3,
            "TOP SECRET": 4, "TS": 4}
_BANNER_CLASS = {0: "UNCLASSIFIED", 1: "RESTRICTED", 2: "CONFIDENTIAL", 3: "SECRET", 4: "TOP SECRET"}
_PORTION_CLASS = {0: "U", 1: "R", 2: "C", 3: "S", 4: "TS"}
#: The notices that come after the dissemination controls in a banner (category 9 and exercise notices).
_NON_IC = ("FOR TRAINING", "FOR TRAINING ONLY", "EXERCISE", "EXERCISE ONLY", "LIMDIS", "EXDIS", "NODIS", "SBU",
           "LES", "SSI")
#: Tetragraphs whose members are public (the domain brief: only FVEY's are).
TETRAGRAPHS = {"FVEY": frozenset({"AUS", "CAN", "GBR", "NZL", "USA"})}
_REL = re.compile(r"^REL TO ([A-Z]{3,4}(?:, [A-Z]{3,4})*)$")
#: A country code as a party names it: ISO 3166-1 alpha-3 (USA, JPN).
COUNTRY_PATTERN = r"^[A-Z]{3}$"


class Portion(NamedTuple):
    """A marking read into its parts. `level` is None when it names no classification (a control
    alone, "REL TO USA, JPN"); `rel` the REL TO countries (None: no such list); `noforn` NOFORN."""

    level: int | None
    rel: frozenset[str] | None
    noforn: bool
    controls: tuple[str, ...]


def read(marking: str) -> Portion | None:
    """`marking` read into its parts, or None when it does not follow the grammar this module reads."""
    text = marking.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    parts = text.split("//")
    level = _CLASSES.get(parts[0].strip())
    rest = parts[1:] if level is not None else parts
    rel: frozenset[str] | None = None
    noforn = False
    controls: list[str] = []
    for part in rest:
        for value in (v.strip() for v in _split_controls(part)):
            m = _REL.fullmatch(value)
            if m:
                codes = frozenset(m.group(1).split(", "))
                rel = codes if rel is None else rel & codes
            elif value in ("NOFORN", "NF"):
                noforn = True
            elif value and value != "REL":
                controls.append(value)
    if level is None and rel is None and not noforn:
        return None  # neither a classification nor a foreign-disclosure control: not read
    return Portion(level, rel, noforn, tuple(controls))


def _split_controls(category: str) -> list[str]:
    """A category's values: `/`-separated, except inside "REL TO A, B" (whose codes hold no `/`)."""
    return category.split("/")


def problem(marking: str) -> str | None:
    """Why `marking` cannot be a part's releasability, or None."""
    if read(marking) is None:
        return (f"expected a marking with a classification or a foreign-disclosure control, such as "
                f"\"SECRET//REL TO USA, JPN\", \"REL TO USA, JPN\" or \"NOFORN\", found {marking!r}")
    return None


def countries(codes: frozenset[str]) -> frozenset[str]:
    """`codes` with public tetragraphs (FVEY) expanded to their members."""
    out: set[str] = set()
    for code in codes:
        out |= TETRAGRAPHS.get(code, frozenset({code}))
    return frozenset(out)


def releasable(p: Portion, code: str) -> bool:
    """Whether a part marked `p` may be released to country `code`: NOFORN only to USA; a REL TO list
    to its countries (tetragraphs expanded); no foreign-disclosure control, to anyone who may hold
    the document."""
    if p.noforn:
        return code == "USA"
    return p.rel is None or code in countries(p.rel)


def rel_list(codes: frozenset[str]) -> str:
    """Countries in banner order: USA first, then trigraphs, then tetragraphs, each alphabetically."""
    ordered = sorted(codes, key=lambda c: (c != "USA", len(c), c))
    return ", ".join(ordered)


def disclosure(codes: frozenset[str]) -> str:
    """The foreign-disclosure control releasing to `codes`: NOFORN for the US alone, else REL TO."""
    return "NOFORN" if codes <= {"USA"} else f"REL TO {rel_list(codes)}"


def rollup(markings: Sequence[str]) -> str:
    """The banner of a document holding parts with these markings (the declared marking first)."""
    distinct = list(dict.fromkeys(m.strip() for m in markings))
    parts = [read(m) for m in distinct]
    if len(distinct) == 1:
        return distinct[0]
    if any(p is None or (p.level is None and i == 0) for i, p in enumerate(parts)):
        return " | ".join(distinct)
    read_parts = [p for p in parts if p is not None]
    level = max(p.level for p in read_parts if p.level is not None)
    controls = list(dict.fromkeys(c for p in read_parts for c in p.controls))
    lists = [countries(p.rel) for p in read_parts if p.rel is not None]
    fdr = ""
    if any(p.noforn for p in read_parts):
        fdr = "NOFORN"
    elif lists:
        common = frozenset.intersection(*lists)
        fdr = disclosure(common)
    head = [c for c in controls if c not in _NON_IC]
    tail = [c for c in controls if c in _NON_IC]
    banner = "//".join([_BANNER_CLASS[level], *head, *([fdr] if fdr else []), *tail])
    return distinct[0] if read(distinct[0]) == read(banner) else banner


def portion_mark(marking: str, declared: str) -> str:
    """The mark shown before a part: its classification (the declared one when it names none) in
    portion form and its foreign-disclosure control, "(S//REL TO USA, JPN)", "(U//NF)"."""
    p, d = read(marking), read(declared)
    if p is None:
        return f"({marking})"
    level = p.level if p.level is not None else (d.level if d is not None else None)
    head = _PORTION_CLASS[level] if level is not None else declared
    fdr = "NF" if p.noforn else (f"REL TO {rel_list(p.rel)}" if p.rel is not None else "")
    return f"({head}{'//' + fdr if fdr else ''})"


__all__ = [
    "COUNTRY_PATTERN",
    "TETRAGRAPHS",
    "Portion",
    "countries",
    "disclosure",
    "portion_mark",
    "problem",
    "read",
    "rel_list",
    "releasable",
    "rollup",
]
