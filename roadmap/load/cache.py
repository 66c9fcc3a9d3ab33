"""A disk cache of loaded catalogs, so that a command does not read and validate the same catalog
YAML again in every process.

A catalog is read often and changes rarely (a released version never does). Reading one means parsing
its YAML with positions and validating every criterion: ~0.1 s for the bundled 79 criteria, several
seconds for 10,000. The cache keeps the loaded, validated `Catalog`.

- **Keyed by content**: the SHA-256 of every YAML file in the version's folder, with this module's
  format number, the tool's version and the source of the catalog models and loader. An edited
  file is a different key, so an edited release is still read from its YAML and refused.
- **Written only after a load that found no problem**, atomically (temporary file + rename), so a
  crash or a parallel `report -j 2` never leaves half a file; a cache that cannot be written (a
  read-only home) is skipped silently.
- **Read with a restricted unpickler**: the only things a cache file may construct are our catalog
  model classes, dates and plain data (the "restricting globals" recipe of the `pickle` docs), so a
  planted file cannot run code. Files not owned by the user, or writable by others, are ignored.
  Anything unexpected (a truncated file, a foreign object) counts as a miss.

Where: `$ROADMAP_CACHE_DIR`, else `$XDG_CACHE_HOME/roadmap`, else `~/.cache/roadmap`.
`ROADMAP_CACHE_DIR=off` turns it off. Deleting the folder is always safe.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import io
import os
import pickle
import stat
import tempfile
from pathlib import Path
from typing import Any

import pydantic

from roadmap import __version__
from roadmap.models import base as base_models
from roadmap.models import catalog as catalog_models
from roadmap.models import metrics as metric_models
from roadmap.models.catalog import Catalog

#: Bump when what is stored changes shape in a way the source hashes below would not show.
FORMAT = 1
_MODULES = (base_models, metric_models, catalog_models)
#: The loader's modules whose source decides what a loaded catalog holds: reading, checking, digests.
_LOADER = ("yamlsource.py", "scalars.py", "catalogs.py", "digests.py", "cache.py")
_SOURCES = (*(Path(str(m.__file__)) for m in _MODULES), *(Path(__file__).with_name(name) for name in _LOADER))


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    configured = os.environ.get("ROADMAP_CACHE_DIR")
    if configured is not None:
        configured = configured.strip()
        return None if configured.lower() in ("", "off", "0", "no") else Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "roadmap"


def catalog_key(folder: Path, cid: str, version: str) -> str | None:
    """The cache key of a catalog version's folder as it is on disk now, or None if unreadable."""
    h = hashlib.sha256(f"roadmap-catalog/{FORMAT}/{__version__}/pydantic {pydantic.VERSION}\n"
                       f"{cid}@{version}\n".encode())
    try:
        for source in _SOURCES:
            h.update(hashlib.sha256(source.read_bytes()).digest())
        for path in sorted(folder.glob("*.yaml")):
            h.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    except OSError:
        return None
    return h.hexdigest()


_ALLOWED: dict[tuple[str, str], Any] = {
    (module.__name__, name): cls for module in _MODULES for name, cls in vars(module).items()
    if isinstance(cls, type) and issubclass(cls, (pydantic.BaseModel, enum.Enum)) and cls.__module__ == module.__name__
}
_ALLOWED[("datetime", "date")] = dt.date


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a catalog cache") from None


def _private(path: Path) -> bool:
    """Ours and not writable by anyone else (POSIX); elsewhere, trusted like the home folder."""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows
        return True
    try:
        st = path.stat()
    except OSError:
        return False
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def load(key: str) -> Catalog | None:
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / f"catalog-{key}.pickle"
    if not (_private(folder) and _private(path)):
        return None
    try:
        stored = _Unpickler(io.BytesIO(path.read_bytes())).load()
    except Exception:  # noqa: BLE001 - a damaged or foreign cache file is a miss, whatever is wrong
        return None
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key and isinstance(stored[1], Catalog)):
        return None
    return stored[1]


def store(key: str, catalog: Catalog) -> None:
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(folder):
            return
        data = pickle.dumps((key, catalog), protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".catalog-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, folder / f"catalog-{key}.pickle")
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, pickle.PicklingError):
        return
