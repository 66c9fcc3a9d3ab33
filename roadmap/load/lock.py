"""The release lock, `criteria/releases.lock`: the SHA-256 of each released catalog version's canonical
content and of each of its criteria, read and written here (`roadmap.load.releases` checks and adds
versions).

Digests are taken over the YAML content as written (not the models' dumps), so that adding an
optional field with a default to the models never changes a released version's digest.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from roadmap.errors import InputError, Problem
from roadmap.load.files import shown_path
from roadmap.models.catalog import Catalog

LOCK_NAME = "releases.lock"


def canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def lock_path(root: Path) -> Path:
    return root / LOCK_NAME


def read_lock(root: Path) -> dict[str, Any]:
    """The released versions, `id@version` → their entry; empty when there is no lock."""
    path = lock_path(root)
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError([Problem(shown_path(path), None, None, "", f"unreadable lock file: {exc}")]) from None
    releases = data.get("releases") if isinstance(data, dict) else None
    if not isinstance(releases, dict):
        raise InputError([Problem(shown_path(path), None, None, "releases", "expected a mapping of releases")])
    return releases


def lock_entry(catalog: Catalog) -> dict[str, Any]:
    return {
        "digest": catalog.digest,
        "released": catalog.meta.released.isoformat() if catalog.meta.released else None,
        "criteria": dict(catalog.criterion_digests),
    }


def write_lock(root: Path, releases: dict[str, Any]) -> None:
    body = {"comment": "Frozen catalog versions: written by 'roadmap criteria release', checked by "
                       "'roadmap criteria verify'. Do not edit by hand.",
            "releases": dict(sorted(releases.items()))}
    from roadmap.present.output import write_atomic

    write_atomic(lock_path(root), (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode())
