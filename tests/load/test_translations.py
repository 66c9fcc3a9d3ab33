"""`roadmap.load.translations`: a catalog's translation read with positions, checked against its
catalog and against the release log like the catalog itself; what it lacks stays English, named.
With the real CLI, real files and the real ssh-keygen."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap.engine.scoring import Score, score
from roadmap.errors import InputError
from roadmap.load.assessments import load_assessment
from roadmap.load.catalogs import criteria_root, load_catalog
from roadmap.load.translations import read_in
from roadmap.load.trust import STRICT
from roadmap.models.base import View
from tests.conftest import REPO, run
from tests.engine.test_integrity import _round3, _write
from tests.load import copy_bundled

JA_100 = Path("criteria/fvey/1.0.0/i18n/ja.yaml")
JA_110 = Path("criteria/fvey/1.1.0/i18n/ja.yaml")
JA_200 = Path("criteria/fvey/2.0.0/i18n/ja.yaml")
Y25 = str(REPO / "examples" / "japan-2025.yaml")
Y26 = str(REPO / "examples" / "japan-2026.yaml")
Y27 = str(REPO / "examples" / "japan-2027.yaml")


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled catalogs in the test's folder (messages name it criteria/...)."""
    monkeypatch.chdir(tmp_path)
    copy_bundled(tmp_path)
    return Path("criteria")


def _score(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = run(runner, ["--criteria", "criteria", "score", Y25, "--lang", "ja", *args])
    return result.exit_code, result.stdout, result.stderr


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def _release_and_sign(runner: CliRunner, keys: dict[str, Path], ref: str, *,
                      sign: tuple[str, ...] = ("host", "partner")) -> None:
    result = run(runner, ["--criteria", "criteria", "criteria", "release", ref, "--translation", "ja"])
    assert result.exit_code == 0, result.output
    for role in sign:
        result = run(runner, ["--criteria", "criteria", "criteria", "sign", ref, "--translation", "ja",
                              "--key", str(keys[role])])
        assert result.exit_code == 0, result.output


def test_the_catalog_in_japanese_keeps_every_figure_and_its_digest() -> None:
    root = criteria_root()
    english = load_catalog(root, "fvey", "1.0.0")
    ja = read_in(root, english, "ja", STRICT)
    assert ja.digest == english.digest and ja.criterion_digests == english.criterion_digests
    assert ja.reading is not None and ja.reading.source is english and ja.reading.untranslated == ()
    assert (ja.reading.name, ja.reading.status, ja.reading.official, ja.reading.entry) == \
        ("fvey@1.0.0-ja", "unofficial", False, "0003-fvey@1.0.0-ja.json")
    assert ja.by_id["PHY-01"].title == "政府統一の保全区域基準"
    metric = ja.by_id["PHY-01"].metric
    assert metric is not None
    assert metric.format_value("ministry-specific") == "省庁別の規則のみ"
    assert [t.name for t in ja.meta.tiers] == ["基礎", "信頼されるパートナー", "強化（FVEYプラス）", "FVEY同等"]
    assert ja.reading.equivalent("UNCLASSIFIED//FOR TRAINING") == "秘密指定なし"
    assert ja.reading.equivalent("SECRET//REL TO USA, JPN") == "特定秘密"
    assert ja.reading.equivalent("RESTRICTED") is None  # not in the table: no guess
    la = load_assessment(Path(Y25))
    s_en, s_ja = score(english, la.assessment), score(ja, la.assessment)
    _same_figures(s_en, s_ja)
    assert english.by_id["PHY-01"].title == "Government-wide secure-area standard"  # the English is untouched


def test_the_language_comes_from_the_flag_else_the_assessment(tmp_path: Path, runner: CliRunner) -> None:
    copy = tmp_path / "a.yaml"
    copy.write_text(Path(Y25).read_text().replace('marking: "', 'lang: ja\nmarking: "', 1))
    result = run(runner, ["score", str(copy)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == ["Japan — United Statesとの情報共有に向けた準備態勢",
                                              "カタログ fvey@1.0.0 · 基準日 2025年9月30日"]
    result = run(runner, ["score", str(copy), "--lang", "en"])
    assert result.stdout.splitlines()[0] == "Japan — readiness for sharing with United States"
    result = run(runner, ["score", str(copy), "--json"])  # JSON is English whatever the file says
    assert result.exit_code == 0 and '"title": "Government-wide secure-area standard"' in result.stdout
    result = run(runner, ["score", Y25, "--json", "--lang", "ja"])
    assert (result.exit_code, result.stderr) == (
        2, "error: --json is always in English (programs read it); give --lang ja without --json\n")
    result = run(runner, ["score", Y25, "--lang", "de"])
    assert result.exit_code == 2
    assert "Invalid value for '--lang': no messages in language 'de' (available: en, ja)" in result.stderr
    copy.write_text(Path(Y25).read_text().replace('marking: "', 'lang: de\nmarking: "', 1))
    result = run(runner, ["validate", str(copy)])
    line = _line_of(copy, "lang: de")
    assert result.stderr.splitlines()[-2] == f"{copy}:{line}:7: lang: no messages in language 'de' (available: en, ja)"


def test_the_terminal_says_how_the_catalog_reads(runner: CliRunner) -> None:
    result = run(runner, ["score", Y25, "--lang", "ja"])
    assert result.stdout.splitlines()[4] == ("非公式訳 fvey@1.0.0-jaは発効中：署名者 提供国 example-host@host.example, "
                                             "パートナー国 example-partner@partner.example")


def test_a_translation_edited_after_its_release_is_refused(root: Path, runner: CliRunner) -> None:
    _edit(root / "fvey/1.0.0/i18n/ja.yaml", '"政府統一の保全区域基準"', '"政府統一の保全区域の基準"')
    code, out, err = _score(runner)
    assert (code, out) == (2, "")
    assert err.startswith(f"{JA_100}: fvey@1.0.0-ja refused: this file differs from its release entry "
                          "0003-fvey@1.0.0-ja.json (expected sha256:")
    assert run(runner, ["--criteria", "criteria", "score", Y25]).exit_code == 0  # English needs no translation


def test_what_a_translation_names_is_checked_against_its_catalog(root: Path, runner: CliRunner) -> None:
    path = root / "fvey/1.0.0/i18n/ja.yaml"
    _edit(path, "  PHY-02:\n", "  PHY-99:\n    title: \"存在しない基準\"\n  PHY-02:\n")
    _edit(path, 'translates: fvey@1.0.0', 'translates: fvey@1.1.0')
    _edit(path, '      - "特定秘密又は米国TS情報を取り扱う施設の国の登録簿（認定状況及び有効期限を含む）"\n', "")
    code, _out, err = _score(runner)
    assert code == 2
    assert err.splitlines() == [
        f"{JA_100}:{_line_of(path, 'translates:')}:13: translates: expected fvey@1.0.0 (the version this translation "
        "is filed under), found fvey@1.1.0",
        f"{JA_100}:{_line_of(path, 'PHY-99:')}:3: criteria.PHY-99: unknown criterion id PHY-99 in fvey@1.0.0; "
        "did you mean PHY-09?",
        f"{JA_100}:{_line_of(path, '取り扱う施設のうち') + 8}:7: criteria.PHY-02.evidence: expected 2 evidence "
        "expectations, one for each of PHY-02's in fvey@1.0.0, in the same order; found 1",
        "3 problems in 1 file"]


def test_a_translation_without_a_release_entry_is_refused(root: Path, runner: CliRunner) -> None:
    for name in os.listdir(root / "releases"):
        if name[:4] >= "0003":  # the translations' own entries, and the releases logged after them
            os.remove(root / "releases" / name)
    code, _out, err = _score(runner)
    assert code == 2
    assert err.splitlines()[0] == (f"{JA_100}: fvey@1.0.0-ja refused: a translation with no release entry could "
                                   "change silently; release it (roadmap criteria release fvey@1.0.0 --translation "
                                   "ja), or read the catalog in English")


def test_what_a_translation_lacks_stays_english_and_is_named(root: Path, runner: CliRunner,
                                                             keys: dict[str, Path]) -> None:
    path = root / "fvey/1.0.0/i18n/ja.yaml"
    text = path.read_text()
    start, end = text.index("  PHY-02:\n"), text.index("  PHY-03:\n")
    path.write_text(text[:start] + text[end:])  # PHY-02 left out, and PHY-01's remediation
    _edit(path, '    remediation: "国家安全保障局が、', '    # not translated yet: "')
    _release_and_sign(runner, keys, "fvey@1.0.0", sign=("host",))
    code, _out, err = _score(runner)
    assert code == 2 and "fvey@1.0.0-ja is not in force: partner example-partner@partner.example has not " \
                         "signed" in err
    code, out, err = _score(runner, "--allow-unsigned")
    assert code == 0, err
    assert err.splitlines()[0].startswith("warning: --allow-unsigned: using fvey@1.0.0-ja, which is not in force: "
                                          "partner example-partner@partner.example has not signed")
    assert "非公式訳 fvey@1.0.0-jaは発効していない（--allow-unsignedにより使用）" in out
    assert "PHY-01, PHY-02は未翻訳：英語で示す" in out
    result = run(runner, ["--criteria", "criteria", "criteria", "sign", "fvey@1.0.0", "--translation", "ja",
                          "--key", str(keys["partner"])])
    assert result.exit_code == 0, result.output
    result = run(runner, ["--criteria", "criteria", "criteria", "show", "PHY-02", "--catalog", "fvey@1.0.0",
                          "--lang", "ja"])
    assert result.stdout.splitlines()[0] == "PHY-02 — Accredited share of SDS / US TS facilities（未翻訳：英語原文）"
    assert result.stdout.splitlines()[2] == "カタログ   fvey@1.0.0"  # labels padded by their width on screen


def test_an_official_translation_says_so_once_in_force(root: Path, runner: CliRunner, keys: dict[str, Path]) -> None:
    _edit(root / "fvey/1.0.0/i18n/ja.yaml", "status: unofficial", "status: official")
    _release_and_sign(runner, keys, "fvey@1.0.0")
    code, out, _err = _score(runner)
    assert code == 0
    assert out.splitlines()[4].startswith("公式訳 fvey@1.0.0-jaは発効中：")


def test_criteria_diff_shows_translation_changes_apart_from_meaning(root: Path, runner: CliRunner,
                                                                   keys: dict[str, Path]) -> None:
    path = root / "fvey/1.1.0/i18n/ja.yaml"
    _edit(path, 'title: "政府統一の保全区域基準"', 'title: "政府統一の保全区域に関する基準"')
    _release_and_sign(runner, keys, "fvey@1.1.0")
    result = run(runner, ["--criteria", "criteria", "criteria", "diff", "fvey@1.0.0", "fvey@1.1.0", "--lang", "ja"])
    assert result.exit_code == 0, result.output
    tail = result.stdout.split("翻訳 fvey@1.0.0-ja → fvey@1.1.0-ja", 1)[1].splitlines()
    assert tail[:2] == ["：表現のみの変更（正文である英語は変わっていない）：",
                        "  PHY-01 政府統一の保全区域に関する基準：名称"]
    assert "PHY-01" not in result.stdout.split("翻訳 fvey@1.0.0-ja")[0]  # not a change of meaning
    assert run(runner, ["--criteria", "criteria", "criteria", "diff", "fvey@1.0.0", "fvey@1.1.0"]).stdout == \
        run(runner, ["criteria", "diff", "fvey@1.0.0", "fvey@1.1.0"]).stdout  # English: as before


def test_a_measure_the_criterion_lacks_is_named(root: Path, runner: CliRunner) -> None:
    path = root / "fvey/2.0.0/i18n/ja.yaml"
    _edit(path, "      organisations-bound: {", "      organisation-bound: {")
    _edit(path, 'benchmarked: "比較検証済み"}}', 'benchmarked: "比較検証済み", national-plus: "国家基準以上"}}')
    _edit(path, "  PHY-15:\n", "    measures: {pilot: {title: \"試行\"}}\n  PHY-15:\n")  # PHY-14 has one measure
    result = run(runner, ["--criteria", "criteria", "score", Y27, "--lang", "ja"])
    assert (result.exit_code, result.stdout) == (2, "")
    standard, bound = _line_of(path, "standard-level: {"), _line_of(path, "organisation-bound: {")
    assert result.stderr.splitlines() == [
        f"{JA_200}:{standard}:{_col(path, standard, 'national-plus')}: criteria.PHY-01.measures.standard-level.levels."
        "national-plus: PHY-01 standard-level has no level national-plus; expected one of none, organisation-specific, "
        "national, benchmarked",
        f"{JA_200}:{bound}:7: criteria.PHY-01.measures.organisation-bound: PHY-01 has no measure organisation-bound "
        "in fvey@2.0.0; did you mean organisations-bound?",
        f"{JA_200}:{_line_of(path, 'measures: {pilot')}:16: criteria.PHY-14.measures.pilot: PHY-14 has no measure "
        "pilot in fvey@2.0.0 (it has one measure: give its text as the criterion's)",
        "3 problems in 1 file"]


def test_a_measure_left_untranslated_stays_english_and_is_named(root: Path, runner: CliRunner,
                                                                 keys: dict[str, Path]) -> None:
    path = root / "fvey/2.0.0/i18n/ja.yaml"
    _edit(path, '      organisations-bound: {title: "基準に拘束される保有組織"}\n', "")
    _release_and_sign(runner, keys, "fvey@2.0.0")
    result = run(runner, ["--criteria", "criteria", "criteria", "show", "PHY-01", "--catalog", "fvey@2.0.0",
                          "--lang", "ja"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "PHY-01 — 政府統一の保全区域基準（未翻訳：英語原文）"
    assert any("standard-level: 保全区域基準の成熟度" in line for line in lines)
    assert any("organisations-bound: Holding organisations bound by the standard" in line for line in lines)


def _col(path: Path, line: int, text: str) -> int:
    return path.read_text().splitlines()[line - 1].index(text) + 1


def test_the_shipped_translations_name_only_what_their_catalogs_have() -> None:
    root = criteria_root()
    for version in ("1.0.0", "1.1.0", "1.2.0", "1.3.0", "2.0.0"):
        ja = read_in(root, load_catalog(root, "fvey", version), "ja", STRICT)
        assert ja.reading is not None and ja.reading.untranslated == ()
    assert shutil.which("ssh-keygen")  # the release tests above sign for real


def test_a_translation_explains_the_rules_its_catalog_has(root: Path) -> None:
    """`rules:` translates the rules' explanations (the report's rules annex, the roll-up section); a
    rule the catalog does not have (1.2.0 has no roll-up rule, 1.1.0 no decision rules) cannot be given."""
    english = load_catalog(root, "fvey", "1.3.0")
    ja = read_in(root, english, "ja", STRICT)
    assert ja.meta.rollup is not None and english.meta.rollup is not None
    assert ja.meta.rollup.explanation.startswith("国全体の評価は、パートナー国政府の部分（対象範囲）の評価を集約")
    assert ja.meta.tier_rules.domain.explanation.endswith("少なくとも一つ下の段階を満たさなければならない（下限1）。")
    assert ja.meta.decisions is not None and ja.meta.decisions.explanation.startswith("適用外又は例外の決定は")
    assert english.meta.rollup.explanation.startswith("A national assessment may roll up")  # the English untouched
    assert (ja.meta.rollup.method, ja.meta.rollup.weakest_for, ja.meta.tier_rules.domain.floor) == \
        (english.meta.rollup.method, english.meta.rollup.weakest_for, 1)  # the rules themselves are the English's
    path = root / "fvey/1.2.0/i18n/ja.yaml"
    _edit(path, "  reciprocity: \"提供国は", "  rollup: \"集約\"\n  reciprocity: \"提供国は")
    _edit(root / "fvey/1.1.0/i18n/ja.yaml", "markings:\n", "rules:\n  decisions: \"決定\"\nmarkings:\n")
    for version, key, what in (("1.2.0", "rollup", "roll-up rule"), ("1.1.0", "decisions", "decision rules")):
        with pytest.raises(InputError) as raised:
            read_in(root, load_catalog(root, "fvey", version), "ja", STRICT)
        file = root / f"fvey/{version}/i18n/ja.yaml"
        assert [str(p) for p in raised.value.problems] == [
            f"{file}:{_line_of(file, f'  {key}: ')}:3: rules.{key}: fvey@{version} has no {what} to explain "
            f"(catalog option {key})"]


@pytest.mark.parametrize("version", ["1.2.0", "1.3.0"])
def test_fvey_1_2_and_1_3_in_japanese_score_as_in_english(version: str, tmp_path: Path) -> None:
    """Their translations change words only: every tier, readiness figure and gap is the English's."""
    root = criteria_root()
    english = load_catalog(root, "fvey", version)
    ja = read_in(root, english, "ja", STRICT)
    assert ja.digest == english.digest and ja.reading is not None and ja.reading.untranslated == ()
    assert ja.reading.entry == {"1.2.0": "0009-fvey@1.2.0-ja.json", "1.3.0": "0010-fvey@1.3.0-ja.json"}[version]
    file = _write(tmp_path, "a.yaml", _round3("1.2.0")) if version == "1.2.0" else \
        REPO / "examples/rollup/japan-mod-2026.yaml"
    assessment = load_assessment(file).assessment
    s_en, s_ja = score(english, assessment), score(ja, assessment)
    _same_figures(s_en, s_ja)


def _same_figures(s_en: Score, s_ja: Score) -> None:
    """A catalog read in another language scores the same: every view's tiers and readiness, every gap."""
    for view in View:
        en_v, ja_v = s_en.view(view), s_ja.view(view)
        assert (en_v.overall_tier, en_v.readiness) == (ja_v.overall_tier, ja_v.readiness)
        assert [(d.id, d.tier, d.readiness) for d in en_v.domains] == \
            [(d.id, d.tier, d.readiness) for d in ja_v.domains]
    assert [(g.id, g.priority) for g in s_en.gaps] == [(g.id, g.priority) for g in s_ja.gaps]
