"""Charts as inline SVG strings: no scripts, no fonts to fetch, readable without the picture.

Every chart is `role="img"` with an `aria-label`, a `<title>` and a `<desc>`
that says in words what the bars show, and every number drawn is printed as
text next to its bar. The callers pass the numbers already formatted, so the
chart shows exactly what the tables beside it show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from rusplan.formatting import word

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
TEXT = "#1a1a1a"
MUTED = "#4a4f57"

# Fill, and the text colour that reads on it (contrast ≥ 4.5:1 for both).
STATUS_COLORS: dict[str, tuple[str, str]] = {
    "done": ("#1e6b34", "#ffffff"),
    "partly_done": ("#2f6f9f", "#ffffff"),
    "in_progress": ("#8a5300", "#ffffff"),
    "planned": ("#5b4a8b", "#ffffff"),
    "not_done": ("#f2b8b5", "#1a1a1a"),  # light, so it differs from «done» in lightness, not only in hue
    "discontinued": ("#55595f", "#ffffff"),
    "not_reported": ("#dcdfe3", "#1a1a1a"),
}
BAR_COLOR = "#2f6f9f"
# A light fill needs an outline to stand out from the page (WCAG 1.4.11, ≥ 3:1).
OUTLINE = {"not_done": "#a32020", "not_reported": "#767c85"}


@dataclass(frozen=True)
class Segment:
    key: str  # a status key from STATUS_COLORS
    label: str
    count: int


@dataclass(frozen=True)
class BarRow:
    label: str
    segments: Sequence[Segment]

    @property
    def total(self) -> int:
        return sum(s.count for s in self.segments)


@dataclass(frozen=True)
class Point:
    year: int | str  # a year, or a span of years as the plan gives it («2015–2016»)
    value: float
    text: str  # the value as the document prints it, e.g. «241 393 liter»


def _a(text: str) -> str:
    return escape(text, quote=True)


def _n(x: float) -> str:
    """Coordinates with at most two decimals and no trailing zeros, so output is stable."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _text_width(text: str, size: float = 14) -> float:
    """A generous estimate of rendered width; good enough to lay out legends and labels."""
    return len(text) * size * 0.58


def _open(width: float, height: float, label: str, title: str, desc: str, css_class: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" role="img" aria-label="{_a(label)}" '
        f'width="{_n(width)}" height="{_n(height)}" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'font-family="{_a(FONT)}" font-size="14">',
        f"<title>{_a(title)}</title>",
        f"<desc>{_a(desc)}</desc>",
    ]


def status_chart(rows: Sequence[BarRow], *, title: str, lang: str = "nb", width: float = 720) -> str:
    """Horizontal stacked bars, one per row (focus area), one segment per status.

    Bars share one scale (the largest row), so a short bar is a small area, not
    a badly doing one; each segment wide enough carries its count, every
    segment has its own `<title>`, and the `<desc>` lists all counts.
    """
    unit = word("report.measures_lower", lang)
    nothing = word("report.chart.none", lang, unit=unit)
    keys = [key for key in STATUS_COLORS if any(s.key == key and s.count for row in rows for s in row.segments)]
    labels = {s.key: s.label for row in rows for s in row.segments}
    desc = " ".join(f"{row.label}: " + (", ".join(f"{s.count} {s.label}" for s in row.segments if s.count) or nothing) + "." for row in rows)
    bar_x, bar_h, total_w = 0.0, 22.0, 80.0
    bar_w = width - total_w
    scale = max((row.total for row in rows), default=0) or 1

    body: list[str] = []
    # legend, wrapped onto as many lines as needed
    x, y = 0.0, 0.0
    legend: list[str] = []
    for key in keys:
        item_w = 18 + _text_width(labels[key]) + 16
        if x and x + item_w > width:
            x, y = 0.0, y + 20
        fill = STATUS_COLORS[key][0]
        stroke = f' stroke="{OUTLINE[key]}"' if key in OUTLINE else ""
        legend.append(f'<rect x="{_n(x)}" y="{_n(y + 2)}" width="12" height="12" fill="{fill}"{stroke}/>')
        legend.append(f'<text x="{_n(x + 18)}" y="{_n(y + 13)}" fill="{TEXT}">{_a(labels[key])}</text>')
        x += item_w
    body.append('<g class="legend">' + "".join(legend) + "</g>")
    y += 32 if keys else 0

    for row in rows:
        body.append('<g class="row">')
        body.append(f'<text class="row-label" x="{_n(bar_x)}" y="{_n(y + 13)}" fill="{TEXT}" font-weight="600">{_a(row.label)}</text>')
        y += 20
        x = bar_x
        for segment in row.segments:
            if not segment.count:
                continue
            w = segment.count / scale * bar_w
            fill, ink = STATUS_COLORS.get(segment.key, (BAR_COLOR, "#ffffff"))
            outline = f' stroke="{OUTLINE[segment.key]}"' if segment.key in OUTLINE else ""
            body.append(
                f'<rect class="segment" data-status="{_a(segment.key)}" data-count="{segment.count}" x="{_n(x)}" y="{_n(y)}" '
                f'width="{_n(w)}" height="{_n(bar_h)}" fill="{fill}"{outline}><title>{_a(row.label)}: {segment.count} {_a(segment.label)}</title></rect>'
            )
            if w >= _text_width(str(segment.count)) + 8:
                body.append(f'<text class="count" x="{_n(x + w / 2)}" y="{_n(y + 15.5)}" text-anchor="middle" fill="{ink}" aria-hidden="true">{segment.count}</text>')
            x += w
        body.append(f'<text class="total" x="{_n(x + 8)}" y="{_n(y + 15.5)}" fill="{MUTED}">{row.total} {_a(unit)}</text>')
        body.append("</g>")
        y += bar_h + 16

    height = max(y, 1)
    return "\n".join([*_open(width, height, title, title, desc, "chart chart-status"), *body, "</svg>"]) + "\n"


def trend_chart(points: Sequence[Point], *, title: str, width: float = 320, height: float = 200) -> str:
    """Vertical bars of one indicator over the years, from a zero baseline.

    Years are evenly spaced categories (2015, 2018, 2020 are survey rounds, not
    a time axis); each bar carries its value as printed in the plan.
    """
    desc = f"{title}: " + ", ".join(f"{p.year}: {p.text}" for p in points) + "."
    top, bottom, side = 24.0, 26.0, 8.0
    plot_h = height - top - bottom
    lo = min([0.0, *(p.value for p in points)])
    hi = max([0.0, *(p.value for p in points)])
    span = (hi - lo) or 1.0
    zero_y = top + hi / span * plot_h
    n = max(len(points), 1)
    slot = (width - 2 * side) / n
    bar_w = min(56.0, slot * 0.6)

    body = [f'<line class="baseline" x1="{_n(side)}" y1="{_n(zero_y)}" x2="{_n(width - side)}" y2="{_n(zero_y)}" stroke="{MUTED}" stroke-width="1"/>']
    for i, point in enumerate(points):
        cx = side + slot * (i + 0.5)
        h = abs(point.value) / span * plot_h
        y = zero_y - h if point.value >= 0 else zero_y
        body.append(
            f'<rect class="bar" data-year="{point.year}" data-value="{_n(point.value)}" x="{_n(cx - bar_w / 2)}" y="{_n(y)}" '
            f'width="{_n(bar_w)}" height="{_n(h)}" fill="{BAR_COLOR}"><title>{point.year}: {_a(point.text)}</title></rect>'
        )
        label_y = y - 6 if point.value >= 0 else y + h + 15
        body.append(f'<text class="value" x="{_n(cx)}" y="{_n(label_y)}" text-anchor="middle" fill="{TEXT}">{_a(point.text)}</text>')
        body.append(f'<text class="year" x="{_n(cx)}" y="{_n(height - 8)}" text-anchor="middle" fill="{MUTED}">{point.year}</text>')
    return "\n".join([*_open(width, height, desc, title, desc, "chart chart-trend"), *body, "</svg>"]) + "\n"
