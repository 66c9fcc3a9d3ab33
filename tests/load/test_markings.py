"""Markings (roadmap.models.assessment.Marking, roadmap.load.markings): only the characters markings
use, letters of the scripts the catalog allows (a look-alike is refused), and a warning for a
marking this tool does not know."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap.load import markings
from roadmap.load.catalogs import load_catalog
from roadmap.models.catalog import MarkingScript
from tests.conftest import REPO, assessment_yaml, run


@pytest.fixture(scope="module")
def fvey() -> object:
    return load_catalog(REPO / "criteria", "fvey", "1.0.0")


KNOWN = ["UNCLASSIFIED", "UNCLASSIFIED//FOR TRAINING", "SECRET//REL TO USA, JPN", "(S//REL TO USA, JPN)",
         "TOP SECRET//SI//REL TO USA, JPN", "SECRET//REL TO USA, AUS, CAN, GBR, NZL", "SECRET//REL TO USA, FVEY",
         "SECRET//REL TO USA, JPN, FVEY", "SECRET//NOFORN", "CONFIDENTIAL//DISPLAY ONLY JPN", "SECRET//RELIDO",
         "//JPN SECRET//REL TO USA, JPN", "SECRET//FGI JPN//REL TO USA, JPN", "//JOINT SECRET JPN USA//REL TO USA, JPN",
         "TOP SECRET//HCS-P/SI-G//ORCON/NOFORN",
         # the sharing levels' markings of fvey@1.0.0, <host> and <partner> as codes
         "NOFORN", "//DISPLAY ONLY JPN", "REL TO USA, JPN", "REL TO USA, JPN, FVEY"]
UNKNOWN = ["Secret", "SECRET//FOO", "SECRET//REL TO JPN", "SECRETS", "TOP-SECRET", "SECRET//REL TO USA JPN"]


@pytest.mark.parametrize("marking", KNOWN)
def test_known_markings(marking: str, fvey: typing.Any) -> None:
    assert markings.known(marking, fvey)


@pytest.mark.parametrize("marking", UNKNOWN)
def test_unknown_markings(marking: str, fvey: typing.Any) -> None:
    assert not markings.known(marking, fvey)


def test_every_script_a_catalog_may_name_can_be_told() -> None:
    samples = {"Latin": "A", "Greek": "Α", "Cyrillic": "Е", "Armenian": "Ա", "Han": "秘", "Hiragana": "ひ",
               "Katakana": "カ", "Hangul": "한", "Arabic": "س", "Hebrew": "ס", "Thai": "ก", "Devanagari": "क"}
    assert set(samples) == set(typing.get_args(MarkingScript))
    for name, ch in samples.items():
        assert markings.script(ch) == name


def _validate(runner: CliRunner, mini_root: Path, tmp_path: Path, marking: str) -> typing.Any:
    src = tmp_path / "m.yaml"
    src.write_text(assessment_yaml("ALP-01: {value: true}\n").replace("marking: UNCLASSIFIED", f'marking: "{marking}"'))
    return run(runner, ["--criteria", str(mini_root), "validate", str(src)]), src


def test_a_cyrillic_look_alike_is_refused(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    """Issue 16: a marking with a Cyrillic "Е" looked like SECRET but did not match it."""
    result, src = _validate(runner, mini_root, tmp_path, "S\u0415CRET")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{src}:5:10: marking: expected letters of the Latin script (what mini@1.0.0's markings are written in), "
        "found U+0415 CYRILLIC CAPITAL LETTER IE (character 2), a letter of the Cyrillic script: a marking must be "
        "the marking it looks like", "1 problem in 1 file"]


@pytest.mark.parametrize(("marking", "found"), [
    ("UNCLASSIFIED\\U000E0053\\U000E0045", "U+E0053 TAG LATIN CAPITAL LETTER S (character 13), which is invisible or "
                                            "changes the direction of text"),
    ("SECRET\\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE (character 7), which is invisible or changes the direction "
                      "of text"),
    ("SECRET\\u200b//NOFORN", "U+200B ZERO WIDTH SPACE (character 7), which is invisible or changes the direction "
                              "of text"),
    ("SECRET\\u2215\\u2215NOFORN", "U+2215 DIVISION SLASH (character 7)"),
    ("SECRET <b>", "U+003C LESS-THAN SIGN (character 8)"),
])
def test_a_marking_holds_only_what_markings_use(marking: str, found: str, runner: CliRunner, mini_root: Path,
                                                tmp_path: Path) -> None:
    """Issue 16: "UNCLASSIFIED" followed by tag characters spelling "SECRET" rendered as UNCLASSIFIED."""
    result, src = _validate(runner, mini_root, tmp_path, marking)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"{src}:5:10: marking: expected a marking of letters, digits, spaces and / , - ( ), found {found}")


def test_an_unknown_marking_and_hidden_characters_in_text_are_warnings(runner: CliRunner, mini_root: Path,
                                                                       tmp_path: Path) -> None:
    src = tmp_path / "w.yaml"
    src.write_text(assessment_yaml("ALP-01: {value: true, notes: \"see\\u202eannex\"}\n")
                   .replace("marking: UNCLASSIFIED", 'marking: "SECRET//REL TO JPN"'))
    result = run(runner, ["--criteria", str(mini_root), "validate", str(src)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"{src}:5:10: marking: warning: SECRET//REL TO JPN is not a marking this tool knows (the US banner grammar, or "
        "a sharing level's marking in mini@1.0.0); check it",
        f"{src}:6:10: catalog: warning: no catalog_digest, so this file is scored against whatever the folder of "
        "mini@1.0.0 holds; pin it: catalog_digest: "
        "\"sha256:36397dd0a3e0463c5b4445ad13df3396214077bb2b685f6397467b2783fd9ceb\"",
        f"{src}:8:32: findings.ALP-01.notes: warning: holds invisible or direction-changing characters (U+202E "
        "RIGHT-TO-LEFT OVERRIDE); reports and the terminal show them as ⟨U+202E⟩"]
    assert run(runner, ["--criteria", str(mini_root), "validate", "--strict", str(src)]).exit_code == 1


def test_a_catalog_may_allow_more_scripts(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    meta = mini_root / "mini" / "1.0.0" / "catalog.yaml"
    meta.write_text(meta.read_text() + "marking_scripts: [Latin, Han, Hiragana, Katakana]\n")
    result, _ = _validate(runner, mini_root, tmp_path, "SECRET (特定秘密)")
    assert result.exit_code == 0, result.output
    result, _ = _validate(runner, mini_root, tmp_path, "S\u0415CRET")
    assert result.exit_code == 2
    assert "expected letters of the Latin or Han or Hiragana or Katakana script" in result.output


def test_a_misspelt_classification_gets_a_suggestion(runner: CliRunner, mini_root: Path, tmp_path: Path) -> None:
    src = tmp_path / "m.yaml"
    src.write_text(assessment_yaml("ALP-01: {value: true}\n").replace("marking: UNCLASSIFIED",
                                                                      'marking: "UNCLASIFIED//FOR TRAINING"'))
    result = run(runner, ["--criteria", str(mini_root), "validate", str(src)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        f"{src}:5:10: marking: warning: UNCLASIFIED//FOR TRAINING is not a marking this tool knows (the US banner "
        "grammar, or a sharing level's marking in mini@1.0.0); did you mean UNCLASSIFIED//FOR TRAINING?")
