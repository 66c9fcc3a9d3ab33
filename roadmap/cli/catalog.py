"""`roadmap criteria ...`: list a catalog's criteria, show one, diff two versions, verify the release
log (every released version unchanged and signed by both sides), release a version, sign a release."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from roadmap.cli.emit import Findings, echo, emit_json
from roadmap.cli.inputs import catalog_in_language, criteria_root, criterion_named, load_ref, output_language, trust
from roadmap.cli.options import catalog_option, lang_option, signers_option, trust_options
from roadmap.errors import InputError, UsageError
from roadmap.i18n import SOURCE, use
from roadmap.words import count


# short_help is each command's line in `roadmap criteria --help`. Those ending in "..." are the
# docstring's first sentence as click cut it there before, kept so that the listing stays as it was.
@click.command("list", short_help="List a catalog's criteria with their targets per tier.")
@catalog_option()
@click.option("--json", "as_json", is_flag=True, help="Print the catalog as JSON.")
@lang_option
@trust_options
@click.pass_context
def criteria_list(ctx: click.Context, catalog_ref: str, as_json: bool, lang: str | None) -> None:
    """List a catalog's criteria with their targets per tier."""
    catalog = load_ref(ctx, catalog_ref)
    language = output_language(lang, [], as_json=as_json)
    if as_json:
        # marking_scripts only when the catalog sets it: the listings of catalogs written before it stay as they were
        unset = {"marking_scripts"} - catalog.meta.model_fields_set
        emit_json("catalog", {
            "catalog": catalog.ref, "digest": catalog.digest,
            "meta": catalog.meta.model_dump(mode="json", exclude=unset),
            "criteria": [{"domain": catalog.domain_of[c.id], **c.model_dump(mode="json")} for c in catalog.criteria],
        })
        return
    from roadmap.present.terminal.catalog import print_criteria
    from roadmap.present.terminal.layout import console

    with use(language):
        print_criteria(console(), catalog_in_language(ctx, catalog, language))


@click.command("show", short_help="Show one criterion: statement, targets with their basis, evidence,...")
@click.argument("criterion_id")
@catalog_option()
@lang_option
@trust_options
@click.pass_context
def criteria_show(ctx: click.Context, criterion_id: str, catalog_ref: str, lang: str | None) -> None:
    """Show one criterion: statement, targets with their basis, evidence, references."""
    catalog = load_ref(ctx, catalog_ref)
    criterion = criterion_named(catalog, criterion_id)
    from roadmap.present.terminal.catalog import print_criterion
    from roadmap.present.terminal.layout import console

    language = output_language(lang, [])
    with use(language):
        catalog = catalog_in_language(ctx, catalog, language)
        print_criterion(console(), catalog, catalog.by_id[criterion.id])


@click.command("diff", short_help="What changed between two catalog versions, criterion by criterion...")
@click.argument("old_ref", metavar="OLD")
@click.argument("new_ref", metavar="NEW")
@click.option("--json", "as_json", is_flag=True, help="Print the diff as JSON.")
@click.option("--fail-on-tightening", is_flag=True,
              help="Exit 1 if NEW asks more of the partner than OLD (or commits the host to less).")
@lang_option
@trust_options
@click.pass_context
def criteria_diff(ctx: click.Context, old_ref: str, new_ref: str, as_json: bool, fail_on_tightening: bool,
                  lang: str | None) -> None:
    """What changed between two catalog versions, criterion by criterion (renames followed). With
    --lang, in that language, and then what the two versions' translations changed where the
    English did not (wording only, no change of meaning)."""
    from roadmap.engine.criteria_diff import diff_catalogs, diff_translations

    old = load_ref(ctx, old_ref, released_only=False)
    new = load_ref(ctx, new_ref, released_only=False)
    language = output_language(lang, [], as_json=as_json)
    with use(language):
        old, new = catalog_in_language(ctx, old, language), catalog_in_language(ctx, new, language)
        result = diff_catalogs(old, new)
        if as_json:
            emit_json("criteria-diff", result.model_dump(mode="json"))
        else:
            from roadmap.present.terminal.catalog import print_criteria_diff, print_translation_diff
            from roadmap.present.terminal.layout import console

            out = console()
            print_criteria_diff(out, result)
            if language != SOURCE:
                print_translation_diff(out, diff_translations(old, new, result), old, new)
    if fail_on_tightening and result.tightened:
        changes = count(len(result.tightened), "%(num)d tightening change", "%(num)d tightening changes")
        raise Findings(f"{changes} from {result.old} to {result.new}: {', '.join(result.tightened)} "
                       "(--fail-on-tightening)")


@click.command("verify", short_help="Check the release log: released versions unchanged, signed by both sides.")
@signers_option
@click.pass_context
def criteria_verify(ctx: click.Context) -> None:
    """Check the release log (criteria/releases/): each entry links to the one before it; every
    released version's folder matches its entry, file by file; every signature verifies against the
    allowed signers. Names who signed each release and who has not (exit 1 if anything is wrong)."""
    from roadmap.load.releases import verify

    result = verify(criteria_root(ctx), trust(ctx))
    for line in result.entries:
        echo(line)
    for finding in result.findings:
        echo(finding)
    if result.problems:  # a catalog or the allowed-signers file that cannot be read: bad input (2), after the rest
        raise InputError(result.problems)
    if not result.ok:
        raise Findings(count(len(result.findings), "%(num)d problem", "%(num)d problems") + " with released catalogs")
    head = f"; head {result.head.file} ({result.head.sha256})" if result.head else ""
    entries = count(len(result.entries), "%(num)d release entry", "%(num)d release entries")
    echo(f"ok: {entries} chained{head}; in force: {', '.join(result.in_force) or 'nothing'}")


def _signatories(given: tuple[str, ...]) -> dict[str, tuple[str, ...]] | None:
    """`--signatory host=alice@example.gov` (repeated) as {party: principals}."""
    if not given:
        return None
    out: dict[str, tuple[str, ...]] = {}
    for item in given:
        party, sep, principal = item.partition("=")
        if not sep or not party or not principal:
            raise UsageError(f"--signatory {item}: expected PARTY=PRINCIPAL, such as host=alice@state.example")
        out[party] = (*out.get(party, ()), principal)
    return out


@click.command("release", short_help="Freeze a catalog version: append its entry to the release log.")
@click.argument("ref")
@click.option("--translation", metavar="LANG", default=None,
              help="Release the version's translation i18n/LANG.yaml (again, once corrected).")
@click.option("--signatory", "signatories", multiple=True, metavar="PARTY=PRINCIPAL",
              help="Who must sign, when catalog.yaml has no 'signatories:' (repeat: host=… partner=…).")
@click.pass_context
def criteria_release(ctx: click.Context, ref: str, translation: str | None, signatories: tuple[str, ...]) -> None:
    """Freeze a catalog version: append an entry with its digests and the SHA-256 of each of its files
    to the release log. It is in force once every signatory has signed it (roadmap criteria sign)."""
    from roadmap.load.releases import release

    entry = release(criteria_root(ctx), ref, translation=translation, signatories=_signatories(signatories),
                    today=dt.date.today())
    body = entry.body
    what = f"{len(body.criteria or ())} criteria, {body.digest}" if body.translation is None else \
        f"translation {body.translation}, {len(body.files)} file"
    echo(f"released {body.name} as {entry.shown}: {what}")
    who = ", ".join(f"{party} {principal}" for party, principal in body.principals)
    echo(f"not in force until signed by {who} (roadmap criteria sign {body.ref}"
               + (f" --translation {body.translation}" if body.translation else "") + " --key KEY)")


@click.command("sign", short_help="Sign a release entry with your OpenSSH key (ssh-keygen).")
@click.argument("ref")
@click.option("--key", "key", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="KEY",
              help="Your OpenSSH private key, or its .pub when the private half is in ssh-agent or on a security key.")
@click.option("--principal", default=None, help="The signatory you sign as, when your key is allowed for several.")
@click.option("--translation", metavar="LANG", default=None, help="Sign the entry of the translation LANG.")
@signers_option
@click.pass_context
def criteria_sign(ctx: click.Context, ref: str, key: Path, principal: str | None, translation: str | None) -> None:
    """Sign the release entry of REF (fvey@1.2.0) with `ssh-keygen -Y sign` (namespace
    roadmap-catalog-release), as the signatory your key is allowed for, and write the signature beside
    the entry once it verifies. A partner checks it with ssh-keygen alone (docs/signing.md)."""
    from roadmap.load.releases import sign_release

    done = sign_release(criteria_root(ctx), ref, key=key, trust=trust(ctx), translation=translation,
                        principal=principal)
    c, body = done.check, done.standing.entry.body
    verb = "already signed" if done.already else "signed"
    echo(f"{verb} {body.name} ({done.standing.entry.file}) as {c.party} {c.principal} "
               f"({c.verified.key if c.verified else ''})" + ("" if done.already else f"; wrote {c.shown}"))
    if done.standing.in_force:
        echo(f"{body.name} is in force: signed by "
                   + ", ".join(f"{s.party} {s.principal}" for s in done.standing.signers))
    else:
        echo(f"{body.name} is not in force yet: " + "; ".join(s.words() for s in done.standing.wanting))


#: `roadmap criteria`'s commands, in the order its help lists them.
COMMANDS = (criteria_list, criteria_show, criteria_diff, criteria_verify, criteria_release, criteria_sign)
