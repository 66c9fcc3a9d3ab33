"""Exports for other tools: `export oscal` (the catalog, a scored assessment and its plan of
action as NIST OSCAL JSON) and `schema` (JSON Schemas of the input files, for editors)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

import click

from roadmap.cli.emit import deliver, echo
from roadmap.cli.groups import ordered
from roadmap.cli.inputs import criteria_option, load_ref, load_scored
from roadmap.cli.options import F, as_of_option, catalog_option, file_argument, output_option, trust_options
from roadmap.errors import UsageError


# short_help is each command's line in `roadmap export oscal --help`. Those ending in "..." are the
# docstring's first sentence as click cut it there before, kept so that the listing stays as it was.
@click.command("catalog", short_help="The criteria catalog as an OSCAL catalog: a group per domain, a...")
@catalog_option()
@output_option("the OSCAL catalog")
@criteria_option
@trust_options
@click.pass_context
def oscal_catalog(ctx: click.Context, catalog_ref: str, output: Path | None) -> None:
    """The criteria catalog as an OSCAL catalog: a group per domain, a control per criterion."""
    from roadmap.present.oscal import catalog_document, dumps

    catalog = load_ref(ctx, catalog_ref)
    deliver(output, dumps(catalog_document(catalog)), f"OSCAL catalog of {catalog.ref}")


def _scored_export(what: str) -> Callable[[F], F]:
    """FILE, `-o` and `--as-of` of an OSCAL document made from a scored assessment."""
    def apply(f: F) -> F:
        return file_argument(output_option(f"the OSCAL {what}")(as_of_option()(trust_options(f))))
    return apply


@click.command("results", short_help="A scored assessment as OSCAL assessment-results: a finding per...")
@_scored_export("assessment-results")
@criteria_option
@click.pass_context
def oscal_results(ctx: click.Context, file: Path, output: Path | None, as_of: str | None) -> None:
    """A scored assessment as OSCAL assessment-results: a finding per criterion."""
    _deliver_scored(ctx, file, as_of, output, "results")


@click.command("poam", short_help="The gaps to the next tier as an OSCAL plan of action and milestones.")
@_scored_export("POA&M")
@criteria_option
@click.pass_context
def oscal_poam(ctx: click.Context, file: Path, output: Path | None, as_of: str | None) -> None:
    """The gaps to the next tier as an OSCAL plan of action and milestones."""
    _deliver_scored(ctx, file, as_of, output, "poam")


def _deliver_scored(ctx: click.Context, file: Path, as_of: str | None, output: Path | None,
                    kind: Literal["results", "poam"]) -> None:
    from roadmap.present.oscal import dumps, poam_document, results_document

    la, result = load_scored(ctx, file, as_of)
    build, what = (results_document, "assessment-results") if kind == "results" else (poam_document, "POA&M")
    doc = build(la.catalog, la.assessment, result, file=la.file, sha256=la.sha256)
    deliver(output, dumps(doc), f"OSCAL {what} of {la.file}")


#: `roadmap export oscal` and its commands, in the order its help lists them; `roadmap export`.
oscal = ordered("oscal", (oscal_catalog, oscal_results, oscal_poam),
                "NIST OSCAL 1.2.1 JSON: catalog, assessment-results, POA&M.",
                "NIST OSCAL 1.2.1 JSON: catalog, assessment-results, POA&M.")
export_group = ordered("export", (oscal,), "Export catalogs and results in other tools' formats.",
                       "Export catalogs and results as OSCAL.")


@click.command("schema", short_help="JSON Schema of input files, for editors.")
@click.argument("kind", required=False, type=click.Choice(["assessment", "catalog", "catalog-domain", "profile"]),
                metavar="{assessment|catalog|catalog-domain|profile}")  # required, except with --update
@output_option("the schema")
@click.option("--update", is_flag=True, help="Regenerate every schema shipped in schemas/ (maintainers).")
def schema_cmd(kind: str | None, output: Path | None, update: bool) -> None:
    """JSON Schema of an input file, for editors (yaml-language-server) and other tools."""
    from roadmap.present import schema

    if update:
        if kind or output:
            raise UsageError("--update regenerates every shipped schema; give no KIND or -o with it")
        for name in schema.update_shipped():
            echo(f"updated {name}")
        return
    if kind is None:
        raise UsageError("give a schema: assessment, catalog, catalog-domain or profile")
    deliver(output, schema.render(kind), f"JSON Schema of {kind} files")
