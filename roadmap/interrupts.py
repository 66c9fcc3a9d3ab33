"""Signals: Ctrl-C (SIGINT) and SIGTERM end the program cleanly, with 128 + the signal's number.

- `install()` (the program's `main`): each of the two signals raises `Interrupted` in the main
  thread, an exception no `except Exception` stops, so that every `finally` runs on the way out:
  temporary files are removed, worker processes stopped. A second signal while that happens is
  ignored (the clean-up is short, and must not be cut short itself).
- `deferred()`: the signals wait while a file is written and renamed into place (atomic writes), so
  that an interrupted program leaves the old file or the complete new one, and never a `.tmp`.
- `worker_started(parent)`: in a forked worker process (`report -j`), Ctrl-C is left to the parent
  (which stops its workers), SIGTERM ends the worker at once, and on Linux the worker is killed if
  its parent dies, however it dies (prctl PR_SET_PDEATHSIG): no orphan keeps rendering, or holds
  the parent's output pipe open.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)
#: prctl(2) option: the signal a process gets when the thread that forked it ends (linux/prctl.h).
_PR_SET_PDEATHSIG = 1


class Interrupted(BaseException):
    """The program got SIGINT or SIGTERM; its exit code is 128 + the signal's number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def words(self) -> str:
        return "interrupted" if self.signum == signal.SIGINT else "terminated"


#: The signal received, if any: a library that catches every exception (WeasyPrint does, around
#: drawing an SVG image) may swallow `Interrupted`; `check` raises it again.
_RECEIVED: list[int] = []


def _raise(signum: int, _frame: FrameType | None) -> None:
    for sig in SIGNALS:  # the clean-up on the way out is not interrupted again
        signal.signal(sig, signal.SIG_IGN)
    _RECEIVED.append(signum)
    raise Interrupted(signum)


def check() -> None:
    """Raise `Interrupted` again if a signal was received and its exception swallowed on the way."""
    if _RECEIVED:
        raise Interrupted(_RECEIVED[0])


def install() -> None:
    """SIGINT and SIGTERM raise `Interrupted` in the main thread (run as a program only)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for sig in SIGNALS:
        signal.signal(sig, _raise)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is done (they are blocked, then delivered when it ends:
    `Interrupted` is raised after it). In the main thread of a POSIX system; elsewhere, as it is."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def worker_started(parent: int) -> None:
    """In a worker process forked by `parent`: Ctrl-C is the parent's to handle, SIGTERM ends the
    worker, and the worker dies with its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform == "linux":
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above: nothing will kill us
        os._exit(1)
