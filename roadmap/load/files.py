"""Reading the files we are asked to read, and nothing else: only plain files of a reasonable size.

Refused: directories, devices, FIFOs and sockets (reading /dev/zero or a FIFO would never end),
files over the size limit, and paths that symbolic links lead out of the folder they name (a link
committed to a repository must not make a CI run print lines of, say, /etc/passwd).

The rule for links (docs/input-safety.md): the real path of an input — every link resolved, the
file's own and its folders' (`sub/creds.yaml` through `sub -> ../outside`) — must lie inside the
current folder when the path as written is inside it; a path written to name a place outside the
current folder (`../x.yaml`, `/srv/assessments/x.yaml`) must stay inside the folder it names (its
parent, resolved). Links that stay inside are followed. The file opened is checked to be the one
whose real path was checked (same device and inode).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from roadmap.errors import InputError, Problem

#: Default largest input accepted, in bytes; `ROADMAP_MAX_INPUT_BYTES` overrides it.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_input_bytes() -> int:
    raw = os.environ.get("ROADMAP_MAX_INPUT_BYTES", "").strip()
    if raw.isdigit():
        return int(raw)
    return DEFAULT_MAX_BYTES


def shown_path(path: Path) -> str:
    """A path as messages show it: relative to the current folder where it can be."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def read_bytes(path: Path, display: str, limit: int | None = None) -> bytes:
    """Read a file we were asked to read, refusing what is not a plain, reasonably sized file."""
    limit = max_input_bytes() if limit is None else limit
    fd = _open(path, display)
    try:
        st = os.fstat(fd)
        _refuse_special(st, display)
        if st.st_size > limit:
            raise _refuse(display, f"expected at most {limit:,} bytes, found a file of {st.st_size:,} bytes "
                                   "(set ROADMAP_MAX_INPUT_BYTES to raise the limit)")
        data = _read_up_to(fd, limit + 1)
    except OSError as exc:
        raise _refuse(display, f"cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while we read it
        raise _refuse(display, f"expected at most {limit:,} bytes, found more "
                               "(set ROADMAP_MAX_INPUT_BYTES to raise the limit)")
    return data


def _open(path: Path, display: str) -> int:
    """A descriptor of `path` opened for reading, once it is known not to lead outside by a link."""
    try:
        real = _real_path(path, display)
        # O_NONBLOCK: opening a FIFO must not wait for a writer; the kind of file is checked on the
        # open descriptor, so that it cannot be swapped for another between the check and the read.
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise _refuse(display, "file not found") from None
    except IsADirectoryError:
        raise _refuse(display, "expected a YAML file, found a directory") from None
    except OSError as exc:
        raise _refuse(display, f"cannot read: {exc.strerror}") from None
    opened, checked = os.fstat(fd), os.stat(real, follow_symlinks=False)
    if (opened.st_dev, opened.st_ino) != (checked.st_dev, checked.st_ino):  # swapped since: read nothing
        os.close(fd)
        raise _refuse(display, "cannot read: the file changed while it was opened")
    return fd


def _real_path(path: Path, display: str) -> str:
    """The real path of `path`, if the links on the way keep it inside the folder it names."""
    real = os.path.realpath(path)
    written = os.path.abspath(path)
    here = os.getcwd()
    if inside(written, here):
        base, where = os.path.realpath(here), "the current folder"
    else:
        base, where = os.path.realpath(os.path.dirname(written)), f"the folder it names ({os.path.dirname(written)})"
    if inside(real, base):
        return real
    link = _first_link(path)
    through = "a symbolic link that" if link is None or link == str(path) else f"the symbolic link {link}, which"
    raise _refuse(display, f"expected a file inside {where}, found {through} leads outside it; copy the file "
                           "here instead")


def _first_link(path: Path) -> str | None:
    """The first part of `path` (as written) that is a symbolic link, or None."""
    parts = Path(path).parts
    for i in range(1, len(parts) + 1):
        prefix = os.path.join(*parts[:i])
        if os.path.islink(prefix):
            return prefix
    return None


def _refuse_special(st: os.stat_result, display: str) -> None:
    """Refuse what is not a regular file, naming what it is."""
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise _refuse(display, "expected a YAML file, found a directory")
    if stat.S_ISREG(mode):
        return
    kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else
            "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
            "a socket" if stat.S_ISSOCK(mode) else "a special file")
    raise _refuse(display, f"expected a regular YAML file, found {kind}")


def _read_up_to(fd: int, most: int) -> bytes:
    """At most `most` bytes, in chunks: a file that grows while it is read cannot make us read on."""
    chunks: list[bytes] = []
    size = 0
    while size < most:
        chunk = os.read(fd, min(1 << 20, most - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _refuse(display: str, message: str) -> InputError:
    return InputError([Problem(display, None, None, "", message)])


def inside(path: str, folder: str) -> bool:
    """Whether `path` is `folder` or lies under it. Both absolute and normalised (real paths, or
    `os.path.abspath`): compared as written, no link resolved here."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
