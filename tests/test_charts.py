"""The report's SVG charts: deterministic, self-contained, and their printed values readable."""

from __future__ import annotations

import base64
import re

from roadmap.report.charts import readiness_chart, tier_chart


def _svg(uri: str) -> str:
    assert uri.startswith("data:image/svg+xml;base64,")
    return base64.b64decode(uri.split(",", 1)[1]).decode()


def test_readiness_values_sit_after_the_bar_ends_not_on_them() -> None:
    svg = _svg(readiness_chart(["Physical", "Personnel"], [("claimed", [47, 41]), ("verified", [45, 29])]))
    ends = sorted(round(float(x) + float(w), 2) for x, w in
                  re.findall(r'<rect x="([0-9.]+)" y="[0-9.]+" rx="0" ry="0" width="([0-9.]+)"', svg))
    labels = re.findall(r'<text text-anchor="(\w+)" x="([0-9.]+)" y="[0-9.]+" class="value">([^<]+)</text>', svg)
    assert sorted(text for _, _, text in labels) == ["29%", "41%", "45%", "47%"]
    assert len(ends) == 4
    for anchor, x, _ in labels:
        assert anchor == "start"
        # starts just after a bar's end (pygal centred it on the end, over the bar's edge)
        assert any(5 < float(x) - end < 15 for end in ends), (x, ends)


def test_charts_are_reproducible_and_fetch_nothing() -> None:
    args = (["Physical", "Personnel"], ["T1", "T2"], [("claimed", [1, 0]), ("verified", [0, 2])])
    first, second = tier_chart(*args), tier_chart(*args)
    assert first == second
    svg = _svg(first)
    assert "<script" not in svg and "http://" not in svg.replace("http://www.w3.org", "")
    assert "xlink:href" not in svg
