"""The results in detail: the three views side by side (with the evidence the verified view lacks),
and every criterion, domain by domain."""

from __future__ import annotations

from roadmap.engine.scoring import CriterionScore, Score
from roadmap.i18n import N_, _, ngettext, percent
from roadmap.models.base import Status
from roadmap.models.catalog import Catalog, Criterion
from roadmap.models.profile import Profile
from roadmap.report.base import Part, domain_name, noun, readiness
from roadmap.report.readers import Withholding, withheld
from roadmap.words import tier_shown, tier_word, words

#: What stands for the rules of a criterion whose finding is withheld (they name its value).
WITHHELD_RULE = N_("the finding is withheld from this version; its tiers and progress are the full assessment's")


class ViewRow(Part):
    name: str
    claimed: str
    verified: str
    strict: str
    readiness_claimed: str
    readiness_verified: str
    readiness_strict: str
    capped_by: str


class EvidenceGapRow(Part):
    criterion: str
    title: str
    domain: str
    gating: bool
    claimed: str
    verified: str
    reason: str


class ViewTable(Part):
    rows: tuple[ViewRow, ...]
    overall: ViewRow
    rules: tuple[str, str, str]
    #: "80 criteria: 74 assessed, 5 not assessed, 1 not applicable or under exception."
    counts: str
    #: What sets the overall tier, in words: every domain, or the weakest ones ("" without domains).
    overall_note: str
    #: The top tier, whose targets readiness measures progress toward.
    top_tier: str
    #: A sentence for each chart not drawn because it would say nothing (front.build_charts).
    chart_notes: tuple[str, ...] = ()
    #: The claimed tier the verified view falls short of, and the evidence that would close it.
    evidence_target: str | None
    evidence_gaps: tuple[EvidenceGapRow, ...]


class MeasureRow(Part):
    """One measure of a criterion with several: its value and the tier it alone reaches."""

    id: str
    title: str
    value: str
    tier: str


class CriterionRow(Part):
    """A criterion in its domain's table: its value, tiers and progress, and the rules that gave them."""

    id: str
    title: str
    gating: bool
    weight: int
    status: str
    #: The status under the value when it is not "assessed", else "".
    status_note: str
    value: str
    tier: str
    #: Under the tier when no target gave it: "no T1 target" (the tiers up to it do not require it).
    tier_note: str
    verified_tier: str
    progress: str
    progress_pct: int
    rule: str
    verified_rule: str
    #: The verified rule when it says more than `rule`, else "".
    evidence_rule: str
    #: A criterion with several measures: each one (else empty).
    measures: tuple[MeasureRow, ...] = ()
    #: Its framework controls in words ("NIST SP 800-53 pe-2, pe-3 · ISM ISM-0810"), else "".
    controls: str = ""
    #: The partner profile's guidance for it and its references, with the partner's name ("" without).
    partner: str = ""
    partner_guidance: str = ""
    partner_references: str = ""
    #: The finding's portion mark when it says who may receive it ("(U//NF)"), else "".
    mark: str = ""
    #: Its text is in English: the translation the report reads does not cover it.
    untranslated: bool = False


class DomainDetail(Part):
    id: str
    name: str
    description: str
    claimed: str
    verified: str
    strict: str
    readiness: str
    rule: str
    verified_rule: str
    #: The top tier, whose targets readiness measures progress toward.
    top_tier: str
    criteria: tuple[CriterionRow, ...]


def _view_row(name: str, tier_ids: tuple[str, str, str], ready: tuple[float, float, float],
              capped: str) -> ViewRow:
    return ViewRow(name=name, claimed=tier_word(tier_ids[0]), verified=tier_word(tier_ids[1]),
                   strict=tier_word(tier_ids[2]),
                   readiness_claimed=readiness(ready[0]), readiness_verified=readiness(ready[1]),
                   readiness_strict=readiness(ready[2]), capped_by=capped)


def untargeted(catalog: Catalog, cid: str, tier: int) -> str:
    """"no T1 target" when a criterion's `tier` comes from tiers that set it no target (a value that
    meets no target, or a criterion not assessed, still reaches the tiers below its lowest target, the
    lowest of any of its measures); else ""."""
    lowest = min(catalog.tier_ids.index(t) for m in catalog.by_id[cid].all_measures for t in m.targets) + 1
    if tier == 0 or tier >= lowest:
        return ""
    return (_("no %(tier)s target", tier=catalog.tier_ids[0]) if tier == 1 else
            _("no target to %(tier)s", tier=catalog.tier_name(tier)))


def _overall_note(result: Score) -> str:
    """What sets the overall tier (the catalog's overall rule: the minimum of the domain tiers)."""
    c = result.claimed
    weakest = [d.name for d in c.domains if d.tier == c.overall_tier]
    if len(weakest) == len(c.domains) > 1:
        return _("Every domain is at the overall tier, %(tier)s.", tier=tier_word(c.overall_tier_id))
    if weakest:
        return _("The overall tier is set by the %(which)s: %(domains)s.",
                 which=noun(len(weakest), "weakest domain", "weakest domains"), domains="; ".join(weakest))
    return ""


def build_views(catalog: Catalog, result: Score, chart_notes: tuple[str, ...] = ()) -> ViewTable:
    c, v, s = result.claimed, result.verified, result.strict
    crit = result.criteria
    counts = ngettext("%(num)d criterion: %(assessed)s assessed, %(not_assessed)s not assessed, %(decided)s not "
                      "applicable or under exception.", "%(num)d criteria: %(assessed)s assessed, %(not_assessed)s not "
                      "assessed, %(decided)s not applicable or under exception.", len(crit),
                      assessed=sum(1 for x in crit if x.status == Status.ASSESSED),
                      not_assessed=len(result.not_assessed), decided=sum(1 for x in crit if not x.applicable))
    return ViewTable(
        counts=counts, overall_note=_overall_note(result), top_tier=catalog.tier_ids[-1], chart_notes=chart_notes,
        rows=tuple(_view_row(dc.name, (dc.tier_id, dv.tier_id, ds.tier_id),
                             (dc.readiness, dv.readiness, ds.readiness), ", ".join(dc.capped_by) or "—")
                   for dc, dv, ds in zip(c.domains, v.domains, s.domains, strict=True)),
        overall=_view_row(_("Overall"), (c.overall_tier_id, v.overall_tier_id, s.overall_tier_id),
                          (c.readiness, v.readiness, s.readiness), ""),
        rules=(c.rule, v.rule, s.rule),
        evidence_target=result.evidence_target,
        evidence_gaps=tuple(EvidenceGapRow(criterion=g.id, title=g.title, domain=domain_name(catalog, g.domain),
                                           gating=g.gating, claimed=tier_word(g.claimed_tier),
                                           verified=tier_word(g.verified_tier),
                                           reason=g.reason) for g in result.evidence_gaps))


def _criterion_row(catalog: Catalog, cs: CriterionScore, w: Withholding,
                   profile: Profile | None = None) -> CriterionRow:
    status = words(cs.status)
    if cs.expired:
        status = _("%(status)s (%(declared)s, expired)", status=status, declared=words(cs.declared_status))
    assessed = cs.status == Status.ASSESSED
    finding = w.a.findings.get(cs.id)
    mark = w.mark(finding.release) if finding is not None else ""
    c = catalog.by_id[cs.id]
    if not w.finding_shown(cs.id):
        return _withheld_row(catalog, cs, assessed, _about(c, profile))
    return CriterionRow(
        id=cs.id, title=cs.title, gating=cs.gating, weight=cs.weight, status=status,
        status_note="" if assessed else status, mark=mark,
        value=c.all_measures[0].metric.format_value(cs.value) if not c.multi else "",
        tier=tier_shown(catalog, cs.tier),
        tier_note=untargeted(catalog, cs.id, cs.tier),
        verified_tier=tier_shown(catalog, cs.verified_tier) if assessed else "—",
        progress=percent(100 * cs.progress), progress_pct=round(100 * cs.progress),
        rule=cs.rule, verified_rule=cs.verified_rule,
        evidence_rule=_evidence_rule(cs),
        measures=tuple(MeasureRow(id=m.id, title=m.title, value=c.measure(m.id).metric.format_value(m.value),
                                  tier=tier_shown(catalog, m.tier)) for m in cs.measures),
        **_about(c, profile))


def _about(c: Criterion, profile: Profile | None) -> dict[str, str]:
    """What the catalog and the partner profile say of criterion `c` (never the assessment's finding):
    its framework controls, the profile's guidance and references."""
    entry = profile.entry(c.id) if profile else None
    return {"controls": controls_text(c), "partner": profile.partner if profile and entry else "",
            "partner_guidance": entry.guidance or "" if entry else "",
            "partner_references": "; ".join(r.source + (f", {r.section}" if r.section else "")
                                            for r in entry.references) if entry else ""}


def controls_text(c: Criterion) -> str:
    """A criterion's framework controls in words: "NIST SP 800-53 pe-2, pe-3 · ISM ISM-0810"."""
    if c.controls is None:
        return ""
    return " · ".join(f"{FRAMEWORK_SHORT[fw]} {', '.join(ids)}" for fw, ids in c.controls.by_framework().items())


#: Framework names short enough for a table cell.
FRAMEWORK_SHORT = {"nist-800-53": "NIST SP 800-53", "cnssi-1253": "CNSSI 1253", "ism": "ISM", "caf": "CAF",
                   "essential-eight": "Essential Eight"}


def _withheld_row(catalog: Catalog, cs: CriterionScore, assessed: bool, about: dict[str, str]) -> CriterionRow:
    """A criterion whose finding is withheld from this version: its tiers and progress (the scores of
    the full assessment), none of its value, status, measures' values or rules (they name the value);
    what the catalog and the profile say of it stays."""
    return CriterionRow(
        id=cs.id, title=cs.title, gating=cs.gating, weight=cs.weight, status=withheld(), status_note="",
        value=withheld(), tier=tier_shown(catalog, cs.tier), tier_note=untargeted(catalog, cs.id, cs.tier),
        verified_tier=tier_shown(catalog, cs.verified_tier) if assessed else "—",
        progress=percent(100 * cs.progress), progress_pct=round(100 * cs.progress), rule=_(WITHHELD_RULE),
        verified_rule=_(WITHHELD_RULE), evidence_rule="", **about)


def _evidence_rule(cs: CriterionScore) -> str:
    """The verified rule as the row shows it after "evidence:": "" when it says no more than the rule.
    The engine's rule starts "best fresh evidence: " when there is fresh evidence; the row shows
    "evidence: self-asserted; supports T1" (the verification named is the best of the fresh evidence)."""
    if cs.verified_rule == cs.rule:
        return ""
    return cs.verified_rule.removeprefix(_("best fresh evidence: %(level)s", level=""))


def build_domains(catalog: Catalog, result: Score, w: Withholding,
                  profile: Profile | None = None) -> tuple[DomainDetail, ...]:
    c, v, s = result.claimed, result.verified, result.strict
    english = set(catalog.reading.untranslated) if catalog.reading else set()
    by_domain: dict[str, list[CriterionRow]] = {d.id: [] for d in catalog.meta.domains}
    for cs in result.criteria:
        row = _criterion_row(catalog, cs, w, profile)
        by_domain[cs.domain].append(row.model_copy(update={"untranslated": True}) if cs.id in english else row)
    return tuple(
        DomainDetail(id=d.id, name=d.name, description=d.description, claimed=tier_word(dc.tier_id),
                     verified=tier_word(dv.tier_id), strict=tier_word(ds.tier_id), readiness=readiness(dc.readiness),
                     rule=dc.rule,
                     verified_rule=dv.rule, top_tier=catalog.tier_ids[-1], criteria=tuple(by_domain[d.id]))
        for d, dc, dv, ds in zip(catalog.meta.domains, c.domains, v.domains, s.domains, strict=True))
