"""`roadmap.i18n`: English as written, other languages through their message catalog, plural forms
from the catalog, dates and numbers from Babel; and every message the program asks for in Japanese,
running the real commands, has a translation (a call the extraction missed would show here)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap import i18n
from roadmap.i18n import _, check_code, current, date, ngettext, percent, use
from roadmap.words import count, words
from tests.conftest import REPO, run
from tests.engine.test_integrity import _round3, _write
from tests.load import copy_bundled


def test_english_is_the_source_as_written() -> None:
    assert current().code == "en" and not current().translated
    assert _("Gaps to %(tier)s, gating first", tier="T2") == "Gaps to T2, gating first"
    assert count(1, "%(num)d gap", "%(num)d gaps") == "1 gap"
    assert count(2, "%(num)d gap", "%(num)d gaps") == "2 gaps"
    assert count(0, "%(num)d criterion", "%(num)d criteria") == "0 criteria"
    assert date(dt.date(2025, 9, 30)) == "2025-09-30"
    assert percent(47.25, 1) == "47.2%" and percent(47.3, 0) == "47%"
    assert words("independently_verified") == "independently verified"


def test_japanese_from_its_catalog_with_its_plural_rule_and_formats() -> None:
    with use("ja") as lang:
        assert lang.translated and current() is lang
        # Japanese has one plural form (Plural-Forms: nplurals=1), taken from its catalog
        assert count(1, "%(num)d criterion", "%(num)d criteria") == "1件の基準"
        assert count(51, "%(num)d criterion", "%(num)d criteria") == "51件の基準"
        assert ngettext("%(value)s hour", "%(value)s hours", 24, value="24") == "24時間"
        assert words("not_assessed") == "未評価"
        assert date(dt.date(2025, 9, 30)) == "2025年9月30日"
        assert percent(47.3, 1) == "47.3%"
        assert _("a message no catalog has") == "a message no catalog has"  # gettext's fallback: the English
    assert current().code == "en"


def test_a_language_is_checked() -> None:
    assert i18n.languages() == ("en", "ja")
    assert check_code("ja") is None
    assert check_code("de") == "no messages in language 'de' (available: en, ja)"
    assert check_code("jp") == ("no messages in language 'jp' (available: en, ja); did you mean ja? (JP is a "
                                "country's code)")
    assert check_code("kr") == "no messages in language 'kr' (available: en, ja)"  # ko has no messages: no hint
    assert check_code("JA!") == "expected a language code such as ja, found 'JA!'"
    with pytest.raises(ValueError, match="no messages in language 'de'"):
        i18n.language("de")


@pytest.fixture
def misses(monkeypatch: pytest.MonkeyPatch) -> Iterator[set[str]]:
    """Every message asked for in Japanese that its catalog does not have."""
    ja = i18n.language("ja")
    known = ja.translations._catalog  # type: ignore[attr-defined]  # gettext's own table
    missed: set[str] = set()
    original = (ja.gettext, ja.ngettext, ja.pgettext)

    def gettext(message: str) -> str:
        if message not in known:
            missed.add(message)
        return original[0](message)

    def ngettext_(singular: str, plural: str, n: int) -> str:
        if (singular, 0) not in known:
            missed.add(singular)
        return original[1](singular, plural, n)

    def pgettext_(context: str, message: str) -> str:
        if f"{context}\x04{message}" not in known:
            missed.add(f"{context}|{message}")
        return original[2](context, message)

    monkeypatch.setattr(ja, "gettext", gettext)
    monkeypatch.setattr(ja, "ngettext", ngettext_)
    monkeypatch.setattr(ja, "pgettext", pgettext_)
    yield missed


EX = ("examples/japan-2024.yaml", "examples/japan-2025.yaml", "examples/japan-2026.yaml")
V2 = "examples/japan-2027.yaml"
#: A member of the roll-up, and the roll-up, on fvey 1.3.0 (its translation: 0010-fvey@1.3.0-ja.json).
V13 = "examples/rollup/japan-mod-2026.yaml"
NATION = "examples/rollup/japan-national-2026.yaml"


@pytest.mark.parametrize("args", [
    ("score", EX[1]), ("score", EX[0]), ("reciprocity", *EX), ("plan", EX[1]), ("diff", EX[0], EX[1]),
    ("diff", EX[1], EX[2]), ("trend", *EX), ("criteria", "list", "--catalog", "fvey@1.1.0"),
    ("criteria", "show", "PHY-01"), ("criteria", "diff", "fvey@1.0.0", "fvey@1.1.0"),
    ("report", EX[1], "--previous", EX[0], "--format", "html", "-o", "-"),
    ("diff", EX[1], EX[2], "--format", "html", "-o", "-"), ("trend", *EX, "--format", "html", "-o", "-"),
    # fvey 2.0.0 (several measures, capability items, a partner profile), in its unofficial translation;
    # fvey 1.3.0 and a roll-up on it, in theirs
    ("score", V2), ("reciprocity", EX[2], V2), ("diff", EX[2], V2), ("criteria", "list", "--catalog", "fvey@2.0.0"),
    ("criteria", "show", "PER-03", "--catalog", "fvey@2.0.0", "--profile", "japan"),
    ("criteria", "diff", "fvey@1.1.0", "fvey@2.0.0"), ("criteria", "diff", "fvey@1.3.0", "fvey@2.0.0"),
    ("criteria", "diff", "fvey@2.0.0", "fvey@1.3.0"), ("report", V2, "--format", "html", "-o", "-"),
    ("diff", EX[2], V2, "--format", "html", "-o", "-"), ("score", V13),
    ("score", NATION), ("report", NATION, "--format", "html", "-o", "-"),
    ("criteria", "map"), ("criteria", "map", "--framework", "ism"), ("criteria", "verify"),
], ids=lambda a: "-".join(a[:2]) + ("-" + a[-1] if a[:2] == ("criteria", "map") else ""))
def test_every_message_asked_for_in_japanese_is_translated(args: tuple[str, ...], misses: set[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = run(CliRunner(), [*args, "--lang", "ja"])
    assert result.exit_code == 0, result.output
    assert misses == set()


def test_every_message_of_criteria_verify_finding_problems_is_translated(tmp_path: Path, misses: set[str],
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """`criteria verify --lang ja` on a copy of the bundled catalogs with a released file edited, a
    comment added to another, a signature and an entry removed, and a translation never released."""
    monkeypatch.chdir(REPO)
    root = copy_bundled(tmp_path)
    personnel = root / "fvey" / "1.0.0" / "personnel.yaml"
    personnel.write_text(personnel.read_text().replace("T3: {value: 114,", "T3: {value: 90,", 1))
    cyber = root / "fvey" / "1.1.0" / "cyber.yaml"
    cyber.write_text("# a new comment\n" + cyber.read_text())
    (root / "releases" / "0002-fvey@1.1.0.json.example-partner@partner.example.sig").unlink()
    (root / "releases" / "0003-fvey@1.0.0-ja.json").unlink()
    shutil.copyfile(root / "fvey" / "1.1.0" / "i18n" / "ja.yaml", root / "fvey" / "1.1.0" / "i18n" / "ko.yaml")
    result = run(CliRunner(), ["--criteria", str(root), "criteria", "verify", "--lang", "ja"])
    assert result.exit_code == 1, result.output
    assert len(result.stdout.splitlines()) == 9 + 6 + 1  # the entries left, each problem on a line, the keys used
    assert not any(word in result.stdout for word in ("in force", "signed", "refused", "released", "entry"))
    assert misses == set()


def test_no_source_file_has_a_message_inside_an_f_string() -> None:
    """Babel's extraction cannot see a call inside an f-string (Python 3.11); the runtime check above
    would only catch it on the paths the examples take."""
    import ast

    for path in sorted((REPO / "roadmap").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.JoinedStr):
                for call in ast.walk(node):
                    if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and \
                            call.func.id in {"_", "ngettext", "pgettext", "count", "noun"}:
                        where = f"{Path(path).relative_to(REPO)}:{call.lineno}"
                        pytest.fail(f"{where}: {call.func.id}() inside an f-string")


def test_a_catalog_without_a_translation_reads_in_english_with_a_note(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A version with no translation in the language (here fvey 1.3.0 in a copy of the bundled catalogs
    without its i18n folder): a report in Japanese shows its criteria in English, never a blank, says so
    on the cover and in the provenance, and keeps every word of its own in Japanese."""
    monkeypatch.chdir(REPO)
    criteria = copy_bundled(tmp_path)
    shutil.rmtree(criteria / "fvey" / "1.3.0" / "i18n")
    result = run(CliRunner(), ["--criteria", str(criteria), "report", V13, "--lang", "ja", "--format", "html",
                               "-o", "-"])
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert '<html lang="ja">' in page
    assert '<p class="translation-note">fvey@1.3.0の本文は英語である：この言語の翻訳がない。</p>' in page
    assert "なし：fvey@1.3.0にはこの言語の翻訳がない。本文は英語で示す" in page
    assert "One statutory vetting regime for all access" in page  # PER-01's title, in English
    assert "<h1>概要</h1>" in page and "<h1>附属書A — 証拠</h1>" in page and "行うこと" in page
    result = run(CliRunner(), ["--criteria", str(criteria), "score", V13, "--lang", "ja"])
    assert result.exit_code == 0, result.output
    assert "カタログfvey@1.3.0にはこの言語の翻訳がない" in result.stdout


#: What a report says of the unofficial translation it read, before the translation's own note.
NOTE = "本書は参考のために作成した非公式の日本語訳であり、英語原文と相違がある場合は英語原文が優先する。"


def test_fvey_1_3_and_its_roll_up_read_in_their_unofficial_translation(monkeypatch: pytest.MonkeyPatch) -> None:
    """fvey 1.3.0's translation (0010-fvey@1.3.0-ja.json): the criteria as 1.1.0's translation has them
    (the same English), and the rules' explanations, the roll-up rule's included, in Japanese."""
    monkeypatch.chdir(REPO)
    result = run(CliRunner(), ["report", NATION, "--lang", "ja", "--format", "html", "-o", "-"])
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert f'<p class="translation-note">カタログの本文は非公式翻訳fvey@1.3.0-jaによる。 {NOTE}</p>' in page
    assert "この言語の翻訳がない" not in page and "未翻訳" not in page
    assert "単一の法定適性評価制度" in page and "One statutory vetting regime" not in page  # PER-01's title
    assert ('<p class="rule">国全体の評価は、パートナー国政府の部分（対象範囲）の評価を集約することができる。'
            in page)  # the roll-up rule
    assert "欠落の禁止：算入されるすべての基準が、少なくとも一つ下の段階を満たさなければならない（下限1）。" in page
    assert "A national assessment may roll up" not in page and "No holes" not in page
    # a scope's date on a line of its own (ja.css keeps the newline), so that 基準日 never breaks
    assert '<span class="muted" style="font-weight: normal">基準日 2026年6月30日\nexamples/rollup/japan-mod-2026.yaml' \
        in page
    result = run(CliRunner(), ["score", V13, "--lang", "ja"])
    assert result.exit_code == 0, result.output
    assert ("非公式訳 fvey@1.3.0-jaは発効中：署名者 提供国 example-host@host.example, パートナー国 "
            "example-partner@partner.example") in result.stdout.splitlines()


def test_fvey_1_2_reads_in_its_unofficial_translation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """fvey 1.2.0's translation (0009-fvey@1.2.0-ja.json), on examples/japan-2026.yaml pinned to 1.2.0
    (no example is): Japanese criteria and integrity rules, the unofficial note, the same scores."""
    monkeypatch.chdir(REPO)
    path = _write(tmp_path, "japan-2026-on-1.2.0.yaml", _round3("1.2.0"))
    result = run(CliRunner(), ["report", str(path), "--lang", "ja", "--format", "html", "-o", "-"])
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert f'<p class="translation-note">カタログの本文は非公式翻訳fvey@1.2.0-jaによる。 {NOTE}</p>' in page
    assert "この言語の翻訳がない" not in page and "未翻訳" not in page
    assert "単一の法定適性評価制度" in page and "One statutory vetting regime" not in page
    assert "（下限1）。" in page and "有効な証拠により検証されたもの" in page  # the floor, the verified trigger
    assert "No holes" not in page and "as verified by fresh evidence" not in page
    result = run(CliRunner(), ["score", str(path), "--lang", "ja"])
    assert result.exit_code == 0, result.output
    assert ("非公式訳 fvey@1.2.0-jaは発効中：署名者 提供国 example-host@host.example, パートナー国 "
            "example-partner@partner.example") in result.stdout.splitlines()


def test_the_translations_of_1_2_and_1_3_are_released_and_signed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = run(CliRunner(), ["criteria", "verify"])
    assert result.exit_code == 0, result.output
    for entry, name in (("0009-fvey@1.2.0-ja.json", "fvey@1.2.0-ja"), ("0010-fvey@1.3.0-ja.json", "fvey@1.3.0-ja")):
        assert any(line.startswith(f"criteria/releases/{entry}: {name} in force: signed by host "
                                   "example-host@host.example (ED25519 key SHA256:") and
                   ", partner example-partner@partner.example (ED25519 key SHA256:" in line
                   for line in result.stdout.splitlines())


def test_fvey_2_reads_in_its_unofficial_translation(monkeypatch: pytest.MonkeyPatch) -> None:
    """fvey 2.0.0's Japanese translation (0008-fvey@2.0.0-ja.json) covers every criterion and measure:
    the report says which unofficial translation it read, and its placeholders carry the assessment's
    names as written, or the words for partner and host where there is no assessment."""
    monkeypatch.chdir(REPO)
    result = run(CliRunner(), ["report", V2, "--lang", "ja", "--format", "html", "-o", "-"])
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert ('<p class="translation-note">カタログの本文は非公式翻訳fvey@2.0.0-jaによる。 本書は参考のために作成した'
            "非公式の日本語訳であり、英語原文と相違がある場合は英語原文が優先する。</p>") in page
    assert "この言語の翻訳がない" not in page and "未翻訳" not in page
    assert "単一の法定適性評価制度" in page and "One statutory vetting regime" not in page  # PER-01's title
    assert "United Statesとの施設認定の相互承認" in page and "{host}" not in page  # PHY-14's title, filled
    result = run(CliRunner(), ["criteria", "show", "PER-03", "--catalog", "fvey@2.0.0", "--lang", "ja"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:2] == ["PER-03 — クリアランス区分の分離", "非公式訳 fvey@2.0.0-jaは発効中：署名者 提供国 "
                         "example-host@host.example, パートナー国 example-partner@partner.example"]
    measure = "ts-access-ts-cleared: その区分でクリアランスを受けたTOP SECRET相当のアクセス者"
    assert any(line.endswith(measure) for line in lines)
    assert "(水準：なし < 単一区分 < TS相当とSECRET相当の別区分 <" in result.stdout  # a measure's levels
    result = run(CliRunner(), ["criteria", "show", "PHY-01", "--catalog", "fvey@2.0.0", "--lang", "ja"])
    assert "パートナー国の中央保全当局が" in result.stdout and "提供国を招いて" in result.stdout
