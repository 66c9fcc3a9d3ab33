"""`roadmap criteria ...`: list a catalog's criteria, show one, diff two versions, verify the
released versions against the lock, and release a version."""

from __future__ import annotations

import click

from roadmap.cli.emit import Findings, emit_json
from roadmap.cli.inputs import criteria_option, criteria_root, criterion_named, load_profile_named, load_ref
from roadmap.cli.options import catalog_option
from roadmap.errors import InputError
from roadmap.load.lock import LOCK_NAME
from roadmap.words import count


# short_help is each command's line in `roadmap criteria --help`. Those ending in "..." are the
# docstring's first sentence as click cut it there before, kept so that the listing stays as it was.
@click.command("list", short_help="List a catalog's criteria with their targets per tier.")
@catalog_option()
@click.option("--json", "as_json", is_flag=True, help="Print the catalog as JSON.")
@criteria_option
@click.pass_context
def criteria_list(ctx: click.Context, catalog_ref: str, as_json: bool) -> None:
    """List a catalog's criteria with their targets per tier."""
    catalog = load_ref(ctx, catalog_ref)
    if as_json:
        emit_json("catalog", {
            "catalog": catalog.ref, "digest": catalog.digest, "meta": catalog.meta.model_dump(mode="json"),
            "criteria": [{"domain": catalog.domain_of[c.id], **c.model_dump(mode="json")} for c in catalog.criteria],
        })
        return
    from roadmap.present.terminal.catalog import print_criteria
    from roadmap.present.terminal.layout import console

    print_criteria(console(), catalog)


@click.command("show", short_help="Show one criterion: statement, targets with their basis, evidence,...")
@click.argument("criterion_id")
@catalog_option()
@click.option("--profile", "profile_name", default=None, metavar="NAME",
              help="Also show a partner profile's guidance, remediation and references (such as japan).")
@criteria_option
@click.pass_context
def criteria_show(ctx: click.Context, criterion_id: str, catalog_ref: str, profile_name: str | None) -> None:
    """Show one criterion: statement, targets with their basis, evidence, references, framework
    controls; with --profile, what a partner profile adds to it."""
    catalog = load_ref(ctx, catalog_ref)
    criterion = criterion_named(catalog, criterion_id)
    profile = load_profile_named(ctx, catalog, profile_name) if profile_name else None
    from roadmap.present.terminal.catalog import print_criterion
    from roadmap.present.terminal.layout import console

    print_criterion(console(), catalog, criterion, profile)


@click.command("diff", short_help="What changed between two catalog versions, criterion by criterion...")
@click.argument("old_ref", metavar="OLD")
@click.argument("new_ref", metavar="NEW")
@click.option("--json", "as_json", is_flag=True, help="Print the diff as JSON.")
@click.option("--fail-on-tightening", is_flag=True,
              help="Exit 1 if NEW asks more of the partner than OLD (or commits the host to less).")
@criteria_option
@click.pass_context
def criteria_diff(ctx: click.Context, old_ref: str, new_ref: str, as_json: bool, fail_on_tightening: bool) -> None:
    """What changed between two catalog versions, criterion by criterion (renames followed)."""
    from roadmap.engine.criteria_diff import diff_catalogs

    old = load_ref(ctx, old_ref, released_only=False)
    new = load_ref(ctx, new_ref, released_only=False)
    result = diff_catalogs(old, new)
    if as_json:
        emit_json("criteria-diff", result.model_dump(mode="json"))
    else:
        from roadmap.present.terminal.catalog import print_criteria_diff
        from roadmap.present.terminal.layout import console

        print_criteria_diff(console(), result)
    if fail_on_tightening and result.tightened:
        raise Findings(f"{count(len(result.tightened), 'tightening change')} from {result.old} to {result.new}: "
                       f"{', '.join(result.tightened)} (--fail-on-tightening)")


@click.command("verify", short_help="Check that released catalog versions still match the release lock...")
@criteria_option
@click.pass_context
def criteria_verify(ctx: click.Context) -> None:
    """Check that released catalog versions still match the release lock (exit 1 if not).

    Every criteria folder of the run is checked against its own lock: yours (--criteria), then the
    bundled one."""
    from roadmap.load.catalogs import all_versions
    from roadmap.load.releases import verify

    folders = criteria_root(ctx).folders
    findings, problems, lines = [], [], []
    for folder in folders:
        result = verify(folder)
        findings += result.findings
        problems += result.problems
        where = f"{folder}: " if len(folders) > 1 else ""
        if result.checked:
            lines.append(f"{where}ok: {count(len(result.checked), 'released version')} match the lock "
                         f"({', '.join(result.checked)})")
        elif not result.findings and not result.problems:
            drafts = all_versions(folder)
            why = f"no release in its {LOCK_NAME}" if (folder / LOCK_NAME).is_file() else f"it has no {LOCK_NAME}"
            lines.append(f"{folder}: no released version to verify ({why}); "
                         + (f"{count(len(drafts), 'draft')}: {', '.join(drafts)}" if drafts else
                            "it holds no catalog (criteria/<id>/<version>/catalog.yaml)"))
    for finding in findings:
        click.echo(finding)
    if problems:  # a catalog that cannot be loaded: bad input (2), after the other findings
        raise InputError(problems)
    if findings:
        raise Findings(f"{count(len(findings), 'problem')} with released catalogs")
    for line in lines:
        click.echo(line)


@click.command("release", short_help="Freeze a catalog version: record its digests in the release lock.")
@click.argument("ref")
@criteria_option
@click.pass_context
def criteria_release(ctx: click.Context, ref: str) -> None:
    """Freeze a catalog version: record its digests in the release lock."""
    from roadmap.load.catalogs import parse_ref
    from roadmap.load.releases import release

    catalog = release(criteria_root(ctx).folder_for(parse_ref(ref)[0]), ref)
    click.echo(f"released {catalog.ref}: {len(catalog.criteria)} criteria, {catalog.digest}")


@click.command("map", short_help="Which framework controls a catalog covers, and by which criteria.")
@click.option("--framework", default=None, metavar="ID",
              help="nist-800-53, cnssi-1253, ism, caf or essential-eight (default: list the frameworks).")
@catalog_option()
@click.option("--json", "as_json", is_flag=True, help="Print the map as JSON.")
@criteria_option
@click.pass_context
def criteria_map(ctx: click.Context, framework: str | None, catalog_ref: str, as_json: bool) -> None:
    """Which controls of a framework (NIST SP 800-53, CNSSI 1253, the ISM, CAF, the Essential Eight)
    a catalog's criteria map to, and which criteria cover each; without --framework, the frameworks
    and how much of each the catalog covers."""
    from roadmap.engine.controls import framework_map

    result = framework_map(load_ref(ctx, catalog_ref), framework)
    if as_json:
        emit_json("criteria-map", result.model_dump(mode="json"))
        return
    from roadmap.present.terminal.catalog import print_framework_map
    from roadmap.present.terminal.layout import console

    print_framework_map(console(), result)


#: `roadmap criteria`'s commands, in the order its help lists them.
COMMANDS = (criteria_list, criteria_show, criteria_map, criteria_diff, criteria_verify, criteria_release)
