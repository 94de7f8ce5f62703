"""The cell meeting's page: every member reviewed at the unit (and the organisations just below it), with
the self-assessment, what the rules allow and why, and the proposal; the grassroots organisation's
HTXS quota, live (``live_quota`` answers the page's script as the selects change) and again on submit.

Who holds PROPOSE_RATINGS at the unit opens it; anyone else gets 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from quantriet.core.numbers import parse_int
from quantriet.orgs.models import Unit
from quantriet.reviews.forms.meeting import MeetingForm
from quantriet.reviews.models import Level, MemberReview, ReviewPeriod
from quantriet.reviews.selectors import meeting as sel


def _quotas(period: ReviewPeriod, rows: list[sel.MeetingRow], unit: Unit) -> list[sel.Quota]:
    grassroots = {
        r.review.grassroots_id: r.review.grassroots for r in rows if isinstance(r.review, MemberReview)
    }
    return [sel.quota_of(period, g) for g in grassroots.values() if g is not None]


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def meeting_page(request: HttpRequest, period_id: int, unit_id: int) -> HttpResponse:
    period, unit = sel.meeting_place_or_404(request.user, period_id, unit_id)
    members = sel.member_rows(period, unit)
    organisations = sel.organisation_rows(period, unit)
    rows = members + organisations
    remark = sel.meeting_remark(period, unit)
    status = 200
    if request.method == "POST":
        form = MeetingForm(request.POST, rows=rows, place=unit, remark=remark)
        if form.is_valid() and form.save(request.user) is not None:
            messages.success(request, _("Đã ghi các đề xuất của hội nghị."))
            return redirect("reviews:meeting", period_id=period.pk, unit_id=unit.pk)
        messages.error(request, _("Chưa ghi gì: hãy sửa các dòng được đánh dấu rồi gửi lại."))
        status = 400
    else:
        form = MeetingForm(rows=rows, place=unit, remark=remark)
    return render(
        request,
        "reviews/meeting/meeting.html",
        {
            "period": period,
            "unit": unit,
            "form": form,
            # One reverse() for every row's link (a {% url %} per row was a tenth of the page's time).
            "review_base": reverse("reviews:member_review", args=[0]).removesuffix("0/"),
            "members": form.table(members),
            "organisations": form.table(organisations),
            "quotas": _quotas(period, members, unit),
            "late": timezone.localdate() > period.meeting_until,
            "script": {"url": request.path + "quota/"},
        },
        status=status,
    )


@require_safe
@login_required
def live_quota(request: HttpRequest, period_id: int, unit_id: int) -> JsonResponse:
    """``?m<review id>=<level>…``: the quota as if the meeting's selects were saved (nothing is saved)."""
    period, unit = sel.meeting_place_or_404(request.user, period_id, unit_id)
    wanted: dict[int, str] = {}
    for key in request.GET:
        value = request.GET.get(key, "")
        pk = parse_int(key[1:], minimum=1) if key.startswith("m") else None
        if pk is not None and value in Level.values:
            wanted[pk] = value
    # Only the rows of this meeting may be imagined otherwise.
    place_rows = list(
        MemberReview.objects.filter(period=period, unit=unit).values_list("id", "grassroots_id")
    )
    override = {pk: wanted[pk] for pk, _g in place_rows if pk in wanted}
    grassroots = Unit.objects.filter(pk__in={g for _pk, g in place_rows}).order_by("name_sort", "id")
    quotas = [sel.quota_of(period, g, override).as_json() for g in grassroots]
    return JsonResponse({"quotas": quotas})
