"""pydantic's errors as our problems, placed on the YAML (roadmap.load.validation)."""

from __future__ import annotations

from typing import Any

import pytest

from roadmap.errors import InputError
from roadmap.load.validation import _PATTERNS, data_loc, validate
from roadmap.load.yamlsource import load_bytes
from roadmap.models.assessment import Assessment
from roadmap.models.catalog import CatalogMeta, DomainFile
from roadmap.models.plan import PlanFile


@pytest.mark.parametrize(("loc", "path"), [
    (("findings", "ALP-01", "value", "bool"), ("findings", "ALP-01", "value")),
    (("findings", "ALP-01", "evidence", 0, "date"), ("findings", "ALP-01", "evidence", 0, "date")),
    (("findings", "bad id", "[key]"), ("findings", "bad id")),
    (("reciprocity", "disciplines", "CTI", "host_measures", "timeliness_days", "constrained-float"),
     ("reciprocity", "disciplines", "CTI", "host_measures", "timeliness_days")),
    (("colour",), ("colour",)),
    (("colour", "date", "constrained-int"), ("colour", "date")),
])
def test_data_loc_keeps_fields_named_like_union_tags(loc: tuple[object, ...], path: tuple[object, ...]) -> None:
    assert data_loc(Assessment, loc) == path


def test_missing_evidence_date_is_named_and_placed() -> None:
    text = ("partner: P\nhost: H\nassessors: [A]\nas_of: 2026-01-01\nmarking: U\ncatalog: \"xy@1.0.0\"\n"
            "findings:\n  ALP-01:\n    value: true\n    evidence:\n"
            "      - {ref: R, kind: record, verification: documented}\n")
    with pytest.raises(InputError) as info:
        validate(Assessment, load_bytes(text.encode(), "f.yaml"))
    assert [str(p) for p in info.value.problems] == [
        "f.yaml:11:9: findings.ALP-01.evidence[0]: missing required key 'date'"]


def _patterns(schema: Any) -> set[str]:
    if isinstance(schema, dict):
        return {v for k, v in schema.items() if k == "pattern" and isinstance(v, str)} \
            | {p for v in schema.values() for p in _patterns(v)}
    if isinstance(schema, list):
        return {p for v in schema for p in _patterns(v)}
    return set()


def test_every_pattern_of_the_input_models_is_said_in_words() -> None:
    """A pattern changed or added in the models without words would be shown to users as a regex."""
    used = set().union(*(_patterns(m.model_json_schema()) for m in (Assessment, CatalogMeta, DomainFile, PlanFile)))
    assert used - set(_PATTERNS) == set()
