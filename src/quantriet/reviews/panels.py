"""What the annual review adds to other apps' pages: the link from a member's record to their ratings.

The member's record page offers its links to whoever may read it (``VIEW_MEMBER_DETAIL``); every role
holding that right also reads ratings (``VIEW_RATINGS``), and the member sees their own, so the page
linked answers to the same readers.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from quantriet.orgs.models import Member


def record_link(member: Member) -> tuple[str, str]:
    """The member's ratings over time, linked from their record."""
    return reverse("reviews:member_history", args=[member.pk]), gettext("Kết quả đánh giá, xếp loại")
