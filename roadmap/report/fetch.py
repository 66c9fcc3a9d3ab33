"""What a report may read while it is rendered: files inside the template folders, and the chart
images the report itself generated. Nothing else — no network, no file elsewhere on the machine.

WeasyPrint fetches every stylesheet, image and font a document names through one "URL fetcher".
Ours decides each URL with `FetchPolicy.allow` and refuses the rest. WeasyPrint catches what a fetch
raises in some places (an image inside an SVG image is then left out, with a line in its log), so
every refusal is also kept, and the render fails with the first one afterwards: a refused resource
is an error the user sees (exit 2), never a silently missing image.

A file is read only when its real path (links resolved) is inside a template folder, and it is a
regular file opened without waiting (a FIFO there does not hang the render). In the user's own
folder (`--templates DIR`, which may come from elsewhere) a file with several hard links is refused
too: a hard link to a file outside the folder looks like a file inside it.

A standalone HTML report (`check_standalone_html`) loads nothing at all when it is opened: it is
parsed with an HTML5 parser (tinyhtml5) and its CSS with a CSS tokenizer (tinycss2), both
WeasyPrint's own, and checked element by element: no scripts, frames, objects, `<base>`, `<link>`
or SVG animations; no event handlers; no `<meta http-equiv>`; every attribute that loads something
(`src`, `srcset`, `background`, `poster`, `data`, an SVG `href`, ...) and every URL in CSS (`url()`,
`src()`, `image-set()`, `@import`, however escaped) is either a fragment (`#id`) or a generated image;
links (`<a href>`) are fragments or http(s)/mailto URLs, never `javascript:`.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from roadmap.errors import UsageError
from roadmap.load.files import inside


class FetchRefused(UsageError):
    """A template named a resource outside what a report may read (exit code 2)."""


def _digest(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()


#: Largest resource (stylesheet, image, font) a template folder may give a report.
MAX_RESOURCE_BYTES = 20 * 1024 * 1024
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


class FetchPolicy:
    """Files inside `folders` (real paths, regular files only; no hard links in any but `trusted`,
    the bundled templates) and exactly the `data:` images given."""

    def __init__(self, folders: Iterable[Path], data_images: Iterable[str] = (), trusted: Path | None = None) -> None:
        self.folders = tuple(os.path.realpath(f) for f in folders)
        self.trusted = os.path.realpath(trusted) if trusted is not None else None
        self._data = {_digest(u) for u in data_images}

    def allow(self, url: str) -> str | None:
        """The real path of a file `url` may read, None for an allowed generated image; else refuse."""
        scheme = urlsplit(url).scheme.lower() if ":" in url else ""
        if scheme == "data":
            if _digest(url) in self._data and url.startswith("data:image/"):
                return None
            raise FetchRefused(f"refused to read {_short(url)}: only images the report generates "
                               "may be embedded as data: URIs")
        if scheme != "file":
            raise FetchRefused(f"refused to fetch {_short(url)}: a report reads no network or other "
                               "URLs, only files inside the template folders")
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise FetchRefused(f"refused to read {_short(url)}: a file on another host")
        path = unquote(parts.path)
        real = os.path.realpath(path)
        if self.folder_of(real) is None:
            link = f" (it leads to {real})" if real != os.path.normpath(path) else ""
            raise FetchRefused(f"refused to read {_short(url)}{link}: only files inside the template "
                               f"folders ({', '.join(self.folders)}) may be read")
        return real

    def folder_of(self, real: str) -> str | None:
        """The template folder holding the real path `real`, or None."""
        return next((f for f in self.folders if inside(real, f)), None)

    def read(self, real: str, shown: str) -> bytes:
        """The content of the file at real path `real` (inside a template folder), refusing what is
        not a plain file of its own; `shown` names it in messages."""
        folder = self.folder_of(real)
        if folder is None:
            raise FetchRefused(f"refused to read {shown}: only files inside the template folders may be read")
        return read_inside(real, shown, several_links=folder == self.trusted)


def read_inside(real: str, shown: str, *, several_links: bool) -> bytes:
    """A regular file's content, opened without following a link or waiting (a FIFO); with
    `several_links` False, a file with more than one hard link is refused."""
    try:
        fd = os.open(real, _OPEN_FLAGS)
    except OSError as exc:
        raise FetchRefused(f"cannot read {shown}: {exc.strerror}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise FetchRefused(f"refused to read {shown}: not a regular file")
        if st.st_nlink > 1 and not several_links:
            raise FetchRefused(f"refused to read {shown}: it has {st.st_nlink} hard links, and a hard link can "
                               "make a file outside the template folder look like one inside it; copy it instead")
        if st.st_size > MAX_RESOURCE_BYTES:
            raise FetchRefused(f"refused to read {shown}: {st.st_size:,} bytes, more than the "
                               f"{MAX_RESOURCE_BYTES:,} a template file may have")
        os.set_blocking(fd, True)
        with os.fdopen(os.dup(fd), "rb") as fh:
            return fh.read(MAX_RESOURCE_BYTES + 1)[:MAX_RESOURCE_BYTES]
    except OSError as exc:
        raise FetchRefused(f"cannot read {shown}: {exc.strerror}") from None
    finally:
        os.close(fd)


def _short(url: str) -> str:
    limit = 60 if url.lower().startswith("data:") else 300
    return url if len(url) <= limit else url[:limit - 3] + "..."


def weasyprint_fetcher(policy: FetchPolicy) -> Any:
    """A WeasyPrint URL fetcher that applies `policy` (WeasyPrint is imported here, not at start).
    Its `refused` lists every refusal, including those WeasyPrint caught and went on without."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class _Refused(FatalURLFetchingError):  # type: ignore[misc]
        """Carries the refusal through WeasyPrint, which catches every `Exception` a fetch raises."""

        def __init__(self, error: FetchRefused) -> None:
            super().__init__(str(error))
            self.error = error

    class RestrictedFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(fail_on_errors=True, allow_redirects=False)
            self.refused: list[FetchRefused] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            try:
                real = policy.allow(url)
                if real is None:
                    return super().fetch(url, headers)  # our own data: image, decoded by urllib
                body = policy.read(real, _short(url))
            except FetchRefused as exc:
                self.refused.append(exc)
                raise _Refused(exc) from None
            return URLFetcherResponse(url, body, {"Content-Type": _content_type(real)})

    return RestrictedFetcher(), _Refused


_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
          ".jpeg": "image/jpeg", ".gif": "image/gif", ".woff": "font/woff", ".woff2": "font/woff2",
          ".ttf": "font/ttf", ".otf": "font/otf", ".html": "text/html"}


def _content_type(path: str) -> str:
    return _TYPES.get(os.path.splitext(path)[1].lower(), "application/octet-stream")


# -- standalone HTML ------------------------------------------------------------------------------

#: Elements that run code, load another document or redirect: refused in a report, whatever they hold.
_REFUSED_ELEMENTS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link", "portal",
                     "animate", "set", "animatemotion", "animatetransform", "handler", "listener"}
#: Attributes whose value is a URL that is loaded when the page is shown (or, for `ping`, clicked).
_RESOURCE_ATTRIBUTES = {"src", "srcset", "imagesrcset", "background", "poster", "data", "cite", "longdesc", "lowsrc",
                        "dynsrc", "manifest", "codebase", "archive", "classid", "usemap", "profile", "icon", "code",
                        "ping", "href"}
#: Attributes whose value is a URL followed when the reader clicks: links, form targets.
_LINK_ATTRIBUTES = {"href", "action", "formaction"}
_LINK_ELEMENTS = {"a", "area", "form", "button", "input"}
_LINK_SCHEMES = {"http", "https", "mailto"}
#: CSS functions whose string arguments are URLs that are loaded.
_CSS_URL_FUNCTIONS = {"url", "src"}
_CSS_IMAGE_FUNCTIONS = {"image-set", "-webkit-image-set", "image", "cross-fade", "-webkit-cross-fade"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
#: What a browser drops from a URL before reading it (WHATWG URL: tab and newline anywhere,
#: C0 controls and spaces at the ends), so that `jav&#x09;ascript:` is seen as `javascript:`.
_URL_NOISE = re.compile(r"[\t\n\r]|^[\x00-\x20]+|[\x00-\x20]+$")


def _clean_url(value: str) -> str:
    return _URL_NOISE.sub("", value)


def _local(name: str) -> str:
    """`{http://www.w3.org/1999/xlink}href` → `href`, `{...svg}feImage` → `feImage`."""
    return name.rsplit("}", 1)[-1]


class _Checker:
    """Checks one parsed HTML document against what a standalone report may hold."""

    def __init__(self, policy: FetchPolicy, what: str = "a standalone HTML report") -> None:
        self.policy = policy
        self.what = what

    def element(self, el: Any) -> None:
        tag = _local(el.tag) if isinstance(el.tag, str) else ""
        if tag.lower() in _REFUSED_ELEMENTS:
            raise FetchRefused(f"refused: a standalone HTML report may hold no <{tag}> element (it would run code "
                               "or load another document)")
        if tag == "meta" and any(_local(a).lower() == "http-equiv" for a in el.attrib):
            raise FetchRefused(f"refused: <meta http-equiv=\"{_short(el.attrib.get('http-equiv', ''))}\">: a "
                               "standalone HTML report may not redirect or set headers")
        svg = isinstance(el.tag, str) and el.tag.startswith("{http://www.w3.org/2000/svg}")
        for name, value in el.attrib.items():
            self.attribute(tag, _local(name).lower(), value, svg=svg)
        if tag.lower() == "style" and el.text:
            self.stylesheet(el.text, "<style>")

    def attribute(self, tag: str, name: str, value: str, *, svg: bool) -> None:
        where = f"<{tag} {name}>"
        if name.startswith("on"):
            raise FetchRefused(f"refused: {where}: a standalone HTML report may hold no scripts or event handlers")
        if name == "srcdoc":
            raise FetchRefused(f"refused: {where}: a standalone HTML report may embed no other document")
        if name in _LINK_ATTRIBUTES and tag.lower() in _LINK_ELEMENTS:
            self.link(value, where)
        elif name in ("srcset", "imagesrcset"):
            for url in _srcset_urls(value):
                self.url(url, where)
        elif name in _RESOURCE_ATTRIBUTES:
            self.url(value, where)
        elif name == "style" or (svg and "(" in value):
            self.css(value, where)

    def link(self, value: str, where: str) -> None:
        url = _clean_url(value)
        scheme = _SCHEME.match(url)
        if not url or url.startswith("#") or (scheme and scheme.group(1).lower() in _LINK_SCHEMES):
            return
        raise FetchRefused(f"refused the link {_short(url)} ({where}) in {self.what}: a link may be a fragment "
                           "(#...) or an http(s) or mailto URL")

    def url(self, value: str, where: str) -> None:
        url = _clean_url(value)
        if not url or url.startswith("#"):
            return
        if url.lower().startswith("data:"):
            self.policy.allow(url)
            return
        raise FetchRefused(f"refused to reference {_short(url)} in a standalone HTML report ({where}): it may "
                           "load no files or URLs (inline styles and images instead)")

    def stylesheet(self, css: str, where: str) -> None:
        import tinycss2

        self.tokens(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), where)

    def css(self, css: str, where: str) -> None:
        import tinycss2

        self.tokens(tinycss2.parse_component_value_list(css, skip_comments=True), where)

    def tokens(self, nodes: Iterable[Any], where: str) -> None:
        for node in nodes:
            self.token(node, where)

    def token(self, node: Any, where: str) -> None:
        kind = node.type
        if kind == "url":
            self.url(node.value, where)
        elif kind == "function":
            self.function(node, where)
        elif kind in ("() block", "[] block", "{} block"):
            self.tokens(node.content, where)
        elif _is_import(node):
            raise FetchRefused(f"refused: @import in a standalone HTML report ({where}): it may load no stylesheet")
        elif kind in ("at-rule", "qualified-rule"):
            self.tokens(node.prelude, where)
            self.tokens(node.content or (), where)
        elif kind == "declaration":
            self.tokens(node.value, where)
        elif kind == "error":
            raise FetchRefused(f"refused: CSS that cannot be read ({where}: {node.message}) in a standalone "
                               "HTML report")

    def function(self, node: Any, where: str) -> None:
        name = node.lower_name
        if name in _CSS_URL_FUNCTIONS or name in _CSS_IMAGE_FUNCTIONS:
            for arg in node.arguments:
                if arg.type == "string":
                    self.url(arg.value, f"{where} {name}()")
                elif arg.type == "function" and arg.lower_name in ("var", "env", "attr"):
                    raise FetchRefused(f"refused: {name}({arg.lower_name}(...)) in a standalone HTML report "
                                       f"({where}): a URL built at display time cannot be checked")
        if name == "expression" or (name == "attr" and any(a.type == "ident" and a.lower_value == "url"
                                                            for a in node.arguments)):
            raise FetchRefused(f"refused: {name}() in a standalone HTML report ({where}): it may run code or "
                               "build a URL at display time")
        self.tokens(node.arguments, where)


def _srcset_urls(value: str) -> list[str]:
    """The URLs of a `srcset` (HTML's "parse a srcset attribute": a URL runs to white space, and a
    comma ends a candidate only after it, so `data:` URLs keep their commas)."""
    urls, i, n = [], 0, len(value)
    while i < n:
        while i < n and (value[i].isspace() or value[i] == ","):
            i += 1
        start = i
        while i < n and not value[i].isspace():
            i += 1
        url = value[start:i]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            depth = 0
            while i < n and (value[i] != "," or depth):  # the descriptors, to the comma that ends them
                depth += {"(": 1, ")": -1}.get(value[i], 0)
                i += 1
        if url:
            urls.append(url)
    return urls


def _is_import(node: Any) -> bool:
    """`@import`, as a rule or as a keyword anywhere in a list of tokens."""
    if node.type == "at-rule":
        return bool(node.lower_at_keyword == "import")
    return bool(node.type == "at-keyword" and node.lower_value == "import")


def check_standalone_html(html: str, policy: FetchPolicy) -> None:
    """A standalone HTML report loads nothing: no scripts, and only the generated data: images."""
    import tinyhtml5

    checker = _Checker(policy)
    for el in tinyhtml5.parse(html).iter():
        checker.element(el)


def check_links(elements: Iterable[Any], policy: FetchPolicy) -> None:
    """The links of a document's elements (a parsed tree's `iter()`): fragments or http(s)/mailto
    URLs only, so that a PDF carries no `javascript:` or `file:` link."""
    checker = _Checker(policy, "a report")
    for el in elements:
        tag = _local(el.tag).lower() if isinstance(el.tag, str) else ""
        if tag in _LINK_ELEMENTS:
            for name, value in el.attrib.items():
                if _local(name).lower() in _LINK_ATTRIBUTES:
                    checker.link(value, f"<{tag} {_local(name).lower()}>")

