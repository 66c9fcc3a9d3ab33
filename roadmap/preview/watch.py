"""Watch the files a preview depends on, with watchfiles (OS notifications: inotify, FSEvents, ...).

Folders are watched, not files: an editor that saves by writing a new file and renaming it over
the old one (most do) replaces the file, and a watch on the old file would see nothing more. Each
folder is watched by itself (not its subfolders), with a filter on the names that matter:

- the assessment: its folder, that one name;
- the catalogs: every catalog version folder under the criteria root, `*.yaml` (an assessment can
  switch to another version, and a catalog that does not load must be watched to see it mended);
- `--templates`: the folder and each folder under it, any file but editors' swap and backup files.

After each batch of changes, and every `IDLE_MS` without one, the folders are listed again, and
watching starts over when they changed (a new catalog version, a new template folder). The files'
times and sizes are compared too, with those of the last render: a change the notifications cannot
report (made before they were set up, while the preview started) is found that way, at the latest
`IDLE_MS` later.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roadmap.load.catalogs import Root, as_library

#: Milliseconds without a new change after which a batch of changes is acted on: an editor's save
#: (write, rename) arrives as one batch, and the delay stays small against the 0.3 s budget of a save.
STEP_MS = 10
#: The longest a batch may grow while changes keep coming (watchfiles' `debounce`).
DEBOUNCE_MS = 400
#: How often, without a change, the folders and the files' times and sizes are looked at again.
IDLE_MS = 250

Stamp = tuple[tuple[str, int, int, int], ...]


@dataclass(frozen=True)
class Folder:
    """A folder to watch and which of its files matter: these names, files with this suffix, or any
    file but editors' swap and backup files (when both are empty)."""

    path: str
    names: frozenset[str] = frozenset()
    suffix: str = ""

    def wants(self, name: str) -> bool:
        if self.names:
            return name in self.names
        if self.suffix:
            return name.endswith(self.suffix) and not name.startswith(".")
        return not _scratch(name)


def _scratch(name: str) -> bool:
    """Editors' swap, backup and probe files (vim's `4913`, `.x.swp`, `x~`, emacs' `#x#`, `.#x`)."""
    return (name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp", "#")) or name == "4913")


def folders_to_watch(file: Path, root: Root, templates: Path | None) -> tuple[Folder, ...]:
    """The folders a preview of `file` depends on (see the module's docstring), as real paths."""
    real = os.path.realpath(file)
    found = [Folder(os.path.dirname(real), names=frozenset({os.path.basename(real)}))]
    for criteria in as_library(root).folders:
        for catalog in sorted(_subfolders(os.path.realpath(criteria))):
            for version in sorted(_subfolders(catalog)):
                found.append(Folder(version, suffix=".yaml"))
                profiles = os.path.join(version, "profiles")
                if os.path.isdir(profiles):
                    found.append(Folder(profiles, suffix=".yaml"))
    if templates is not None:
        top = os.path.realpath(templates)
        for folder, dirs, _files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found.append(Folder(folder))
    return tuple(found)


def stamp(folders: tuple[Folder, ...]) -> Stamp:
    """The files that matter in `folders`, each with its inode, modification time and size."""
    found = []
    for folder in folders:
        for path in _wanted(folder):
            try:
                st = os.stat(path)
            except OSError:
                continue
            found.append((path, st.st_ino, st.st_mtime_ns, st.st_size))
    return tuple(sorted(found))


def _wanted(folder: Folder) -> list[str]:
    """The paths of the files that matter in `folder`; named ones without listing it (the
    assessment's folder may be a large one, and this runs four times a second)."""
    if folder.names:
        return [os.path.join(folder.path, name) for name in sorted(folder.names)]
    try:
        return [e.path for e in os.scandir(folder.path) if folder.wants(e.name)]
    except OSError:
        return []


def _subfolders(folder: str) -> list[str]:
    try:
        return [e.path for e in os.scandir(folder) if e.is_dir() and not e.name.startswith(".")]
    except OSError:
        return []


class Watcher:
    """Calls `on_change()` in a thread of its own after each batch of changes to the files that
    `folders()` names, until `close()`. Call `mark()` just before the render that `start()` follows."""

    def __init__(self, folders: Callable[[], tuple[Folder, ...]], on_change: Callable[[], None],
                 on_error: Callable[[str], None]) -> None:
        self._folders = folders
        self._on_change = on_change
        self._on_error = on_error
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="preview-watcher")
        self._seen: Stamp = ()

    def mark(self) -> None:
        """The files as they are now are the ones rendered next: changes are changes from these."""
        self._seen = stamp(self._folders())

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            watched = self._folders()
            try:
                self._watch(watched)
            except Exception as exc:  # noqa: BLE001 - a folder removed while watched: list them again
                self._on_error(f"watching stopped for a moment: {type(exc).__name__}: {exc}")
                self._stop.wait(0.5)

    def _watch(self, watched: tuple[Folder, ...]) -> None:
        """Watch `watched` until the folders to watch change, or until `close()`."""
        import watchfiles

        by_path = {f.path: f for f in watched}

        def relevant(_change: Any, path: str) -> bool:
            folder = by_path.get(os.path.dirname(path))
            return folder is not None and folder.wants(os.path.basename(path))

        existing = [p for p in by_path if os.path.isdir(p)]
        if not existing:  # the assessment's own folder is gone: look again in a moment
            self._stop.wait(1.0)
            return
        for changes in watchfiles.watch(*existing, watch_filter=relevant, step=STEP_MS, debounce=DEBOUNCE_MS,
                                        stop_event=self._stop, rust_timeout=IDLE_MS, yield_on_timeout=True,
                                        recursive=False, raise_interrupt=False):
            now = stamp(watched)
            if changes or now != self._seen:  # a save within one tick of the clock changes no time: notified
                self._seen = now
                self._on_change()
            if self._folders() != watched:
                return
