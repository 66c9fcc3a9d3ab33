"""A released catalog is a goalpost: fvey 1.0.0 and 1.1.0 score the Japan rounds exactly as they did
when they were released. `tests/data/pinned/` holds the rounds as they were then and the figures
they scored (every tier, readiness, gap, evidence gap and commitment); no later change of the
engine may move one. New rules are catalog options these releases do not set (docs/scoring.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from roadmap.engine.reciprocity import ledger
from roadmap.engine.scoring import score
from roadmap.load.assessments import load_assessment
from tests.conftest import REPO

PINNED = REPO / "tests" / "data" / "pinned"
FIGURES = json.loads((PINNED / "scores-fvey-1.x.json").read_text())


def _figures(path: Path) -> dict[str, Any]:
    la = load_assessment(path, path.name, REPO / "criteria")
    d = score(la.catalog, la.assessment)
    recip = ledger(la.catalog, la.assessment, d) if la.assessment.reciprocity else None

    def view(v: Any) -> dict[str, Any]:
        return {"overall": v.overall_tier_id, "readiness": v.readiness,
                "domains": {x.id: [x.tier_id, x.readiness] for x in v.domains}}

    return {"catalog": d.catalog, "catalog_digest": d.catalog_digest,
            "views": {"claimed": view(d.claimed), "verified": view(d.verified), "strict": view(d.strict)},
            "next_tier": d.next_tier, "gaps": [g.id for g in d.gaps], "evidence_gaps": [g.id for g in d.evidence_gaps],
            "criteria": {c.id: [c.tier, c.verified_tier, c.progress, c.verified_progress] for c in d.criteria},
            "reciprocity": {x.id: [x.host.committed, x.host.status, x.partner.status] for x in recip.disciplines}
            if recip else None}


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_old_releases_score_the_old_rounds_as_before(name: str) -> None:
    assert _figures(PINNED / f"{name}.yaml") == FIGURES[name]
