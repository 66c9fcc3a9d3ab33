"""`roadmap criteria` on the terminal: a catalog's criteria, one criterion in full, and what changed
between two catalog versions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from roadmap.i18n import N_, _, date, ngettext, pgettext
from roadmap.models.catalog import Catalog, Criterion, Measure
from roadmap.models.profile import Profile
from roadmap.present.signing import translation_lines
from roadmap.present.terminal.layout import Block, Col, block, grid, say
from roadmap.present.terminal.layout import text as _t
from roadmap.words import count, listing
from roadmap.words import words as _words

if TYPE_CHECKING:
    from roadmap.engine.controls import FrameworkMap
    from roadmap.engine.criteria_diff import CatalogDiff, CriterionChange, TranslationDiff


def print_criteria(out: Console, catalog: Catalog) -> None:
    criteria = count(len(catalog.criteria), "%(num)d criterion", "%(num)d criteria")
    if any(c.multi for c in catalog.criteria):
        criteria = _("%(criteria)s, %(measures)s", criteria=criteria, measures=count(
            sum(len(c.all_measures) for c in catalog.criteria), "%(num)d measure", "%(num)d measures"))
    say(out, f"{catalog.ref} — {catalog.meta.title} ({_words(catalog.meta.status)}, {criteria})", "bold")
    for line in translation_lines(catalog):
        say(out, line)
    cols = [Col(_("id"), wrap=False), Col(_("title")), Col(_("metric")), Col(_("gating"), wrap=False),
            Col(_("weight"), "right", wrap=False), *(Col(tid) for tid in catalog.tier_ids)]
    rows: list[list[Text]] = []
    blocks: list[Block] = []
    for d in catalog.meta.domains:
        for c in catalog.in_domain(d.id):
            head = [_t(_("yes") if c.gating else _("no")), _t(c.weight)]
            title = c.title + _untranslated(catalog, c.id)
            if not c.multi:
                m = c.all_measures[0]
                cells = [_t(m.metric.short()), *head, *_target_cells(catalog, m)]
                rows.append([_t(c.id), _t(title), *cells])
                blocks.append(block(f"{c.id} {title}", cols[2:], cells))
                continue
            cells = [_t(count(len(c.all_measures), "%(num)d measure", "%(num)d measures")), *head,
                     *(_t("") for _tid in catalog.tier_ids)]
            rows.append([_t(c.id), _t(title), *cells])
            blocks.append(block(f"{c.id} {title}", cols[2:4], cells[:2]))
            for m in c.all_measures:
                cells = [_t(m.metric.short()), _t(""), _t(""), *_target_cells(catalog, m)]
                rows.append([_t(""), _t(f"· {m.id}"), *cells])
                blocks.append(block(f"  · {m.id}: {m.title}", [cols[2], *cols[5:]], [cells[0], *cells[3:]]))
    grid(out, cols, rows, blocks=blocks)


def _target_cells(catalog: Catalog, m: Measure) -> list[Text]:
    return [_t(m.metric.target_short(m.targets[t].value) if t in m.targets else "—") for t in catalog.tier_ids]


def _untranslated(catalog: Catalog, cid: str) -> str:
    """A note after a criterion that a translation lacks (shown in English), else nothing."""
    if catalog.reading is None or cid not in catalog.reading.untranslated:
        return ""
    return _(" (not translated: English)")


def print_criterion(out: Console, catalog: Catalog, c: Criterion, profile: Profile | None = None) -> None:
    say(out, f"{c.id} — {c.title}{_untranslated(catalog, c.id)}", "bold")
    for line in translation_lines(catalog)[:1]:
        say(out, line)
    table = Table(show_header=False, show_edge=False, pad_edge=False, box=None)
    table.add_column("k", style="bold", no_wrap=True)
    table.add_column("v", overflow="fold")
    for k, v in _facts(catalog, c, profile):
        table.add_row(_t(k), _t(v))
    out.print(table)


def _facts(catalog: Catalog, c: Criterion, profile: Profile | None = None) -> list[tuple[str, str]]:
    """What `criteria show` lists of a criterion, as (label, value) in the order shown."""
    domain = catalog.domain_of[c.id]
    if catalog.reading is not None:  # the id is an English word: a reader of a translation gets the name
        domain = next((d.name for d in catalog.meta.domains if d.id == domain), domain)
    rows = [
        (_("catalog"), catalog.ref),
        (_("domain"), domain),
        (_("gating"), _("yes — failing it caps the domain tier") if c.gating else _("no")),
        (_("weight"), str(c.weight)),
        (pgettext("criterion", "statement"), c.statement),
        (_("rationale"), c.rationale),
    ]
    if c.multi:
        rows += _measure_facts(catalog, c)
    else:
        m = c.all_measures[0]
        rows.append((_("metric"), m.metric.describe()))
        rows += [(_("target %(tier)s", tier=t), _target_fact(m, t)) for t in catalog.tier_ids]
    rows.append((_("evidence"), "; ".join(c.evidence.expects)))
    levels = ", ".join(f"{t} {_words(v)}" for t, v in c.evidence.verification.items())
    rows.append((_("verification"), _("%(levels)s; max age %(days)s days", levels=levels,
                                      days=c.evidence.max_age_days)))
    for r in c.references:
        rows.append((_("reference"), f"{r.source}" + (f", {r.section}" if r.section else "")))
    for framework, ids in (c.controls.by_framework().items() if c.controls else ()):
        rows.append((_("controls %(framework)s", framework=framework), ", ".join(ids)))
    rows.append((_("remediation"), c.remediation))
    if c.tags:
        rows.append((_("tags"), ", ".join(c.tags)))
    return rows + (_profile_facts(profile, c) if profile else [])


def _target_fact(m: Measure, t: str) -> str:
    target = m.targets.get(t)
    if target is None:
        return _("not required")
    value = m.metric.format_target(target.value)
    if target.depends_on == "host":
        value = _("%(target)s (needs the host's action)", target=value)
    return _("%(target)s   [basis: %(basis)s]", target=value, basis=target.basis)


def _measure_facts(catalog: Catalog, c: Criterion) -> list[tuple[str, str]]:
    """Each measure of a criterion with several: what it measures, its targets, its evidence."""
    rows = [(_("measures"), _("%(n)s: the criterion meets a tier when every measure meets it", n=len(c.all_measures)))]
    for i, m in enumerate(c.all_measures, start=1):
        rows.append((_("measure %(n)s", n=i), f"{m.id}: {m.title} ({m.metric.describe()})"))
        rows += [("  " + _("target %(tier)s", tier=t), _target_fact(m, t)) for t in catalog.tier_ids if t in m.targets]
        if m.evidence:
            rows.append(("  " + _("evidence"), "; ".join(m.evidence)))
    return rows


def _profile_facts(profile: Profile, c: Criterion) -> list[tuple[str, str]]:
    """What a partner profile adds to the criterion, labelled with its partner."""
    entry = profile.entry(c.id)
    who = profile.partner
    if entry is None:
        return [(_("%(partner)s (profile %(id)s)", partner=who, id=profile.id),
                 _("no guidance for this criterion: the generic text stands"))]
    rows = []
    if entry.guidance:
        rows.append((_("%(partner)s: guidance", partner=who), entry.guidance))
    if entry.remediation:
        rows.append((_("%(partner)s: remediation", partner=who), entry.remediation))
    rows += [(_("%(partner)s: reference", partner=who), r.source + (f", {r.section}" if r.section else ""))
             for r in entry.references]
    return rows


def print_criteria_diff(out: Console, diff: CatalogDiff) -> None:
    """Criterion by criterion, every change class with old → new (the old and new wording of
    reworded text), and the changelog's reasons, each printed once: a line about one criterion
    under it, a line about several under the first and referred to after, a line about none (the
    whole catalog) at the top."""
    own = {why for c in diff.criteria for why in c.reasons}
    _diff_heading(out, diff, own)
    if diff.criteria:
        out.print()
    shown: dict[str, str] = {}
    for c in diff.criteria:
        _criterion_change(out, c, diff.backward, shown)
    if diff.meta:
        out.print()
        say(out, _("Catalog rules:"), "bold")
        for m in diff.meta:
            say(out, m.text + _flag(m.tightening, m.loosening), indent=2)
    if diff.criteria or diff.meta or diff.changelog:
        out.print()
    if diff.tightened:
        say(out, _("Tightening (%(n)s): %(ids)s", n=len(diff.tightened), ids=", ".join(diff.tightened)))
    else:
        say(out, _("No tightening: nothing asks more of the partner than before."))
    if diff.loosened:
        say(out, _("Loosening (%(n)s): %(ids)s", n=len(diff.loosened), ids=", ".join(diff.loosened)))


def print_translation_diff(out: Console, diff: TranslationDiff | None, old: Catalog, new: Catalog) -> None:
    """After `print_criteria_diff` of catalogs read in a translation: what the translations changed
    where the English did not (no change of meaning), apart from the changes above."""
    out.print()
    if diff is None:
        lacking = ", ".join(c.ref for c in (old, new) if c.reading is None)
        say(out, _("Translation: %(refs)s has no translation in this language, so the translations cannot be "
                   "compared.", refs=lacking))
        return
    say(out, _("Translation %(old)s → %(new)s: changes of wording only (the English, which governs, is unchanged):",
               old=diff.old, new=diff.new), "bold")
    if not diff.criteria and not diff.catalog:
        say(out, _("none: every translated text of the criteria the English left unchanged reads as before."),
            indent=2)
    for c in diff.criteria:
        say(out, _("%(id)s %(title)s: %(fields)s", id=c.id, title=c.title, fields=", ".join(c.fields)), indent=2)
    if diff.catalog:
        say(out, _("names and descriptions of %(ids)s", ids=", ".join(diff.catalog)), indent=2)
    if diff.meaning:
        say(out, _("The %(n)s criteria whose English changed are listed above as changes of meaning; their "
                   "translation follows the new English.", n=len(diff.meaning)))


def _diff_heading(out: Console, diff: CatalogDiff, own: set[str]) -> None:
    """How many criteria changed, the direction, the changelog lines about no one criterion, the
    renames and the change classes."""
    changed = count(len(diff.criteria), "%(num)d criterion", "%(num)d criteria")
    say(out, _("%(old)s → %(new)s: %(changed)s changed, %(unchanged)s unchanged", old=diff.old, new=diff.new,
               changed=changed, unchanged=diff.unchanged), "bold")
    if diff.backward:
        say(out, _("Going back: %(old)s is the later version. Its changelog, below, gives the reasons for the changes "
                   "this diff undoes.", old=diff.old))
    for entry in diff.changelog:
        general = [line for line in entry.changes if line not in own]
        rest = len(entry.changes) - len(general)
        day = date(dt.date.fromisoformat(entry.date))
        if not general:
            say(out, _("changelog %(version)s (%(date)s): each of its lines is given below with the criteria it names",
                       version=entry.version, date=day))
            continue
        if rest:
            say(out, ngettext("changelog %(version)s (%(date)s), for the whole catalog (its other %(num)d line is "
                              "given below with the criteria it names):",
                              "changelog %(version)s (%(date)s), for the whole catalog (its other %(num)d lines are "
                              "given below with the criteria they name):", rest, version=entry.version, date=day))
        else:
            say(out, _("changelog %(version)s (%(date)s), for the whole catalog:", version=entry.version, date=day))
        for line in general:
            say(out, f"- {line}", indent=2)
    if diff.renamed:
        say(out, _("renamed: %(ids)s", ids=", ".join(f"{o} → {n}" for o, n in diff.renamed.items())))
    if diff.criteria or diff.meta:
        say(out, _direction(diff))
    if diff.counts:
        say(out, _("criteria per change class (a criterion may have several): %(classes)s",
                   classes=listing(f"{_class_words(k)} {v}" for k, v in diff.counts.items())))


def _direction(diff: CatalogDiff) -> str:
    """How many criteria (and catalog rules) ask more of the partner than before and how many ask less,
    as the lists at the end name them; a criterion that does both is counted in both, and named."""
    def what(criteria: int, rules: int) -> str:
        crit = count(criteria, "%(num)d criterion", "%(num)d criteria")
        rule = count(rules, "%(num)d catalog rule", "%(num)d catalog rules")
        if criteria and rules:
            return _("%(criteria)s and %(rules)s", criteria=crit, rules=rule)
        return crit if criteria else rule if rules else _("none")

    more = what(sum(c.tightening for c in diff.criteria), sum(m.tightening for m in diff.meta))
    less = what(sum(c.loosening for c in diff.criteria), sum(m.loosening for m in diff.meta))
    both = [c.id for c in diff.criteria if c.tightening and c.loosening]
    if both:
        return _("tightening, asking more of the partner than before: %(more)s; loosening, asking less: %(less)s; "
                 "both: %(ids)s", more=more, less=less, ids=listing(both))
    return _("tightening, asking more of the partner than before: %(more)s; loosening, asking less: %(less)s",
             more=more, less=less)


def _flag(tightening: bool, loosening: bool) -> str:
    """Whether a change asks more of the partner, less, or both (one criterion's targets can move both ways)."""
    if tightening and loosening:
        return _(" [tightening, loosening]")
    return _(" [tightening]") if tightening else _(" [loosening]") if loosening else ""


#: The change classes whose word alone would read like the diff's direction: "tightened" is a target's
#: value made stricter, one of several ways a criterion can tighten.
_CLASS_WORDS = {"tightened": N_("target tightened"), "loosened": N_("target loosened")}


def _class_words(kind: str) -> str:
    return _(_CLASS_WORDS[kind]) if kind in _CLASS_WORDS else _words(kind)


def _criterion_change(out: Console, c: CriterionChange, backward: bool, shown: dict[str, str]) -> None:
    """One changed criterion: its classes, each change but the rename (in its name) with the old and
    new wording of reworded text, and the reasons (a reason given above is referred to)."""
    name = f"{c.old_id} → {c.id}" if c.old_id and c.old_id != c.id else c.id
    flag = _flag(c.tightening, c.loosening)
    say(out, _("%(id)s %(title)s (%(domain)s): %(classes)s%(flag)s", id=name, title=c.title, domain=c.domain,
               classes=listing(_class_words(k) for k in c.kinds), flag=flag), "bold")
    for ch in c.changes:
        if ch.kind == "renamed":
            continue
        say(out, ch.text, indent=2)
        if ch.kind in _WORDING and ch.old and ch.new and ch.old not in ("—",) and ch.new not in ("—",):
            say(out, _("was: %(text)s", text=ch.old), indent=4)
            say(out, _("now: %(text)s", text=ch.new), indent=4)
    for why in c.reasons:
        if why in shown:
            say(out, _("undoes: as for %(id)s, above", id=shown[why]) if backward else
                _("why: as for %(id)s, above", id=shown[why]), indent=2)
            continue
        shown[why] = c.id
        say(out, _("undoes: %(why)s", why=why) if backward else _("why: %(why)s", why=why), indent=2)


#: Changes whose old and new text the diff shows in full: the statement, and a target's basis.
_WORDING = frozenset({"reworded", "text_changed"})


def print_framework_map(out: Console, fm: FrameworkMap) -> None:
    """The frameworks a catalog maps to; with one chosen, each control it covers and the criteria
    that cover it, then the criteria that map to none of its controls."""
    if fm.framework is None:
        say(out, _("%(catalog)s: criteria mapped to framework controls (roadmap criteria map --framework ID)",
                   catalog=fm.catalog), "bold")
        cols = [Col(_("framework"), wrap=False), Col(_("name")), Col(_("controls"), "right", wrap=False),
                Col(_("criteria"), "right", wrap=False)]
        grid(out, cols, [[_t(u.id), _t(u.name), _t(u.controls), _t(u.criteria)] for u in fm.frameworks])
        unmapped = [u.id for u in fm.frameworks if not u.controls]
        if len(unmapped) == len(fm.frameworks):
            say(out, _("%(catalog)s maps no criterion to a framework control (catalogs give them as 'controls:').",
                       catalog=fm.catalog))
        elif unmapped:  # a 0 in the table is a choice of the catalog's authors, not a gap of this tool
            say(out, _("%(catalog)s names no control of %(frameworks)s: no criterion lists one under 'controls:'.",
                       catalog=fm.catalog, frameworks=listing(unmapped)))
        return
    controls = count(len(fm.controls), "%(num)d control", "%(num)d controls")
    criteria = count(len({c for cov in fm.controls for c in cov.criteria}), "%(num)d criterion", "%(num)d criteria")
    say(out, _("%(catalog)s → %(framework)s: %(controls)s covered by %(criteria)s", catalog=fm.catalog,
               framework=fm.name, controls=controls, criteria=criteria), "bold")
    if fm.controls:
        cols = [Col(_("control"), wrap=False), Col(_("criteria"))]
        rows = [[_t(cov.control), _t("\n".join(f"{cid} {title}" for cid, title in zip(cov.criteria, cov.titles,
                                                                                         strict=True)))]
                for cov in fm.controls]
        grid(out, cols, rows)
    if fm.unmapped:
        say(out, _("Not mapped to %(framework)s (%(num)d): %(ids)s", framework=fm.framework, num=len(fm.unmapped),
                   ids=", ".join(fm.unmapped)))
