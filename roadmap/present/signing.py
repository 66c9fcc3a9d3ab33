"""Who signed what, in words: a catalog release's standing and an assessment's signatures, as the
terminal (`validate`, `score`) and the report's provenance say them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roadmap.load.assessment_signatures import AssessmentSignature
    from roadmap.load.standing import SignatureCheck, Standing


def _who(c: SignatureCheck) -> str:
    return f"{c.party} {c.principal}"


def release_line(ref: str, release: Standing | None) -> str:
    """`catalog fvey@1.0.0 in force: signed by host …, partner …`, or why it is used although not."""
    if release is None:
        return f"catalog {ref}: a draft, not released (nobody has signed it)"
    signed = ", ".join(_who(c) for c in release.signers) or "no one"
    if release.in_force:
        return f"catalog {ref} in force: signed by {signed}"
    return (f"catalog {ref} NOT in force, used with --allow-unsigned: signed by {signed}; "
            + "; ".join(c.words() for c in release.wanting))


def release_signers(release: Standing | None) -> tuple[str, ...]:
    """Each required signer of the release with their key, or what is wrong with their signature."""
    return () if release is None else tuple(c.words() for c in release.required)


def assessment_line(signatures: tuple[AssessmentSignature, ...]) -> str:
    """`assessment signed by assessor …, reviewer …`, an edit after signing, or `not signed`."""
    if not signatures:
        return "assessment not signed (roadmap sign FILE --key KEY)"
    good = [f"{s.role} {', '.join(s.principals)}" for s in signatures if not s.edited]
    edited = [f"{s.role}'s" for s in signatures if s.edited]
    line = "assessment signed by " + ", ".join(good) if good else "assessment"
    if len(edited) == 1:
        line += f"{'; ' if good else ': '}EDITED after it was signed: the {edited[0]} signature no longer matches"
    elif edited:
        line += f"{'; ' if good else ': '}EDITED after it was signed: the {' and '.join(edited)} signatures no " \
                "longer match"
    return line


def assessment_signers(signatures: tuple[AssessmentSignature, ...]) -> tuple[str, ...]:
    return tuple(s.words() for s in signatures)
