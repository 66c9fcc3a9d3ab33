"""`roadmap export oscal ...`: every document valid against the official NIST OSCAL 1.2.1 JSON
schemas (tests/data/oscal/, validated with jsonschema-rs: their `\\p{L}` patterns are beyond
Python's `re`), reproducible byte for byte, and carrying what the catalog and the score say."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from click.testing import CliRunner

from roadmap.present.oscal import NS, OSCAL_VERSION
from tests.conftest import EXAMPLES, REPO, assessment_yaml, run

SCHEMAS = REPO / "tests" / "data" / "oscal"

FINDINGS = """\
ALP-01:
  value: true
  evidence:
    - {ref: "Policy 1", kind: document, date: 2026-05-01, verification: independently_verified}
    - {ref: "Interview with CISO", kind: interview, date: 2026-05-02, verification: documented, note: "ok"}
ALP-02: {value: 60, confidence: medium, notes: "two sites of five lag"}
ALP-03: {status: exception, justification: "vendor fix due", approver: "CISO", expires: 2027-01-31}
ALP-04: {value: full}
BET-01: {value: 2}
"""


@cache
def _validator(model: str) -> Any:
    schema = json.loads((SCHEMAS / f"oscal_{model}_schema.json").read_text())
    return jsonschema_rs.validator_for(schema, validate_formats=True)


def assert_valid(model: str, doc: dict[str, Any]) -> None:
    errors = [f"{'/'.join(map(str, e.instance_path))}: {e.message}" for e in _validator(model).iter_errors(doc)]
    assert errors == []


def _export(runner: CliRunner, args: list[str]) -> dict[str, Any]:
    result = run(runner, args)
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.output)
    return doc


@pytest.fixture
def assessment(tmp_path: Path) -> Path:
    path = tmp_path / "a.yaml"
    path.write_text(assessment_yaml(FINDINGS, extra='title: "Mid-year"\n'))
    return path


def test_the_validator_does_reject_broken_documents() -> None:
    with pytest.raises(AssertionError):
        assert_valid("catalog", {"catalog": {"uuid": "not-a-uuid", "metadata": {}}})
    bad_token = {"catalog": {"uuid": "0b6f3a4e-8c3b-5d7e-9f00-123456789abc", "metadata": {
        "title": "t", "last-modified": "2026-01-01T00:00:00Z", "version": "1", "oscal-version": "1.2.1"},
        "groups": [{"id": "1-starts-with-a-digit", "title": "x"}]}}
    with pytest.raises(AssertionError):
        assert_valid("catalog", bad_token)


def test_bundled_catalog_exports_valid_oscal(runner: CliRunner) -> None:
    doc = _export(runner, ["export", "oscal", "catalog", "--catalog", "fvey@1.0.0"])
    assert_valid("catalog", doc)
    cat = doc["catalog"]
    assert cat["metadata"]["oscal-version"] == OSCAL_VERSION == "1.2.1"
    assert cat["metadata"]["version"] == "1.0.0"
    assert [g["id"] for g in cat["groups"]] == ["physical", "personnel", "communications", "cyber", "governance"]
    assert cat["metadata"]["published"] == cat["metadata"]["last-modified"]  # the release date
    assert sum(len(g["controls"]) for g in cat["groups"]) == 79


def test_mini_catalog_mapping(runner: CliRunner, mini_root: Path) -> None:
    doc = _export(runner, ["--criteria", str(mini_root), "export", "oscal", "catalog", "--catalog", "mini@1.0.0"])
    assert_valid("catalog", doc)
    cat = doc["catalog"]
    assert cat["metadata"]["last-modified"] == "2026-01-01T00:00:00Z"  # the changelog date, not the clock
    assert "published" not in cat["metadata"]  # a draft
    assert [g["id"] for g in cat["groups"]] == ["alpha", "beta"]
    alpha = cat["groups"][0]
    assert alpha["props"] == [{"name": "label", "value": "ALP"}]
    assert [c["id"] for c in alpha["controls"]] == ["alp-01", "alp-02", "alp-03", "alp-04"]
    alp02 = alpha["controls"][1]
    assert alp02["title"] == "ALP-02 title"
    assert [(p["id"], p["values"], p["label"]) for p in alp02["params"]] == [
        ("alp-02_t1", ["50"], "T1 target: ≥ 50%"), ("alp-02_t2", ["80"], "T2 target: ≥ 80%"),
        ("alp-02_t3", ["95"], "T3 target: ≥ 95%")]
    assert alp02["params"][0]["guidelines"] == [{"prose": "design"}]
    assert [(p["name"], p.get("ns") is not None) for p in alp02["parts"]] == [
        ("statement", False), ("guidance", False), ("assessment-method", False), ("remediation", True)]
    assert alp02["parts"][0] == {"id": "alp-02_smt", "name": "statement", "prose": "ALP-02 statement"}
    assert alp02["parts"][3]["prose"] == "fix ALP-02"
    props = {p["name"]: p["value"] for p in alp02["props"]}
    assert props == {"label": "ALP-02", "sort-id": "alp-02", "gating": "false", "weight": "2",
                     "metric": "percentage", "direction": "higher"}
    (resource,) = cat["back-matter"]["resources"]
    assert resource["citation"] == {"text": "Test standard"}
    assert alp02["links"] == [{"href": f"#{resource['uuid']}", "rel": "reference", "text": "1.1"}]
    alp04 = alpha["controls"][3]
    assert [p["id"] for p in alp04["params"]] == ["alp-04_t2", "alp-04_t3"]  # no T1 target
    assert [p["value"] for p in alp04["props"] if p["name"] == "level"] == ["none", "basic", "full", "audited"]


def test_results_export_is_valid_and_carries_the_score(runner: CliRunner, mini_root: Path,
                                                       assessment: Path) -> None:
    doc = _export(runner, ["--criteria", str(mini_root), "export", "oscal", "results", str(assessment)])
    assert_valid("assessment-results", doc)
    ar = doc["assessment-results"]
    assert ar["metadata"]["title"] == "Mid-year"
    assert ar["metadata"]["last-modified"] == "2026-06-30T00:00:00Z"
    assert [p["name"] for p in ar["metadata"]["parties"]] == ["Testland", "Hostland", "A. Assessor"]
    (source,) = ar["back-matter"]["resources"]
    assert ar["import-ap"]["href"] == f"#{source['uuid']}"
    assert source["rlinks"][0]["hashes"] == [{"algorithm": "SHA-256",
                                              "value": hashlib.sha256(assessment.read_bytes()).hexdigest()}]
    (result,) = ar["results"]
    assert result["start"] == "2026-06-30T00:00:00Z"
    tiers = {(p["name"], p.get("class")): p["value"] for p in result["props"]}
    # alpha: ALP-01 T3, ALP-02 T1, ALP-04 T3, ALP-03 left out → T1; beta: BET-01 2 → T1, BET-02 not
    # assessed (counts as unmet, weight 1 of 1 non-gating) → none. Overall none.
    assert tiers[("overall-tier", "claimed")] == "none"
    assert tiers[("next-tier", None)] == "T1"
    findings = {f["title"].split()[0]: f for f in result["findings"]}
    assert list(findings) == ["ALP-01", "ALP-02", "ALP-03", "ALP-04", "BET-01", "BET-02"]
    assert findings["ALP-01"]["target"] == {"type": "statement-id", "target-id": "alp-01_smt",
                                            "status": {"state": "satisfied", "reason": "pass"}}
    assert findings["ALP-02"]["target"]["status"] == {"state": "not-satisfied", "reason": "fail"}
    assert findings["ALP-03"]["target"]["status"] == {"state": "not-satisfied", "reason": "other"}
    fprops = {p["name"]: p["value"] for p in findings["ALP-02"]["props"]}
    assert (fprops["tier"], fprops["next-tier"]) == ("T1", "T2")
    observations = {o["uuid"]: o for o in result["observations"]}
    alp01 = observations[findings["ALP-01"]["related-observations"][0]["observation-uuid"]]
    assert alp01["methods"] == ["EXAMINE", "INTERVIEW"]
    assert [e["description"] for e in alp01["relevant-evidence"]] == ["Policy 1", "Interview with CISO"]
    alp03 = observations[findings["ALP-03"]["related-observations"][0]["observation-uuid"]]
    assert alp03["methods"] == ["UNKNOWN"]
    assert "Justification: vendor fix due (approved by CISO, expires 2027-01-31)" in alp03["remarks"]


def test_poam_export_is_valid_and_lists_the_gaps(runner: CliRunner, mini_root: Path, assessment: Path) -> None:
    doc = _export(runner, ["--criteria", str(mini_root), "export", "oscal", "poam", str(assessment)])
    assert_valid("poam", doc)
    items = doc["plan-of-action-and-milestones"]["poam-items"]
    plan = run(runner, ["--criteria", str(mini_root), "plan", "--json", str(assessment)])
    expected = [i["criterion"] for i in json.loads(plan.output)["items"]]
    assert [i["title"].split()[0] for i in items] == expected
    assert expected  # the assessment is below T1 in beta: there is something to plan


def test_exports_of_the_init_template_are_valid(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    assert run(runner, ["init", "-o", str(path)]).exit_code == 0
    assert_valid("assessment-results", _export(runner, ["export", "oscal", "results", str(path)]))
    assert_valid("poam", _export(runner, ["export", "oscal", "poam", str(path)]))


def test_exports_are_reproducible(runner: CliRunner, mini_root: Path, assessment: Path, tmp_path: Path) -> None:
    base = ["--criteria", str(mini_root), "export", "oscal"]
    for args in (["catalog", "--catalog", "mini"], ["results", str(assessment)], ["poam", str(assessment)]):
        out1, out2 = tmp_path / "one.json", tmp_path / "two.json"
        assert run(runner, [*base, *args, "-o", str(out1)]).exit_code == 0
        assert run(runner, [*base, *args, "-o", str(out2)]).exit_code == 0
        assert out1.read_bytes() == out2.read_bytes(), args
    # another file content → other UUIDs; the same content → the same
    first = _export(runner, [*base, "results", str(assessment)])["assessment-results"]["uuid"]
    assessment.write_text(assessment.read_text() + "\n# a comment\n")
    assert _export(runner, [*base, "results", str(assessment)])["assessment-results"]["uuid"] != first


def test_export_writes_file_and_reports(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "x" / "catalog.json"
    result = run(runner, ["--criteria", str(mini_root), "export", "oscal", "catalog", "--catalog", "mini",
                          "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}: OSCAL catalog of mini@1.0.0" in result.output
    assert_valid("catalog", json.loads(out.read_text()))


def test_export_bad_input_exits_2(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(assessment_yaml("ALP-01: {value: maybe}\n"))
    result = run(runner, ["--criteria", str(mini_root), "export", "oscal", "results", str(bad)])
    assert result.exit_code == 2
    assert "findings.ALP-01.value: expected true or false" in result.output
    result = run(runner, ["--criteria", str(mini_root), "export", "oscal", "catalog", "--catalog", "nosuch"])
    assert result.exit_code == 2
    assert "error: catalog 'nosuch' not found" in result.output


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_exports_of_the_examples_are_valid(runner: CliRunner, path: Path) -> None:
    assert_valid("assessment-results", _export(runner, ["export", "oscal", "results", str(path)]))
    assert_valid("poam", _export(runner, ["export", "oscal", "poam", str(path)]))


@pytest.mark.parametrize("version", sorted(p.name for p in (REPO / "criteria" / "fvey").iterdir() if p.is_dir()))
def test_every_bundled_catalog_version_exports_valid_oscal(runner: CliRunner, version: str) -> None:
    assert_valid("catalog", _export(runner, ["export", "oscal", "catalog", "--catalog", f"fvey@{version}"]))


def test_several_measures_and_controls_in_the_catalog_export(runner: CliRunner, duo_root: Path) -> None:
    result = run(runner, ["--criteria", str(duo_root), "export", "oscal", "catalog", "--catalog", "duo"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert_valid("catalog", doc)
    control = doc["catalog"]["groups"][0]["controls"][0]
    assert [p["id"] for p in control["params"]] == [
        "alp-01_share_t1", "alp-01_share_t2", "alp-01_share_t3", "alp-01_hours_t1", "alp-01_hours_t2",
        "alp-01_hours_t3"]
    assert control["params"][5]["label"] == "T3 target of hours: ≤ 4 hours"
    assert {"name": "depends-on", "ns": NS, "value": "host"} in control["params"][5]["props"]
    related = [link["text"] for link in control["links"] if link["rel"] == "related"]
    assert related == ["ia-2.1", "ac-2", "ISM-0810"]
    titles = {r["title"] for r in doc["catalog"]["back-matter"]["resources"]}
    assert {"NIST SP 800-53 Rev. 5", "ASD Information Security Manual (ISM)"} <= titles
    # the 1.x form keeps its parameter ids: <control>_<tier>
    single = doc["catalog"]["groups"][0]["controls"][1]
    assert [p["id"] for p in single["params"]] == ["alp-02_t1", "alp-02_t2", "alp-02_t3"]
    assert "{host}" not in json.dumps(doc) and "the host" in single["title"]
