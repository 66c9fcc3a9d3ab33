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
import re
import sys
from pathlib import Path

from babel.messages import frontend
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
LOCALES = REPO / "roadmap" / "locales"
TEMPLATE = LOCALES / "roadmap.pot"
KEYWORDS = {**DEFAULT_KEYWORDS, "count": (2, 3), "noun": (2, 3), "NP_": ((1, "c"), 2)}
#: Comments in the code that start with this are passed to translators (`# TRANSLATORS: ...`).
COMMENT_TAGS = ("TRANSLATORS:",)


def extract() -> Catalog:
    """Every message of the code and templates, with where it is used (file names, no lines, so that
    moving code does not touch the catalogs)."""
    with (REPO / "babel.cfg").open(encoding="utf-8") as fh:
        # parse_mapping_cfg since Babel 2.16; parse_mapping before (the lowest version tested is 2.14)
        parse = getattr(frontend, "parse_mapping_cfg", None) or frontend.parse_mapping
        method_map, options_map = parse(fh)
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


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


class _AnyValue(dict[str, int]):
    """A mapping with a value for every placeholder: `message % _AnyValue()` formats any message
    whose placeholders are well formed, and raises on a broken one."""

    def __missing__(self, key: str) -> int:
        return 1


def _placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def _forms(string: object) -> tuple[object, ...]:
    """A translation's forms: one, or one per plural form."""
    if string is None:
        return ()
    return tuple(string) if isinstance(string, (tuple, list)) else (string,)


def problems(po: Catalog, template: Catalog) -> list[str]:
    """What keeps a translation from being complete: each as `<lang>: <message id>: what is wrong`.
    A message of the code without a translation (or only a fuzzy guess), placeholders other than
    the English ones, a translation that does not format, a translation of a message no longer used."""
    lang = str(po.locale)
    out = []
    for m in template:
        if not m.id:
            continue
        t = po.get(m.id, context=m.context)
        name = f"{lang}: {m.id!r}" + (f" (context {m.context})" if m.context else "")
        forms = [str(s) for s in _forms(t.string if t is not None else None) if s]
        if t is None or not forms:
            out.append(f"{name}: no translation")
            continue
        if t.fuzzy:
            out.append(f"{name}: a fuzzy guess, not a translation (check it, then remove the fuzzy flag)")
        english = str(m.id if isinstance(m.id, str) else m.id[-1])
        for form in forms:
            if _placeholders(form) != _placeholders(english):
                out.append(f"{name}: placeholders {sorted(_placeholders(form))}, expected "
                           f"{sorted(_placeholders(english))}")
            try:
                form % _AnyValue()
            except (ValueError, TypeError, KeyError) as exc:
                out.append(f"{name}: does not format ({exc}): {form!r}")
    used = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in template}
    out += [f"{lang}: {m.id!r}: not used by the program (python -m tests.messages drops it)"
            for m in po if m.id and (m.id if isinstance(m.id, str) else m.id[0], m.context) not in used]
    return out


def main() -> int:
    for path in update():
        print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
