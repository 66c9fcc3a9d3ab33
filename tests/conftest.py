"""Shared test helpers: a small hand-built catalog written as real YAML files, and a CLI runner."""

from __future__ import annotations

import os
import shutil
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
# Its secret (roadmap.load.cache): not the user's own either, and outside the cache folder.
os.environ["ROADMAP_CACHE_KEY"] = os.path.join(tempfile.mkdtemp(prefix="roadmap-test-key-"), "cache.key")
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


#: The example principals (examples/keys/, criteria/allowed_signers): never to be trusted outside tests.
HOST, PARTNER = "example-host@host.example", "example-partner@partner.example"
ASSESSOR, REVIEWER = "example-assessor@partner.example", "example-reviewer@host.example"


@pytest.fixture(autouse=True)
def _terminal_width_of_our_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """Output that is not a terminal is as wide as $COLUMNS (default 120): the tests read it at the
    default, whatever the shell exported or a test runner set (pytest-xdist's workers get 80)."""
    monkeypatch.delenv("COLUMNS", raising=False)


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, Path]:
    """The example private keys by role (host, partner, assessor, reviewer), copied with mode 0600:
    ssh-keygen refuses a private key others can read, and git keeps no modes."""
    folder = tmp_path / "keys"
    folder.mkdir()
    out = {}
    for role in ("host", "partner", "assessor", "reviewer"):
        key = folder / f"example-{role}"
        shutil.copyfile(REPO / "examples" / "keys" / f"example-{role}", key)
        key.chmod(0o600)
        shutil.copyfile(REPO / "examples" / "keys" / f"example-{role}.pub", f"{key}.pub")
        out[role] = key
    return out


def release_mini(root: Path, keys: dict[str, Path], *, sign: tuple[str, ...] = ("host", "partner")) -> Path:
    """Release the mini catalog of `root` (signatories: the example host and partner), trusting the
    example keys, and sign it with the keys of `sign`. Through the real CLI and ssh-keygen."""
    shutil.copyfile(REPO / "criteria" / "allowed_signers", root / "allowed_signers")
    meta = root / "mini" / "1.0.0" / "catalog.yaml"
    meta.write_text(meta.read_text().replace("status: draft", "status: released\nreleased: 2026-01-02"))
    runner = CliRunner()
    result = run(runner, ["--criteria", str(root), "criteria", "release", "mini@1.0.0",
                          "--signatory", f"host={HOST}", "--signatory", f"partner={PARTNER}"])
    assert result.exit_code == 0, result.output
    for role in sign:
        result = run(runner, ["--criteria", str(root), "criteria", "sign", "mini@1.0.0", "--key", str(keys[role])])
        assert result.exit_code == 0, result.output
    return root


def pinned(root: Path, ref: str = "mini@1.0.0") -> str:
    """The `catalog_digest:` line that pins an assessment to catalog `ref` of the folder `root`
    (for `assessment_yaml(..., extra=pinned(root))`): without it, `validate` warns."""
    from roadmap.load.catalogs import load_catalog

    cid, version = ref.split("@")
    return f'catalog_digest: "{load_catalog(root, cid, version, check_release=False).digest}"\n'


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


# -- a catalog with several measures per criterion, placeholders, controls, a profile and capabilities

DUO_META = MINI_META.replace("id: mini", "id: duo").replace(
    "METHOD", "threshold").replace("THRESHOLD ", "threshold: 0.75, ").replace(
    "files: [alpha.yaml, beta.yaml]", "files: [alpha.yaml, beta.yaml]\nprofiles: [testland.yaml]").replace(
    "    parity_target: {T1: 0.5, T2: 0.5, T3: 1.0}\n",
    "    parity_target: {T1: 0.5, T2: 0.5, T3: 1.0}\n"
    "  capabilities:\n"
    "    - {id: CAP-01, name: Cyber operations, discipline: CTI, description: \"What {partner} can do in cyber.\"}\n")

DUO_ALPHA = """\
domain: alpha
criteria:
  - id: ALP-01
    title: Two measures
    statement: "{partner} measures both; {host} reads them."
    rationale: a reason
    gating: true
    weight: 2
    measures:
      - id: share
        title: Share covered
        metric: {type: percentage}
        targets:
          T1: {value: 50, basis: design}
          T2: {value: 80, basis: design}
          T3: {value: 95, basis: design}
      - id: hours
        title: Hours to report
        metric: {type: duration, direction: lower, unit: hours}
        targets:
          T1: {value: 72, basis: design}
          T2: {value: 24, basis: design}
          T3: {value: 4, basis: "design: accepted by {host}", depends_on: host}
        evidence: [the report log]
    references:
      - {source: Test standard, section: "2.1"}
    controls:
      nist-800-53: [ia-2.1, ac-2]
      ism: [ISM-0810]
    evidence:
      expects: [a record]
      verification: {T1: self_asserted, T2: documented, T3: independently_verified}
      max_age_days: 365
    remediation: "{partner} should ask {host}."
  - id: ALP-02
    title: Accepted by {host}
    statement: One measure, the 1.x form.
    rationale: a reason
    weight: 1
    metric: {type: percentage}
    targets:
      T1: {value: 10, basis: design}
      T2: {value: 20, basis: design}
      T3: {value: 30, basis: design}
    references:
      - {source: Test standard, section: "2.2"}
    controls:
      nist-800-53: [ac-2]
    evidence:
      expects: [a record]
      verification: {T1: self_asserted, T2: documented, T3: independently_verified}
      max_age_days: 365
    remediation: fix ALP-02
"""

DUO_BETA = """\
domain: beta
criteria:
  - id: BET-01
    title: Level and register
    statement: two measures
    rationale: a reason
    weight: 1
    measures:
      - id: level
        title: Level reached
        metric: {type: ordinal, levels: [none, basic, full]}
        targets:
          T2: {value: basic, basis: design}
          T3: {value: full, basis: design}
      - id: register
        title: Register kept
        metric: {type: boolean}
        targets:
          T1: {value: true, basis: design}
          T2: {value: true, basis: design}
          T3: {value: true, basis: design}
    references:
      - {source: Test standard, section: "3.1"}
    evidence:
      expects: [a record]
      verification: {T1: self_asserted, T2: documented, T3: independently_verified}
      max_age_days: 365
    remediation: fix BET-01
"""

DUO_PROFILE = """\
id: testland
partner: Testland
description: Guidance for Testland.
markings:
  - {host: SECRET, partner: "Testland SECRET", note: one level}
criteria:
  ALP-01:
    guidance: Testland measures the share in its own register.
    remediation: Testland's ministry should publish the register.
    references:
      - {source: "Testland Act", section: "Art. 1"}
"""


def write_duo_catalog(root: Path) -> Path:
    """`duo@1.0.0`: criteria with several measures (ALP-01, BET-01) and one of the 1.x form (ALP-02),
    `{partner}`/`{host}` in their text, controls, a profile (testland) and a capability item."""
    folder = root / "duo" / "1.0.0"
    (folder / "profiles").mkdir(parents=True, exist_ok=True)
    (folder / "catalog.yaml").write_text(DUO_META)
    (folder / "alpha.yaml").write_text(DUO_ALPHA)
    (folder / "beta.yaml").write_text(DUO_BETA)
    (folder / "profiles" / "testland.yaml").write_text(DUO_PROFILE)
    return root


@pytest.fixture
def duo_root(tmp_path: Path) -> Path:
    return write_duo_catalog(tmp_path / "criteria")


__all__ = ["ASSESSOR", "EXAMPLES", "HOST", "PARTNER", "REPO", "REVIEWER", "HtmlParts", "another_partner",
           "assessment_yaml", "cli", "pinned", "release_mini", "rollup_yaml", "run", "scoped_yaml", "write_duo_catalog",
           "write_mini_catalog", "write_rollup_catalog"]
