"""The built wheel carries the criteria and templates, and works without the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(check=False, args=[sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(out), str(REPO)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    (whl,) = out.glob("roadmap-*.whl")
    return whl


def test_wheel_contains_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "roadmap/_data/criteria/releases.lock" in names
    assert "roadmap/_data/criteria/fvey/1.0.0/catalog.yaml" in names
    assert "roadmap/_data/templates/report.html.j2" in names
    assert "roadmap/_data/templates/report.css" in names
    assert "roadmap/_data/schemas/assessment.schema.json" in names


def test_installed_wheel_runs_without_the_source_tree(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("ROADMAP_CRITERIA_DIR", None)
    proc = subprocess.run(check=False, args=[sys.executable, "-m", "roadmap", "criteria", "verify"], capture_output=True,
                          text=True, cwd=tmp_path, env=env, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "fvey@1.0.0" in proc.stdout
    proc = subprocess.run(check=False, args=[sys.executable, "-c", "import roadmap.catalogs as c; print(c.criteria_root())"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert proc.stdout.strip() == str(site / "roadmap" / "_data" / "criteria")
    # the report finds its templates in the wheel too
    out = tmp_path / "r.html"
    proc = subprocess.run(check=False, args=[sys.executable, "-m", "roadmap", "report", str(REPO / "examples" / "japan-2025.yaml"),
                           "--format", "html", "-o", str(out)], capture_output=True, text=True, cwd=tmp_path,
                          env=env, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "UNCLASSIFIED//FOR TRAINING" in out.read_text()
