"""The disk cache of loaded catalogs (roadmap.load.cache): a hit gives the same catalog without reading
the YAML, an edit is a miss, and a damaged, foreign or planted cache file is never trusted."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from roadmap.errors import InputError
from roadmap.load import cache, catalogs
from roadmap.models.catalog import Catalog
from tests.conftest import REPO, assessment_yaml, write_mini_catalog


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ROADMAP_CACHE_DIR", str(folder))
    catalogs._CACHE.clear()  # the in-process cache would hide the disk cache
    return folder


def _fresh(root: Path, cid: str = "mini", version: str = "1.0.0") -> Catalog:
    catalogs._CACHE.clear()
    return catalogs.load_catalog(root, cid, version)


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("catalog-*.pickle"))


def test_second_load_comes_from_the_cache_and_equals_the_yaml(cache_dir: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_mini_catalog(tmp_path / "criteria")
    first = _fresh(root)
    assert len(_entries(cache_dir)) == 1
    assert oct(cache_dir.stat().st_mode & 0o777) == "0o700"

    def no_yaml(*args: object) -> None:
        raise AssertionError("read the YAML despite a cache entry")

    monkeypatch.setattr(catalogs, "_load", no_yaml)
    second = _fresh(root)
    assert second is not first
    assert second == first and second.digest == first.digest
    assert second.by_id["ALP-01"] == first.by_id["ALP-01"]


def test_the_bundled_catalogs_round_trip(cache_dir: Path) -> None:
    for version in ("1.0.0", "1.1.0"):
        from_yaml = catalogs._load(REPO / "criteria", "fvey", version)
        _fresh(REPO / "criteria", "fvey", version)
        assert _fresh(REPO / "criteria", "fvey", version) == from_yaml


def test_an_edited_file_is_a_miss(cache_dir: Path, tmp_path: Path) -> None:
    root = write_mini_catalog(tmp_path / "criteria")
    before = _fresh(root)
    alpha = root / "mini" / "1.0.0" / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("weight: 2", "weight: 3", 1))
    after = _fresh(root)
    assert after.digest != before.digest
    assert len(_entries(cache_dir)) == 2


def test_a_catalog_with_problems_is_not_cached(cache_dir: Path, tmp_path: Path) -> None:
    root = write_mini_catalog(tmp_path / "criteria")
    alpha = root / "mini" / "1.0.0" / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("weight: 2", "weight: 9", 1))
    with pytest.raises(InputError):
        _fresh(root)
    assert _entries(cache_dir) == []


@pytest.mark.parametrize("content", [b"", b"not a pickle", pickle.dumps(("wrong key", None)),
                                     pickle.dumps({"a": 1})[:-3]])
def test_a_damaged_entry_is_a_miss_and_is_replaced(cache_dir: Path, tmp_path: Path, content: bytes) -> None:
    root = write_mini_catalog(tmp_path / "criteria")
    good = _fresh(root)
    (entry,) = _entries(cache_dir)
    entry.write_bytes(content)
    assert _fresh(root) == good
    assert entry.read_bytes().startswith(b"\x80")  # rewritten with a real entry
    assert _fresh(root) == good


class _Planted:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch PWNED",))


def test_a_planted_entry_cannot_run_code(cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    root = write_mini_catalog(tmp_path / "criteria")
    good = _fresh(root)
    (entry,) = _entries(cache_dir)
    key = entry.name.removeprefix("catalog-").removesuffix(".pickle")
    entry.write_bytes(pickle.dumps((key, _Planted())))
    assert _fresh(root) == good
    assert not (tmp_path / "PWNED").exists()


def test_an_entry_others_can_write_is_ignored(cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_mini_catalog(tmp_path / "criteria")
    _fresh(root)
    (entry,) = _entries(cache_dir)
    entry.chmod(0o666)
    reads = []
    real = catalogs._load
    def counted(*a: Any) -> Any:
        reads.append(a)
        return real(*a)

    monkeypatch.setattr(catalogs, "_load", counted)
    _fresh(root)
    assert len(reads) == 1  # read from the YAML, not from the entry


@pytest.mark.parametrize("setting", ["off", ""])
def test_off_writes_nothing(setting: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROADMAP_CACHE_DIR", setting)
    monkeypatch.chdir(tmp_path)
    root = write_mini_catalog(tmp_path / "criteria")
    assert cache.cache_dir() is None
    _fresh(root)
    assert list(tmp_path.rglob("*.pickle")) == []


def test_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ROADMAP_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "roadmap"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "roadmap"


def test_an_unwritable_cache_folder_is_skipped(cache_dir: Path, tmp_path: Path) -> None:
    cache_dir.parent.mkdir(exist_ok=True)
    cache_dir.write_text("a file where the folder should be")
    root = write_mini_catalog(tmp_path / "criteria")
    assert _fresh(root).ref == "mini@1.0.0"
    assert cache_dir.read_text() == "a file where the folder should be"


def test_cli_processes_share_the_cache(tmp_path: Path) -> None:
    """Two real `roadmap score` runs: the first writes the entry, the second reads it, same output."""
    root = write_mini_catalog(tmp_path / "criteria")
    folder = tmp_path / "cache"
    a = tmp_path / "a.yaml"
    a.write_text(assessment_yaml("ALP-01: {value: true}\n"))
    env = {**os.environ, "ROADMAP_CACHE_DIR": str(folder), "ROADMAP_CRITERIA_DIR": str(root)}
    cmd = [sys.executable, "-m", "roadmap", "score", str(a), "--json"]
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    assert len(_entries(folder)) == 1
    second = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    assert (second.returncode, second.stdout, second.stderr) == (0, first.stdout, first.stderr)
