"""`roadmap report` as a whole (roadmap.report: make_reports, output_paths): every input validated
before anything is written, atomic output, default paths, usage errors and refused previous rounds."""

from __future__ import annotations

import html
import os
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import assessment_yaml, run
from tests.engine.test_rounds_diff import OLD
from tests.report.helpers import write_assessment


def test_failure_leaves_existing_report_intact(tmp_path: Path, mini_root: Path, runner: CliRunner) -> None:
    src = write_assessment(tmp_path, "a.yaml")
    out = tmp_path / "a.html"
    first = run(runner, ["--criteria", str(mini_root), "report", str(src), "--format", "html", "-o", str(out)])
    assert first.exit_code == 0
    before = out.read_bytes()
    org = tmp_path / "org"
    org.mkdir()
    (org / "report.css").write_text("body { background: url(file:///etc/hostname) }")
    result = run(runner, ["--criteria", str(mini_root), "report", str(src), "--templates", str(org),
                          "--format", "html", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "a.yaml", "criteria", "org"]


def test_all_inputs_validated_first(tmp_path: Path, mini_root: Path, runner: CliRunner) -> None:
    good = write_assessment(tmp_path, "good.yaml")
    bad = write_assessment(tmp_path, "bad.yaml", findings="ALP-02: {value: 150}\nZZZ-01: {value: 1}\n")
    old = write_assessment(tmp_path, "old.yaml", findings="BET-02: {value: yes}\n")
    out = tmp_path / "out"
    result = run(runner, ["--criteria", str(mini_root), "report", str(good), str(bad), "--previous", str(old),
                          "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert f"{bad}:" in result.output and "ZZZ-01" in result.output and "from 0 to 100" in result.output
    assert f"{old}:" in result.output  # the previous round is validated too
    assert "problems in 2 files" in result.output
    assert not out.exists()


def test_default_output_and_usage_errors(tmp_path: Path, mini_root: Path, runner: CliRunner) -> None:
    a = write_assessment(tmp_path, "a.yaml")
    (tmp_path / "x").mkdir()
    b = write_assessment(tmp_path / "x", "a.yaml")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        clash = run(runner, ["--criteria", str(mini_root), "report", str(a), str(b), "--format", "html"])
        assert clash.exit_code == 2
        assert "would both be written to reports/a.html" in clash.output
        ok = run(runner, ["--criteria", str(mini_root), "report", "a.yaml", "--format", "html"])
        assert ok.exit_code == 0, ok.output
        assert (tmp_path / "reports" / "a.html").is_file()
    finally:
        os.chdir(cwd)
    missing = run(runner, ["--criteria", str(mini_root), "report", str(a), "--templates", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "not a folder" in missing.output
    # several files and -o that reads as one file's name: refused, rather than a folder called that
    single = tmp_path / "single.html"
    named = run(runner, ["--criteria", str(mini_root), "report", str(a), str(b), "--format", "html", "-o", str(single)])
    assert named.exit_code == 2
    assert (f"-o {single}: with several files, -o names a folder (one report per file), and this looks like a "
            "file name; give a folder, or one file at a time") in named.output
    assert not single.exists()
    help_text = run(runner, ["report", "--help"])
    assert help_text.exit_code == 0 and "since last round" in help_text.output


def test_previous_refusals(tmp_path: Path, mini_root: Path, runner: CliRunner) -> None:
    a = tmp_path / "a.yaml"
    a.write_text(assessment_yaml(OLD, as_of="2026-06-30"))
    later = tmp_path / "later.yaml"
    later.write_text(assessment_yaml(OLD, as_of="2026-12-31"))
    other = tmp_path / "other.yaml"
    other.write_text(assessment_yaml(OLD, as_of="2026-01-31").replace("partner: Testland", "partner: Otherland"))
    out = tmp_path / "a.pdf"
    result = run(runner, ["--criteria", str(mini_root), "report", str(a), "--previous", str(later), "-o", str(out)])
    assert result.exit_code == 2
    assert result.output == (f"error: --previous {later} is as of 2026-12-31, later than {a} (2026-06-30): "
                             "give the earlier round first\n")
    result = run(runner, ["--criteria", str(mini_root), "report", str(a), "--previous", str(other), "-o", str(out)])
    assert result.exit_code == 2
    assert "cannot compare assessments of different partners" in result.output
    assert not out.exists()


def test_the_evidence_annex_can_be_left_out_and_the_cover_says_so(tmp_path: Path, runner: CliRunner) -> None:
    """Issue 20: `--no-evidence-annex` leaves Annex A out, says so on the cover, and changes nothing
    else: the report's other sections are those of the full report. Through `-j 2` workers too."""
    from tests.conftest import EXAMPLES

    files = [str(EXAMPLES / "japan-2025.yaml"), str(EXAMPLES / "japan-2026.yaml")]
    full, short = tmp_path / "full", tmp_path / "short"
    assert run(runner, ["report", *files, "--format", "html", "-o", str(full)]).exit_code == 0
    result = run(runner, ["report", *files, "--format", "html", "-j", "2", "--no-evidence-annex", "-o", str(short)])
    assert result.exit_code == 0, result.output
    for name in ("japan-2025.html", "japan-2026.html"):
        whole, cut = (html.unescape((d / name).read_text(encoding="utf-8")) for d in (full, short))
        assert 'id="evidence"' in whole and 'id="evidence"' not in cut
        assert "Annex A — Evidence" in whole and "Annex A — Evidence" not in cut
        said = ("This copy leaves out the evidence annex (roadmap report --no-evidence-annex): each finding's "
                "evidence, its dates, verification and file hashes are in the full report.")
        assert said in cut and said not in whole
        brief = whole[whole.index('id="brief"'):whole.index("</section>", whole.index('id="brief"'))]
        assert brief in cut  # the brief (and so the scores) unchanged
