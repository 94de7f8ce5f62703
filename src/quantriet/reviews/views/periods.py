"""Review periods for those who manage reviews: the list in their line, opening one, a period's page
(timetable in the prescribed order of work, counts per state in their reach), refreshing and closing.

Out of reach answers 404; a period seen but not managed (a commune's staff looking at the province's
period) shows no buttons, and its forms answer 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from quantriet.reviews.forms.periods import OpenPeriodForm
from quantriet.reviews.models import ReviewPeriod
from quantriet.reviews.selectors import access
from quantriet.reviews.selectors.periods import period_counts, period_rows, timetable, work_links
from quantriet.reviews.services.periods import close_period, refresh_prefill


def _manager_or_404(request: HttpRequest) -> None:
    if not access.may_manage_any(request.user):
        raise Http404


def _reviewer_or_404(request: HttpRequest) -> None:
    """Those who propose, decide or read ratings see the periods too, and find their work there."""
    if not access.may_see_any(request.user):
        raise Http404


@require_safe
@login_required
def period_list(request: HttpRequest) -> HttpResponse:
    _reviewer_or_404(request)
    context = {"rows": period_rows(request.user), "may_open": access.may_manage_any(request.user)}
    return render(request, "reviews/periods/list.html", context)


@login_required
def period_open(request: HttpRequest) -> HttpResponse:
    _manager_or_404(request)
    if request.method == "POST":
        form = OpenPeriodForm(request.POST, user=request.user)
        if form.is_valid():
            period = form.save(request.user)
            if period is not None:
                messages.success(request, _("Đã mở đợt “%(title)s”.") % {"title": period.title})
                return redirect("reviews:period", period_id=period.pk)
        return render(request, "reviews/periods/open.html", {"form": form}, status=400)
    today = timezone.localdate()
    form = OpenPeriodForm(
        user=request.user, initial={"year": today.year if today.month >= 10 else today.year - 1}
    )
    return render(request, "reviews/periods/open.html", {"form": form})


@require_safe
@login_required
def period_page(request: HttpRequest, period_id: int) -> HttpResponse:
    _reviewer_or_404(request)
    period = access.period_or_404(request.user, period_id)
    members, organisations = period_counts(request.user, period)
    context = {
        "period": period,
        "steps": timetable(period, timezone.localdate()),
        "members": members,
        "organisations": organisations,
        "may_manage": access.may_manage(request.user, period),
        "work": work_links(request.user, period),
    }
    return render(request, "reviews/periods/page.html", context)


def _managed_or_404(request: HttpRequest, period_id: int) -> ReviewPeriod:
    _manager_or_404(request)
    period = access.period_or_404(request.user, period_id)
    if not access.may_manage(request.user, period):
        raise Http404
    return period


@require_POST
@login_required
def period_close(request: HttpRequest, period_id: int) -> HttpResponse:
    period = _managed_or_404(request, period_id)
    try:
        close_period(request.user, period)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Đã kết thúc đợt đánh giá; mọi thay đổi sau đây là xếp loại lại, có lý do.")
        )
    return redirect("reviews:period", period_id=period.pk)


@require_POST
@login_required
def period_refresh(request: HttpRequest, period_id: int) -> HttpResponse:
    period = _managed_or_404(request, period_id)
    try:
        added = refresh_prefill(request.user, period)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã cập nhật thông tin học tập, bài thu hoạch, kỷ luật, miễn sinh hoạt."))
        if added:
            messages.info(
                request,
                _("Thêm %(count)s phiếu đánh giá cho đảng viên mới vào danh sách từ khi mở đợt.")
                % {"count": added},
            )
    return redirect("reviews:period", period_id=period.pk)
