"""Implementation plans: the board over the scope's units, a unit's plan page (submit, review), reminders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from quantriet.campaigns import selectors, services
from quantriet.campaigns.forms import PlanForm, ReviewForm
from quantriet.campaigns.models import Campaign, ImplementationPlan, PlanStatus
from quantriet.core.uploads import too_large
from quantriet.documents import selectors as document_selectors
from quantriet.orgs.models import Unit
from quantriet.orgs.selectors import unit_paths

# A province's list of every missing cell runs to thousands: shown 200 at a time (a province's ~100
# communes fit on one page).
ROWS_PER_PAGE = 200


@require_safe
@login_required
def plan_board(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """The units owing a plan, grouped by the level below the board's unit (``?unit=``, default the
    campaign's scope): one row per unit of that level with its counts, to drill into; at the bottom, the
    units themselves. A state picked from the counts lists every unit in it under the board's unit (an
    unknown state, say from an old link, shows the board)."""
    user = request.user
    campaign = selectors.plan_campaign_or_404(user, campaign_id)
    root = selectors.plan_board_unit_or_404(campaign, request.GET.get("unit"))
    known = {s.value: s for s in selectors.PlanState}
    state = known.get(request.GET.get("state", ""))
    try:
        page = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        page = 1
    board = selectors.grouped_plan_board(
        campaign,
        selectors.plan_reach(user, campaign),
        root,
        state,
        offset=(page - 1) * ROWS_PER_PAGE,
        limit=ROWS_PER_PAGE,
    )
    organiser = selectors.may_see_campaign(user, campaign)
    if not organiser and root is not None and not board.tally.owed:
        raise Http404  # a unit outside the reader's share: not even its name
    unit_query = f"unit={board.root.pk}&" if board.root.pk != board.top.pk else ""
    here = unit_query + (f"state={state.value}&" if state is not None else "")
    page_number = board.offset // ROWS_PER_PAGE + 1
    more = board.offset + ROWS_PER_PAGE < board.row_count
    return render(
        request,
        "campaigns/plans.html",
        {
            "campaign": campaign,
            "board": board,
            "unit_query": unit_query,
            "pages": {
                "first": board.offset + 1,
                "last": board.offset + len(board.rows),
                "previous": f"?{here}page={page_number - 1}" if page_number > 1 else "",
                "next": f"?{here}page={page_number + 1}" if more else "",
            }
            if board.row_count > ROWS_PER_PAGE
            else None,
            "state": state.value if state is not None else "",
            "labels": {k.value: v for k, v in selectors.PLAN_STATE_LABELS.items()},
            "may_manage": selectors.may_manage(user, campaign),
            "sees_campaign": selectors.in_reach(user, campaign),
        },
    )


@login_required
@require_POST
def remind(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Record a reminder for every unit that has not submitted (organisers only)."""
    campaign = selectors.plan_campaign_or_404(request.user, campaign_id)
    if not selectors.may_manage(request.user, campaign):
        raise PermissionDenied
    rows = selectors.plan_board(campaign, selectors.plan_units(campaign))
    missing = [r.unit for r in rows if r.state == selectors.PlanState.MISSING]
    if not missing:
        messages.info(request, _("Mọi đơn vị đã nộp kế hoạch; không có ai cần nhắc."))
    else:
        services.remind_units(request.user, campaign, missing)
        messages.success(
            request,
            ngettext(
                "Đã nhắc %(n)d đơn vị chưa nộp kế hoạch.",
                "Đã nhắc %(n)d đơn vị chưa nộp kế hoạch.",
                len(missing),
            )
            % {"n": len(missing)},
        )
    return redirect("campaigns:plans", campaign_id=campaign.pk)


def _context(
    request: HttpRequest, campaign: Campaign, unit: Unit, plan: ImplementationPlan | None
) -> dict[str, Any]:
    user = request.user
    links = document_selectors.links_of(plan, ["file_text"]).get("file_text", []) if plan else []
    visible = document_selectors.visible_target_ids(user, links)
    disseminated = set(campaign.documents.values_list("pk", flat=True))
    citations = [
        {
            "text": link.text,
            "target": link.target if link.target_id in visible else None,
            "disseminated": link.target_id in disseminated,
        }
        for link in links
    ]
    may_submit = selectors.may_submit_plan(user, unit) and (
        plan is None or plan.status != PlanStatus.APPROVED
    )
    may_review = (
        plan is not None and plan.status == PlanStatus.SUBMITTED and selectors.may_review_plan(user, unit)
    )
    scope = campaign.scope_unit
    return {
        "campaign": campaign,
        "unit": unit,
        "unit_path": unit_paths([unit], top=scope).get(unit.pk, unit.name),
        # Back to the board where the unit is listed: its parent's subtree (the scope's is the default).
        "board_unit": unit.parent_id if unit.pk != scope.pk and unit.parent_id != scope.pk else None,
        "plan": plan,
        "state_label": selectors.PLAN_STATE_LABELS[selectors.state_of(plan)],
        "actions": list(plan.actions.all()) if plan else [],
        "citations": citations,
        "cites_campaign": any(c["disseminated"] for c in citations),
        "reminders": list(campaign.reminders.filter(unit=unit)[:10]),
        "may_submit": may_submit,
        "may_review": may_review,
    }


@login_required
def plan_detail(request: HttpRequest, campaign_id: int, unit_id: int) -> HttpResponse:
    """GET: the plan; POST ``action=submit`` (the unit's staff) or ``action=review`` (the unit above)."""
    campaign = selectors.plan_campaign_or_404(request.user, campaign_id)
    unit = selectors.plan_unit_or_404(request.user, campaign, unit_id)
    plan = ImplementationPlan.objects.filter(campaign=campaign, unit=unit).select_related("campaign").first()
    context = _context(request, campaign, unit, plan)
    submit_form = PlanForm(campaign=campaign, unit=unit, initial=_initial(plan))
    review_form = ReviewForm(plan=plan) if plan is not None else None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "submit":
            if not context["may_submit"]:
                raise PermissionDenied
            submit_form = PlanForm(
                request.POST, request.FILES, campaign=campaign, unit=unit, dropped_files=too_large(request)
            )
            if submit_form.is_valid() and submit_form.save(request.user) is not None:
                messages.success(request, _("Đã nộp kế hoạch của %(unit)s.") % {"unit": unit.name})
                return redirect("campaigns:plan", campaign_id=campaign.pk, unit_id=unit.pk)
        elif action == "review" and plan is not None:
            if not context["may_review"]:
                raise PermissionDenied
            review_form = ReviewForm(request.POST, plan=plan)
            if review_form.is_valid():
                reviewed = review_form.save(request.user)
                if reviewed is not None:
                    done = (
                        _("Đã duyệt kế hoạch.")
                        if reviewed.status == PlanStatus.APPROVED
                        else _("Đã trả lại kế hoạch kèm ý kiến.")
                    )
                    messages.success(request, done)
                    return redirect("campaigns:plan", campaign_id=campaign.pk, unit_id=unit.pk)
        else:
            raise PermissionDenied
        status = 400
    else:
        status = 200
    context.update({"submit_form": submit_form, "review_form": review_form})
    return render(request, "campaigns/plan.html", context, status=status)


def _initial(plan: ImplementationPlan | None) -> dict[str, Any]:
    if plan is None:
        return {}
    lines = [f"{a.action} | {a.owner} | {a.deadline:%d/%m/%Y}" for a in plan.actions.all()]
    return {"symbol": plan.symbol, "issued_on": plan.issued_on, "actions": "\n".join(lines)}


@require_safe
@login_required
def plan_file(request: HttpRequest, campaign_id: int, unit_id: int) -> FileResponse:
    campaign = selectors.plan_campaign_or_404(request.user, campaign_id)
    unit = selectors.plan_unit_or_404(request.user, campaign, unit_id)
    plan = ImplementationPlan.objects.filter(campaign=campaign, unit=unit).first()
    if plan is None or not plan.file:
        raise Http404
    return FileResponse(plan.file.open("rb"), as_attachment=True, filename=plan.file_name)
