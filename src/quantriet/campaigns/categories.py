"""Which category a member falls in for an invitation, from the committee posts they hold today."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from quantriet.campaigns.models import Category
from quantriet.orgs.models import Position, PositionKind

# The highest post decides: a secretary who is also a presenter is counted as a secretary.
POST_CATEGORY = {
    PositionKind.SECRETARY: Category.SECRETARY,
    PositionKind.STANDING_DEPUTY: Category.SECRETARY,
    PositionKind.DEPUTY: Category.SECRETARY,
    PositionKind.STANDING_COMMITTEE: Category.COMMITTEE,
    PositionKind.COMMITTEE_MEMBER: Category.COMMITTEE,
    PositionKind.PRESENTER: Category.PRESENTER,
}
RANK = [Category.SECRETARY, Category.COMMITTEE, Category.PRESENTER, Category.MEMBER]


def categories_of(member_ids: Iterable[int]) -> dict[int, str]:
    """Category of each member (one query); members without a current post are plain members."""
    ids = list(member_ids)
    today = timezone.localdate()
    found: dict[int, str] = dict.fromkeys(ids, Category.MEMBER.value)
    posts = Position.objects.filter(
        Q(end__isnull=True) | Q(end__gte=today), member_id__in=ids, start__lte=today
    ).values_list("member_id", "kind")
    for member_id, kind in posts:
        category = POST_CATEGORY.get(PositionKind(kind), Category.MEMBER)
        if RANK.index(category) < RANK.index(Category(found[member_id])):
            found[member_id] = category.value
    return found
