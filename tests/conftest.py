"""Shared test helpers: a small hand-built catalog written as real YAML files, and a CLI runner."""

from __future__ import annotations

import os
import tempfile
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from roadmap.cli import cli, main

REPO = Path(__file__).resolve().parent.parent

# The catalog cache (roadmap.load.cache) of this test run: never the user's own, and shared by the CLI
# processes the tests start. Tests of the cache itself point ROADMAP_CACHE_DIR elsewhere.
os.environ["ROADMAP_CACHE_DIR"] = tempfile.mkdtemp(prefix="roadmap-test-cache-")
EXAMPLES = REPO / "examples"

MINI_META = """\
id: mini
title: Mini catalog for tests
version: "1.0.0"
status: draft
description: Two domains, three tiers; numbers chosen so tiers can be computed by hand.
changelog:
  - version: "1.0.0"
    date: 2026-01-01
    changes: [first]
tiers:
  - {id: T1, name: One, description: first, unlocks: L1}
  - {id: T2, name: Two, description: second, unlocks: L2}
  - {id: T3, name: Three, description: third, unlocks: L3}
domains:
  - {id: alpha, prefix: ALP, name: Alpha, description: first domain}
  - {id: beta, prefix: BET, name: Beta, description: second domain}
tier_rules:
  domain: {method: METHOD, THRESHOLD explanation: test rule}
  overall: {method: minimum, explanation: weakest domain}
files: [alpha.yaml, beta.yaml]
reciprocity:
  explanation: test
  disciplines:
    - {id: HUMINT, name: Human, description: h}
    - {id: CTI, name: Cyber, description: c}
  levels:
    - {id: L0, name: None, definition: none, marking: NOFORN}
    - {id: L1, name: Some, definition: some, marking: REL}
    - {id: L2, name: More, definition: more, marking: REL}
    - {id: L3, name: Most, definition: most, marking: REL}
  host_commitments:
    T0: {HUMINT: L0, CTI: L0}
    T1: {HUMINT: L1, CTI: L1}
    T2: {HUMINT: L1, CTI: L2}
    T3: {HUMINT: L2, CTI: L3}
  partner_expectations:
    explanation: test
    by_capability: {none: L0, building: L1, online: L2}
    parity_target: {T1: 0.5, T2: 0.5, T3: 1.0}
"""


def _crit(cid: str, metric: str, targets: dict[str, object], *, gating: bool = False, weight: int = 1,
          max_age: int = 365) -> str:
    tlines = "\n".join(f"      {t}: {{value: {v}, basis: design}}" for t, v in targets.items())
    need = {"T1": "self_asserted", "T2": "documented", "T3": "independently_verified"}
    vlines = "\n".join(f"        {t}: {need[t]}" for t in targets)
    return f"""\
  - id: {cid}
    title: {cid} title
    statement: {cid} statement
    rationale: {cid} rationale
    gating: {str(gating).lower()}
    weight: {weight}
    metric: {metric}
    targets:
{tlines}
    references:
      - {{source: Test standard, section: "1.1"}}
    evidence:
      expects: [a record]
      verification:
{vlines}
      max_age_days: {max_age}
    remediation: fix {cid}
"""


ALPHA = "domain: alpha\ncriteria:\n" + "".join([
    _crit("ALP-01", "{type: boolean}", {"T1": "true", "T2": "true", "T3": "true"}, gating=True, weight=3),
    _crit("ALP-02", "{type: percentage}", {"T1": 50, "T2": 80, "T3": 95}, weight=2),
    _crit("ALP-03", "{type: duration, direction: lower, unit: hours}", {"T1": 72, "T2": 24, "T3": 4}),
    _crit("ALP-04", "{type: ordinal, levels: [none, basic, full, audited]}", {"T2": "basic", "T3": "full"}),
])
BETA = "domain: beta\ncriteria:\n" + "".join([
    _crit("BET-01", "{type: count}", {"T1": 1, "T2": 3, "T3": 5}, gating=True, weight=2),
    _crit("BET-02", "{type: percentage}", {"T1": 10, "T2": 20, "T3": 30}),
])


def write_mini_catalog(root: Path, *, method: str = "threshold", threshold: float | None = 0.75) -> Path:
    folder = root / "mini" / "1.0.0"
    folder.mkdir(parents=True, exist_ok=True)
    meta = MINI_META.replace("METHOD", method).replace(
        "THRESHOLD ", f"threshold: {threshold}, " if threshold is not None else "")
    (folder / "catalog.yaml").write_text(meta)
    (folder / "alpha.yaml").write_text(ALPHA)
    (folder / "beta.yaml").write_text(BETA)
    return root


#: A roll-up rule for the mini catalog (docs/scoring.md): the weighted mean, but the weakest scope for
#: gating criteria and for ALP-04; weights declared by the national assessment.
MINI_ROLLUP = """\
rollup:
  method: weighted
  weakest_for: [gating, ALP-04]
  weights: declared
  explanation: weakest for gating criteria and ALP-04, else the weighted mean
"""


def write_rollup_catalog(root: Path) -> Path:
    """The mini catalog with a roll-up rule (`MINI_ROLLUP`)."""
    write_mini_catalog(root)
    meta = root / "mini" / "1.0.0" / "catalog.yaml"
    meta.write_text(meta.read_text().replace("files: [alpha.yaml, beta.yaml]\n",
                                             MINI_ROLLUP + "files: [alpha.yaml, beta.yaml]\n"))
    return root


def scoped_yaml(scope: str, findings: str, **kw: str) -> str:
    """An assessment of one scope (`scope:`) of Testland, as `assessment_yaml` writes it."""
    return assessment_yaml(findings, **kw).replace("partner: Testland\n", f"partner: Testland\nscope: {scope}\n")


def rollup_yaml(files: list[str], weights: dict[str, float] | None = None, findings: str = "{}", **kw: str) -> str:
    """A national assessment of Testland that rolls up `files` (with `weights` by scope)."""
    lines = "rollup:\n  files: [" + ", ".join(files) + "]\n"
    if weights is not None:
        lines += "  weights: {" + ", ".join(f"{k}: {v}" for k, v in weights.items()) + "}\n"
    return assessment_yaml(findings, extra=lines, **kw)


def another_partner(example: Path, name: str, dest: Path, values: dict[str, object] | None = None) -> Path:
    """A copy of a bundled example assessing partner `name` (its `partner` and its parties' partner
    name changed), with `values` (criterion id → value) written over its findings' values: a second
    partner for `compare`, without a real assessment of one."""
    import re

    text = example.read_text(encoding="utf-8")
    text = text.replace('partner: "Japan"', f'partner: "{name}"').replace('    name: "Japan"', f'    name: "{name}"')
    for cid, value in (values or {}).items():
        text, n = re.subn(rf"(\n  {re.escape(cid)}:\n    status: assessed\n    value: )[^\n]*", rf"\g<1>{value}", text)
        assert n == 1, cid
    dest.write_text(text, encoding="utf-8")
    return dest


def assessment_yaml(findings: str, *, catalog: str = "mini@1.0.0", as_of: str = "2026-06-30",
                    extra: str = "") -> str:
    return textwrap.dedent(f"""\
        partner: Testland
        host: Hostland
        assessors: [A. Assessor]
        as_of: {as_of}
        marking: UNCLASSIFIED
        catalog: "{catalog}"
        """) + extra + "findings:\n" + textwrap.indent(textwrap.dedent(findings), "  ")


@pytest.fixture
def mini_root(tmp_path: Path) -> Path:
    return write_mini_catalog(tmp_path / "criteria")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, args: list[str]) -> Result:
    """Invoke the real entry point (exit-code mapping included) through click's runner."""
    return runner.invoke(_entry, args, catch_exceptions=False)  # type: ignore[arg-type]  # duck-typed


class _Entry:
    """Adapter so CliRunner drives `main` (which maps exceptions to exit codes)."""

    name = "roadmap"

    def main(self, args: list[str], prog_name: str | None = None, **_: object) -> None:
        main(list(args))


_entry = _Entry()


class HtmlParts(HTMLParser):
    """The element names and the text of an HTML document, for semantic checks."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        return " ".join(parser.text)
__all__ = ["EXAMPLES", "REPO", "HtmlParts", "another_partner", "assessment_yaml", "cli", "rollup_yaml", "run",
           "scoped_yaml", "write_mini_catalog", "write_rollup_catalog"]
