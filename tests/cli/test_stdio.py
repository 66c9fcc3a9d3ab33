"""What the CLI does with its standard streams (`roadmap.cli.stdio`, `roadmap.cli.emit`): `-o -` is
standard output, a PDF is not written to a terminal, and a reader that goes away (`| head`) ends the
run quietly with the exit code it would have had."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import IO

import pytest
from click.testing import CliRunner

from tests.cli.conftest import _assessment, _listing
from tests.conftest import EXAMPLES, REPO, run

# -- -o - is standard output -----------------------------------------------------------------------

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
                            cwd=cwd, env=ENV)  # this checkout's roadmap, whatever the folder
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


# -- a reader that has gone ------------------------------------------------------------------------

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


def test_a_workbook_to_a_terminal_is_refused(mini_root: Path, here: Path) -> None:
    a = _assessment(here)
    code, seen, err = _on_a_terminal(["--criteria", str(mini_root), "plan", str(a), "--format", "xlsx"], here)
    assert (code, seen, err) == (2, b"", b"error: will not write a workbook to the terminal: give -o FILE.xlsx, or "
                                         b"redirect standard output\n")
    assert _listing(here) == ["a.yaml"]


# -- standard output or error that cannot be written -----------------------------------------------

def _run_with(args: list[str], *, stdout: int | IO[bytes] = subprocess.PIPE, stderr: int | IO[bytes] = subprocess.PIPE,
              cwd: Path = REPO) -> tuple[int, str, str]:
    proc = subprocess.run([sys.executable, "-m", "roadmap", *args], stdout=stdout, stderr=stderr, cwd=cwd,
                          timeout=120, check=False, env=ENV)
    out = proc.stdout.decode() if isinstance(proc.stdout, bytes) else ""
    err = proc.stderr.decode() if isinstance(proc.stderr, bytes) else ""
    return proc.returncode, out, err


FULL = "error: standard output: cannot write: No space left on device\n"
#: The roadmap of this checkout, whatever the working folder.
ENV = {**os.environ, "PYTHONPATH": str(REPO)}


@pytest.mark.parametrize("command", [["score", str(EXAMPLES / "japan-2025.yaml")],
                                     ["score", str(EXAMPLES / "japan-2025.yaml"), "--json"],
                                     ["criteria", "list"], ["plan", str(EXAMPLES / "japan-2025.yaml"), "-o", "-"],
                                     ["export", "oscal", "results", str(EXAMPLES / "japan-2025.yaml")]])
def test_a_full_stdout_is_an_output_error_not_a_bug(command: list[str]) -> None:
    """Issue 16: `score > /dev/full` exited 3, "internal error ... this is a bug"."""
    with open("/dev/full", "wb") as full:
        assert _run_with(command, stdout=full) == (2, "", FULL)


def test_a_closed_stdout_is_an_output_error(tmp_path: Path) -> None:
    """`roadmap score x >&-`: nothing can be printed; the exit code says so, and a file opened later
    does not take descriptor 1 (it is opened on /dev/null first)."""
    # Closed by the shell (Python starts with no sys.stdout), or once Python has started.
    for closing, redirect in (("", ">&-"), ("import os; os.close(1); ", "")):
        code = f"{closing}import sys; sys.argv[0] = 'roadmap'; from roadmap.cli import main; main()"
        proc = subprocess.run(f'exec "{sys.executable}" -c "{code}" score "{EXAMPLES / "japan-2025.yaml"}" {redirect}',
                              shell=True, capture_output=True, cwd=REPO, timeout=120,
                              check=False, env=ENV)
        assert (proc.returncode, proc.stdout, proc.stderr.decode()) == (
            2, b"", "error: standard output: cannot write: it is closed\n")


@pytest.mark.parametrize("how", ["full", "closed"])
def test_a_stderr_that_cannot_be_written_keeps_the_input_error_code(how: str, tmp_path: Path) -> None:
    """Issue 16: bad input with `2> /dev/full` exited 1. The problems cannot be printed; exit 2 stands."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("partner: [\n")
    if how == "full":
        with open("/dev/full", "wb") as full:
            assert _run_with(["validate", str(bad)], stderr=full)[:2] == (2, "")
    else:
        proc = subprocess.run(f'exec "{sys.executable}" -m roadmap validate "{bad}" 2>&-', shell=True,
                              stdout=subprocess.PIPE, cwd=REPO, timeout=120, check=False, env=ENV)
        assert (proc.returncode, proc.stdout) == (2, b"")


def test_a_full_stdout_keeps_a_report_written_to_a_file(tmp_path: Path) -> None:
    """The report file is written whole; only the line saying so could not be printed: exit 2."""
    out = tmp_path / "r.html"
    with open("/dev/full", "wb") as full:
        code, _, err = _run_with(["report", str(EXAMPLES / "japan-2025.yaml"), "--format", "html", "-o", str(out)],
                                 stdout=full)
    assert (code, err) == (2, FULL)
    assert out.read_text().rstrip().endswith("</html>")


# -- hidden characters in what is printed ------------------------------------------------------------

def test_a_file_name_cannot_drive_the_terminal(tmp_path: Path) -> None:
    """Issue 16: escape sequences in a file name reached the terminal (clear screen, window title),
    piped or not. Every name printed is escaped."""
    name = "a\x1b[2J\x1b]0;owned\x07\u202e.yaml"
    (tmp_path / name).write_text("partner: [\n")
    code, out, err = _run_with(["validate", name, "missing\x1b[31m.yaml"], cwd=tmp_path)
    assert code == 2 and out == ""
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err
    assert err.splitlines()[0].startswith("a⟨U+001B⟩[2J⟨U+001B⟩]0;owned⟨U+0007⟩⟨U+202E⟩.yaml:2:1: YAML syntax error")
    assert "missing⟨U+001B⟩[31m.yaml: file not found" in err
    code, out, err = _run_with(["score", "nope\x1b[2J"], cwd=tmp_path)  # click's own usage error
    assert code == 2 and "\x1b" not in err and "nope⟨U+001B⟩[2J" in err


def test_values_printed_by_score_are_escaped(tmp_path: Path) -> None:
    src = tmp_path / "a.yaml"
    src.write_text((EXAMPLES / "japan-2025.yaml").read_text().replace('partner: "Japan"', 'partner: "Ja\\u202epan"'))
    code, out, err = _run_with(["score", str(src)])
    assert code == 0, err
    assert out.splitlines()[0] == "Ja⟨U+202E⟩pan — readiness for sharing with United States"
    code, out, err = _run_with(["score", str(src), "--json"])
    assert '"partner": "Ja\\u202epan"' in out and "\u202e" not in out  # the same data, nothing hidden
