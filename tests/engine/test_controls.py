"""Which framework controls a catalog covers (roadmap/engine/controls.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap.engine.controls import framework_map
from roadmap.errors import UsageError
from roadmap.load.catalogs import load_catalog
from tests.conftest import REPO


def test_controls_in_natural_order_with_their_criteria(duo_root: Path) -> None:
    fm = framework_map(load_catalog(duo_root, "duo", "1.0.0"), "nist-800-53")
    assert [(c.control, c.criteria) for c in fm.controls] == [("ac-2", ("ALP-01", "ALP-02")), ("ia-2.1", ("ALP-01",))]
    assert fm.unmapped == ("BET-01",)
    assert {u.id: (u.controls, u.criteria) for u in fm.frameworks}["ism"] == (1, 1)


def test_unknown_framework_says_which_exist() -> None:
    with pytest.raises(UsageError, match=r"unknown framework 'nist'; expected one of nist-800-53, cnssi-1253, ism, "
                                         r"caf, essential-eight; did you mean nist-800-53\?"):
        framework_map(load_catalog(REPO / "criteria", "fvey", "2.0.0"), "nist")


def test_fvey_2_maps_every_framework_it_names_and_1x_none() -> None:
    uses = {u.id: u for u in framework_map(load_catalog(REPO / "criteria", "fvey", "2.0.0")).frameworks}
    assert uses["nist-800-53"].criteria >= 90 and uses["essential-eight"].controls == 8
    old = framework_map(load_catalog(REPO / "criteria", "fvey", "1.1.0")).frameworks
    assert all(u.controls == 0 for u in old)
