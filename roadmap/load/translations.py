"""A catalog version's translations (`criteria/<id>/<version>/i18n/<lang>.yaml`): read with positions,
checked against the catalog they translate, and checked against the release log like the catalog
itself: a translation of a released version is used only as its latest release entry has it, signed
by the version's signatories (`--allow-unsigned` uses an unsigned one, and says so); an edited one
is refused (docs/signing.md, docs/i18n.md).

`read_in(root, catalog, lang, trust)` is the catalog as read in `lang` (`roadmap.models.translation`):
translated when the version has a translation in that language, else the English catalog.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roadmap.errors import InputError, Problem
from roadmap.i18n import SOURCE
from roadmap.load.catalogs import Root, as_library
from roadmap.load.files import read_bytes, shown_path
from roadmap.load.ids import close_matches, suggest_id
from roadmap.load.releaselog import Entry, read_log
from roadmap.load.standing import Standing, check_signatures, file_problems, load_signers
from roadmap.load.trust import ALLOW_UNSIGNED, Trust
from roadmap.load.validation import sort_problems, validate
from roadmap.load.yamlsource import YamlFile, YamlPath, load_bytes
from roadmap.models.catalog import Catalog, Criterion, Reading
from roadmap.models.translation import CriterionText, Translation, translated

if TYPE_CHECKING:
    from roadmap.load.assessments import LoadedAssessment


def translation_file(root: Path, catalog: Catalog, lang: str) -> Path:
    return root / catalog.meta.id / catalog.meta.version / "i18n" / f"{lang}.yaml"


def assessment_in(library: Root, la: LoadedAssessment, lang: str, trust: Trust) -> LoadedAssessment:
    """`la` with its catalog as read in `lang` (`read_in`)."""
    return replace(la, catalog=read_in(library, la.catalog, lang, trust))


def read_in(library: Root, catalog: Catalog, lang: str, trust: Trust) -> Catalog:
    """`catalog` as read in `lang`: translated when its version has a translation in that language
    (checked, and in force, against the release log of the folder that holds the catalog), else the
    catalog itself. Raises InputError, every problem at its place."""
    if lang == SOURCE or catalog.reading is not None:
        return catalog
    root = as_library(library).folder_for(catalog.meta.id)
    path = translation_file(root, catalog, lang)
    if not path.is_file():
        return catalog
    shown = shown_path(path)
    raw = read_bytes(path, shown)
    doc = load_bytes(raw, shown)
    try:
        translation = validate(Translation, doc)
    except InputError as exc:
        raise InputError(sort_problems(list(dict.fromkeys([*doc.problems, *exc.problems])))) from None
    problems = translation_problems(doc, translation, catalog, lang)
    if problems:
        raise InputError(sort_problems(problems))
    entry, standing = _release(root, catalog, lang, path, trust)
    official = translation.status == "official" and standing is not None and standing.in_force
    reading = Reading.model_construct(
        language=lang, name=f"{catalog.ref}-{lang}", status=translation.status, official=official,
        note=translation.note or "", entry=entry.file if entry else None, entry_sha256=entry.sha256 if entry else None,
        file_sha256="sha256:" + doc.sha256,
        signed=_signed(standing), untranslated=(), markings=translation.markings, source=catalog,
        waived="; ".join(c.words() for c in standing.wanting) if standing is not None and standing.waived else None)
    return translated(catalog, translation, reading)


def _signed(standing: Standing | None) -> tuple[tuple[str, str], ...]:
    if standing is None:
        return ()
    return tuple((f"{c.party} {c.principal}", c.verified.key) for c in standing.signers if c.verified is not None)


def _release(root: Path, catalog: Catalog, lang: str, path: Path, trust: Trust,
             ) -> tuple[Entry | None, Standing | None]:
    """The translation's latest release entry and its standing; None, None for a draft catalog's."""
    log = read_log(root)
    name = f"{catalog.ref}-{lang}"
    if log.catalog_entry(catalog.ref) is None:
        return None, None  # the version is a draft: so is its translation (the catalog's standing says so)
    entries = log.translation_entries(catalog.ref, lang)
    if not entries:
        raise InputError([Problem(shown_path(path), None, None, "",
                                  f"{name} refused: a translation with no release entry could change silently; "
                                  f"release it (roadmap criteria release {catalog.ref} --translation {lang}), "
                                  "or read the catalog in English")])
    entry = entries[-1]
    problems = file_problems(root / catalog.meta.id / catalog.meta.version, entry)
    if problems:
        raise InputError(problems)
    standing = Standing(entry, check_signatures(log, entry, load_signers(root, trust)))
    if standing.in_force:
        return entry, standing
    if not trust.allow_unsigned:
        raise InputError([Problem(c.shown if c.present else entry.shown, None, None, "",
                                  f"{name} is not in force: {c.words()}; roadmap criteria verify says who signed, "
                                  f"{ALLOW_UNSIGNED} uses it anyway") for c in standing.wanting])
    trust.tell(f"warning: {ALLOW_UNSIGNED}: using {name}, which is not in force: "
               + "; ".join(c.words() for c in standing.wanting))
    return entry, replace(standing, waived=True)


def translation_problems(doc: YamlFile, t: Translation, catalog: Catalog, lang: str) -> list[Problem]:
    """What a translation names that its catalog does not have, each at its place in the file."""
    out: list[Problem] = []
    if t.language != lang:
        out.append(doc.problem(("language",), f"expected {lang} (the language its file is named for), "
                                              f"found {t.language}"))
    if t.translates != catalog.ref:
        out.append(doc.problem(("translates",), f"expected {catalog.ref} (the version this translation is filed "
                                                f"under), found {t.translates}"))
    meta = catalog.meta
    known: dict[tuple[str, ...], list[str]] = {
        ("tiers",): catalog.tier_ids, ("domains",): [d.id for d in meta.domains],
        ("reciprocity", "disciplines"): [d.id for d in meta.reciprocity.disciplines],
        ("reciprocity", "levels"): [lv.id for lv in meta.reciprocity.levels]}
    given: dict[tuple[str, ...], Any] = {("tiers",): t.tiers, ("domains",): t.domains,
                                  ("reciprocity", "disciplines"): t.reciprocity.disciplines,
                                  ("reciprocity", "levels"): t.reciprocity.levels}
    for at, ids in known.items():
        out += [doc.problem((*at, key), f"unknown {at[-1][:-1]} {key} in {catalog.ref}; expected one of "
                                        f"{', '.join(ids)}", key=True) for key in given[at] if key not in ids]
    seen: set[str] = set()
    for i, m in enumerate(t.markings):
        if m.marking in seen:
            out.append(doc.problem(("markings", i, "marking"), f"{m.marking} is in the table twice"))
        seen.add(m.marking)
    absent = {"decisions": ("decision rules", meta.decisions), "rollup": ("roll-up rule", meta.rollup)}
    out += [doc.problem(("rules", name), f"{catalog.ref} has no {what} to explain (catalog option {name})", key=True)
            for name, (what, rule) in absent.items() if rule is None and getattr(t.rules, name) is not None]
    return out + _criterion_problems(doc, t, catalog)


def _criterion_problems(doc: YamlFile, t: Translation, catalog: Catalog) -> list[Problem]:
    out: list[Problem] = []
    for cid, text in t.criteria.items():
        c = catalog.by_id.get(cid)
        if c is None:
            close = suggest_id(cid, catalog.by_id)
            out.append(doc.problem(("criteria", cid), f"unknown criterion id {cid} in {catalog.ref}"
                                                      + (f"; did you mean {close}?" if close else ""), key=True))
            continue
        at: YamlPath = ("criteria", cid)
        out += [doc.problem((*at, "targets", tid), f"{cid} has no target for {tid} in {catalog.ref}; expected "
                                                   f"one of {', '.join(c.targets or ())}", key=True)
                for tid in text.targets if tid not in (c.targets or {})]
        if text.evidence is not None and len(text.evidence) != len(c.evidence.expects):
            out.append(doc.problem((*at, "evidence"), f"expected {len(c.evidence.expects)} evidence expectations, "
                                                      f"one for each of {cid}'s in {catalog.ref}, in the same order; "
                                                      f"found {len(text.evidence)}"))
        levels = (c.metric.levels if c.metric is not None else None) or ()
        expected = f"; expected one of {', '.join(levels)}" if levels else " (it is not an ordinal metric)"
        out += [doc.problem((*at, "levels", level), f"{cid} has no level {level}{expected}", key=True)
                for level in text.levels if level not in levels]
        out += _measure_problems(doc, at, text, c, catalog.ref)
    return out


def _measure_problems(doc: YamlFile, at: YamlPath, text: CriterionText, c: Criterion, ref: str) -> list[Problem]:
    """A measure the criterion does not have, or a level its measure's metric does not have."""
    out: list[Problem] = []
    measures = {m.id: m for m in c.measures or ()}
    for mid, mtext in text.measures.items():
        m = measures.get(mid)
        if m is None:
            close = close_matches(mid, list(measures))
            expected = (f"; did you mean {close[0]}?" if close else f"; expected one of {', '.join(measures)}") \
                if measures else " (it has one measure: give its text as the criterion's)"
            out.append(doc.problem((*at, "measures", mid), f"{c.id} has no measure {mid} in {ref}{expected}",
                                   key=True))
            continue
        levels = m.metric.levels or ()
        expected = f"; expected one of {', '.join(levels)}" if levels else " (it is not an ordinal metric)"
        out += [doc.problem((*at, "measures", mid, "levels", level), f"{c.id} {mid} has no level {level}{expected}",
                            key=True) for level in mtext.levels if level not in levels]
    return out


__all__ = ["read_in", "translation_file", "translation_problems"]
