"""The message catalogs, kept in step with the code: `python -m tests.messages` extracts every
message from the Python code and the templates (with Babel, as `babel.cfg` maps them), writes the
template `roadmap/locales/roadmap.pot`, and merges it into each translation
`roadmap/locales/<lang>/LC_MESSAGES/roadmap.po`: a new message arrives untranslated, a changed one
as a fuzzy guess (gettext shows the English for both), a removed one is dropped.
`tests/test_messages.py` then fails, naming the message, until every one is translated.

The keywords are the package's translation functions and what extraction reads of their arguments:
`_(message)`, `N_(message)`, `ngettext(singular, plural, n)`, `roadmap.words.count(n, singular,
plural)` and `roadmap.report.base.noun(n, singular, plural)`.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
LOCALES = REPO / "roadmap" / "locales"
TEMPLATE = LOCALES / "roadmap.pot"
KEYWORDS = {**DEFAULT_KEYWORDS, "count": (2, 3), "noun": (2, 3)}
#: Comments in the code that start with this are passed to translators (`# TRANSLATORS: ...`).
COMMENT_TAGS = ("TRANSLATORS:",)


def extract() -> Catalog:
    """Every message of the code and templates, with where it is used (file names, no lines, so that
    moving code does not touch the catalogs)."""
    with (REPO / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)  # type: ignore[no-untyped-call]
    catalog = Catalog(project="roadmap", domain="roadmap", charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
            str(REPO), method_map, options_map, keywords=KEYWORDS, comment_tags=COMMENT_TAGS,
            strip_comment_tags=True):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def po_files() -> list[Path]:
    return sorted(LOCALES.glob("*/LC_MESSAGES/roadmap.po"))


def read(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=path.parent.parent.name.replace("-", "_"), domain="roadmap")


def dump(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    # No line numbers, no dates: the files change only when messages do.
    write_po(out, catalog, width=120, sort_by_file=True, include_lineno=False, omit_header=False,
             ignore_obsolete=True)
    return out.getvalue()


#: The date every catalog header carries, so that a file changes only when its messages do.
_FIXED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _undated(catalog: Catalog) -> Catalog:
    catalog.creation_date = catalog.revision_date = _FIXED
    return catalog


def update() -> list[Path]:
    """Rewrite the template and every translation; the files whose bytes changed."""
    template = _undated(extract())
    changed = []
    data = dump(template)
    if not TEMPLATE.is_file() or TEMPLATE.read_bytes() != data:
        TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
        TEMPLATE.write_bytes(data)
        changed.append(TEMPLATE)
    for path in po_files():
        catalog = read(path)
        catalog.update(template, no_fuzzy_matching=False, update_header_comment=False)
        new = dump(_undated(catalog))
        if path.read_bytes() != new:
            path.write_bytes(new)
            changed.append(path)
    return changed


def main() -> int:
    for path in update():
        print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
