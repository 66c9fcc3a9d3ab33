"""One assessment → its HTML report (and what its PDF needs), or the problems that stop it.

The only module of the preview that calls into `roadmap.report` (its context builder, template
environment and standalone-HTML check), so that a change there is mended here alone. The output is
the same as `roadmap report --format html` (tests/preview/test_rendering.py compares them); what
differs is speed: the template environment is kept between renders while no template file changes,
so a save costs loading, scoring and filling the templates, not compiling them again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from roadmap.errors import InputError, RoadmapError
from roadmap.load.catalogs import Root

if TYPE_CHECKING:
    import jinja2

    from roadmap.load.assessments import LoadedAssessment
    from roadmap.report.context import ReportContext
    from roadmap.report.render import PdfSource


@dataclass(frozen=True)
class Rendered:
    """A good render: the standalone HTML report and the source its PDF is made from."""

    html: str
    pdf: PdfSource


@dataclass(frozen=True)
class Refused:
    """A render that could not be made: one line per problem, `file:line:col: path: message`."""

    problems: tuple[str, ...]


Outcome = Rendered | Refused


class Renderer:
    """Renders one assessment file again and again in this process."""

    def __init__(self, file: Path, *, root: Root, folders: tuple[Path, ...], display: str | None = None) -> None:
        self.file = file
        self.display = display if display is not None else str(file)
        self.root = root
        self.folders = folders
        self._env: jinja2.Environment | None = None
        self._stamp: tuple[tuple[str, int, int], ...] = ()

    def render(self) -> Outcome:
        """Load, validate, score and render the file as it is now. Never raises for bad input:
        problems of the file, its catalog or a user's template come back as `Refused`, and so does
        an unexpected error (a bug), so that the preview keeps running and says what happened."""
        from roadmap.load.assessments import load_assessment

        try:
            la = load_assessment(self.file, self.display, self.root)
            return self._render(la)
        except InputError as exc:
            return Refused(tuple(str(p) for p in exc.problems))
        except RoadmapError as exc:
            return Refused((f"error: {exc}",))
        except Exception as exc:  # noqa: BLE001 - a bug: shown in the page, the preview keeps running
            return Refused((f"internal error: {type(exc).__name__}: {exc} (this is a bug in roadmap; please "
                            "report it)",))

    def _render(self, la: LoadedAssessment) -> Rendered:
        from roadmap import __version__
        from roadmap.engine.scoring import score
        from roadmap.i18n import SOURCE, use
        from roadmap.load.translations import assessment_in
        from roadmap.load.trust import STRICT
        from roadmap.report import render
        from roadmap.report.context import build_context

        with use(la.assessment.lang):  # the report's language: the assessment's lang:, else English
            la = assessment_in(self.root, la, la.assessment.lang or SOURCE, STRICT)
            ctx = build_context(la, score(la.catalog, la.assessment), tool_version=__version__)
            html = self._html(ctx)
        render.check_standalone(html, ctx, self.folders)  # as `roadmap report --format html`
        return Rendered(html, render.source_of(ctx, html))  # the same source `roadmap report` makes

    def _html(self, ctx: ReportContext) -> str:
        """`render.render_html`, with the environment (its compiled templates) kept while no file
        in the template folders changed. Any error is left to `render.render_html` to raise again,
        with its message for the user (a user's template, file:line)."""
        from roadmap.report import render

        stamp = _stamp(self.folders)
        if self._env is None or stamp != self._stamp:
            self._env, self._stamp = render.environment(self.folders), stamp
        try:
            return self._env.get_template(ctx.template).render(dict(ctx))
        except Exception:  # noqa: BLE001 - rendered again below, where it becomes the user's message
            self._env = None
        return render.render_html(ctx, self.folders)


def _stamp(folders: tuple[Path, ...]) -> tuple[tuple[str, int, int], ...]:
    """Every file in the template folders, with its modification time and size: a change to any
    of them (a save, a new partial, a deleted one) gives another stamp."""
    found = []
    for folder in folders:
        for top, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(top, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                found.append((path, st.st_mtime_ns, st.st_size))
    return tuple(found)
