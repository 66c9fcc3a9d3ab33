"""Standard output and the end of the program: a reader that leaves early (`roadmap ... | head -1`)
is not an error, and after large reports the program exits without the interpreter's teardown."""

from __future__ import annotations

import os
import sys
from typing import Any, NoReturn


class ReaderMayLeave:
    """Standard output of the program: once its reader has gone (`roadmap ... | head -1`), what is
    written is dropped instead of raising BrokenPipeError, so that the command still finishes and
    its exit code stands (1 for findings asked to fail on, which `set -o pipefail` must see; else 0).
    The same for its binary `buffer` (a PDF or CSV written with `-o -`, click's own writer)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, data: Any) -> int:
        try:
            return int(self._stream.write(data))
        except BrokenPipeError:
            reader_gone(self._stream)
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

    @property
    def buffer(self) -> Any:
        return ReaderMayLeave(self._stream.buffer)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def reader_gone(stream: Any = None) -> None:
    """The reader of `stream` (standard output by default) has gone (`roadmap ... | head -1`): it
    got what it wanted. Point the stream at /dev/null so that nothing more, not even Python's flush
    at exit, fails on it (https://docs.python.org/3/library/signal.html#note-on-sigpipe)."""
    try:
        fd = (stream if stream is not None else sys.stdout).fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (tests, embedding): nothing is flushed to a pipe at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def guard_stdio() -> None:
    """Run as a program: standard output and error both outlive their reader (`2>&1 | head`:
    problems still exit 2). Done once; a second call leaves the guarded streams as they are."""
    if not isinstance(sys.stdout, ReaderMayLeave):
        sys.stdout = ReaderMayLeave(sys.stdout)
        sys.stderr = ReaderMayLeave(sys.stderr)


def flush_stdout() -> None:
    """Flush standard output before exiting: here, not at exit, where a failure would only be printed."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        reader_gone()


#: Returned by a command whose work is all written and which leaves nothing to clean up.
SKIP_TEARDOWN = object()


def exit_now(code: int) -> NoReturn:
    """Exit without the interpreter's teardown. After a large report, freeing WeasyPrint's millions
    of objects one by one takes seconds and frees nothing the system would not reclaim anyway
    (benchmarks/RESULTS.md). Only when run as a program (not from tests or other code), and only
    after every report was written atomically (fsync, rename) and the output is flushed."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass
    os._exit(code)
