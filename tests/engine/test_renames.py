"""Criterion ids and measures across catalog versions (roadmap/engine/renames.py)."""

from __future__ import annotations

from roadmap.engine.renames import carried, level_renames, pair_measures
from roadmap.load.catalogs import load_catalog
from roadmap.models.assessment import Finding
from roadmap.models.base import Status
from tests.conftest import REPO

OLD = load_catalog(REPO / "criteria", "fvey", "1.1.0")
NEW = load_catalog(REPO / "criteria", "fvey", "2.0.0")


def test_a_single_measure_is_carried_by_the_measure_whose_targets_kept_their_values() -> None:
    # COM-11: two percentages in 2.0.0; the share through a CDS kept the 1.1.0 targets (50/80/100/100)
    pairs, added, removed = pair_measures(OLD.by_id["COM-11"], NEW.by_id["COM-11"])
    assert [(a.id, b.id) for a, b in pairs] == [("", "approved-cds")]
    assert [m.id for m in added] == ["interconnect-inventory", "without-cds", "baseline-accepted"] and not removed


def test_renamed_levels_carry_and_redefined_ones_do_not() -> None:
    assert level_renames(OLD, NEW)["GOV-10"] == {"sds-cesi": "top-categories", "ministry-secrets": "all-levels"}
    assert level_renames(NEW, OLD)["GOV-10"] == {"top-categories": "sds-cesi", "all-levels": "ministry-secrets"}
    f = Finding(value="sds-cesi")
    assert carried(f, OLD.by_id["GOV-10"], NEW.by_id["GOV-10"], level_renames(OLD, NEW)["GOV-10"]).value == \
        "top-categories"
    # PER-03's levels were redefined: a 1.1.0 value does not carry; the measure counts as unmet
    moved = carried(Finding(value="three-tier"), OLD.by_id["PER-03"], NEW.by_id["PER-03"])
    assert moved.status is Status.ASSESSED and moved.values == {}


def test_several_measures_back_to_one() -> None:
    f = Finding(values={"accredited-share": 45, "register-completeness": 85})
    assert carried(f, NEW.by_id["PHY-02"], OLD.by_id["PHY-02"]).value == 45
    lost = carried(Finding(values={"level-structure": "single-level", "ts-access-ts-cleared": 0}),
                   NEW.by_id["PER-03"], OLD.by_id["PER-03"])
    assert lost.status is Status.NOT_ASSESSED and lost.value is None
