"""`roadmap criteria ...`: list a catalog's criteria, show one, diff two versions, verify the release
log (every released version unchanged and signed by both sides), release a version, sign a release."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from roadmap.cli.emit import Findings, echo, emit_json
from roadmap.cli.groups import ordered
from roadmap.cli.inputs import (
    catalog_in_language,
    criteria_option,
    criteria_root,
    criterion_named,
    load_profile_named,
    load_ref,
    output_language,
    trust,
)
from roadmap.cli.options import catalog_lang_option, catalog_option, signers_option, trust_options
from roadmap.errors import InputError, Problem, UsageError
from roadmap.i18n import SOURCE, _, use
from roadmap.words import count

if TYPE_CHECKING:
    from roadmap.load.releases import VerifyResult
    from roadmap.load.trust import Trust


# short_help is each command's line in `roadmap criteria --help`. Those ending in "..." are the
# docstring's first sentence as click cut it there before, kept so that the listing stays as it was.
@click.command("list", short_help="List a catalog's criteria with their targets per tier.")
@catalog_option()
@click.option("--json", "as_json", is_flag=True, help="Print the catalog as JSON.")
@catalog_lang_option
@criteria_option
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
@click.option("--profile", "profile_name", default=None, metavar="NAME",
              help="Also show a partner profile's guidance, remediation and references (such as japan).")
@catalog_lang_option
@criteria_option
@trust_options
@click.pass_context
def criteria_show(ctx: click.Context, criterion_id: str, catalog_ref: str, profile_name: str | None,
                  lang: str | None) -> None:
    """Show one criterion: statement, targets with their basis, evidence, references, framework
    controls; with --profile, what a partner profile adds to it."""
    catalog = load_ref(ctx, catalog_ref)
    criterion = criterion_named(catalog, criterion_id)
    profile = load_profile_named(ctx, catalog, profile_name) if profile_name else None
    from roadmap.present.terminal.catalog import print_criterion
    from roadmap.present.terminal.layout import console

    language = output_language(lang, [])
    with use(language):
        catalog = catalog_in_language(ctx, catalog, language)
        print_criterion(console(), catalog, catalog.by_id[criterion.id], profile)


@click.command("diff", short_help="What changed between two catalog versions, criterion by criterion...")
@click.argument("old_ref", metavar="OLD")
@click.argument("new_ref", metavar="NEW")
@click.option("--json", "as_json", is_flag=True, help="Print the diff as JSON.")
@click.option("--fail-on-tightening", is_flag=True,
              help="Exit 1 if NEW asks more of the partner than OLD (or commits the host to less).")
@catalog_lang_option
@criteria_option
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
@catalog_lang_option
@criteria_option
@signers_option
@click.pass_context
def criteria_verify(ctx: click.Context, lang: str | None) -> None:
    """Check the release log (criteria/releases/): each entry links to the one before it; every
    released version's folder matches its entry, file by file (and its partner profiles); every
    signature verifies against the allowed signers. Names who signed each release and who has not
    (exit 1 if anything is wrong).

    Every criteria folder of the run is checked against its own release log and allowed signers:
    yours (--criteria), then the bundled one unless yours replaces all its catalogs."""
    from roadmap.load.releases import verify

    folders = criteria_root(ctx).used()
    findings: list[str] = []
    problems: list[Problem] = []
    lines: list[str] = []
    with use(output_language(lang, [])):  # what it found in the language asked for; bad input stays English
        for folder in folders:
            result = verify(folder, trust(ctx))
            for line in result.entries:
                echo(line)
            findings += result.findings
            problems += result.problems
            lines.append(_verified(folder, result, named=len(folders) > 1))
        for finding in findings:
            echo(finding)
        if not problems:
            for folder in folders:
                echo(_keys_used(folder, trust(ctx)))
    if problems:  # a catalog or the allowed-signers file that cannot be read: bad input (2), after the rest
        raise InputError(problems)
    if findings:  # the exit line stays English, as every command's --fail-on-… line
        raise Findings(count(len(findings), "%(num)d problem", "%(num)d problems") + " with released catalogs")
    for line in lines:
        echo(line)


def _keys_used(folder: Path, run_trust: Trust) -> str:
    """Which keys the signatures were checked against: a check against the criteria folder's own
    allowed-signers file shows only that the folder agrees with itself (docs/signing.md)."""
    from roadmap.load.files import shown_path
    from roadmap.load.trust import SIGNERS_NAME

    path = run_trust.signers_path(folder)
    if path == folder / SIGNERS_NAME:
        return _("keys: %(file)s, the criteria folder's own copy: this shows that the folder agrees with itself; to "
                 "check it against the keys you trust, give your own copy (--allowed-signers FILE)",
                 file=shown_path(path))
    return _("keys: %(file)s", file=str(path))  # as the user gave it


def _verified(folder: Path, result: VerifyResult, *, named: bool) -> str:
    """The last line `criteria verify` prints for one criteria folder: the head of its log and what is
    in force, or that it has released nothing (and which drafts it holds); in the current language."""
    from roadmap.load.catalogs import all_versions
    from roadmap.load.releaselog import LOG_FOLDER

    if result.head is None and result.ok:
        drafts = all_versions(folder)
        why = _("its release log %(log)s/ has no entry", log=LOG_FOLDER) if (folder / LOG_FOLDER).is_dir() else \
            _("it has no release log %(log)s/", log=LOG_FOLDER)
        if not drafts:
            return _("%(folder)s: no released version to verify (%(why)s); it holds no catalog "
                     "(criteria/<id>/<version>/catalog.yaml)", folder=str(folder), why=why)
        return _("%(folder)s: no released version to verify (%(why)s); %(drafts)s: %(versions)s", folder=str(folder),
                 why=why, drafts=count(len(drafts), "%(num)d draft", "%(num)d drafts"), versions=", ".join(drafts))
    where = f"{folder}: " if named else ""
    entries = count(len(result.entries), "%(num)d release entry", "%(num)d release entries")
    in_force = ", ".join(result.in_force) or _("nothing")
    if result.head is None:
        return where + _("ok: %(entries)s chained; in force: %(refs)s", entries=entries, refs=in_force)
    return where + _("ok: %(entries)s chained; head %(file)s (%(sha256)s); in force: %(refs)s", entries=entries,
                     file=result.head.file, sha256=result.head.sha256, refs=in_force)


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
@criteria_option
@click.pass_context
def criteria_release(ctx: click.Context, ref: str, translation: str | None, signatories: tuple[str, ...]) -> None:
    """Freeze a catalog version: append an entry with its digests (and its partner profiles'), and the
    SHA-256 of each of its files, to the release log of the criteria folder that holds it. It is in
    force once every signatory has signed it (roadmap criteria sign)."""
    from roadmap.load.releases import release

    entry = release(_folder_of(ctx, ref), ref, translation=translation, signatories=_signatories(signatories),
                    today=dt.date.today())
    body = entry.body
    what = f"{len(body.criteria or ())} criteria, {body.digest}" if body.translation is None else \
        f"translation {body.translation}, {len(body.files)} file"
    echo(f"released {body.name} as {entry.shown}: {what}")
    who = ", ".join(f"{party} {principal}" for party, principal in body.principals)
    echo(f"not in force until signed by {who} (roadmap criteria sign {body.ref}"
         + (f" --translation {body.translation}" if body.translation else "") + " --key KEY)")


def _folder_of(ctx: click.Context, ref: str) -> Path:
    """The criteria folder of this run that holds the catalog `ref` names (yours before the bundled)."""
    from roadmap.load.catalogs import parse_ref

    return criteria_root(ctx).folder_for(parse_ref(ref)[0])


@click.command("sign", short_help="Sign a release entry with your OpenSSH key (ssh-keygen).")
@click.argument("ref")
@click.option("--key", "key", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="KEY",
              help="Your OpenSSH private key, or its .pub when the private half is in ssh-agent or on a security key.")
@click.option("--principal", default=None, help="The signatory you sign as, when your key is allowed for several.")
@click.option("--translation", metavar="LANG", default=None, help="Sign the entry of the translation LANG.")
@criteria_option
@signers_option
@click.pass_context
def criteria_sign(ctx: click.Context, ref: str, key: Path, principal: str | None, translation: str | None) -> None:
    """Sign the release entry of REF (fvey@1.2.0) with `ssh-keygen -Y sign` (namespace
    roadmap-catalog-release), as the signatory your key is allowed for, and write the signature beside
    the entry once it verifies. A partner checks it with ssh-keygen alone (docs/signing.md)."""
    from roadmap.load.releases import sign_release

    done = sign_release(_folder_of(ctx, ref), ref, key=key, trust=trust(ctx), translation=translation,
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


@click.command("map", short_help="Which framework controls a catalog covers, and by which criteria.")
@click.option("--framework", default=None, metavar="ID",
              help="nist-800-53, cnssi-1253, ism, caf or essential-eight (default: list the frameworks).")
@catalog_option()
@click.option("--json", "as_json", is_flag=True, help="Print the map as JSON.")
@catalog_lang_option
@criteria_option
@trust_options
@click.pass_context
def criteria_map(ctx: click.Context, framework: str | None, catalog_ref: str, as_json: bool, lang: str | None) -> None:
    """Which controls of a framework (NIST SP 800-53, CNSSI 1253, the ISM, CAF, the Essential Eight)
    a catalog's criteria map to, and which criteria cover each; without --framework, the frameworks
    and how much of each the catalog covers."""
    from roadmap.engine.controls import framework_map

    language = output_language(lang, [], as_json=as_json)
    catalog = load_ref(ctx, catalog_ref)
    if as_json:
        emit_json("criteria-map", framework_map(catalog, framework).model_dump(mode="json"))
        return
    from roadmap.present.terminal.catalog import print_framework_map
    from roadmap.present.terminal.layout import console

    with use(language):  # the criteria's titles from the catalog's translation, when it has one
        print_framework_map(console(), framework_map(catalog_in_language(ctx, catalog, language), framework))


#: `roadmap criteria` and its commands, in the order its help lists them.
criteria_group = ordered("criteria", (criteria_list, criteria_show, criteria_map, criteria_diff, criteria_verify,
                                      criteria_release, criteria_sign),
                         "List, show, diff, verify, release and sign criteria catalogs.",
                         "List, show, diff, verify, release and sign criteria catalogs.")
