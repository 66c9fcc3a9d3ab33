"""What the CLI does with its input and output streams: `-o -` is standard output, a reader that
goes away (`| head`) ends the run quietly, errors in a user's own templates are input errors,
`validate` warnings, dates that do not exist, help text, a criteria folder that does not exist."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLES, REPO, assessment_yaml, run

FINDINGS = "ALP-01: {value: true}\nALP-02: {value: 85}\nBET-01: {value: 2}\n"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder of its own: nothing may appear in it but what the test wrote."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def _assessment(folder: Path, name: str = "a.yaml", as_of: str = "2026-06-30", findings: str = FINDINGS) -> Path:
    f = folder / name
    f.write_text(assessment_yaml(findings, as_of=as_of))
    return f


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- -o - is standard output ---------------------------------------------------------------------------

@pytest.mark.parametrize("command", [["plan", "{a}"], ["plan", "{a}", "--json"], ["export", "oscal", "poam", "{a}"],
                                     ["export", "oscal", "results", "{a}"], ["export", "oscal", "catalog"],
                                     ["schema", "assessment"], ["init"]])
def test_dash_output_is_stdout_like_no_output(command: list[str], runner: CliRunner, mini_root: Path,
                                              here: Path) -> None:
    a = _assessment(here)
    args = ["--criteria", str(mini_root), *(x.format(a=a) for x in command)]
    if command[0] in ("export", "init") and "{a}" not in command:
        args += ["--catalog", "mini"]
    plain = run(runner, args)
    assert plain.exit_code == 0, plain.output
    dash = run(runner, [*args, "-o", "-"])
    assert dash.exit_code == 0, dash.output
    assert dash.stdout == plain.stdout and dash.stdout
    assert dash.stderr == ""  # no "wrote -: ..."
    assert _listing(here) == ["a.yaml"]  # no file named "-"


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_report_html_and_pdf_to_stdout(runner: CliRunner, mini_root: Path, here: Path) -> None:
    a = _assessment(here)
    result = run(runner, ["--criteria", str(mini_root), "report", str(a), "--format", "html", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>") and result.stdout.rstrip().endswith("</html>")
    assert "wrote" not in result.output
    result = run(runner, ["--criteria", str(mini_root), "report", str(a), "-o", "-"])  # a pipe, not a terminal
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"%PDF-") and result.stderr == ""
    assert _listing(here) == ["a.yaml"]


def test_diff_and_trend_reports_to_stdout(runner: CliRunner, mini_root: Path, here: Path) -> None:
    old, new = _assessment(here, "old.yaml", "2026-01-31"), _assessment(here, "new.yaml")
    for command in (["diff", str(old), str(new)], ["trend", str(old), str(new)]):
        result = run(runner, ["--criteria", str(mini_root), *command, "--format", "html", "-o", "-"])
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("<!DOCTYPE html>") and "wrote" not in result.output
    assert _listing(here) == ["new.yaml", "old.yaml"]


def test_report_of_several_files_to_stdout_is_refused(runner: CliRunner, mini_root: Path, here: Path) -> None:
    a, b = _assessment(here, "a.yaml"), _assessment(here, "b.yaml")
    result = run(runner, ["--criteria", str(mini_root), "report", str(a), str(b), "--format", "html", "-o", "-"])
    assert result.exit_code == 2
    assert result.output == ("error: -o - writes one report to standard output, and 2 files were given; "
                             "give one file, or -o FOLDER for several\n")
    assert _listing(here) == ["a.yaml", "b.yaml"]


def _on_a_terminal(args: list[str], cwd: Path) -> tuple[int, bytes, bytes]:
    """Run roadmap with standard output on a pseudo-terminal; (exit code, terminal output, stderr)."""
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "roadmap", *args], stdout=follower, stderr=subprocess.PIPE,
                            cwd=cwd)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is closed once the process has ended
            break
        if not chunk:
            break
        seen += chunk
    _, err = proc.communicate(timeout=120)
    os.close(leader)
    return proc.returncode, seen, err


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_pdf_to_a_terminal_is_refused(mini_root: Path, here: Path) -> None:
    a = _assessment(here)
    message = (b"error: -o -: will not write a PDF to the terminal; redirect standard output (> report.pdf) "
               b"or give -o FILE\n")
    for command in (["report", str(a)], ["trend", str(a), "--format", "pdf"]):
        code, seen, err = _on_a_terminal(["--criteria", str(mini_root), *command, "-o", "-"], here)
        assert (code, seen, err) == (2, b"", message)
    assert _listing(here) == ["a.yaml"]


# -- a reader that has gone ------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [["criteria", "list"], ["criteria", "list", "--json"],
                                     ["diff", str(EXAMPLES / "japan-2024.yaml"), str(EXAMPLES / "japan-2025.yaml")],
                                     ["plan", str(EXAMPLES / "japan-2025.yaml"), "-o", "-"]])
def test_closed_pipe_exits_0_quietly(command: list[str]) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "roadmap", *command], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=REPO)
    assert proc.stdout is not None
    proc.stdout.close()  # like `| head -0`: the reader is gone before the first line
    _, err = proc.communicate(timeout=120)
    assert (proc.returncode, err.decode()) == (0, "")


@pytest.mark.parametrize(("command", "stderr"), [
    (["criteria", "diff", "fvey@1.0.0", "fvey@1.1.0", "--fail-on-tightening"],
     "2 tightening changes from fvey@1.0.0 to fvey@1.1.0: PER-12, COM-17 (--fail-on-tightening)\n"),
    (["reciprocity", str(EXAMPLES / "japan-2025.yaml"), "--fail-on-broken"],
     "1 broken host commitment, 0 partner shortfalls in "),
])
def test_closed_pipe_keeps_the_findings_exit_code(command: list[str], stderr: str) -> None:
    """`set -o pipefail; roadmap ... --fail-on-X | head -1` must still fail the step."""
    proc = subprocess.Popen([sys.executable, "-m", "roadmap", *command], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=REPO)
    assert proc.stdout is not None
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert err.decode().startswith(stderr) and "Traceback" not in err.decode() and "Broken" not in err.decode()


# -- errors in the user's own templates --------------------------------------------------------------

def test_error_in_a_user_template_is_an_input_error(runner: CliRunner, mini_root: Path, here: Path) -> None:
    a = _assessment(here)
    tpl = here / "tpl"
    tpl.mkdir()
    (tpl / "report.html.j2").write_text("<html>\n<body>\n{{ 1/0 }}\n</body></html>\n")
    result = run(runner, ["--criteria", str(mini_root), "report", str(a), "--format", "html", "--templates", "tpl",
                          "-o", "out.html"])
    assert result.exit_code == 2
    assert result.output == "error: tpl/report.html.j2:3: template error: division by zero\n"
    (tpl / "report.html.j2").write_text("{% include '_part.html.j2' %}\n")
    (tpl / "_part.html.j2").write_text("one\n{{ cover.partner.nope() }}\n")
    result = run(runner, ["--criteria", str(mini_root), "report", str(a), "--format", "html", "--templates", "tpl",
                          "-o", "out.html"])
    assert result.exit_code == 2
    assert result.output.startswith("error: tpl/_part.html.j2:2: template error: ")
    assert _listing(here) == ["a.yaml", "tpl"]


def test_error_in_a_bundled_template_stays_internal(monkeypatch: pytest.MonkeyPatch, runner: CliRunner,
                                                    mini_root: Path, here: Path) -> None:
    from roadmap.report import render

    bundled = here / "bundled"
    bundled.mkdir()
    (bundled / "report.html.j2").write_text("{{ 1/0 }}\n")
    monkeypatch.setattr(render, "bundled_templates", lambda: bundled)
    a = _assessment(here)
    result = run(runner, ["--criteria", str(mini_root), "report", str(a), "--format", "html", "-o", "out.html"])
    assert result.exit_code == 3
    assert result.output.splitlines()[0] == "internal error: ZeroDivisionError: division by zero"


# -- validate: warnings ----------------------------------------------------------------------------------

WARNED = """\
ALP-01:
  value: true
  evidence:
    - {ref: r1, kind: document, date: 2031-08-09, verification: documented}
BET-01:
  status: exception
  justification: waiting for the law
  approver: the lead
  expires: 2026-01-31
"""


def test_validate_warns_about_what_the_scorer_ignores(runner: CliRunner, mini_root: Path, here: Path) -> None:
    f = _assessment(here, findings=WARNED)
    warnings = [
        f"{f}:11:41: findings.ALP-01.evidence[0].date: warning: dated 2031-08-09, after as_of 2026-06-30; "
        "the scorer does not count it",
        f"{f}:16:14: findings.BET-01.expires: warning: exception expired 2026-01-31, before as_of 2026-06-30; "
        "the scorer counts it as not assessed",
    ]
    ok = f"{f}: ok — Testland, as of 2026-06-30, mini@1.0.0, 1 of 6 criteria assessed, 2 warnings"
    result = run(runner, ["--criteria", str(mini_root), "validate", str(f)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == warnings
    assert result.stdout.splitlines() == [ok, "1 file valid, 2 warnings"]
    result = run(runner, ["--criteria", str(mini_root), "validate", "--strict", str(f)])
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [*warnings, "2 warnings (--strict)"]
    # and the scorer does ignore them
    data = json.loads(run(runner, ["--criteria", str(mini_root), "score", str(f), "--json"]).stdout)
    by_id = {c["id"]: c for c in data["criteria"]}
    assert "dated after 2026-06-30" in by_id["ALP-01"]["verified_rule"]


def test_validate_strict_without_warnings_is_ok(runner: CliRunner, mini_root: Path, here: Path) -> None:
    f = _assessment(here)
    result = run(runner, ["--criteria", str(mini_root), "validate", "--strict", str(f)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "1 file valid"
    assert "warning" in run(runner, ["validate", "--help"]).output


# -- small things ----------------------------------------------------------------------------------------

def test_as_of_that_does_not_exist(runner: CliRunner, mini_root: Path, here: Path) -> None:
    f = _assessment(here)
    result = run(runner, ["--criteria", str(mini_root), "score", str(f), "--as-of", "2025-02-30"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == ("Error: Invalid value for '--as-of': expected a real date YYYY-MM-DD, "
                                              "found '2025-02-30' (day is out of range for month)")
    result = run(runner, ["--criteria", str(mini_root), "plan", str(f), "--as-of", "2025-13-01"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1].endswith("found '2025-13-01' (month must be in 1..12)")


def test_help_text(runner: CliRunner) -> None:
    result = run(runner, ["criteria", "--help"])
    assert "List, show, diff, verify and release criteria catalogs." in result.output
    result = run(runner, ["schema", "--help"])
    assert result.output.splitlines()[0] == "Usage: roadmap schema [OPTIONS] {assessment|catalog|catalog-domain}"
    result = run(runner, ["schema"])
    assert (result.exit_code, result.output) == (2, "error: give a schema: assessment, catalog or catalog-domain\n")


def test_criteria_folder_that_does_not_exist(runner: CliRunner, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "nonexistent"
    result = run(runner, ["--criteria", str(missing), "criteria", "list"])
    assert (result.exit_code, result.output) == (2, f"error: --criteria {missing}: no such folder\n")
    monkeypatch.setenv("ROADMAP_CRITERIA_DIR", str(missing))
    result = run(runner, ["init"])
    assert (result.exit_code, result.output) == (2, f"error: ROADMAP_CRITERIA_DIR {missing}: no such folder\n")


def test_closed_pipe_on_stderr_keeps_the_input_error_exit_code(tmp_path: Path) -> None:
    """`roadmap validate bad.yaml 2>&1 | head -1`: the problems are the findings; still exit 2."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("".join(f"bogus_{i}: 1\n" for i in range(3000)))
    proc = subprocess.Popen([sys.executable, "-m", "roadmap", "validate", str(bad)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, cwd=REPO)
    assert proc.stdout is not None
    proc.stdout.close()
    proc.wait(timeout=120)
    assert proc.returncode == 2


def test_error_through_a_bundled_partial_is_the_user_templates(runner: CliRunner, mini_root: Path,
                                                              here: Path) -> None:
    a = _assessment(here)
    tpl = here / "tpl"
    tpl.mkdir()
    (tpl / "report.html.j2").write_text('{% set gaps = {"tier": {"id": 1, "name": "x"}, "rows": 5, "rule": "r"} %}\n'
                                        '{% include "_gaps.html.j2" %}\n')
    result = run(runner, ["--criteria", str(mini_root), "report", str(a), "--format", "html", "--templates", "tpl",
                          "-o", "out.html"])
    assert result.exit_code == 2, result.output
    assert result.output == "error: tpl/report.html.j2:2: template error: object of type 'int' has no len()\n"
