"""Options and arguments that several commands share, and what they mean: `--as-of` dates, the
assessment files, `-o`, `--catalog`, `--templates`, and the checks on how they combine."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from roadmap.cli.emit import check_stdout
from roadmap.errors import UsageError

#: A click command function, or a function on its way to be one.
F = TypeVar("F", bound=Callable[..., Any])

_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def parse_date(value: str | None) -> dt.date | None:
    """The date of `--as-of`, or None when it was not given."""
    if value is None:
        return None
    day = _ISO_DAY.fullmatch(value.strip())
    try:
        return dt.date(*map(int, day.groups())) if day else dt.date.fromisoformat(value)
    except ValueError as exc:
        if day:  # the right shape, but no such day: say why
            raise click.BadParameter(f"expected a real date YYYY-MM-DD, found {value!r} ({exc})",
                                     param_hint="'--as-of'") from None
        raise click.BadParameter(f"expected a date YYYY-MM-DD, found {value!r}", param_hint="'--as-of'") from None


def as_of_option(help: str = "Score as of this date.") -> Callable[[F], F]:
    return click.option("--as-of", "as_of", default=None, metavar="DATE", help=help)


#: One assessment file (FILE), or several (FILES...).
file_argument = click.argument("file", type=click.Path(path_type=Path))
files_argument = click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))


def catalog_option(help: str = "Catalog id or id@version.") -> Callable[[F], F]:
    return click.option("--catalog", "catalog_ref", default="fvey", show_default=True, help=help)


def output_option(what: str) -> Callable[[F], F]:
    """`-o FILE` for a text output: `what` is written there, or to standard output."""
    return path_output(f"Write {what} here ('-' or none: standard output).")


def path_output(help_text: str, *, dir_okay: bool = False) -> Callable[[F], F]:
    """`-o/--output PATH` ('-': standard output), as every command that writes takes it."""
    return click.option("-o", "--output", type=click.Path(dir_okay=dir_okay, allow_dash=True, path_type=Path),
                        default=None, help=help_text)


def document_options(formats: str, default: str) -> Callable[[F], F]:
    """`--format` (`formats` says what each is), `-o` (`default`: its default path) and `--templates`
    of a command that prints text or writes a report."""
    def apply(f: F) -> F:
        f = click.option("--templates", "templates", type=click.Path(path_type=Path), default=None, metavar="DIR",
                         help="Your organisation's templates, searched before the bundled ones "
                              "(see 'roadmap report').")(f)
        f = path_output(f"The PDF/HTML report file ('-': standard output). Default: {default}")(f)
        return click.option("--format", "fmt", type=click.Choice(["text", "pdf", "html"]), default="text",
                            show_default=True, help=formats)(f)
    return apply


def check_document_flags(fmt: str, as_json: bool, output: Path | None, templates: Path | None) -> None:
    """`--json` is for the terminal, `-o` and `--templates` for a report."""
    if as_json and fmt != "text":
        raise UsageError(f"--json prints to the terminal; give it without --format {fmt}")
    if fmt == "text" and (output is not None or templates is not None):
        raise UsageError(f"{'-o' if output is not None else '--templates'} is for a report: add --format pdf or html")
    check_stdout(output, fmt)


#: Where the trust options leave their values for `roadmap.cli.inputs.trust` (click's shared ctx.meta).
ALLOWED_SIGNERS_KEY, ALLOW_UNSIGNED_KEY = "roadmap.allowed_signers", "roadmap.allow_unsigned"


def _keep(key: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def store(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        ctx.meta[key] = value
        return value
    return store


def signers_option(f: F) -> F:
    """`--allowed-signers FILE`: the keys this run trusts (docs/signing.md)."""
    return click.option("--allowed-signers", type=click.Path(dir_okay=False, path_type=Path), default=None,
                        envvar="ROADMAP_ALLOWED_SIGNERS", metavar="FILE", expose_value=False,
                        callback=_keep(ALLOWED_SIGNERS_KEY),
                        help="The keys you trust, in OpenSSH allowed-signers format (default: "
                             "allowed_signers in the criteria folder).")(f)


def trust_options(f: F) -> F:
    """`--allowed-signers FILE` and `--allow-unsigned`, of every command that uses a catalog."""
    f = click.option("--allow-unsigned", is_flag=True, expose_value=False, callback=_keep(ALLOW_UNSIGNED_KEY),
                     help="Use a catalog release that both sides have not (validly) signed; said on the "
                          "first line and in the report.")(f)
    return signers_option(f)


def _language(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    from roadmap.i18n import check_code

    why = None if value is None else check_code(value)
    if why:
        raise click.BadParameter(why, param_hint="'--lang'")
    return value


def lang_option(f: F) -> F:
    """`--lang LANG`: the language of what people read (docs/i18n.md)."""
    return click.option("--lang", "lang", default=None, metavar="LANG", callback=_language,
                        help="The language of the output: en or ja (default: the assessment's lang:, else en). "
                             "Figures never change; --json is always English.")(f)


def catalog_lang_option(f: F) -> F:
    """`--lang LANG` of a command that reads no assessment (`roadmap criteria ...`): English by default."""
    return click.option("--lang", "lang", default=None, metavar="LANG", callback=_language,
                        help="The language of the output: en or ja (default: en); the catalog's text from its "
                             "signed translation. Figures never change; --json is always English.")(f)
