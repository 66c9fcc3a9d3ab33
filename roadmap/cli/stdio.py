"""Standard output and error, and the end of the program.

- A reader that leaves early (`roadmap ... | head -1`) is not an error: the rest is dropped and the
  exit code stands.
- Standard output that cannot be written (`> /dev/full`, closed with `>&-`, an I/O error) is an
  output error: a line on standard error and exit code 2, never "internal error".
- Standard error that cannot be written (full, closed) drops what is written to it: there is
  nowhere to say so, and the exit code (2 for bad input) still says it.
- After large reports the program exits without the interpreter's teardown (`exit_now`).
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any, NoReturn

from roadmap.errors import OutputError


class ReaderMayLeave:
    """A standard stream of the program. Once its reader has gone (`roadmap ... | head -1`), what is
    written is dropped instead of raising BrokenPipeError, so that the command still finishes and
    its exit code stands (1 for findings asked to fail on, which `set -o pipefail` must see; else 0).
    Any other failure to write (a full disk, a closed descriptor) drops the rest too; for standard
    output (`strict`) it is remembered, and `flush_stdout` raises it as an `OutputError` at the end
    (raising it where it happens could be swallowed: click probes streams with writes of its own).
    The same for its binary `buffer` (a PDF or CSV written with `-o -`, click's own writer)."""

    def __init__(self, stream: Any, *, strict: bool, name: str = "standard output") -> None:
        self._stream = stream
        self._strict = strict
        self._name = name

    def write(self, data: Any) -> int:
        try:
            return int(self._stream.write(data))
        except BrokenPipeError:
            reader_gone(self._stream)
            return len(data)
        except (OSError, ValueError) as exc:  # ValueError: written after the stream was closed
            self._failed(exc)
            return len(data)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            reader_gone(self._stream)
            try:
                self._stream.flush()  # what was still buffered goes to /dev/null now
            except OSError:
                pass
        except (OSError, ValueError) as exc:
            self._failed(exc)

    def _failed(self, exc: Exception) -> None:
        """Writing failed for another reason than a reader that left: what is buffered is dropped
        (the descriptor points at /dev/null from now on), and for standard output that is an error."""
        reader_gone(self._stream)
        try:
            self._stream.flush()
        except (OSError, ValueError):
            pass
        if self._strict and not _FAILED:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "it is closed"
            _FAILED.append(f"{self._name}: cannot write: {reason}")

    @property
    def buffer(self) -> Any:
        return ReaderMayLeave(self._stream.buffer, strict=self._strict, name=self._name)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


#: Why standard output could not be written, once it could not (`flush_stdout` raises it).
_FAILED: list[str] = []


class _Closed:
    """Standard output or error that was closed when the program started (`>&-`): every write fails."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, data: Any) -> int:
        raise OSError(errno.EBADF, "it is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, "it is closed")

    @property
    def buffer(self) -> _Closed:
        return self


def reader_gone(stream: Any = None) -> None:
    """The reader of `stream` (standard output by default) has gone (`roadmap ... | head -1`), or it
    cannot be written: point it at /dev/null so that nothing more, not even Python's flush at exit,
    fails on it (https://docs.python.org/3/library/signal.html#note-on-sigpipe)."""
    try:
        fd = (stream if stream is not None else sys.stdout).fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (tests, embedding, a closed stream): nothing is flushed to it at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def guard_stdio() -> None:
    """Run as a program: standard output and error both outlive their reader (`2>&1 | head`:
    problems still exit 2), and a failure to write them is never an internal error. A descriptor 0-2
    closed at start is opened on /dev/null first, so that no file the program opens later takes its
    number (and gets what was meant for the terminal). Done once."""
    if isinstance(sys.stdout, ReaderMayLeave):
        return
    closed = set()
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            closed.add(fd)
            devnull = os.open(os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY)
            if devnull != fd:
                os.dup2(devnull, fd)
                os.close(devnull)
    out = sys.stdout if sys.stdout is not None and 1 not in closed else _Closed()
    err = sys.stderr if sys.stderr is not None and 2 not in closed else _Closed()
    sys.stdout = ReaderMayLeave(out, strict=True)
    sys.stderr = ReaderMayLeave(err, strict=False, name="standard error")


def flush_stdout() -> None:
    """Flush standard output before exiting: here, not at exit, where a failure would only be
    printed. Raises `OutputError` when it cannot be written."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        reader_gone()
    if _FAILED:
        raise OutputError(_FAILED[0])





def exit_now(code: int) -> NoReturn:
    """Exit without the interpreter's teardown: freeing every object one by one (WeasyPrint's millions
    after a large report) takes time and frees nothing the system would not reclaim anyway
    (benchmarks/RESULTS.md). Only when run as a program (not from tests or other code), once every
    file was written atomically (fsync, rename) and closed, and the output is flushed."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, OutputError):
            pass
    os._exit(code)
