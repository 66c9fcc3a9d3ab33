"""A catalog version's translation (`criteria/<id>/<version>/i18n/<lang>.yaml`), and the catalog as
read in it.

A translation carries the human-readable text of one catalog version in another language: per
criterion its title, statement, rationale, each target's basis, evidence expectations, remediation,
ordinal level labels and, for a criterion of several measures (2.x), each measure's title and level
labels (its targets' bases stay English); the tiers, domains, disciplines and sharing levels; the
explanations of the catalog's rules (tier rules, decisions, roll-up, reciprocity); and the table of
classification markings with their equivalents in that language. Ids, numbers, metrics, targets'
values and everything the engine scores on stay those of the English catalog, which governs.

`translated(catalog, translation)` gives the catalog as read in the translation's language: the same
catalog (same digests, same scores) whose text fields are translated, with the English catalog
beside it (`reading.source`), so that a comparison of meaning is always made on the English.
Whatever the translation lacks stays English and is listed in `reading.untranslated`: never a blank.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, cast

from pydantic import Field, StringConstraints, model_validator

from roadmap.i18n import use
from roadmap.models.base import CriterionId, DisciplineId, Frozen, Language, LevelId, ShortText, Text, TierId
from roadmap.models.catalog import (
    Catalog,
    CatalogMeta,
    Criterion,
    MarkingEquivalent,
    Measure,
    MeasureId,
    Reading,
    filled,
)
from roadmap.models.metrics import Metric
from roadmap.words import fill_parties_translated

CatalogRef = Annotated[str, StringConstraints(
    pattern=r"^[a-z][a-z0-9_-]{1,31}@(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")]


class CatalogText(Frozen):
    title: Text
    description: Text


class TierText(Frozen):
    name: ShortText
    description: Text
    unlocks: Text


class DomainText(Frozen):
    name: ShortText
    description: Text


class DisciplineText(Frozen):
    name: ShortText
    description: Text


class LevelText(Frozen):
    name: ShortText
    definition: Text


class ReciprocityText(Frozen):
    disciplines: dict[DisciplineId, DisciplineText] = Field(default_factory=dict)
    levels: dict[LevelId, LevelText] = Field(default_factory=dict)


LevelKey = Annotated[str, StringConstraints(min_length=1, max_length=80)]


class RulesText(Frozen):
    """The explanations of the catalog's rules, as the report's rules annex and roll-up section show
    them. A field left out stays English; a rule the catalog does not have cannot be given."""

    #: `tier_rules.domain.explanation` and `tier_rules.overall.explanation`.
    domain: Text | None = None
    overall: Text | None = None
    #: `decisions.explanation` (fvey 1.2.0 on) and `rollup.explanation` (1.3.0).
    decisions: Text | None = None
    rollup: Text | None = None
    #: `reciprocity.explanation` and `reciprocity.partner_expectations.explanation`.
    reciprocity: Text | None = None
    partner_expectations: Text | None = None


class MeasureText(Frozen):
    """One measure's text (a criterion of several measures, catalogs 2.x). A field left out stays English."""

    title: ShortText | None = None
    #: An ordinal metric's levels as read: level → label.
    levels: dict[LevelKey, ShortText] = Field(default_factory=dict)


class CriterionText(Frozen):
    """One criterion's text in the translation's language. A field left out stays English."""

    title: ShortText | None = None
    statement: Text | None = None
    rationale: Text | None = None
    #: Each target's basis, by tier.
    targets: dict[TierId, Text] = Field(default_factory=dict)
    #: The evidence expectations, one for each of the English, in the same order.
    evidence: tuple[Text, ...] | None = None
    remediation: Text | None = None
    #: An ordinal metric's levels as read: level → label.
    levels: dict[LevelKey, ShortText] = Field(default_factory=dict)
    #: A criterion of several measures: each measure's text, by measure id (its targets' bases stay English).
    measures: dict[MeasureId, MeasureText] = Field(default_factory=dict)


#: The text fields of a criterion a translation may give.
CRITERION_FIELDS = ("title", "statement", "rationale", "targets", "evidence", "remediation", "levels", "measures")


class Translation(Frozen):
    language: Language
    #: The catalog version it translates: `fvey@1.0.0`; it is filed in that version's `i18n/`.
    translates: CatalogRef
    #: "official" only when both governments have agreed the text as theirs; otherwise the report
    #: says "unofficial translation".
    status: Literal["official", "unofficial"]
    translators: tuple[ShortText, ...] = Field(min_length=1)
    #: What the translation says of itself, in its language (which text governs, for instance).
    note: Text | None = None
    catalog: CatalogText | None = None
    tiers: dict[TierId, TierText] = Field(default_factory=dict)
    domains: dict[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]*$")], DomainText] = Field(
        default_factory=dict)
    reciprocity: ReciprocityText = ReciprocityText()
    rules: RulesText = RulesText()
    markings: tuple[MarkingEquivalent, ...] = ()
    criteria: dict[CriterionId, CriterionText] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _markings_in_language(cls, data: Any) -> Any:
        """`{marking: X, <language>: Y}` → `{marking: X, equivalent: Y}`, when the key is the file's language."""
        if not isinstance(data, dict) or not isinstance(data.get("markings"), (list, tuple)):
            return data
        language = data.get("language")
        items = tuple({"marking": m.get("marking"), "equivalent": m[language]}
                      if isinstance(m, dict) and set(m) == {"marking", language} else m for m in data["markings"])
        return {**data, "markings": items}


def translated(catalog: Catalog, translation: Translation, reading: Reading) -> Catalog:
    """`catalog` as read in `translation`'s language: text fields translated, everything else (ids,
    metrics, targets' values, digests) the English catalog's; `reading` says how it reads."""
    untranslated: list[str] = []
    criteria = []
    for c in catalog.criteria:
        text = translation.criteria.get(c.id)
        if text is None or any(_lacks(c, text, name) for name in CRITERION_FIELDS):
            untranslated.append(c.id)
        criteria.append(c if text is None else _criterion(c, _with_parties(text, catalog, translation.language)))
    meta = _meta(catalog.meta, translation)
    done = reading.model_copy(update={"untranslated": tuple(untranslated), "source": catalog})
    return Catalog.model_construct(meta=meta, criteria=tuple(criteria), domain_of=catalog.domain_of,
                                   digest=catalog.digest, criterion_digests=catalog.criterion_digests, reading=done,
                                   placeholders=catalog.placeholders, parties=catalog.parties)


def _with_parties(text: CriterionText, catalog: Catalog, language: str) -> CriterionText:
    """`text` with `{partner}` and `{host}` filled as the English catalog's were (`Catalog.for_parties`),
    in the translation's language; as written when the English is too."""
    if catalog.parties is None:
        return text
    partner, host = catalog.parties
    with use(language):
        return cast(CriterionText, filled(text, lambda t: fill_parties_translated(t, partner, host)))


def _lacks(c: Criterion, text: CriterionText, name: str) -> bool:
    """Whether `text` leaves criterion `c`'s field `name` in English."""
    if name == "targets":
        return set(c.targets or ()) - set(text.targets) != set()
    if name == "levels":
        levels = c.metric.levels if c.metric is not None else None
        return bool(levels) and set(levels or ()) - set(text.levels) != set()
    if name == "measures":
        return any(_measure_lacks(m, text.measures.get(m.id)) for m in c.measures or ())
    return getattr(text, name) is None


def _measure_lacks(m: Measure, text: MeasureText | None) -> bool:
    return text is None or text.title is None or set(m.metric.levels or ()) - set(text.levels) != set()


def _criterion(c: Criterion, text: CriterionText) -> Criterion:
    # a criterion of several measures (catalogs 2.x) has no targets or metric of its own: its text only
    targets = None if c.targets is None else {
        tid: t.model_copy(update={"basis": text.targets[tid]}) if tid in text.targets else t
        for tid, t in c.targets.items()}
    evidence = c.evidence if text.evidence is None else c.evidence.model_copy(update={"expects": text.evidence})
    update: dict[str, Any] = {name: getattr(text, name) for name in ("title", "statement", "rationale", "remediation")
                              if getattr(text, name) is not None}
    measures = None if c.measures is None else tuple(_measure(m, text.measures.get(m.id)) for m in c.measures)
    return c.model_copy(update={**update, "targets": targets, "evidence": evidence, "measures": measures,
                                "metric": None if c.metric is None else _labelled(c.metric, text.levels)})


def _measure(m: Measure, text: MeasureText | None) -> Measure:
    if text is None:
        return m
    title = {"title": text.title} if text.title is not None else {}
    return m.model_copy(update={**title, "metric": _labelled(m.metric, text.levels)})


def _labelled(metric: Metric, labels: dict[str, str]) -> Metric:
    if not labels or not metric.levels:
        return metric
    copy = metric.model_copy()
    copy._labels = {level: labels.get(level, level) for level in metric.levels}
    return copy


def _meta(meta: CatalogMeta, t: Translation) -> CatalogMeta:
    tiers = tuple(x.model_copy(update=dict(t.tiers[x.id])) if x.id in t.tiers else x for x in meta.tiers)
    domains = tuple(x.model_copy(update=dict(t.domains[x.id])) if x.id in t.domains else x for x in meta.domains)
    r = meta.reciprocity
    disciplines = tuple(x.model_copy(update=dict(t.reciprocity.disciplines[x.id]))
                        if x.id in t.reciprocity.disciplines else x for x in r.disciplines)
    levels = tuple(x.model_copy(update=dict(t.reciprocity.levels[x.id])) if x.id in t.reciprocity.levels else x
                   for x in r.levels)
    said = t.rules
    reciprocity = r.model_copy(update={
        "disciplines": disciplines, "levels": levels, **_explained(said.reciprocity),
        "partner_expectations": r.partner_expectations.model_copy(update=_explained(said.partner_expectations))})
    rules = meta.tier_rules.model_copy(update={
        "domain": meta.tier_rules.domain.model_copy(update=_explained(said.domain)),
        "overall": meta.tier_rules.overall.model_copy(update=_explained(said.overall))})
    decisions = meta.decisions.model_copy(update=_explained(said.decisions)) if meta.decisions else None
    rollup = meta.rollup.model_copy(update=_explained(said.rollup)) if meta.rollup else None
    head = dict(t.catalog) if t.catalog else {}
    return meta.model_copy(update={**head, "tiers": tiers, "domains": domains, "reciprocity": reciprocity,
                                   "tier_rules": rules, "decisions": decisions, "rollup": rollup})


def _explained(text: str | None) -> dict[str, str]:
    """The update that gives a rule the translated explanation `text`; none when the translation has none."""
    return {} if text is None else {"explanation": text}


__all__ = ["CRITERION_FIELDS", "MeasureText", "RulesText", "Translation", "translated"]
