"""A report for each reader (roadmap.report.readers): the full report marks each part that says who
may receive it and carries the banner of what it holds; a reader's version leaves out what that
reader may not receive, says so at each place, keeps the full assessment's scores, and lets no
withheld text into its bytes, text, bookmarks or metadata."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml
from click.testing import CliRunner

from roadmap.engine.scoring import score
from roadmap.load.assessments import load_assessment
from roadmap.report.context import build_context
from roadmap.report.readers import Audience, Reader, reader_for, withholding
from tests.conftest import EXAMPLES, REPO, run
from tests.report.helpers import assert_marking_everywhere

#: Text only the host may read, planted in every kind of part; none may reach the partner's version.
HOST_ONLY = {
    "note": "NOTECANARY7Q",  # a paragraph of the assessors' notes
    "finding": "FINDINGCANARY3X",  # an evidence item of a withheld finding (PER-10)
    "decision": "DECISIONCANARY8W",  # the justification of a withheld decision (PER-09)
    "approver": "APPROVERCANARY2K",  # who approved it
    "evidence": "EVIDENCECANARY5Z",  # an evidence item marked SECRET//NOFORN (PHY-02)
    "file": "FILECANARY9",  # the file an evidence item of a withheld finding cites
}
SHARED = "SHAREDCANARY4M"  # an evidence item released to both sides: it stays
PARTNER_BANNER = "UNCLASSIFIED//REL TO USA, JPN//FOR TRAINING"
FULL_BANNER = "SECRET//NOFORN//FOR TRAINING"


def _marked(tmp_path: Path, year: int = 2025) -> Path:
    """japan-<year> with the parties' codes and host-only text in every kind of part."""
    data: dict[str, Any] = yaml.safe_load((EXAMPLES / f"japan-{year}.yaml").read_text())
    data.pop("catalog_digest", None)
    data["parties"]["host"]["code"], data["parties"]["partner"]["code"] = "USA", "JPN"
    data["parties"]["host"]["approvers"].append(f"{HOST_ONLY['approver']} (host liaison)")
    f = data["findings"]
    f["PER-10"]["release"] = ["host"]
    f["PER-10"]["evidence"][0]["ref"] = f"{HOST_ONLY['finding']} insider-threat case file"
    f["PER-10"]["evidence"].append({"ref": "hub staffing table", "kind": "record", "date": data["as_of"],
                                    "verification": "documented", "file": f"evidence/{HOST_ONLY['file']}.pdf",
                                    "sha256": "sha256:" + hashlib.sha256(b"x").hexdigest()})
    f["PER-09"]["release"] = ["host"]
    f["PER-09"]["justification"] = f"{HOST_ONLY['decision']} host-side reasons"
    f["PER-09"]["approvals"]["host"]["by"] = f"{HOST_ONLY['approver']} (host liaison)"
    f["PHY-02"]["evidence"][0].update(ref=f"{HOST_ONLY['evidence']} site list", release="SECRET//NOFORN")
    f["PHY-03"]["evidence"][0].update(ref=f"{SHARED} shared review", release=["host", "partner"])
    data["notes"] = ["Paragraph for everyone.", {"text": f"{HOST_ONLY['note']} for the host only.",
                                                  "release": ["host"]}, "Last paragraph."]
    path = tmp_path / f"marked-{year}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return path


def _html(runner: CliRunner, src: Path, tmp_path: Path, *args: str) -> str:
    out = tmp_path / "out.html"
    result = run(runner, ["report", str(src), "--format", "html", "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return out.read_text()


def test_the_partner_version_leaves_out_what_only_the_host_may_read(tmp_path: Path, runner: CliRunner) -> None:
    src = _marked(tmp_path)
    html = _html(runner, src, tmp_path, "--for", "partner")
    assert [c for c in HOST_ONLY.values() if c in html] == []
    assert SHARED in html and "(U//REL TO USA, JPN)" in html  # released to both: shown, with its portion mark
    assert f'<p class="cover-marking" aria-label="Classification marking">{PARTNER_BANNER}</p>' in html
    w = withholding(load_assessment(src).assessment, Reader(side="partner", code="JPN", name="Japan"))
    per10 = w.evidence["PER-10"]
    assert (sorted(w.findings), w.evidence["PHY-02"], w.notes_withheld) == (["PER-09", "PER-10"], 1, 1)
    for said in (f"The version releasable to the partner, Japan (JPN): 2 findings, {sum(w.evidence.values())} "
                 "evidence items and 1 paragraph of the notes withheld.",
                 "The scores are those of the full assessment: they were computed on material not all shown here.",
                 "1 paragraph of the notes withheld from this version.",
                 f"{per10} evidence items withheld from this version",  # all of PER-10's
                 "1 evidence item withheld from this version",  # PHY-02's SECRET//NOFORN one
                 "withheld from this version</td>"):  # PER-09's decision in annex B
        assert said in html, said
    assert re.search(r'<span class="cid">PER-10</span> Insider-threat programme.*?<td>withheld', html, re.DOTALL)
    assert _html(runner, src, tmp_path, "--release-to", "JPN") == html


def test_the_full_report_marks_each_part_and_carries_the_highest_marking(tmp_path: Path,
                                                                        runner: CliRunner) -> None:
    html = _html(runner, _marked(tmp_path), tmp_path)
    assert [c for c in HOST_ONLY.values() if c not in html] == []
    assert f'aria-label="Classification marking">{FULL_BANNER}</p>' in html  # never lower than declared
    assert f"(U//NF) {HOST_ONLY['note']}" in html  # a host-only paragraph: NOFORN, the host being the US
    assert f'<span class="mark">(S//NF)</span> {HOST_ONLY["evidence"]}' in html
    assert "withheld" not in html.split("</style>")[1]
    host = _html(runner, _marked(tmp_path), tmp_path, "--for", "host")
    assert [c for c in HOST_ONLY.values() if c not in host] == []
    assert ("The version releasable to the host, United States (USA): nothing withheld; the scores are those of "
            "the full assessment.") in host  # not "each place says what was withheld": there is no such place


def test_scores_stay_those_of_the_full_assessment(tmp_path: Path) -> None:
    la = load_assessment(_marked(tmp_path))
    result = score(la.catalog, la.assessment)
    full = build_context(la, result, tool_version="0")
    partner = build_context(la, result, tool_version="0", reader=reader_for(la.assessment, Audience(side="partner")))
    assert partner.views == full.views and partner.brief.claimed == full.brief.claimed
    assert [(r.id, r.tier, r.verified_tier, r.progress) for d in partner.domains for r in d.criteria] == \
        [(r.id, r.tier, r.verified_tier, r.progress) for d in full.domains for r in d.criteria]
    assert partner.provenance.version.startswith("releasable to the partner, Japan (JPN)")
    assert partner.identity() != full.identity()  # another document: another file identifier


def test_a_reader_needs_the_parties_codes(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, ["report", str(EXAMPLES / "japan-2025.yaml"), "--for", "partner", "-o",
                          str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{EXAMPLES / 'japan-2025.yaml'}:21:5: parties.partner.code: expected the partner's country code for --for "
        "partner (a version for a reader needs it), found none: add it under parties.partner, such as code: JPN",
        "1 problem in 1 file"]
    marked = _marked(tmp_path)
    result = run(runner, ["report", str(marked), "--release-to", "GBR", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and "names host USA, partner JPN" in result.output
    result = run(runner, ["report", str(marked), "--for", "host", "--release-to", "USA"])
    assert result.exit_code == 2 and "--for and --release-to both name the reader; give one" in result.output
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(("example", "partner"), [("japan-2027", "Japan (JPN)"),
                                               ("korea-2026", "Republic of Korea (KOR)")])
def test_the_bundled_current_examples_render_for_each_reader(example: str, partner: str, runner: CliRunner,
                                                             tmp_path: Path) -> None:
    """The examples of the current catalog name both parties' codes, so `--for` works on them as shipped."""
    for side, said in (("partner", f"The version releasable to the partner, {partner}"),
                       ("host", "The version releasable to the host, United States (USA)")):
        out = tmp_path / f"{example}-{side}.html"
        result = run(runner, ["report", str(EXAMPLES / f"{example}.yaml"), "--for", side, "--format", "html",
                              "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert said in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", out.read_text(encoding="utf-8")))


def test_the_default_name_says_who_it_is_for(runner: CliRunner, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    marked = _marked(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run(runner, ["report", str(marked), "--for", "partner", "--format", "html"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "reports" / "marked-2025-for-partner.html").is_file()


def test_since_last_round_withholds_a_finding_of_either_round(tmp_path: Path, runner: CliRunner) -> None:
    old = _marked(tmp_path, 2024)
    data = yaml.safe_load(old.read_text())
    data["findings"]["COM-06"]["release"] = ["host"]  # an exception in 2024, a value (10%) in 2025
    justification = data["findings"]["COM-06"]["justification"]
    old.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    full = _html(runner, _marked(tmp_path), tmp_path, "--previous", str(old))
    assert "exception → 10%" in full
    html = _html(runner, _marked(tmp_path), tmp_path, "--previous", str(old), "--for", "partner")
    since = html.split('<section class="since"')[1].split("</section>")[0]
    assert re.search(r'<span class="cid">COM-06</span>.*?<td>withheld</td>', since, re.DOTALL), since
    assert "exception → 10%" not in html and justification not in html
    assert [c for c in HOST_ONLY.values() if c in html] == []


# -- the PDF: no withheld text in its bytes, text, bookmarks or metadata --------------------------------

def _leaks(pdf: bytes, secret: str) -> list[str]:
    """Where `secret` shows in a PDF: its raw bytes, any decompressed stream (UTF-8 or UTF-16), its
    extracted text (whitespace ignored), its bookmarks, its metadata."""
    where = []
    if secret.encode() in pdf:
        where.append("raw bytes")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    numbers = {n for gen in reader.xref.values() for n in gen} | set(reader.xref_objStm)
    for n in sorted(numbers):
        obj = reader.get_object(n)
        data = obj.get_data() if isinstance(obj, pypdf.generic.StreamObject) else repr(obj).encode()
        if secret.encode() in data or secret.encode("utf-16-be") in data:
            where.append(f"object {n}")
    if secret in "".join("".join(p.extract_text().split()) for p in reader.pages):
        where.append("text")
    if any(secret in str(o.title) for o in reader.outline if not isinstance(o, list)):
        where.append("bookmarks")
    if any(secret in str(v) for v in (reader.metadata or {}).values()):
        where.append("metadata")
    return where


@pytest.mark.slow  # renders a PDF or builds a wheel
def test_no_withheld_text_reaches_the_partners_pdf(tmp_path: Path, runner: CliRunner,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    src = _marked(tmp_path)
    out = {}
    for name, args in (("full", []), ("partner", ["--for", "partner"])):
        path = tmp_path / f"{name}.pdf"
        result = run(runner, ["report", str(src), "-o", str(path), *args])
        assert result.exit_code == 0, result.output
        out[name] = path.read_bytes()
    for secret in HOST_ONLY.values():
        assert _leaks(out["partner"], secret) == [], secret
        assert "text" in _leaks(out["full"], secret) or secret == HOST_ONLY["file"], secret  # the test can see them
    assert "text" in _leaks(out["partner"], SHARED)
    assert_marking_everywhere(out["partner"], PARTNER_BANNER)
    assert_marking_everywhere(out["full"], FULL_BANNER)
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(out["partner"])).pages)
    assert "computed on material not all shown here" in text
