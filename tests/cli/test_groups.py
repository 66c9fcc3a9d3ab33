"""The command groups (roadmap/cli/groups.py): help in the order of the work, and a command's module
imported only when that command runs, checked on the real program's imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from roadmap.cli import COMMANDS
from roadmap.cli.groups import Lazy
from tests.conftest import EXAMPLES, REPO, run


def _imported(args: list[str]) -> set[str]:
    """The modules `roadmap ARGS` has imported when it exits (the real program, its fast exit included)."""
    program = ("import json, os, sys\n"
               "import roadmap.cli\n"
               "def _exit(code):\n"
               "    os.write(2, json.dumps(sorted(sys.modules)).encode())\n"
               "    os._exit(code)\n"
               "roadmap.cli.exit_now = _exit\n"
               "sys.argv[0] = 'roadmap'\n"
               "roadmap.cli.main()\n")
    proc = subprocess.run([sys.executable, "-c", program, *args], cwd=REPO, capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    return set(json.loads(proc.stderr))


def test_help_lists_the_commands_in_the_order_of_the_work(runner: CliRunner) -> None:
    result = run(runner, ["--help"])
    listed = [line.split()[0] for line in result.output.split("Commands:\n")[1].splitlines() if line.startswith("  ")]
    assert listed == list(COMMANDS) == ["init", "validate", "score", "report", "preview", "plan", "sign",
                                        "reciprocity", "diff", "trend", "compare", "criteria", "export", "schema"]


def test_score_in_english_imports_no_other_command_nor_what_it_does_not_use() -> None:
    imported = _imported(["score", str(EXAMPLES / "japan-2025.yaml")])
    assert "roadmap.cli.assess" in imported
    unused = {"roadmap.cli.report", "roadmap.cli.rounds", "roadmap.cli.compare", "roadmap.cli.catalog",
              "roadmap.cli.export", "roadmap.preview.command", "roadmap.load.translations",
              "roadmap.models.translation", "roadmap.models.plan", "difflib"}
    assert imported & unused == set()


def test_a_lazy_entry_must_name_its_command() -> None:
    group = Lazy("g", lazy={"scores": "roadmap.cli.assess:score_cmd"})
    with click.Context(group) as ctx, pytest.raises(TypeError, match="is not the command scores"):
        group.get_command(ctx, "scores")
