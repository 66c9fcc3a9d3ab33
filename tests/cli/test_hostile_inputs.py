"""Bad and hostile input, through the real CLI: every command that reads YAML exits 2 with one
`file:line:col: path: message` line per problem (all files, all problems), never a traceback,
never partial output, never a hang.

The corpus (tests/corpus/*.yaml) holds one small case per file, named by class; each failing
case's exact stderr is in `<case>.expected`. Regenerate those after a deliberate message change
with `ROADMAP_REGEN_CORPUS=1 python -m pytest tests/cli/test_hostile_inputs.py`, then read the diff.
Binary, huge and special-file cases are generated here, in tmp_path.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap.load.files import shown_path
from tests.conftest import REPO, assessment_yaml, run, write_mini_catalog

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CASES = sorted(p.stem for p in CORPUS.glob("*.yaml"))
REGEN = os.environ.get("ROADMAP_REGEN_CORPUS") == "1"
#: One problem per line, in the gcc form editors and CI annotate.
PROBLEM_LINE = re.compile(r"^[^:]+(:\d+(:\d+)?)?: .+$")
FOOTER = re.compile(r"^\d+ problems? in \d+ files?$")
GOOD = "  ALP-01: {value: true}\n"


def _check_failure(result: object, *, code: int = 2, verified: str = "") -> list[str]:
    """The contract for bad input; returns the problem lines (stderr without the footer). `verified`:
    the release log whose entries `criteria verify` may list on stdout (the bundled one, checked beside
    a broken folder of the user's), and nothing else."""
    out, err = result.stdout, result.stderr  # type: ignore[attr-defined]
    assert result.exit_code == code, result.output  # type: ignore[attr-defined]
    assert "Traceback" not in out + err
    if verified:
        assert all(line.startswith(f"{verified}/") for line in out.splitlines()), out
    else:
        assert out == "", f"partial output on stdout: {out!r}"
    lines = err.splitlines()
    assert lines and FOOTER.match(lines[-1]), err
    for line in lines[:-1]:
        assert PROBLEM_LINE.match(line), line
    return list(lines[:-1])


def _run_subprocess(args: list[str], cwd: Path, *, timeout: float = 60,
                    env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed entry point in a child: a crash or a hang fails the test, not the runner."""
    return subprocess.run(check=False, args=[sys.executable, "-c", "from roadmap.cli import main; main()", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})})


# -- the corpus -----------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["validate", "score"])
@pytest.mark.parametrize("case", CASES)
def test_corpus_case(case: str, command: str, runner: CliRunner, mini_root: Path,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)
    result = run(runner, ["--criteria", str(mini_root), command, f"{case}.yaml"])
    if case.startswith("accept-"):
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output
        return
    _check_failure(result)
    stderr = result.stderr.replace(str(mini_root), "{criteria}")
    expected = CORPUS / f"{case}.expected"
    if REGEN and command == "validate":
        expected.write_text(stderr)
    assert expected.is_file(), f"no {expected.name}; run with ROADMAP_REGEN_CORPUS=1 and review it"
    assert stderr == expected.read_text()


def test_corpus_has_no_stale_expectations() -> None:
    stale = [p.name for p in CORPUS.glob("*.expected") if not (CORPUS / f"{p.stem}.yaml").is_file()
             or p.stem.startswith("accept-")]
    assert not stale


def test_corpus_covers_every_class() -> None:
    classes = {c.split("-")[0] for c in CASES}
    assert classes >= {"syntax", "tags", "keys", "resource", "trap", "schema", "accept"}
    for cls in classes:
        assert sum(c.startswith(cls + "-") for c in CASES) >= 3, cls


def test_whole_corpus_in_one_run(runner: CliRunner, mini_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """All problems of all files in one run: each failing file contributes exactly its own lines."""
    monkeypatch.chdir(CORPUS)
    failing = [c for c in CASES if not c.startswith("accept-")]
    result = run(runner, ["--criteria", str(mini_root), "validate", *(f"{c}.yaml" for c in failing)])
    lines = _check_failure(result)
    stderr = "\n".join(lines).replace(str(mini_root), "{criteria}")
    for case in failing:
        own = (CORPUS / f"{case}.expected").read_text().splitlines()[:-1]
        for line in own:
            assert line in stderr, (case, line)
    assert result.stderr.splitlines()[-1] == f"{len(lines)} problems in {len(failing)} files"


# -- encodings and binary files -------------------------------------------------------------------

GOOD_TEXT = assessment_yaml("ALP-01: {value: true}\n")

ENCODINGS = {
    "latin1": (GOOD_TEXT.replace("Testland", "Côte").encode("latin-1"),
               "x.yaml:1:11: expected UTF-8 text, found the byte 0xf4 (save the file as UTF-8)"),
    "nul": (GOOD_TEXT.encode().replace(b"Hostland", b"Host\x00land"),
            "x.yaml:2:11: expected text, found a NUL byte (is this a binary file?)"),
    "nul-after-accents": ("notes: é\x00\n".encode(),
                          "x.yaml:1:9: expected text, found a NUL byte (is this a binary file?)"),
    "utf16-le-bom": (("\ufeff" + GOOD_TEXT).encode("utf-16-le"),
                     "x.yaml:1:1: expected UTF-8 text, found a UTF-16 byte-order mark (save the file as UTF-8)"),
    "utf16-be-bom": (("\ufeff" + GOOD_TEXT).encode("utf-16-be"),
                     "x.yaml:1:1: expected UTF-8 text, found a UTF-16 byte-order mark (save the file as UTF-8)"),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
            "x.yaml:1:1: expected YAML text, found binary data (a PNG image)"),
    "gzip": (gzip.compress(GOOD_TEXT.encode()),
             "x.yaml:1:1: expected YAML text, found binary data (gzip-compressed data)"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "x.yaml:1:1: expected YAML text, found binary data (a PDF document)"),
    "random-bytes": (bytes(range(256)) * 4, "x.yaml:1:1: expected text, found a NUL byte (is this a binary file?)"),
}


@pytest.mark.parametrize("command", ["validate", "score"])
@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_encodings_refused(name: str, command: str, runner: CliRunner, mini_root: Path, tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    raw, message = ENCODINGS[name]
    (tmp_path / "x.yaml").write_bytes(raw)
    monkeypatch.chdir(tmp_path)
    result = run(runner, ["--criteria", str(mini_root), command, "x.yaml"])
    assert _check_failure(result) == [message]


def test_utf8_bom_is_accepted(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD_TEXT.encode())
    for command in ("validate", "score"):
        result = run(runner, ["--criteria", str(mini_root), command, str(path)])
        assert result.exit_code == 0, result.output


# -- resource attacks -----------------------------------------------------------------------------

DEEP = {
    # 200 KB of '[': PyYAML's recursive composer and constructors crash the interpreter on this.
    "flow-lists": ("[" * 200_000, "x.yaml:1:65: [0][0][0]…[0][0]: expected at most 64 levels of nesting, found more"),
    "flow-mappings": ("{a: " * 50_000, "x.yaml:1:257: a.a.a…a.a: expected at most 64 levels of nesting, found more"),
    "block-mappings": ("".join(" " * i + "a:\n" for i in range(630)),
                       "x.yaml:65:65: a.a.a…a.a: expected at most 64 levels of nesting, found more"),
    "block-lists": ("".join(" " * (2 * i) + "- \n" for i in range(400)).replace("- \n", "-\n"),
                    "x.yaml:65:129: [0][0][0]…[0][0]: expected at most 64 levels of nesting, found more"),
}


@pytest.mark.parametrize("name", sorted(DEEP))
def test_deep_nesting_in_a_subprocess(name: str, tmp_path: Path) -> None:
    text, message = DEEP[name]
    (tmp_path / "x.yaml").write_text(text)
    assert len(text) > 150_000 or name.startswith("block")
    write_mini_catalog(tmp_path / "criteria")
    for command in ("validate", "score"):
        proc = _run_subprocess(["--criteria", "criteria", command, "x.yaml"], tmp_path)
        assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
        assert proc.stdout == ""
        assert "Traceback" not in proc.stderr
        assert proc.stderr.splitlines() == [message, "1 problem in 1 file"]


def test_billion_laughs_is_bounded_quickly(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    # 10 levels of 10 aliases: 10**10 values if expanded.
    text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 10))
    (tmp_path / "x.yaml").write_text(text)
    proc = _run_subprocess(["--criteria", str(mini_root), "validate", "x.yaml"], tmp_path, timeout=30)
    assert proc.returncode == 2
    assert "aliases expand to more than 100,000 values" in proc.stderr


def test_huge_integer(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(assessment_yaml("BET-01: {value: " + "9" * 10_000 + "}\n"))
    result = run(runner, ["--criteria", str(mini_root), "score", str(path)])
    assert _check_failure(result) == [
        f"{path}:8:19: findings.BET-01.value: expected a number of at most 15 digits, found one of 10,000 digits"]


def test_huge_float_literal(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(assessment_yaml("ALP-02: {value: 1" + "0" * 400 + ".5}\n"))
    result = run(runner, ["--criteria", str(mini_root), "validate", str(path)])
    [line] = _check_failure(result)
    assert line.startswith(f"{path}:8:19: findings.ALP-02.value: expected a number of a reasonable size, found 1000")


def test_five_megabyte_line(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    long = "x" * 5_000_000
    # In free text it is over the report budgets (roadmap.load.budgets: issue 16, it took 181 s to render) ...
    path.write_text(assessment_yaml("ALP-01: {value: true}\n", extra=f"notes: {long}\n"))
    result = run(runner, ["--criteria", str(mini_root), "score", "--json", str(path)])
    assert _check_failure(result) == [
        f"{path}:1:1: expected at most 500,000 characters of text in one assessment (a report budget, "
        "docs/input-safety.md), found 5,000,049",
        f"{path}:7:8: notes: expected at most 10,000 characters in one text (a report budget, docs/input-safety.md), "
        "found 5,000,000"]
    # ... in a short field it is refused, without echoing megabytes back.
    path.write_text(assessment_yaml("ALP-01: {value: true}\n").replace("partner: Testland", f"partner: {long}"))
    result = run(runner, ["--criteria", str(mini_root), "validate", str(path)])
    assert _check_failure(result) == [
        f"{path}:1:1: expected at most 500,000 characters of text in one assessment (a report budget, "
        "docs/input-safety.md), found 5,000,041",
        f"{path}:1:10: partner: expected at most 10,000 characters in one text (a report budget, "
        "docs/input-safety.md), found 5,000,000",
        f"{path}:1:10: partner: expected at most 80 characters, found the text '{'x' * 37}...'"]
    assert len(result.stderr) < 1000


def test_file_over_the_size_limit(runner: CliRunner, mini_root: Path, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(GOOD_TEXT)
    monkeypatch.setenv("ROADMAP_MAX_INPUT_BYTES", "100")
    result = run(runner, ["--criteria", str(mini_root), "validate", str(path)])
    assert _check_failure(result) == [
        f"{path}: expected at most 100 bytes, found a file of {len(GOOD_TEXT)} bytes "
        "(set ROADMAP_MAX_INPUT_BYTES to raise the limit)"]
    monkeypatch.setenv("ROADMAP_MAX_INPUT_BYTES", "100000")
    assert run(runner, ["--criteria", str(mini_root), "validate", str(path)]).exit_code == 0


def test_default_size_limit_refuses_a_sparse_giant(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    with open(path, "wb") as fh:  # sparse: 30 MB on paper, nothing on disk
        fh.truncate(30 * 1024 * 1024)
    result = run(runner, ["--criteria", str(mini_root), "validate", str(path)])
    assert _check_failure(result) == [
        f"{path}: expected at most 20,971,520 bytes, found a file of 31,457,280 bytes "
        "(set ROADMAP_MAX_INPUT_BYTES to raise the limit)"]


def test_many_unknown_keys_are_capped_and_fast(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(GOOD_TEXT + "".join(f"key{i}: {i}\n" for i in range(20_000)))
    result = run(runner, ["--criteria", str(mini_root), "validate", str(path)])
    lines = _check_failure(result)
    assert len(lines) == 101
    assert lines[0].startswith(f"{path}:9:1: key0: unknown key 'key0'")
    assert lines[100] == f"{path}: 19,900 more problems not shown (fix the ones above first)"  # after them


def test_too_many_values(runner: CliRunner, mini_root: Path, tmp_path: Path,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    import roadmap.load.yamlsource

    monkeypatch.setattr(roadmap.load.yamlsource, "MAX_NODES", 100_000)  # the real cap, 2,000,000, is slow to reach
    path = tmp_path / "x.yaml"
    path.write_text(GOOD_TEXT + "notes: [" + "1, " * 120_000 + "]\n")
    result = run(runner, ["--criteria", str(mini_root), "validate", str(path)])
    [line] = _check_failure(result)
    assert line.endswith(": expected at most 100,000 values in one file, found more; refusing to read further")


def test_many_duplicate_keys_stop_at_the_problem_cap(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(GOOD_TEXT + "partner: again\n" * 500)
    result = run(runner, ["--criteria", str(mini_root), "validate", str(path)])
    lines = _check_failure(result)
    assert len(lines) == 101
    assert lines[-1] == f"{path}:109:1: stopped reading after 100 problems"


# -- files that are not files ---------------------------------------------------------------------

def test_special_files_are_refused_quickly(tmp_path: Path) -> None:
    write_mini_catalog(tmp_path / "criteria")
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    (tmp_path / "folder.yaml").mkdir()
    cases = {
        "/dev/zero": "/dev/zero: expected a regular YAML file, found a device",
        "pipe.yaml": "pipe.yaml: expected a regular YAML file, found a FIFO (named pipe)",
        "folder.yaml": "folder.yaml: expected a YAML file, found a directory",
        "missing.yaml": "missing.yaml: file not found",
    }
    for name, message in cases.items():
        for command in ("validate", "score"):
            proc = _run_subprocess(["--criteria", "criteria", command, name], tmp_path, timeout=20)
            assert proc.returncode == 2, proc.stderr
            assert proc.stderr.splitlines() == [message, "1 problem in 1 file"], proc.stderr


def test_symlink_leading_outside_the_current_folder_is_refused(runner: CliRunner, mini_root: Path,
                                                               tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:the first line of a file that must not be printed\n")
    here = tmp_path / "project"
    here.mkdir()
    (here / "leak.yaml").symlink_to(secret)
    (here / "real.yaml").write_text(GOOD_TEXT)
    (here / "alias.yaml").symlink_to(here / "real.yaml")
    monkeypatch.chdir(here)
    result = run(runner, ["--criteria", str(mini_root), "validate", "leak.yaml"])
    assert _check_failure(result) == [
        "leak.yaml: expected a file inside the current folder, found a symbolic link that leads outside it; "
        "copy the file here instead"]
    assert "root:x" not in result.output
    # A link within the folder is fine.
    assert run(runner, ["--criteria", str(mini_root), "validate", "alias.yaml"]).exit_code == 0


def test_a_non_yaml_file_is_not_echoed(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    path = tmp_path / "passwd"
    path.write_text("root:x:0:0:root:/root:/bin/bash daemon:x:1:1\n")
    result = run(runner, ["--criteria", str(mini_root), "validate", str(path)])
    assert _check_failure(result) == [
        f"{path}:1:1: expected a mapping of keys at the top level (such as 'partner: ...'), found a single value"]
    assert "root" not in result.stderr.replace(str(path), "")


# -- broken catalogs through --criteria DIR ---------------------------------------------------------

@pytest.fixture
def broken_root(tmp_path: Path) -> Path:
    root = write_mini_catalog(tmp_path / "broken")
    folder = root / "mini" / "1.0.0"
    (folder / "alpha.yaml").write_text("domain: alpha\ncriteria:\n  - id: ALP-01\n    title: \"unclosed\n")
    beta = (folder / "beta.yaml").read_text()
    (folder / "beta.yaml").write_text(beta.replace("weight: 1\n", "weight: 9\n", 1))
    return root


BROKEN = [
    "broken/mini/1.0.0/alpha.yaml:4:12: YAML syntax error: unclosed quote: the quoted text that starts here "
    "never ends (add the closing quote)",
    "broken/mini/1.0.0/beta.yaml:29:13: criteria[BET-02].weight: expected a number <= 5, found the number 9",
]


@pytest.mark.parametrize("args", [
    ["validate", "a.yaml"],
    ["score", "a.yaml"],
    ["score", "--json", "a.yaml"],
    ["reciprocity", "a.yaml"],
    ["criteria", "list", "--catalog", "mini"],
    ["criteria", "list", "--catalog", "mini", "--json"],
    ["criteria", "show", "ALP-01", "--catalog", "mini"],
    ["criteria", "verify"],
    ["init", "--catalog", "mini"],
], ids=lambda a: "-".join(a))
def test_broken_catalog_points_at_its_files(args: list[str], broken_root: Path, runner: CliRunner,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(broken_root.parent)
    Path("a.yaml").write_text(GOOD_TEXT)
    result = run(runner, ["--criteria", "broken", *args])
    # `criteria verify` checks the bundled folder too, whose fvey this run can use beside broken's mini
    verified = shown_path(REPO / "criteria" / "releases") if args == ["criteria", "verify"] else ""
    assert _check_failure(result, verified=verified) == BROKEN


def test_broken_catalog_leaves_outputs_alone(broken_root: Path, runner: CliRunner,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(broken_root.parent)
    out = Path("template.yaml")
    out.write_text("precious\n")
    result = run(runner, ["--criteria", "broken", "init", "--catalog", "mini", "-o", str(out), "--force"])
    _check_failure(result)
    assert out.read_text() == "precious\n"
    fresh = Path("fresh.yaml")
    run(runner, ["--criteria", "broken", "init", "--catalog", "mini", "-o", str(fresh)])
    assert not fresh.exists()
    log = broken_root / "releases"
    assert not log.exists()
    result = run(runner, ["--criteria", "broken", "criteria", "release", "mini@1.0.0"])
    _check_failure(result)
    assert not log.exists()


def test_broken_catalog_problems_said_once_for_many_files(broken_root: Path, runner: CliRunner,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(broken_root.parent)
    Path("a.yaml").write_text(GOOD_TEXT)
    Path("b.yaml").write_text(GOOD_TEXT)
    result = run(runner, ["--criteria", "broken", "validate", "a.yaml", "b.yaml"])
    assert _check_failure(result) == BROKEN


def test_every_file_reported_in_one_run(runner: CliRunner, mini_root: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_bytes(b"\x89PNG\r\n")
    Path("b.yaml").write_text("partner: [\n")
    Path("c.yaml").write_text(assessment_yaml("ALP-01: {value: yes}\nALP-01: {value: true}\n"))
    Path("d.yaml").write_text(GOOD_TEXT)
    result = run(runner, ["--criteria", str(mini_root), "validate", "a.yaml", "b.yaml", "c.yaml", "d.yaml",
                          "nope.yaml"])
    lines = _check_failure(result)
    assert lines == [
        "a.yaml:1:1: expected YAML text, found binary data (a PNG image)",
        "b.yaml:2:1: YAML syntax error: did not find expected node content; a value is missing or starts "
        "with a character that needs quoting",
        'c.yaml:8:19: findings.ALP-01.value: ambiguous value yes: YAML 1.1 reads it as a boolean and YAML 1.2 '
        'as text; write true/false, or quote it ("yes")',
        "c.yaml:9:3: findings.ALP-01: duplicate key 'ALP-01' (first at line 8)",
        "nope.yaml: file not found",
    ]
    assert result.stderr.splitlines()[-1] == "5 problems in 4 files"


# -- internal errors ------------------------------------------------------------------------------

def test_internal_error_is_short_and_exits_3(runner: CliRunner, mini_root: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import roadmap.engine.scoring

    def boom(*_: object, **__: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(roadmap.engine.scoring, "score", boom)
    monkeypatch.delenv("ROADMAP_DEBUG", raising=False)
    path = tmp_path / "x.yaml"
    path.write_text(GOOD_TEXT)
    result = run(runner, ["--criteria", str(mini_root), "score", str(path)])
    assert result.exit_code == 3
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "internal error: ZeroDivisionError: division by zero",
        "this is a bug in roadmap; set ROADMAP_DEBUG=1 for a traceback and report it",
    ]


# -- every other command that reads assessments ---------------------------------------------------

SAMPLE = ["syntax-unclosed-double-quote", "tags-python-object-apply", "resource-billion-laughs",
          "trap-duplicate-finding", "schema-unknown-criterion", "keys-mapping-as-key"]
OTHER_COMMANDS = {
    "reciprocity": lambda bad, out: ["reciprocity", "good.yaml", bad],
    "reciprocity-json": lambda bad, out: ["reciprocity", "--json", bad],
    "plan": lambda bad, out: ["plan", bad, "-o", out],
    "plan-json": lambda bad, out: ["plan", "--json", bad],
    "diff": lambda bad, out: ["diff", "good.yaml", bad],
    "diff-json": lambda bad, out: ["diff", "--json", bad, "good.yaml"],
    "trend": lambda bad, out: ["trend", "good.yaml", bad],
    "report-html": lambda bad, out: ["report", "--format", "html", bad, "-o", out],
    "report-pdf": lambda bad, out: ["report", bad, "-o", out],
    "report-previous": lambda bad, out: ["report", "--format", "html", "good.yaml", "--previous", bad, "-o", out],
}


@pytest.mark.parametrize("command", sorted(OTHER_COMMANDS))
@pytest.mark.parametrize("case", SAMPLE)
def test_other_commands_keep_the_contract(case: str, command: str, runner: CliRunner, mini_root: Path,
                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    Path("good.yaml").write_text(GOOD_TEXT)
    bad = f"{case}.yaml"
    Path(bad).write_bytes((CORPUS / bad).read_bytes())
    Path("old-output").write_text("precious\n")
    result = run(runner, ["--criteria", str(mini_root), *OTHER_COMMANDS[command](bad, "old-output")])
    lines = _check_failure(result)
    expected = (CORPUS / f"{case}.expected").read_text().splitlines()[:-1]
    assert lines == expected
    assert Path("old-output").read_text() == "precious\n"
    assert sorted(p.name for p in work.iterdir()) == sorted(["good.yaml", bad, "old-output"])


def test_a_folder_link_leading_outside_is_refused(runner: CliRunner, mini_root: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 16: `sub/creds.yaml` through `sub -> ../outside` printed the outside file's values in
    messages. The real path of every input, its folders' links included, must stay in the folder named."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "creds.yaml").write_text("partner: the-outside-value\ntoken: hunter2\n")
    here = tmp_path / "project"
    (here / "inner").mkdir(parents=True)
    (here / "sub").symlink_to("../outside")
    (here / "real.yaml").write_text(GOOD_TEXT)
    (here / "inner" / "alias.yaml").symlink_to("../real.yaml")
    (here / "inside").symlink_to("inner")
    monkeypatch.chdir(here)
    links = {"sub/creds.yaml": "sub", str(here / "sub" / "creds.yaml"): str(here / "sub"),
             "inner/../sub/creds.yaml": "inner/../sub"}
    for given, shown_link in links.items():
        result = run(runner, ["--criteria", str(mini_root), "validate", given])
        assert _check_failure(result) == [
            f"{given}: expected a file inside the current folder, found the symbolic link {shown_link}, which leads "
            "outside it; copy the file here instead"], given
        assert "hunter2" not in result.output and "the-outside-value" not in result.output
    # Links that stay inside are followed, the folder's and the file's.
    for given in ("inner/alias.yaml", "inside/alias.yaml"):
        assert run(runner, ["--criteria", str(mini_root), "validate", given]).exit_code == 0, given
    # A path written to name a place outside the current folder may be read: it names its own folder.
    result = run(runner, ["--criteria", str(mini_root), "validate", "../outside/creds.yaml"])
    assert result.exit_code == 2 and "unknown key 'token'" in result.output
    (outside / "leak.yaml").symlink_to(here / "real.yaml")
    result = run(runner, ["--criteria", str(mini_root), "validate", "../outside/leak.yaml"])
    assert _check_failure(result) == [
        f"../outside/leak.yaml: expected a file inside the folder it names ({outside}), found a symbolic link "
        "that leads outside it; copy the file here instead"]


def test_output_to_a_fifo_without_a_reader_is_refused_not_a_hang(tmp_path: Path) -> None:
    """Issue 16: `-o fifo.pdf` hung. Now: written when a reader comes, else refused within seconds."""
    write_mini_catalog(tmp_path / "criteria")
    (tmp_path / "a.yaml").write_text(GOOD_TEXT)
    os.mkfifo(tmp_path / "fifo.csv")
    proc = _run_subprocess(["--criteria", "criteria", "plan", "a.yaml", "-o", "fifo.csv"], tmp_path, timeout=30)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == "error: fifo.csv: a FIFO (named pipe) that nobody reads; start its reader first, or write " \
                          "to a file\n"
