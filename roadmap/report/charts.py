"""SVG charts (pygal) for the report, returned as `data:` URIs so that a report embeds them and never
fetches a file. Output is deterministic: pygal's random chart id, its dated comment and its
script are removed. Colours differ in lightness so they survive greyscale printing."""

from __future__ import annotations

import base64
import html
import re
from typing import Any

#: Claimed, verified, strict: dark, middle and light grey-blue (distinct in greyscale).
SERIES_COLOURS = ("#1f3a5f", "#7d8fa6", "#c8d0da")

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)
_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.DOTALL)
#: A printed value of a horizontal bar: pygal centres it on the bar's end, half over the bar.
_BAR_VALUE = re.compile(r'<text text-anchor="middle" x="([0-9.]+)"( y="[0-9.]+" class="value)')


def _portable_css(css: str) -> str:
    """pygal's stylesheet, keeping only rules every SVG renderer can apply. WeasyPrint drops the
    whole sheet at the first selector it cannot compile (pygal's rules with an empty selector, once
    its per-chart id prefix is off, and `:hover` rules), which paints every shape black."""
    import cssselect2
    import tinycss2

    kept = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        selectors = []
        for selector in (tinycss2.serialize(rule.prelude).strip() or "svg").split(","):
            if ":" in selector:
                continue  # interaction states (:hover, :visited) mean nothing on paper
            try:
                cssselect2.compile_selector_list(tinycss2.parse_component_value_list(selector))
            except cssselect2.parser.SelectorError:
                continue
            selectors.append(selector.strip())
        if not selectors:
            continue
        prelude = ",".join(selectors)
        kept.append(f"{prelude}{{{tinycss2.serialize(rule.content).strip()}}}")
    return html.escape("".join(kept), quote=False)


def _style() -> Any:
    from pygal.style import Style

    return Style(background="white", plot_background="white", foreground="#333333",
                 foreground_strong="#111111", foreground_subtle="#d0d0d0", opacity="1",
                 opacity_hover="1", colors=SERIES_COLOURS, font_family="DejaVu Sans",
                 label_font_size=13, major_label_font_size=13, legend_font_size=13,
                 value_font_size=12, title_font_size=15, tooltip_font_size=12)


def _data_uri(svg: str, name: str) -> str:
    svg = _SCRIPT.sub("", _COMMENT.sub("", svg))
    svg = _STYLE.sub(lambda m: m.group(1) + _portable_css(html.unescape(m.group(2))) + m.group(3), svg)
    svg = _UUID.sub(name, svg)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def readiness_chart(domains: list[str], series: list[tuple[str, list[float]]]) -> str:
    """Horizontal bars: readiness (0-100 %) per domain, one bar per view."""
    import pygal

    chart = pygal.HorizontalBar(
        style=_style(), js=[], no_prefix=True, disable_xml_declaration=True, width=900,
        height=90 + 44 * len(domains), range=(0, 100), show_legend=True, legend_at_bottom=True,
        legend_at_bottom_columns=len(series), print_values=True, print_values_position="top",
        formatter=lambda v: f"{v:.0f}%", show_y_guides=True, margin=8, spacing=12,
        truncate_label=-1, tooltip_border_radius=0)
    chart.x_labels = list(reversed(domains))  # pygal draws the first label at the bottom
    for name, values in series:
        chart.add(name, list(reversed(values)))
    svg = _BAR_VALUE.sub(lambda m: f'<text text-anchor="start" x="{float(m.group(1)) + 5:.2f}"{m.group(2)}',
                         chart.render(is_unicode=True))
    return _data_uri(svg, "readiness")


def tier_chart(domains: list[str], tier_ids: list[str], series: list[tuple[str, list[int]]]) -> str:
    """Horizontal bars: the tier reached per domain (0 = none), one bar per view."""
    import pygal

    labels = ["none", *tier_ids]
    chart = pygal.HorizontalBar(
        style=_style(), js=[], no_prefix=True, disable_xml_declaration=True, width=900,
        height=90 + 44 * len(domains), range=(0, len(tier_ids)), show_legend=True,
        legend_at_bottom=True, legend_at_bottom_columns=len(series), print_values=False,
        formatter=lambda v: labels[int(v)], value_formatter=lambda v: labels[int(v)], y_labels=list(range(len(labels))),
        show_y_guides=True, margin=8, spacing=12, truncate_label=-1)
    chart.x_labels = list(reversed(domains))
    for name, values in series:
        chart.add(name, [v if v > 0 else 0.04 for v in reversed(values)])
    return _data_uri(chart.render(is_unicode=True), "tiers")


def round_colours(n: int) -> tuple[str, ...]:
    """One colour per round, oldest lightest, newest darkest (an order that survives greyscale)."""
    light, dark = (0xc8, 0xd0, 0xda), (0x1f, 0x3a, 0x5f)
    def hex_(rgb: tuple[int, ...]) -> str:
        return "#" + "".join(f"{c:02x}" for c in rgb)

    if n == 1:
        return (hex_(dark),)
    return tuple(hex_(tuple(round(a + (b - a) * i / (n - 1)) for a, b in zip(light, dark, strict=True)))
                 for i in range(n))


def rounds_tier_chart(rows: list[str], tier_ids: list[str], rounds: list[tuple[str, list[int]]]) -> str:
    """Horizontal bars: the tier reached per row (overall, then each domain), one bar per round."""
    import pygal
    from pygal.style import Style

    labels = ["none", *tier_ids]
    style = Style(**{**_style().__dict__, "colors": round_colours(len(rounds))})
    chart = pygal.HorizontalBar(
        style=style, js=[], no_prefix=True, disable_xml_declaration=True, width=900,
        height=90 + 30 * len(rows) * max(1, len(rounds)) // 2 + 20 * len(rows), range=(0, len(tier_ids)),
        show_legend=True, legend_at_bottom=True, legend_at_bottom_columns=min(len(rounds), 4), truncate_legend=-1,
        print_values=False, formatter=lambda v: labels[int(v)], value_formatter=lambda v: labels[int(v)],
        y_labels=list(range(len(labels))), show_y_guides=True, margin=8, spacing=12, truncate_label=-1)
    chart.x_labels = list(reversed(rows))
    for name, values in rounds:
        chart.add(name, [v if v > 0 else 0.04 for v in reversed(values)])
    return _data_uri(chart.render(is_unicode=True), "round-tiers")


def rounds_readiness_chart(rounds: list[str], series: list[tuple[str, list[float]]]) -> str:
    """Lines: readiness (0-100 %) per round, one line per view; values printed on the points."""
    import pygal

    values = [v for _, vs in series for v in vs]
    # A line needs no zero baseline (bars would): the axis spans the values, in steps of 10 points,
    # so that close values stay apart and their printed labels do not overlap.
    lo = max(0, int((min(values) - 5) // 10) * 10)
    hi = min(100, -int(-(max(values) + 5) // 10) * 10)
    chart = pygal.Line(
        style=_style(), js=[], no_prefix=True, disable_xml_declaration=True, width=900, height=360,
        range=(lo, hi), show_legend=True, legend_at_bottom=True, legend_at_bottom_columns=len(series),
        print_values=True, formatter=lambda v: f"{v:.1f}%", show_y_guides=True, margin=8, margin_left=40,
        margin_right=60, spacing=12, truncate_label=-1, truncate_legend=-1, dots_size=4,
        stroke_style={"width": 2.5}, y_title="readiness, %", y_labels=list(range(lo, hi + 1, 5)))
    chart.x_labels = rounds
    for i, (name, values) in enumerate(series):
        chart.add(name, values, stroke_style={"width": 2.5, "dasharray": "" if i == 0 else "7, 5"})
    return _data_uri(chart.render(is_unicode=True), "round-readiness")
