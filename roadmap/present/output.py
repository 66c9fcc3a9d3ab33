"""Atomic file output: a reader sees the old file or the complete new one, never a part."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import time
from pathlib import Path

from roadmap.errors import OutputError
from roadmap.interrupts import deferred


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file renamed over it.

    - A path that is a device or a pipe (`-o /dev/null`, `/dev/stdout`, a FIFO) is written to, never
      replaced: renaming a file over it would delete the device (as root, /dev/null itself). A
      reader that has gone is not an error, as with `-o -`. A FIFO nobody reads is refused at once
      (opening it would wait for a reader forever).
    - SIGINT and SIGTERM wait while the file is written and renamed (`roadmap.interrupts.deferred`):
      an interrupted run leaves the old file or the complete new one, and no temporary file.
    - A symbolic link is followed: the file it points to is replaced, the link stays.
    - An existing file keeps its permissions (a plan kept 0600 stays 0600); a new one gets 0644
      less the umask.
    """
    path = Path(path)
    try:
        st: os.stat_result | None = os.stat(path)  # through links: what would be written
    except OSError:
        st = None
    if st is None:
        _replace(path, data, 0o644 & ~_umask())
    elif stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{path}: is a folder")
    elif not stat.S_ISREG(st.st_mode):
        _write_into(path, data)
    else:  # through a link, the file it points to is replaced and the link kept
        _replace(Path(os.path.realpath(path)) if os.path.islink(path) else path, data, stat.S_IMODE(st.st_mode))


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _cannot_write(path: Path, exc: OSError) -> OutputError:
    return OutputError(f"{path}: cannot write: {exc.strerror}")


def _write_into(path: Path, data: bytes) -> None:
    """A device or a pipe: written to as it is. Opened without waiting (a FIFO with no reader is
    ENXIO at once), then written with blocking writes (a reader that is slow is waited for)."""
    fd = _open_for_writing(path)
    try:
        os.set_blocking(fd, True)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BrokenPipeError:
        return
    except OSError as exc:
        raise _cannot_write(path, exc) from None


#: How long a FIFO may wait for its reader to open it (one started at the same time as roadmap).
FIFO_READER_WAIT = 2.0


def _open_for_writing(path: Path) -> int:
    """A descriptor open for writing on a device or pipe, without blocking: a FIFO that nobody
    opens for reading within `FIFO_READER_WAIT` seconds is refused."""
    deadline = time.monotonic() + FIFO_READER_WAIT
    while True:
        try:
            return os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY)
        except OSError as exc:
            if exc.errno != errno.ENXIO:
                raise _cannot_write(path, exc) from None
            if time.monotonic() >= deadline:
                raise OutputError(f"{path}: a FIFO (named pipe) that nobody reads; start its reader first, "
                                  "or write to a file") from None
            time.sleep(0.05)


def _replace(path: Path, data: bytes, mode: int) -> None:
    """A regular file, or none yet: a temporary file beside it, synced to disk, renamed over it;
    SIGINT and SIGTERM wait until it is done."""
    with deferred():
        _replace_now(path, data, mode)


def _replace_now(path: Path, data: bytes, mode: int) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from None
        raise


def is_stdout(path: Path | None) -> bool:
    """`-o -`: the usual name for standard output."""
    return path is not None and str(path) == "-"


def write_stdout(data: bytes) -> None:
    """Write `data` to standard output as is (bytes: a PDF too) and flush it. (Run as a program,
    standard output drops what is written once its reader has gone: `roadmap.cli.stdio.ReaderMayLeave`.)"""
    import sys

    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:  # a text-only stream (an embedding program's): text formats only
        sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
        return
    sys.stdout.flush()  # what was printed before comes first
    stream.write(data)
    stream.flush()


def deliver(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically, or to standard output when `path` is `-`."""
    if is_stdout(path):
        write_stdout(data)
    else:
        write_atomic(path, data)
