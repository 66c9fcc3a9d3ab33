"""The disk cache of loaded catalogs (roadmap.load.cache): a hit gives the same catalog without reading
the YAML, an edit is a miss, and a damaged, foreign, planted or forged cache file is never trusted:
entries are authenticated with a secret kept outside the cache folder."""

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
from roadmap.models.catalog import Catalog, Criterion
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
    assert entry.read_bytes().startswith(cache._MAGIC)  # rewritten with a real entry
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
    mac = entry.read_bytes()[len(cache._MAGIC):len(cache._MAGIC) + 32]
    for planted in (pickle.dumps((key, _Planted())), cache._MAGIC + mac + pickle.dumps((key, _Planted()))):
        entry.write_bytes(planted)
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


# -- entries this user's roadmap did not write ------------------------------------------------------

def _key_of(entry: Path) -> str:
    return entry.name.removeprefix("catalog-").removesuffix(".pickle")


def _lowered(catalog: Catalog) -> Catalog:
    """The goalposts moved: every tier's target of a criterion is its lowest one's, and none is gating."""
    return catalog.model_copy(update={"criteria": tuple(_lowest(c) for c in catalog.criteria)})


def _lowest(c: Criterion) -> Criterion:
    assert c.targets is not None  # the 1.x form: one metric and its targets
    return c.model_copy(update={"targets": dict.fromkeys(c.targets, next(iter(c.targets.values()))),
                                "gating": False})


def _forge(entry: Path, change: Any) -> None:
    """What a user (or a program running as them) can do without the secret: unpickle an entry, change
    the catalog, and write it back in the entry's framing, with the MAC it had."""
    data = entry.read_bytes()
    head = len(cache._MAGIC) + 32
    key, catalog = pickle.loads(data[head:])
    entry.write_bytes(data[:head] + pickle.dumps((key, change(catalog))))


def test_a_forged_entry_is_a_miss(cache_dir: Path, tmp_path: Path) -> None:
    root = write_mini_catalog(tmp_path / "criteria")
    good = _fresh(root)
    (entry,) = _entries(cache_dir)
    _forge(entry, _lowered)
    assert _fresh(root) == good
    _forge(entry, lambda c: c.model_copy(update={"digest": "sha256:" + "0" * 64}))
    assert _fresh(root).digest == good.digest
    # Issue 16: a field of the wrong type in an entry exited 3 ("internal error"); now it is never read.
    _forge(entry, lambda c: c.model_copy(update={"criteria": "not a tuple of criteria", "domain_of": None}))
    assert _fresh(root) == good


def test_an_entry_moved_to_another_key_is_a_miss(cache_dir: Path, tmp_path: Path) -> None:
    """An authentic entry of one catalog content, renamed to the key of another, is not that other."""
    root = write_mini_catalog(tmp_path / "criteria")
    before = _fresh(root)
    (old,) = _entries(cache_dir)
    alpha = root / "mini" / "1.0.0" / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("weight: 2", "weight: 3", 1))
    after = _fresh(root)
    (new,) = [e for e in _entries(cache_dir) if e != old]
    new.write_bytes(old.read_bytes())
    assert _fresh(root) == after != before


def test_a_cache_restored_from_elsewhere_is_a_miss(cache_dir: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A backup of the cache folder from another machine (another secret) is not trusted; its entries
    are replaced by ones made with this machine's secret."""
    root = write_mini_catalog(tmp_path / "criteria")
    good = _fresh(root)
    monkeypatch.setenv("ROADMAP_CACHE_KEY", str(tmp_path / "other-machine" / "cache.key"))
    (entry,) = _entries(cache_dir)
    _forge(entry, _lowered)
    restored = entry.read_bytes()
    assert _fresh(root) == good
    assert entry.read_bytes() != restored
    assert (tmp_path / "other-machine" / "cache.key").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("where", ["inside the cache folder", "readable by others", "a FIFO", "a link"])
def test_a_secret_that_is_not_private_is_not_used(where: str, cache_dir: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_mini_catalog(tmp_path / "criteria")
    key = cache_dir / "cache.key" if where == "inside the cache folder" else tmp_path / "config" / "cache.key"
    monkeypatch.setenv("ROADMAP_CACHE_KEY", str(key))
    key.parent.mkdir(parents=True, exist_ok=True)
    if where == "readable by others":
        key.write_bytes(b"k" * 32)
        key.chmod(0o644)
    elif where == "a FIFO":
        os.mkfifo(key)
    elif where == "a link":
        (tmp_path / "elsewhere.key").write_bytes(b"k" * 32)
        (tmp_path / "elsewhere.key").chmod(0o600)
        key.symlink_to(tmp_path / "elsewhere.key")
    assert _fresh(root).ref == "mini@1.0.0"  # no hang, no error
    assert _entries(cache_dir) == []  # and nothing cached with a secret others may know
    assert not (cache_dir / "cache.key").exists() or where == "inside the cache folder"


@pytest.mark.parametrize("kind", ["fifo", "link", "directory", "device"])
def test_a_special_file_in_an_entrys_place_is_a_miss(kind: str, cache_dir: Path, tmp_path: Path) -> None:
    root = write_mini_catalog(tmp_path / "criteria")
    good = _fresh(root)
    (entry,) = _entries(cache_dir)
    entry.unlink()
    if kind == "fifo":
        os.mkfifo(entry)
    elif kind == "link":
        real = tmp_path / "real.pickle"
        _fresh(root)
        os.replace(entry, real)
        entry.symlink_to(real)
    elif kind == "directory":
        entry.mkdir()
    else:
        entry.symlink_to("/dev/zero")
    assert _fresh(root) == good  # at once: no hang on the FIFO or the device


def test_a_forged_entry_moves_no_goalposts_through_the_cli(tmp_path: Path) -> None:
    """The attack of issue 16: the bundled fvey@1.0.0 entry replaced with one whose targets are all
    lowered to T1 and ungated. Trusted, it would make japan-2025 verified T1 with 2 gaps instead of
    none with 51; authenticated, it is a miss, and every figure and the digest come from the YAML."""
    from roadmap.engine.scoring import score
    from roadmap.load.assessments import load_assessment

    folder = tmp_path / "cache"
    env = {**os.environ, "ROADMAP_CACHE_DIR": str(folder), "ROADMAP_CACHE_KEY": str(tmp_path / "key" / "k")}
    cmd = [sys.executable, "-m", "roadmap", "score", str(REPO / "examples" / "japan-2025.yaml"), "--json"]
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    catalogs._CACHE.clear()
    la = load_assessment(REPO / "examples" / "japan-2025.yaml", root=REPO / "criteria")
    assert len(score(la.catalog, la.assessment).gaps) == 51
    assert len(score(_lowered(la.catalog), la.assessment).gaps) < 51  # the forgery would move them
    for entry in _entries(folder):
        with open(entry, "rb") as fh:
            fh.seek(len(cache._MAGIC) + 32)
            if pickle.load(fh)[1].ref == "fvey@1.0.0":
                _forge(entry, _lowered)
    second = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    assert (second.returncode, second.stdout, second.stderr) == (0, first.stdout, first.stderr)
    verify = subprocess.run([sys.executable, "-m", "roadmap", "criteria", "verify"], env=env, capture_output=True,
                            text=True, check=False)
    assert verify.returncode == 0, verify.stderr
