"""What the contexts of every document share: the frozen base of their parts, the chart, and how
figures read in them, so that one figure reads alike in the gap, diff and trend reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from roadmap.i18n import _, current, date, ngettext
from roadmap.models.catalog import Catalog


class Part(BaseModel):
    """The base of every part of a document's context: frozen, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Chart(Part):
    title: str
    alt: str
    data_uri: str


class DocumentContext(Part):
    """The typed context of a whole document: the gap report (`context.ReportContext`), the diff and
    trend reports (`rounds`). Its fields are the main template's top-level names; the rest of them
    are the document's own."""

    #: The main template the document is rendered from (roadmap.report.render), e.g. "report.html.j2".
    template: ClassVar[str]

    lang: str
    title: str
    marking: str
    #: The page banner: the marking and, in a translation, its equivalent (`banner`).
    banner: str
    #: In a language other than English: which translation of the catalog the document reads, how
    #: official, and its note on which text governs (`translation_said`); "" in English.
    translation: str = ""
    as_of: str  # ISO date: the PDF's creation and modification dates
    keywords: tuple[str, ...]
    #: The names of its sections' partials, in reading order.
    sections: tuple[str, ...]
    #: The only data the document may embed: the images it generated.
    charts: tuple[Chart, ...]

    def identity(self) -> str:
        """The inputs, as text: the PDF's file identifier is derived from it."""
        raise NotImplementedError


def readiness(x: float) -> str:
    """A readiness figure: one decimal, in the summary, the diff and the trend alike (47.3%)."""
    return f"{x:.1f}%"


def ratio(x: float | None) -> str:
    """A parity ratio as a reader wants it: two decimals (1.1111 → 1.11, 0.5 → 0.50), everywhere alike."""
    return "—" if x is None else f"{x:.2f}"


def day(iso: str) -> str:
    """An ISO date of a result, as the current language writes dates."""
    return date(dt.date.fromisoformat(iso))


def arrow(old: str | None, new: str | None) -> str:
    """A change from OLD to NEW: "T1 → T2", "— → T2" for what one round lacks."""
    return f"{old or '—'} → {new or '—'}"


def noun(n: int, singular: str, plural: str) -> str:
    """The noun of a count, agreed with it by the current language's plural rule: 1 → "gap", 2 →
    "gaps"; for a template that sets the number apart (in bold)."""
    return ngettext(singular, plural, n)


def banner(marking: str, catalog: Catalog) -> str:
    """The page banner: the marking as written and, when the catalog is read in a translation whose
    table of markings (signed with it) has the marking's classification, the equivalent designation
    in that language: "UNCLASSIFIED//FOR TRAINING · 秘密指定なし". Never translated from the free
    text of the marking: a classification the table lacks, or a combined marking, gets none."""
    equivalent = catalog.reading.equivalent(marking) if catalog.reading is not None else None
    return _("%(marking)s · %(equivalent)s", marking=marking, equivalent=equivalent) if equivalent else marking


def translation_said(catalogs: Sequence[Catalog]) -> str:
    """What a document in another language says of the catalog text it shows: the translation of
    each catalog it reads, official or not, what it leaves in English, and the translation's own
    note on which text governs; that a catalog has none. "" in English."""
    if not current().translated:
        return ""
    said, notes = [], []
    for catalog in {c.ref: c for c in catalogs}.values():
        r = catalog.reading
        if r is None:
            said.append(_("The text of %(ref)s is in English: it has no translation in this language.",
                          ref=catalog.ref))
            continue
        said.append(_("The catalog's text is the official translation %(name)s.", name=r.name) if r.official else
                    _("The catalog's text is the unofficial translation %(name)s.", name=r.name))
        if r.untranslated:
            said.append(_("%(ids)s are shown in English: the translation does not cover them.",
                          ids=", ".join(r.untranslated)))
        if r.note and r.note not in notes:
            notes.append(r.note)
    return " ".join([*said, *notes])


def domain_name(catalog: Catalog, domain: str) -> str:
    """A domain's name in `catalog`, else its id."""
    return next((d.name for d in catalog.meta.domains if d.id == domain), domain)
