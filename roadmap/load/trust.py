"""Whom this run trusts: the allowed-signers file that signatures are checked against, and whether a
catalog release that is not in force (a signature missing or not verifying) may be used anyway.

The allowed-signers file is `--allowed-signers FILE`, else `$ROADMAP_ALLOWED_SIGNERS`, else the one
in the criteria folder (`criteria/allowed_signers`). A partner checks the releases against its own
copy of the keys it trusts, not the one that came with the catalogs.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from roadmap.errors import InputError, Problem
from roadmap.load.files import read_bytes, shown_path
from roadmap.load.signatures import AllowedSigners

#: The allowed-signers file of a criteria folder.
SIGNERS_NAME = "allowed_signers"
#: The environment variable naming another allowed-signers file.
SIGNERS_ENV = "ROADMAP_ALLOWED_SIGNERS"
#: The flag that lets a run use a release not in force: what its output then states.
ALLOW_UNSIGNED = "--allow-unsigned"


def _ignore(_line: str) -> None:
    return None


@dataclass(frozen=True)
class Trust:
    """The keys a run trusts and what it accepts.

    `notify` receives one line for each release used although it is not in force (only with
    `allow_unsigned`): the CLI prints it on standard error before any output."""

    allowed_signers: Path | None = None
    allow_unsigned: bool = False
    notify: Callable[[str], None] = field(default=_ignore, compare=False)
    _told: set[str] = field(default_factory=set, compare=False, repr=False)

    def tell(self, line: str) -> None:
        """`notify(line)`, once per line for this run."""
        if line not in self._told:
            self._told.add(line)
            self.notify(line)

    def signers_path(self, root: Path) -> Path:
        if self.allowed_signers is not None:
            return self.allowed_signers
        env = os.environ.get(SIGNERS_ENV, "").strip()
        return Path(env) if env else root / SIGNERS_NAME

    def signers(self, root: Path) -> AllowedSigners:
        """The allowed-signers file, read and parsed once per run (every bad line: InputError)."""
        path = self.signers_path(root)
        return _parsed(str(path.resolve() if path.exists() else path), shown_path(path))


#: The default: the criteria folder's allowed signers, no release used unless in force.
STRICT = Trust()

_PARSED: dict[tuple[str, int, int], AllowedSigners] = {}


class MissingSigners(InputError):
    """There is no allowed-signers file where one was looked for."""


def _parsed(path: str, shown: str) -> AllowedSigners:
    try:
        st = os.stat(path)
    except OSError:
        raise MissingSigners([Problem(shown, None, None, "", "no allowed-signers file: signatures cannot be checked "
                                      "without the keys you trust (--allowed-signers FILE or "
                                      f"{SIGNERS_ENV})")]) from None
    key = (path, st.st_mtime_ns, st.st_size)
    if key not in _PARSED:
        data = read_bytes(Path(path), shown, limit=1 << 20)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError([Problem(shown, None, None, "", "expected an allowed-signers file in UTF-8 text, "
                                      "found other bytes")]) from None
        _PARSED[key] = AllowedSigners.parse(text, file=shown)
    return _PARSED[key]
