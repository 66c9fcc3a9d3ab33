"""A disk cache of loaded catalogs, so that a command does not read and validate the same catalog
YAML again in every process.

A catalog is read often and changes rarely (a released version never does). Reading one means parsing
its YAML with positions and validating every criterion: ~0.1 s for the bundled 79 criteria, several
seconds for 10,000. The cache keeps the loaded, validated `Catalog` (docs/input-safety.md has the
figures, and what the cache trusts).

- **Keyed by content**: the SHA-256 of every YAML file in the version's folder, hashed afresh by
  every command, with this module's format number, the tool's version and the source of the catalog
  models and loader. An edited file is a different key, so an edited release is still read from its
  YAML and refused.
- **Authenticated**: every entry carries an HMAC-SHA256 of its key and content, made with a secret
  of 32 random bytes kept outside the cache folder (`cache_key_path`: created 0600 on first use, in
  the user's configuration folder). The MAC is checked before anything is unpickled, so an entry
  this user's roadmap did not write — planted, edited, copied from another machine or restored
  with a backup of the cache folder — is a miss. The catalog an entry holds, its digest included,
  is therefore the one this tool computed from YAML files with exactly the hashes of the key: the
  digest a command reports and checks is the digest of the YAML on disk now.
- **Read with a restricted unpickler** as a second wall: the only things a cache file may construct
  are our catalog model classes, dates and plain data (the "restricting globals" recipe of the
  `pickle` docs).
- **Anything unexpected is a miss**, never a hang or an error: entries and the key are opened without
  following links and without waiting (a FIFO or a device in their place), must be regular files
  owned by the user and writable by no one else, and of a sane size.
- **Written only after a load that found no problem**, from files that did not change while they
  were read, atomically (temporary file + rename, SIGINT/SIGTERM deferred), so a crash or a parallel
  `report -j 2` never leaves half a file; a cache that cannot be written (a read-only home) is
  skipped silently.

Where: `$ROADMAP_CACHE_DIR`, else `$XDG_CACHE_HOME/roadmap`, else `~/.cache/roadmap`; the secret in
`$ROADMAP_CACHE_KEY`, else `$XDG_CONFIG_HOME/roadmap/cache.key`, else `~/.config/roadmap/cache.key`.
`ROADMAP_CACHE_DIR=off` turns the cache off. Deleting the folder is always safe; deleting the key
makes every entry a miss (they are rewritten with the new key).
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import hmac
import io
import os
import pickle
import secrets
import stat
import tempfile
from pathlib import Path
from typing import Any

import pydantic

from roadmap import __version__
from roadmap.interrupts import deferred
from roadmap.load.files import inside
from roadmap.models import base as base_models
from roadmap.models import catalog as catalog_models
from roadmap.models import metrics as metric_models
from roadmap.models.catalog import Catalog

#: Bump when what is stored changes shape in a way the source hashes below would not show.
FORMAT = 2
_MODULES = (base_models, metric_models, catalog_models)
#: The loader's modules whose source decides what a loaded catalog holds: reading, checking, digests.
_LOADER = ("yamlsource.py", "scalars.py", "catalogs.py", "digests.py", "cache.py")
_SOURCES = (*(Path(str(m.__file__)) for m in _MODULES), *(Path(__file__).with_name(name) for name in _LOADER))
#: An entry starts with this, then the 32-byte MAC, then the pickle.
_MAGIC = b"roadmap-catalog-cache/2\n"
_SECRET_BYTES = 32
#: Largest entry read: a 10,000-criterion catalog pickles to about 12 MB.
MAX_ENTRY_BYTES = 256 * 1024 * 1024
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    configured = os.environ.get("ROADMAP_CACHE_DIR")
    if configured is not None:
        configured = configured.strip()
        return None if configured.lower() in ("", "off", "0", "no") else Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "roadmap"


def cache_key_path() -> Path:
    """Where the cache's secret is kept: never in the cache folder (a cache restored from elsewhere
    must not bring the secret that would make its entries pass)."""
    configured = os.environ.get("ROADMAP_CACHE_KEY", "").strip()
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CONFIG_HOME", "").strip()
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".config"
    return base / "roadmap" / "cache.key"


def catalog_key(folder: Path, cid: str, version: str) -> str | None:
    """The cache key of a catalog version's folder as it is on disk now, or None if unreadable."""
    h = hashlib.sha256(f"roadmap-catalog/{FORMAT}/{__version__}/pydantic {pydantic.VERSION}\n"
                       f"{cid}@{version}\n".encode())
    try:
        for source in _SOURCES:
            h.update(hashlib.sha256(source.read_bytes()).digest())
        # the profiles too: the loader checks that the profiles the catalog lists are there
        for path in sorted([*folder.glob("*.yaml"), *folder.glob("profiles/*.yaml")]):
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
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


def _private(st: os.stat_result) -> bool:
    """Ours and not writable by anyone else (POSIX); elsewhere, trusted like the home folder."""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows
        return True
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read_private(path: Path, most: int, *, secret: bool = False) -> bytes | None:
    """The content of `path` if it is a regular file of ours, writable by no one else (readable by
    no one else either if `secret`), of at most `most` bytes; else None. Never follows a link,
    never waits (a FIFO), never reads a device."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or not _private(st) or st.st_size > most:
            return None
        if secret and hasattr(os, "getuid") and st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            return None  # others could read it, and then forge entries
        with os.fdopen(os.dup(fd), "rb") as fh:
            data = fh.read(most + 1)
        return data if len(data) <= most else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _secret(folder: Path, *, create: bool) -> bytes | None:
    """The cache's secret (created when `create` and there is none yet), or None: unreadable, not
    private (readable by others too), or inside the cache folder."""
    path = cache_key_path()
    if inside(os.path.realpath(path), os.path.realpath(folder)):
        return None
    data = _read_private(path, _SECRET_BYTES, secret=True)
    if data is None and create and not os.path.lexists(path):
        data = _new_secret(path)
    return data if data is not None and len(data) == _SECRET_BYTES else None


def _new_secret(path: Path) -> bytes | None:
    """32 random bytes written to a new file `path` (mode 0600; a concurrent creator's wins)."""
    data = secrets.token_bytes(_SECRET_BYTES)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        return _read_private(path, _SECRET_BYTES, secret=True)
    except OSError:
        return None
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return data


def _mac(secret: bytes, key: str, payload: bytes) -> bytes:
    return hmac.new(secret, b"roadmap catalog cache\0" + key.encode() + b"\0" + payload, hashlib.sha256).digest()


def load(key: str) -> Catalog | None:
    """The catalog cached under `key`, or None (a miss) for anything but an entry this user's roadmap
    wrote for exactly this key."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        st = os.stat(folder)
        if not (stat.S_ISDIR(st.st_mode) and _private(st)):
            return None
        secret = _secret(folder, create=False)
        data = _read_private(folder / f"catalog-{key}.pickle", MAX_ENTRY_BYTES)
        if secret is None or data is None or not data.startswith(_MAGIC):
            return None
        mac, payload = data[len(_MAGIC):len(_MAGIC) + 32], data[len(_MAGIC) + 32:]
        if not hmac.compare_digest(mac, _mac(secret, key, payload)):
            return None  # not written by us for this key: never unpickled
        stored = _Unpickler(io.BytesIO(payload)).load()
    except Exception:  # noqa: BLE001 - a damaged or foreign cache file is a miss, whatever is wrong
        return None
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key and isinstance(stored[1], Catalog)):
        return None
    return stored[1]


def store(key: str, catalog: Catalog) -> None:
    """Cache `catalog` under `key`, authenticated; silently nothing when that cannot be done."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.stat(folder)
        secret = _secret(folder, create=True)
        if secret is None or not (stat.S_ISDIR(st.st_mode) and _private(st)):
            return
        payload = pickle.dumps((key, catalog), protocol=pickle.HIGHEST_PROTOCOL)
        with deferred():
            _write(folder, f"catalog-{key}.pickle", _MAGIC + _mac(secret, key, payload) + payload)
    except (OSError, pickle.PicklingError):
        return


def _write(folder: Path, name: str, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".catalog-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, folder / name)
    except BaseException:
        os.unlink(tmp)
        raise
