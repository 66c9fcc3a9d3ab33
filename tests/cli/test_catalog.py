"""`roadmap.cli.catalog`: `criteria list` and `criteria show`, whose ids may omit the leading zero."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import assessment_yaml, run


def test_criteria_list_and_show(runner: CliRunner) -> None:
    result = run(runner, ["criteria", "list"])
    assert result.exit_code == 0, result.output
    assert "PER-04" in result.output and "GOV-19" in result.output
    result = run(runner, ["criteria", "list", "--json"])
    data = json.loads(result.output)
    assert data["catalog"] == "fvey@2.0.0" and len(data["criteria"]) >= 95  # the latest released version
    result = run(runner, ["criteria", "show", "per-04"])
    assert result.exit_code == 0, result.output
    assert "PER-04 — No access without a current clearance" in result.output
    assert "target T3" in result.output and "basis:" in result.output
    result = run(runner, ["criteria", "show", "PER-99"])
    assert result.exit_code == 2
    assert result.output == "error: no criterion PER-99 in fvey@2.0.0; did you mean PER-19?\n"
    result = run(runner, ["criteria", "show", "GOV-99", "--catalog", "fvey@1.1.0"])
    assert result.output == "error: no criterion GOV-99 in fvey@1.1.0; did you mean GOV-09?\n"


def test_top_must_not_be_negative_and_ids_may_omit_the_leading_zero(runner: CliRunner, mini_root: Path,
                                                                    tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_text(assessment_yaml("ALP-01: {value: true}\n"))
    result = run(runner, ["--criteria", str(mini_root), "score", str(f), "--top", "-3"])
    assert result.exit_code == 2
    assert "Invalid value for '--top': -3 is not in the range x>=0." in result.output
    result = run(runner, ["criteria", "show", "per-4", "--catalog", "fvey@1.0.0"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("PER-04 — No access without a current clearance")
