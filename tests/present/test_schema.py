"""JSON Schemas for editors, and the stable shape of the JSON outputs.

The schemas are checked with the independent `jsonschema` validator on the data an editor sees: YAML
1.2, where an unquoted 2026-06-30 is a string (yaml-language-server), hence `_as_editor_sees`.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from roadmap.present import schema
from tests.conftest import EXAMPLES, REPO, assessment_yaml, run

FILLED = """\
ALP-01:
  value: true
  confidence: high
  evidence:
    - {ref: "Policy 1", kind: document, date: 2026-05-01, verification: documented, note: "signed"}
ALP-02: {value: 60, notes: "half way"}
ALP-03: {status: exception, justification: "waiting on a vendor", approver: "CISO", expires: 2027-01-31}
ALP-04: {status: not_assessed}
BET-01: {value: 2}
BET-02: {status: not_applicable, justification: "no such systems", approver: "CIO", expires: "2027-01-31"}
"""
RECIPROCITY = """\
reciprocity:
  period_start: 2026-01-01
  period_end: 2026-06-30
  disciplines:
    HUMINT: {host_level: L1, partner_level: L1, partner_capability: online,
             host_measures: {volume: 3, timeliness_days: 2.5, responsiveness_pct: 90}}
"""


def _as_editor_sees(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _as_editor_sees(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_as_editor_sees(v) for v in node]
    if isinstance(node, dt.date):
        return node.isoformat()
    return node


def _errors(kind: str, text: str) -> list[str]:
    validator = jsonschema.Draft202012Validator(
        schema.generate(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    data = _as_editor_sees(yaml.safe_load(text))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def test_generated_schemas_are_valid_draft_2020_12() -> None:
    for kind in schema.KINDS:
        doc = schema.generate(kind)
        assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(doc)


def test_shipped_schemas_match_the_models() -> None:
    assert schema.stale() == [], "the models changed: regenerate with `roadmap schema --update`"


def test_schema_command_prints_and_writes_the_shipped_text(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, ["schema", "assessment"])
    assert result.exit_code == 0, result.output
    assert result.output == (REPO / "schemas" / "assessment.schema.json").read_text()
    out = tmp_path / "deep" / "catalog.schema.json"
    result = run(runner, ["schema", "catalog", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text() == (REPO / "schemas" / "catalog.schema.json").read_text()
    assert f"wrote {out}: JSON Schema of catalog files" in result.output


@pytest.mark.parametrize("args, message", [
    (["schema"], "error: give a schema: assessment, catalog, catalog-domain or profile"),
    (["schema", "assessment", "--update"], "error: --update regenerates every shipped schema"),
])
def test_schema_command_usage_errors(runner: CliRunner, args: list[str], message: str) -> None:
    result = run(runner, args)
    assert result.exit_code == 2
    assert message in result.output


def test_schema_is_strict_where_the_models_are() -> None:
    doc = schema.generate("assessment")
    defs = doc["$defs"]
    assert doc["additionalProperties"] is False
    assert set(doc["required"]) == {"partner", "host", "assessors", "as_of", "marking", "catalog"}
    assert doc["properties"]["as_of"] == {"format": "date", "title": "As Of", "type": "string"}
    assert doc["properties"]["assessors"]["type"] == "array"  # a tuple in the model, a list in YAML
    assert doc["properties"]["findings"]["additionalProperties"] is False
    assert defs["Evidence"]["properties"]["verification"]["enum"] == [
        "self_asserted", "documented", "independently_verified"]


# -- files that validate, and broken copies that do not -------------------------------------------

def _filled() -> str:
    return assessment_yaml(FILLED, extra='title: "Mid-year review"\nillustrative: true\n' + RECIPROCITY)


def test_filled_assessment_is_valid_for_schema_and_validate(runner: CliRunner, mini_root: Path,
                                                            tmp_path: Path) -> None:
    text = _filled()
    assert _errors("assessment", text) == []
    path = tmp_path / "filled.yaml"
    path.write_text(text)
    result = run(runner, ["--criteria", str(mini_root), "validate", str(path)])
    assert result.exit_code == 0, result.output


def test_init_template_is_valid_and_points_at_the_shipped_schema(runner: CliRunner, tmp_path: Path) -> None:
    out = REPO / "examples" / f".test-init-{tmp_path.name}.yaml"
    try:
        result = run(runner, ["init", "-o", str(out)])
        assert result.exit_code == 0, result.output
        text = out.read_text()
    finally:
        out.unlink(missing_ok=True)
    first = text.splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/assessment.schema.json"
    assert _errors("assessment", text) == []


def test_init_outside_the_repository_uses_an_absolute_uri(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "mine.yaml"
    result = run(runner, ["init", "-o", str(out)])
    assert result.exit_code == 0, result.output
    first = out.read_text().splitlines()[0]
    target = first.removeprefix("# yaml-language-server: $schema=")
    if target.startswith("file:"):
        assert target == (REPO / "schemas" / "assessment.schema.json").resolve().as_uri()
    else:  # tmp_path happens to share a folder with the repository
        assert (out.parent / target).resolve() == (REPO / "schemas" / "assessment.schema.json").resolve()


def test_bundled_catalog_files_are_valid() -> None:
    for version in ("1.0.0", "2.0.0"):
        for path in sorted((REPO / "criteria" / "fvey" / version).glob("*.yaml")):
            kind = "catalog" if path.name == "catalog.yaml" else "catalog-domain"
            assert _errors(kind, path.read_text()) == [], path
    profile = REPO / "criteria" / "fvey" / "2.0.0" / "profiles" / "japan.yaml"
    assert _errors("profile", profile.read_text()) == []


def test_mini_catalog_files_are_valid(mini_root: Path) -> None:
    for path in sorted((mini_root / "mini" / "1.0.0").glob("*.yaml")):
        kind = "catalog" if path.name == "catalog.yaml" else "catalog-domain"
        assert _errors(kind, path.read_text()) == [], path


def test_bundled_examples_are_valid() -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        assert _errors("assessment", path.read_text()) == [], path


BROKEN = {
    "unknown key": ("marking: UNCLASSIFIED\n", "marking: UNCLASSIFIED\nmarkings: SECRET\n",
                    ": Additional properties are not allowed ('markings' was unexpected)"),
    "wrong enum": ("kind: document", "kind: memo", "findings/ALP-01/evidence/0/kind: 'memo' is not one of"),
    "missing required": ("host: Hostland\n", "", ": 'host' is a required property"),
    "bad criterion id": ("BET-01: {value: 2}", "bet-1: {value: 2}", "findings: 'bet-1' does not match any"),
    # a value, or values (one per measure): neither is given
    "assessed without value": ("BET-01: {value: 2}", "BET-01: {confidence: low}",
                               "findings/BET-01: {'confidence': 'low'} is not valid under any of the given schemas"),
    "value and values": ("BET-01: {value: 2}", "BET-01: {value: 2, values: {a: 1}}",
                         "findings/BET-01: {'value': 2, 'values': {'a': 1}} should not be valid under"),
    "exception without approver": ('approver: "CISO", ', "", "findings/ALP-03: {'status': 'exception'"),
    "value when not assessed": ("ALP-04: {status: not_assessed}", "ALP-04: {status: not_assessed, value: 1}",
                                "findings/ALP-04/value: 1 is not of type 'null'"),
    "blank partner": ("partner: Testland", 'partner: "  "', "partner: '  ' does not match"),
    "bad date": ("as_of: 2026-06-30", 'as_of: "30/06/2026"', "as_of: '30/06/2026' is not a 'date'"),
    # nested in an optional (anyOf [object, null]) section: reported at the section
    "volume as text": ("volume: 3", 'volume: "3"', "is not valid under any of the given schemas"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_copies_fail_schema_and_validate(name: str, runner: CliRunner, mini_root: Path,
                                                tmp_path: Path) -> None:
    old, new, expected = BROKEN[name]
    good = _filled()
    assert good.count(old) == 1, old
    text = good.replace(old, new)
    errors = _errors("assessment", text)
    assert any(expected in e for e in errors), errors
    path = tmp_path / "broken.yaml"
    path.write_text(text)
    result = run(runner, ["--criteria", str(mini_root), "validate", str(path)])
    assert result.exit_code == 2, result.output


# -- the stable JSON outputs (docs/json.md) -------------------------------------------------------

ENVELOPE = {"kind", "version", "tool"}


def test_score_json_top_level_shape(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(_filled())
    result = run(runner, ["--criteria", str(mini_root), "score", "--json", str(path)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["kind"] == "roadmap.score" and doc["version"] == 1
    assert set(doc) == ENVELOPE | {
        "file", "sha256", "catalog", "catalog_digest", "partner", "host", "as_of", "tiers", "claimed",
        "verified", "strict", "next_tier", "gaps", "gap_rule", "evidence_target", "evidence_gaps", "not_assessed",
        "criteria", "reciprocity"} | ({"decisions"} if doc.get("decisions") else set())
    # `decisions` (decisions that change a tier) and `host_actions` appear only when there are some
    assert "host_actions" not in doc
    assert set(doc["claimed"]) == {"view", "overall_tier", "overall_tier_id", "readiness", "domains", "rule"}
    assert set(doc["claimed"]["domains"][0]) == {"id", "name", "tier", "tier_id", "readiness", "counted",
                                                 "left_out", "capped_by", "rule"}
    assert set(doc["gaps"][0]) == {"id", "title", "domain", "gating", "weight", "status", "value",
                                   "current_tier", "required_tier", "target", "target_basis", "unit",
                                   "distance", "priority", "reason", "remediation"}
    assert set(doc["criteria"][0]) == {
        "id", "title", "domain", "gating", "weight", "declared_status", "status", "value", "applicable",
        "tier", "verified_tier", "progress", "verified_progress", "evidence_verification", "next_tier",
        "next_target", "rule", "verified_rule", "notes"}


def test_criteria_list_json_top_level_shape(runner: CliRunner) -> None:
    result = run(runner, ["criteria", "list", "--json", "--catalog", "fvey@1.1.0"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["kind"] == "roadmap.catalog" and doc["version"] == 1
    assert set(doc) == ENVELOPE | {"catalog", "digest", "meta", "criteria"}
    assert {"id", "title", "version", "status", "released", "description", "changelog", "tiers", "domains",
            "tier_rules", "reciprocity", "files"} <= set(doc["meta"])
    assert set(doc["criteria"][0]) == {"domain", "id", "title", "statement", "rationale", "gating", "weight",
                                       "metric", "targets", "references", "evidence", "remediation", "tags"}
    # the latest release, the default: several measures and controls per criterion, its profiles and signatories
    doc = json.loads(run(runner, ["criteria", "list", "--json"]).output)
    assert doc["catalog"] == "fvey@2.0.0"
    assert {"profiles", "signatories"} <= set(doc["meta"])
    assert set(doc["criteria"][0]) == {"domain", "id", "title", "statement", "rationale", "gating", "weight",
                                       "measures", "controls", "references", "evidence", "remediation", "tags"}


def test_init_gives_the_decision_recipe_its_catalog_asks_for(runner: CliRunner, tmp_path: Path) -> None:
    """fvey 2.0.0 wants each decision approved by both sides, by approvers named under parties: a
    decision written as the template says validates (the 1.x recipe, one approver, would not)."""
    out = tmp_path / "new.yaml"
    assert run(runner, ["init", "-o", str(out)]).exit_code == 0
    text = out.read_text()
    assert '#     approvals: {host: {by: "…", date: YYYY-MM-DD}, partner: {by: "…", date: YYYY-MM-DD}}' in text
    assert "parties:\n  host:\n" in text
    decided = ("status: not_applicable\n    justification: No such site.\n    expires: 2027-06-30\n    approvals:\n"
               '      host: {by: "Host approver name", date: 2026-12-01}\n'
               '      partner: {by: "Partner approver name", date: 2026-12-01}')
    first = text.index("status: not_assessed", text.index("  PHY-01:"))
    out.write_text(text[:first] + decided + text[first + len("status: not_assessed"):])
    result = run(runner, ["validate", str(out)])
    assert result.exit_code == 0, result.output
    old = run(runner, ["init", "-o", str(tmp_path / "old.yaml"), "--catalog", "fvey@1.1.0"])
    assert old.exit_code == 0 and "parties:" not in (tmp_path / "old.yaml").read_text()
