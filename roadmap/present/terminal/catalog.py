"""`roadmap criteria` on the terminal: a catalog's criteria, one criterion in full, and what changed
between two catalog versions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from roadmap.i18n import _, date, pgettext
from roadmap.models.catalog import Catalog, Criterion
from roadmap.present.signing import translation_lines
from roadmap.present.terminal.layout import Block, Col, block, grid, say
from roadmap.present.terminal.layout import text as _t
from roadmap.words import count
from roadmap.words import words as _words

if TYPE_CHECKING:
    from roadmap.engine.criteria_diff import CatalogDiff, CriterionChange, TranslationDiff


def print_criteria(out: Console, catalog: Catalog) -> None:
    criteria = count(len(catalog.criteria), "%(num)d criterion", "%(num)d criteria")
    say(out, f"{catalog.ref} — {catalog.meta.title} ({_words(catalog.meta.status)}, {criteria})", "bold")
    for line in translation_lines(catalog):
        say(out, line)
    cols = [Col(_("id"), wrap=False), Col(_("title")), Col(_("metric")), Col(_("gating"), wrap=False),
            Col(_("weight"), "right", wrap=False), *(Col(tid) for tid in catalog.tier_ids)]
    rows: list[list[Text]] = []
    blocks: list[Block] = []
    for d in catalog.meta.domains:
        for c in catalog.in_domain(d.id):
            cells = [_t(c.metric.short()), _t(_("yes") if c.gating else _("no")), _t(c.weight),
                     *(_t(c.metric.target_short(c.targets[t].value) if t in c.targets else "—")
                       for t in catalog.tier_ids)]
            rows.append([_t(c.id), _t(c.title + _untranslated(catalog, c.id)), *cells])
            blocks.append(block(f"{c.id} {c.title}", cols[2:], cells))
    grid(out, cols, rows, blocks=blocks)


def _untranslated(catalog: Catalog, cid: str) -> str:
    """A note after a criterion that a translation lacks (shown in English), else nothing."""
    if catalog.reading is None or cid not in catalog.reading.untranslated:
        return ""
    return _(" (not translated: English)")


def print_criterion(out: Console, catalog: Catalog, c: Criterion) -> None:
    say(out, f"{c.id} — {c.title}{_untranslated(catalog, c.id)}", "bold")
    for line in translation_lines(catalog)[:1]:
        say(out, line)
    table = Table(show_header=False, show_edge=False, pad_edge=False, box=None)
    table.add_column("k", style="bold", no_wrap=True)
    table.add_column("v", overflow="fold")
    for k, v in _facts(catalog, c):
        table.add_row(_t(k), _t(v))
    out.print(table)


def _facts(catalog: Catalog, c: Criterion) -> list[tuple[str, str]]:
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
        (_("metric"), c.metric.describe()),
    ]
    for t in catalog.tier_ids:
        target = c.targets.get(t)
        rows.append((_("target %(tier)s", tier=t), _("not required") if target is None else
                     _("%(target)s   [basis: %(basis)s]", target=c.metric.format_target(target.value),
                       basis=target.basis)))
    rows.append((_("evidence"), "; ".join(c.evidence.expects)))
    levels = ", ".join(f"{t} {_words(v)}" for t, v in c.evidence.verification.items())
    rows.append((_("verification"), _("%(levels)s; max age %(days)s days", levels=levels,
                                      days=c.evidence.max_age_days)))
    for r in c.references:
        rows.append((_("reference"), f"{r.source}" + (f", {r.section}" if r.section else "")))
    rows.append((_("remediation"), c.remediation))
    if c.tags:
        rows.append((_("tags"), ", ".join(c.tags)))
    return rows


def print_criteria_diff(out: Console, diff: CatalogDiff) -> None:
    """Criterion by criterion, every change class with old → new, and the changelog's reasons."""
    _diff_heading(out, diff)
    if diff.criteria:
        out.print()
    for c in diff.criteria:
        _criterion_change(out, c, diff.backward)
    if diff.meta:
        out.print()
        say(out, _("Catalog rules:"), "bold")
        for m in diff.meta:
            say(out, m.text + (_(" [tightening]") if m.tightening else ""), indent=2)
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


def _diff_heading(out: Console, diff: CatalogDiff) -> None:
    """How many criteria changed, the direction, the changelog, the renames and the change classes."""
    changed = count(len(diff.criteria), "%(num)d criterion", "%(num)d criteria")
    say(out, _("%(old)s → %(new)s: %(changed)s changed, %(unchanged)s unchanged", old=diff.old, new=diff.new,
               changed=changed, unchanged=diff.unchanged), "bold")
    if diff.backward:
        say(out, _("Going back: %(old)s is the later version. Its changelog, below, gives the reasons for the changes "
                   "this diff undoes.", old=diff.old))
    for entry in diff.changelog:
        say(out, _("changelog %(version)s (%(date)s):", version=entry.version,
                   date=date(dt.date.fromisoformat(entry.date))))
        for line in entry.changes:
            say(out, f"- {line}", indent=2)
    if diff.renamed:
        say(out, _("renamed: %(ids)s", ids=", ".join(f"{o} → {n}" for o, n in diff.renamed.items())))
    if diff.counts:
        say(out, _("classes: %(classes)s", classes=", ".join(f"{_words(k)} {v}" for k, v in diff.counts.items())))


def _criterion_change(out: Console, c: CriterionChange, backward: bool) -> None:
    """One changed criterion: its classes, each change but the rename (in its name), and the reasons."""
    name = f"{c.old_id} → {c.id}" if c.old_id and c.old_id != c.id else c.id
    flag = _(" [tightening]") if c.tightening else _(" [loosening]") if c.loosening else ""
    say(out, f"{name} {c.title} ({c.domain}): {', '.join(_words(k) for k in c.kinds)}{flag}", "bold")
    for ch in c.changes:
        if ch.kind != "renamed":
            say(out, ch.text, indent=2)
    for why in c.reasons:
        say(out, _("undoes: %(why)s", why=why) if backward else _("why: %(why)s", why=why), indent=2)
