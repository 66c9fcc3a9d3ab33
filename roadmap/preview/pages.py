"""What the preview server sends: the report with a small refresh script, or the problems page.

The report itself is the standalone HTML of `roadmap report --format html`, which holds no script
(`roadmap.report.fetch.check_standalone_html` refuses one). The server adds exactly one: it listens
on `/events` and reloads the page when the version it was served with is no longer the current
one. Its nonce is new for every response, and the Content-Security-Policy allows no other script
and no fetch but that one (`HEADERS`).
"""

from __future__ import annotations

import html
import re
import secrets

#: Where the problems page links to: the last report that validated and rendered.
LAST_GOOD = "/last-good"
EVENTS = "/events"

_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)

_SCRIPT = """<script nonce="{nonce}">
(function () {{
  var shown = "{version}";
  var events = new EventSource("{events}");
  events.onmessage = function (e) {{
    if (e.data !== shown) {{ events.close(); window.location.reload(); }}
  }};
}})();
</script>
"""


def nonce() -> str:
    return secrets.token_urlsafe(18)


def security_headers(script_nonce: str) -> list[tuple[str, str]]:
    """Headers for every page: nothing may load but the report's own `data:` images and inline
    styles, the one script with this response's nonce, and the change notifications."""
    policy = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
              f"script-src 'nonce-{script_nonce}'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
              "frame-ancestors 'none'")
    return [("Content-Security-Policy", policy), ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"), ("Cache-Control", "no-store"),
            ("Cross-Origin-Resource-Policy", "same-origin")]


def refresh_script(version: int, script_nonce: str) -> str:
    return _SCRIPT.format(nonce=script_nonce, version=version, events=EVENTS)


def with_refresh(document: str, version: int, script_nonce: str) -> str:
    """`document` with the refresh script just before its last `</body>` (at its end if none)."""
    script = refresh_script(version, script_nonce)
    ends = list(_BODY_END.finditer(document))
    if not ends:
        return document + script
    at = ends[-1].start()
    return document[:at] + script + document[at:]


_STYLE = """body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; }
h1 { font-size: 1.3rem; }
ul.problems { list-style: none; padding: 0; }
ul.problems li { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.9rem;
  white-space: pre-wrap; overflow-wrap: anywhere; padding: 0.3rem 0.5rem; border-left: 3px solid #b00020;
  margin: 0.3rem 0; background: #fdf3f4; }
"""


def problems_page(file: str, problems: tuple[str, ...], *, version: int, last_good: str | None,
                  script_nonce: str) -> str:
    """The page shown instead of the report while `file` does not validate: every problem, one a
    line as `roadmap validate` prints them, and a link to the last good report (`last_good` is when
    it was made, or None when there is none yet)."""
    esc = html.escape
    count = f"{len(problems)} problem{'' if len(problems) == 1 else 's'}"
    items = "\n".join(f'<li class="problem">{esc(p)}</li>' for p in problems)
    if last_good is not None:
        back = (f'<p><a id="last-good" href="{LAST_GOOD}">The last good report</a> (rendered at '
                f'{esc(last_good)}).</p>')
    else:
        back = "<p>No good report yet: this file has not validated since the preview started.</p>"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(count)} in {esc(file)} (roadmap preview)</title>
<style>
{_STYLE}</style>
</head>
<body>
<h1>{esc(file)} does not validate: {esc(count)}</h1>
<ul class="problems">
{items}
</ul>
{back}
<p>This page refreshes itself when you save.</p>
{refresh_script(version, script_nonce)}</body>
</html>
"""


def message_page(title: str, text: str) -> str:
    """A short page for 404 and other refusals: no script, nothing from the request echoed."""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n'
            f"</head>\n<body>\n<h1>{html.escape(title)}</h1>\n<p>{html.escape(text)}</p>\n</body>\n</html>\n")
