"""JSON Schemas (draft 2020-12) of the YAML inputs, generated from the pydantic models.

Editors with yaml-language-server use them to flag, as the author types, what `roadmap validate`
would report about a file's shape: unknown keys, misspelt enum values, missing fields, malformed
ids. Rules that need the catalog (does this criterion exist, does the value fit its metric) stay
with `validate`.

The schemas shipped in `schemas/` are generated, never edited: `roadmap schema --update` rewrites
them and a test fails when they drift from the models.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from roadmap.bundled import bundled
from roadmap.errors import UsageError
from roadmap.models.assessment import Assessment
from roadmap.models.catalog import CatalogMeta, DomainFile
from roadmap.models.profile import Profile
from roadmap.present.output import write_atomic

DRAFT = "https://json-schema.org/draft/2020-12/schema"

#: Schema kind → (model, what file it describes).
KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "assessment": (Assessment, "a roadmap assessment file"),
    "catalog": (CatalogMeta, "a roadmap criteria catalog's catalog.yaml"),
    "catalog-domain": (DomainFile, "one domain file of a roadmap criteria catalog (its criteria)"),
    "profile": (Profile, "a partner profile of a roadmap criteria catalog (profiles/<name>.yaml)"),
}

#: Pydantic's `StringConstraints(strip_whitespace=True, min_length=1)`: not only whitespace.
_NOT_BLANK = r"\S"


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def generate(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of input file."""
    if kind not in KINDS:
        raise UsageError(f"unknown schema {kind!r}; expected one of {', '.join(KINDS)}")
    model, what = KINDS[kind]
    body = model.model_json_schema(mode="validation")
    _inline_enums(body)
    _tighten(body)
    defs = body.get("$defs", {})
    if "Finding" in defs:
        defs["Finding"]["allOf"] = _FINDING_RULES
    return {"$schema": DRAFT, "title": f"roadmap {kind}",
            "description": f"The shape of {what}. Generated from the roadmap models by "
                           "`roadmap schema`; do not edit.",
            **{k: v for k, v in body.items() if k not in ("title", "description")}}


def _inline_enums(body: dict[str, Any]) -> None:
    """Enum fields (`roadmap.models.base.enum_field`) written inline, as a list of values with the
    field's title, as a literal's would be (pydantic refers to a shared definition instead): an
    editor then shows the values where the field is."""
    defs = body.get("$defs", {})
    enums = {f"#/$defs/{name}": d for name, d in defs.items() if isinstance(d, dict) and "enum" in d}

    def walk(node: Any, field: str | None = None) -> None:
        if isinstance(node, list):
            for value in node:
                walk(value)
            return
        if not isinstance(node, dict):
            return
        target = enums.get(node.get("$ref", ""))
        if target is not None:
            _inline(node, target, field)
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                for name, prop in value.items():
                    walk(prop, name)
            else:
                walk(value)

    walk(body)
    _drop_definitions(body, [ref.removeprefix("#/$defs/") for ref in enums])


def _drop_definitions(body: dict[str, Any], names: list[str]) -> None:
    defs = body.get("$defs", {})
    for name in names:
        del defs[name]
    if "$defs" in body and not defs:
        del body["$defs"]


def _inline(node: dict[str, Any], enum: dict[str, Any], field: str | None) -> None:
    """`node`, a reference to the enum definition `enum`, as the enum written out."""
    del node["$ref"]
    node.update(enum=enum["enum"], type=enum.get("type", "string"))
    if field is not None:
        node["title"] = field.replace("_", " ").title()  # pydantic's title for a field
    ordered = sorted(node.items())
    node.clear()
    node.update(ordered)


def render(kind: str) -> str:
    """The schema as the text shipped and written: fields in model order, two-space indent."""
    return json.dumps(generate(kind), indent=2, ensure_ascii=False) + "\n"


def _tighten(node: Any) -> None:
    """Make the generated schema as strict as the models where pydantic's output is looser:
    text fields that strip whitespace must hold more than whitespace, and mappings whose keys
    must match a pattern (criterion ids, disciplines, tiers) refuse keys that do not."""
    if isinstance(node, dict):
        if "patternProperties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        if node.get("type") == "string" and node.get("minLength") == 1 and "pattern" not in node:
            node["pattern"] = _NOT_BLANK
        for value in node.values():
            _tighten(value)
    elif isinstance(node, list):
        for value in node:
            _tighten(value)


#: `Finding._status_rules`, written as conditionals so that editors flag them too. A missing
#: status means "assessed" (the model's default), which the first rule relies on: `properties`
#: holds vacuously when status is absent.
_FINDING_RULES: list[dict[str, Any]] = [
    {"if": {"properties": {"status": {"const": "assessed"}}},
     "then": {"anyOf": [{"required": ["value"], "properties": {"value": {"not": {"type": "null"}}}},
                        {"required": ["values"], "properties": {"values": {"type": "object"}}}]}},
    {"if": {"required": ["status"], "properties": {"status": {"const": "not_assessed"}}},
     "then": {"properties": {"value": {"type": "null"}, "values": {"type": "null"}}}},
    {"not": {"required": ["value", "values"], "properties": {"value": {"not": {"type": "null"}}},
             "allOf": [{"properties": {"values": {"type": "object"}}}]}},
    {"if": {"required": ["status"], "properties": {"status": {"enum": ["not_applicable", "exception"]}}},
     "then": {"required": ["justification", "expires"],
              "anyOf": [{"required": ["approver"]}, {"required": ["approvals"]}],
              "properties": {"justification": {"type": "string", "pattern": _NOT_BLANK},
                             "approver": {"type": "string", "pattern": _NOT_BLANK},
                             "expires": {"type": "string", "format": "date"}}}},
]


# -- the shipped copies ---------------------------------------------------------------------------

def shipped_dir() -> Path:
    """Where the generated schemas ship: `schemas/` in the source tree, else the installed copy."""
    return bundled("schemas")


def stale(folder: Path | None = None) -> list[str]:
    """The shipped schema files that differ from what the models generate now."""
    folder = folder or shipped_dir()
    out = []
    for kind in KINDS:
        path = folder / file_name(kind)
        try:
            current = path.read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != render(kind):
            out.append(file_name(kind))
    return out


def update_shipped() -> list[str]:
    """Regenerate the schemas shipped in the source tree's `schemas/`; the names of those changed."""
    folder = bundled("schemas")
    if not (folder.parent / "pyproject.toml").is_file():
        raise UsageError("--update works in a source checkout of roadmap only")
    changed = stale(folder)
    for name in changed:
        kind = name.removesuffix(".schema.json")
        write_atomic(folder / name, render(kind).encode("utf-8"))
    return changed


def schema_ref(output: Path | None, kind: str = "assessment") -> str | None:
    """What a generated file's `# yaml-language-server: $schema=` line points at.

    With an output file that shares a folder above it with the shipped schema (a file in the
    repository's examples/, say): the schema's path relative to the file's folder, so the line keeps
    working wherever the repository is cloned. Otherwise, and on standard output (where the file
    ends up is unknown), the shipped schema's absolute `file:` URI. None when no schema ships here.
    """
    target = shipped_dir() / file_name(kind)
    if not target.is_file():
        return None
    target = target.resolve()
    if output is None:
        return target.as_uri()
    folder = Path(os.path.abspath(output)).parent
    try:
        common = Path(os.path.commonpath([target, folder]))
    except ValueError:  # another drive on Windows: no relative path exists
        return target.as_uri()
    if common.parent == common:  # nothing shared but the root: a relative path would only mislead
        return target.as_uri()
    return Path(os.path.relpath(target, folder)).as_posix()
