"""The catalog's rules for decisions, checked across an assessment and its catalog (docs/scoring.md):
who may approve a not-applicable or exception decision, how long it may run, whether a gating
criterion may be excepted, and who acknowledges what the host owes.

Checked on the file's raw data, like the other cross-checks of `roadmap.load.assessments`, so that
each problem is reported at its place even when the file has schema problems too. A catalog without
decision rules (fvey 1.0 and 1.1) asks nothing of this.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from roadmap.errors import Problem
from roadmap.load.ids import close_matches
from roadmap.load.yamlsource import YamlFile
from roadmap.models.catalog import Catalog, DecisionRules

_DECISIONS = ("not_applicable", "exception")
_SIDES = ("host", "partner")


def decision_problems(doc: YamlFile, data: dict[str, Any], catalog: Catalog) -> list[Problem]:
    rules = catalog.meta.decisions
    findings = data.get("findings")
    if rules is None or not isinstance(findings, dict):
        return []
    approvers = _approvers(data)
    problems = _party_problems(doc, data, catalog, rules, findings)
    as_of = data.get("as_of")
    for cid, f in findings.items():
        if not isinstance(f, dict) or cid not in catalog.by_id:
            continue
        if f.get("status") in _DECISIONS:
            problems += _decision_problems(doc, cid, f, catalog, rules, approvers,
                                           as_of if isinstance(as_of, dt.date) else None)
        if isinstance(f.get("host_action"), dict):
            problems += _host_action_problems(doc, cid, f["host_action"], catalog, approvers)
    return problems


def _approvers(data: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Each side's named approvers (empty when `parties` does not name them)."""
    parties = data.get("parties")
    out: dict[str, tuple[str, ...]] = {}
    for side in _SIDES:
        party = parties.get(side) if isinstance(parties, dict) else None
        names = party.get("approvers") if isinstance(party, dict) else None
        out[side] = tuple(n for n in names if isinstance(n, str)) if isinstance(names, (list, tuple)) else ()
    return out


def _party_problems(doc: YamlFile, data: dict[str, Any], catalog: Catalog, rules: DecisionRules,
                    findings: dict[Any, Any]) -> list[Problem]:
    """`parties` names each side as the file does, and is there when a decision needs it."""
    parties = data.get("parties")
    if not isinstance(parties, dict):
        decided = any(isinstance(f, dict) and f.get("status") in _DECISIONS for f in findings.values())
        if rules.approvals == "both" and decided:
            return [doc.problem((), f"parties: expected the host's and the partner's approvers ({catalog.ref}: a "
                                    "decision needs an approval from each side), found none")]
        return []
    out = []
    for side in _SIDES:
        party = parties.get(side)
        name = party.get("name") if isinstance(party, dict) else None
        if isinstance(name, str) and isinstance(data.get(side), str) and name.strip() != data[side].strip():
            out.append(doc.problem(("parties", side, "name"), f"expected the {side} named at the top of the "
                                                              f"file ({data[side]!r}), found {name!r}"))
    return out


def _decision_problems(doc: YamlFile, cid: str, f: dict[str, Any], catalog: Catalog, rules: DecisionRules,
                       approvers: dict[str, tuple[str, ...]], as_of: dt.date | None) -> list[Problem]:
    at = ("findings", cid)
    out = []
    if rules.approvals == "both":
        out += _approval_problems(doc, cid, f, catalog, approvers)
    expires = f.get("expires")
    if rules.max_days is not None and isinstance(expires, dt.date) and as_of is not None \
            and (expires - as_of).days > rules.max_days:
        out.append(doc.problem(at + ("expires",), f"expected at most {rules.max_days} days after as_of "
                                                  f"{as_of.isoformat()} ({catalog.ref}), found {expires.isoformat()} "
                                                  f"({(expires - as_of).days} days)"))
    if f.get("status") == "exception" and catalog.by_id[cid].gating and not rules.gating_exceptions.allowed:
        out.append(doc.problem(at + ("status",), f"{cid} is gating: {catalog.ref} allows no exception on a "
                                                 "gating criterion; assess it, or mark it not_applicable"))
    return out


def _approval_problems(doc: YamlFile, cid: str, f: dict[str, Any], catalog: Catalog,
                       approvers: dict[str, tuple[str, ...]]) -> list[Problem]:
    at = ("findings", cid)
    approvals = f.get("approvals")
    if not isinstance(approvals, dict):
        found = f"only the approver {f['approver']!r}" if isinstance(f.get("approver"), str) else "none"
        return [doc.problem(at, f"expected approvals from the host and from the partner ({catalog.ref}: a "
                                f"{f.get('status')} decision needs both sides), found {found}")]
    out = []
    for side in _SIDES:
        approval = approvals.get(side)
        if not isinstance(approval, dict):
            out.append(doc.problem(at + ("approvals",), f"expected an approval from the {side} "
                                                        f"({catalog.ref}: a decision needs both sides), found none"))
            continue
        out += _named(doc, at + ("approvals", side, "by"), approval.get("by"), side, approvers)
    return out


def _named(doc: YamlFile, at: tuple[str | int, ...], who: Any, side: str,
           approvers: dict[str, tuple[str, ...]]) -> list[Problem]:
    """`who` is one of the people `parties` names for `side`."""
    if not isinstance(who, str) or who.strip() in approvers[side]:
        return []
    if not approvers[side]:
        return [doc.problem(at, f"expected one of the {side}'s approvers named in parties.{side}.approvers, "
                                f"found {who!r} and no approvers named")]
    close = close_matches(who.strip(), approvers[side])
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return [doc.problem(at, f"expected one of the {side}'s approvers ({', '.join(approvers[side])}), "
                            f"found {who!r}{hint}")]


def _host_action_problems(doc: YamlFile, cid: str, action: dict[str, Any], catalog: Catalog,
                          approvers: dict[str, tuple[str, ...]]) -> list[Problem]:
    at = ("findings", cid, "host_action")
    if not catalog.by_id[cid].depends_on_host():
        return [doc.problem(at, f"expected a criterion with a target that needs the host's action, found {cid}, "
                                f"none of whose targets in {catalog.ref} depends on the host")]
    acknowledged = action.get("acknowledged")
    if isinstance(acknowledged, dict):
        return _named(doc, at + ("acknowledged", "by"), acknowledged.get("by"), "host", approvers)
    return []
