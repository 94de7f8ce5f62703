"""Access cases of the core's pages: the notification inbox.

A notification is its recipient's alone: alice's notification about the XA2 cell (its title names the
cell) answers 404 to both outsiders, who can neither read it nor mark it read.

``EFFECTIVE_UNSAFE``: the patterns whose first unsafe body really changes data for alice.
"""

from __future__ import annotations

from collections.abc import Callable

from quantriet.core.notifications.services import notify
from tests.access.model import OWN, Case, Objects


def alices_notification(o: Objects) -> int:
    """Alice's unread notification about XA2 (made on first use; the same row after, by its key)."""
    (note,) = notify(
        [o.world.alice],
        kind="plan.remind",
        title="Nhắc Chi bộ thôn 2 nộp kế hoạch thực hiện",
        body="Chi bộ thôn 2 chưa nộp kế hoạch.",
        url=f"/campaigns/{o.campaign.pk}/",
        dedupe_key="access-case",
    )
    return int(note.pk)


def with_note(address: Callable[[int], str]) -> Callable[[Objects], list[str]]:
    """The address, built once alice's notification exists (so each page has something to hide)."""
    return lambda o: [address(alices_notification(o))]


CASES: dict[str, Case] = {
    "notifications/": Case(with_note(lambda pk: "/notifications/"), allowed=OWN),
    "notifications/read-all/": Case(
        with_note(lambda pk: "/notifications/read-all/"), allowed=frozenset({405})
    ),
    "notifications/<int:notification_id>/": Case(with_note(lambda pk: f"/notifications/{pk}/")),
    "notifications/<int:notification_id>/read/": Case(
        with_note(lambda pk: f"/notifications/{pk}/read/"), allowed=frozenset({404, 405})
    ),
}

EFFECTIVE_UNSAFE = ("notifications/read-all/", "notifications/<int:notification_id>/read/")
