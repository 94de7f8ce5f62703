"""Who sees which learning report.

* The member sees their own reports (their record), and the evidence about their own text.
* Reviewers (``REVIEW_REPORTS``: the cell secretary at the cell, organisation and propaganda staff above)
  see the reports of their subtree's members.
* A counterpart's identity (the other member of a finding) is shown only when the counterpart's cell is
  inside the viewer's own reach; otherwise the passage reads "bài của đơn vị khác".
* A copying case is decided by reviewers of the unit above the case's unit (the lowest unit whose
  reviewers see both sides); at the top of the tree its own reviewers decide.
* The requirement and the library belong to the organisers (``MANAGE_CAMPAIGNS`` on the organising unit).

Everything out of reach answers 404, as elsewhere.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from quantriet.campaigns.models import Campaign
from quantriet.core.actors import Actor, is_operator
from quantriet.orgs import access
from quantriet.orgs.access import Capability as C
from quantriet.orgs.models import Member, Unit, UnitLink
from quantriet.reports.models import Case, LearningReport, LibraryText


def _get(queryset: QuerySet[Any], raw_id: int | str) -> Any:
    try:
        return queryset.get(pk=access.id_or_404(raw_id))
    except queryset.model.DoesNotExist:
        raise Http404 from None


def review_units(user: Actor) -> QuerySet[Unit]:
    return access.units(user, C.REVIEW_REPORTS)


def may_review_any(user: Actor) -> bool:
    return access.has_any(user, C.REVIEW_REPORTS)


def own_member(user: Actor) -> Member | None:
    if not user.is_authenticated:
        return None
    return Member.objects.filter(user_id=user.pk).select_related("unit").first()


def reviewable(user: Actor) -> QuerySet[LearningReport]:
    """Reports of the members of every unit the user reviews."""
    if is_operator(user):
        return LearningReport.objects.all()
    roots = access.root_unit_ids(user, C.REVIEW_REPORTS)
    if not roots:
        return LearningReport.objects.none()
    return LearningReport.objects.filter(unit_id__in=access.subtree_ids(roots))


def visible_reports(user: Actor) -> QuerySet[LearningReport]:
    """Reviewable reports and the user's own."""
    if is_operator(user):
        return LearningReport.objects.all()
    if not user.is_authenticated:
        return LearningReport.objects.none()
    roots = access.root_unit_ids(user, C.REVIEW_REPORTS)
    condition = Q(member__user_id=user.pk)
    if roots:
        condition |= Q(unit_id__in=access.subtree_ids(roots))
    return LearningReport.objects.filter(condition)


def report_or_404(user: Actor, report_id: int | str) -> LearningReport:
    found = visible_reports(user).select_related(
        "campaign__organising_unit", "campaign__scope_unit", "member", "unit__parent", "current"
    )
    report: LearningReport = _get(found, report_id)
    return report


def is_own(user: Actor, report: LearningReport) -> bool:
    return user.is_authenticated and report.member.user_id == user.pk


def may_review(user: Actor, report: LearningReport) -> bool:
    return access.can(user, C.REVIEW_REPORTS, report.unit_id)


def may_see_identity(user: Actor, report: LearningReport) -> bool:
    """May ``user`` see who wrote ``report`` (the counterpart of a finding)?"""
    return is_own(user, report) or may_review(user, report)


def case_or_404(user: Actor, case_id: int | str) -> Case:
    """A case about a report the user may see (own, reviewed) or may decide."""
    found = Case.objects.select_related("report__member", "report__campaign", "unit__parent", "report__unit")
    case: Case = _get(found, case_id)
    if not (is_own(user, case.report) or may_review(user, case.report) or may_decide(user, case)):
        raise Http404
    return case


def deciding_unit_id(case: Case) -> int:
    return case.unit.parent_id if case.unit.parent_id is not None else case.unit_id


def may_decide(user: Actor, case: Case) -> bool:
    return access.can(user, C.REVIEW_REPORTS, deciding_unit_id(case))


def lowest_common_unit(unit_ids: list[int]) -> int:
    """The lowest unit that is an ancestor (or self) of every unit in ``unit_ids``."""
    common: set[int] | None = None
    for unit_id in set(unit_ids):
        above = set(UnitLink.objects.filter(descendant_id=unit_id).values_list("ancestor_id", flat=True))
        common = above if common is None else common & above
    if not common:
        raise ValueError("units without a common ancestor")
    return int(Unit.objects.filter(id__in=common).order_by("-depth").values_list("id", flat=True)[0])


# --- campaigns -------------------------------------------------------------------------------------


def campaigns_with_reports(user: Actor) -> QuerySet[Campaign]:
    """Campaigns whose reports the user organises or reviews (for the queue and the boards)."""
    if is_operator(user):
        return Campaign.objects.all()
    organised = Q(organising_unit__in=access.units(user, C.VIEW_CAMPAIGNS))
    roots = access.root_unit_ids(user, C.REVIEW_REPORTS)
    if not roots:
        return Campaign.objects.filter(organised)
    # Reviewers inside the scope, and reviewers above it (a province reviewing a district's campaign).
    above_roots = UnitLink.objects.filter(descendant_id__in=roots).values("ancestor_id")
    return Campaign.objects.filter(
        organised | Q(scope_unit_id__in=above_roots) | Q(scope_unit_id__in=access.subtree_ids(roots))
    )


def campaign_or_404(user: Actor, campaign_id: int | str) -> Campaign:
    found = campaigns_with_reports(user).select_related("organising_unit", "scope_unit")
    campaign: Campaign = _get(found, campaign_id)
    return campaign


def campaign_or_none(user: Actor, campaign_id: int) -> Campaign | None:
    """The campaign when its reports are in the user's reach (organised or reviewed), else None."""
    return campaigns_with_reports(user).filter(pk=campaign_id).first()


def may_organise(user: Actor, campaign: Campaign) -> bool:
    return access.can(user, C.MANAGE_CAMPAIGNS, campaign.organising_unit_id)


def library_units(user: Actor) -> QuerySet[Unit]:
    """Units whose shared reference library the user keeps."""
    return access.units(user, C.MANAGE_CAMPAIGNS)


def library_text_or_404(user: Actor, text_id: int | str) -> LibraryText:
    found = LibraryText.objects.filter(unit__in=library_units(user)).select_related("unit", "campaign")
    text: LibraryText = _get(found, text_id)
    return text
