"""The program's own words in the reader's language: gettext message catalogs managed with Babel.

English is the source language: every message is written in English in the code and templates
(the msgid), and an English run looks nothing up, imports nothing more and formats as before. A
translation is a `.po` file, `roadmap/locales/<lang>/LC_MESSAGES/roadmap.po`, read at run time the
first time a run asks for that language (Babel's reader, compiled in memory to the gettext form,
with its plural rule from the catalog's `Plural-Forms`). `python -m tests.messages` extracts the
messages from the Python code and the templates (`babel.cfg`) and updates the `.po` files; the
tests fail on a message without a translation or with placeholders the English does not have.

Conventions every message follows (docs/i18n.md):

- a message is a Python %-format string with named placeholders, `%(name)s`; a literal percent
  sign is `%%` (the Jinja2 templates' `{% trans %}` and `_()` follow the same rule);
- counts go through `ngettext` (`roadmap.words.count`), whose `%(num)d` is the count, so that a
  language's plural forms come from its catalog, not from code;
- dates and numbers go through `Language.date`, `Language.decimal` and `Language.percent`: the
  source language keeps the formats of the English outputs (ISO dates), a translation uses Babel's
  CLDR data for its locale.

The active language is a context variable (`use`), set by the command around what it presents,
so that the engine's explanations, the terminal and the report contexts read in the same language.
`--json` output is always English.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

#: The language messages are written in.
SOURCE = "en"
#: Where the catalogs are: `<lang>/LC_MESSAGES/roadmap.po` (inside the package: the wheel has them).
LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "roadmap"
#: A language tag as the catalogs and translations are named (BCP 47, as release entries: `ja`, `pt-BR`).
_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


class Language:
    """One language of the program's output: its messages, plural rule and formats."""

    def __init__(self, code: str, translations: _gettext.NullTranslations | None = None) -> None:
        self.code = code
        self.translations = translations or _gettext.NullTranslations()
        #: Whether messages are looked up and formats come from Babel (every language but the source).
        self.translated = translations is not None

    def __repr__(self) -> str:
        return f"Language({self.code!r})"

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.translations.npgettext(context, singular, plural, n)

    def date(self, day: dt.date) -> str:
        """A date: ISO 8601 in English (as the English outputs always wrote it), the locale's long
        form otherwise (2025年9月30日)."""
        if not self.translated:
            return day.isoformat()
        from babel.dates import format_date

        return format_date(day, format="long", locale=self.babel_locale)

    def decimal(self, x: float, digits: int) -> str:
        """A number with `digits` decimals: 1.25 → "1.25"; the locale's signs in a translation."""
        if not self.translated:
            return f"{x:.{digits}f}"
        from babel.numbers import format_decimal

        return format_decimal(x, format="#,##0" + ("." + "0" * digits if digits else ""), locale=self.babel_locale)

    def percent(self, x: float, digits: int = 0) -> str:
        """`x` percent (0..100) with `digits` decimals: "47.3%"; the locale's signs in a translation."""
        if not self.translated:
            return f"{x:.{digits}f}%"
        from babel.numbers import format_percent

        return format_percent(x / 100, format="#,##0" + ("." + "0" * digits if digits else "") + "%",
                              locale=self.babel_locale)

    @property
    def babel_locale(self) -> str:
        return self.code.replace("-", "_")


#: A function that says a message with its placeholders: `_` (the current language) or `english`.
Say = Callable[..., str]

_SOURCE_LANGUAGE = Language(SOURCE)
_active: ContextVar[Language] = ContextVar("roadmap_language", default=_SOURCE_LANGUAGE)


def current() -> Language:
    """The language of what is being presented now."""
    return _active.get()


def _(message: str, /, **params: Any) -> str:
    """`message` in the current language, with its `%(name)s` placeholders filled from `params`."""
    return _active.get().gettext(message) % params


def ngettext(singular: str, plural: str, n: int, /, **params: Any) -> str:
    """The form of `singular`/`plural` the current language uses for `n` (its catalog's plural
    rule), with `%(num)d` the count and the other placeholders from `params`."""
    return _active.get().ngettext(singular, plural, n) % {"num": n, **params}


def pgettext(context: str, message: str, /, **params: Any) -> str:
    """`message` in the current language where the same English says another thing elsewhere
    (`context` tells them apart: "statement" the field, "statement" the kind of evidence)."""
    return _active.get().pgettext(context, message) % params


def date(day: dt.date) -> str:
    """A date in the current language (`Language.date`)."""
    return _active.get().date(day)


def percent(x: float, digits: int = 0) -> str:
    """`x` percent (0..100) in the current language (`Language.percent`)."""
    return _active.get().percent(x, digits)


def decimal(x: float, digits: int) -> str:
    """A number with `digits` decimals in the current language (`Language.decimal`)."""
    return _active.get().decimal(x, digits)


def english(message: str, /, **params: Any) -> str:
    """`message` in English whatever the current language, its placeholders filled from `params`: what
    a function that may say a message in either (`tr=_`, `criteria verify --lang`) says by default, as
    the errors of every other command stay English (docs/i18n.md)."""
    return message % params


def N_(message: str) -> str:
    """Marks `message` for extraction where it is written (a constant); `_` translates it where used."""
    return message


def NP_(context: str, message: str) -> str:
    """Marks `message` for extraction in `context` (`pgettext` translates it where used)."""
    return message


@cache
def languages() -> tuple[str, ...]:
    """The languages the program speaks: English and every language with a catalog."""
    found = sorted(p.parent.parent.name for p in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE, *[code for code in found if code != SOURCE])


#: Country codes people write for a language code (JP is Japan; its language is ja): the language meant.
_LANGUAGE_OF_COUNTRY = {"jp": "ja", "kr": "ko", "cn": "zh", "us": "en", "gb": "en"}


def check_code(code: str) -> str | None:
    """Why `code` is not a language the program speaks, or None."""
    if code in languages():
        return None
    if not _TAG.fullmatch(code):
        return f"expected a language code such as ja, found {code!r}"
    meant = _LANGUAGE_OF_COUNTRY.get(code.lower())
    hint = f"; did you mean {meant}? ({code.upper()} is a country's code)" if meant in languages() else ""
    return f"no messages in language {code!r} (available: {', '.join(languages())}){hint}"


@cache
def language(code: str) -> Language:
    """The language `code` (one of `languages()`), its catalog read once per process."""
    if code == SOURCE:
        return _SOURCE_LANGUAGE
    why = check_code(code)
    if why:
        raise ValueError(why)
    return Language(code, _read_po(LOCALES / code / "LC_MESSAGES" / f"{DOMAIN}.po", code))


def _read_po(path: Path, code: str) -> _gettext.GNUTranslations:
    """A `.po` file as gettext translations: read with Babel, compiled in memory (fuzzy entries and
    empty translations are left out, so that their English shows, as gettext does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        catalog = read_po(fh, locale=code.replace("-", "_"), domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


@contextmanager
def use(code: str | None) -> Iterator[Language]:
    """Present in language `code` (None: the source language) until the block ends."""
    token = _active.set(language(code or SOURCE))
    try:
        yield _active.get()
    finally:
        _active.reset(token)


__all__ = [
    "DOMAIN",
    "LOCALES",
    "NP_",
    "N_",
    "SOURCE",
    "Language",
    "Say",
    "_",
    "check_code",
    "current",
    "date",
    "decimal",
    "english",
    "language",
    "languages",
    "ngettext",
    "percent",
    "pgettext",
    "use",
]
