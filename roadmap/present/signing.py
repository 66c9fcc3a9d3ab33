"""Who signed what, in words: a catalog release's standing and an assessment's signatures, as the
terminal (`validate`, `score`) and the report's provenance say them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roadmap.i18n import _, current
from roadmap.words import words

if TYPE_CHECKING:
    from roadmap.load.assessment_signatures import AssessmentSignature
    from roadmap.load.standing import SignatureCheck, Standing
    from roadmap.models.catalog import Catalog


def _who(c: SignatureCheck) -> str:
    return f"{words(c.party or '')} {c.principal}"


def _party(who: str) -> str:
    """`host alice@…` with the party in words."""
    party, _sep, principal = who.partition(" ")
    return f"{words(party)} {principal}"


def release_line(ref: str, release: Standing | None) -> str:
    """`catalog fvey@1.0.0 in force: signed by host …, partner …`, or why it is used although not."""
    if release is None:
        return _("catalog %(ref)s: a draft, not released (nobody has signed it)", ref=ref)
    signed = ", ".join(_who(c) for c in release.signers) or _("no one")
    if release.in_force:
        return _("catalog %(ref)s in force: signed by %(signed)s", ref=ref, signed=signed)
    return _("catalog %(ref)s NOT in force, used with --allow-unsigned: signed by %(signed)s; %(wanting)s", ref=ref,
             signed=signed, wanting="; ".join(c.words(_) for c in release.wanting))


def translation_lines(catalog: Catalog) -> tuple[str, ...]:
    """How the catalog's text reads in the current language: its translation, how official, who
    signed its release; that it has none (its text in English); nothing in English."""
    r = catalog.reading
    if r is None:
        return (_("catalog %(ref)s has no translation in this language: its text is shown in English",
                  ref=catalog.ref),) if current().translated else ()
    status = _("official translation") if r.official else _("unofficial translation")
    signed = ", ".join(_party(who) for who, _key in r.signed) or _("no one")
    if r.entry is None:
        line = _("%(status)s %(name)s of a draft catalog (not released)", status=status, name=r.name)
    elif r.waived:
        line = _("%(status)s %(name)s NOT in force, used with --allow-unsigned: signed by %(signed)s; %(wanting)s",
                 status=status, name=r.name, signed=signed, wanting=r.waived)
    else:
        line = _("%(status)s %(name)s in force: signed by %(signed)s", status=status, name=r.name, signed=signed)
    missing = (_("%(ids)s not translated: shown in English", ids=", ".join(r.untranslated)),) if r.untranslated else ()
    return (line, *missing)


def release_signers(release: Standing | None) -> tuple[str, ...]:
    """Each required signer of the release with their key, or what is wrong with their signature."""
    if release is None:
        return ()
    return tuple(f"{words(c.party or '')} {c.principal} ({c.verified.key})" if c.verified is not None else c.words(_)
                 for c in release.required)


def assessment_line(signatures: tuple[AssessmentSignature, ...]) -> str:
    """`assessment signed by assessor …, reviewer …`, an edit after signing, or `not signed`."""
    if not signatures:
        return _("assessment not signed (roadmap sign FILE --key KEY)")
    good = ", ".join(f"{words(s.role)} {', '.join(s.principals)}" for s in signatures if not s.edited)
    edited = [s.role for s in signatures if s.edited]
    if not edited:
        return _("assessment signed by %(signed)s", signed=good)
    what = (_("EDITED after it was signed: the assessor's signature no longer matches") if edited == ["assessor"] else
            _("EDITED after it was signed: the reviewer's signature no longer matches") if edited == ["reviewer"] else
            _("EDITED after it was signed: the assessor's and reviewer's signatures no longer match"))
    return _("assessment signed by %(signed)s; %(edited)s", signed=good, edited=what) if good \
        else _("assessment: %(edited)s", edited=what)


def assessment_signers(signatures: tuple[AssessmentSignature, ...]) -> tuple[str, ...]:
    """Each signature of the assessment with its key, or that the file changed since it was made."""
    return tuple(_("%(role)s: does not match, the file was edited after it was signed (%(file)s)",
                   role=words(s.role), file=s.file) if s.edited else
                 f"{words(s.role)} {', '.join(s.principals)} ({s.key})" for s in signatures)
