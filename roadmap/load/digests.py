"""Canonical digests: the SHA-256 of a catalog version's content and of each of its criteria (what
assessments pin as `catalog_digest` and what release entries record), and of any bytes.

Digests are taken over the YAML content as written (not the models' dumps), so that adding an
optional field with a default to the models never changes a released version's digest; comments
and layout do not count (the release log's file hashes do: `roadmap.load.releaselog`).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical(obj: Any) -> bytes:
    """One line of compact JSON, keys sorted, text as written (not escaped to ASCII)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def sha256(data: bytes) -> str:
    """`sha256:` and the hex SHA-256 of `data`."""
    return "sha256:" + hashlib.sha256(data).hexdigest()
