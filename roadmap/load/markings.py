"""What an assessment's marking may be: letters of the scripts its catalog's markings use, and, for a
warning, a marking this tool knows.

The model (`roadmap.models.assessment.Marking`) already holds a marking to letters, digits, spaces
and `/ , - ( )`. Which letters is the catalog's to say (`marking_scripts`, Latin unless it says
more): a Cyrillic "Е" in "SЕCRET" looks like SECRET and is not it, so a letter of another script is
refused (exit 2), not warned about.

Known markings, for `validate`'s warning (a marking is a fact the tool cannot check, but a typo in
one is worth a word): the US banner grammar (IC Markings System Register and Manual, as summarised in
the project's domain brief §5.1) read pragmatically — a classification (or its portion letter), a
non-US (`//JPN SECRET`) or joint (`//JOINT SECRET JPN USA`) form, then `//`-separated categories:
SCI control systems, FGI, dissemination controls (NOFORN, REL TO USA, ..., RELIDO, DISPLAY ONLY ...,
ORCON, ...), non-IC controls, and the training and exercise notices the bundled examples use — and
the sharing levels' markings of the catalog, with `<host>`/`<partner>` standing for any country
code. It is not a CAPCO parser: it does not check roll-up rules or the order of country codes.
"""

from __future__ import annotations

import re
import typing
import unicodedata
from functools import lru_cache

from roadmap.chars import describe
from roadmap.models.catalog import Catalog, MarkingScript

#: A character's script, told by the start of its Unicode name (the standard library has no script
#: property); scripts not listed here are named "another script".
_SCRIPTS = (("LATIN ", "Latin"), ("GREEK ", "Greek"), ("CYRILLIC ", "Cyrillic"), ("ARMENIAN ", "Armenian"),
            ("CJK UNIFIED IDEOGRAPH", "Han"), ("CJK COMPATIBILITY IDEOGRAPH", "Han"),
            ("IDEOGRAPHIC ITERATION MARK", "Han"), ("HIRAGANA ", "Hiragana"), ("KATAKANA", "Katakana"),
            ("HALFWIDTH KATAKANA", "Katakana"), ("HANGUL ", "Hangul"), ("ARABIC ", "Arabic"),
            ("HEBREW ", "Hebrew"), ("THAI ", "Thai"), ("DEVANAGARI ", "Devanagari"))
#: The scripts a catalog may list in `marking_scripts` (tests/load/test_markings.py checks that each
#: is one `script` can tell).
SCRIPTS: tuple[str, ...] = typing.get_args(MarkingScript)


def script(ch: str) -> str:
    """The script of letter `ch` ("Latin", "Cyrillic", ...), or "another script"."""
    name = unicodedata.name(ch, "")
    return next((s for prefix, s in _SCRIPTS if name.startswith(prefix)), "another script")


def script_problem(marking: str, catalog: Catalog) -> str | None:
    """Why `marking` has a letter of a script `catalog`'s markings do not use, or None."""
    allowed = catalog.meta.marking_scripts
    for i, ch in enumerate(marking, 1):
        if ch.isalpha() and script(ch) not in allowed:
            scripts = " or ".join(allowed)
            return (f"expected letters of the {scripts} script (what {catalog.ref}'s markings are written in), "
                    f"found {describe(ch)} (character {i}), a letter of {_article(script(ch))}: a marking must be "
                    "the marking it looks like")
    return None


def _article(name: str) -> str:
    return name if name.startswith("another") else f"the {name} script"


# -- the US banner grammar, pragmatically ---------------------------------------------------------

_CLASS = r"(?:TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|RESTRICTED|TS|S|C|U|R)"
#: Country trigraphs (ISO 3166) and tetragraphs (FVEY, ACGU, NATO, ...): any 3 or 4 capitals.
_CODE = r"[A-Z]{3,4}"
_CODES = rf"{_CODE}(?:, {_CODE})*"
_SCI_SYSTEM = r"(?:SI|TK|HCS|KDK|RSV|BUR)(?:-[A-Z0-9]+)*(?: [A-Z0-9]+)*"
_SCI = rf"{_SCI_SYSTEM}(?:/{_SCI_SYSTEM})*"
_DISSEM_ONE = (rf"(?:NOFORN|NF|RELIDO|FOUO|ORCON|ORCON-USGOV|IMCON|PROPIN|RSEN|DSEN|FISA|REL TO USA, {_CODES}"
               rf"|REL|DISPLAY ONLY {_CODES}|{_CODE}(?:/{_CODE})* EYES ONLY)")
_DISSEM = rf"{_DISSEM_ONE}(?:/{_DISSEM_ONE})*"
_NON_IC = (r"(?:LIMDIS|EXDIS|NODIS|SBU|SBU NOFORN|LES|LES NOFORN|SSI|FOR TRAINING|FOR TRAINING ONLY"
           r"|EXERCISE|EXERCISE ONLY)")
_CATEGORY = rf"(?:{_SCI}|SAR-[A-Z0-9-]+|RD|FRD|TFNI|FGI(?: {_CODE})*|{_DISSEM}|{_NON_IC})"
_FIRST = rf"(?:{_CLASS}|//{_CODE} {_CLASS}|//JOINT {_CLASS}(?: {_CODE})+|//COSMIC TOP SECRET|//NATO {_CLASS})"
_BANNER = re.compile(rf"{_FIRST}(?://{_CATEGORY})*")
_PORTION = re.compile(r"\((.+)\)")


@lru_cache(maxsize=32)
def _level_patterns(markings: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """The sharing levels' markings as patterns: `<host>`/`<partner>` any country code, `[SCI]` any
    control system, the words in lower case after the marking (" on specific products") left out."""
    out = []
    for text in markings:
        head = re.split(r" (?=[a-z])", text, maxsplit=1)[0].strip()
        pattern = re.escape(head).replace(re.escape("<host>"), _CODE).replace(re.escape("<partner>"), _CODE)
        pattern = pattern.replace(re.escape("[SCI]"), _SCI)
        out.append(re.compile(pattern))
    return tuple(out)


#: The classifications a banner starts with, spelt out: what a misspelt first part is compared with.
_CLASSIFICATIONS = ("TOP SECRET", "SECRET", "CONFIDENTIAL", "UNCLASSIFIED", "RESTRICTED")


def respelt(marking: str, catalog: Catalog) -> str | None:
    """`marking` with a misspelt classification (`UNCLASIFIED//FOR TRAINING`) spelt right, when that
    makes it a marking this tool knows; else None."""
    head, sep, rest = marking.partition("//")
    from roadmap.load.ids import close_matches

    found = close_matches(head.strip().upper(), _CLASSIFICATIONS) if head.strip() else []
    if not found or found[0] == head:
        return None
    candidate = found[0] + sep + rest
    return candidate if known(candidate, catalog) else None


def known(marking: str, catalog: Catalog) -> bool:
    """Whether `marking` reads as a US banner (or portion) marking, or as one of `catalog`'s sharing
    levels' markings."""
    portion = _PORTION.fullmatch(marking)
    body = portion.group(1) if portion else marking
    if _BANNER.fullmatch(body):
        return True
    levels = _level_patterns(tuple(lv.marking for lv in catalog.meta.reciprocity.levels))
    return any(p.fullmatch(body) for p in levels)
