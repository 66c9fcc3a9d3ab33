"""The report budgets against the cases of issue 16 (roadmap.load.budgets, docs/input-safety.md):
each hostile assessment is generated from examples/japan-2025.yaml, then `roadmap report` (and
`roadmap score`) is run on it in a fresh process with /usr/bin/time -v, to measure its wall time
and peak memory, under a timeout and an address-space limit.

    python benchmarks/hostile.py [--out DIR] [--only NAME,...] [--timeout S] [--limit-gb G] [--repo PATH]

`--repo` measures another checkout (before/after). Prints one Markdown table row per case.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
BASE = REPO / "examples" / "japan-2025.yaml"
Doc = dict[str, Any]


def _base() -> Doc:
    with open(BASE, encoding="utf-8") as fh:
        data: Doc = yaml.safe_load(fh)
    return data


def _item(i: int, size: int) -> Doc:
    ref = f"Evidence item {i}: " + ("minutes of the accreditation board, annex " * 10)[: max(size - 20, 1)]
    return {"ref": ref, "kind": "document", "date": dt.date(2025, 1, 1) + dt.timedelta(days=i % 200),
            "verification": "documented", "note": f"item {i}"}


def evidence(total: int, size: int) -> Callable[[], Doc]:
    """`total` evidence items of about `size` characters, spread over every finding."""
    def make() -> Doc:
        doc = _base()
        findings = list(doc["findings"].values())
        for f in findings:
            f["evidence"] = []
        for i in range(total):
            findings[i % len(findings)]["evidence"].append(_item(i, size))
        return doc
    return make


def one_note(chars: int, word: int = 7) -> Callable[[], Doc]:
    """One note of `chars` characters on one line, in words of `word` letters (0: no spaces at all)."""
    def make() -> Doc:
        doc = _base()
        unit = "x" * word + " " if word else "x"
        doc["notes"] = (unit * (chars // len(unit) + 1))[:chars]
        return doc
    return make


def at_the_budgets() -> Doc:
    """Every budget filled to its limit: 1,000 evidence items (50 on the first findings), texts of up
    to 10,000 characters (the assessment's notes in runs of 1,000 without a space), 500,000 in all."""
    from roadmap.load import budgets

    doc = evidence(budgets.MAX_EVIDENCE, 380)()
    findings = list(doc["findings"].values())
    for f in findings:
        f["evidence"] = []
    for i in range(budgets.MAX_EVIDENCE):
        findings[i // budgets.MAX_EVIDENCE_PER_RECORD]["evidence"].append(_item(i, 380))
    text = sum(len(v) for v in _strings(doc))
    run = "x" * budgets.MAX_WORD_CHARS
    doc["notes"] = " ".join([run] * (budgets.MAX_TEXT_CHARS // (budgets.MAX_WORD_CHARS + 1)))  # it must wrap
    text += budgets.MAX_TEXT_CHARS
    for f in findings:
        room = budgets.MAX_TOTAL_TEXT_CHARS - text
        if room <= 0:
            break
        extra = min(budgets.MAX_TEXT_CHARS - len(f.get("notes", "")), room)
        f["notes"] = f.get("notes", "") + (" filler words" * (extra // 13 + 1))[:extra]
        text += extra
    return doc


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def long_refs(n: int, chars: int, word: int = 0) -> Callable[[], Doc]:
    """`n` evidence items whose reference is `chars` characters in words of `word` letters (0: with no
    space at all: they must wrap in their table cell), spread over the findings."""
    def make() -> Doc:
        doc = evidence(n, 10)()
        unit = "r" * word + " " if word else "r"
        for f in doc["findings"].values():
            for item in f["evidence"]:
                item["ref"] = (unit * (chars // len(unit) + 1))[:chars]
        return doc
    return make


CASES: dict[str, Callable[[], Doc]] = {
    "example": _base,
    "evidence-5000-1mb": evidence(5000, 100),
    "note-5mb-one-line": one_note(5_000_000),
    "note-19mb-one-line": one_note(19_500_000),
    "evidence-1000-at-budget": evidence(1000, 380),
    "unbroken-10k": one_note(10_000, 0),
    "unbroken-1k": one_note(1_000, 0),
    "all-budgets-full": at_the_budgets,
    "evidence-text-at-budget": evidence(1000, 470),
    "unbroken-refs-at-budget": long_refs(48, 10_000),
    "long-refs-at-budget": long_refs(48, 10_000, 7),
    "unbroken-1k-refs-at-budget": long_refs(470, 1_000),
}


def _measure(args: list[str], cwd: Path, repo: Path, timeout: float, limit_gb: float) -> tuple[str, str, str, str]:
    """(exit code, wall seconds, CPU seconds, peak RSS in MB) of `roadmap ARGS` in a fresh process."""
    limit = int(limit_gb * 1024 ** 3)
    cmd = ["/usr/bin/time", "-v", "timeout", str(int(timeout)), "prlimit", f"--as={limit}",
           sys.executable, "-m", "roadmap", *args]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    wall = re.search(r"Elapsed \(wall clock\) time .*: (?:(\d+):)?(\d+):([\d.]+)", proc.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    cpu = sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", proc.stderr))
    seconds = (int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))) if wall else 0.0
    code = "timeout" if proc.returncode == 124 else str(proc.returncode)
    return code, f"{seconds:.1f}", f"{cpu:.1f}", f"{int(rss.group(1)) // 1024 if rss else 0}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("/tmp/roadmap-hostile"))
    parser.add_argument("--only", default="")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--limit-gb", type=float, default=4)
    parser.add_argument("--repo", type=Path, default=REPO)
    parser.add_argument("--commands", default="report,score")
    opts = parser.parse_args()
    opts.out.mkdir(parents=True, exist_ok=True)
    names = [n for n in opts.only.split(",") if n] or list(CASES)
    print("| case | file | command | exit | wall (s) | CPU (s) | peak RSS (MB) |\n|---|---|---|---|---|---|---|")
    for name in names:
        path = opts.out / f"{name}.yaml"
        path.write_text(yaml.safe_dump(copy.deepcopy(CASES[name]()), allow_unicode=True, sort_keys=False, width=10**9),
                        encoding="utf-8")
        size = f"{path.stat().st_size / 1e6:.2f} MB"
        for command in opts.commands.split(","):
            args = [command, str(path)] + (["-o", str(opts.out / f"{name}.pdf")] if command == "report" else [])
            code, wall, cpu, rss = _measure(args, opts.out, opts.repo, opts.timeout, opts.limit_gb)
            print(f"| {name} | {size} | {command} | {code} | {wall} | {cpu} | {rss} |", flush=True)


if __name__ == "__main__":
    main()
