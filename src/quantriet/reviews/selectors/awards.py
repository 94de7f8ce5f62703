"""Recognition read from the decided ratings: award candidates, the proposals, and party badges due.

A year counts towards an award when the subject's rating of a period of kind "year" was decided at the
form's level (HTXS); a member rated at several places counts the lowest of that year's decided levels
(a cadre must be HTXS everywhere). A year without a decided rating, or a lower one, breaks the run
(``rules.recognition.consecutive_years``). Everything here is scoped through ``orgs.access``.

Each list page reads a fixed number of queries whatever its length: the candidates (or members due) as
one paged query, then one query for the page's rating history and one for its proposals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from quantriet.core.actors import Actor, is_operator
from quantriet.orgs import access
from quantriet.orgs.access import Capability
from quantriet.orgs.models import Level as UnitLevel
from quantriet.orgs.models import Member, Unit, UnitLink
from quantriet.orgs.models.members import ON_ROLL_STATUSES
from quantriet.reviews.models import (
    AwardBasis,
    AwardForm,
    AwardProposal,
    BadgeProposal,
    MemberReview,
    OrganisationReview,
    PeriodKind,
    ProposalState,
    ReviewState,
)
from quantriet.rules import Level
from quantriet.rules.recognition import BADGE_YEARS, CUSTOMARY_DAYS, badges_due, consecutive_years

MANAGE = Capability.MANAGE_REVIEWS
VIEW = Capability.VIEW_RATINGS
AWARD_LEVEL = Level.EXCELLENT
HISTORY_YEARS = 20  # how far back the run behind a candidacy is shown
MEMBER_BASES = (AwardBasis.MEMBER_YEAR, AwardBasis.MEMBER_YEARS)
# A proposal in these states stands: the subject is not proposed again for the form and year.
STANDING = (ProposalState.PROPOSED, ProposalState.GRANTED, ProposalState.REFUSED)


def run_length(form: AwardForm) -> int:
    """Years of HTXS the form asks for: one for the "in the year" bases."""
    if form.basis in (AwardBasis.ORGANISATION_YEAR, AwardBasis.MEMBER_YEAR):
        return 1
    return max(1, form.years)


def for_members(form: AwardForm) -> bool:
    return form.basis in MEMBER_BASES


# --- units and forms ----------------------------------------------------------------------------------


def managed_units(user: Actor) -> QuerySet[Unit]:
    """Units where ``user`` manages reviews (propose awards and badges, configure award forms)."""
    return access.units(user, MANAGE).filter(valid_to__isnull=True).order_by("depth", "name_sort", "id")


def managed_unit_or_404(user: Actor, unit_id: int | str) -> Unit:
    return access.unit_or_404(user, MANAGE, unit_id)


def form_or_404(user: Actor, form_id: int | str) -> AwardForm:
    """An award form its unit's managers may edit (and the managers above them)."""
    form = AwardForm.objects.select_related("unit").filter(pk=access.id_or_404(form_id)).first()
    if form is None or not access.can(user, MANAGE, form.unit_id):
        raise Http404
    return form


def managed_forms(user: Actor) -> QuerySet[AwardForm]:
    return AwardForm.objects.filter(unit__in=access.units(user, MANAGE)).select_related("unit")


def forms_for(unit: Unit) -> QuerySet[AwardForm]:
    """The active award forms that apply at ``unit``: those configured at it or at a unit above it."""
    above = UnitLink.objects.filter(descendant_id=unit.pk).values("ancestor_id")
    return AwardForm.objects.filter(unit_id__in=above, active=True).select_related("unit")


def applies_at(form: AwardForm, unit: Unit) -> bool:
    return form.active and UnitLink.objects.filter(ancestor_id=form.unit_id, descendant_id=unit.pk).exists()


def province_of(unit: Unit) -> Unit:
    """The committee that grants party badges for ``unit``: its province (else the top of its line)."""
    line = list(
        Unit.objects.filter(id__in=UnitLink.objects.filter(descendant_id=unit.pk).values("ancestor_id"))
        .only("id", "level", "name", "parent_id")
        .order_by("depth")
    )
    for above in line:
        if above.level == UnitLevel.CENTRAL_DIRECT:
            return above
    return line[0] if line else unit


# --- award candidates ---------------------------------------------------------------------------------


def _window(model: type[MemberReview] | type[OrganisationReview], first: int, last: int) -> Any:
    extra = {"collective": False} if model is OrganisationReview else {}
    return model.objects.filter(
        state=ReviewState.DECIDED,
        period__kind=PeriodKind.YEAR,
        period__year__gte=first,
        period__year__lte=last,
        **extra,
    ).exclude(decided_level="")


def candidates(form: AwardForm, year: int, unit: Unit) -> QuerySet[Any]:
    """Members (or organisations) of ``unit``'s subtree HTXS in each of the form's years ending ``year``.

    One query: every year of the window has an HTXS decision and none of the window's decisions is lower.
    """
    years = run_length(form)
    key = "member_id" if for_members(form) else "unit_id"
    model: type[MemberReview] | type[OrganisationReview] = (
        MemberReview if for_members(form) else OrganisationReview
    )
    window = _window(model, year - years + 1, year)
    excellent = (
        window.filter(decided_level=AWARD_LEVEL.value)
        .values(key)
        .annotate(n=Count("period__year", distinct=True))
        .filter(n=years)
        .values(key)
    )
    lower = window.exclude(decided_level=AWARD_LEVEL.value).values(key)
    subtree = access.subtree_ids([unit.pk])
    if for_members(form):
        return (
            Member.objects.filter(unit_id__in=subtree, status__in=ON_ROLL_STATUSES, pk__in=excellent)
            .exclude(pk__in=lower)
            .select_related("unit")
            .order_by("name_sort", "id")
        )
    return (
        Unit.objects.filter(id__in=subtree, valid_to__isnull=True, pk__in=excellent)
        .exclude(pk__in=lower)
        .order_by("depth", "name_sort", "id")
    )


def is_candidate(form: AwardForm, year: int, unit: Unit, subject: Member | Unit) -> bool:
    return candidates(form, year, unit).filter(pk=subject.pk).exists()


def yearly_levels(form: AwardForm, year: int, subject_ids: Sequence[int]) -> dict[int, dict[int, Level]]:
    """subject id -> year -> the lowest decided level of that year, for the last ``HISTORY_YEARS`` years."""
    member = for_members(form)
    key = "member_id" if member else "unit_id"
    model: type[MemberReview] | type[OrganisationReview] = MemberReview if member else OrganisationReview
    rows = (
        _window(model, year - HISTORY_YEARS + 1, year)
        .filter(**{f"{key}__in": list(subject_ids)})
        .values_list(key, "period__year", "decided_level")
    )
    found: dict[int, dict[int, Level]] = {}
    for subject, row_year, raw in rows:
        level = Level(raw)
        years = found.setdefault(subject, {})
        years[row_year] = min(years.get(row_year, level), level)
    return found


@dataclass(frozen=True)
class Candidate:
    subject: Member | Unit
    years: tuple[int, ...]  # the unbroken run of HTXS ending at the year (may exceed the form's count)
    proposal: AwardProposal | None

    @property
    def span(self) -> str:
        return f"{self.years[0]}–{self.years[-1]}" if len(self.years) > 1 else str(self.years[0])


def candidate_rows(form: AwardForm, year: int, subjects: Iterable[Member | Unit]) -> list[Candidate]:
    """A page of candidates with the years behind each candidacy and its proposal (two queries)."""
    subjects = list(subjects)
    ids = [s.pk for s in subjects]
    levels = yearly_levels(form, year, ids)
    key = "member_id" if for_members(form) else "unit_id"
    proposals = {
        getattr(p, key): p for p in AwardProposal.objects.filter(form=form, year=year, **{f"{key}__in": ids})
    }
    return [
        Candidate(
            subject,
            consecutive_years(levels.get(subject.pk, {}), at_least=AWARD_LEVEL, ending=year),
            proposals.get(subject.pk),
        )
        for subject in subjects
    ]


# --- proposals ------------------------------------------------------------------------------------------


def visible_proposals(user: Actor) -> QuerySet[AwardProposal]:
    """Proposals of the units where ``user`` reads ratings or manages reviews (the granting level too)."""
    rows = AwardProposal.objects.select_related(
        "form", "form__unit", "member", "member__unit", "unit", "proposing_unit"
    )
    if is_operator(user):
        return rows
    return rows.filter(
        Q(proposing_unit__in=access.units(user, VIEW)) | Q(proposing_unit__in=access.units(user, MANAGE))
    )


def proposal_or_404(user: Actor, proposal_id: int | str) -> AwardProposal:
    found = visible_proposals(user).filter(pk=access.id_or_404(proposal_id)).first()
    if found is None:
        raise Http404
    return found


def may_decide(user: Actor, form: AwardForm) -> bool:
    """The granting level: managers of reviews at the form's unit or above it."""
    return access.can(user, MANAGE, form.unit_id)


# --- party badges ---------------------------------------------------------------------------------------


def _admitted_for(milestone: int, year: int) -> Q:
    """Admissions whose ``milestone``-th badge day falls in ``year``: the anniversary after the last
    customary day of the year before, up to this year's last one (29 February keeps this order)."""
    month, day = CUSTOMARY_DAYS[-1]
    return Q(
        admission_date__gt=dt.date(year - 1 - milestone, month, day),
        admission_date__lte=dt.date(year - milestone, month, day),
    )


def badges_due_query(unit: Unit, year: int) -> QuerySet[Member]:
    """On-roll members of ``unit``'s subtree with a badge due in ``year`` not yet granted or refused."""
    condition = Q(pk__in=[])
    for milestone in BADGE_YEARS:
        held = BadgeProposal.objects.filter(years=milestone, state__in=STANDING[1:]).values("member_id")
        condition |= _admitted_for(milestone, year) & ~Q(pk__in=held)
    return (
        Member.objects.filter(
            condition, unit_id__in=access.subtree_ids([unit.pk]), status__in=ON_ROLL_STATUSES
        )
        .select_related("unit")
        .order_by("admission_date", "name_sort", "id")
    )


@dataclass(frozen=True)
class BadgeDue:
    member: Member
    years: int
    due_on: dt.date
    proposal: BadgeProposal | None


def badge_rows(year: int, members: Iterable[Member]) -> list[BadgeDue]:
    """A page of members due, each with the milestone due in ``year`` and its proposal (one query)."""
    members = list(members)
    proposals = {
        (p.member_id, p.years): p for p in BadgeProposal.objects.filter(member_id__in=[m.pk for m in members])
    }
    rows: list[BadgeDue] = []
    for member in members:
        for milestone, day in badges_due(member.admission_date, year):
            rows.append(BadgeDue(member, milestone, day, proposals.get((member.pk, milestone))))
    return rows


def visible_badges(user: Actor) -> QuerySet[BadgeProposal]:
    rows = BadgeProposal.objects.select_related("member", "member__unit", "proposing_unit")
    if is_operator(user):
        return rows
    return rows.filter(
        Q(proposing_unit__in=access.units(user, VIEW)) | Q(proposing_unit__in=access.units(user, MANAGE))
    )


def badge_or_404(user: Actor, badge_id: int | str) -> BadgeProposal:
    found = visible_badges(user).filter(pk=access.id_or_404(badge_id)).first()
    if found is None:
        raise Http404
    return found


def may_decide_badge(user: Actor, badge: BadgeProposal) -> bool:
    """Badges are granted by the province's standing committee: its managers of reviews."""
    return access.can(user, MANAGE, province_of(badge.proposing_unit))
