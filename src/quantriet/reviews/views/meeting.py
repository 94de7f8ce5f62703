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
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from quantriet.core.numbers import parse_int
from quantriet.orgs.models import Unit
from quantriet.reviews.forms.meeting import MeetingForm, RowInputs
from quantriet.reviews.models import Level, MemberReview, ReviewPeriod
from quantriet.reviews.selectors import meeting as sel


def _quotas(period: ReviewPeriod, rows: list[sel.MeetingRow], unit: Unit) -> list[sel.Quota]:
    grassroots = {
        r.review.grassroots_id: r.review.grassroots for r in rows if isinstance(r.review, MemberReview)
    }
    return [sel.quota_of(period, g) for g in grassroots.values() if g is not None]


def _allowed_cell(row: sel.MeetingRow) -> str:
    if row.refusal:
        return f'<span class="badge closed">{escape(row.refusal)}</span>'
    short = row.allowed_short
    head = f"{escape(_('Tối đa'))} {escape(short)}" if short else escape(_("Không xếp loại"))
    reasons = "".join(f"<li>{escape(x)}</li>" for x in row.reasons)
    return f"<strong>{head}</strong>" + (f'<ul class="reasons">{reasons}</ul>' if reasons else "")


def _inputs_cell(inputs: RowInputs | None) -> str:
    if inputs is None:
        return "—"
    errors = "".join(f"<li>{escape(e)}</li>" for e in inputs.errors)
    return inputs.select + inputs.text + (f'<ul class="errorlist">{errors}</ul>' if errors else "")


def member_rows_html(table: list[tuple[sel.MeetingRow, RowInputs | None]], review_base: str) -> SafeString:
    """The members' table rows as HTML, written here: through the template engine a hundred rows of
    five cells, each with its lookups, filters and loops, were most of the page's time
    (bench/reviews_meeting.py). What the rules allow is written once per distinct judgement."""
    labels = {
        key: escape(text)
        for key, text in (
            ("member", _("Đảng viên")),
            ("self", _("Tự đánh giá")),
            ("known", _("Thông tin đã có")),
            ("allowed", _("Quy định cho phép")),
            ("proposal", _("Đề xuất")),
            ("also", _("Cũng đánh giá tại")),
            ("answers", _("Bản tự kiểm điểm")),
        )
    }
    allowed: dict[tuple[int, str | None], str] = {}
    out: list[str] = []
    for row, inputs in table:
        review = row.review
        assert isinstance(review, MemberReview)
        first = f'<a href="{escape(review_base)}{review.pk}/">{escape(review.member.full_name)}</a>'
        if review.post:
            first += f'<br><span class="muted">{escape(review.post)}</span>'
        if row.other_places:
            first += f'<br><span class="muted">{labels["also"]}: {escape("; ".join(row.other_places))}</span>'
        own: str = escape(row.self_short or "—")
        answers = row.answers
        if answers:
            items = "".join(f"<dt>{escape(k)}</dt><dd>{linebreaksbr(v)}</dd>" for k, v in answers)
            own += f"<details><summary>{labels['answers']}</summary><dl>{items}</dl></details>"
        prefill = "<br>".join(escape(line) for line in row.prefill) or "—"
        key = (id(row.allowance), row.refusal)
        cell = allowed.get(key)
        if cell is None:
            cell = allowed[key] = _allowed_cell(row)
        out.append(
            f'<tr><td data-label="{labels["member"]}">{first}</td>'
            f'<td data-label="{labels["self"]}">{own}</td>'
            f'<td data-label="{labels["known"]}">{prefill}</td>'
            f'<td data-label="{labels["allowed"]}">{cell}</td>'
            f'<td data-label="{labels["proposal"]}">{_inputs_cell(inputs)}</td></tr>\n'
        )
    return mark_safe("".join(out))  # noqa: S308 — every value above is escaped


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
    # One reverse() for every row's link (a {% url %} per row was a tenth of the page's time).
    review_base = reverse("reviews:member_review", args=[0]).removesuffix("0/")
    return render(
        request,
        "reviews/meeting/meeting.html",
        {
            "period": period,
            "unit": unit,
            "form": form,
            "members": bool(members),
            "member_rows": member_rows_html(form.table(members), review_base),
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
