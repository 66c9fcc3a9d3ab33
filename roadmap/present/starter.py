"""`roadmap init`: a commented assessment template that lists every criterion of a catalog.

The template is valid as written (every finding starts as not_assessed), so an assessor can
validate while filling it in.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap

from roadmap.models.catalog import Catalog, Criterion, Measure

SCHEMA_URL = "https://roadmap.invalid/schema/assessment.json"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str, indent: str, first: str = "", width: int = 96) -> list[str]:
    lines = textwrap.wrap(" ".join(text.split()), width=width - len(indent) - 2 - len(first),
                          break_long_words=False, break_on_hyphens=False) or [""]
    out = [f"{indent}# {first}{lines[0]}"]
    pad = " " * len(first)
    out += [f"{indent}# {pad}{line}" for line in lines[1:]]
    return out


def render_template(catalog: Catalog, *, today: dt.date, schema_path: str | None = None) -> str:
    out = _head(catalog, today, schema_path)
    for d in catalog.meta.domains:
        out.append("")
        out.append(f"  # {'=' * 4} {d.name} ({d.prefix}) {'=' * max(4, 80 - len(d.name) - len(d.prefix))}")
        for c in catalog.in_domain(d.id):
            out.append("")
            out += _finding(catalog, c, today)
    out += _reciprocity(catalog, today)
    return "\n".join(out) + "\n"


def _decisions(catalog: Catalog) -> list[str]:
    """How a not-applicable or exception decision is written under this catalog's decision rules."""
    rules = catalog.meta.decisions
    if rules is None or rules.approvals != "both":
        return ["#   not_applicable and exception also need justification, approver and expires (a date)."]
    days = f", at most {rules.max_days} days after as_of" if rules.max_days else ""
    return ["#   not_applicable and exception also need justification, expires (a date" + days + ") and",
            "#     approvals from both sides, each by an approver named under parties (below):",
            "#     approvals: {host: {by: \"…\", date: YYYY-MM-DD}, partner: {by: \"…\", date: YYYY-MM-DD}}"]


def _parties(catalog: Catalog) -> list[str]:
    """The parties block a catalog that wants both sides' approvals needs, to fill in."""
    rules = catalog.meta.decisions
    if rules is None or rules.approvals != "both":
        return []
    return ["# Who may approve a decision for each side (and each side's country code, for --for).",
            "parties:",
            "  host:", '    name: "Host government"', "    code: USA", '    approvers: ["Host approver name"]',
            "  partner:", '    name: "Partner government"', "    code: JPN", '    approvers: ["Partner approver name"]']


def _head(catalog: Catalog, today: dt.date, schema_path: str | None) -> list[str]:
    """The schema line, how to fill the file in, and the assessment's own fields."""
    out = [f"# yaml-language-server: $schema={schema_path}"] if schema_path else []
    return out + [
        f"# Readiness assessment against {catalog.ref}: {catalog.meta.title}.",
        "# For each criterion below, set status and, when assessed, value and evidence.",
        "#   status: assessed | not_assessed | not_applicable | exception",
        *_decisions(catalog),
        *(["#   A criterion with several measures takes values: {measure: value, ...}, one for each."]
          if any(c.multi for c in catalog.criteria) else []),
        "#   evidence items: {ref, kind, date, verification}; kind: document | record | test | inspection |",
        "#     interview | observation | statement | publication | audit;",
        "#     verification: self_asserted | documented | independently_verified",
        "# Quote text that YAML could misread: \"no\", \"on\", \"1.10\". Check with: roadmap validate FILE",
        "",
        'title: "Readiness assessment"',
        'partner: "Partner government"',
        'host: "Host government"',
        *_parties(catalog),
        "assessors:",
        '  - "Assessor name"',
        f"as_of: {today.isoformat()}",
        "# The classification banner printed at the top and bottom of every report page.",
        'marking: "UNCLASSIFIED"',
        f"catalog: {_q(catalog.ref)}",
        f"catalog_digest: {_q(catalog.digest)}",
        *([f"# A partner profile of {catalog.ref}, whose guidance the report shows beside the criteria: "
           f"{', '.join(catalog.meta.profile_names)}.", f"# profile: {catalog.meta.profile_names[0]}"]
          if catalog.meta.profile_names else []),
        "",
        "findings:",
    ]


def _finding(catalog: Catalog, c: Criterion, today: dt.date) -> list[str]:
    """A criterion described in comments, then its finding, not assessed yet."""
    flags = ", ".join(x for x in ("gating" if c.gating else "", f"weight {c.weight}") if x)
    ver = ", ".join(f"{t} {v}" for t, v in c.evidence.verification.items())
    if c.multi:
        measures = _measures_comment(catalog, c)
        value = ["    # values:", *(f"    #   {m.id}: {m.metric.example()}" for m in c.all_measures)]
    else:
        m = c.all_measures[0]
        measures = [*_comment(m.metric.describe(), "  ", "  Metric: "),
                    *_comment(_targets(catalog, m), "  ", "  Targets: ")]
        value = [f"    # value: {m.metric.example()}"]
    return [
        *_comment(f"{c.id} {c.title} ({flags})", "  "),
        *_comment(c.statement, "  ", "  "),
        *measures,
        *_comment("; ".join(c.evidence.expects), "  ", "  Evidence: "),
        *_comment(f"{ver}; at most {c.evidence.max_age_days} days old", "  ", "  Verification: "),
        f"  {c.id}:",
        "    status: not_assessed",
        *value,
        "    # evidence:",
        f"    #   - {{ref: \"\", kind: document, date: {today.isoformat()}, verification: documented}}",
    ]


def _targets(catalog: Catalog, m: Measure) -> str:
    return " · ".join(f"{t} {m.metric.format_target(m.targets[t].value)}" for t in catalog.tier_ids if t in m.targets)


def _measures_comment(catalog: Catalog, c: Criterion) -> list[str]:
    """Each measure of a criterion with several: what it measures and its targets."""
    out = _comment(f"{len(c.all_measures)} measures, each needs a value (values:); a tier needs them all:",
                   "  ", "  ")
    for m in c.all_measures:
        out += _comment(f"{m.title} ({m.metric.describe()}): {_targets(catalog, m)}", "  ", f"  - {m.id}: ")
    return out


def _reciprocity(catalog: Catalog, today: dt.date) -> list[str]:
    """The optional reciprocity section, commented out, one line per discipline."""
    out = [
        "",
        "# Two-way sharing over the period assessed, per intelligence discipline (optional).",
        "# Levels: " + ", ".join(f"{lv.id} {lv.name}" for lv in catalog.meta.reciprocity.levels),
        "# reciprocity:",
        f"#   period_start: {today.replace(month=1, day=1).isoformat()}",
        f"#   period_end: {today.isoformat()}",
        "#   disciplines:",
    ]
    return out + [f"#     {disc.id}: {{host_level: L0, partner_level: L0, partner_capability: none}}"
                  for disc in catalog.meta.reciprocity.disciplines]
