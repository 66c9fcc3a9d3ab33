"""`roadmap compare` on the terminal: what the partners were scored against, one row per partner in
rank order, their tiers by domain, and each one's first gating gaps."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from roadmap.engine.compare import Comparison, PartnerRow, commitments_at, parity_text
from roadmap.i18n import _, date, percent
from roadmap.present.terminal.layout import Block, Col, block, grid, say
from roadmap.present.terminal.layout import text as _t
from roadmap.words import count, listing, tier_word, worst_first


def print_comparison(out: Console, c: Comparison) -> None:
    if c.rescore_note:
        say(out, c.rescore_note)
    say(out, _("%(partners)s compared for sharing with %(host)s, against %(ref)s",
               partners=count(len(c.partners), "%(num)d partner", "%(num)d partners"), host=c.host, ref=c.catalog),
        "bold")
    say(out, c.rule)
    out.print()
    _overview(out, c)
    out.print()
    say(out, _("Tier by domain (verified / claimed):"), "bold")
    _domains(out, c)
    gaps = [r for r in c.partners if r.top_gating]
    if gaps:
        out.print()
        say(out, _("First gating gaps to the next tier:"), "bold")
        for r in gaps:
            more = r.gating_gaps - len(r.top_gating)
            listed = _("; ").join(_gap(r, g) for g in range(len(r.top_gating)))
            if more > 0:
                listed = _("%(gaps)s; … and %(more)d more", gaps=listed, more=more)
            say(out, _("%(rank)d. %(name)s (to %(tier)s): %(gaps)s", rank=r.rank, name=r.name, tier=r.next_tier,
                       gaps=listed), indent=2)
    out.print()
    say(out, _("Files: %(files)s", files=listing(f"{r.rank}. {r.file}" for r in c.partners)))
    say(out, _("'roadmap compare --format pdf' writes the comparison report; --json gives every figure."))


def _gap(r: PartnerRow, i: int) -> str:
    g = r.top_gating[i]
    if g.held_back_by:
        return _("%(id)s %(title)s (%(now)s → %(target)s, held back by %(scopes)s)", id=g.id, title=g.title,
                 now=g.now, target=g.target, scopes=worst_first(g.held_back_by, len(r.scopes)))
    return _("%(id)s %(title)s (%(now)s → %(target)s)", id=g.id, title=g.title, now=g.now, target=g.target)


def _overview(out: Console, c: Comparison) -> None:
    cols = [Col("#", "right", wrap=False), Col(_("partner")), Col(_("as of"), wrap=False),
            Col(_("verified"), wrap=False), Col(_("claimed"), wrap=False),
            Col(_("readiness verified / claimed"), "right"), Col(_("gating gaps")), Col(_("host commitments")),
            Col(_("parity")), Col(_("fresh evidence"), "right")]
    rows: list[list[Text]] = []
    blocks: list[Block] = []
    for r in c.partners:
        cells = [_t(date(r.as_of)), _t(tier_word(r.verified_tier_id)), _t(tier_word(r.claimed_tier_id)),
                 _t(f"{percent(r.readiness_verified, 1)} / {percent(r.readiness, 1)}"),
                 _t(_("%(gating)d of %(gaps)d to %(tier)s", gating=r.gating_gaps, gaps=r.gaps, tier=r.next_tier)
                    if r.next_tier else _("top tier")),
                 _t(commitments_at(r)),
                 _t(parity_text(r)), _t(_("%(share)s of %(num)d", share=percent(r.fresh_share), num=r.assessed))]
        rows.append([_t(r.rank), _t(r.name), *cells])
        blocks.append(block(f"{r.rank}. {r.name}", cols[2:], cells))
    grid(out, cols, rows, blocks=blocks)


def _domains(out: Console, c: Comparison) -> None:
    cols = [Col("#", "right", wrap=False), Col(_("partner")),
            *(Col(prefix, wrap=False, least=4) for _id, _name, prefix in c.domains)]
    rows = [[_t(r.rank), _t(r.name), *(_t(f"{tier_word(d.verified)} / {tier_word(d.claimed)}") for d in r.domains)]
            for r in c.partners]
    grid(out, cols, rows)
    say(out, _("Domains: %(domains)s", domains=listing(f"{p} {name}" for _id, name, p in c.domains)))
