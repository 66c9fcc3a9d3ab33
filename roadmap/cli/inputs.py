"""What the commands read: the folders of criteria catalogs of this run (`--criteria` or
ROADMAP_CRITERIA_DIR, before the bundled one), whom it trusts (`--allowed-signers`,
`--allow-unsigned`), a catalog in them, and an assessment scored against its catalog. The core
modules are imported when a command runs, not before."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from roadmap.cli.emit import echo
from roadmap.cli.options import parse_date
from roadmap.errors import UsageError

if TYPE_CHECKING:
    from roadmap.engine.scoring import Score
    from roadmap.load.assessments import LoadedAssessment
    from roadmap.load.catalogs import Library
    from roadmap.load.trust import Trust
    from roadmap.models.catalog import Catalog, Criterion
    from roadmap.models.profile import Profile


def criteria_root(ctx: click.Context) -> Library:
    """The folders of criteria catalogs this run reads: `--criteria` (or ROADMAP_CRITERIA_DIR), whose
    catalogs add to the bundled ones (and replace a bundled catalog of the same id), then the bundled
    folder."""
    from roadmap.load.catalogs import library

    top = ctx.find_root()
    given = top.obj.get("criteria") if top.obj else None
    if not given:
        return library()
    if not Path(given).is_dir():
        flag = top.obj.get("criteria_flag") or "--criteria"
        raise UsageError(f"{flag} {given}: {'not a folder' if Path(given).exists() else 'no such folder'}")
    return library(Path(given))


def _criteria_given(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    """A command's own `--criteria` (roadmap init --criteria DIR): as if given before the command."""
    if value is not None:
        top = ctx.find_root()
        top.obj = {**(top.obj or {}), "criteria": value, "criteria_flag": "--criteria"}


#: `--criteria DIR` after a command's name, as well as before it (`roadmap --criteria DIR init`).
criteria_option = click.option(
    "--criteria", type=click.Path(file_okay=False, path_type=Path), default=None, expose_value=False,
    is_eager=True, callback=_criteria_given, metavar="DIR",
    help="A folder of your own criteria catalogs, read before the bundled ones (see docs/catalog-authoring.md).")


def load_ref(ctx: click.Context, ref: str, *, released_only: bool = True, raw: bool = False) -> Catalog:
    """The catalog `ref` (id or id@version) names in this run's criteria folders, its `{partner}` and
    `{host}` shown as "the partner" and "the host" (there is no assessment); `raw`: as written."""
    from roadmap.load.catalogs import load_catalog, resolve_ref

    root = criteria_root(ctx)
    catalog = load_catalog(root, *resolve_ref(root, ref, released_only=released_only), trust=trust(ctx))
    return catalog if raw else catalog.for_parties()


def load_profile_named(ctx: click.Context, catalog: Catalog, name: str) -> Profile:
    """Partner profile `name` of `catalog` in this run's criteria folders; `{partner}` in its text is
    its own partner's name (there is no assessment to name the host)."""
    from roadmap.load.catalogs import catalog_folder
    from roadmap.load.profiles import load_profile, with_parties

    profile = load_profile(catalog_folder(criteria_root(ctx), catalog.meta.id, catalog.meta.version), catalog, name)
    return with_parties(profile, profile.partner, None)


def trust(ctx: click.Context) -> Trust:
    """Whom this run trusts (`--allowed-signers`, `--allow-unsigned`); a release used although it is
    not in force is said on standard error as soon as it is loaded, before any output."""
    from roadmap.cli.options import ALLOW_UNSIGNED_KEY, ALLOWED_SIGNERS_KEY
    from roadmap.load.trust import Trust

    if "roadmap.trust" not in ctx.meta:
        ctx.meta["roadmap.trust"] = Trust(allowed_signers=ctx.meta.get(ALLOWED_SIGNERS_KEY),
                                          allow_unsigned=bool(ctx.meta.get(ALLOW_UNSIGNED_KEY)),
                                          notify=lambda line: echo(line, err=True))
    found: Trust = ctx.meta["roadmap.trust"]
    return found


def load_scored(ctx: click.Context, file: Path, as_of: str | None) -> tuple[LoadedAssessment, Score]:
    """The assessment in `file` and its score, as of its own date or `as_of` (`--as-of`, read once
    the file has loaded: a file's problems are reported first). A roll-up's parts are read under a
    progress bar (on a terminal)."""
    from roadmap.engine.scoring import score

    la = load_one(ctx, file)
    return la, score(la.catalog, la.assessment, parse_date(as_of))


def load_one(ctx: click.Context, file: Path) -> LoadedAssessment:
    """The assessment in `file`, checked against its catalog and signatures; a roll-up's parts read
    under a progress bar (on a terminal)."""
    from roadmap.load.assessments import load_assessment
    from roadmap.present.progress import progress_bar

    with progress_bar() as progress:
        return load_assessment(file, str(file), criteria_root(ctx), trust=trust(ctx), progress=progress)


def output_language(flag: str | None, loaded: Sequence[LoadedAssessment], *, as_json: bool = False) -> str:
    """The language of what a command prints or writes: `--lang`, else the `lang:` of the (newest)
    assessment, else English. `--json` is always English: its keys and rule strings are a stable
    interface that programs read."""
    from roadmap.i18n import SOURCE

    if as_json:
        if flag is not None and flag != SOURCE:
            raise UsageError(f"--json is always in English (programs read it); give --lang {flag} without --json")
        return SOURCE
    return flag or (loaded[-1].assessment.lang if loaded else None) or SOURCE


def in_language(ctx: click.Context, la: LoadedAssessment, lang: str) -> LoadedAssessment:
    """`la` with its catalog as read in `lang`: its translation, checked and in force
    (`roadmap.load.translations`), or the English catalog when its version has none."""
    return replace(la, catalog=catalog_in_language(ctx, la.catalog, lang))


def catalog_in_language(ctx: click.Context, catalog: Catalog, lang: str) -> Catalog:
    """`catalog` as read in `lang` (`in_language`)."""
    from roadmap.i18n import SOURCE

    if lang == SOURCE:  # the catalog's own language: no translation to read, nor its modules to import
        return catalog
    from roadmap.load.translations import read_in

    return read_in(criteria_root(ctx), catalog, lang, trust(ctx))


def criterion_named(catalog: Catalog, given: str) -> Criterion:
    """The criterion of `catalog` that a person means by the id `given`: case aside, and with the
    leading zero they may leave out (`per-4` → PER-04). None matches: a UsageError that suggests the
    closest id (`roadmap.load.ids`, which the validator's "did you mean" uses too)."""
    from roadmap.load.ids import find_id, suggest_id

    found = find_id(given, catalog.by_id)
    if found is not None:
        return catalog.by_id[found]
    close = suggest_id(given, catalog.by_id)
    raise UsageError(f"no criterion {given} in {catalog.ref}" + (f"; did you mean {close}?" if close else ""))
