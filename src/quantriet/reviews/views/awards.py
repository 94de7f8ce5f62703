"""Recognition pages (sub-menu "Khen thưởng"): award candidates and proposals, award forms, party badges.

Every object is fetched through ``selectors.awards`` (scoped by ``orgs.access``); writes go through
``services.awards`` and ``services.badges``, whose refusals come back as messages on a 400 page with
nothing saved. The list pages read a fixed number of queries whatever their length.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quantriet.core.actors import Actor
from quantriet.core.numbers import parse_int
from quantriet.core.paging import paginate
from quantriet.core.textinput import clean_text
from quantriet.orgs import access
from quantriet.orgs.models import Member, Unit
from quantriet.reviews.exports import awards as papers
from quantriet.reviews.forms.awards import AwardFormForm, DecisionForm
from quantriet.reviews.models import AwardForm, AwardProposal, BadgeProposal, ProposalState
from quantriet.reviews.selectors import awards as select
from quantriet.reviews.services import awards as award_services
from quantriet.reviews.services import badges as badge_services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_PICKED = 500


def _year(request: HttpRequest) -> int:
    found = parse_int(request.GET.get("year", ""), minimum=1930, maximum=2200)
    return found if found is not None else timezone.localdate().year


def _picked_ids(request: HttpRequest) -> list[int]:
    """The ticked rows' ids; anything that is no id answers 404."""
    raw = request.POST.getlist("ids")[: MAX_PICKED + 1]
    if len(raw) > MAX_PICKED:
        raise Http404
    return [access.id_or_404(value) for value in raw]


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


def _file(content: bytes, kind: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _scope(request: HttpRequest) -> tuple[list[Unit], Unit]:
    """The units the user manages reviews at, and the one chosen (``?unit=``, else the first)."""
    units = list(select.managed_units(request.user)[:200])
    if not units:
        raise Http404
    if "unit" in request.GET:
        unit_id = access.id_or_404(request.GET["unit"])
        chosen = next((u for u in units if u.pk == unit_id), None)
        if chosen is None:
            chosen = select.managed_unit_or_404(request.user, unit_id)
        return units, chosen
    return units, units[0]


# --- candidates and proposing ---------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def candidates(request: HttpRequest) -> HttpResponse:
    """Who meets an award form's basis in a year, with the years behind it; POST proposes the ticked."""
    units, unit = _scope(request)
    year = _year(request)
    forms = list(select.forms_for(unit).order_by("unit__depth", "kind", "name"))
    form: AwardForm | None = None
    if "form" in request.GET:
        form_id = access.id_or_404(request.GET["form"])
        form = next((f for f in forms if f.pk == form_id), None)
        if form is None:
            raise Http404
    elif forms:
        form = forms[0]
    status = 200
    if request.method == "POST":
        if form is None:
            raise Http404
        ids = _picked_ids(request)
        subjects: list[Member | Unit]
        if select.for_members(form):
            subjects = list(access.members(request.user, select.MANAGE).filter(pk__in=ids))
        else:
            subjects = list(access.units(request.user, select.MANAGE).filter(pk__in=ids))
        if len(subjects) != len(set(ids)):
            raise Http404
        try:
            made = award_services.propose(
                request.user,
                form=form,
                year=year,
                proposing_unit=unit,
                subjects=subjects,
                achievement=request.POST.get("achievement", ""),
            )
        except ValidationError as error:
            _refused(request, error)
            status = 400
        else:
            messages.success(request, _("Đã đề nghị %(n)s trường hợp.") % {"n": len(made)})
            return redirect(
                f"{reverse('reviews:award_candidates')}?unit={unit.pk}&form={form.pk}&year={year}"
            )
    page = None
    rows: list[select.Candidate] = []
    if form is not None:
        page = paginate(request, select.candidates(form, year, unit))
        rows = select.candidate_rows(form, year, page.object_list)
    return render(
        request,
        "reviews/awards/candidates.html",
        {
            "units": units,
            "unit": unit,
            "year": year,
            "forms": forms,
            "form": form,
            "page": page,
            "rows": rows,
            "members": form is not None and select.for_members(form),
        },
        status=status,
    )


# --- award forms ----------------------------------------------------------------------------------------


@require_safe
@login_required
def form_list(request: HttpRequest) -> HttpResponse:
    if not access.has_any(request.user, select.MANAGE):
        raise Http404
    rows = select.managed_forms(request.user).order_by("unit__depth", "unit__name_sort", "kind", "name")
    return render(request, "reviews/awards/forms.html", {"page": paginate(request, rows)})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def form_add(request: HttpRequest) -> HttpResponse:
    units = select.managed_units(request.user)
    if not access.has_any(request.user, select.MANAGE):
        raise Http404
    form = AwardFormForm(units=units, initial={"years": 5})
    status = 200
    if request.method == "POST":
        form = AwardFormForm(request.POST, units=units)
        if form.is_valid() and (saved := form.save(request.user)) is not None:
            messages.success(request, _("Đã thêm hình thức khen thưởng “%(n)s”.") % {"n": saved.name})
            return redirect("reviews:award_forms")
        status = 400
    return render(request, "reviews/awards/form_edit.html", {"form": form, "award": None}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def form_edit(request: HttpRequest, form_id: int) -> HttpResponse:
    """Edit an award form; POST ``action=deactivate`` (or ``activate``) stops (or resumes) using it."""
    award = select.form_or_404(request.user, form_id)
    form = AwardFormForm(units=Unit.objects.none(), instance=award, initial=AwardFormForm.initial_for(award))
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in ("deactivate", "activate"):
            award_services.set_form_active(request.user, award, active=action == "activate")
            messages.success(request, _("Đã cập nhật “%(n)s”.") % {"n": award.name})
            return redirect("reviews:award_forms")
        form = AwardFormForm(request.POST, units=Unit.objects.none(), instance=award)
        if form.is_valid() and form.save(request.user) is not None:
            messages.success(request, _("Đã lưu “%(n)s”.") % {"n": award.name})
            return redirect("reviews:award_forms")
        status = 400
    return render(request, "reviews/awards/form_edit.html", {"form": form, "award": award}, status=status)


# --- proposals and decisions ----------------------------------------------------------------------------


def _proposal_rows(request: HttpRequest) -> tuple[QuerySet[AwardProposal], dict[str, Any]]:
    rows = select.visible_proposals(request.user)
    chosen: dict[str, Any] = {"state": "", "year": None, "form": None}
    if request.GET.get("year"):
        chosen["year"] = _year(request)
        rows = rows.filter(year=chosen["year"])
    if request.GET.get("form"):
        chosen["form"] = access.id_or_404(request.GET["form"])
        rows = rows.filter(form_id=chosen["form"])
    if request.GET.get("state") in ProposalState.values:
        chosen["state"] = request.GET["state"]
        rows = rows.filter(state=chosen["state"])
    return rows.order_by("-year", "form_id", "id"), chosen


def _decision_page(
    request: HttpRequest,
    rows: QuerySet[Any],
    chosen: dict[str, Any],
    visible: QuerySet[Any],
    decide: Callable[..., list[Any]],
    template: str,
) -> HttpResponse:
    """A list of proposals; the granting level ticks some and records one decision on them (POST)."""
    decision = DecisionForm(initial={"outcome": ProposalState.GRANTED})
    status = 200
    if request.method == "POST":
        picked = list(visible.filter(pk__in=_picked_ids(request)))
        decision = DecisionForm(request.POST)
        if decision.is_valid():
            try:
                done = decide(request.user, picked, **decision.decision())
            except ValidationError as error:
                _refused(request, error)
            else:
                messages.success(request, _("Đã ghi quyết định cho %(n)s đề nghị.") % {"n": len(done)})
                return redirect(request.get_full_path())
        status = 400
    return render(
        request,
        template,
        {
            "page": paginate(request, rows),
            "chosen": chosen,
            "states": ProposalState.choices,
            "decision": decision,
            "may_decide": access.has_any(request.user, select.MANAGE),
            "query": request.GET.urlencode(),
        },
        status=status,
    )


def _withdrawn(request: HttpRequest, withdraw: Callable[[], object], back: str) -> HttpResponse:
    try:
        withdraw()
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Đã rút đề nghị."))
    return redirect(back)


def _may_see_proposals(user: Actor) -> None:
    if not (access.has_any(user, select.MANAGE) or access.has_any(user, select.VIEW)):
        raise Http404


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def proposals(request: HttpRequest) -> HttpResponse:
    """Award proposals in the user's reach; the granting level decides them."""
    _may_see_proposals(request.user)
    rows, chosen = _proposal_rows(request)
    visible = select.visible_proposals(request.user)
    return _decision_page(
        request, rows, chosen, visible, award_services.decide, "reviews/awards/proposals.html"
    )


@require_POST
@login_required
def proposal_withdraw(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = select.proposal_or_404(request.user, proposal_id)
    return _withdrawn(
        request, lambda: award_services.withdraw(request.user, proposal), "reviews:award_proposals"
    )


@require_safe
@login_required
def proposals_xlsx(request: HttpRequest) -> HttpResponse:
    _may_see_proposals(request.user)
    rows, _chosen = _proposal_rows(request)
    return _file(papers.proposals_workbook(rows.iterator(chunk_size=2000)), XLSX, "de-nghi-khen-thuong.xlsx")


def _decision_number(request: HttpRequest) -> str:
    """``?number=`` cleaned as a form field is (a NUL reached PostgreSQL as a 500) and cut at the field's
    length, so a number nobody could have stored finds nothing instead of failing."""
    return " ".join(clean_text(request.GET.get("number", "")).split())[:50]


@require_safe
@login_required
def decision_docx(request: HttpRequest) -> HttpResponse:
    """The decision numbered ``?number=`` granting ``?form=`` in ``?year=``, with its list of recipients."""
    number = _decision_number(request)
    form_id = access.id_or_404(request.GET.get("form", ""))
    granted = list(
        select.visible_proposals(request.user).filter(
            form_id=form_id, year=_year(request), state=ProposalState.GRANTED, decision_number=number
        )[:5000]
    )
    if not number or not granted:
        raise Http404
    first = granted[0]
    assert first.decided_on is not None
    content = papers.award_decision_docx(first.form, first.year, number, first.decided_on, granted)
    return _file(content, DOCX, f"quyet-dinh-khen-thuong-{first.year}.docx")


# --- party badges ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def badges(request: HttpRequest) -> HttpResponse:
    """Members due a party badge in a year (by admission date); POST proposes the ticked."""
    units, unit = _scope(request)
    year = _year(request)
    status = 200
    if request.method == "POST":
        ids = _picked_ids(request)
        members = list(access.members(request.user, select.MANAGE).filter(pk__in=ids))
        if len(members) != len(set(ids)):
            raise Http404
        try:
            made = badge_services.propose_badges(
                request.user, proposing_unit=unit, year=year, members=members
            )
        except ValidationError as error:
            _refused(request, error)
            status = 400
        else:
            messages.success(
                request, _("Đã đề nghị tặng Huy hiệu Đảng cho %(n)s đồng chí.") % {"n": len(made)}
            )
            return redirect(f"{reverse('reviews:badges')}?unit={unit.pk}&year={year}")
    page = paginate(request, select.badges_due_query(unit, year))
    return render(
        request,
        "reviews/awards/badges.html",
        {
            "units": units,
            "unit": unit,
            "year": year,
            "page": page,
            "rows": select.badge_rows(year, page.object_list),
        },
        status=status,
    )


def _badge_rows(request: HttpRequest) -> tuple[QuerySet[BadgeProposal], dict[str, Any]]:
    rows = select.visible_badges(request.user)
    chosen: dict[str, Any] = {"state": "", "year": None}
    if request.GET.get("year"):
        chosen["year"] = _year(request)
        rows = rows.filter(due_on__year=chosen["year"])
    if request.GET.get("state") in ProposalState.values:
        chosen["state"] = request.GET["state"]
        rows = rows.filter(state=chosen["state"])
    return rows.order_by("due_on", "member__name_sort", "id"), chosen


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def badge_proposals(request: HttpRequest) -> HttpResponse:
    """Badge proposals in the user's reach; the province's managers decide them."""
    _may_see_proposals(request.user)
    rows, chosen = _badge_rows(request)
    visible = select.visible_badges(request.user)
    return _decision_page(
        request, rows, chosen, visible, badge_services.decide_badges, "reviews/awards/badge_proposals.html"
    )


@require_POST
@login_required
def badge_withdraw(request: HttpRequest, badge_id: int) -> HttpResponse:
    badge = select.badge_or_404(request.user, badge_id)
    return _withdrawn(
        request, lambda: badge_services.withdraw_badge(request.user, badge), "reviews:badge_proposals"
    )


@require_safe
@login_required
def badges_xlsx(request: HttpRequest) -> HttpResponse:
    _may_see_proposals(request.user)
    rows, _chosen = _badge_rows(request)
    return _file(papers.badges_workbook(rows.iterator(chunk_size=2000)), XLSX, "huy-hieu-dang.xlsx")


@require_safe
@login_required
def badges_docx(request: HttpRequest) -> HttpResponse:
    """With ``?number=``: the decision granting those badges; else the list proposed by ``?unit=``."""
    _may_see_proposals(request.user)
    rows, _chosen = _badge_rows(request)
    number = _decision_number(request)
    today = timezone.localdate()
    if number:
        listed = list(rows.filter(state=ProposalState.GRANTED, decision_number=number)[:5000])
        if not listed:
            raise Http404
        issuer = select.province_of(listed[0].proposing_unit)
        on = listed[0].decided_on or today
    else:
        unit = access.unit_or_404(request.user, select.MANAGE, request.GET.get("unit", ""))
        listed = list(rows.filter(state=ProposalState.PROPOSED, proposing_unit=unit)[:5000])
        issuer, on = unit, today
    return _file(papers.badges_docx(issuer, number, on, listed), DOCX, "huy-hieu-dang.docx")
