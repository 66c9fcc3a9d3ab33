"""What the preview watches, and that a save of each kind reaches it."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from roadmap.preview.watch import Folder, Watcher, folders_to_watch
from tests.conftest import write_mini_catalog
from tests.preview.helpers import save


def test_folders_to_watch(tmp_path: Path) -> None:
    root = write_mini_catalog(tmp_path / "criteria")
    (tmp_path / "tpl" / "partials").mkdir(parents=True)
    (tmp_path / "tpl" / ".git").mkdir()
    file = tmp_path / "a.yaml"
    real = os.path.realpath
    assert folders_to_watch(file, root, tmp_path / "tpl") == (
        Folder(real(tmp_path), names=frozenset({"a.yaml"})),
        Folder(real(root / "mini" / "1.0.0"), suffix=".yaml"),
        Folder(real(tmp_path / "tpl")),
        Folder(real(tmp_path / "tpl" / "partials")),
    )


def test_which_files_matter() -> None:
    assessment = Folder("/a", names=frozenset({"a.yaml"}))
    assert assessment.wants("a.yaml") and not assessment.wants("b.yaml") and not assessment.wants(".a.yaml.swp")
    catalog = Folder("/c", suffix=".yaml")
    assert catalog.wants("physical.yaml") and not catalog.wants("notes.md") and not catalog.wants(".x.yaml")
    templates = Folder("/t")
    for name in ("report.css", "_cover.html.j2", "logo.png"):
        assert templates.wants(name)
    for name in (".report.css.swp", "report.css~", "4913", "#report.css#", ".#report.css", "x.tmp"):
        assert not templates.wants(name)


def _watching(tmp_path: Path, folders: tuple[Folder, ...]) -> tuple[Watcher, threading.Event, list[str]]:
    changed = threading.Event()
    errors: list[str] = []
    watcher = Watcher(lambda: folders, changed.set, errors.append)
    watcher.mark()
    watcher.start()
    return watcher, changed, errors


def test_saves_of_each_kind_are_seen_and_scratch_files_are_not(tmp_path: Path) -> None:
    file = tmp_path / "a.yaml"
    file.write_text("one\n")
    watcher, changed, errors = _watching(tmp_path, (Folder(str(tmp_path), names=frozenset({"a.yaml"})),))
    try:
        assert not changed.wait(0.5)  # nothing yet (and the watch has started)
        (tmp_path / "b.yaml").write_text("another file\n")
        (tmp_path / ".a.yaml.swp").write_text("a swap file\n")
        assert not changed.wait(0.5)
        save(file, "two\n")  # renamed over
        assert changed.wait(5)
        changed.clear()
        save(file, "three\n", in_place=True)
        assert changed.wait(5)
    finally:
        watcher.close()
    assert errors == []
    assert not any(t.name == "preview-watcher" for t in threading.enumerate())


def test_a_save_before_the_watch_is_set_up_is_not_lost(tmp_path: Path) -> None:
    # The preview renders, then starts watching: a save in between has no notification to give.
    file = tmp_path / "a.yaml"
    file.write_text("one\n")
    changed = threading.Event()
    watcher = Watcher(lambda: (Folder(str(tmp_path), names=frozenset({"a.yaml"})),), changed.set, print)
    watcher.mark()  # rendered as it was
    save(file, "two, longer\n")
    watcher.start()
    try:
        assert changed.wait(5)
    finally:
        watcher.close()
