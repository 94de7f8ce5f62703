"""Who sees which review period and which review.

* A period is seen by those holding a review capability at a unit in its line: at the period's unit or
  above (the committee that opened it and those over it), or below it (a commune's staff see the
  province's period, which covers their commune) — with counts narrowed to their own reach.
* A period is managed (opened, refreshed, closed) with ``MANAGE_REVIEWS`` at its unit or above.
* A member fills in only their own reviews; a collective's review (Mẫu 01) is filled in by those who may
  propose ratings at its unit (its secretary, organisation staff above).

Everything out of reach answers 404, as elsewhere.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from quantriet.core.actors import Actor, is_operator
from quantriet.orgs import access
from quantriet.orgs.access import Capability as C
from quantriet.reviews.models import MemberReview, OrganisationReview, ReviewPeriod

# The capabilities that make a period visible to its holder.
PERIOD_CAPABILITIES = (C.MANAGE_REVIEWS, C.PROPOSE_RATINGS, C.DECIDE_RATINGS, C.VIEW_RATINGS)


def _get(queryset: QuerySet[Any], raw_id: int | str) -> Any:
    try:
        return queryset.get(pk=access.id_or_404(raw_id))
    except queryset.model.DoesNotExist:
        raise Http404 from None


def periods(user: Actor, capability: C = C.MANAGE_REVIEWS) -> QuerySet[ReviewPeriod]:
    """Periods in the user's line for ``capability``: opened at, above or below their units."""
    condition = access.in_line(user, capability, "unit_id")
    found = ReviewPeriod.objects.all()
    return found if condition is None else found.filter(condition)


def seen_periods(user: Actor) -> QuerySet[ReviewPeriod]:
    """Periods in the user's line for any review capability: those who propose, decide or read ratings
    find their work from a period's page, as those who manage do."""
    if is_operator(user):
        return ReviewPeriod.objects.all()
    condition = Q(pk__in=[])
    for capability in PERIOD_CAPABILITIES:
        found = access.in_line(user, capability, "unit_id")
        if found is not None:
            condition |= found
    return ReviewPeriod.objects.filter(condition)


def may_see_any(user: Actor) -> bool:
    return any(access.has_any(user, capability) for capability in PERIOD_CAPABILITIES)


def reach_any(user: Actor) -> Q | None:
    """Reviews whose place lies in the subtrees where the user holds any review capability."""
    if is_operator(user):
        return None
    roots = frozenset().union(*(access.root_unit_ids(user, c) for c in PERIOD_CAPABILITIES))
    if not roots:
        return Q(pk__in=[])
    return Q(unit_id__in=access.subtree_ids(roots))


def may_manage_any(user: Actor) -> bool:
    return access.has_any(user, C.MANAGE_REVIEWS)


def may_manage(user: Actor, period: ReviewPeriod) -> bool:
    return access.can(user, C.MANAGE_REVIEWS, period.unit_id)


def period_or_404(user: Actor, raw_id: int | str) -> ReviewPeriod:
    """A period in the user's line for any review capability, else 404 (managing it is checked apart)."""
    period: ReviewPeriod = _get(seen_periods(user).select_related("unit", "opened_by", "closed_by"), raw_id)
    return period


def reach(user: Actor, capability: C = C.MANAGE_REVIEWS) -> Q | None:
    """A filter keeping reviews whose place is in the user's subtrees (``None``: no restriction)."""
    if is_operator(user):
        return None
    roots = access.root_unit_ids(user, capability)
    if not roots:
        return Q(pk__in=[])
    return Q(unit_id__in=access.subtree_ids(roots))


def member_reviews(user: Actor, capability: C) -> QuerySet[MemberReview]:
    """Member reviews whose place lies in the user's subtrees for ``capability``."""
    condition = reach(user, capability)
    found = MemberReview.objects.all()
    return found if condition is None else found.filter(condition)


def organisation_reviews(user: Actor, capability: C) -> QuerySet[OrganisationReview]:
    condition = reach(user, capability)
    found = OrganisationReview.objects.all()
    return found if condition is None else found.filter(condition)


def own_reviews(user: Actor) -> QuerySet[MemberReview]:
    """The user's own reviews as a member (one per place), in every period."""
    if not user.is_authenticated:
        return MemberReview.objects.none()
    return MemberReview.objects.filter(member__user_id=user.pk)


def own_review_or_404(user: Actor, raw_id: int | str) -> MemberReview:
    review: MemberReview = _get(
        own_reviews(user).select_related("period__unit", "member", "unit", "grassroots"), raw_id
    )
    return review


def collective_reviews(user: Actor) -> QuerySet[OrganisationReview]:
    """Organisations whose Mẫu 01 the user may fill in."""
    return organisation_reviews(user, C.PROPOSE_RATINGS)


def collective_review_or_404(user: Actor, raw_id: int | str) -> OrganisationReview:
    review: OrganisationReview = _get(
        collective_reviews(user).select_related("period__unit", "unit", "grassroots"), raw_id
    )
    return review
