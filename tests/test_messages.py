"""The message catalogs (`roadmap/locales/`, managed by `python -m tests.messages`): every message of
the code and templates is translated in every language, with the English placeholders, and the
catalogs are in step with the code. A catalog that is not fails here, naming the message."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.messages import TEMPLATE, dump, extract, po_files, problems, read

TEMPLATE_MESSAGES = extract()


def test_the_template_is_in_step_with_the_code() -> None:
    assert dump(TEMPLATE_MESSAGES).split(b"\n\n", 1)[1] == TEMPLATE.read_bytes().split(b"\n\n", 1)[1], \
        "a message was added, changed or removed: run python -m tests.messages, then translate what it marks"


@pytest.mark.parametrize("po", po_files(), ids=lambda p: p.parent.parent.name)
def test_every_message_is_translated_with_the_english_placeholders(po: Path) -> None:
    assert problems(read(po), TEMPLATE_MESSAGES) == []


def _po(body: str, language: str = "") -> bytes:
    header = f'"Language: {language}\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n' if language else ""
    return ('msgid ""\nmsgstr ""\n' + header + '"Content-Type: text/plain; charset=utf-8\\n"\n\n' + body).encode()


def test_a_missing_translation_or_a_broken_placeholder_is_named() -> None:
    template = read_po(io.BytesIO(_po(
        'msgid "Gaps to %(tier)s"\nmsgstr ""\n\n'
        'msgid "%(num)d gap"\nmsgid_plural "%(num)d gaps"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
        'msgid "none"\nmsgstr ""\n\n'
        'msgid "readiness %%"\nmsgstr ""\n\n'
        'msgctxt "criterion"\nmsgid "statement"\nmsgstr ""\n')))
    po = read_po(io.BytesIO(_po(
        'msgid "Gaps to %(tier)s"\nmsgstr "%(tiers)sへのギャップ"\n\n'
        'msgid "%(num)d gap"\nmsgid_plural "%(num)d gaps"\nmsgstr[0] "%(num)件のギャップ"\n\n'
        '#, fuzzy\nmsgid "none"\nmsgstr "なし"\n\n'
        'msgid "readiness %%"\nmsgstr "準備度（%）"\n\n'
        'msgid "an old message"\nmsgstr "古い"\n', "ja")), locale="ja")
    assert problems(po, template) == [
        "ja: 'Gaps to %(tier)s': placeholders ['tiers'], expected ['tier']",
        "ja: ('%(num)d gap', '%(num)d gaps'): placeholders [], expected ['num']",
        "ja: ('%(num)d gap', '%(num)d gaps'): does not format (unsupported format character '?' (0x4ef6) at index 6): "
        "'%(num)件のギャップ'",
        "ja: 'none': a fuzzy guess, not a translation (check it, then remove the fuzzy flag)",
        "ja: 'readiness %%': does not format (unsupported format character '?' (0xff09) at index 5): '準備度（%）'",
        "ja: 'statement' (context criterion): no translation",
        "ja: 'an old message': not used by the program (python -m tests.messages drops it)",
    ]
