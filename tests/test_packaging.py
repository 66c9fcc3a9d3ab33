"""The built wheel carries the criteria and templates, and works without the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from packaging.version import Version

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(check=False, args=[sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                                             "-q", "-w", str(out), str(REPO)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    (whl,) = out.glob("roadmap-*.whl")
    return whl


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_wheel_contains_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "roadmap/_data/criteria/releases/0001-fvey@1.0.0.json" in names
    assert "roadmap/_data/criteria/allowed_signers" in names
    assert "roadmap/_data/criteria/fvey/1.0.0/catalog.yaml" in names
    assert "roadmap/_data/templates/report.html.j2" in names
    assert "roadmap/_data/templates/report.css" in names
    assert "roadmap/_data/schemas/assessment.schema.json" in names
    assert "roadmap/_data/templates/lang/ja.css" in names
    assert "roadmap/locales/ja/LC_MESSAGES/roadmap.po" in names
    assert "roadmap/_data/criteria/fvey/1.0.0/i18n/ja.yaml" in names


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_installed_wheel_runs_without_the_source_tree(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("ROADMAP_CRITERIA_DIR", None)
    proc = subprocess.run(check=False, args=[sys.executable, "-m", "roadmap", "criteria", "verify"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "fvey@1.0.0 in force: signed by host example-host@host.example" in proc.stdout
    code = "import roadmap.load.catalogs as c; print(c.criteria_root())"
    proc = subprocess.run(check=False, args=[sys.executable, "-c", code],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert proc.stdout.strip() == str(site / "roadmap" / "_data" / "criteria")
    # the report finds its templates in the wheel too
    out = tmp_path / "r.html"
    example = str(REPO / "examples" / "japan-2025.yaml")
    proc = subprocess.run(check=False, args=[sys.executable, "-m", "roadmap", "report", example,
                                             "--format", "html", "-o", str(out)],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "UNCLASSIFIED//FOR TRAINING" in out.read_text()
    # and its messages and the catalog's translation, in Japanese
    proc = subprocess.run(check=False, args=[sys.executable, "-m", "roadmap", "score", example, "--lang", "ja"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "総合の段階：T1（申告値）" in proc.stdout and "政府統一の保全区域基準" in proc.stdout


def _requirements() -> dict[str, str]:
    """Every requirement of pyproject.toml (dependencies and the test extra): name → lower bound."""
    import re
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    out = {}
    for req in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        found = re.fullmatch(r"([A-Za-z0-9_.-]+)>=([0-9.]+)(,<[0-9.]+)?", req)
        assert found, f"pyproject.toml: expected name>=low[,<high], found {req!r}"
        out[found.group(1).lower()] = found.group(2)
    return out


def test_lowest_constraints_are_the_declared_lower_bounds() -> None:
    # .ci/run tests the lowest versions: each must be the lower bound pyproject.toml declares.
    pins = {}
    for line in (REPO / "constraints" / "lowest.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.lower()] = version
    declared = _requirements()
    assert sorted(pins) == sorted(declared)
    for name, low in declared.items():
        assert Version(pins[name]) == Version(low), \
            f"{name}: pyproject.toml says >={low}, constraints/lowest.txt pins {pins[name]}"
