"""The annual review's results: a period's board (with drill-down), its XLSX and DOCX papers, the
distribution over the years as a chart, a member's and an organisation's ratings over time, and the
member's own results ("Kết quả xếp loại của tôi").

Reach: ``selectors.results`` (``VIEW_RATINGS``); ``?unit=`` outside it, or not an id, answers 404.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from quantriet.core.textinput import clean_text
from quantriet.orgs import access
from quantriet.orgs.access import Capability as C
from quantriet.orgs.models import Level, Unit
from quantriet.orgs.selectors import unit_paths
from quantriet.orgs.services.audit import record_bulk_read, record_member_read
from quantriet.reviews.exports import results as exports
from quantriet.reviews.models import ReviewPeriod
from quantriet.reviews.selectors import results
from quantriet.reviews.selectors.results import CATEGORIES, YearRow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MEMBER_DECIDERS = (Level.GRASSROOTS, Level.CELL, Level.GROUP)


def _reach(request: HttpRequest, period_id: int) -> tuple[ReviewPeriod, list[Unit], Unit]:
    period, roots = results.period_or_404(request.user, period_id)
    raw = request.GET.get("unit")
    # Query text is typed like form input: cleaned the same way before it is read as an id.
    unit = results.board_unit_or_404(roots, None if raw is None else clean_text(raw).strip())
    return period, roots, unit


def _attachment(data: bytes, kind: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@login_required
def board(request: HttpRequest, period_id: int) -> HttpResponse:
    user = request.user
    period, roots = results.period_or_404(user, period_id)
    raw = request.GET.get("unit")
    if raw is None and len(roots) > 1:
        # Readers of several subtrees: one board each.
        paths = unit_paths(roots)
        return render(
            request,
            "reviews/results/roots.html",
            {"period": period, "roots": [(r, paths.get(r.pk, r.name)) for r in roots]},
        )
    unit = results.board_unit_or_404(roots, None if raw is None else clean_text(raw).strip())
    found = results.board(period, unit)
    context: dict[str, Any] = {
        "period": period,
        "unit": unit,
        "board": found,
        "member_rows": [(row, row.members) for row in found.rows if row.members.total],
        "organisation_rows": [(row, row.organisations) for row in found.rows if row.organisations.total],
        "trail": results.trail(roots, unit),
        "categories": CATEGORIES,
    }
    if found.leaf:
        # At the bottom of the tree the board names the members: a read of personal data.
        reviews = results.cell_members(period, unit)
        record_bulk_read(user, "reviews.results", unit=unit.pk, rows=len(reviews))
        context["reviews"] = reviews
        context["reviews_cut"] = len(reviews) == results.MEMBERS_ON_PAGE
    return render(request, "reviews/results/board.html", context)


@require_safe
@login_required
def board_xlsx(request: HttpRequest, period_id: int) -> HttpResponse:
    period, _roots, unit = _reach(request, period_id)
    reviews = list(results.board_members(period, unit))
    organisations = list(results.board_organisations(period, unit))
    record_bulk_read(request.user, "reviews.results.xlsx", unit=unit.pk, rows=len(reviews))
    with translation.override("vi"):  # a file is a paper: Vietnamese whoever made it
        data = exports.results_workbook(results.board(period, unit), reviews, organisations)
    return _attachment(data, XLSX, f"xep-loai-{period.pk}-{unit.pk}.xlsx")


def _paper_fields(request: HttpRequest) -> tuple[str, str]:
    number = "".join(clean_text(request.GET.get("number", "")).split())[:20]
    place = " ".join(clean_text(request.GET.get("place", "")).split())[:80]
    return number, place


@require_safe
@login_required
def decision_docx(request: HttpRequest, period_id: int) -> HttpResponse:
    """The decision recognising the results of ``?unit=``'s subtree, with its list; ``?number=`` and
    ``?place=`` fill in the number and the place."""
    period, _roots, unit = _reach(request, period_id)
    number, place = _paper_fields(request)
    # Members' levels are decided by their grassroots committee (or below); a committee above decides
    # the organisations', so its decision lists no member (and a province's would list 100,000).
    reviews = list(results.board_members(period, unit)) if unit.level in MEMBER_DECIDERS else None
    organisations = list(results.board_organisations(period, unit))
    record_bulk_read(request.user, "reviews.results.decision", unit=unit.pk, rows=len(reviews or ()))
    with translation.override("vi"):
        data = exports.decision_docx(
            period,
            issuer=unit,
            members=reviews,
            organisations=organisations,
            number=number,
            place=place,
            on=timezone.localdate(),
        )
    return _attachment(data, DOCX, f"quyet-dinh-xep-loai-{period.pk}-{unit.pk}.docx")


@require_safe
@login_required
def report_docx(request: HttpRequest, period_id: int) -> HttpResponse:
    """The summary report of ``?unit=``'s subtree (counts only: no member is named)."""
    period, _roots, unit = _reach(request, period_id)
    number, place = _paper_fields(request)
    found = results.board(period, unit)
    record_bulk_read(request.user, "reviews.results.report", unit=unit.pk, rows=0)
    with translation.override("vi"):
        data = exports.report_docx(found, issuer=unit, number=number, place=place, on=timezone.localdate())
    return _attachment(data, DOCX, f"bao-cao-xep-loai-{period.pk}-{unit.pk}.docx")


# --- the distribution over the years ------------------------------------------------------------------

# One colour per category, best first; the pending ones grey. Fills are attributes: the CSP drops styles.
_FILLS = ("#1b7837", "#5aae61", "#d9b365", "#b22222", "#7f7f7f", "#d0d0d0")
CHART_WIDTH = 430
ROW_HEIGHT = 62


def years_chart(title: str, rows: Sequence[YearRow], *, organisations: bool = False) -> SafeString:
    """A stacked bar per year (the members' or organisations' levels as shares of all reviews), the
    figures written under it; drawn on the server as SVG (no script, prints as it shows)."""
    parts = []
    for i, row in enumerate(rows):
        found = row.organisations if organisations else row.members
        x = 0.0
        segments = []
        for (key, label), fill in zip(CATEGORIES, _FILLS, strict=True):
            count = found.count(key)
            width = CHART_WIDTH * count / found.total if found.total else 0.0
            if width:
                segments.append((f"{x:.1f}", f"{width:.1f}", fill, label, count, found.share(key)))
            x += width
        bars = format_html_join(
            "",
            '<rect x="{}" y="22" width="{}" height="16" fill="{}"><title>{}: {} ({}%)</title></rect>',
            segments,
        )
        figures = " · ".join(
            f"{label} {found.count(key)}" for key, label in CATEGORIES if found.count(key)
        ) or _("Chưa có ai được đánh giá")
        parts.append(
            format_html(
                '<g transform="translate(0,{})"><text x="0" y="15" font-size="15" font-weight="bold">{}'
                '</text>{}<text x="0" y="55" font-size="13">{}</text></g>',
                i * ROW_HEIGHT,
                row.year,
                bars,
                figures,
            )
        )
    legend = format_html_join(
        "",
        '<g transform="translate({},{})"><rect x="0" y="2" width="12" height="12" fill="{}"></rect>'
        '<text x="16" y="13" font-size="12">{}</text></g>',
        (
            (i % 3 * 143, i // 3 * 18, fill, label)
            for i, ((_key, label), fill) in enumerate(zip(CATEGORIES, _FILLS, strict=True))
        ),
    )
    height = ROW_HEIGHT * len(rows) + 8 + 2 * 18
    return format_html(
        '<figure class="chart review-years"><figcaption>{}</figcaption>'
        # Sized by app.css (figure.chart svg): the site's CSP drops an inline style attribute.
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{}" viewBox="0 0 {} {}">'
        '{}<g transform="translate(0,{})">{}</g></svg></figure>',
        title,
        title,
        CHART_WIDTH,
        height,
        format_html_join("", "{}", ((part,) for part in parts)),
        ROW_HEIGHT * len(rows) + 8,
        legend,
    )


@require_safe
@login_required
def unit_years(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.unit_or_404(request.user, C.VIEW_RATINGS, unit_id)
    rows = results.years(unit)
    return render(
        request,
        "reviews/results/years.html",
        {
            "unit": unit,
            "path": unit_paths([unit]).get(unit.pk, unit.name),
            "rows": rows,
            "categories": CATEGORIES,
            "members_chart": years_chart(_("Đảng viên"), rows) if rows else "",
            "organisations_chart": years_chart(_("Tổ chức đảng"), rows, organisations=True)
            if any(r.organisations.total for r in rows)
            else "",
        },
    )


# --- histories ----------------------------------------------------------------------------------------


@require_safe
@login_required
def unit_history(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.unit_or_404(request.user, C.VIEW_RATINGS, unit_id)
    return render(
        request,
        "reviews/results/unit_history.html",
        {
            "unit": unit,
            "path": unit_paths([unit]).get(unit.pk, unit.name),
            "rows": results.organisation_history(unit),
        },
    )


@require_safe
@login_required
def member_history(request: HttpRequest, member_id: int) -> HttpResponse:
    user = request.user
    member = access.member_or_404(user, C.VIEW_MEMBER_DETAIL, member_id)
    if not results.member_may_be_read(user, member):
        raise Http404
    record_member_read(user, member, channel="page", request=request, detail="reviews.history")
    return render(
        request,
        "reviews/results/member_history.html",
        {
            "histories": [(member, results.member_history(member))],
            "own": member.user_id == user.pk,
        },
    )


@require_safe
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """ "Kết quả xếp loại của tôi": every rating of the signed-in member, with its reasons."""
    members = results.own_members(request.user)
    return render(
        request,
        "reviews/results/member_history.html",
        {"histories": [(m, results.member_history(m)) for m in members], "own": True, "mine": True},
    )
