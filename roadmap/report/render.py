"""Render a report context: ONE Jinja2 environment (sandboxed, autoescape on for every template,
undefined names are errors), HTML out of it, and a PDF out of the HTML with WeasyPrint.

Templates are looked up in the organisation's folder (`--templates DIR`) first, then in the bundled
`templates/`. Both templates and everything WeasyPrint reads must be regular files inside those
folders (real paths: a symlink that leads out is refused; in the organisation's folder a file with
several hard links too); see `roadmap.report.fetch`.

A template folder may come from elsewhere, so templates run in Jinja2's immutable sandbox: no
attribute starting with `_`, no walk from a function to its globals or to `os`, no method that
changes data; and of the context's models, only their fields. Every value a template prints has
its hidden characters shown (`⟨U+202E⟩`) and, when it holds right-to-left letters, is isolated
(FSI ... PDI), so that text from an assessment can never hide words or reorder the template's own
(`roadmap.chars`).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Literal, NamedTuple

import jinja2
import pydantic
from jinja2.filters import make_attrgetter
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from roadmap import i18n, interrupts
from roadmap.bundled import bundled
from roadmap.chars import isolated, shown
from roadmap.errors import UsageError
from roadmap.gcpause import paused
from roadmap.load.files import inside
from roadmap.report.base import DocumentContext
from roadmap.report.fetch import FetchPolicy, FetchRefused, check_links, check_standalone_html, read_inside

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
    """Like jinja2.FileSystemLoader, but only regular files whose real path stays in the folders,
    opened without waiting (a FIFO), and, outside the bundled folder, with one hard link."""

    def __init__(self, folders: Sequence[Path]) -> None:
        self.folders = [os.path.realpath(f) for f in folders]
        self.bundled = os.path.realpath(bundled_templates())

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses ".." in names
        for folder in self.folders:
            path = os.path.join(folder, *pieces)
            if not os.path.lexists(path):
                continue
            real = os.path.realpath(path)
            home = next((f for f in self.folders if inside(real, f)), None)
            if home is None:
                raise FetchRefused(f"template {template}: {path} leads outside the template folders")
            data = read_inside(real, f"template {template} ({path})", several_links=home == self.bundled)
            try:
                return data.decode("utf-8"), real, lambda: True
            except UnicodeDecodeError:
                raise UsageError(f"template {template} ({path}): expected UTF-8 text") from None
        raise jinja2.TemplateNotFound(template)


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, and of pydantic models (the report contexts) only their fields and
    properties: no `model_*` method, no class, no validator."""

    def is_safe_attribute(self, obj: object, attr: str, value: object) -> bool:
        if isinstance(obj, pydantic.BaseModel) and attr not in type(obj).model_fields \
                and not isinstance(getattr(type(obj), attr, None), (property, functools.cached_property)):
            return False
        return bool(super().is_safe_attribute(obj, attr, value))


def _finalize(value: object) -> object:
    """Every printed value: hidden characters shown, right-to-left text isolated. Markup (what a
    macro or a filter made from values already finalized) is left as it is."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return isolated(shown(value))
    return value


@jinja2.pass_environment
def _join(env: jinja2.Environment, values: Iterable[object], separator: str = "", attribute: str | None = None,
          ) -> Markup:
    """`join`, with each value finalized on its own: two right-to-left names joined by ", " keep their
    order. An `attribute` is looked up through the sandbox, as Jinja2's own `join` does."""
    if attribute is not None:
        values = map(make_attrgetter(env, attribute), values)
    return Markup(escape(separator)).join(escape(_finalize(v)) for v in values)


def environment(folders: Sequence[Path]) -> jinja2.Environment:
    """The one template environment, sandboxed. Autoescape is on for every template whatever its name
    (`select_autoescape` would miss `.html.j2`), so untrusted text always stays literal text.

    Templates speak the current language (`roadmap.i18n`): `{% trans %}` blocks and `_()` through
    its message catalog, in Jinja2's "newstyle" (placeholders `%(name)s`; a literal percent sign is
    `%%`), as `babel.cfg` extracts them. A value given to a message is escaped and finalized like any
    printed value (hidden characters shown, right-to-left text isolated)."""
    env = _Sandbox(loader=_FolderLoader(folders), autoescape=True, undefined=jinja2.StrictUndefined,
                   trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=_finalize,
                   extensions=["jinja2.ext.i18n"])
    env.filters["join"] = _join
    env.newstyle_gettext = True  # type: ignore[attr-defined]  # read by the i18n extension's `{% trans %}`
    env.globals.update(gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext, npgettext=_npgettext)
    return env


def _message(text: str, variables: dict[str, object]) -> Markup:
    """A translated message (ours: markup allowed) with its values escaped and finalized."""
    return Markup(text) % {name: _finalize(value) for name, value in variables.items()}


# The templates' gettext functions, in Jinja2's newstyle calling convention, reading the language
# current when the template renders (one environment renders any language: the preview keeps one).
@jinja2.pass_context
def _gettext(_ctx: jinja2.runtime.Context, message: str, /, **variables: object) -> Markup:
    return _message(i18n.current().gettext(message), variables)


@jinja2.pass_context
def _ngettext(_ctx: jinja2.runtime.Context, singular: str, plural: str, num: int, /, **variables: object) -> Markup:
    return _message(i18n.current().ngettext(singular, plural, num), {"num": num, **variables})


@jinja2.pass_context
def _pgettext(_ctx: jinja2.runtime.Context, context: str, message: str, /, **variables: object) -> Markup:
    return _message(i18n.current().pgettext(context, message), variables)


@jinja2.pass_context
def _npgettext(_ctx: jinja2.runtime.Context, context: str, singular: str, plural: str, num: int, /,
               **variables: object) -> Markup:
    return _message(i18n.current().npgettext(context, singular, plural, num), {"num": num, **variables})


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
        holders = [(given, real) for given, real in roots if inside(filename, real)]
        if holders:
            given, real = max(holders, key=lambda h: len(h[1]))  # the deepest folder holding it
            if real != bundled:
                innermost = (given, real, filename, tb.tb_lineno)
        tb = tb.tb_next
    if innermost is None:
        return None
    given, real, filename, line = innermost
    return f"{os.path.join(given, os.path.relpath(filename, real))}:{line}"


def policy(ctx: DocumentContext, folders: Sequence[Path]) -> FetchPolicy:
    return FetchPolicy(folders, [chart.data_uri for chart in ctx.charts], trusted=bundled_templates())


def standalone_html(ctx: DocumentContext, folders: Sequence[Path]) -> bytes:
    """The report as one HTML file: styles inline, charts inline, nothing fetched when opened."""
    html = render_html(ctx, folders)
    check_standalone(html, ctx, folders)
    return html.encode("utf-8")


def check_standalone(html: str, ctx: DocumentContext, folders: Sequence[Path]) -> None:
    """Refuse (FetchRefused) HTML that would fetch anything when opened, when user templates made it
    (`user_templates`: the bundled ones are checked by the tests)."""
    if user_templates(folders):
        check_standalone_html(html, policy(ctx, folders))


def user_templates(folders: Sequence[Path]) -> bool:
    """Whether templates other than the bundled ones take part. Only they can put a script, a
    fetched resource or a link into the HTML: the bundled templates hold none, and every value they
    show is escaped (autoescape, and the sandbox). So the standalone check, which parses the whole
    HTML (about 0.13 s for the example), runs only then (tests/report/test_fetch.py checks the
    bundled templates' HTML against it)."""
    return tuple(folders) != (bundled_templates(),)


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
    return source_of(ctx, html, fonts_checked=True)


def source_of(ctx: DocumentContext, html: str, *, fonts_checked: bool = False) -> PdfSource:
    """The PDF's source for `ctx` rendered as `html`: its charts, its file identifier (from the
    inputs: the same inputs give the same PDF) and its date."""
    return PdfSource(html, tuple(chart.data_uri for chart in ctx.charts),
                     hashlib.sha256(ctx.identity().encode()).hexdigest()[:32], ctx.as_of, fonts_checked=fonts_checked)


def pdf(ctx: DocumentContext, folders: Sequence[Path]) -> bytes:
    """The report as a tagged PDF (PDF/UA-1), byte for byte the same for the same inputs: dates come
    from the assessment's as_of (<meta name=dcterms.created>), the file identifier from the inputs."""
    return pdf_from(pdf_source(ctx, folders), folders)


def pdf_from(source: PdfSource, folders: Sequence[Path]) -> bytes:
    """The PDF of a `pdf_source`."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    from roadmap.report import lean, pdfwrite, tagging
    from roadmap.report.fetch import weasyprint_fetcher

    if not source.fonts_checked:
        from roadmap.report import fonts

        fonts.check(source.html)

    tagging.install()
    lean.install()
    pdfwrite.install()
    rules = FetchPolicy(folders, source.images, trusted=bundled_templates())
    fetcher, refused = weasyprint_fetcher(rules)
    try:
        document = HTML(string=source.html, base_url=Path(folders[0]).resolve().as_uri() + "/", url_fetcher=fetcher)
        check_links(document.etree_element.iter(), rules)
        # No cyclic collection while WeasyPrint lays out and writes: it allocates millions of small
        # objects, and every full collection would walk them all again (benchmarks/levers.py). The
        # objects alive before are frozen out too; collection resumes after, so a batch frees each.
        # The layout's data goes as soon as nothing reads it (roadmap.report.lean).
        with _source_date(source.as_of), paused(freeze=True), lean.lean(), _resource_errors() as errors:
            data: bytes = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=source.identifier.encode("ascii"))
    except refused as exc:
        raise exc.error from None
    except FatalURLFetchingError as exc:
        raise UsageError(f"template resource: {exc}") from None
    interrupts.check()  # WeasyPrint catches every exception around an SVG image, ours too
    if fetcher.refused:  # caught by WeasyPrint, which went on without the resource
        raise fetcher.refused[0]
    if errors:
        raise UsageError(f"template resource: {errors[0]}")
    return data


@contextmanager
def _resource_errors() -> Iterator[list[str]]:
    """The resources WeasyPrint could not use while it rendered (an image that does not decode, a
    stylesheet that cannot be read, an SVG image that fails to draw): it logs "Failed to ..." and
    leaves them out. We fail instead: a report never goes out with a part silently missing."""
    import logging

    errors: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            if message.startswith("Failed to"):  # "Failed to load image at ...", "Failed to render SVG image ..."
                errors.append(message.rstrip(": "))

    handler = Collect(logging.ERROR)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield errors
    finally:
        logger.removeHandler(handler)


def render(ctx: DocumentContext, fmt: Format, folders: Sequence[Path]) -> bytes:
    """The document as `fmt`: a PDF, or a standalone HTML file."""
    return pdf(ctx, folders) if fmt == "pdf" else standalone_html(ctx, folders)
