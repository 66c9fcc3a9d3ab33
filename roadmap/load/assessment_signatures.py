"""Signed assessments: the assessor signs the assessment file, a reviewer countersigns it, each with
a detached OpenSSH signature beside it (`japan-2027.yaml.assessor.sig`, `….reviewer.sig`, namespace
`roadmap-assessment`), checked against the run's allowed signers (`roadmap.load.trust`).

A signature that no longer matches the file's bytes means the file was edited after it was signed:
a warning that `validate --strict` fails on. Any other signature that does not verify (malformed,
by a key the allowed-signers file does not list or does not allow for assessments) is bad input.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from roadmap.errors import InputError, Problem, UsageError
from roadmap.load.files import read_bytes
from roadmap.load.signatures import ASSESSMENT_NAMESPACE, AllowedSigners, SignatureError, Verified, sign_bytes, verify
from roadmap.load.trust import Trust

#: Who signs an assessment: its assessor, then a reviewer who countersigns the same bytes.
ROLES = ("assessor", "reviewer")
_SIGNATURE_LIMIT = 64 * 1024
# The start of verify's message for a signature over other bytes (roadmap.load.signatures._check).
_OTHER_BYTES = "signature does not match the message"


def signature_path(path: Path, role: str) -> Path:
    return path.with_name(f"{path.name}.{role}.sig")


@dataclass(frozen=True)
class AssessmentSignature:
    """One signature beside an assessment: who made it, or that the file changed since."""

    role: str
    #: The signature file, as messages show it.
    file: str
    principals: tuple[str, ...] = ()
    #: `ED25519 key SHA256:…`.
    key: str = ""
    #: The file was edited after it was signed: the signature no longer matches its bytes.
    edited: bool = False

    def words(self) -> str:
        if self.edited:
            return f"{self.role}: does not match, the file was edited after it was signed ({self.file})"
        return f"{self.role} {', '.join(self.principals)} ({self.key})"


def read_signatures(path: Path, display: str, data: bytes, as_of: dt.date, root: Path,
                    trust: Trust) -> tuple[tuple[AssessmentSignature, ...], list[Problem]]:
    """The signatures beside the assessment in `path` (whose bytes are `data`), and the problems of
    those that are bad input. No signature file: nothing to check, no allowed-signers file needed."""
    found = [(role, sig) for role in ROLES if os.path.lexists(sig := signature_path(path, role))]
    if not found:
        return (), []
    try:
        signers = trust.signers(root)
    except InputError as exc:
        return (), [Problem(p.file, p.line, p.col, p.path, f"{p.message}; needed to check {display}'s signatures")
                    for p in exc.problems]
    out: list[AssessmentSignature] = []
    problems: list[Problem] = []
    for role, sig in found:
        shown = f"{display}.{role}.sig"
        try:
            verified = _verify(data, read_bytes(sig, shown, limit=_SIGNATURE_LIMIT), signers, as_of)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        except SignatureError as exc:
            if str(exc).startswith(_OTHER_BYTES):
                out.append(AssessmentSignature(role, shown, edited=True))
            else:
                problems.append(Problem(shown, None, None, "",
                                        f"the {role}'s signature of {display} is refused: {exc}"))
            continue
        out.append(AssessmentSignature(role, shown, verified.principals, verified.key))
    return tuple(out), problems


def _verify(data: bytes, signature: bytes, signers: AllowedSigners, as_of: dt.date) -> Verified:
    # The time a key must have been allowed at comes from the signed bytes: the assessment's as-of date.
    return verify(data, signature, namespace=ASSESSMENT_NAMESPACE, signers=signers, when=as_of)


def signature_warnings(display: str, signatures: tuple[AssessmentSignature, ...]) -> list[Problem]:
    """What a person must hear about the signatures: an edit after signing; a countersignature by
    the assessor's own key."""
    out = []
    for s in signatures:
        if s.edited:
            again = " --as reviewer" if s.role == "reviewer" else ""
            out.append(Problem(display, None, None, "", f"warning: edited after it was signed: the {s.role}'s "
                               f"signature ({s.file}) no longer matches the file; restore the signed file, or sign "
                               f"it again (roadmap sign {display}{again})"))
    by_role = {s.role: s for s in signatures if not s.edited}
    if "assessor" in by_role and "reviewer" in by_role and by_role["assessor"].key == by_role["reviewer"].key:
        out.append(Problem(by_role["reviewer"].file, None, None, "", "warning: the reviewer signed with the "
                           f"assessor's own key ({by_role['reviewer'].key}): a countersignature needs another key"))
    return out


def sign_assessment(path: Path, display: str, data: bytes, as_of: dt.date, *, key: Path, role: str, root: Path,
                    trust: Trust, force: bool = False) -> tuple[AssessmentSignature, bool]:
    """Sign the assessment's bytes `data` with `key` (by `ssh-keygen`) as `role`, check the signature
    against the allowed signers, and write it beside the file. Returns the signature, and whether
    the same key had signed it already (then nothing is written)."""
    signers = trust.signers(root)
    signature = sign_bytes(data, key, namespace=ASSESSMENT_NAMESPACE)
    try:
        verified = _verify(data, signature.encode("ascii"), signers, as_of)
    except SignatureError as exc:
        raise UsageError(f"will not sign {display}: {exc}; nothing written") from None
    made = AssessmentSignature(role, f"{display}.{role}.sig", verified.principals, verified.key)
    current, _ = read_signatures(path, display, data, as_of, root, trust)
    mine = next((s for s in current if s.role == role and not s.edited), None)
    if mine is not None and mine.key == made.key:
        return mine, True
    if mine is not None and not force:
        raise UsageError(f"{mine.file} holds a signature that still verifies, by {', '.join(mine.principals)}: "
                         "--force replaces it")
    other = next((s for s in current if s.role != role and not s.edited), None)
    if other is not None and other.key == made.key:
        raise UsageError(f"will not sign {display} as {role} with the {other.role}'s own key ({made.key}): "
                         "a countersignature needs another key; nothing written")
    from roadmap.present.output import write_atomic

    write_atomic(signature_path(path, role), signature.encode("ascii"))
    return made, False
