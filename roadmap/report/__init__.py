"""Gap reports: score each assessment, build its typed context, render HTML and, from it, a PDF.

`make_reports` is the one call behind `roadmap report`: it validates every input first (all
problems of all files, nothing written), renders every report in memory (in parallel with
`jobs` > 1), and only then writes each one atomically — a failure leaves no new file and every
existing report intact.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from roadmap.assessments import LoadedAssessment, load_many
from roadmap.diff import AssessmentDiff
from roadmap.errors import UsageError
from roadmap.trend import Trend

if TYPE_CHECKING:
    from roadmap.report.render import Document

Format = Literal["pdf", "html"]
DEFAULT_FOLDER = Path("reports")


@dataclass(frozen=True)
class Written:
    source: str
    path: Path
    size: int


def output_paths(files: Sequence[Path], output: Path | None, fmt: Format) -> list[Path]:
    """Where each report goes: reports/<stem>.<fmt> by default; `output` is the file when there is
    one input (or a folder that exists), the folder when there are several."""
    if output is not None and len(files) == 1 and not output.is_dir():
        return [output]
    folder = output if output is not None else DEFAULT_FOLDER
    if output is not None and output.exists() and not output.is_dir():
        raise UsageError(f"-o {output}: with several files, -o names a folder, and this is a file")
    paths = [folder / f"{Path(f).stem}.{fmt}" for f in files]
    seen: dict[Path, Path] = {}
    for f, p in zip(files, paths, strict=True):
        if p in seen:
            raise UsageError(f"{seen[p]} and {f} would both be written to {p}; rename one, or render them "
                             "one at a time with -o")
        seen[p] = Path(f)
    return paths


def render_report(la: LoadedAssessment, fmt: Format, folders: tuple[Path, ...],
                  previous: tuple[LoadedAssessment, AssessmentDiff] | None = None) -> bytes:
    """One report, as bytes. Runs in a worker process when rendering in parallel."""
    from roadmap import __version__
    from roadmap.report import render
    from roadmap.report.context import build_context
    from roadmap.scoring import score

    ctx = build_context(la, score(la.catalog, la.assessment), tool_version=__version__, previous=previous)
    return render.pdf(ctx, folders) if fmt == "pdf" else render.standalone_html(ctx, folders)


def make_reports(files: Sequence[Path], *, root: Path, output: Path | None = None, fmt: Format = "pdf",
                 previous: Path | None = None, templates: Path | None = None, jobs: int = 1,
                 on_done: Callable[[str], None] | None = None) -> list[Written]:
    """Validate, render and write one report per file. `previous` is validated with the others;
    each report except the previous round's own gets a "since last round" section comparing it
    with `previous`. `on_done(file)` is called as each report finishes rendering."""
    from roadmap.output import write_atomic
    from roadmap.report.render import template_folders

    folders = template_folders(templates)
    everything = load_many([*files, *([previous] if previous else [])], root)
    loaded = everything[:len(files)]
    paths = output_paths(files, output, fmt)
    diffs = _since(loaded, everything[-1] if previous else None)
    rendered: dict[str, bytes] = {}
    if jobs > 1 and len(loaded) > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, len(loaded))) as pool:
            futures = {pool.submit(render_report, la, fmt, folders, diffs.get(la.file)): la.file for la in loaded}
            for future in as_completed(futures):
                rendered[futures[future]] = future.result()
                if on_done:
                    on_done(futures[future])
    else:
        for la in loaded:
            rendered[la.file] = render_report(la, fmt, folders, diffs.get(la.file))
            if on_done:
                on_done(la.file)
    written = []
    for la, path in zip(loaded, paths, strict=True):
        write_atomic(path, rendered[la.file])
        written.append(Written(la.file, path, len(rendered[la.file])))
    return written


def _since(loaded: Sequence[LoadedAssessment], previous: LoadedAssessment | None,
           ) -> dict[str, tuple[LoadedAssessment, AssessmentDiff]]:
    """The diff from `previous` to each report's assessment, computed before anything is rendered
    (so that a refusal, such as another partner, writes nothing). The previous round's own report,
    if it is among the files, gets no section."""
    from roadmap.diff import diff_assessments

    if previous is None:
        return {}
    out = {}
    for la in loaded:
        if Path(la.file).resolve() == Path(previous.file).resolve():
            continue
        if previous.assessment.as_of > la.assessment.as_of:
            raise UsageError(f"--previous {previous.file} is as of {previous.assessment.as_of.isoformat()}, later "
                             f"than {la.file} ({la.assessment.as_of.isoformat()}): give the earlier round")
        out[la.file] = (previous, diff_assessments((previous.file, previous.catalog, previous.assessment),
                                                   (la.file, la.catalog, la.assessment)))
    return out


def _render(ctx: Document, fmt: Format, folders: tuple[Path, ...]) -> bytes:
    from roadmap.report import render

    return render.pdf(ctx, folders) if fmt == "pdf" else render.standalone_html(ctx, folders)


def make_diff_report(old: LoadedAssessment, new: LoadedAssessment, d: AssessmentDiff, *, output: Path | None,
                     fmt: Format = "pdf", templates: Path | None = None) -> Written:
    """Render and write the diff report of OLD → NEW (`d` is their diff), by default to
    reports/<old stem>--<new stem>.<fmt>."""
    from roadmap import __version__
    from roadmap.output import write_atomic
    from roadmap.report.render import template_folders
    from roadmap.report.rounds import build_diff_context

    folders = template_folders(templates)
    path = output or DEFAULT_FOLDER / f"{Path(old.file).stem}--{Path(new.file).stem}.{fmt}"
    data = _render(build_diff_context(old, new, d, tool_version=__version__), fmt, folders)
    write_atomic(path, data)
    return Written(f"{old.file} → {new.file}", path, len(data))


def make_trend_report(loaded: Sequence[LoadedAssessment], t: Trend, *, output: Path | None, fmt: Format = "pdf",
                      templates: Path | None = None) -> Written:
    """Render and write the trend report of the rounds in `loaded` (`t` is their trend), by default
    to reports/<oldest stem>--<newest stem>-trend.<fmt>."""
    from roadmap import __version__
    from roadmap.output import write_atomic
    from roadmap.report.render import template_folders
    from roadmap.report.rounds import build_trend_context

    folders = template_folders(templates)
    first, last = Path(t.rounds[0].file).stem, Path(t.rounds[-1].file).stem
    path = output or DEFAULT_FOLDER / f"{first}--{last}-trend.{fmt}"
    data = _render(build_trend_context(list(loaded), t, tool_version=__version__), fmt, folders)
    write_atomic(path, data)
    return Written(", ".join(r.file for r in t.rounds), path, len(data))
