"""Render a report context: ONE Jinja2 environment (autoescape on for every template, undefined
names are errors), HTML out of it, and a PDF out of the HTML with WeasyPrint.

Templates are looked up in the organisation's folder (`--templates DIR`) first, then in the bundled
`templates/`. Both templates and everything WeasyPrint reads must be regular files inside those
folders (real paths: a symlink that leads out is refused); see `roadmap.report.fetch`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Literal, NamedTuple

import jinja2
from jinja2.loaders import split_template_path

from roadmap import i18n
from roadmap.bundled import bundled
from roadmap.errors import UsageError
from roadmap.gcpause import paused
from roadmap.report.base import DocumentContext
from roadmap.report.fetch import FetchPolicy, FetchRefused, check_standalone_html

#: What a document is rendered as: a tagged PDF, or one standalone HTML file.
Format = Literal["pdf", "html"]


def bundled_templates() -> Path:
    """The bundled templates: the source tree's `templates/`, else the installed wheel's copy."""
    return bundled("templates")


def template_folders(override: Path | None) -> tuple[Path, ...]:
    """The folders templates come from, searched in order: the override (if any), then the bundled."""
    bundled = bundled_templates()
    if override is None:
        return (bundled,)
    if not override.is_dir():
        raise UsageError(f"--templates {override}: not a folder")
    return (override, bundled)


class _FolderLoader(jinja2.BaseLoader):
    """Like jinja2.FileSystemLoader, but only regular files whose real path stays in the folders."""

    def __init__(self, folders: Sequence[Path]) -> None:
        self.folders = [os.path.realpath(f) for f in folders]

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses ".." in names
        for folder in self.folders:
            path = os.path.join(folder, *pieces)
            if not os.path.lexists(path):
                continue
            real = os.path.realpath(path)
            if not any(os.path.commonpath([real, f]) == f for f in self.folders):
                raise FetchRefused(f"template {template}: {path} leads outside the template folders")
            if not stat.S_ISREG(os.stat(real).st_mode):
                raise FetchRefused(f"template {template}: {path} is not a regular file")
            with open(real, encoding="utf-8") as fh:
                return fh.read(), real, lambda: True
        raise jinja2.TemplateNotFound(template)


def environment(folders: Sequence[Path]) -> jinja2.Environment:
    """The one template environment. Autoescape is on for every template whatever its name
    (`select_autoescape` would miss `.html.j2`), so untrusted text always stays literal text.

    Templates speak the current language (`roadmap.i18n`): `{% trans %}` blocks and `_()` through
    its message catalog, in Jinja2's "newstyle" (placeholders `%(name)s`, filled and escaped by
    Jinja2; a literal percent sign is `%%`), as `babel.cfg` extracts them."""
    env = jinja2.Environment(loader=_FolderLoader(folders), autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             extensions=["jinja2.ext.i18n"])
    install = env.install_gettext_translations  # type: ignore[attr-defined]  # added by the i18n extension
    install(_CurrentLanguage(), newstyle=True)
    return env


class _CurrentLanguage:
    """The messages of the language current when a template is rendered (`roadmap.i18n.use`), so
    that one environment (the preview keeps one) renders any language."""

    def gettext(self, message: str) -> str:
        return i18n.current().gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return i18n.current().ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return i18n.current().pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return i18n.current().npgettext(context, singular, plural, n)


def render_html(ctx: DocumentContext, folders: Sequence[Path]) -> str:
    env = environment(folders)
    try:
        template = env.get_template(ctx.template)
        # Each context field is a top-level name: `cover.partner`, `gaps.rows`, ...
        return template.render(dict(ctx))
    except jinja2.TemplateNotFound as exc:
        raise UsageError(f"template {exc.name} not found in {', '.join(map(str, folders))}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise UsageError(f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        where = _user_template_frame(exc, folders)
        raise UsageError(f"{where + ': ' if where else ''}template error: {exc.message}") from None
    except UsageError:
        raise  # a template or resource refused (FetchRefused): already a message for the user
    except Exception as exc:  # an error in the user's own template is their input error
        where = _user_template_frame(exc, folders)
        if where is None:
            raise  # in a bundled template: a bug in roadmap
        raise UsageError(f"{where}: template error: {exc}") from None


def _user_template_frame(exc: BaseException, folders: Sequence[Path]) -> str | None:
    """`file:line` of the innermost frame of `exc`'s traceback in one of the user's templates
    (`--templates`), else None. A user's template on the way to the error makes it the user's, even
    when it surfaces in a bundled partial that the user's template included with its own data.
    Jinja2 rewrites tracebacks so that each template's code appears with the template's file name
    (the loader's real path) and line."""
    bundled = os.path.realpath(bundled_templates())
    roots = [(str(f), os.path.realpath(f)) for f in folders]
    innermost: tuple[str, str, str, int] | None = None  # (given folder, real folder, file, line)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        holders = [(given, real) for given, real in roots if _inside(filename, real)]
        if holders:
            given, real = max(holders, key=lambda h: len(h[1]))  # the deepest folder holding it
            if real != bundled:
                innermost = (given, real, filename, tb.tb_lineno)
        tb = tb.tb_next
    if innermost is None:
        return None
    given, real, filename, line = innermost
    return f"{os.path.join(given, os.path.relpath(filename, real))}:{line}"


def _inside(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # different drives, or one relative and one absolute
        return False


def policy(ctx: DocumentContext, folders: Sequence[Path]) -> FetchPolicy:
    return FetchPolicy(folders, [chart.data_uri for chart in ctx.charts])


def standalone_html(ctx: DocumentContext, folders: Sequence[Path]) -> bytes:
    """The report as one HTML file: styles inline, charts inline, nothing fetched when opened."""
    html = render_html(ctx, folders)
    check_standalone_html(html, policy(ctx, folders))
    return html.encode("utf-8")


@contextmanager
def _source_date(as_of: str) -> Iterator[None]:
    """Font subsets carry a "modified" time; fontTools takes it from SOURCE_DATE_EPOCH (the
    reproducible-builds convention) when set, else from the clock. Pin it to the as-of date."""
    when = dt.datetime.combine(dt.date.fromisoformat(as_of), dt.time(), tzinfo=dt.UTC)
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(when.timestamp()))
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


class PdfSource(NamedTuple):
    """What WeasyPrint needs to make a document's PDF, without the document itself: its HTML, the
    generated images the HTML may embed (`data:` URIs), the PDF file identifier and the as-of date.
    Small to pickle, so that another process can make the PDF (`roadmap.report`'s parallel mode).
    `fonts_checked`: the installed fonts were found to cover its text (`roadmap.report.fonts`)."""

    html: str
    images: tuple[str, ...]
    identifier: str
    as_of: str
    fonts_checked: bool = False


def pdf_source(ctx: DocumentContext, folders: Sequence[Path]) -> PdfSource:
    """The PDF's source, once the installed fonts are found to cover every character of its text
    (else UsageError naming the character and the context field holding it)."""
    from roadmap.report import fonts

    html = render_html(ctx, folders)
    fonts.check(html, ctx)
    return PdfSource(html, tuple(chart.data_uri for chart in ctx.charts),
                     hashlib.sha256(ctx.identity().encode()).hexdigest()[:32], ctx.as_of, fonts_checked=True)


def pdf(ctx: DocumentContext, folders: Sequence[Path]) -> bytes:
    """The report as a tagged PDF (PDF/UA-1), byte for byte the same for the same inputs: dates come
    from the assessment's as_of (<meta name=dcterms.created>), the file identifier from the inputs."""
    return pdf_from(pdf_source(ctx, folders), folders)


def pdf_from(source: PdfSource, folders: Sequence[Path]) -> bytes:
    """The PDF of a `pdf_source`."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    from roadmap.report.fetch import weasyprint_fetcher

    if not source.fonts_checked:
        from roadmap.report import fonts

        fonts.check(source.html)

    fetcher, refused = weasyprint_fetcher(FetchPolicy(folders, source.images))
    try:
        document = HTML(string=source.html, base_url=Path(folders[0]).resolve().as_uri() + "/", url_fetcher=fetcher)
        # No cyclic collection while WeasyPrint lays out and writes: it allocates millions of small
        # objects, and every full collection would walk them all again (benchmarks/levers.py). The
        # objects alive before are frozen out too; collection resumes after, so a batch frees each.
        with _source_date(source.as_of), paused(freeze=True):
            data: bytes = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=source.identifier.encode("ascii"))
    except refused as exc:
        raise exc.error from None
    except FatalURLFetchingError as exc:
        raise UsageError(f"template resource: {exc}") from None
    return data


def render(ctx: DocumentContext, fmt: Format, folders: Sequence[Path]) -> bytes:
    """The document as `fmt`: a PDF, or a standalone HTML file."""
    return pdf(ctx, folders) if fmt == "pdf" else standalone_html(ctx, folders)
