"""What a report may read while it is rendered: files inside the template folders, and the chart
images the report itself generated. Nothing else — no network, no file elsewhere on the machine.

WeasyPrint fetches every stylesheet, image and font a document names through one "URL fetcher".
Ours decides each URL with `allow` and refuses the rest by raising `FetchRefused`, which stops the
rendering (a refused fetch is an error the user sees, never a silently missing image).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from roadmap.errors import UsageError


class FetchRefused(UsageError):
    """A template named a resource outside what a report may read (exit code 2)."""


def _digest(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()


class FetchPolicy:
    """Files inside `folders` (real paths, regular files only) and exactly the `data:` images given."""

    def __init__(self, folders: Iterable[Path], data_images: Iterable[str] = ()) -> None:
        self.folders = tuple(os.path.realpath(f) for f in folders)
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
        inside = any(os.path.commonpath([real, folder]) == folder for folder in self.folders)
        if not inside:
            link = f" (it leads to {real})" if real != os.path.normpath(path) else ""
            raise FetchRefused(f"refused to read {_short(url)}{link}: only files inside the template "
                               f"folders ({', '.join(self.folders)}) may be read")
        try:
            mode = os.stat(real).st_mode
        except OSError as exc:
            raise FetchRefused(f"cannot read {_short(url)}: {exc.strerror}") from None
        if not stat.S_ISREG(mode):
            raise FetchRefused(f"refused to read {_short(url)}: not a regular file")
        return real


def _short(url: str) -> str:
    limit = 60 if url.lower().startswith("data:") else 300
    return url if len(url) <= limit else url[:limit - 3] + "..."


def weasyprint_fetcher(policy: FetchPolicy) -> Any:
    """A WeasyPrint URL fetcher that applies `policy` (WeasyPrint is imported here, not at start)."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class _Refused(FatalURLFetchingError):  # type: ignore[misc]
        """Carries the refusal through WeasyPrint, which catches every `Exception` a fetch raises."""

        def __init__(self, error: FetchRefused) -> None:
            super().__init__(str(error))
            self.error = error

    class RestrictedFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(fail_on_errors=True, allow_redirects=False)

        def fetch(self, url: str, headers: Any = None) -> Any:
            try:
                real = policy.allow(url)
            except FetchRefused as exc:
                raise _Refused(exc) from None
            if real is None:
                return super().fetch(url, headers)  # our own data: image, decoded by urllib
            with open(real, "rb") as fh:
                body = fh.read()
            return URLFetcherResponse(url, body, {"Content-Type": _content_type(real)})

    return RestrictedFetcher(), _Refused


_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
          ".jpeg": "image/jpeg", ".gif": "image/gif", ".woff": "font/woff", ".woff2": "font/woff2",
          ".ttf": "font/ttf", ".otf": "font/otf", ".html": "text/html"}


def _content_type(path: str) -> str:
    return _TYPES.get(os.path.splitext(path)[1].lower(), "application/octet-stream")


# -- standalone HTML ------------------------------------------------------------------------------

_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.IGNORECASE | re.DOTALL)
_FETCHING = {"img": ("src", "srcset"), "image": ("href", "xlink:href"), "script": ("src",),
             "link": ("href",), "iframe": ("src",), "frame": ("src",), "embed": ("src",),
             "object": ("data",), "source": ("src", "srcset"), "video": ("src", "poster"),
             "audio": ("src",), "track": ("src",), "input": ("src",), "use": ("href", "xlink:href")}


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.scripts = 0
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
        self._in_style = tag == "style"
        for name, value in attrs:
            if value is None:
                continue
            if name in _FETCHING.get(tag, ()):
                self.urls.extend(v.strip().split(" ")[0] for v in value.split(",")) \
                    if name == "srcset" else self.urls.append(value.strip())
            elif name == "style":
                self.urls.extend(_css_urls(value))

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls.extend(_css_urls(data))


def _css_urls(css: str) -> list[str]:
    return [(m.group(2) if m.group(2) is not None else m.group(4)).strip() for m in _CSS_URL.finditer(css)]


def check_standalone_html(html: str, policy: FetchPolicy) -> None:
    """A standalone HTML report loads nothing: no scripts, and only the generated data: images."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    if scanner.scripts:
        raise FetchRefused("refused: a report may contain no <script> elements")
    for url in scanner.urls:
        if not url or url.startswith("#"):
            continue
        if url.lower().startswith("data:"):
            policy.allow(url)
            continue
        raise FetchRefused(f"refused to reference {_short(url)} in a standalone HTML report: it may "
                           "load no files or URLs (inline styles and images instead)")
