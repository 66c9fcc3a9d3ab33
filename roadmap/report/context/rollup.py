"""The report of a roll-up (a national assessment combined from scoped ones): each scope with its own
tiers and readiness, how the catalog's rule combines them, and how many of the nation's gaps each
scope holds back."""

from __future__ import annotations

from roadmap.engine.scoring import Score, score
from roadmap.i18n import _, date
from roadmap.load.assessments import LoadedAssessment
from roadmap.report.base import Part, readiness
from roadmap.words import count, number, tier_word


class ScopeRow(Part):
    scope: str
    file: str
    as_of: str
    weight: str
    claimed: str
    verified: str
    readiness: str
    #: "12 gaps (4 gating)": the nation's gaps this scope holds back.
    holds: str


class RollupSection(Part):
    sentence: str
    rule: str
    scopes: tuple[ScopeRow, ...]


def build_rollup(la: LoadedAssessment, result: Score) -> RollupSection | None:
    """The roll-up section, or None when the assessment is not a roll-up. Pure: each scope is scored
    at its own as-of date against the roll-up's catalog (the loader checked that it pins it), with the
    national file's findings where it assesses a criterion for the nation as a whole."""
    rolled = result.rollup
    if rolled is None:
        return None
    national = la.assessment.findings
    rows = []
    for part, facts in zip(la.assessment.parts, rolled.scopes, strict=True):
        own = score(la.catalog, part.assessment.model_copy(update={"findings": {**part.assessment.findings,
                                                                                **national}}))
        held = [g for g in result.gaps if g.held_back_by and facts.scope in g.held_back_by]
        gating = sum(1 for g in held if g.gating)
        holds = _("%(gaps)s (%(gating)d gating)", gaps=count(len(held), "%(num)d gap", "%(num)d gaps"), gating=gating)
        rows.append(ScopeRow(scope=facts.scope, file=facts.file, as_of=date(facts.as_of), weight=number(facts.weight),
                             claimed=tier_word(own.claimed.overall_tier_id),
                             verified=tier_word(own.verified.overall_tier_id),
                             readiness=readiness(own.claimed.readiness), holds=holds))
    sentence = _("The nation's figures combine %(scopes)s of %(partner)s's government, each assessed in a file of its "
                 "own; a criterion the national file assesses itself stands for the nation as written. Each scope's "
                 "own tiers and readiness below take the national file's findings for those criteria.",
                 scopes=count(len(rows), "%(num)d scope", "%(num)d scopes"), partner=la.assessment.partner)
    return RollupSection(sentence=sentence, rule=rolled.rule, scopes=tuple(rows))
