"""What `roadmap compare` refuses (roadmap.load.compare): every problem of every file at once, each at
its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap.errors import InputError
from roadmap.load.assessments import load_many
from roadmap.load.catalogs import load_catalog
from roadmap.load.compare import check_comparable
from tests.conftest import assessment_yaml, write_mini_catalog


def test_every_refusal_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_mini_catalog(tmp_path / "criteria")
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text(assessment_yaml("ALP-01: {value: true}\n"))
    Path("b.yaml").write_text(assessment_yaml("ALP-01: {value: true}\n").replace("Hostland", "Elsewhere"))
    Path("c.yaml").write_text(assessment_yaml("ALP-01: {value: true}\n").replace("partner: Testland\n",
                                                                               "partner: Testland\nscope: Navy\n"))
    loaded = load_many([Path("a.yaml"), Path("b.yaml"), Path("c.yaml")], root)
    with pytest.raises(InputError) as info:
        check_comparable(loaded, None)
    # b is Testland again (a's partner) and for another host; c is one scope of Testland: comparable
    assert [str(p) for p in info.value.problems] == [
        "b.yaml:1:10: partner: Testland is also assessed in a.yaml: compare takes one assessment per partner "
        "(roadmap trend compares rounds of one partner)",
        "b.yaml:2:7: host: expected Hostland (the host of a.yaml), found Elsewhere: compare takes assessments for "
        "one host"]
    other = load_catalog(root, "mini", "1.0.0").model_copy(update={"meta": load_catalog(root, "mini", "1.0.0").meta
                                                                   .model_copy(update={"id": "other"})})
    with pytest.raises(InputError) as info:
        check_comparable(loaded[::2], other)
    assert [str(p) for p in info.value.problems] == [
        "a.yaml:6:10: catalog: pins mini@1.0.0: --rescore-with other@1.0.0 re-scores versions of one catalog only",
        "c.yaml:7:10: catalog: pins mini@1.0.0: --rescore-with other@1.0.0 re-scores versions of one catalog only"]
