"""The committee's decision page (a unit and the units just below it, in a period) and a review's page:
its history of levels for the member themself and for staff in reach; cancel and re-rate for the
committee that decides.

Reviews out of reach answer 404; the decision page lists only reviews whose place the user's
DECIDE_RATINGS is strictly above.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quantriet.orgs.models import Unit
from quantriet.reviews.forms.meeting import CancelForm, DecideForm, RerateForm
from quantriet.reviews.models import MemberReview, OrganisationReview, ReviewState
from quantriet.reviews.selectors import meeting as sel

Review = MemberReview | OrganisationReview


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def decide_page(request: HttpRequest, period_id: int, unit_id: int) -> HttpResponse:
    period, unit = sel.deciding_place_or_404(request.user, period_id, unit_id)
    # DECIDE_RATINGS at ``unit`` reaches the units below; the reviews at ``unit`` itself need more.
    itself = sel.may_decide(request.user, unit)
    members = sel.decide_member_rows(period, unit) if itself else []
    organisations = sel.decide_organisation_rows(period, unit, itself=itself)
    if not itself and unit.level == "cell":
        raise Http404
    rows = organisations + members  # collectives before members
    status = 200
    if request.method == "POST":
        form = DecideForm(request.POST, rows=rows)
        if form.is_valid() and form.save(request.user) is not None:
            messages.success(request, _("Đã ghi quyết định xếp loại."))
            return redirect("reviews:decide", period_id=period.pk, unit_id=unit.pk)
        messages.error(request, _("Chưa ghi gì: hãy sửa các dòng được đánh dấu rồi gửi lại."))
        status = 400
    else:
        form = DecideForm(rows=rows)
    undecided_cells = {
        row.review.unit_id
        for row in organisations
        if isinstance(row.review, OrganisationReview)
        and not row.review.collective
        and row.review.state not in (ReviewState.DECIDED, ReviewState.NOT_RATED)
    }
    grassroots = {
        r.review.grassroots_id: r.review.grassroots for r in members if isinstance(r.review, MemberReview)
    }
    children = (
        Unit.objects.filter(parent=unit, valid_to__isnull=True).order_by("name_sort", "id").only("id", "name")
    )
    return render(
        request,
        "reviews/meeting/decide.html",
        {
            "period": period,
            "unit": unit,
            "form": form,
            # One reverse() for every row's link (a {% url %} per row was a tenth of the page's time).
            "review_base": reverse("reviews:member_review", args=[0]).removesuffix("0/"),
            "members": form.table(members),
            "organisations": form.table(organisations),
            "undecided_cells": undecided_cells,
            "quotas": [sel.quota_of(period, g) for g in grassroots.values() if g is not None],
            "children": list(children),
        },
        status=status,
    )


def _review_page(request: HttpRequest, review: Review, *, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    is_member = isinstance(review, MemberReview)
    may_decide = sel.may_decide(user, review.unit_id)
    closed = not review.period.is_open
    may_rerate = may_decide and (not closed or sel.may_rerate_closed(user, review.unit_id))
    has_decision = review.state == ReviewState.DECIDED or review.decided_at is not None
    prefix = "member" if is_member else "organisation"
    return render(
        request,
        "reviews/meeting/review.html",
        {
            "review": review,
            "is_member": is_member,
            "own": isinstance(review, MemberReview)
            and user.is_authenticated
            and review.member.user_id == user.pk,
            "steps": sel.steps_of(review),
            "allowance": sel.allowance(review),
            "refusal": sel.standing_refusal(review),
            "may_cancel": may_decide and not closed and review.state == ReviewState.DECIDED,
            "may_rerate": may_rerate and has_decision,
            "cancel_form": forms.get("cancel_form") or CancelForm(review=review),
            "rerate_form": forms.get("rerate_form") or RerateForm(review=review),
            "cancel_url": f"reviews:{prefix}_cancel",
            "rerate_url": f"reviews:{prefix}_rerate",
            "warn_collective": is_member
            and review.state != ReviewState.DECIDED
            and may_decide
            and isinstance(review, MemberReview)
            and sel.organisation_undecided(review),
        },
        status=status,
    )


def _act(
    request: HttpRequest,
    review: Review,
    form_class: type[CancelForm] | type[RerateForm],
    done: str,
    page: str,
) -> HttpResponse:
    """Cancel or re-rate: 404 unless the user decides at the review's place; the form keeps what was typed."""
    if not sel.may_decide(request.user, review.unit_id):
        raise Http404
    form = form_class(request.POST, review=review)
    if form.is_valid() and form.save(request.user) is not None:
        messages.success(request, done)
        return redirect(page, review_id=review.pk)
    name = "cancel_form" if form_class is CancelForm else "rerate_form"
    return _review_page(request, review, status=400, **{name: form})


@require_safe
@login_required
def member_review(request: HttpRequest, review_id: int) -> HttpResponse:
    return _review_page(request, sel.member_review_or_404(request.user, review_id))


@login_required
@require_POST
def cancel_member(request: HttpRequest, review_id: int) -> HttpResponse:
    review = sel.member_review_or_404(request.user, review_id)
    return _act(request, review, CancelForm, _("Đã hủy kết quả xếp loại."), "reviews:member_review")


@login_required
@require_POST
def rerate_member(request: HttpRequest, review_id: int) -> HttpResponse:
    review = sel.member_review_or_404(request.user, review_id)
    return _act(request, review, RerateForm, _("Đã xếp loại lại."), "reviews:member_review")


@require_safe
@login_required
def organisation_review(request: HttpRequest, review_id: int) -> HttpResponse:
    return _review_page(request, sel.organisation_review_or_404(request.user, review_id))


@login_required
@require_POST
def cancel_organisation(request: HttpRequest, review_id: int) -> HttpResponse:
    review = sel.organisation_review_or_404(request.user, review_id)
    return _act(request, review, CancelForm, _("Đã hủy kết quả xếp loại."), "reviews:organisation_review")


@login_required
@require_POST
def rerate_organisation(request: HttpRequest, review_id: int) -> HttpResponse:
    review = sel.organisation_review_or_404(request.user, review_id)
    return _act(request, review, RerateForm, _("Đã xếp loại lại."), "reviews:organisation_review")
