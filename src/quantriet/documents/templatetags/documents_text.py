"""``{{ text|with_citations:links }}``: a text with each citation turned into a link to its document.

Every piece of the text is HTML-escaped; only the ``<a>`` elements are ours. A link is made only when
the view marked it with an ``href`` (the reader may see the cited document) and its offsets still
match the text (a stale scan is shown as plain text rather than as a wrong link).
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from quantriet.documents.models import CitationLink

register = template.Library()


@register.filter
def with_citations(text: str | None, links: Iterable[CitationLink] | None) -> SafeString:
    text = text or ""
    parts: list[str] = []
    position = 0
    for link in sorted(links or (), key=lambda item: item.start):
        href = getattr(link, "href", None)
        if not href or link.start < position or text[link.start : link.end] != link.text:
            continue
        parts.append(str(conditional_escape(text[position : link.start])))
        target = link.target
        css = "citation" if target is None or target.confirmed else "citation unconfirmed"
        title = target.title if target is not None else link.text
        if target is not None and target.issued_on is not None and link.date_differs:
            css += " date-differs"
            title = _("%(title)s — ngày trích dẫn khác ngày ban hành (%(issued)s)") % {
                "title": title,
                "issued": target.issued_on.strftime("%d/%m/%Y"),
            }
        parts.append(
            str(format_html('<a class="{}" href="{}" title="{}">{}</a>', css, href, title, link.text))
        )
        position = link.end
    parts.append(str(conditional_escape(text[position:])))
    return mark_safe("".join(parts))  # noqa: S308  (every piece above is escaped)
