"""Reports rendered in parallel (roadmap.report.batch, `report -j N`): the same bytes as one at a time,
in the order given, and a failure in one writes nothing and leaves no worker behind."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from tests.conftest import run
from tests.report.helpers import FINDINGS, write_assessment
from tests.synthetic import assessment as synth_assessment
from tests.synthetic import write_catalog as write_synth_catalog


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_parallel_gives_the_same_bytes(tmp_path: Path, mini_report: tuple[Path, Path, bytes]) -> None:
    root, src, first = mini_report
    other = write_assessment(tmp_path, "round-2.yaml", findings=FINDINGS.replace("{value: 60}", "{value: 85}"))
    out = tmp_path / "out"
    result = run(CliRunner(), ["--criteria", str(root), "report", str(src), str(other), "-j", "2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "round-1.pdf").read_bytes() == first  # rendered in a worker, byte for byte as with -j 1
    assert result.output.index("round-1.pdf") < result.output.index("round-2.pdf")  # in the order given


def test_parallel_failure_writes_nothing_and_leaves_no_worker(tmp_path: Path, mini_root: Path,
                                                              runner: CliRunner) -> None:
    import multiprocessing

    files = [write_assessment(tmp_path, f"{name}.yaml") for name in ("a", "b", "c")]
    org = tmp_path / "org"
    org.mkdir()
    (org / "_provenance.html.j2").write_text("<section>{% if %}</section>")
    out = tmp_path / "out"
    result = run(runner, ["--criteria", str(mini_root), "report", *map(str, files), "--templates", str(org),
                          "-j", "2", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "template syntax error" in result.output
    assert not out.exists()
    assert multiprocessing.active_children() == []


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_parallel_several_files_into_a_folder(tmp_path: Path, runner: CliRunner) -> None:
    root = write_synth_catalog(tmp_path / "criteria", 12)
    files = []
    for name, seed in (("japan-2024", 1), ("japan-2025", 2)):
        f = tmp_path / f"{name}.yaml"
        f.write_text(synth_assessment(12, partner="Japan", notes=f"round {seed}", seed=seed))
        files.append(f)
    out = tmp_path / "out"
    result = run(runner, ["--criteria", str(root), "report", *map(str, files), "-j", "2", "-o", str(out),
                          "--previous", str(files[0])])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["japan-2024.pdf", "japan-2025.pdf"]
    second = pypdf.PdfReader(out / "japan-2025.pdf")
    text = "\n".join(p.extract_text() for p in second.pages)
    assert "round 2" in text
    assert "Since last round" in text  # compared with --previous japan-2024
    assert "CYB-" in text and "GOV-" in text
    first = "\n".join(p.extract_text() for p in pypdf.PdfReader(out / "japan-2024.pdf").pages)
    assert "round 1" in first and "Since last round" not in first  # the previous round itself
