"""Stable JSON output: every document names its kind and the version of its shape."""

from __future__ import annotations

import json
from typing import Any

from roadmap import __version__
from roadmap.chars import json_safe

#: The version of each document's shape, bumped when it changes incompatibly (docs/json.md); 1 unless listed.
#: diff 2: the split has three parts (progress, goalposts, decisions), which may be fractions of a tier.
VERSIONS = {"diff": 2}


def envelope(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    version = VERSIONS.get(kind, 1)
    return {"kind": f"roadmap.{kind}", "version": version, "tool": f"roadmap {__version__}", **payload}


def dumps(kind: str, payload: dict[str, Any]) -> str:
    """The document as JSON text: UTF-8 as written, but with characters that hide or reorder text
    written as `\\uXXXX` escapes (the same data; nothing invisible reaches a terminal)."""
    return json_safe(json.dumps(envelope(kind, payload), indent=2, ensure_ascii=False, sort_keys=False, default=str))
