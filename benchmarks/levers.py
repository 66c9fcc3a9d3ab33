"""Before/after measurements of the performance levers for `roadmap report`, each variant in a fresh
process, interleaved (A B C A B C ...) so that the shared machine's noise hits every variant alike.

    python benchmarks/levers.py              # bundled example, 5 repetitions; synthetic 1,000, 2
    python benchmarks/levers.py --reps 3 --big-reps 1

Variants (the report is rendered by the production code; only the lever differs):

- plain: garbage collector on while rendering, normal interpreter exit;
- gc: gc.freeze() + gc.disable() while WeasyPrint lays out and writes (what `render.pdf` does);
- exit: os._exit(0) once the report is written and flushed (what `roadmap report` does);
- gc+exit: both.

In-process evaluations, printed too: parsing report.css once vs per report, and the cost of the
per-criterion rule strings (the same HTML rendered with and without the `<div class="rule">` lines).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

DRIVER = """\
import contextlib, gc, os, sys, time
t0 = time.perf_counter()
from pathlib import Path
from roadmap.load.assessments import load_assessment
from roadmap.present.output import write_atomic
from roadmap.report.batch import render_report
from roadmap.report import render
mode, src, crit, out = sys.argv[1:5]
if "gc" not in mode.split("+"):
    render.paused = lambda **_: contextlib.nullcontext()   # the garbage collector runs as usual
la = load_assessment(Path(src), src, Path(crit) if crit else None)
data = render_report(la, "pdf", render.template_folders(None))
write_atomic(Path(out), data)
print(f"{time.perf_counter() - t0:.3f}", file=sys.stderr, flush=True)
sys.stdout.flush()
if "exit" in mode.split("+"):
    os._exit(0)
"""

VARIANTS = ("plain", "gc", "exit", "gc+exit")


def _run(argv: list[str]) -> tuple[float, float, float]:
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=REPO, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        err.seek(0)
        text = err.read().decode()
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(text[-3000:])
        inner = float(text.strip().splitlines()[-1])
    return wall, inner, usage.ru_maxrss / 1024


def variants(label: str, src: Path, crit: Path | None, reps: int, work: Path) -> list[str]:
    res: dict[str, list[tuple[float, float, float]]] = {v: [] for v in VARIANTS}
    for _ in range(reps):
        for v in VARIANTS:
            res[v].append(_run([sys.executable, "-c", DRIVER, v, str(src), str(crit or ""), str(work / f"{v}.pdf")]))
            w, i, r = res[v][-1]
            print(f"  {label} {v}: wall {w:.2f} s (until written {i:.2f} s), {r:.0f} MB", file=sys.stderr, flush=True)
    base = statistics.median(w for w, _, _ in res["plain"])
    lines = []
    for v in VARIANTS:
        wall = statistics.median(w for w, _, _ in res[v])
        inner = statistics.median(i for _, i, _ in res[v])
        rss = max(r for _, _, r in res[v])
        lines.append(f"| {label} | {v} | {wall:.2f} s | {inner:.2f} s | {wall - inner:.2f} s | {rss:.0f} MB "
                     f"| {base / wall:.2f}× |")
    same = len({(work / f"{v}.pdf").read_bytes() for v in VARIANTS}) == 1
    lines.append(f"| {label} | all variants give identical bytes | {same} | | | | |")
    return lines


def css_once(reps: int) -> str:
    """Parsing report.css: what a batch saves per report by reusing one weasyprint.CSS object."""
    from weasyprint import CSS

    css = (REPO / "templates" / "report.css").read_text()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        CSS(string=css)
        times.append(time.perf_counter() - t)
    return f"parsing report.css: median {statistics.median(times) * 1000:.1f} ms per report (of {reps})"


def rule_strings(label: str, src: Path, crit: Path | None, reps: int) -> str:
    """The same report rendered with and without the per-criterion rule lines, in this process."""
    from weasyprint import HTML

    from roadmap import __version__
    from roadmap.engine.scoring import score
    from roadmap.load.assessments import load_assessment
    from roadmap.report import render
    from roadmap.report.context import build_context
    from roadmap.report.fetch import weasyprint_fetcher

    la = load_assessment(src, str(src), crit)
    ctx = build_context(la, score(la.catalog, la.assessment), tool_version=__version__)
    folders = render.template_folders(None)
    html = render.render_html(ctx, folders)
    lean = re.sub(r'<div class="rule">.*?</div>', "", html, flags=re.DOTALL)
    base = Path(folders[0]).resolve().as_uri() + "/"
    out: dict[str, list[float]] = {"with": [], "without": []}
    pages = {}
    for _ in range(reps):
        for name, text in (("with", html), ("without", lean)):
            fetcher, _ = weasyprint_fetcher(render.policy(ctx, folders))
            t = time.perf_counter()
            doc = HTML(string=text, base_url=base, url_fetcher=fetcher).render()
            doc.write_pdf()
            out[name].append(time.perf_counter() - t)
            pages[name] = len(doc.pages)
    w, wo = statistics.median(out["with"]), statistics.median(out["without"])
    return (f"{label}: rule lines per criterion: with {w:.2f} s ({pages['with']} pages), without "
            f"{wo:.2f} s ({pages['without']} pages): they cost {w - wo:.2f} s ({(w - wo) / w:.0%})")


def _literal_vars(css: str) -> str:
    """report.css with every var(--name) replaced by its value from :root (no custom properties)."""
    root = re.search(r":root\s*{([^}]*)}", css)
    values = dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", root.group(1))) if root else {}
    css = css.replace(root.group(0), "") if root else css
    return re.sub(r"var\((--[\w-]+)\)", lambda m: values[m.group(1)].strip(), css)


CSS_VARIANTS: dict[str, Callable[[str], str]] = {
    "current report.css": lambda css: css,
    "no custom properties (var() inlined; same look)": _literal_vars,
    "no overflow-wrap: anywhere": lambda css: css.replace("overflow-wrap: anywhere;", ""),
    "overflow-wrap: break-word instead of anywhere": lambda css: css.replace(
        "overflow-wrap: anywhere;", "overflow-wrap: break-word;"),
    "rows may split (no tr break-inside: avoid)": lambda css: css.replace(
        "table.data tr { break-inside: avoid; }", ""),
    "no letter-spacing": lambda css: re.sub(r"letter-spacing:[^;]+;", "", css),
}


def css_variants(label: str, src: Path, crit: Path | None, reps: int, work: Path) -> list[str]:
    """Lean-CSS candidates: the same report rendered in this process with report.css edited
    (through a --templates override folder), alternating variants; median seconds and pages."""
    import io

    from pypdf import PdfReader

    from roadmap import __version__
    from roadmap.engine.scoring import score
    from roadmap.load.assessments import load_assessment
    from roadmap.report import render
    from roadmap.report.context import build_context

    la = load_assessment(src, str(src), crit)
    ctx = build_context(la, score(la.catalog, la.assessment), tool_version=__version__)
    css = (REPO / "templates" / "report.css").read_text()
    folders: dict[str, tuple[Path, ...]] = {}
    for k, (name, edit) in enumerate(CSS_VARIANTS.items()):
        folder = work / f"css-{k}"
        folder.mkdir()
        (folder / "report.css").write_text(edit(css))
        folders[name] = render.template_folders(folder)
    times: dict[str, list[float]] = {name: [] for name in CSS_VARIANTS}
    pages: dict[str, int] = {}
    for _ in range(reps):
        for name in CSS_VARIANTS:
            t = time.perf_counter()
            data = render.pdf(ctx, folders[name])
            times[name].append(time.perf_counter() - t)
            pages[name] = len(PdfReader(io.BytesIO(data)).pages)
            print(f"  css {name}: {times[name][-1]:.2f} s", file=sys.stderr, flush=True)
    base = statistics.median(times["current report.css"])
    return [f"| {label} | {name} | {statistics.median(ts):.2f} s | {base / statistics.median(ts):.2f}× "
            f"| {pages[name]} |" for name, ts in times.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--big-reps", type=int, default=2, help="repetitions on 1,000 criteria (0: skip)")
    parser.add_argument("--css-only", action="store_true", help="only the lean-CSS candidates")
    args = parser.parse_args()
    if args.css_only:
        with tempfile.TemporaryDirectory(prefix="roadmap-levers-") as tmp:
            rows = css_variants("example (79 criteria)", REPO / "examples" / "japan-2025.yaml", None,
                                args.reps, Path(tmp))
        print(f"Command: `python benchmarks/levers.py {' '.join(sys.argv[1:])}`")
        print()
        print("| input | report.css variant | median render | speed-up | pages |\n|---|---|---|---|---|")
        print("\n".join(rows))
        return
    from tests import synthetic

    with tempfile.TemporaryDirectory(prefix="roadmap-levers-") as tmp:
        work = Path(tmp)
        example = REPO / "examples" / "japan-2025.yaml"
        rows = ["| input | variant | median wall | until written | exit (teardown) | peak RSS | speed-up |",
                "|---|---|---|---|---|---|---|"]
        rows += variants("example (79 criteria)", example, None, args.reps, work)
        notes = [css_once(20), rule_strings("example", example, None, max(1, args.reps // 2))]
        if args.big_reps:
            synthetic.write_catalog(work / "criteria", 1000)
            big = work / "synth-1000.yaml"
            big.write_text(synthetic.assessment(1000))
            rows += variants("synthetic 1,000", big, work / "criteria", args.big_reps, work)
            notes.append(rule_strings("synthetic 1,000", big, work / "criteria", 1))
    print(f"Command: `python benchmarks/levers.py {' '.join(sys.argv[1:])}`")
    print()
    print("\n".join(rows))
    print()
    print("\n".join(f"- {n}" for n in notes))


if __name__ == "__main__":
    main()
