"""The files that evidence items cite (`file:` and `sha256:`): each must be a regular file inside the
assessment's folder (no `..`, no link out of it) whose bytes still have the SHA-256 written beside
it. `roadmap validate` checks them; the report's evidence annex lists the hashes.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from roadmap.errors import Problem
from roadmap.load.assessments import LoadedAssessment
from roadmap.load.files import inside
from roadmap.load.yamlsource import YamlPath, placed
from roadmap.models.assessment import Evidence

_CHUNK = 1 << 20


def _cited(la: LoadedAssessment) -> Iterator[tuple[YamlPath, Evidence]]:
    a = la.assessment
    for cid, finding in a.findings.items():
        for i, ev in enumerate(finding.evidence):
            yield ("findings", cid, "evidence", i), ev
    for did, record in (a.reciprocity.disciplines.items() if a.reciprocity else ()):
        for i, ev in enumerate(record.evidence):
            yield ("reciprocity", "disciplines", did, "evidence", i), ev


def evidence_problems(la: LoadedAssessment) -> list[Problem]:
    """Each cited file that is missing, outside the assessment's folder, not a plain file, or changed."""
    folder = Path(la.file).parent
    found: list[tuple[YamlPath, str]] = []
    for at, ev in _cited(la):
        if ev.file is None or ev.sha256 is None:
            continue
        why = _check(folder, ev.file, ev.sha256)
        if why is not None:
            found.append((at + (why[0],), why[1]))
    return placed(la.file, found)


def _check(folder: Path, rel: str, expected: str) -> tuple[str, str] | None:
    """None when `rel` is a plain file inside `folder` with the SHA-256 `expected`; else the key to
    point at and what is wrong."""
    path = folder / rel
    real, base = os.path.realpath(path), os.path.realpath(folder)
    if real == base or not inside(real, base):
        return "file", (f"expected a file inside the assessment's folder, found {rel!r} leading outside it "
                        "(through a symbolic link): copy the evidence into the folder")
    try:
        found = _sha256(path)
    except FileNotFoundError:
        return "file", f"file not found: {rel} (relative to the assessment's folder, {shown(folder)})"
    except OSError as exc:
        return "file", f"cannot read {rel}: {exc.strerror or exc}"
    if found is None:
        return "file", f"expected a regular file, found something else at {rel} (a folder, device or pipe)"
    if found != expected:
        return "sha256", f"expected {expected}, found {found} in {rel}: the file changed since it was cited"
    return None


def shown(folder: Path) -> str:
    return str(folder) if str(folder) not in ("", ".") else "the current folder"


def _sha256(path: Path) -> str | None:
    """`sha256:…` of a regular file's bytes, read in chunks; None when it is not a regular file."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        h = hashlib.sha256()
        while chunk := os.read(fd, _CHUNK):
            h.update(chunk)
        return "sha256:" + h.hexdigest()
    finally:
        os.close(fd)
