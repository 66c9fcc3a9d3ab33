"""Golden outputs: what every command prints and writes on the bundled catalogs and examples.

`python -m tests.golden` rewrites `tests/data/golden/`; `tests/test_golden.py` checks that the
commands still give exactly these bytes. A change that moves a golden output must mean to: rewrite
them, and let the diff of `tests/data/golden/` show what changed, in the same commit.

PDF bytes depend on WeasyPrint and its font stack, so a PDF's SHA-256 is kept per version of the
PDF stack (`pdf-sha256.txt`); on another version its text (`*.pdf.txt`, extracted page by page) is
compared instead, which still shows every word that moved.
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "data" / "golden"
EX = "examples"
Y24, Y25, Y26 = f"{EX}/japan-2024.yaml", f"{EX}/japan-2025.yaml", f"{EX}/japan-2026.yaml"
#: The roll-up of three ministries (docs/scoring.md) and the plan files (docs/plan.md).
NATION = f"{EX}/rollup/japan-national-2026.yaml"
SCOPES = tuple(f"{EX}/rollup/japan-{s}-2026.yaml" for s in ("mod", "mofa", "cabinet"))
P24, P25 = f"{EX}/plans/japan-2024-plan.yaml", f"{EX}/plans/japan-2025-plan.yaml"


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    #: The file the command writes with -o (inside the working folder), or None for stdout.
    output: str | None = None
    slow: bool = False


def _cases() -> list[Case]:
    cases: list[Case] = []
    for year, path in (("2024", Y24), ("2025", Y25), ("2026", Y26)):
        cases += [
            Case(f"validate-{year}.txt", ("validate", path)),
            Case(f"score-{year}.txt", ("score", path)),
            Case(f"score-{year}.json", ("score", path, "--json")),
            Case(f"reciprocity-{year}.txt", ("reciprocity", path)),
            Case(f"reciprocity-{year}.json", ("reciprocity", path, "--json")),
            Case(f"plan-{year}.csv", ("plan", path)),
            Case(f"plan-{year}.json", ("plan", path, "--json")),
            Case(f"oscal-results-{year}.json", ("export", "oscal", "results", path)),
            Case(f"oscal-poam-{year}.json", ("export", "oscal", "poam", path)),
            Case(f"report-{year}.html", ("report", path, "--format", "html", "-o", "out.html"), "out.html"),
            Case(f"report-{year}.pdf", ("report", path, "-o", "out.pdf"), "out.pdf", slow=True),
        ]
    cases += [
        Case("score-2025-top3.txt", ("score", Y25, "--top", "3")),
        Case("report-2025-since-2024.html", ("report", Y25, "--previous", Y24, "--format", "html", "-o", "out.html"),
             "out.html"),
        Case("report-2025-since-2024.pdf", ("report", Y25, "--previous", Y24, "-o", "out.pdf"), "out.pdf", slow=True),
        Case("reciprocity-2024-2025.txt", ("reciprocity", Y24, Y25)),
        Case("reciprocity-2024-2025.json", ("reciprocity", Y24, Y25, "--json")),
        Case("diff-2025-2026.txt", ("diff", Y25, Y26)),
        Case("diff-2025-2026.json", ("diff", Y25, Y26, "--json")),
        Case("diff-2024-2025.txt", ("diff", Y24, Y25)),
        Case("diff-2025-2026.html", ("diff", Y25, Y26, "--format", "html", "-o", "out.html"), "out.html"),
        Case("diff-2025-2026.pdf", ("diff", Y25, Y26, "--format", "pdf", "-o", "out.pdf"), "out.pdf", slow=True),
        Case("trend.txt", ("trend", Y24, Y25, Y26)),
        Case("trend.json", ("trend", Y24, Y25, Y26, "--json")),
        Case("trend.html", ("trend", Y24, Y25, Y26, "--format", "html", "-o", "out.html"), "out.html"),
        Case("trend.pdf", ("trend", Y24, Y25, Y26, "--format", "pdf", "-o", "out.pdf"), "out.pdf", slow=True),
        Case("criteria-list-1.0.0.txt", ("criteria", "list", "--catalog", "fvey@1.0.0")),
        Case("criteria-list-1.1.0.json", ("criteria", "list", "--catalog", "fvey@1.1.0", "--json")),
        Case("criteria-show-PHY-01.txt", ("criteria", "show", "PHY-01", "--catalog", "fvey@1.1.0")),
        Case("criteria-diff-1.0.0-1.1.0.txt", ("criteria", "diff", "fvey@1.0.0", "fvey@1.1.0")),
        Case("criteria-diff-1.0.0-1.1.0.json", ("criteria", "diff", "fvey@1.0.0", "fvey@1.1.0", "--json")),
        Case("criteria-verify.txt", ("criteria", "verify")),
        Case("oscal-catalog-1.1.0.json", ("export", "oscal", "catalog", "--catalog", "fvey@1.1.0")),
        Case("schema-assessment.json", ("schema", "assessment")),
        Case("init.yaml", ("init", "-o", "-")),
    ]
    return cases + _many_cases()


def _many_cases() -> list[Case]:
    """Roll-ups, compare, and plans carried over (docs/scoring.md, docs/plan.md)."""
    return [
        Case("validate-rollup.txt", ("validate", *SCOPES, NATION)),
        Case("score-rollup.txt", ("score", NATION)),
        Case("score-rollup.json", ("score", NATION, "--json")),
        Case("report-rollup.html", ("report", NATION, "--format", "html", "-o", "out.html"), "out.html"),
        Case("compare-scopes.txt", ("compare", *SCOPES)),
        Case("compare-scopes.json", ("compare", *SCOPES, "--json")),
        Case("compare-rescored.txt", ("compare", NATION, *SCOPES[1:], "--rescore-with", "fvey@1.1.0")),
        Case("compare-scopes.html", ("compare", *SCOPES, "--format", "html", "-o", "out.html"), "out.html"),
        Case("compare-scopes.pdf", ("compare", *SCOPES, "--format", "pdf", "-o", "out.pdf"), "out.pdf", slow=True),
        Case("plan-2025-from-2024.yaml", ("plan", Y25, "--previous", P24, "--format", "yaml")),
        Case("plan-2026-from-2025.yaml", ("plan", Y26, "--previous", P25, "--format", "yaml")),
        Case("plan-2026-from-2025.csv", ("plan", Y26, "--previous", P25, "--format", "csv")),
        Case("plan-rollup.yaml", ("plan", NATION, "--format", "yaml")),
        Case("report-2026-plan-2025.html", ("report", Y26, "--plan", P25, "--format", "html", "-o", "out.html"),
             "out.html"),
        Case("trend-plan-2025.txt", ("trend", Y24, Y25, Y26, "--plan", P25)),
        Case("trend-plan-2024.json", ("trend", Y24, Y25, Y26, "--plan", P24, "--json")),
        Case("trend-plan-2025.html", ("trend", Y24, Y25, Y26, "--plan", P25, "--format", "html", "-o", "out.html"),
             "out.html"),
    ]


CASES = _cases()


def pdf_stack() -> str:
    """The versions that decide a PDF's bytes."""
    return " ".join(f"{name}-{version(name)}" for name in ("weasyprint", "pydyf", "fonttools"))


def pdf_text(data: bytes) -> str:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return "".join(f"--- page {n} ---\n{page.extract_text()}\n" for n, page in enumerate(reader.pages, 1))


def run_case(case: Case, outdir: Path) -> tuple[int, bytes]:
    """Run one case through the real entry point, from the repository's root (so that outputs
    name the inputs as `examples/...`), writing any file into `outdir`."""
    from tests.conftest import _entry

    args = [str(outdir / a) if a == case.output else a for a in case.args]
    old = os.getcwd()
    os.chdir(REPO)
    try:
        env = {"COLUMNS": "120", "TZ": "UTC", "NO_COLOR": "1"}
        result = CliRunner().invoke(_entry, args, env=env, catch_exceptions=False)  # type: ignore[arg-type]
        if case.output is None:  # the checkout's own path (init names the shipped schema) as <repo>
            return result.exit_code, result.stdout_bytes.replace(str(REPO).encode(), b"<repo>")
        out = outdir / case.output
        data = out.read_bytes()
        out.unlink()
        return result.exit_code, data
    finally:
        os.chdir(old)


def update() -> None:
    import tempfile

    GOLDEN.mkdir(parents=True, exist_ok=True)
    shas = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in CASES:
            code, data = run_case(case, Path(tmp))
            if code != 0:
                sys.exit(f"{case.name}: exit {code}")
            if case.name.endswith(".pdf"):
                shas.append(f"{hashlib.sha256(data).hexdigest()}  {case.name}")
                (GOLDEN / (case.name + ".txt")).write_text(pdf_text(data))
            else:
                (GOLDEN / case.name).write_bytes(data)
    (GOLDEN / "pdf-sha256.txt").write_text(f"# {pdf_stack()}\n" + "\n".join(shas) + "\n")
    print(f"wrote {len(CASES)} golden outputs to {GOLDEN.relative_to(REPO)}")


if __name__ == "__main__":
    update()
