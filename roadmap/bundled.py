"""Where the bundled data lives: the source tree's own folders (`criteria/`, `templates/`,
`schemas/`), else the copies an installed wheel carries in `roadmap/_data/`."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """The bundled folder `name` (criteria, templates or schemas)."""
    source = _PACKAGE.parent / name
    if source.is_dir():
        return source
    return _PACKAGE / "_data" / name
