"""The annexes: every evidence item, the not-applicable and exception decisions, the scoring rules
used, and the inputs the report was computed from."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from roadmap.engine.brief import ACTIONS_RULE
from roadmap.engine.carryover import Carried
from roadmap.engine.measures import RULES as MEASURE_RULES
from roadmap.engine.reciprocity import Ledger
from roadmap.engine.rounds_diff import AssessmentDiff
from roadmap.engine.scoring import RULES, Score
from roadmap.i18n import N_, _, current, date, ngettext
from roadmap.load.assessments import LoadedAssessment
from roadmap.load.releaselog import LOG_FOLDER
from roadmap.models.assessment import Evidence, Freshness
from roadmap.models.catalog import Catalog, Criterion
from roadmap.present.signing import assessment_signers, release_signers
from roadmap.report.base import Part
from roadmap.report.context.reciprocity import ReciprocityRule
from roadmap.report.readers import Withholding, shown_evidence, withheld
from roadmap.words import words

#: What the age column says instead of, or under, the age of evidence that is not fresh (in the
#: current language: `_(flag)`).
_FLAGS = {Freshness.FRESH: "", Freshness.STALE: N_("stale"), Freshness.FUTURE: N_("after as-of")}


class EvidenceRow(Part):
    criterion: str
    ref: str
    kind: str
    date: str
    verification: str
    age_days: int
    state: Literal["fresh", "stale", "future"]
    #: The age as shown: days, or "—" for evidence dated after the as-of date.
    age: str
    #: Why the verified view does not count it ("stale", "after as-of"), "" when fresh.
    flag: str
    note: str
    #: The file it cites, relative to the assessment, and the SHA-256 `validate` checks ("" when none).
    file: str = ""
    sha256: str = ""
    #: Its portion mark when it says who may receive it ("(U//NF)"), else "".
    mark: str = ""
    #: In place of items withheld from this version: "1 evidence item withheld" (the other fields empty).
    withheld: str = ""


class ExceptionRow(Part):
    criterion: str
    title: str
    status: str
    justification: str
    approver: str
    expires: str
    expired: bool


class Rules(Part):
    domain_rule: str
    overall_rule: str
    engine: tuple[str, ...]
    gap_rule: str
    #: How the brief chose what moves the verified tier soonest (roadmap.engine.brief.ACTIONS_RULE).
    actions_rule: str
    #: The reciprocity model's rules, and how each discipline's statuses and parity were decided.
    reciprocity: tuple[str, ...]
    reciprocity_lines: tuple[ReciprocityRule, ...]
    parity_rule: str


class Provenance(Part):
    tool: str
    catalog_ref: str
    catalog_digest: str
    assessment_file: str
    assessment_sha256: str
    as_of: str
    #: The catalog's release: whether in force, its log entry, and each required signer with their key.
    catalog_status: str = ""
    catalog_entry: str = ""
    catalog_signers: tuple[str, ...] = ()
    #: Used although not in force (`--allow-unsigned`): the report says so.
    unsigned: bool = False
    #: The assessment's signatures, each with its key, or that the file changed since.
    assessment_signers: tuple[str, ...] = ()
    #: The previous round compared in "since last round" (`--previous`), if any.
    previous_file: str | None = None
    previous_sha256: str | None = None
    previous_catalog_ref: str | None = None
    previous_catalog_digest: str | None = None
    #: When the catalog was released after the as-of date: the round was scored retrospectively.
    retrospective: str = ""
    #: The partner profile the assessment names, and the SHA-256 of its content ("" without one).
    profile: str = ""
    profile_digest: str = ""
    #: For a reader's version: who it is for and what it withholds ("" for the full report).
    version: str = ""
    #: A roll-up's scoped files, each with its SHA-256.
    parts: tuple[tuple[str, str], ...] = ()
    #: The plan held against the assessment (`--plan`), if any.
    plan_file: str | None = None
    plan_sha256: str | None = None
    #: The catalog's translation the report reads (`roadmap.models.translation`): its name and status
    #: ("unofficial translation fvey@1.0.0-ja"), its release entry and SHA-256, the SHA-256 of its file,
    #: who signed it, and its own note on which text governs; "" in English.
    translation: str = ""
    translation_entry: str = ""
    translation_file: str = ""
    translation_signers: tuple[str, ...] = ()
    translation_note: str = ""


def _evidence_row(crit: Criterion, ev: Evidence, as_of: dt.date, mark: str = "") -> EvidenceRow:
    state = ev.freshness(as_of, crit.evidence.max_age_days)
    age = ev.age(as_of)
    return EvidenceRow(criterion=crit.id, ref=ev.ref, kind=words(ev.kind), date=date(ev.date),
                       verification=words(ev.verification), age_days=age, state=state.value,
                       age="—" if state == Freshness.FUTURE else str(age),
                       flag=_(_FLAGS[state]) if _FLAGS[state] else "", note=ev.note,
                       file=ev.file or "", sha256=ev.sha256 or "", mark=mark)


def _withheld_evidence(cid: str, n: int) -> EvidenceRow:
    return EvidenceRow(criterion=cid, ref="", kind="", date="", verification="", age_days=0, state="fresh", age="",
                       flag="", note="", withheld=ngettext("%(num)d evidence item withheld from this version",
                                                           "%(num)d evidence items withheld from this version", n))


def build_evidence(catalog: Catalog, as_of: dt.date, w: Withholding) -> tuple[EvidenceRow, ...]:
    """Every evidence item this version shows, criteria in catalog order, oldest first within each;
    after a criterion's items, a row saying how many were withheld, if any."""
    rows: list[EvidenceRow] = []
    for crit in catalog.criteria:
        f = w.a.findings.get(crit.id)
        if f is None:
            continue
        rows += [_evidence_row(crit, ev, as_of, w.mark(ev.release))
                 for ev in sorted(shown_evidence(w, crit.id, f), key=lambda e: (e.date, e.ref))]
        if w.evidence.get(crit.id):
            rows.append(_withheld_evidence(crit.id, w.evidence[crit.id]))
    return tuple(rows)


def build_exceptions(catalog: Catalog, as_of: dt.date, w: Withholding) -> tuple[ExceptionRow, ...]:
    """The not-applicable and exception decisions, in catalog order; a withheld finding's decision
    shows its status only (the status counts in the scores; its reasons and approvals are withheld)."""
    rows = []
    for crit in catalog.criteria:
        f = w.a.findings.get(crit.id)
        if f is None or not f.status.decision:
            continue
        assert f.expires is not None
        if not w.finding_shown(crit.id):
            rows.append(ExceptionRow(criterion=crit.id, title=crit.title, status=words(f.status),
                                     justification=_("withheld from this version"), approver=withheld(),
                                     expires=withheld(), expired=f.expired(as_of)))
            continue
        rows.append(ExceptionRow(criterion=crit.id, title=crit.title, status=words(f.status),
                                 justification=f.justification or "", approver=f.approved_by,
                                 expires=date(f.expires), expired=f.expired(as_of)))
    return tuple(rows)


def build_rules(catalog: Catalog, result: Score, lg: Ledger) -> Rules:
    rules = catalog.meta.tier_rules
    several = tuple(_(r) for r in MEASURE_RULES) if any(c.multi for c in catalog.criteria) else ()
    model = catalog.meta.reciprocity
    return Rules(domain_rule=rules.domain.explanation, overall_rule=rules.overall.explanation,
                 engine=(*(_(rule) for rule in RULES), *several),
                 gap_rule=result.gap_rule, actions_rule=_(ACTIONS_RULE),
                 reciprocity=(model.explanation, model.partner_expectations.explanation),
                 # nothing recorded: the rules section says so in a sentence, not a row per discipline
                 reciprocity_lines=tuple(ReciprocityRule(discipline=d.id, host=d.host.rule, partner=d.partner.rule,
                                                         parity=d.parity_rule) for d in lg.disciplines)
                 if lg.recorded else (),
                 parity_rule=lg.parity_rule)


def build_provenance(la: LoadedAssessment, result: Score, tool_version: str,
                     previous: tuple[LoadedAssessment, AssessmentDiff] | None, w: Withholding,
                     carried: Carried | None = None, plan_sha256: str | None = None) -> Provenance:
    catalog = la.catalog
    before = {} if previous is None else {
        "previous_file": previous[0].file, "previous_sha256": previous[0].sha256,
        "previous_catalog_ref": previous[0].catalog.ref, "previous_catalog_digest": previous[0].catalog.digest}
    released = catalog.meta.released
    retro = (_("scored retrospectively: %(ref)s was released %(date)s, after the as-of date", ref=catalog.ref,
               date=date(released)) if released is not None and released > result.as_of else "")
    return Provenance(tool=f"roadmap {tool_version}", catalog_ref=catalog.ref, catalog_digest=catalog.digest,
                      assessment_file=la.file, assessment_sha256=la.sha256, as_of=date(result.as_of),
                      retrospective=retro,
                      profile=_("%(id)s (for %(partner)s)", id=la.profile.id, partner=la.profile.partner)
                      if la.profile else "",
                      profile_digest=la.profile_digest or "", version=_version(w), **_signing(la),
                      parts=tuple((p.file, p.sha256) for p in la.assessment.parts),
                      plan_file=carried.plan if carried else None, plan_sha256=plan_sha256 if carried else None,
                      **translation_facts(catalog), **before)


def translation_facts(catalog: Catalog) -> dict[str, Any]:
    """The translation a report reads, for its provenance ({} in English; in another language
    without a translation of its catalog, that it has none)."""
    r = catalog.reading
    if r is None:
        if not current().translated:
            return {}
        return {"translation": _("none: %(ref)s has no translation in this language; its text is shown in English",
                                 ref=catalog.ref)}
    status = _("official translation") if r.official else _("unofficial translation")
    entry = f"{LOG_FOLDER}/{r.entry} ({r.entry_sha256})" if r.entry else _("a draft catalog's: not released")
    signers = tuple(f"{words(who.split(' ', 1)[0])} {who.split(' ', 1)[1]} ({key})" for who, key in r.signed)
    if r.waived:
        signers += (_("NOT in force, used with --allow-unsigned: %(wanting)s", wanting=r.waived),)
    return {"translation": f"{status} {r.name}", "translation_entry": entry,
            "translation_file": f"i18n/{r.language}.yaml ({r.file_sha256})", "translation_signers": signers,
            "translation_note": r.note}


class MarkingRow(Part):
    host: str
    partner: str
    note: str


class ProfileSection(Part):
    """The partner profile the assessment names: what it is, and how the partner's designations
    correspond to the host's markings. Its guidance per criterion is shown with the criteria."""

    id: str
    partner: str
    description: str
    criteria: int
    markings: tuple[MarkingRow, ...]


def build_profile(la: LoadedAssessment) -> ProfileSection | None:
    p = la.profile
    if p is None:
        return None
    return ProfileSection(id=p.id, partner=p.partner, description=p.description, criteria=len(p.criteria),
                          markings=tuple(MarkingRow(host=m.host, partner=m.partner, note=m.note) for m in p.markings))


def _version(w: Withholding) -> str:
    if w.reader is None:
        return ""
    return _("releasable to %(reader)s: %(withheld)s; the SHA-256 above is the full assessment's, from which the "
             "scores were computed", reader=w.reader.label, withheld=w.summary() or _("nothing withheld"))


def _signing(la: LoadedAssessment) -> dict[str, Any]:
    """Who signed the catalog release and the assessment, in the provenance's words."""
    release = la.release
    if release is None:
        status, entry = _("a draft, not released: nobody has signed it"), ""
    else:
        # Named inside the criteria folder, so that the report's bytes do not depend on where it was made.
        entry = f"{LOG_FOLDER}/{release.entry.file} ({release.entry.sha256})"
        status = _("in force: signed by every signatory") if release.in_force else \
            _("NOT in force: used with --allow-unsigned, although not every signatory's signature verifies")
    return {"catalog_status": status, "catalog_entry": entry, "catalog_signers": release_signers(release),
            "unsigned": release is not None and not release.in_force,
            "assessment_signers": assessment_signers(la.signatures) or (_("not signed"),)}
