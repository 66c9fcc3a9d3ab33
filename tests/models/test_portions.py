"""Markings of a document's parts (roadmap.models.portions): reading them, what they release to,
portion marks, and the banner of a document that holds several (the domain brief §5.1)."""

from __future__ import annotations

import pytest

from roadmap.models.portions import Portion, disclosure, portion_mark, problem, read, releasable, rollup


def test_read_the_banner_grammar() -> None:
    assert read("SECRET//REL TO USA, JPN") == Portion(3, frozenset({"USA", "JPN"}), False, ())
    assert read("UNCLASSIFIED//FOR TRAINING") == Portion(0, None, False, ("FOR TRAINING",))
    assert read("REL TO USA, JPN") == Portion(None, frozenset({"USA", "JPN"}), False, ())
    assert read("(S//NF)") == Portion(3, None, True, ())
    assert read("TOP SECRET//SI//REL TO USA, JPN/RELIDO") == Portion(4, frozenset({"USA", "JPN"}), False,
                                                                      ("SI", "RELIDO"))
    assert read("OFFICIAL-SENSITIVE") is None and read("for the host only") is None


def test_a_releasability_needs_a_classification_or_a_disclosure_control() -> None:
    assert problem("NOFORN") is None and problem("REL TO USA, JPN") is None
    assert problem("host only") == ('expected a marking with a classification or a foreign-disclosure control, '
                                    'such as "SECRET//REL TO USA, JPN", "REL TO USA, JPN" or "NOFORN", found '
                                    "'host only'")


@pytest.mark.parametrize(("marking", "code", "ok"), [
    ("NOFORN", "USA", True), ("NOFORN", "JPN", False),
    ("SECRET//REL TO USA, JPN", "JPN", True), ("SECRET//REL TO USA, GBR", "JPN", False),
    ("SECRET//REL TO USA, FVEY", "NZL", True), ("SECRET//REL TO USA, FVEY", "JPN", False),
    ("SECRET", "JPN", True),  # no foreign-disclosure control: whoever may hold the document
])
def test_releasable(marking: str, code: str, ok: bool) -> None:
    portion = read(marking)
    assert portion is not None and releasable(portion, code) is ok


def test_roll_up_takes_the_highest_and_the_countries_in_common() -> None:
    assert rollup(["UNCLASSIFIED//FOR TRAINING"]) == "UNCLASSIFIED//FOR TRAINING"
    assert rollup(["UNCLASSIFIED//FOR TRAINING", "REL TO USA, JPN"]) == "UNCLASSIFIED//REL TO USA, JPN//FOR TRAINING"
    assert rollup(["UNCLASSIFIED//FOR TRAINING", "SECRET//NOFORN", "REL TO USA, JPN"]) == \
        "SECRET//NOFORN//FOR TRAINING"
    assert rollup(["SECRET//REL TO USA, JPN", "REL TO USA, GBR, JPN"]) == "SECRET//REL TO USA, JPN"
    assert rollup(["SECRET//REL TO USA, JPN", "REL TO USA, GBR"]) == "SECRET//NOFORN"  # only USA in common
    assert rollup(["CONFIDENTIAL", "TOP SECRET//SI"]) == "TOP SECRET//SI"
    # never lower than the declared marking, which is kept as written when nothing raises it
    assert rollup(["SECRET//REL TO USA, JPN", "UNCLASSIFIED//REL TO USA, JPN"]) == "SECRET//REL TO USA, JPN"
    # a marking this grammar does not read: every distinct marking, the tool does not guess
    assert rollup(["OFFICIAL-SENSITIVE", "SECRET//NOFORN"]) == "OFFICIAL-SENSITIVE | SECRET//NOFORN"


def test_portion_marks() -> None:
    assert portion_mark("SECRET//REL TO USA, JPN", "UNCLASSIFIED") == "(S//REL TO USA, JPN)"
    assert portion_mark("NOFORN", "UNCLASSIFIED//FOR TRAINING") == "(U//NF)"
    assert portion_mark("REL TO JPN, USA", "TOP SECRET") == "(TS//REL TO USA, JPN)"
    assert disclosure(frozenset({"USA"})) == "NOFORN"
    assert disclosure(frozenset({"JPN", "USA", "FVEY", "AUS"})) == "REL TO USA, AUS, JPN, FVEY"
