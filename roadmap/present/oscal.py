"""OSCAL 1.2.1 exports: the catalog as an OSCAL catalog, a scored assessment as OSCAL
assessment-results, and its gaps as an OSCAL plan of action and milestones (POA&M).

Pure functions from models to plain dicts (the CLI serialises them). Output is reproducible: UUIDs
are version-5 UUIDs of the catalog reference and digest or the assessment file's SHA-256, and every
timestamp comes from the data (release date, as-of date), never the clock.

Mapping (docs/oscal.md has the whole table):

- domain → group; criterion → control (id lowercased: `ALP-01` → `alp-01`, label prop keeps the
  original); statement → part `statement`, rationale → part `guidance`, remediation → part
  `remediation` (roadmap namespace), evidence expected → part `assessment-method`;
- target per tier → param `<control>_<tier>` with the value and its basis as guideline;
- references → back-matter resources (one per source), linked from controls with rel `reference`;
- per criterion of an assessment → one observation (value, evidence) and one finding targeting
  the control's statement, `satisfied` when the criterion meets every target it has.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from typing import Any

from roadmap.chars import json_safe
from roadmap.engine.scoring import CriterionScore, Score
from roadmap.models.assessment import Assessment, Evidence
from roadmap.models.catalog import FRAMEWORKS, Catalog, Criterion, Measure
from roadmap.models.metrics import Metric
from roadmap.words import number

OSCAL_VERSION = "1.2.1"
#: Namespace of roadmap's own props and parts; OSCAL requires one for names it does not define.
NS = "https://roadmap.invalid/ns/oscal"
_UUID_NS = uuid.uuid5(uuid.NAMESPACE_URL, NS)

#: How each kind of evidence was gathered, in OSCAL's observation methods.
_METHOD = {"document": "EXAMINE", "record": "EXAMINE", "publication": "EXAMINE", "audit": "EXAMINE",
           "inspection": "EXAMINE", "observation": "EXAMINE", "interview": "INTERVIEW",
           "statement": "INTERVIEW", "test": "TEST"}


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_UUID_NS, "\x1f".join(parts)))


def _ts(day: dt.date) -> str:
    """OSCAL wants a date-time with a time zone: midnight UTC of the day."""
    return f"{day.isoformat()}T00:00:00Z"


def _line(text: str) -> str:
    """One line, trimmed: OSCAL's markup-line and string types allow neither newlines nor edges."""
    return " ".join(text.split()) or "-"


def _prop(name: str, value: object, *, cls: str | None = None, remarks: str | None = None,
          ns: bool = True) -> dict[str, Any]:
    p: dict[str, Any] = {"name": name}
    if ns:
        p["ns"] = NS
    p["value"] = _line(_text(value))
    if cls:
        p["class"] = cls
    if remarks:
        p["remarks"] = remarks
    return p


def _text(value: object) -> str:
    """A prop's value as text: booleans as JSON writes them, numbers as read (0.5, not 0.500000)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return number(value)


def control_id(criterion_id: str) -> str:
    return criterion_id.lower()


def dumps(document: dict[str, Any]) -> str:
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"  # roadmap.chars: nothing hidden


# -- catalog --------------------------------------------------------------------------------------

def catalog_document(catalog: Catalog) -> dict[str, Any]:
    meta = catalog.meta
    day = meta.released or meta.changelog[0].date
    sources = sorted({r.source for c in catalog.criteria for r in c.references}
                     | {FRAMEWORKS[f] for c in catalog.criteria if c.controls for f in c.controls.by_framework()})
    resource = {s: _uuid(catalog.ref, "reference", s) for s in sources}
    metadata: dict[str, Any] = {"title": _line(meta.title)}
    if meta.released:
        metadata["published"] = _ts(meta.released)
    metadata |= {
        "last-modified": _ts(day),
        "version": meta.version,
        "oscal-version": OSCAL_VERSION,
        "revisions": [{"published": _ts(e.date), "version": e.version, "remarks": "\n".join(e.changes)}
                      for e in meta.changelog],
        "props": [
            _prop("catalog", catalog.ref),
            _prop("status", meta.status),
            _prop("digest", catalog.digest),
            *(_prop("tier", t.id, remarks=f"{t.name}: {t.description} Unlocks: {t.unlocks}")
              for t in meta.tiers),
            _prop("domain-rule", meta.tier_rules.domain.method, remarks=meta.tier_rules.domain.explanation),
            *([_prop("domain-threshold", meta.tier_rules.domain.threshold)]
              if meta.tier_rules.domain.threshold is not None else []),
            _prop("overall-rule", meta.tier_rules.overall.method, remarks=meta.tier_rules.overall.explanation),
        ],
        "remarks": meta.description,
    }
    groups = []
    for d in meta.domains:
        groups.append({
            "id": d.id, "class": "domain", "title": _line(d.name),
            "props": [_prop("label", d.prefix, ns=False)],
            "parts": [{"id": f"{d.id}_ovw", "name": "overview", "prose": d.description}],
            "controls": [_control(catalog, c, resource) for c in catalog.in_domain(d.id)],
        })
    doc: dict[str, Any] = {"uuid": _uuid("catalog", catalog.ref, catalog.digest), "metadata": metadata,
                           "groups": groups}
    if sources:
        doc["back-matter"] = {"resources": [
            {"uuid": resource[s], "title": _line(s), "citation": {"text": _line(s)}} for s in sources]}
    return {"catalog": doc}


def _control(catalog: Catalog, c: Criterion, resource: dict[str, str]) -> dict[str, Any]:
    cid = control_id(c.id)
    props = [_prop("label", c.id, ns=False), _prop("sort-id", cid, ns=False),
             _prop("gating", c.gating), _prop("weight", c.weight)]
    if c.multi:
        props += [_prop("measure", m.id, remarks=f"{m.title} ({m.metric.describe()})") for m in c.all_measures]
    else:
        props += _metric_props(c.all_measures[0].metric)
    props += [_prop("tag", t) for t in c.tags]
    params = [_param(catalog, cid, m, t) for m in c.all_measures for t in catalog.tier_ids if t in m.targets]
    links = []
    for r in c.references:
        link: dict[str, Any] = {"href": f"#{resource[r.source]}", "rel": "reference"}
        if r.section.strip():
            link["text"] = _line(r.section)
        links.append(link)
    for framework, ids in (c.controls.by_framework().items() if c.controls else ()):
        links += [{"href": f"#{resource[FRAMEWORKS[framework]]}", "rel": "related", "text": control}
                  for control in ids]
    evidence = c.evidence
    parts = [
        {"id": f"{cid}_smt", "name": "statement", "prose": c.statement},
        {"id": f"{cid}_gdn", "name": "guidance", "prose": c.rationale},
        {"id": f"{cid}_asm", "name": "assessment-method",
         "props": [_prop("max-age-days", evidence.max_age_days),
                   *(_prop("verification", v, cls=t) for t, v in evidence.verification.items())],
         "prose": "Evidence expected: " + "; ".join(evidence.expects) + "."},
        {"id": f"{cid}_rem", "name": "remediation", "ns": NS, "prose": c.remediation},
    ]
    return {"id": cid, "class": "criterion", "title": _line(c.title), "params": params, "props": props,
            "links": links, "parts": parts}


def _metric_props(m: Metric) -> list[dict[str, Any]]:
    props = [_prop("metric", m.type), _prop("direction", m.direction)]
    if m.unit:
        props.append(_prop("unit", m.unit))
    if m.levels:
        props += [_prop("level", lv, remarks=f"level {i} of {len(m.levels) - 1}") for i, lv in enumerate(m.levels)]
    return props


def _param(catalog: Catalog, cid: str, m: Measure, t: str) -> dict[str, Any]:
    """The target of measure `m` at tier `t`: `<control>_<tier>` for a criterion of one measure,
    `<control>_<measure>_<tier>` for one of several (whose measure's metric is in the param's props)."""
    target = m.targets[t]
    props = [_prop("tier", t)]
    if m.id:
        props += [_prop("measure", m.id, remarks=m.title), *_metric_props(m.metric)]
    if target.depends_on:
        props.append(_prop("depends-on", target.depends_on))
    return {
        "id": f"{cid}_{m.id}_{t.lower()}" if m.id else f"{cid}_{t.lower()}", "class": "target",
        "props": props,
        "label": f"{t} target{' of ' + m.id if m.id else ''}: {m.metric.format_target(target.value)}",
        "guidelines": [{"prose": target.basis}],
        "values": [_line(_text(target.value))],
    }


# -- assessment results ---------------------------------------------------------------------------

def _parties(a: Assessment, seed: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
    ids = {"partner": _uuid(seed, "party", "partner"), "host": _uuid(seed, "party", "host")}
    parties = [{"uuid": ids["partner"], "type": "organization", "name": _line(a.partner)},
               {"uuid": ids["host"], "type": "organization", "name": _line(a.host)}]
    for i, who in enumerate(a.assessors):
        ids[f"assessor-{i}"] = _uuid(seed, "party", "assessor", str(i))
        parties.append({"uuid": ids[f"assessor-{i}"], "type": "person", "name": _line(who)})
    return parties, ids


def _metadata(a: Assessment, seed: str, title: str, file: str) -> tuple[dict[str, Any], dict[str, str]]:
    parties, ids = _parties(a, seed)
    metadata = {
        "title": _line(title),
        "last-modified": _ts(a.as_of),
        "version": a.as_of.isoformat(),
        "oscal-version": OSCAL_VERSION,
        "props": [_prop("marking", a.marking, ns=False), _prop("catalog", a.catalog),
                  _prop("illustrative", a.illustrative), _prop("source", file)],
        "roles": [{"id": "assessor", "title": "Assessor"}, {"id": "partner", "title": "Partner assessed"},
                  {"id": "host", "title": "Host government"}],
        "parties": parties,
        "responsible-parties": [
            {"role-id": "partner", "party-uuids": [ids["partner"]]},
            {"role-id": "host", "party-uuids": [ids["host"]]},
            {"role-id": "assessor", "party-uuids": [ids[k] for k in ids if k.startswith("assessor-")]},
        ],
    }
    if a.notes_text.strip():
        metadata["remarks"] = a.notes_text
    return metadata, ids


def _source_resource(seed: str, file: str, sha256: str) -> dict[str, Any]:
    return {"uuid": _uuid(seed, "source"), "title": _line(f"Assessment file {file}"),
            "description": "The roadmap assessment file these results were computed from.",
            "rlinks": [{"href": _href(file), "media-type": "application/yaml",
                        "hashes": [{"algorithm": "SHA-256", "value": sha256}]}]}


def _href(file: str) -> str:
    return re.sub(r"[^A-Za-z0-9._~/-]", lambda m: "".join(f"%{b:02X}" for b in m[0].encode()), file) or "-"


def _evidence_item(ev: Evidence) -> dict[str, Any]:
    props = [_prop("kind", ev.kind), _prop("date", ev.date.isoformat()),
             _prop("verification", ev.verification)]
    item: dict[str, Any] = {"description": ev.ref, "props": props}
    if ev.note.strip():
        item["remarks"] = ev.note
    return item


def _observation(catalog: Catalog, cs: CriterionScore, a: Assessment, seed: str) -> dict[str, Any]:
    c = catalog.by_id[cs.id]
    finding = a.findings.get(cs.id)
    evidence = finding.evidence if finding else ()
    methods = sorted({_METHOD[ev.kind] for ev in evidence}) or ["UNKNOWN"]
    description = f"{c.id} {c.title}: {c.format_finding(cs.status, cs.value, cs.values)}."
    obs: dict[str, Any] = {
        "uuid": _uuid(seed, "observation", cs.id), "title": _line(f"{c.id} {c.title}"),
        "description": description,
        "props": [_prop("criterion", c.id), _prop("status", cs.declared_status),
                  *([_prop("value", cs.value)] if cs.value is not None else []),
                  *(_prop("value", v, cls=mid) for mid, v in (cs.values or {}).items()),
                  *([_prop("confidence", finding.confidence)] if finding and finding.confidence else [])],
        "methods": methods, "types": ["control-objective"],
        "collected": _ts(a.as_of),
    }
    if evidence:
        obs["relevant-evidence"] = [_evidence_item(ev) for ev in evidence]
    remarks = [finding.notes] if finding and finding.notes.strip() else []
    if finding and finding.justification:
        remarks.append(f"Justification: {finding.justification} (approved by {finding.approver}, "
                       f"expires {finding.expires.isoformat() if finding.expires else '?'})")
    if remarks:
        obs["remarks"] = "\n\n".join(remarks)
    return obs


def _finding(catalog: Catalog, cs: CriterionScore, seed: str) -> dict[str, Any]:
    c = catalog.by_id[cs.id]
    top = catalog.tier_level(c.top_tier(catalog.tier_ids))
    met = cs.applicable and cs.tier >= top
    if not cs.applicable:
        reason, state = "other", "not-satisfied"
    else:
        state = "satisfied" if met else "not-satisfied"
        reason = "pass" if met else "fail"
    props = [_prop("tier", catalog.tier_name(cs.tier)), _prop("verified-tier", catalog.tier_name(cs.verified_tier)),
             _prop("progress", cs.progress), _prop("verified-progress", cs.verified_progress),
             _prop("applicable", cs.applicable)]
    if cs.next_tier:
        props.append(_prop("next-tier", cs.next_tier))
    return {
        "uuid": _uuid(seed, "finding", cs.id), "title": _line(f"{c.id} {c.title}"),
        "description": cs.rule,
        "props": props,
        "target": {"type": "statement-id", "target-id": f"{control_id(c.id)}_smt",
                   "status": {"state": state, "reason": reason}},
        "related-observations": [{"observation-uuid": _uuid(seed, "observation", cs.id)}],
        "remarks": f"Verified view: {cs.verified_rule}",
    }


def results_document(catalog: Catalog, a: Assessment, result: Score, *, file: str,
                     sha256: str) -> dict[str, Any]:
    """OSCAL assessment-results: one result, one observation and one finding per criterion."""
    seed = f"sha256:{sha256}"
    title = a.title or f"Readiness assessment of {a.partner}"
    metadata, _ = _metadata(a, seed, title, file)
    source = _source_resource(seed, file, sha256)
    view_props = []
    for view in (result.claimed, result.verified, result.strict):
        view_props.append(_prop("overall-tier", view.overall_tier_id, cls=view.view, remarks=view.rule))
        view_props.append(_prop("readiness", view.readiness, cls=view.view))
    domain_props = [_prop("domain-tier", f"{d.id} {d.tier_id}", cls=result.claimed.view, remarks=d.rule)
                    for d in result.claimed.domains]
    if result.next_tier:
        view_props.append(_prop("next-tier", result.next_tier))
    res: dict[str, Any] = {
        "uuid": _uuid(seed, "result"),
        "title": _line(f"{result.catalog} readiness of {a.partner} as of {result.as_of.isoformat()}"),
        "description": (f"Scored against {result.catalog}: overall tier {result.claimed.overall_tier_id} "
                        f"claimed, {result.verified.overall_tier_id} verified, "
                        f"{result.strict.overall_tier_id} strict."),
        "start": _ts(result.as_of),
        "props": [_prop("catalog", result.catalog), _prop("catalog-digest", result.catalog_digest),
                  *view_props, *domain_props],
        "reviewed-controls": {"control-selections": [{"include-all": {}}]},
        "observations": [_observation(catalog, cs, a, seed) for cs in result.criteria],
        "findings": [_finding(catalog, cs, seed) for cs in result.criteria],
    }
    return {"assessment-results": {
        "uuid": _uuid(seed, "assessment-results"),
        "metadata": metadata,
        # No OSCAL assessment plan exists: the assessment file plays its part.
        "import-ap": {"href": f"#{source['uuid']}",
                      "remarks": "The roadmap assessment file, in back-matter, is the plan and its data."},
        "results": [res],
        "back-matter": {"resources": [source]},
    }}


# -- plan of action and milestones ----------------------------------------------------------------

def poam_document(catalog: Catalog, a: Assessment, result: Score, *, file: str, sha256: str) -> dict[str, Any]:
    """OSCAL POA&M: one item per gap to the next tier, in the plan's priority order."""
    seed = f"sha256:{sha256}"
    title = f"Plan of action to reach {result.next_tier} for {a.partner}" if result.next_tier else \
        f"Plan of action for {a.partner}: top tier reached"
    metadata, _ = _metadata(a, seed, title, file)
    source = _source_resource(seed, file, sha256)
    by_id = {cs.id: cs for cs in result.criteria}
    observations, findings, items = [], [], []
    for n, gap in enumerate(result.gaps, start=1):
        c = catalog.by_id[gap.id]
        cs = by_id[gap.id]
        observations.append(_observation(catalog, cs, a, seed))
        findings.append(_finding(catalog, cs, seed))
        items.append({
            "uuid": _uuid(seed, "poam-item", gap.id),
            "title": _line(f"{c.id} {c.title}"),
            "description": f"{gap.reason}. Remediation: {gap.remediation}",
            "props": [_prop("order", n), _prop("criterion", c.id), _prop("domain", gap.domain),
                      _prop("gating", gap.gating), _prop("weight", gap.weight),
                      _prop("current-tier", gap.current_tier), _prop("target-tier", gap.required_tier),
                      _prop("target", gap.target, remarks=gap.target_basis),
                      *(_prop("measure", m.id, remarks=m.text) for m in gap.measures),
                      _prop("priority", gap.priority)],
            "related-findings": [{"finding-uuid": _uuid(seed, "finding", gap.id)}],
            "related-observations": [{"observation-uuid": _uuid(seed, "observation", gap.id)}],
        })
    doc: dict[str, Any] = {
        "uuid": _uuid(seed, "poam"),
        "metadata": metadata,
        "system-id": {"identifier-type": "http://ietf.org/rfc/rfc4122", "id": _uuid(seed, "system")},
    }
    if observations:
        doc["observations"] = observations
        doc["findings"] = findings
    doc["poam-items"] = items or [{
        "uuid": _uuid(seed, "poam-item", "none"), "title": "No gaps",
        "description": f"Every domain meets the top tier of {result.catalog}; nothing to plan."}]
    doc["back-matter"] = {"resources": [source]}
    return {"plan-of-action-and-milestones": doc}
