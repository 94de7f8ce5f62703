"""Links that apps above orgs add to a member's personal page, registered when they start.

The tree knows nothing of the apps built on it (the layers contract), yet a member's record continues in
them (the campaigns they took part in, their learning reports). A link is offered to everyone who may
read the personal page, so the page registered must answer to the same right (``VIEW_MEMBER_DETAIL``).
"""

from __future__ import annotations

from collections.abc import Callable

from quantriet.orgs.models import Member

# member -> (url, label)
MemberLink = Callable[[Member], tuple[str, str]]

_member_links: list[MemberLink] = []


def register_member_link(link: MemberLink) -> None:
    if link not in _member_links:
        _member_links.append(link)


def member_links(member: Member) -> list[tuple[str, str]]:
    return [link(member) for link in _member_links]
