"""Tự đánh giá, xếp loại: a member's open reviews (one per place), their form on the web or the phone,
and the collectives' Mẫu 01 for the secretaries and staff who fill it in.

The form shows what the platform knows (not editable), the allowance of the rule set (the highest level
and every reason with its text) computed again from what was typed when the form is sent back, and the
deadlines: taken until the cell meeting's deadline, marked late after the self-assessment's.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from quantriet.reviews import facts as known
from quantriet.reviews.forms.self_assessment import SelfAssessmentForm, is_late
from quantriet.reviews.models import MemberReview, OrganisationReview, ReviewState, Standing
from quantriet.reviews.selectors import access
from quantriet.reviews.selectors.periods import open_collective_reviews, open_own_reviews
from quantriet.reviews.services.self_assessment import FORMS, form_of, member_forms


@require_safe
@login_required
def own_list(request: HttpRequest) -> HttpResponse:
    """The member's reviews in open periods, and the collectives whose Mẫu 01 they fill in."""
    context = {
        "reviews": open_own_reviews(request.user),
        "collectives": open_collective_reviews(request.user),
        "has_member": request.user.is_authenticated and hasattr(request.user, "member"),
        "today": timezone.localdate(),
    }
    return render(request, "reviews/self/list.html", context)


def _editable(review: MemberReview | OrganisationReview) -> str | None:
    """Why the form cannot be sent (shown instead of the button), or None."""
    period = review.period
    if not period.is_open:
        return _("Đợt đánh giá đã kết thúc; bản tự đánh giá không sửa được nữa.")
    if timezone.localdate() > period.meeting_until:
        return _("Đã quá hạn họp chi bộ; không nhận bản tự đánh giá nữa.")
    if review.standing in (Standing.EXEMPTED, Standing.SUSPENDED):
        return _("Không thuộc diện đánh giá, xếp loại trong đợt này: %(why)s.") % {
            "why": Standing(review.standing).label
        }
    if review.state in (ReviewState.PROPOSED, ReviewState.DECIDED):
        return _(
            "Chi bộ đã đề xuất hoặc cấp ủy đã quyết định mức xếp loại; bản tự đánh giá không sửa được nữa."
        )
    return None


def _page(
    request: HttpRequest, review: MemberReview | OrganisationReview, form: SelfAssessmentForm, **extra: Any
) -> HttpResponse:
    period = review.period
    answers = review.answers if isinstance(review.answers, dict) else {}
    typed = form.facts() if form.is_bound and form.is_valid() else None
    allowance = known.allowance_for(review, typed) if typed is not None else known.allowance(review)
    context = {
        "review": review,
        "period": period,
        "form": form,
        "spec": form.spec,
        "allowance": allowance,
        "prefill": known.prefill_lines(review.prefill if isinstance(review.prefill, dict) else {}),
        "refusal": _editable(review),
        "late": timezone.localdate() > period.self_assessment_until,
        "was_late": is_late(review),
        "sent": [(s.label, answers[s.key]) for s in form.spec.sections if answers.get(s.key)],
        **extra,
    }
    return render(request, "reviews/self/form.html", context, status=400 if form.is_bound else 200)


@login_required
def own_form(request: HttpRequest, review_id: int) -> HttpResponse:
    review = access.own_review_or_404(request.user, review_id)
    choices = member_forms(review.period, review)
    posted = request.POST.get("form", "") if request.method == "POST" else ""
    spec = FORMS[posted] if posted in choices else form_of(review)
    data = request.POST if request.method == "POST" else None
    form = SelfAssessmentForm(data, review=review, spec=spec, form_choices=choices)
    if data is not None and form.is_valid() and form.save(request.user) is not None:
        messages.success(request, _("Đã gửi bản tự kiểm điểm, tự xếp loại."))
        return redirect("reviews:self_form", review_id=review.pk)
    return _page(request, review, form, member=review.member)


@login_required
def collective_form(request: HttpRequest, review_id: int) -> HttpResponse:
    review = access.collective_review_or_404(request.user, review_id)
    data = request.POST if request.method == "POST" else None
    form = SelfAssessmentForm(data, review=review, spec=form_of(review))
    if data is not None and form.is_valid() and form.save(request.user) is not None:
        messages.success(request, _("Đã gửi báo cáo kiểm điểm của tập thể."))
        return redirect("reviews:collective_form", review_id=review.pk)
    return _page(request, review, form)
