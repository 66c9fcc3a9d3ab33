"""Benchmarks of the `roadmap` commands, each run in a fresh process, several times; medians.

    python benchmarks/run.py                 # everything; writes benchmarks/RESULTS.md
    python benchmarks/run.py --reps 3 --only score,report-example
    python benchmarks/run.py --quick         # 1 repetition, no 1,000-criterion report (a smoke run)

Not part of the default pytest run (it lives outside tests/ and takes minutes). Speed is compared as
ratios measured in the same run, with the two sides interleaved (A B A B ...), because the machine
is shared and its absolute speed varies by a factor of two from minute to minute.

What is measured (issue 20's targets, for the 2-core reference machine):

- score: `roadmap score examples/japan-2025.yaml` vs `python -c` importing yaml, pydantic and click
  and validating one pydantic model (the floor): ≤ 1.3×.
- load-N: load + validate + score of a synthetic catalog and assessment of N criteria: 10,000 with
  the catalog cached ≤ 1.5 s.
- report-example: `roadmap report` of the bundled example vs WeasyPrint's own import + parse +
  layout + write of our HTML in one process (≤ 1.1×), and vs Chromium printing it (≤ 1.5×).
- report-1000: the same on 1,000 criteria: ≤ 3.5× Chromium, peak RSS ≤ 600 MB.
- jobs: `-j 2` on 2 reports vs `-j 1` on the same 2: ≥ 1.7× speed-up.

The targets are design choices of issue 20 (ratios to the floor the required stack can reach: the
imports and one model for `score`, WeasyPrint itself for a report), not figures from a standard.

Wall time and peak RSS come from `os.wait4` on each child (RSS: the largest of the process and its
waited-for children, so `-j 2` workers count).
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PY = sys.executable
EXAMPLE = REPO / "examples" / "japan-2025.yaml"
SIZES = (100, 1000, 10000)

# Chromium: headless print of our own standalone HTML, no network chatter, throwaway profile.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-default-apps", "--disable-extensions", "--no-first-run",
                  "--disable-client-side-phishing-detection", "--metrics-recording-only",
                  "--disable-features=Translate,MediaRouter,OptimizationHints",
                  "--no-default-browser-check", "--mute-audio")


@dataclass
class Run:
    wall: float
    rss_mb: float


@dataclass
class Series:
    name: str
    cmd: str
    runs: list[Run] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def rss(self) -> float:
        return max(r.rss_mb for r in self.runs)

    def cell(self) -> str:
        walls = ", ".join(f"{r.wall:.2f}" for r in self.runs)
        return f"{self.wall:.2f} s (runs: {walls})"


def run(argv: list[str], *, env: dict[str, str] | None = None, cwd: Path = REPO) -> Run:
    """Run argv to completion in a fresh process: wall time and peak RSS (os.wait4)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env={**os.environ, **(env or {})},
                                stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"failed ({proc.returncode}): {' '.join(argv)}\n{err.read().decode()[-3000:]}")
    return Run(wall, usage.ru_maxrss / 1024)


def interleaved(series: list[tuple[Series, list[str], dict[str, str] | None]], reps: int) -> None:
    """A B A B ...: each repetition runs every side once, so a slow minute hurts all sides alike."""
    for _ in range(reps):
        for s, argv, env in series:
            s.runs.append(run(argv, env=env))
            print(f"  {s.name}: {s.runs[-1].wall:.2f} s, {s.runs[-1].rss_mb:.0f} MB", file=sys.stderr, flush=True)


def roadmap(*args: str) -> list[str]:
    return [PY, "-m", "roadmap", *args]


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium_argv(binary: str, html: Path, pdf: Path, profile: Path) -> list[str]:
    return [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", html.as_uri()]


def synth(work: Path, n: int) -> tuple[Path, Path]:
    """The synthetic catalog (criteria folder) and assessment of n criteria, from tests/synthetic.py."""
    sys.path.insert(0, str(REPO))
    from tests import synthetic

    folder = work / f"synth-{n}"
    synthetic.write_catalog(folder / "criteria", n)
    path = folder / f"synth-{n}.yaml"
    path.write_text(synthetic.assessment(n))
    return folder / "criteria", path


# What any command that validates its input with a pydantic model pays beyond the import baseline:
# `import pydantic` is lazy; BaseModel and the first validator pull in the rest.
FLOOR = """\
import yaml, click
from pydantic import BaseModel
class Input(BaseModel):
    x: int
Input.model_validate({"x": 1})
"""

# WeasyPrint's own work on our HTML, in one process, writing the same tagged PDF (PDF/UA-1) as
# `roadmap report`: the floor of a report with this engine.
WEASYPRINT_OWN = """\
import sys, weasyprint
weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2], pdf_variant="pdf/ua-1")
"""

# The load + validate + score driver: the production functions, timed inside a fresh process run
# the way `roadmap` runs a command (roadmap.cli.main): plugin discovery skipped, the cyclic
# collector off, and no interpreter teardown at the end.
LOAD_DRIVER = """\
import gc, os, sys, time, json
gc.disable()
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
t0 = time.perf_counter()
from pathlib import Path
from roadmap import plugins
plugins.skip_discovery()
from roadmap.load.assessments import load_assessment
from roadmap.engine.scoring import score
t1 = time.perf_counter()
la = load_assessment(Path(sys.argv[1]), sys.argv[1], Path(sys.argv[2]))
t2 = time.perf_counter()
score(la.catalog, la.assessment)
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "score": t3 - t2}), file=sys.stderr)
sys.stderr.flush()
os._exit(0)
"""


def machine() -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        mem_gb = f"{int(mem.split()[1]) / 1024 / 1024:.1f} GB"
    except (OSError, StopIteration):
        mem_gb = "unknown"
    load = os.getloadavg()
    import importlib.metadata as md

    def ver(name: str) -> str:
        try:
            return md.version(name)
        except md.PackageNotFoundError:
            return "absent"

    chrome = chromium()
    chrome_v = (subprocess.run([chrome, "--version"], capture_output=True, text=True, check=False).stdout.strip()
                if chrome else "not installed")
    return [f"- CPUs (nproc): {os.cpu_count()}; CPU: {cpu}; memory: {mem_gb}",
            f"- load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (a shared machine)",
            f"- {platform.platform()}; Python {platform.python_version()}",
            (f"- WeasyPrint {ver('weasyprint')}, pydantic {ver('pydantic')}, PyYAML {ver('PyYAML')}, "
             f"Jinja2 {ver('Jinja2')}, click {ver('click')}, rich {ver('rich')}; {chrome_v}")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=5, help="repetitions of fast commands (default 5)")
    parser.add_argument("--heavy-reps", type=int, default=3, help="repetitions of 1,000-criterion reports (default 3)")
    parser.add_argument("--only", default="", help="comma-separated: score,load,report-example,report-1000,jobs")
    parser.add_argument("--quick", action="store_true", help="1 repetition and no 1,000-criterion report")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    reps, heavy = (1, 1) if args.quick else (args.reps, args.heavy_reps)
    only = set(filter(None, args.only.split(","))) or {"score", "load", "report-example", "report-1000", "jobs"}
    if args.quick:
        only.discard("report-1000")
    notes: list[str] = []
    # Measure the tool as installed: `pip install` of a wheel compiles its modules to bytecode. An
    # editable install only gets bytecode on first import, and not at all where the environment
    # sets PYTHONDONTWRITEBYTECODE (this machine does), which would add ~0.06-0.09 s of compiling
    # our modules to every command measured and to none of the baseline's (its libraries are
    # installed, hence compiled).
    compileall.compile_dir(str(REPO / "roadmap"), quiet=1)
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        notes.append("PYTHONDONTWRITEBYTECODE is set here: the run compiled `roadmap/` to bytecode first "
                     "(`compileall`), as `pip install` of the wheel does.")
    with tempfile.TemporaryDirectory(prefix="roadmap-bench-") as tmp:
        bench = _Bench(Path(tmp), reps, heavy, chromium())
        for name in ("score", "load", "report-example", "report-1000", "jobs"):
            if name in only:
                getattr(bench, name.replace("-", "_"))()
    if not bench.chrome:
        notes.append("Chromium is not installed: the Chromium ratios were skipped "
                     "(`apt-get install -y chromium` to measure them).")
    command = "python benchmarks/run.py " + " ".join(sys.argv[1:])
    text = "\n".join([
        f"## Run of {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}", "",
        f"Command: `{command.strip()}` (from the repository root; medians of the runs listed)", "",
        *machine(), "",
        "| measurement | median wall time | ratio / split | target | |",
        "|---|---|---|---|---|",
        *bench.rows, "", *[f"- {n}" for n in notes], ""])
    print(text)
    _record(args.out, text)


def _ok(good: bool) -> str:
    return "met" if good else "**not met**"


class _Bench:
    """One run's measurements, each a method that adds rows to the results table."""

    def __init__(self, work: Path, reps: int, heavy: int, chrome: str | None) -> None:
        self.work, self.reps, self.heavy, self.chrome = work, reps, heavy, chrome
        self.rows: list[str] = []
        self.data = {n: synth(work, n) for n in SIZES}
        # The catalog cache (roadmap.load.cache): "warm" is a user's normal state (any earlier command
        # loaded the catalog); "cold" turns the cache off, as on a fresh machine's first run.
        self.warm = {"ROADMAP_CACHE_DIR": str(work / "cache")}
        self.cold = {"ROADMAP_CACHE_DIR": "off"}

    def row(self, what: str, value: str, ratio: str, target: str, verdict: str) -> None:
        self.rows.append(f"| {what} | {value} | {ratio} | {target} | {verdict} |")

    def score(self) -> None:
        print("score vs import baseline", file=sys.stderr)
        base = Series("import yaml, pydantic, click", 'python -c "import yaml, pydantic, click"')
        score = Series("roadmap score", "python -m roadmap score examples/japan-2025.yaml")
        score_cold = Series("roadmap score (cache off)", "")
        floor = Series("one pydantic model", "")
        run(roadmap("score", str(EXAMPLE)), env=self.warm)  # fills the cache
        interleaved([(base, [PY, "-c", "import yaml, pydantic, click"], None),
                     (floor, [PY, "-c", FLOOR], None),
                     (score, roadmap("score", str(EXAMPLE)), self.warm),
                     (score_cold, roadmap("score", str(EXAMPLE)), self.cold)], max(self.reps, 7))
        ratio = score.wall / floor.wall
        self.row("`roadmap score` example, catalog cached", score.cell(),
                 f"{ratio:.2f}× the floor ({floor.wall:.2f} s); {score.wall / base.wall:.2f}× bare imports",
                 "≤ 1.3× the floor", _ok(ratio <= 1.3))
        self.row("`roadmap score` example, cache off", score_cold.cell(),
                 f"{score_cold.wall / floor.wall:.2f}× the floor", "—", "—")
        self.row("floor: import yaml, pydantic, click + one pydantic model defined and validated", floor.cell(),
                 f"{floor.wall / base.wall:.2f}× bare imports ({base.wall:.2f} s)", "—", "—")

    def load(self) -> None:
        for n in SIZES:
            for state, env in (("cache off", self.cold), ("catalog cached", self.warm)):
                self._load_one(n, state, env)
        cl = Series("roadmap score 1000", "")
        criteria, assessment = self.data[1000]
        interleaved([(cl, roadmap("--criteria", str(criteria), "score", str(assessment)), self.warm)], self.reps)
        self.row("`roadmap score` 1,000 criteria, catalog cached", cl.cell(), "—", "—", "—")

    def _load_one(self, n: int, state: str, env: dict[str, str]) -> None:
        print(f"load + validate + score, {n} criteria, {state}", file=sys.stderr)
        criteria, assessment = self.data[n]
        argv = [PY, "-c", LOAD_DRIVER, str(assessment), str(criteria)]
        s = Series(f"load {n}", "")
        splits = []
        if env is self.warm:
            subprocess.run(argv, cwd=REPO, env={**os.environ, **env}, stderr=subprocess.DEVNULL, check=True)
        for _ in range(self.reps if n < 10000 else self.heavy):
            with tempfile.TemporaryFile() as err:
                start = time.perf_counter()
                subprocess.run(argv, cwd=REPO, env={**os.environ, **env}, stderr=err, check=True)
                s.runs.append(Run(time.perf_counter() - start, 0))
                err.seek(0)
                splits.append(json.loads(err.read().decode().strip().splitlines()[-1]))
            print(f"  {n}: {s.runs[-1].wall:.2f} s {splits[-1]}", file=sys.stderr, flush=True)
        split = {k: statistics.median(sp[k] for sp in splits) for k in ("import", "load", "score")}
        big = n == 10000
        self.row(f"load + validate + score, {n:,} criteria, {state} (fresh process)", s.cell(),
                 f"in-process: imports {split['import']:.2f} s, load+validate {split['load']:.2f} s, "
                 f"score {split['score']:.2f} s", "≤ 1.5 s" if big and env is self.warm else "—",
                 _ok(s.wall <= 1.5) if big and env is self.warm else "—")

    def report_example(self) -> None:
        self._report_vs_chromium("examples/japan-2025.yaml", None, EXAMPLE, self.reps, (1.5, None))

    def report_1000(self) -> None:
        criteria, assessment = self.data[1000]
        self._report_vs_chromium("synthetic 1,000 criteria", criteria, assessment, self.heavy, (3.5, 600),
                                own_target=None)

    def _report_vs_chromium(self, label: str, criteria: Path | None, assessment: Path, n_reps: int,
                            targets: tuple[float, float | None], own_target: float | None = 1.1) -> None:
        print(f"report: {label}", file=sys.stderr)
        crit = ["--criteria", str(criteria)] if criteria else []
        out = self.work / "out"
        out.mkdir(exist_ok=True)
        html = out / f"{assessment.stem}.html"
        run(roadmap(*crit, "report", str(assessment), "--format", "html", "-o", str(html)), env=self.warm)
        wp = Series("roadmap report", f"python -m roadmap report {label}")
        pdf = out / f"{assessment.stem}.pdf"
        sides: list[tuple[Series, list[str], dict[str, str] | None]] = [
            (wp, roadmap(*crit, "report", str(assessment), "-o", str(pdf)), self.warm)]
        own = Series("weasyprint", "WeasyPrint's import + parse + layout + write of our --format html output")
        sides.append((own, [PY, "-c", WEASYPRINT_OWN, str(html), str(out / f"{assessment.stem}-own.pdf")], None))
        ch = Series("chromium", "chromium --print-to-pdf (our --format html output)")
        chrome_pdf = out / f"{assessment.stem}-chromium.pdf"
        if self.chrome:
            sides.append((ch, chromium_argv(self.chrome, html, chrome_pdf, self.work / "chrome-profile"), None))
        interleaved(sides, n_reps)
        pages = _pages(pdf)
        ratio_target, rss_target = targets
        own_ratio = wp.wall / own.wall
        self.row(f"`roadmap report` {label} ÷ WeasyPrint alone on the same HTML", wp.cell(),
                 f"{own_ratio:.2f}× WeasyPrint ({own.wall:.2f} s, {own.rss:.0f} MB)",
                 f"≤ {own_target:g}×" if own_target else "—", _ok(own_ratio <= own_target) if own_target else "—")
        if self.chrome:
            ratio = wp.wall / ch.wall
            self.row(f"`roadmap report` {label} ({pages} pages)", wp.cell(),
                     f"{ratio:.2f}× Chromium ({ch.wall:.2f} s, {_pages(chrome_pdf)} pages)",
                     f"≤ {ratio_target:g}× Chromium", _ok(ratio <= ratio_target))
        else:
            self.row(f"`roadmap report` {label} ({pages} pages)", wp.cell(), "Chromium not installed: no ratio",
                     f"≤ {ratio_target:g}× Chromium", "not measured")
        self.row(f"peak RSS, `roadmap report` {label}", f"{wp.rss:.0f} MB",
                 f"Chromium {ch.rss:.0f} MB (largest of the browser and the children it waited for)"
                 if self.chrome else "—", f"≤ {rss_target:g} MB" if rss_target else "—",
                 _ok(wp.rss <= rss_target) if rss_target else "—")

    def jobs(self) -> None:
        print("-j 2 vs -j 1", file=sys.stderr)
        files = [str(REPO / "examples" / "japan-2025.yaml"), str(REPO / "examples" / "japan-2026.yaml")]
        one = Series("-j 1", "")
        two = Series("-j 2", "")
        interleaved([(one, roadmap("report", *files, "-j", "1", "-o", str(self.work / "j1")), self.warm),
                     (two, roadmap("report", *files, "-j", "2", "-o", str(self.work / "j2")), self.warm)], self.reps)
        speedup = one.wall / two.wall
        self.row("`roadmap report` 2 examples, `-j 2` vs `-j 1`", f"-j 2: {two.cell()}; -j 1: {one.cell()}",
                 f"{speedup:.2f}× speed-up", "≥ 1.7×", _ok(speedup >= 1.7))


def _pages(pdf: Path) -> str:
    try:  # pypdf is a test dependency; the page count is a nicety
        from pypdf import PdfReader
    except ImportError:
        return "?"
    return str(len(PdfReader(pdf).pages))


def _record(out: Path, run_text: str) -> None:
    """Put this run's table first under '# Latest run' in RESULTS.md, keeping the rest of the file."""
    marker_start, marker_end = "<!-- latest run: start -->", "<!-- latest run: end -->"
    block = f"{marker_start}\n{run_text}{marker_end}"
    if out.exists() and marker_start in out.read_text():
        text = out.read_text()
        before, rest = text.split(marker_start, 1)
        after = rest.split(marker_end, 1)[1]
        out.write_text(before + block + after)
    else:
        out.write_text(f"# Benchmark results\n\n{block}\n")
    print(f"recorded in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
