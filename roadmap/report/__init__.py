"""Reports: score each assessment, build its typed context, render HTML and, from it, a PDF.

`make_reports` is the one call behind `roadmap report`: it validates every input first (all
problems of all files, nothing written), renders every report in memory (in parallel with
`jobs` > 1: `roadmap.report.batch`), and only then writes each one atomically — a failure leaves
no new file and every existing report intact. `make_diff_report` and `make_trend_report` write the
documents about several rounds (`roadmap.report.rounds`), `make_compare_report` the one about several
partners (`roadmap.report.compare`).

The pipeline, module by module: `context` (the gap report's context, a builder per section),
`changes` and `rounds` (the contexts about several rounds), `charts`, `render` (templates to HTML to
PDF), `fetch` (what rendering may read), `batch` (many reports at once).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from roadmap.errors import UsageError
from roadmap.i18n import SOURCE, use
from roadmap.progress import QUIET, Progress

if TYPE_CHECKING:
    from roadmap.engine.compare import Comparison
    from roadmap.engine.rounds_diff import AssessmentDiff
    from roadmap.engine.trend import Trend
    from roadmap.load.assessments import LoadedAssessment
    from roadmap.load.catalogs import Root
    from roadmap.load.plans import LoadedPlan
    from roadmap.load.trust import Trust
    from roadmap.models.catalog import Catalog
    from roadmap.report.base import DocumentContext
    from roadmap.report.batch import Followed
    from roadmap.report.readers import Audience
    from roadmap.report.render import Format

DEFAULT_FOLDER = Path("reports")
_REPORT_SUFFIXES = (".pdf", ".html", ".htm")


@dataclass(frozen=True)
class Written:
    source: str
    path: Path
    size: int


def output_paths(files: Sequence[Path], output: Path | None, fmt: Format, suffix: str = "") -> list[Path]:
    """Where each report goes: reports/<stem><suffix>.<fmt> by default (`suffix`: a reader's version,
    "-for-partner"); `output` is the file when there is
    one input (or a folder that exists), the folder when there are several; `-` is standard
    output, for one input only."""
    from roadmap.present.output import is_stdout

    if is_stdout(output):
        if len(files) != 1:
            raise UsageError(f"-o - writes one report to standard output, and {len(files)} files were given; "
                             "give one file, or -o FOLDER for several")
        return [Path("-")]
    if output is not None and len(files) == 1 and not output.is_dir():
        return [output]
    if output is not None:
        _check_folder(output)
    folder = output if output is not None else DEFAULT_FOLDER
    paths = [folder / f"{Path(f).stem}{suffix}.{fmt}" for f in files]
    seen: dict[Path, Path] = {}
    for f, p in zip(files, paths, strict=True):
        if p in seen:
            raise UsageError(f"{seen[p]} and {f} would both be written to {p}; rename one, or render them "
                             "one at a time with -o")
        seen[p] = Path(f)
    return paths


def _check_folder(output: Path) -> None:
    """`-o` with several files names a folder: refuse a file, and what looks like a file name."""
    if output.exists() and not output.is_dir():
        raise UsageError(f"-o {output}: with several files, -o names a folder, and this is a file")
    if not output.exists() and output.suffix.lower() in _REPORT_SUFFIXES:
        raise UsageError(f"-o {output}: with several files, -o names a folder (one report per file), and this "
                         f"looks like a file name; give a folder, or one file at a time")


def make_reports(files: Sequence[Path], *, root: Root, output: Path | None = None, fmt: Format = "pdf",
                 previous: Path | None = None, templates: Path | None = None, jobs: int = 1,
                 plan: Path | None = None, progress: Progress = QUIET, trust: Trust | None = None,
                 audience: Audience | None = None, lang: str | None = None,
                 evidence_annex: bool = True) -> list[Written]:
    """Validate, render and write one report per file. `previous` is validated with the others;
    each report except the previous round's own gets a "since last round" section comparing it
    with `previous`; with `plan` (a plan file), each gets the plan's follow-up. `progress` has a
    step as each file is read and as each report finishes rendering. `output` `-` writes the one
    report to standard output. `trust`: the keys trusted and whether a release not in force may be
    used (default: the criteria folder's keys, no). `audience`: the reader each report's version is
    for (`--for`, `--release-to`; default: the full report). `lang`: the reports' language (default:
    each assessment's `lang:`, else English); their catalogs are read in it. `evidence_annex`
    False: each report leaves its evidence annex out, and says so on its cover."""
    from roadmap.load.plans import load_with_plan
    from roadmap.load.translations import assessment_in
    from roadmap.load.trust import STRICT
    from roadmap.present.output import deliver
    from roadmap.report.batch import Task, render_all
    from roadmap.report.readers import reader_for
    from roadmap.report.render import template_folders

    folders = template_folders(templates)
    trusted = trust or STRICT
    everything, lp = load_with_plan([*files, *([previous] if previous else [])], plan, root, progress,
                                    trust=trusted)
    languages = {la.file: lang or la.assessment.lang or SOURCE for la in everything[:len(files)]}
    loaded = [assessment_in(root, la, languages[la.file], trusted) for la in everything[:len(files)]]
    paths = output_paths(files, output, fmt, audience.suffix if audience else "")
    diffs = _since(loaded, everything[-1] if previous else None, languages, root, trusted)
    followed = _followed(loaded, lp, languages)
    readers = {la.file: reader_for(la.assessment, audience, la.file) for la in loaded}  # refused before rendering
    progress.expect(len(loaded), "rendering")
    tasks = [Task(la, diffs.get(la.file), followed.get(la.file), readers[la.file], languages[la.file], evidence_annex)
             for la in loaded]
    rendered = render_all(tasks, fmt, folders, jobs=jobs, on_done=progress.step)
    written = []
    for la, path in zip(loaded, paths, strict=True):
        deliver(path, rendered[la.file])
        written.append(Written(la.file, path, len(rendered[la.file])))
    return written


def _followed(loaded: Sequence[LoadedAssessment], lp: LoadedPlan | None,
              languages: dict[str, str]) -> dict[str, Followed]:
    """The plan held against each report's assessment (in the report's language), computed before
    anything is rendered (so that a refusal, such as a plan for another partner, writes nothing)."""
    from roadmap.engine.carryover import carry
    from roadmap.engine.scoring import score
    from roadmap.load.plans import check_plan_fits

    if lp is None:
        return {}
    out = {}
    for la in loaded:
        check_plan_fits(lp, la.file, la.assessment, la.catalog)
        with use(languages[la.file]):  # the score's reasons are in the report's language
            result = score(la.catalog, la.assessment)
            carried = carry(lp.plan, lp.file, lp.catalog, la.catalog, result)
        out[la.file] = (carried, lp.doc.sha256, result)
    return out


def _since(loaded: Sequence[LoadedAssessment], previous: LoadedAssessment | None, languages: dict[str, str],
           root: Root, trust: Trust) -> dict[str, tuple[LoadedAssessment, AssessmentDiff]]:
    """The diff from `previous` to each report's assessment, in the report's language, computed
    before anything is rendered (so that a refusal, such as another partner, writes nothing). The
    previous round's own report, if it is among the files, gets no section."""
    from roadmap.engine.rounds_diff import check_round_order, diff_assessments
    from roadmap.load.translations import assessment_in

    if previous is None:
        return {}
    out = {}
    read: dict[str, LoadedAssessment] = {}  # the previous round in each language: read once
    for la in loaded:
        if Path(la.file).resolve() == Path(previous.file).resolve():
            continue
        check_round_order(f"--previous {previous.file}", previous.assessment.as_of, la.file, la.assessment.as_of)
        lang = languages[la.file]
        with use(lang):
            if lang not in read:
                read[lang] = assessment_in(root, previous, lang, trust)
            out[la.file] = (read[lang], diff_assessments(read[lang].round, la.round))
    return out


def make_diff_report(old: LoadedAssessment, new: LoadedAssessment, d: AssessmentDiff, *, output: Path | None,
                     fmt: Format = "pdf", templates: Path | None = None) -> Written:
    """Render and write the diff report of OLD → NEW (`d` is their diff), by default to
    reports/<old stem>--<new stem>.<fmt> (`-`: standard output)."""
    from roadmap import __version__
    from roadmap.report.render import template_folders
    from roadmap.report.rounds import build_diff_context

    folders = template_folders(templates)
    path = output or DEFAULT_FOLDER / f"{Path(old.file).stem}--{Path(new.file).stem}.{fmt}"
    return _write(build_diff_context(old, new, d, tool_version=__version__), f"{old.file} → {new.file}", path,
                  fmt, folders)


def make_trend_report(loaded: Sequence[LoadedAssessment], t: Trend, *, output: Path | None, fmt: Format = "pdf",
                      templates: Path | None = None, plan_sha256: str | None = None) -> Written:
    """Render and write the trend report of the rounds in `loaded` (`t` is their trend), by default
    to reports/<oldest stem>--<newest stem>-trend.<fmt> (`-`: standard output)."""
    from roadmap import __version__
    from roadmap.report.render import template_folders
    from roadmap.report.rounds import build_trend_context

    folders = template_folders(templates)
    first, last = Path(t.rounds[0].file).stem, Path(t.rounds[-1].file).stem
    path = output or DEFAULT_FOLDER / f"{first}--{last}-trend.{fmt}"
    return _write(build_trend_context(list(loaded), t, tool_version=__version__, plan_sha256=plan_sha256),
                  ", ".join(r.file for r in t.rounds), path, fmt, folders)


def make_compare_report(c: Comparison, *, output: Path | None, fmt: Format = "pdf",
                        templates: Path | None = None, catalog: Catalog | None = None) -> Written:
    """Render and write the comparison report of `c`, by default to reports/compare-<newest as of>.<fmt>
    (`-`: standard output). `catalog`: the version compared against, as read in the report's
    language (its table of markings gives the banner's equivalent)."""
    from roadmap import __version__
    from roadmap.report.compare import build_compare_context
    from roadmap.report.render import template_folders

    folders = template_folders(templates)
    ctx = build_compare_context(c, tool_version=__version__, catalog=catalog)
    path = output or DEFAULT_FOLDER / f"compare-{ctx.as_of}.{fmt}"
    return _write(ctx, ", ".join(r.file for r in c.partners), path, fmt, folders)


def _write(ctx: DocumentContext, source: str, path: Path, fmt: Format, folders: tuple[Path, ...]) -> Written:
    """Render one document and write it to `path` (`-`: standard output)."""
    from roadmap.present.output import deliver
    from roadmap.report.render import render

    data = render(ctx, fmt, folders)
    deliver(path, data)
    return Written(source, path, len(data))
