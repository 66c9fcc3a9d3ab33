"""A synthetic catalog of any size, and an assessment of it with every kind of finding (values that
meet some tiers, not assessed, not applicable, exceptions, fresh/stale/future evidence), written as
real YAML files. Used by the report tests and for timing large reports:

    python -m tests.synthetic /tmp/synth 500   # writes /tmp/synth/criteria and /tmp/synth/synth-500.yaml
    roadmap --criteria /tmp/synth/criteria report /tmp/synth/synth-500.yaml
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

DOMAINS = (("physical", "PHY", "Physical security"), ("personnel", "PER", "Personnel security"),
           ("communications", "COM", "Communications security"), ("cyber", "CYB", "Cyber security"),
           ("governance", "GOV", "Governance, classification and handling"))
TIERS = ("T1", "T2", "T3", "T4")

META = """\
id: synth
title: Synthetic readiness catalog
version: "1.0.0"
status: draft
description: A generated catalog for layout and timing tests.
changelog:
  - version: "1.0.0"
    date: 2026-01-01
    changes: [generated]
tiers:
  - {id: T1, name: Foundational, description: Laws and programmes in place.,
     unlocks: Case-by-case release of SECRET product (L1-L2).}
  - {id: T2, name: Trusted partner, description: Common standards applied and measured.,
     unlocks: Routine SECRET release and selected TOP SECRET (L2-L3).}
  - {id: T3, name: Enhanced, description: Standards met everywhere and independently verified.,
     unlocks: TOP SECRET and SCI-equivalent product (L3-L4).}
  - {id: T4, name: Equivalent, description: Trusted like the closest partners.,
     unlocks: Default-to-share across disciplines (L5).}
domains:
DOMAINS
tier_rules:
  domain: {method: threshold, threshold: 0.75,
           explanation: "Every gating criterion meets the tier and 75% of the other weight does."}
  overall: {method: minimum, explanation: The weakest domain decides.}
files: [FILES]
reciprocity:
  explanation: generated
  disciplines:
    - {id: HUMINT, name: Human intelligence, description: h}
    - {id: SIGINT, name: Signals intelligence, description: s}
  levels:
    - {id: L0, name: None, definition: nothing, marking: NOFORN}
    - {id: L1, name: Some, definition: some, marking: REL}
    - {id: L2, name: More, definition: more, marking: REL}
    - {id: L3, name: Most, definition: most, marking: REL}
  host_commitments:
    T0: {HUMINT: L0, SIGINT: L0}
    T1: {HUMINT: L1, SIGINT: L1}
    T2: {HUMINT: L1, SIGINT: L2}
    T3: {HUMINT: L2, SIGINT: L3}
    T4: {HUMINT: L3, SIGINT: L3}
  partner_expectations:
    explanation: generated
    by_capability: {none: L0, building: L1, online: L2}
    parity_target: {T1: 0.5, T2: 0.6, T3: 0.8, T4: 1.0}
"""

_KINDS = (
    ("{type: percentage}", (50, 70, 85, 95), lambda r: r.choice((40, 60, 75, 90, 100))),
    ("{type: boolean}", ("true", "true", "true", "true"), lambda r: r.choice(("true", "false"))),
    ("{type: duration, direction: lower, unit: days}", (90, 60, 30, 14), lambda r: r.choice((120, 45, 20, 7))),
    ("{type: count}", (1, 2, 4, 8), lambda r: r.choice((0, 1, 3, 9))),
    ("{type: ordinal, levels: [none, initial, managed, audited]}", ("initial", "initial", "managed", "audited"),
     lambda r: r.choice(("none", "initial", "managed", "audited"))),
)


def _targets(kind: int, indent: str) -> str:
    _, targets, _ = _KINDS[kind % len(_KINDS)]
    return "\n".join(f"{indent}{t}: {{value: {v}, basis: \"design: step {k + 1}\"}}"
                     for k, (t, v) in enumerate(zip(TIERS, targets)))


def _measured(i: int, measures: int) -> str:
    """The metric and targets of criterion `i`, or (`measures` > 1) its list of measures."""
    if measures == 1:
        return f"    metric: {_KINDS[i % len(_KINDS)][0]}\n    targets:\n{_targets(i, '      ')}\n"
    return "    measures:\n" + "".join(
        f"      - id: m{k}\n        title: Measure {k} of control {i}\n"
        f"        metric: {_KINDS[(i + k) % len(_KINDS)][0]}\n        targets:\n{_targets(i + k, '          ')}\n"
        for k in range(measures))


def _criterion(cid: str, i: int, measures: int = 1) -> str:
    need = ("self_asserted", "documented", "documented", "independently_verified")
    vl = "\n".join(f"        {t}: {n}" for t, n in zip(TIERS, need))
    return f"""\
  - id: {cid}
    title: Synthetic control number {i} with a realistic title length
    statement: The partner applies control {i} across every agency that holds classified information.
    rationale: Control {i} closes a gap the host would otherwise have to compensate for.
    gating: {"true" if i % 9 == 0 else "false"}
    weight: {1 + i % 5}
{_measured(i, measures)}    references:
      - {{source: Synthetic standard, section: "{i}.1"}}
    evidence:
      expects: [a record of control {i}]
      verification:
{vl}
      max_age_days: 365
    remediation: >-
      Assign an owner for control {i}, fund the work in the next budget cycle, apply it to every
      ministry holding classified information, and report progress to the cabinet each quarter.
"""


def write_catalog(root: Path, n: int, *, measures: int = 1) -> Path:
    """A catalog of `n` criteria; with `measures` > 1, each criterion has that many measures."""
    folder = root / "synth" / "1.0.0"
    folder.mkdir(parents=True, exist_ok=True)
    doms = "\n".join(f"  - {{id: {d}, prefix: {p}, name: {_q(name)}, description: {_q(f'The {name.lower()} domain.')}}}"
                     for d, p, name in DOMAINS)
    files = ", ".join(f"{d}.yaml" for d, _, _ in DOMAINS)
    (folder / "catalog.yaml").write_text(META.replace("DOMAINS", doms).replace("FILES", files))
    for k, (d, prefix, _) in enumerate(DOMAINS):
        ids = [i for i in range(n) if i % len(DOMAINS) == k]
        body = "".join(_criterion(_cid(prefix, j), i, measures) for j, i in enumerate(ids))
        (folder / f"{d}.yaml").write_text(f"domain: {d}\ncriteria:\n{body}")
    return root


def criterion_ids(n: int) -> list[tuple[int, str]]:
    out = []
    for k, (_, prefix, _) in enumerate(DOMAINS):
        out += [(i, _cid(prefix, j)) for j, i in enumerate(i for i in range(n) if i % len(DOMAINS) == k)]
    return sorted(out)


def _cid(prefix: str, j: int) -> str:
    """The j-th id of a domain: PHY-001 ... PHY-999, then PHY-001a ... (ids have at most 3 digits),
    so that catalogs of 10,000 criteria and more can be generated."""
    suffix = "" if j < 999 else chr(ord("a") + j // 999 - 1)
    return f"{prefix}-{j % 999 + 1:03d}{suffix}"


def assessment(n: int, *, partner: str = "Synthland", notes: str = "", marking: str = "SECRET//REL TO USA, JPN",
               seed: int = 7, measures: int = 1) -> str:
    r = random.Random(seed)
    lines = [f"partner: {_q(partner)}", "host: Hostland", "assessors: [A. Assessor, B. Reviewer]",
             "as_of: 2026-06-30", f"marking: {_q(marking)}", 'catalog: "synth@1.0.0"',
             f"notes: {_q(notes)}", "findings:"]
    for i, cid in criterion_ids(n):
        roll = r.random()
        if roll < 0.08:
            continue  # not assessed
        if roll < 0.12:
            status = "not_applicable" if roll < 0.10 else "exception"
            lines += [f"  {cid}:", f"    status: {status}",
                      "    justification: No such facility exists in the partner's estate.",
                      "    approver: Deputy Director, Security Policy",
                      f"    expires: {'2026-01-31' if i % 2 else '2027-03-31'}"]
            continue
        if measures == 1:
            lines += [f"  {cid}:", f"    value: {_KINDS[i % len(_KINDS)][2](r)}", "    evidence:"]
        else:
            values = ", ".join(f"m{k}: {_KINDS[(i + k) % len(_KINDS)][2](r)}" for k in range(measures))
            lines += [f"  {cid}:", f"    values: {{{values}}}", "    evidence:"]
        for e in range(1 + i % 2):
            date = r.choice(("2026-05-01", "2025-03-01", "2026-07-15", "2026-02-10"))
            ver = r.choice(("self_asserted", "documented", "independently_verified"))
            lines += [f"      - {{ref: \"Ministry record {cid}/{e + 1}\", kind: record, date: {date}, "
                      f"verification: {ver}}}"]
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


if __name__ == "__main__":  # pragma: no cover
    out, count = Path(sys.argv[1]), int(sys.argv[2])
    write_catalog(out / "criteria", count)
    (out / f"synth-{count}.yaml").write_text(assessment(count))
    print(f"wrote {out / 'criteria'} and {out / f'synth-{count}.yaml'}")
