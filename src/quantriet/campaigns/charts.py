"""Small horizontal bar charts as inline SVG, drawn on the server (no JavaScript, prints as it shows)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# Each row: its label on a line of its own, then the bar and its figures. A label beside its bar left a
# phone's screen 6-pixel letters; stacked, the drawing is narrow enough to stay at 11 px or more there.
ROW_HEIGHT = 44
LABEL_LINE = 18  # the label's line above the bar
BAR_WIDTH = 300
VALUE_WIDTH = 130  # room for "1234/1234 (100%)"
WIDTH = BAR_WIDTH + VALUE_WIDTH


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.value / self.total) if self.total else 0

    @property
    def width(self) -> int:
        """The bar's length in SVG units, from the exact ratio (not the rounded percent)."""
        return round(BAR_WIDTH * min(self.value, self.total) / self.total) if self.total else 0


def _shorten(text: str, limit: int = 52) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(title: str, bars: Sequence[Bar], css_class: str) -> SafeString:
    """One row per bar: its label, then a bar as long as value/total and "value/total (percent%)"."""
    height = ROW_HEIGHT * len(bars) + 4
    rows = format_html_join(
        "",
        '<g transform="translate(0,{})"><title>{}: {}/{}</title>'
        '<text x="0" y="-3" font-size="15">{}</text>'
        '<rect x="{}" y="4" width="{}" height="16" fill="#ddd"></rect>'
        '<rect class="bar" x="{}" y="4" width="{}" height="16" fill="#b22222"></rect>'
        '<text x="{}" y="17" font-size="15">{}/{} ({}%)</text></g>',
        (
            (
                i * ROW_HEIGHT + LABEL_LINE,
                bar.label,
                bar.value,
                bar.total,
                _shorten(bar.label),
                0,
                BAR_WIDTH,
                0,
                bar.width,
                BAR_WIDTH + 6,
                bar.value,
                bar.total,
                bar.percent,
            )
            for i, bar in enumerate(bars)
        ),
    )
    return format_html(
        '<figure class="chart {}"><figcaption>{}</figcaption>'
        # Sized by app.css (figure.chart svg): the site's CSP drops an inline style attribute.
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{}" viewBox="0 0 {} {}">{}</svg>'
        "</figure>",
        css_class,
        title,
        title,
        WIDTH,
        height,
        rows,
    )
