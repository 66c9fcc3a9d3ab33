"""Partner profiles (roadmap/load/profiles.py): loaded with positions, checked against their catalog,
named by an assessment, hashed for the release."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap.errors import InputError, UsageError
from roadmap.load.assessments import check_assessment
from roadmap.load.catalogs import load_catalog
from roadmap.load.profiles import load_profile, profile_digest
from roadmap.load.yamlsource import load_bytes
from tests.conftest import REPO, assessment_yaml, pinned


def test_the_bundled_japan_profile_loads() -> None:
    folder = REPO / "criteria" / "fvey" / "2.0.0"
    profile = load_profile(folder, load_catalog(REPO / "criteria", "fvey", "2.0.0"), "japan")
    assert profile.partner == "Japan" and len(profile.markings) == 4
    assert profile.entry("PER-03") is not None and profile.entry("PHY-02") is not None


def test_unknown_profile_name(duo_root: Path) -> None:
    catalog = load_catalog(duo_root, "duo", "1.0.0")
    with pytest.raises(UsageError, match=r"duo@1.0.0 has no profile 'testlnd' \(profiles: testland\); did you mean "
                                         r"testland\?"):
        load_profile(duo_root / "duo" / "1.0.0", catalog, "testlnd")


def test_profile_problems_have_positions_and_did_you_mean(duo_root: Path) -> None:
    path = duo_root / "duo" / "1.0.0" / "profiles" / "testland.yaml"
    path.write_text(path.read_text().replace("ALP-01:", "ALP-001:").replace("id: testland", "id: other")
                    .replace("    guidance:", "    guidence:"))
    with pytest.raises(InputError) as exc:
        load_profile(duo_root / "duo" / "1.0.0", load_catalog(duo_root, "duo", "1.0.0"), "testland")
    shown = [str(p).split("profiles/")[1] for p in exc.value.problems]
    assert shown == [
        "testland.yaml:1:5: id: expected testland (the file's name), found other",
        "testland.yaml:7:3: criteria.ALP-001: unknown criterion id ALP-001 in duo@1.0.0; did you mean ALP-01?",
        "testland.yaml:8:5: criteria.ALP-001.guidence: unknown key 'guidence'; did you mean 'guidance'?",
    ]


def test_an_assessment_names_its_profile_and_gets_its_text(duo_root: Path) -> None:
    text = assessment_yaml("ALP-02: {value: 25}\n", catalog="duo@1.0.0", extra="profile: testland\n")
    la = check_assessment(load_bytes(text.encode(), "a.yaml"), duo_root)
    assert la.profile is not None and la.profile.partner == "Testland"
    assert la.profile_digest == profile_digest(duo_root / "duo" / "1.0.0", "testland")
    bad = assessment_yaml("ALP-02: {value: 25}\n", catalog="duo@1.0.0", extra="profile: japan\n")
    with pytest.raises(InputError) as exc:
        check_assessment(load_bytes(bad.encode(), "b.yaml"), duo_root)
    assert [str(p) for p in exc.value.problems] == [
        "b.yaml:7:10: profile: duo@1.0.0 has no profile 'japan' (profiles: testland)"]


def test_the_digest_is_of_the_content_not_the_layout(duo_root: Path) -> None:
    folder = duo_root / "duo" / "1.0.0"
    before = profile_digest(folder, "testland")
    path = folder / "profiles" / "testland.yaml"
    path.write_text("# a comment\n" + path.read_text())
    assert profile_digest(folder, "testland") == before
    path.write_text(path.read_text().replace("one level", "two levels"))
    assert profile_digest(folder, "testland") != before


def test_validate_warns_when_the_profile_is_for_another_partner(duo_root: Path, tmp_path: Path) -> None:
    from roadmap.load.assessments import load_assessment, warnings_of

    path = tmp_path / "a.yaml"
    path.write_text(assessment_yaml("ALP-02: {value: 25}\n", catalog="duo@1.0.0",
                                    extra=pinned(duo_root, "duo@1.0.0") + "profile: testland\n")
                    .replace("partner: Testland", "partner: Otherland"))
    la = load_assessment(path, str(path), duo_root)
    assert [str(w) for w in warnings_of(la)] == [
        f"{path}:8:10: profile: warning: profile testland is for Testland, not for Otherland, the partner assessed"]
