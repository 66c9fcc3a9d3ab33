"""What `roadmap score` costs above its floor, part by part: the floor of `benchmarks/run.py` (yaml,
pydantic and click imported, one model validated), then the same with the libraries `score` cannot
do without added one at a time (rich's tables, cryptography's signature primitives), then our
catalog and assessment models, then every module `score` imports, and `score` itself.

    python benchmarks/score_parts.py             # 11 rounds
    python benchmarks/score_parts.py --reps 21
    python benchmarks/score_parts.py --score-only --trees /tmp/before /tmp/after   # score of other checkouts too

`--trees` adds `roadmap score` run in other checkouts of the repository (`git worktree add /tmp/before
COMMIT`), interleaved with the rest: the before and after of a lever, measured side by side.

Each side runs in a fresh process, the sides interleaved (A B C ... A B C ...); the table gives the
median wall time and the median CPU time (user + system, from `os.wait4`) of each, and their ratios
to the floor's. On the shared 2-core reference machine the CPU time is the steadier figure: the wall
time of a run also holds the time it waited for a core. The catalog cache is filled first, as in
`run.py`'s score row. Importing from `-c` runs with the cyclic garbage collector on, as the floor
does; `roadmap score` turns it off before its own imports, so its line can be below the line above it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
FLOOR = """\
import yaml, click
from pydantic import BaseModel
class Input(BaseModel):
    x: int
Input.model_validate({"x": 1})
"""  # run.py's FLOOR
RICH = "import rich.console, rich.table, rich.padding, rich.box\n"
CRYPTO = ("from cryptography.hazmat.primitives import hashes\n"
          "from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa\n")
MODELS = "import roadmap.models.catalog, roadmap.models.assessment\n"
IMPORTS = ("import roadmap.cli.assess, roadmap.load.assessments, roadmap.load.cache, roadmap.engine.reciprocity, "
           "roadmap.engine.brief, roadmap.present.terminal.score\n")
SIDES = (
    ("floor: yaml, pydantic, click + one model", [PY, "-c", FLOOR]),
    ("+ rich's console and table", [PY, "-c", FLOOR + RICH]),
    ("+ cryptography's signature primitives", [PY, "-c", FLOOR + RICH + CRYPTO]),
    ("+ the catalog and assessment models", [PY, "-c", FLOOR + RICH + CRYPTO + MODELS]),
    ("+ every module score imports", [PY, "-c", FLOOR + RICH + CRYPTO + MODELS + IMPORTS]),
    ("roadmap score examples/japan-2025.yaml", [PY, "-m", "roadmap", "score", "examples/japan-2025.yaml"]),
)


def cpu_and_wall(argv: list[str], env: dict[str, str], cwd: Path = REPO) -> tuple[float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env={**env, "PYTHONPATH": str(cwd)}, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(argv)}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=11)
    parser.add_argument("--trees", type=Path, nargs="*", default=[], metavar="DIR",
                        help="other checkouts whose `roadmap score` is measured too")
    parser.add_argument("--score-only", action="store_true", help="only the floor and the score lines")
    args = parser.parse_args()
    sides = [(name, argv, REPO) for name, argv in (SIDES[::len(SIDES) - 1] if args.score_only else SIDES)]
    sides += [(f"roadmap score in {tree}", SIDES[-1][1], tree.resolve()) for tree in args.trees]
    with tempfile.TemporaryDirectory() as work:
        env = {**os.environ, "ROADMAP_CACHE_DIR": str(Path(work) / "cache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode compiled
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in sides}
        for _, argv, cwd in sides:  # compiles the bytecode, fills the catalog cache
            cpu_and_wall(argv, env, cwd)
        for _ in range(args.reps):
            for name, argv, cwd in sides:
                runs[name].append(cpu_and_wall(argv, env, cwd))
    wall0 = statistics.median(w for w, _ in runs[SIDES[0][0]])
    cpu0 = statistics.median(c for _, c in runs[SIDES[0][0]])
    print(f"`python benchmarks/score_parts.py {' '.join(sys.argv[1:])}`: medians of {args.reps} interleaved runs\n")
    print("| process | wall | CPU (user + system) |")
    print("|---|---|---|")
    for name, series in runs.items():
        wall = statistics.median(w for w, _ in series)
        cpu = statistics.median(c for _, c in series)
        print(f"| {name} | {wall:.3f} s ({wall / wall0:.2f}×) | {cpu:.3f} s ({cpu / cpu0:.2f}×) |")


if __name__ == "__main__":
    main()
