"""`roadmap criteria ...`: list a catalog's criteria, show one, diff two versions, verify the
released versions against the lock, and release a version."""

from __future__ import annotations

import click

from roadmap.cli.emit import Findings, echo, emit_json
from roadmap.cli.inputs import criteria_root, criterion_named, load_ref
from roadmap.cli.options import catalog_option
from roadmap.errors import InputError
from roadmap.words import count


# short_help is each command's line in `roadmap criteria --help`. Those ending in "..." are the
# docstring's first sentence as click cut it there before, kept so that the listing stays as it was.
@click.command("list", short_help="List a catalog's criteria with their targets per tier.")
@catalog_option()
@click.option("--json", "as_json", is_flag=True, help="Print the catalog as JSON.")
@click.pass_context
def criteria_list(ctx: click.Context, catalog_ref: str, as_json: bool) -> None:
    """List a catalog's criteria with their targets per tier."""
    catalog = load_ref(ctx, catalog_ref)
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

    print_criteria(console(), catalog)


@click.command("show", short_help="Show one criterion: statement, targets with their basis, evidence,...")
@click.argument("criterion_id")
@catalog_option()
@click.pass_context
def criteria_show(ctx: click.Context, criterion_id: str, catalog_ref: str) -> None:
    """Show one criterion: statement, targets with their basis, evidence, references."""
    catalog = load_ref(ctx, catalog_ref)
    criterion = criterion_named(catalog, criterion_id)
    from roadmap.present.terminal.catalog import print_criterion
    from roadmap.present.terminal.layout import console

    print_criterion(console(), catalog, criterion)


@click.command("diff", short_help="What changed between two catalog versions, criterion by criterion...")
@click.argument("old_ref", metavar="OLD")
@click.argument("new_ref", metavar="NEW")
@click.option("--json", "as_json", is_flag=True, help="Print the diff as JSON.")
@click.option("--fail-on-tightening", is_flag=True,
              help="Exit 1 if NEW asks more of the partner than OLD (or commits the host to less).")
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
@click.pass_context
def criteria_verify(ctx: click.Context) -> None:
    """Check that released catalog versions still match the release lock (exit 1 if not)."""
    from roadmap.load.releases import verify

    result = verify(criteria_root(ctx))
    for finding in result.findings:
        echo(finding)
    if result.problems:  # a catalog that cannot be loaded: bad input (2), after the other findings
        raise InputError(result.problems)
    if not result.ok:
        raise Findings(f"{count(len(result.findings), 'problem')} with released catalogs")
    echo(f"ok: {count(len(result.checked), 'released version')} match the lock ({', '.join(result.checked)})")


@click.command("release", short_help="Freeze a catalog version: record its digests in the release lock.")
@click.argument("ref")
@click.pass_context
def criteria_release(ctx: click.Context, ref: str) -> None:
    """Freeze a catalog version: record its digests in the release lock."""
    from roadmap.load.releases import release

    catalog = release(criteria_root(ctx), ref)
    echo(f"released {catalog.ref}: {len(catalog.criteria)} criteria, {catalog.digest}")


#: `roadmap criteria`'s commands, in the order its help lists them.
COMMANDS = (criteria_list, criteria_show, criteria_diff, criteria_verify, criteria_release)
