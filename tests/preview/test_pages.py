"""The pages the preview sends: the report with one script added, and the problems, escaped."""

from __future__ import annotations

from roadmap.preview import pages
from tests.conftest import HtmlParts


def test_refresh_script_goes_before_the_last_body_end() -> None:
    page = pages.with_refresh("<html><body><p>&lt;/body&gt;</p></BODY>\n</html>\n", 7, "n0nce")
    script_at = page.index('<script nonce="n0nce">')
    assert page.index("</p>") < script_at < page.index("</BODY>")
    assert 'var shown = "7";' in page and 'new EventSource("/events")' in page
    assert pages.with_refresh("<p>no body</p>", 1, "n").startswith("<p>no body</p><script")


def test_problems_page_escapes_every_problem() -> None:
    problems = ('a.yaml:3:1: title: expected text, found "<script>alert(1)</script>"',
                "a.yaml:9:4: findings[PHY-01].value: expected a number & more")
    page = pages.problems_page("a<b>.yaml", problems, version=3, last_good="10:11:12", script_nonce="n")
    assert "<script>alert" not in page and "<b>" not in page
    assert page.count("<script") == 1  # the refresh script alone
    text = HtmlParts.of(page)
    for problem in problems:
        assert problem in text
    assert "a<b>.yaml does not validate: 2 problems" in text
    assert '<a id="last-good" href="/last-good">The last good report</a> (rendered at 10:11:12)' in page


def test_problems_page_without_a_good_report_yet() -> None:
    page = pages.problems_page("a.yaml", ("a.yaml:1:1: x: y",), version=1, last_good=None, script_nonce="n")
    assert "/last-good" not in page
    assert "No good report yet" in page


def test_the_policy_allows_only_this_responses_script() -> None:
    headers = dict(pages.security_headers("abc"))
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'nonce-abc';" in policy
    assert "connect-src 'self'" in policy and "img-src data:" in policy
    assert headers["Cache-Control"] == "no-store"
    assert pages.nonce() != pages.nonce()
