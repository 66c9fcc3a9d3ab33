"""`roadmap score` on the terminal: the brief (where the partner stands and why, the gating gaps,
what the host owes, decisions that change a tier, what changed since the last round, what moves
the verified tier soonest; the report's first page says the same, in the same order), then the
domains, the gaps to the next tier and what was not assessed."""

from __future__ import annotations

import datetime as dt

from rich.console import Console
from rich.text import Text

from roadmap.engine.brief import Brief
from roadmap.engine.measures import gap_steps
from roadmap.engine.scoring import Gap, Score
from roadmap.i18n import _, date, percent
from roadmap.models.catalog import Catalog
from roadmap.present.terminal.layout import Block, Col, block, grid, labelled, say
from roadmap.present.terminal.layout import text as _t
from roadmap.words import count, number, tier_word, worst_first

#: Criteria not assessed named in the summary line; `--json` lists all.
_NOT_ASSESSED_SHOWN = 12


def print_score(out: Console, score: Score, catalog: Catalog, brief: Brief, *, top: int = 10,
                signed: tuple[str, ...] = ()) -> None:
    """The brief first, then the details: the domains, the gaps, what was not assessed. `signed`:
    who signed the catalog release and the assessment (`roadmap.present.signing`); a roll-up says
    which scopes it combines, by which rule, first."""
    say(out, _("%(partner)s — readiness for sharing with %(host)s", partner=score.partner, host=score.host), "bold")
    say(out, _("catalog %(ref)s · as of %(date)s", ref=score.catalog, date=date(score.as_of)))
    for words in signed:
        say(out, words)
    if score.rollup is not None:
        _rollup(out, score)
    print_brief(out, brief, catalog)
    out.print()
    _domains(out, score)
    if score.gaps:
        out.print()
        _gaps(out, score, catalog, top)
    if score.not_assessed:
        out.print()
        _not_assessed(out, score)


def print_brief(out: Console, b: Brief, catalog: Catalog) -> None:
    """The brief's parts in its order, a paragraph each."""
    s = b.standing
    out.print()
    line = Text()
    line.append(_("Overall tier: "), style="bold")
    line.append(tier_word(s.claimed), style="bold cyan")
    line.append(_(" claimed · %(verified)s verified · %(strict)s strict (N/A counted as unmet). %(standing)s",
                  verified=tier_word(s.verified), strict=tier_word(s.strict), standing=s.text))
    say(out, line)
    for reason in s.reasons:
        say(out, reason, indent=2)
    say(out, _("Readiness (weighted progress toward the %(tier)s targets): %(claimed)s claimed, %(verified)s verified",
               tier=s.top_tier, claimed=percent(s.readiness_claimed, 1), verified=percent(s.readiness_verified, 1)))
    out.print()
    if b.next_tier:
        tier = next(t for t in catalog.meta.tiers if t.id == b.next_tier)
        say(out, _("Next tier: %(id)s %(name)s. Unlocks: %(unlocks)s", id=tier.id, name=tier.name,
                   unlocks=tier.unlocks), "bold")
    say(out, b.gaps_text)
    for g in b.gating:
        say(out, g.text, indent=2)
        say(out, g.remediation, indent=4)
    out.print()
    h = b.host_due
    say(out, _("What the host owes"), "bold")
    say(out, _("%(text)s (roadmap reciprocity FILE for the ledger)", text=h.text))
    for sentence in (*h.broken, *h.short, *([h.pending] if h.pending else []), *(x.text for x in h.actions),
                     *([h.capabilities] if h.capabilities else [])):
        say(out, sentence, indent=2)
    if b.decisions:
        out.print()
        say(out, _("Decisions that change a tier (%(n)s): without them these criteria would count as unmet",
                   n=len(b.decisions)), "bold")
        for d in b.decisions:
            say(out, d.text, indent=2)
    if b.since and b.since_as_of:
        out.print()
        say(out, _("Since the last round (%(date)s)", date=date(dt.date.fromisoformat(b.since_as_of))), "bold")
        for sentence in b.since:
            say(out, sentence, indent=2)
    out.print()
    say(out, _("What moves the verified tier soonest: %(steps)s", steps=b.actions_text), "bold")
    for i, a in enumerate(b.actions, start=1):
        say(out, f"{i}. {a.text}", indent=2)


def _rollup(out: Console, score: Score) -> None:
    """Which scopes the nation's figures combine, and by which rule."""
    assert score.rollup is not None
    scopes = _("; ").join(_("%(scope)s (weight %(weight)s, %(file)s)", scope=s.scope, weight=number(s.weight),
                              file=s.file) for s in score.rollup.scopes)
    say(out, _("Rolled up from %(scopes)s: %(list)s", scopes=count(len(score.rollup.scopes), "%(num)d scope",
                                                                   "%(num)d scopes"), list=scopes))
    say(out, _("Roll-up rule of %(ref)s: %(rule)s", ref=score.catalog, rule=score.rollup.rule))


def _held(scopes: tuple[str, ...] | None, of: int) -> str:
    """A roll-up's gap: the scopes that hold it back, worst first; none when the national file assesses
    the criterion itself."""
    return worst_first(scopes, of) if scopes else _("the nation as a whole")


def _domains(out: Console, score: Score) -> None:
    c, v, s = score.claimed, score.verified, score.strict
    cols = [Col(_("domain")), Col(_("claimed"), wrap=False), Col(_("verified"), wrap=False),
            Col(_("strict"), wrap=False), Col(_("readiness"), "right"), Col(_("verified readiness"), "right"),
            Col(_("capped by"))]
    rows = [[_t(dc.name), _t(tier_word(dc.tier_id)), _t(tier_word(dv.tier_id)), _t(tier_word(ds.tier_id)),
             _t(percent(dc.readiness)), _t(percent(dv.readiness)), _t(", ".join(dc.capped_by) or "—")]
            for dc, dv, ds in zip(c.domains, v.domains, s.domains, strict=True)]
    rows.append([_t(_("Overall"), "bold"), _t(tier_word(c.overall_tier_id), "bold"),
                 _t(tier_word(v.overall_tier_id), "bold"), _t(tier_word(s.overall_tier_id), "bold"),
                 _t(percent(c.readiness), "bold"), _t(percent(v.readiness), "bold"), _t("")])
    grid(out, cols, rows)


def _gaps(out: Console, score: Score, catalog: Catalog, top: int) -> None:
    say(out, _("Gaps to %(tier)s, gating first, then by weight × distance (how far the value is from the target, 0 "
               "to 1):", tier=score.next_tier), "bold")
    cols = [Col("#", "right", wrap=False), Col(_("criterion")), Col(_("domain")), Col(_("now → target")),
            Col(_("gating"), wrap=False), Col(_("weight × distance"), wrap=False)]
    of = len(score.rollup.scopes) if score.rollup is not None else 0
    if of:
        cols.append(Col(_("held back by")))
    rows: list[list[Text]] = []
    blocks: list[Block] = []
    for i, g in enumerate(score.gaps[:top], start=1):
        cells = _gap_cells(g, catalog) + ([_t(_held(g.held_back_by, of))] if of else [])
        rows.append([_t(i), _t(f"{g.id} {g.title}"), *cells])
        blocks.append(block(f"{i}. {g.id} {g.title}", cols[2:], cells))
    if rows:
        grid(out, cols, rows, blocks=blocks)
    if len(score.gaps) > top:
        say(out, _("… and %(more)s more (roadmap score --json lists all, with remediation)",
                   more=len(score.gaps) - top))


def _gap_cells(g: Gap, catalog: Catalog) -> list[Text]:
    """A gap's domain, value and target (each short measure's, with several), whether it gates, and
    its priority."""
    steps = gap_steps(catalog.by_id[g.id], g)
    shown = "\n".join(f"{mid + ' ' if mid else ''}{now} → {target}" for mid, now, target in steps)
    return [_t(_domain_name(catalog, g.domain)), _t(shown), _t(_("yes") if g.gating else _("no")),
            _t(f"{g.weight} × {g.distance:.3f} = {g.priority:.2f}")]


def _domain_name(catalog: Catalog, domain: str) -> str:
    """The domain as the gap table has always named it, by its id; by its name in a translation."""
    if catalog.reading is None:
        return domain
    return next((d.name for d in catalog.meta.domains if d.id == domain), domain)


def _not_assessed(out: Console, score: Score) -> None:
    more = len(score.not_assessed) - _NOT_ASSESSED_SHOWN
    ids = ", ".join(score.not_assessed[:_NOT_ASSESSED_SHOWN])
    if more > 0:
        ids = _("%(ids)s and %(more)s more (roadmap score --json lists all)", ids=ids, more=more)
    say(out, _("Not assessed (%(n)s), counted as unmet: %(ids)s", n=len(score.not_assessed), ids=ids))
    # a not-applicable or exception decision that expired is "not assessed" too: say why
    for cs in score.criteria:
        if cs.expired and cs.notes:
            say(out, labelled(cs.id, cs.notes[0]), indent=2)
