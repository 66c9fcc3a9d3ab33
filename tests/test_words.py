"""How values read (roadmap/words.py): the placeholders of partner-neutral criterion text."""

from __future__ import annotations

import pytest

from roadmap.words import fill_parties


@pytest.mark.parametrize(("text", "partner", "host", "shown"), [
    ("{partner} reports to {host}.", None, None, "The partner reports to the host."),
    ("{partner} reports to {host}.", "Japan", "United States", "Japan reports to the United States."),
    ("{partner} reports to {host}.", "Republic of Korea", "Australia", "The Republic of Korea reports to Australia."),
    ("Accepted by {host}. {host} decides: {host} may", None, None,
     "Accepted by the host. The host decides: the host may"),
    ("no braces at all", "X", "Y", "no braces at all"),
    ("a {literal} brace", "X", "Y", "a {literal} brace"),
])
def test_fill_parties(text: str, partner: str | None, host: str | None, shown: str) -> None:
    assert fill_parties(text, partner, host) == shown
