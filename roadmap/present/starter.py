"""`roadmap init`: a commented assessment template that lists every criterion of a catalog.

The template is valid as written (every finding starts as not_assessed), so an assessor can
validate while filling it in.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap

from roadmap.models.catalog import Catalog

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
    out: list[str] = []
    if schema_path:
        out.append(f"# yaml-language-server: $schema={schema_path}")
    out += [
        f"# Readiness assessment against {catalog.ref}: {catalog.meta.title}.",
        "# For each criterion below, set status and, when assessed, value and evidence.",
        "#   status: assessed | not_assessed | not_applicable | exception",
        "#   not_applicable and exception also need justification, approver and expires (a date).",
        "#   evidence items: {ref, kind, date, verification}; kind: document | record | test | inspection |",
        "#     interview | observation | statement | publication | audit;",
        "#     verification: self_asserted | documented | independently_verified",
        "# Quote text that YAML could misread: \"no\", \"on\", \"1.10\". Check with: roadmap validate FILE",
        "",
        'title: "Readiness assessment"',
        'partner: "Partner government"',
        'host: "Host government"',
        "assessors:",
        '  - "Assessor name"',
        f"as_of: {today.isoformat()}",
        "# The classification banner printed at the top and bottom of every report page.",
        'marking: "UNCLASSIFIED"',
        f"catalog: {_q(catalog.ref)}",
        f"catalog_digest: {_q(catalog.digest)}",
        "",
        "findings:",
    ]
    for d in catalog.meta.domains:
        out.append("")
        out.append(f"  # {'=' * 4} {d.name} ({d.prefix}) {'=' * max(4, 80 - len(d.name) - len(d.prefix))}")
        for c in catalog.in_domain(d.id):
            out.append("")
            flags = ", ".join(x for x in ("gating" if c.gating else "", f"weight {c.weight}") if x)
            out += _comment(f"{c.id} {c.title} ({flags})", "  ")
            out += _comment(c.statement, "  ", "  ")
            out += _comment(c.metric.describe(), "  ", "  Metric: ")
            targets = " · ".join(f"{t} {c.metric.format_target(c.targets[t].value)}" for t in catalog.tier_ids
                                 if t in c.targets)
            out += _comment(targets, "  ", "  Targets: ")
            ver = ", ".join(f"{t} {v}" for t, v in c.evidence.verification.items())
            out += _comment("; ".join(c.evidence.expects), "  ", "  Evidence: ")
            out += _comment(f"{ver}; at most {c.evidence.max_age_days} days old", "  ", "  Verification: ")
            out.append(f"  {c.id}:")
            out.append("    status: not_assessed")
            out.append(f"    # value: {c.metric.example()}")
            out.append("    # evidence:")
            out.append(f"    #   - {{ref: \"\", kind: document, date: {today.isoformat()}, verification: documented}}")
    out += [
        "",
        "# Two-way sharing over the period assessed, per intelligence discipline (optional).",
        "# Levels: " + ", ".join(f"{lv.id} {lv.name}" for lv in catalog.meta.reciprocity.levels),
        "# reciprocity:",
        f"#   period_start: {today.replace(month=1, day=1).isoformat()}",
        f"#   period_end: {today.isoformat()}",
        "#   disciplines:",
    ]
    for disc in catalog.meta.reciprocity.disciplines:
        out.append(f"#     {disc.id}: {{host_level: L0, partner_level: L0, partner_capability: none}}")
    return "\n".join(out) + "\n"
