"""How values read in messages and reports: enum values as words, counts with their noun, numbers
and signed changes, and what was found where something else was expected. Imports only
`roadmap.i18n` (which imports nothing of the package), so that any module (the CLI's error path
too) can use them."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from roadmap.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from roadmap.models.catalog import Catalog

_WORDS = {"self_asserted": "self-asserted", "independently_verified": "independently verified"}

#: Every enum value `words` is given, in English, marked for the message catalogs: statuses,
#: verification levels, evidence kinds, reciprocity statuses and sides, change classes.
_VOCABULARY = (
    N_("assessed"), N_("not assessed"), N_("not applicable"), N_("exception"),
    N_("self-asserted"), N_("documented"), N_("independently verified"),
    N_("claimed"), N_("verified"), N_("strict"),
    N_("document"), N_("record"), N_("test"), N_("inspection"), N_("interview"), N_("observation"),
    N_("statement"), N_("publication"), N_("audit"),
    N_("fresh"), N_("delivered"), N_("exceeded"), N_("broken"), N_("not recorded"), N_("met"), N_("short"),
    N_("host"), N_("partner"), N_("assessor"), N_("reviewer"), N_("draft"), N_("released"),
    N_("none"), N_("building"), N_("online"), N_("low"), N_("medium"), N_("high"),
    N_("added"), N_("removed"), N_("renamed"), N_("moved"), N_("retitled"), N_("reworded"), N_("tightened"),
    N_("loosened"), N_("newly required"), N_("no longer required"), N_("reweighted"), N_("gating added"),
    N_("gating removed"), N_("metric changed"), N_("references changed"), N_("evidence tightened"),
    N_("evidence loosened"), N_("text changed"), N_("measure added"), N_("measure removed"),
    N_("tier"), N_("commitment lowered"), N_("commitment broken"), N_("contribution short"), N_("criterion tier"),
    N_("decision lapsed"), N_("exception renewed"),
    # a plan item's state and standing (roadmap plan)
    N_("open"), N_("in progress"), N_("blocked"), N_("done"), N_("overdue"), N_("carried"), N_("new"),
    N_("not needed"),
)


def words(value: str) -> str:
    """An enum value as a reader writes it: self_asserted → self-asserted, not_assessed → not assessed
    (in the current language: `roadmap.i18n`)."""
    return _(_WORDS.get(value, value.replace("_", " ")).replace("%", "%%"))


def tier_word(tier_id: str) -> str:
    """A tier id as read: T2, or "none" (below the first tier, `models.base.NO_TIER`) in words."""
    return words(tier_id) if tier_id == "none" else tier_id


def tier_shown(catalog: Catalog, tier: int) -> str:
    """A tier number of `catalog` as read: its id (T2), or "none" below the first tier in words."""
    return tier_word(catalog.tier_name(tier))


def listing(items: Iterable[str]) -> str:
    """Words in a list, with the separator the current language writes between them ("a, b")."""
    # TRANSLATORS: the separator between the words of a list ("tightened, references changed").
    return _(", ").join(items)


def count(n: int, singular: str, plural: str) -> str:
    """`singular` or `plural` as the current language's plural rule picks them for `n`, with `n` for
    their `%(num)d`: count(2, "%(num)d gap", "%(num)d gaps") → "2 gaps" (`roadmap.i18n.ngettext`)."""
    return ngettext(singular, plural, n)


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


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def display_width(text: str) -> int:
    """The room `text` takes on a line, in Latin letters: a wide character (kanji, kana, full-width
    forms: Unicode's East Asian Width W or F) takes two."""
    return sum(_width(ch) for ch in text)


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


def fill_parties_translated(text: str, partner: str | None = None, host: str | None = None) -> str:
    """A translation's criterion text with `{partner}` and `{host}` filled, in the current language: with
    the assessment's names as written (no English "the"), or, where there is no assessment, the
    language's words for the partner and the host (パートナー国, 提供国)."""
    if "{" not in text:
        return text
    names = {"partner": partner or words("partner"), "host": host or words("host")}
    return re.sub(r"\{(partner|host)\}", lambda m: names[m[1]], text)


def clip(text: str, most: int) -> str:
    """`text` in at most `most` characters' room (`display_width`): cut at the last space that leaves
    room for "…", or, in text without spaces (Japanese), after the last character that fits."""
    if display_width(text) <= most:
        return text
    room, end = most - 1, 0
    for ch in text:
        room -= _width(ch)
        if room < 0:
            break
        end += 1
    cut = text[:end]
    space = cut.rfind(" ")
    return (cut[:space] if space > most // 2 else cut).rstrip(" ,;:、，") + "…"


def worst_first(names: tuple[str, ...] | None, of: int) -> str:
    """Names listed worst first, or, when they are all `of` of them, "all 3 (worst: X)"; "—" for none."""
    if not names:
        return "—"
    if len(names) == of > 1:
        return _("all %(num)d (worst: %(name)s)", num=of, name=names[0])
    return listing(names)
