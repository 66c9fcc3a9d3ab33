"""SVG charts (pygal) for the report, returned as `data:` URIs so that a report embeds them and never
fetches a file. Output is deterministic: pygal's random chart id, its dated comment and its
script are removed. Colours differ in lightness so they survive greyscale printing."""

from __future__ import annotations

import base64
import html
import re
from typing import Any

from roadmap.i18n import _, percent
from roadmap.models.base import NO_TIER
from roadmap.words import words

#: Claimed, verified, strict: dark, middle and light grey-blue (distinct in greyscale).
SERIES_COLOURS = ("#1f3a5f", "#7d8fa6", "#c8d0da")

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)
_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.DOTALL)
#: A printed value of a horizontal bar: pygal centres it on the bar's end, half over the bar.
_BAR_VALUE = re.compile(r'<text text-anchor="middle" x="([0-9.]+)"( y="[0-9.]+" class="value)')
#: A bar of zero length (a tier of "none"), with its tooltip data: pygal writes its rect with no width
#: (or a zero one), which some renderers print as a hairline in the rect's outline colour.
_EMPTY_BAR = re.compile(r'<g class="bar"><rect (?:(?: width="0(?:\.0+)?")|(?! width=")[^>])*/>'
                        r'(?:<desc[^>]*>[^<]*</desc>)*</g>')
#: A printed value (after _BAR_VALUE) other than the word for "none" (the `{none}` placeholder, the
#: current language's): tier charts print only the tiers not reached.
_TIER_VALUE = r'<text text-anchor="start" x="[0-9.]+" y="[0-9.]+" class="value">(?!{none}<)[^<]*</text>'
#: A printed value of a line's point: pygal writes it right of and below the point, anchored "left".
_LINE_VALUE = re.compile(r'<text text-anchor="left" x="([0-9.]+)" y="([0-9.]+)" class="value">')
#: The plot area's height (pygal draws it as the first rect of the "plot" group).
_PLOT_HEIGHT = re.compile(r'class="plot"><rect x="0" y="0" width="[0-9.]+" height="([0-9.]+)"')
#: One entry of a bottom legend: its colour box and its text.
_LEGEND = re.compile(r'(<g id="activate-serie-\d+" class="legend[^"]*"><rect x=")([0-9.]+)" y="([0-9.]+)"'
                     r'([^>]*/><text x=")([0-9.]+)" y="[0-9.]+">([^<]*)(</text>)')
#: Where pygal puts the legend (its group's translation) and the picture's size.
_LEGENDS_AT = re.compile(r'<g transform="translate\(([0-9.]+), ([0-9.]+)\)" class="legends">')
_VIEWBOX = re.compile(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"')

#: Drawing width (px). The image is printed across the text column (~155-174 mm), so a pixel prints at
#: ~0.66-0.73 pt and 12 px text at ~8-8.7 pt, like the body text (8.5 pt). Heights scale with it, so
#: that a chart takes no more of the page than it did when drawn at 900 px.
WIDTH = 680
FONT_SIZE = 12
_LEGEND_BOX = 12
_LEGEND_GAP = 22
_LEGEND_ROW = 18


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

    # Guides are light grey and solid, so that they recede behind the bars and the printed values.
    return Style(background="white", plot_background="white", foreground="#333333",
                 foreground_strong="#111111", foreground_subtle="#d0d0d0", opacity="1",
                 opacity_hover="1", colors=SERIES_COLOURS, font_family="DejaVu Sans",
                 label_font_size=FONT_SIZE, major_label_font_size=FONT_SIZE, legend_font_size=FONT_SIZE,
                 value_font_size=FONT_SIZE, title_font_size=FONT_SIZE, tooltip_font_size=FONT_SIZE,
                 guide_stroke_color="#dddddd", guide_stroke_dasharray="none",
                 major_guide_stroke_color="#c8c8c8", major_guide_stroke_dasharray="none")


def _compact_legend(svg: str) -> str:
    """Packs a bottom legend's entries from the left, each after the previous one's text, instead of
    spreading them over the chart's width (pygal gives each entry an equal share of it), starting a
    new row when the next entry would pass the chart's right edge; the image grows to show every
    row (pygal leaves room for one)."""
    from pygal.util import get_text_box

    group = _LEGENDS_AT.search(svg)
    size = _VIEWBOX.search(svg)
    if group is None or size is None:
        return svg
    left, top = float(group.group(1)), float(group.group(2))
    room = WIDTH - left - 8
    x, row = 0.0, 0

    def place(m: re.Match[str]) -> str:
        nonlocal x, row
        _, text_width = get_text_box(html.unescape(m.group(6)), FONT_SIZE)
        width = _LEGEND_BOX + 5 + text_width
        if x > 0 and x + width > room:
            x, row = 0.0, row + 1
        y = row * _LEGEND_ROW
        out = (f'{m.group(1)}{x:.1f}" y="{y:.1f}"{m.group(4)}{x + _LEGEND_BOX + 5:.1f}" '
               f'y="{y + FONT_SIZE * 0.8:.1f}">{m.group(6)}{m.group(7)}')
        x += width + _LEGEND_GAP
        return out

    svg = _LEGEND.sub(place, svg)
    height = float(size.group(2))
    needed = top + (row + 1) * _LEGEND_ROW + 2
    if needed > height:  # grow the picture (and its white background) to show the last row
        new = f"{needed:.0f}"
        svg = svg.replace(size.group(0), f'viewBox="0 0 {size.group(1)} {new}"', 1)
        svg = svg.replace(f'<rect x="0" y="0" width="{size.group(1)}" height="{size.group(2)}" class="background"',
                          f'<rect x="0" y="0" width="{size.group(1)}" height="{new}" class="background"', 1)
    return svg


def _bar_values_after_ends(svg: str) -> str:
    """Moves each printed value of a horizontal bar from the bar's end (centred, half over it) to
    just after it."""
    return _BAR_VALUE.sub(
        lambda m: f'<text text-anchor="start" x="{float(m.group(1)) + 5:.2f}"{m.group(2)}', svg)


def _tier_bars(svg: str, none: str) -> str:
    """A tier chart's bars: no bar for a tier of "none" (a stub would read as a small value), the
    word `none` after the axis instead, and no other printed value (the axis names the tiers)."""
    value = re.compile(_TIER_VALUE.format(none=re.escape(none)))
    return value.sub("", _bar_values_after_ends(_EMPTY_BAR.sub("", svg)))


def _line_values_clear(svg: str) -> str:
    """Moves the printed values of a line chart off the lines and away from the y axis' labels: above
    the top point of each round, below the others; the first round's values start just right of
    their point (and of the y axis through it) and the last round's end at it, so that none reaches
    past the plot's sides."""
    points = [(float(x) - FONT_SIZE, float(y) - FONT_SIZE * 4 / 3) for x, y in _LINE_VALUE.findall(svg)]
    if not points:
        return svg
    plot = _PLOT_HEIGHT.search(svg)
    # Below a point near the x axis, a value would sit on the axis' labels: put it above instead.
    floor = float(plot.group(1)) - 8 - FONT_SIZE if plot else float("inf")
    xs = sorted({round(x, 2) for x, _ in points})
    top = {x: min(py for px, py in points if round(px, 2) == x) for x in xs}
    above: set[float] = set()  # the rounds whose top value is placed (equal values: one above)

    def place(m: re.Match[str]) -> str:
        px, py = float(m.group(1)) - FONT_SIZE, float(m.group(2)) - FONT_SIZE * 4 / 3
        anchor, x = "middle", px
        if len(xs) > 1 and round(px, 2) == xs[0]:
            anchor, x = "start", px + 6  # clear of the y axis, drawn through the first round
        elif len(xs) > 1 and round(px, 2) == xs[-1]:
            anchor, x = "end", px + 3
        # the baseline: above the point (clear of the dot), or below it by the text's cap height
        below = py + 8 + FONT_SIZE * 0.75
        if (py == top[round(px, 2)] and round(px, 2) not in above) or below > floor:
            above.add(round(px, 2))
            y = py - 8
        else:
            y = below
        return f'<text text-anchor="{anchor}" x="{x:.2f}" y="{y:.2f}" class="value">'

    return _LINE_VALUE.sub(place, svg)


def _data_uri(svg: str, name: str) -> str:
    svg = _SCRIPT.sub("", _COMMENT.sub("", svg))
    svg = _STYLE.sub(lambda m: m.group(1) + _portable_css(html.unescape(m.group(2))) + m.group(3), svg)
    svg = _UUID.sub(name, svg)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def _height(px_at_900: float) -> int:
    """A height that takes the same share of the page at WIDTH as px_at_900 did at 900 px wide."""
    return int(px_at_900 * WIDTH / 900)


def readiness_chart(domains: list[str], series: list[tuple[str, list[float]]]) -> str:
    """Horizontal bars: readiness (0-100 %) per domain, one bar per view."""
    import pygal

    chart = pygal.HorizontalBar(
        style=_style(), js=[], no_prefix=True, disable_xml_declaration=True, width=WIDTH,
        height=_height(90 + 44 * len(domains)), range=(0, 100), show_legend=True, legend_at_bottom=True,
        legend_at_bottom_columns=len(series), truncate_legend=-1, print_values=True,
        print_values_position="top", formatter=lambda v: percent(v), show_y_guides=True, margin=8,
        spacing=8, truncate_label=-1, tooltip_border_radius=0)
    chart.x_labels = list(reversed(domains))  # pygal draws the first label at the bottom
    for name, values in series:
        chart.add(name, list(reversed(values)))
    svg = _compact_legend(_bar_values_after_ends(chart.render(is_unicode=True)))
    return _data_uri(svg, "readiness")


def _group_height(bars: int, values: list[int], compact: int) -> int:
    """The height (px at 900 wide) of one row's group of `bars` bars: `compact`, unless a tier of
    none is shown, whose word needs a bar at least as tall as the text (~17 px at 900 wide)."""
    return max(compact, round(bars * 17 / 0.72)) if any(v <= 0 for v in values) else compact


def tier_chart(domains: list[str], tier_ids: list[str], series: list[tuple[str, list[int]]]) -> str:
    """Horizontal bars: the tier reached per domain, one bar per view; a tier of none is no bar but
    the word "none"."""
    return _tier_bars_chart(domains, tier_ids, series, style=_style(), group=44,
                            legend_columns=len(series), name="tiers")


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
    """Horizontal bars: the tier reached per row (overall, then each domain), one bar per round; a
    tier of none is no bar but the word "none"."""
    from pygal.style import Style

    style = Style(**{**_style().__dict__, "colors": round_colours(len(rounds))})
    return _tier_bars_chart(rows, tier_ids, rounds, style=style, group=30 * max(1, len(rounds)) // 2 + 20,
                            legend_columns=min(len(rounds), 4), name="round-tiers")


def _tier_bars_chart(rows: list[str], tier_ids: list[str], series: list[tuple[str, list[int]]], *, style: Any,
                     group: int, legend_columns: int, name: str) -> str:
    """Horizontal bars of tiers, one group per row (listed top-down) and one bar per series; `group`
    is a row's height (px at 900 wide) when no tier of none needs room for its word."""
    import pygal

    none = words(NO_TIER)
    labels = [none, *tier_ids]
    group = _group_height(len(series), [v for _, values in series for v in values], group)
    chart = pygal.HorizontalBar(
        style=style, js=[], no_prefix=True, disable_xml_declaration=True, width=WIDTH,
        height=_height(90 + group * len(rows)), range=(0, len(tier_ids)), show_legend=True,
        legend_at_bottom=True, legend_at_bottom_columns=legend_columns, truncate_legend=-1,
        print_values=True, print_values_position="top", formatter=lambda v: labels[int(v)],
        value_formatter=lambda v: labels[int(v)], y_labels=list(range(len(labels))),
        show_y_guides=True, margin=8, spacing=8, truncate_label=-1)
    chart.x_labels = list(reversed(rows))  # pygal draws the first label at the bottom
    for series_name, values in series:
        chart.add(series_name, [max(v, 0) for v in reversed(values)])
    return _data_uri(_compact_legend(_tier_bars(chart.render(is_unicode=True), none)), name)


def rounds_readiness_chart(rounds: list[str], series: list[tuple[str, list[float]]]) -> str:
    """Lines: readiness (0-100 %) per round, one line per view; values printed by the points."""
    import pygal

    values = [v for _, vs in series for v in vs]
    # A line needs no zero baseline (bars would): the axis spans the values, in steps of 10 points,
    # so that close values stay apart and their printed labels do not overlap.
    lo = max(0, int((min(values) - 5) // 10) * 10)
    hi = min(100, -int(-(max(values) + 5) // 10) * 10)
    chart = pygal.Line(
        style=_style(), js=[], no_prefix=True, disable_xml_declaration=True, width=WIDTH,
        height=_height(360), range=(lo, hi), show_legend=True, legend_at_bottom=True,
        legend_at_bottom_columns=len(series), print_values=True, formatter=lambda v: percent(v, 1),
        show_y_guides=True, margin=8, margin_left=24, margin_right=36, spacing=8, truncate_label=-1,
        truncate_legend=-1, dots_size=3.5, stroke_style={"width": 2.5}, y_title=_("readiness, %%"),
        y_labels=list(range(lo, hi + 1, 5)))
    chart.x_labels = rounds
    for i, (name, values) in enumerate(series):
        chart.add(name, values, stroke_style={"width": 2.5, "dasharray": "" if i == 0 else "7, 5"})
    svg = _compact_legend(_line_values_clear(chart.render(is_unicode=True)))
    return _data_uri(svg, "round-readiness")
