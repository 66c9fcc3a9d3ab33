"""`roadmap compare` at scale: N synthetic assessments (tests/synthetic.py) of C criteria each, against
one synthetic catalog, compared in one fresh process with the catalog cache warm; and what the
progress bar costs.

    python benchmarks/compare.py                    # 1,000 assessments of 100 criteria, 3 repetitions
    python benchmarks/compare.py --files 200 --reps 5

What is measured (target for the 2-core reference machine: 1,000 × 100 in under 30 s):

| name | what |
|---|---|
| compare --json | the whole command, standard error piped (no bar), output to /dev/null |
| compare (table) | the terminal table, piped |
| with the bar | --json with standard error on a pseudo-terminal: the rich bar drawn; its ratio to the piped run |
| phases | in one process: reading + validating the files, scoring them, writing the JSON |

Each command runs in a fresh process (`python -m roadmap`); sides interleaved (A B A B ...) on a
shared machine; medians and every run are printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PY = sys.executable

PHASES = """\
import glob, json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from roadmap.engine.compare import Compared, compare
from roadmap.load.assessments import load_many
from roadmap.present.jsondoc import dumps
t1 = time.perf_counter()
loaded = load_many([Path(f) for f in sorted(glob.glob(sys.argv[1] + "/a*.yaml"))], Path(sys.argv[2]))
t2 = time.perf_counter()
result = compare([Compared(la.file, la.sha256, la.catalog, la.assessment) for la in loaded])
t3 = time.perf_counter()
dumps("compare", result.model_dump(mode="json"))
t4 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "read + validate": t2 - t1, "score": t3 - t2, "json": t4 - t3}))
"""


def generate(work: Path, files: int, criteria: int) -> tuple[Path, list[str]]:
    sys.path.insert(0, str(REPO))
    from tests import synthetic

    root = work / "criteria"
    synthetic.write_catalog(root, criteria)
    names = []
    for i in range(files):
        name = f"a{i:05d}.yaml"
        (work / name).write_text(synthetic.assessment(criteria, partner=f"Partner {i:05d}", seed=i))
        names.append(name)
    return root, names


def timed(argv: list[str], cwd: Path, env: dict[str, str], *, terminal: bool) -> tuple[float, float]:
    """Wall time and CPU time (user + system, from os.wait4) of argv in a fresh process; standard
    error on a pseudo-terminal (drained as it is drawn) or into a file; standard output to /dev/null."""
    import pty

    with tempfile.TemporaryFile() as err:
        leader = follower = None
        if terminal:
            leader, follower = pty.openpty()
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                stderr=follower if terminal else err)
        drained: list[int] = []
        reader = None
        if terminal:
            assert leader is not None and follower is not None
            os.close(follower)
            reader = threading.Thread(target=_drain, args=(leader, drained), daemon=True)
            reader.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if reader is not None:
            reader.join(timeout=5)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: {' '.join(argv[:6])} ...")
        err.seek(0)
        if not terminal and err.read():
            raise SystemExit("unexpected standard error (a bar on a pipe?)")
    if terminal and not drained:
        raise SystemExit("no progress bar was drawn on the terminal")
    return wall, usage.ru_utime + usage.ru_stime


def _drain(fd: int, seen: list[int]) -> None:
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen.append(len(chunk))
    os.close(fd)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--criteria", type=int, default=100)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    compileall.compile_dir(REPO / "roadmap", quiet=1)  # as `pip install` of the wheel does
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        root, names = generate(work, args.files, args.criteria)
        env = {**os.environ, "PYTHONPATH": str(REPO), "ROADMAP_CACHE_DIR": str(work / "cache"), "COLUMNS": "120"}
        base = [PY, "-m", "roadmap", "--criteria", str(root), "compare"]
        subprocess.run([*base, names[0]], cwd=work, env=env, check=True, capture_output=True)  # warm the cache
        sides = {"compare --json": ([*base, *names, "--json"], False),
                 "compare (table)": ([*base, *names], False),
                 "compare --json, bar on a terminal": ([*base, *names, "--json"], True)}
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
        for _ in range(args.reps):
            for name, (argv, terminal) in sides.items():
                runs[name].append(timed(argv, work, env, terminal=terminal))
                wall, cpu = runs[name][-1]
                print(f"  {name}: {wall:.2f} s wall, {cpu:.2f} s CPU", file=sys.stderr, flush=True)
        phases = json.loads(subprocess.run([PY, "-c", PHASES, str(work), str(root)], cwd=work, env=env, check=True,
                                           capture_output=True, text=True).stdout)
    report(args, runs, phases)


def report(args: argparse.Namespace, runs: dict[str, list[tuple[float, float]]], phases: dict[str, float]) -> None:
    print(f"\n`roadmap compare` of {args.files:,} assessments of {args.criteria} criteria, catalog cache warm, "
          f"{args.reps} repetitions (load average {os.getloadavg()[0]:.2f} at the end):\n")
    print("| measurement | wall, median | CPU, median | wall, runs |")
    print("|---|---|---|---|")
    for name, r in runs.items():
        walls, cpus = [w for w, _ in r], [c for _, c in r]
        print(f"| {name} | {statistics.median(walls):.2f} s | {statistics.median(cpus):.2f} s | "
              f"{', '.join(f'{x:.2f}' for x in walls)} |")
    for i, what in ((0, "wall"), (1, "CPU")):
        ratio = [t[i] / p[i] for t, p in zip(runs["compare --json, bar on a terminal"], runs["compare --json"],
                                             strict=True)]
        print(f"| bar ÷ no bar, {what}, run by run | {statistics.median(ratio):.3f}× | | "
              f"{', '.join(f'{x:.3f}' for x in ratio)} |")
    total = sum(phases.values())
    split = ", ".join(f"{k} {v:.2f} s ({100 * v / total:.0f}%)" for k, v in phases.items())
    print(f"\nPhases, in one process: {split}")


if __name__ == "__main__":
    main()
