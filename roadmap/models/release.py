"""A release log entry (`criteria/releases/NNNN-<id>@<version>[-<language>].json`): what both sides
sign when a catalog version, or a translation of one, is released.

The entry's bytes are its canonical JSON on one line (keys sorted, no blanks) and a newline: exactly
what `ssh-keygen -Y sign` signs, so a partner checks them without this tool. `roadmap.load.releaselog`
reads the log, checks its chain and signatures, and appends entries.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, model_validator

from roadmap.models.base import CriterionId, Frozen, Language, Signatories
from roadmap.models.profile import ProfileName

#: The format of an entry; a reader refuses one it does not know.
ENTRY_FORMAT = 1
#: `NNNN-fvey@1.0.0.json` (a catalog version) or `NNNN-fvey@1.0.0-ja.json` (its Japanese translation).
ENTRY_FILE_PATTERN = (r"^(?P<seq>[0-9]{4,9})-(?P<ref>[a-z][a-z0-9_-]{1,31}@(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)\."
                      r"(?:0|[1-9][0-9]*))(?:-(?P<language>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*))?\.json$")
ENTRY_FILE = re.compile(ENTRY_FILE_PATTERN)
_DIGEST = r"^sha256:[0-9a-f]{64}$"
Sha256 = Annotated[str, StringConstraints(pattern=_DIGEST)]
ReleaseRef = Annotated[str, StringConstraints(
    pattern=r"^[a-z][a-z0-9_-]{1,31}@(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")]


def _relative(path: str) -> str:
    """A file of the version's folder, as `sha256sum` lists it: relative, `/`-separated, no `..`."""
    parts = path.split("/")
    if path.startswith("/") or "\\" in path or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"expected a path inside the version's folder such as i18n/ja.yaml, found {path!r}")
    return path


FolderPath = Annotated[str, StringConstraints(min_length=1, max_length=255), AfterValidator(_relative)]


def _iso_date(value: object) -> object:
    """JSON has no dates: the entry writes `YYYY-MM-DD`."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


class BackLink(Frozen):
    """The entry before: its file name and the SHA-256 of its bytes."""

    file: Annotated[str, StringConstraints(pattern=ENTRY_FILE_PATTERN)]
    sha256: Sha256


class ReleaseEntry(Frozen):
    """One entry of the release log."""

    format: Literal[1]
    #: 1 for the first entry, then one more for each.
    seq: Annotated[int, Field(ge=1)]
    #: The entry before this one; None only for the first.
    previous: BackLink | None
    ref: ReleaseRef
    #: A translation entry: the language of `i18n/<language>.yaml`. None: the catalog version itself.
    translation: Language | None = None
    #: The catalog's content digest (what assessments pin as `catalog_digest`) and each criterion's:
    #: a catalog entry only.
    digest: Sha256 | None = None
    criteria: dict[CriterionId, Sha256] | None = None
    #: Each partner profile released with the version (`profiles/<name>.yaml`), by name, with the digest
    #: of its content (`roadmap.load.profiles.profile_digest`): a catalog entry of a version that has
    #: profiles only (absent from the entries of versions without, such as fvey 1.x).
    profiles: dict[ProfileName, Sha256] | None = None
    #: Every file the entry covers, relative to the version's folder, with the SHA-256 of its bytes.
    files: dict[FolderPath, Sha256] = Field(min_length=1)
    released: Annotated[dt.date, BeforeValidator(_iso_date)]
    signatories: Signatories

    @model_validator(mode="after")
    def _kind(self) -> ReleaseEntry:
        if self.translation is None and (self.digest is None or self.criteria is None):
            raise ValueError("a catalog entry needs its digest and its criteria's digests")
        if self.translation is not None and (self.digest is not None or self.criteria is not None
                                             or self.profiles is not None):
            raise ValueError("a translation entry covers its file only: expected no digest, criteria or profiles")
        return self

    @property
    def name(self) -> str:
        """What the entry releases: `fvey@1.0.0`, or `fvey@1.0.0-ja` for a translation."""
        return self.ref if self.translation is None else f"{self.ref}-{self.translation}"

    @property
    def file_name(self) -> str:
        return f"{self.seq:04d}-{self.name}.json"

    @property
    def principals(self) -> tuple[tuple[str, str], ...]:
        """Each required signer with its party, parties in order (host, partner, others by name)."""
        order = sorted(self.signatories, key=lambda p: (p not in ("host", "partner"), p != "host", p))
        return tuple((party, principal) for party in order for principal in self.signatories[party])

    def to_json(self) -> dict[str, object]:
        """The entry as the JSON object that is written and signed (no null keys but `previous`)."""
        data = self.model_dump(mode="json", exclude_none=True)
        data["previous"] = None if self.previous is None else self.previous.model_dump(mode="json")
        return data


__all__ = ["ENTRY_FILE", "ENTRY_FORMAT", "BackLink", "Language", "ReleaseEntry"]
