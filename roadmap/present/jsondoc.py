"""Stable JSON output: every document names its kind and the version of its shape."""

from __future__ import annotations

import json
from typing import Any

from roadmap import __version__
from roadmap.chars import json_safe

#: Bump when a JSON output's shape changes incompatibly; documented in docs/json.md.
JSON_VERSION = 1


def envelope(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {"kind": f"roadmap.{kind}", "version": JSON_VERSION, "tool": f"roadmap {__version__}", **payload}


def dumps(kind: str, payload: dict[str, Any]) -> str:
    """The document as JSON text: UTF-8 as written, but with characters that hide or reorder text
    written as `\\uXXXX` escapes (the same data; nothing invisible reaches a terminal)."""
    return json_safe(json.dumps(envelope(kind, payload), indent=2, ensure_ascii=False, sort_keys=False, default=str))
