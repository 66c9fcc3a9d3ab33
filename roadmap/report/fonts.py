"""Whether the installed fonts can draw every character of a document, checked before its PDF is
written: a character no font has would be printed as an empty box, silently.

WeasyPrint draws text with Pango, which takes each character from the first font of the CSS font
stack that has it, and otherwise from any installed font fontconfig offers. So a character can be
drawn when some installed font has it in its character map. fontconfig keeps every installed
font's character map (read from the font's `cmap` table, cached): `fc-list` prints them all in
about 30 ms, where reading the same tables with fontTools would take seconds for the CJK fonts.
The tests check the result the other way round, with fontTools on the fonts embedded in the PDF.

A character no installed font has stops the PDF (exit 2, nothing written), naming the character,
the first field of the document's context that holds it, and the Debian package of a font that
has it (docs/i18n.md).
"""

from __future__ import annotations

import bisect
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser

from pydantic import BaseModel

from roadmap.errors import UsageError

#: Unicode ranges and the Debian package of a font that covers them (fonts-noto-core for the rest).
_PACKAGES: tuple[tuple[int, int, str], ...] = (
    (0x1100, 0x11FF, "fonts-noto-cjk"),    # Hangul Jamo
    (0x2E80, 0x2FDF, "fonts-noto-cjk"),    # CJK radicals
    (0x3000, 0x33FF, "fonts-noto-cjk"),    # CJK symbols and punctuation, kana, CJK compatibility
    (0x3400, 0x4DBF, "fonts-noto-cjk"),    # CJK unified ideographs extension A
    (0x4E00, 0x9FFF, "fonts-noto-cjk"),    # CJK unified ideographs
    (0xA960, 0xA97F, "fonts-noto-cjk"),    # Hangul Jamo extended A
    (0xAC00, 0xD7FF, "fonts-noto-cjk"),    # Hangul syllables
    (0xF900, 0xFAFF, "fonts-noto-cjk"),    # CJK compatibility ideographs
    (0xFE30, 0xFE4F, "fonts-noto-cjk"),    # CJK compatibility forms
    (0xFF00, 0xFFEF, "fonts-noto-cjk"),    # half-width and full-width forms
    (0x2600, 0x27BF, "fonts-noto-color-emoji"),  # symbols and dingbats
    (0x1F000, 0x1FAFF, "fonts-noto-color-emoji"),
    (0x20000, 0x3FFFF, "fonts-noto-cjk"),  # CJK unified ideographs extensions B-H
)
#: Characters no font needs to draw: controls, formats (zero-width joiners, variation selectors'
#: neighbours, the BOM), separators, and the variation selectors themselves.
_NOT_DRAWN = {"Cc", "Cf", "Zl", "Zp", "Mn"}


def package_for(ch: str) -> str:
    """The Debian package of a font that has `ch`."""
    cp = ord(ch)
    return next((pkg for lo, hi, pkg in _PACKAGES if lo <= cp <= hi), "fonts-noto-core")


class Coverage:
    """The characters some installed font has: sorted, merged ranges of code points."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for lo, hi in sorted(ranges):
            if merged and lo <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
            else:
                merged.append((lo, hi))
        self._starts = [lo for lo, _hi in merged]
        self._ranges = merged

    def __contains__(self, ch: object) -> bool:
        if not isinstance(ch, str) or len(ch) != 1:
            return False
        cp = ord(ch)
        i = bisect.bisect_right(self._starts, cp) - 1
        return i >= 0 and self._ranges[i][0] <= cp <= self._ranges[i][1]

    @classmethod
    def parse(cls, text: str) -> Coverage:
        """fontconfig's charsets as `fc-list --format '%{charset}'` prints them: hex code points and
        ranges (`20-7e a0 3000-30ff`), one font per line."""
        ranges = []
        for token in text.split():
            lo, _sep, hi = token.partition("-")
            ranges.append((int(lo, 16), int(hi or lo, 16)))
        return cls(ranges)


@cache
def installed() -> Coverage:
    """What the installed fonts cover, asked of fontconfig once per process."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise UsageError("cannot check that the installed fonts cover the report's text: fc-list was not found "
                         "(install fontconfig: sudo apt-get install fontconfig); nothing was written")
    out = subprocess.run([fc_list, "--format", "%{charset}\n"], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise UsageError(f"cannot check that the installed fonts cover the report's text: fc-list failed "
                         f"({out.stderr.strip() or out.returncode}); nothing was written")
    return Coverage.parse(out.stdout)


class _Text(HTMLParser):
    """Every piece of text of an HTML document: element text, styles (their `content` strings) and title."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def first_uncovered(text: str, coverage: Coverage) -> str | None:
    """The first character of `text` that is drawn and that no installed font has, else None."""
    for ch in dict.fromkeys(text):  # each character once, in order of first appearance
        if ch.isspace() or unicodedata.category(ch) in _NOT_DRAWN or ch in coverage:
            continue
        return ch
    return None


def _strings(value: object, path: str = "") -> Iterator[tuple[str, str]]:
    """Every text of a context with its dotted path (`cover.notes`, `gaps.rows[3].title`)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name != "data_uri":  # a generated image, not text
                yield from _strings(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")


def check(html: str, context: BaseModel | None = None) -> None:
    """Raise UsageError (exit 2) naming the first character of the document that no installed font
    has, the first field of `context` that holds it, and a font package that has it."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    ch = first_uncovered("".join(parser.parts), installed())
    if ch is None:
        return
    field = next((path for path, text in _strings(context) if ch in text), None) if context is not None else None
    where = f"first in {field}" if field else "in the report's own words"
    package = package_for(ch)
    name = unicodedata.name(ch, "unnamed")
    raise UsageError(f"cannot write the PDF: no installed font has the character {ch} (U+{ord(ch):04X} {name}), "
                     f"{where}; install a font that has it, such as Debian's {package} (sudo apt-get install "
                     f"{package}), and run it again; nothing was written")
