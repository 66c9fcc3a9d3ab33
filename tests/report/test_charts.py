"""The report's SVG charts: deterministic, self-contained, and their printed values readable."""

from __future__ import annotations

import base64
import re
from itertools import pairwise

from roadmap.report.charts import (
    readiness_chart,
    rounds_readiness_chart,
    rounds_tier_chart,
    tier_chart,
)


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


# -- Printed legibility (the reviewer's findings on paper) --------------------------------------------

_DOMAINS = ["Physical security", "Personnel security", "Governance, classification and handling"]
_TIERS = ["T1", "T2", "T3"]


def _all_charts() -> dict[str, str]:
    return {
        "readiness": _svg(readiness_chart(_DOMAINS, [("claimed", [47, 41, 61]), ("verified", [45, 29, 51])])),
        "tiers": _svg(tier_chart(_DOMAINS, _TIERS, [("claimed", [1, 1, 2]), ("verified", [1, 0, 1]),
                                                    ("strict", [0, 0, 1])])),
        "round-tiers": _svg(rounds_tier_chart(["Overall", *_DOMAINS], _TIERS,
                                              [("2024-06-30", [0, 1, 0, 0]), ("2025-09-30", [1, 1, 1, 2])])),
        "round-readiness": _svg(rounds_readiness_chart(["2024-06-30", "2025-09-30", "2026-06-30"],
                                                       [("claimed", [41.3, 47.3, 47.5]),
                                                        ("verified", [37.0, 41.2, 41.0])])),
    }


def _view_box(svg: str) -> tuple[float, float]:
    found = re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', svg)
    assert found is not None, "no viewBox"
    width, height = found.groups()
    return float(width), float(height)


def _css_rule(svg: str, selector: str) -> str:
    """The declarations of every rule for exactly `selector`, joined."""
    return ";".join(re.findall(re.escape(selector) + r"\{([^}]*)\}", svg))


def test_labels_print_at_body_text_size() -> None:
    # The image is printed across the text column (155 mm at the narrowest): each text must print
    # at 7.5 pt or more (at 900 px wide with 12-13 px fonts it printed at ~6.5 pt).
    for name, svg in _all_charts().items():
        width, _ = _view_box(svg)
        for selector in (".axis text", ".legends .legend text", ".text-overlay text.value"):
            found = re.search(r"font-size:([0-9.]+)px", _css_rule(svg, selector))
            assert found is not None, selector
            size = float(found.group(1))
            printed_pt = size * 155 / width / 25.4 * 72
            assert printed_pt >= 7.5, (name, selector, printed_pt)


def test_charts_take_no_more_of_the_page_than_before() -> None:
    # Height per width of the image (it is printed full width): never more than at 900 px wide.
    for n in (1, 3, 5, 8):
        domains = [f"Domain {i}" for i in range(n)]
        _, h = _view_box(_svg(readiness_chart(domains, [("claimed", [50] * n), ("verified", [40] * n)])))
        w, _ = _view_box(_svg(readiness_chart(domains, [("claimed", [50] * n)])))
        assert h / w <= (90 + 44 * n) / 900
        w, h = _view_box(_svg(tier_chart(domains, _TIERS, [("claimed", [1] * n)])))
        assert h / w <= (90 + 44 * n) / 900
        for rounds in (1, 2, 4):
            w, h = _view_box(_svg(rounds_tier_chart(domains, _TIERS, [(f"r{r}", [1] * n) for r in range(rounds)])))
            assert h / w <= (90 + 30 * n * rounds // 2 + 20 * n) / 900
    w, h = _view_box(_all_charts()["round-readiness"])
    assert h / w <= 360 / 900


def test_guides_are_light_solid_lines() -> None:
    for name, svg in _all_charts().items():
        for selector in (".axis .guide.line", ".axis .major.guide.line"):
            rule = _css_rule(svg, selector)
            assert "stroke:black" not in rule and "stroke:#000" not in rule, (name, rule)
            dashes = re.findall(r"stroke-dasharray:([^;]+)", rule)
            assert dashes and dashes[-1].strip() == "none", (name, rule)
            grey = re.findall(r"stroke:#([0-9a-f]{6})", rule)[-1]
            assert min(int(grey[i:i + 2], 16) for i in (0, 2, 4)) >= 0xc0, (name, rule)  # light


def test_every_stylesheet_rule_compiles_so_the_renderer_keeps_the_sheet() -> None:
    import cssselect2
    import tinycss2

    for svg in _all_charts().values():
        style = re.search(r"<style[^>]*>(.*?)</style>", svg, re.DOTALL)
        assert style is not None
        css = style.group(1)
        for rule in tinycss2.parse_stylesheet(css.replace("&gt;", ">"), skip_whitespace=True):
            assert rule.type == "qualified-rule"
            cssselect2.compile_selector_list(rule.prelude)
        assert ".color-0{stroke:#" in css  # the series colours are still there


def _bars(svg: str) -> list[tuple[float, float, float, float]]:
    return [(float(x), float(y), float(w), float(h)) for x, y, w, h in re.findall(
        r'<rect x="([0-9.]+)" y="([0-9.]+)" rx="0" ry="0" width="([0-9.]+)" height="([0-9.]+)"', svg)]


def test_a_tier_of_none_is_no_bar_but_the_word_none() -> None:
    svg = _all_charts()["tiers"]
    bars = _bars(svg)
    assert len(bars) == 6  # 9 values, 3 of them none
    zero = min(x for x, _, _, _ in bars)
    tier1 = min(w for _, _, w, _ in bars)
    assert all(w >= tier1 * 0.99 for _, _, w, _ in bars)  # no stub, no hairline
    words = re.findall(r'<text text-anchor="start" x="([0-9.]+)" y="[0-9.]+" class="value">([^<]*)</text>', svg)
    assert [w for _, w in words] == ["none"] * 3  # only the tiers not reached are printed
    assert all(0 < float(x) - zero < 15 for x, _ in words)
    round_tiers = _all_charts()["round-tiers"]
    assert len(_bars(round_tiers)) == 5 and round_tiers.count('class="value">none<') == 3


def test_legend_is_compact() -> None:
    for name, svg in _all_charts().items():
        xs = [float(x) for x in re.findall(r'<g id="activate-serie-\d+" class="legend[^"]*"><rect x="([0-9.]+)"', svg)]
        texts = re.findall(r'class="legend[^"]*"><rect [^>]*/><text [^>]*>([^<]*)</text>', svg)
        assert xs[0] == 0 and len(xs) == len(texts) >= 2
        for (a, b), text in zip(pairwise(xs), texts, strict=False):
            # the next entry follows the text (~7 px a character at 12 px), not an equal share of the width
            assert 12 + 5 + 6 * len(text) < b - a < 12 + 5 + 8 * len(text) + 30, (name, xs)


def test_line_values_clear_the_axis_and_the_lines() -> None:
    svg = _all_charts()["round-readiness"]
    dots = [(float(x), float(y)) for x, y in re.findall(r'<circle cx="([0-9.]+)" cy="([0-9.]+)"', svg)]
    values = re.findall(r'<text text-anchor="(\w+)" x="([0-9.]+)" y="([0-9.]+)" class="value">([^<]+)</text>', svg)
    assert [v for *_, v in values] == ["41.3%", "47.3%", "47.5%", "37.0%", "41.2%", "41.0%"]
    assert len(dots) == 6
    first_x, last_x = min(x for x, _ in dots), max(x for x, _ in dots)
    for (anchor, x, y, _), (dot_x, dot_y), upper in zip(values, dots, [True] * 3 + [False] * 3, strict=True):
        assert anchor in {"start", "middle", "end"}
        if dot_x == first_x:
            # left-aligned right of the point: the y axis' tick labels end left of the plot
            assert anchor == "start" and float(x) > dot_x
        if dot_x == last_x:
            assert anchor == "end"
        # the upper line's values above its points, the lower line's below (baseline past the dot)
        assert (float(y) < dot_y - 4) if upper else (float(y) > dot_y + 4 + 8)


def test_all_charts_are_reproducible() -> None:
    assert _all_charts() == _all_charts()


def test_a_long_legend_wraps_into_rows_and_the_picture_shows_them_all() -> None:
    rounds = [(f"202{i}-06-30", [1, 0]) for i in range(7)]
    svg = _svg(rounds_tier_chart(["Overall", "Governance, classification and handling"], ["T1", "T2"], rounds))
    width, height = map(float, re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', svg).groups())  # type: ignore[union-attr]
    left, top = map(float, re.search(r'translate\(([0-9.]+), ([0-9.]+)\)" class="legends"', svg).groups())  # type: ignore[union-attr]
    entries = re.findall(r'class="legend[^"]*"><rect x="([0-9.]+)" y="([0-9.]+)"[^>]*/><text x="[0-9.]+" y="[0-9.]+">'
                         r'([^<]+)</text>', svg)
    assert [name for _, _, name in entries] == [name for name, _ in rounds]
    rows = sorted({float(y) for _, y, _ in entries})
    assert len(rows) >= 2
    for x, y, name in entries:
        assert left + float(x) + 80 <= width, name  # the entry and its date are inside the picture
        assert top + float(y) + 12 <= height, name  # its row is not cut off at the bottom


def test_line_values_near_the_axis_go_above_their_point() -> None:
    svg = _svg(rounds_readiness_chart(["2024-06-30", "2025-06-30", "2026-06-30"],
                                      [("claimed", [47.3, 47.3, 47.5]), ("verified", [0.0, 0.6, 11.3])]))
    plot_height = float(re.search(r'class="plot"><rect x="0" y="0" width="[0-9.]+" height="([0-9.]+)"', svg).group(1))  # type: ignore[union-attr]
    for y, text in re.findall(r'y="([0-9.]+)" class="value">([^<]+)</text>', svg):
        assert float(y) <= plot_height - 4, (text, y, plot_height)  # above the x axis' labels


def test_none_labels_of_one_domain_do_not_overlap() -> None:
    domains = ["Physical security", "Personnel security", "Cyber security"]
    svg = _svg(tier_chart(domains, _TIERS, [("claimed", [1, 0, 0]), ("verified", [0, 0, 0]), ("strict", [1, 0, 0])]))
    ys = sorted(float(y) for y in re.findall(r'y="([0-9.]+)" class="value">none</text>', svg))
    assert len(ys) == 7
    assert all(b - a >= 11.5 for a, b in pairwise(ys)), ys  # 12 px text: one line each, not a smudge
