"""Small horizontal bar charts as inline SVG, drawn on the server (no JavaScript, prints as it shows)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

ROW_HEIGHT = 26
LABEL_WIDTH = 220
BAR_WIDTH = 300
WIDTH = LABEL_WIDTH + BAR_WIDTH + 90


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


def _shorten(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(title: str, bars: Sequence[Bar], css_class: str) -> SafeString:
    """One bar per row: its label, a bar as long as value/total, and "value/total (percent%)"."""
    height = ROW_HEIGHT * len(bars) + 8
    rows = format_html_join(
        "",
        '<g transform="translate(0,{})"><title>{}: {}/{}</title>'
        '<text x="0" y="17" font-size="13">{}</text>'
        '<rect x="{}" y="4" width="{}" height="16" fill="#ddd"></rect>'
        '<rect class="bar" x="{}" y="4" width="{}" height="16" fill="#b22222"></rect>'
        '<text x="{}" y="17" font-size="13">{}/{} ({}%)</text></g>',
        (
            (
                i * ROW_HEIGHT + 4,
                bar.label,
                bar.value,
                bar.total,
                _shorten(bar.label),
                LABEL_WIDTH,
                BAR_WIDTH,
                LABEL_WIDTH,
                bar.width,
                LABEL_WIDTH + BAR_WIDTH + 6,
                bar.value,
                bar.total,
                bar.percent,
            )
            for i, bar in enumerate(bars)
        ),
    )
    return format_html(
        '<figure class="chart {}"><figcaption>{}</figcaption>'
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{}" viewBox="0 0 {} {}" width="100%" '
        'style="max-width:{}px">{}</svg></figure>',
        css_class,
        title,
        title,
        WIDTH,
        height,
        WIDTH,
        rows,
    )
