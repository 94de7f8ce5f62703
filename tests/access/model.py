"""What an access case says, and the data of the XA2 cell that no outsider may receive."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group

from quantriet.campaigns.models import AgendaItem, BridgePoint, Campaign, CheckIn, Conference, Delegate
from quantriet.documents.models import Document, Relation
from quantriet.orgs.models import AccessLog, ApiToken, AuditEntry, ImportJob, Position, RoleAssignment
from tests.conftest import World

# Data of the XA2 cell: neither outsider may ever receive it.
XA2_MARKERS = (
    "Chi bộ thôn 2",
    "Trần Thị Bình",
    "10000002",
    "Đặng Văn Dũng",
    "10000004",
    "chi-bo-thon-2",
    # Trần Thị Bình's sensitive profile fields (objects.py): a CCCD, a phone and a home town.
    "036185000002",
    "0987000002",
    "Thôn Hai Bến",
)
# Charlie is outside the whole XA commune.
XA_MARKERS = (*XA2_MARKERS, "An Hòa", "Chi bộ thôn 1", "Nguyễn Văn An", "10000001")
UNSAFE_STATUSES = frozenset({302, 400, 403, 404, 405})


@dataclass
class Objects:
    """The XA2 objects the cases point at (created per test, so ids are real)."""

    world: World
    import_job: ImportJob
    role: RoleAssignment
    audit: AuditEntry
    access_log: AccessLog
    token: ApiToken
    group: Group
    position: Position
    document: Document  # issued by XA2, not public
    relation: Relation  # XA2's document concretises a public one
    campaign: Campaign  # organised by XA2 for its own members
    conference: Conference
    point: BridgePoint  # hosted by XA2
    agenda_item: AgendaItem
    delegate: Delegate  # Trần Thị Bình, invited to XA2's point
    check_in: CheckIn  # a guest at XA2's point


@dataclass(frozen=True)
class Case:
    urls: Callable[[Objects], list[str]]
    kind: str = "html"  # "html" (login redirect), "api" (401) or "admin" (admin login)
    # Statuses an outsider may get for GET; 200 only ever without XA2 data (checked on every answer).
    allowed: frozenset[int] = frozenset({403, 404})
    # Unsafe requests to try: (method, body); a dict body goes as JSON to the API and as a form elsewhere.
    unsafe: tuple[tuple[str, Any], ...] = (("post", {}),)
    anonymous: int | None = None  # expected status when not signed in; None: by kind
    # An upload queued as a job: an outsider's attempt leaves their own job, which must be refused, and
    # its task row; nothing else may change.
    queues_import: bool = False


@dataclass(frozen=True)
class Public:
    reason: str


OWN = frozenset({200})  # pages about the user's own account or lists filtered to their reach
ADMIN_OBJECT = frozenset({302, 403, 404})  # admin redirects to its index for objects outside the queryset

# Our models: outsiders may open the lists and add forms (they see their own data); XA2 objects stay hidden.
SCOPED = frozenset({200, 403})


def one(build: Callable[[Objects], str]) -> Callable[[Objects], list[str]]:
    return lambda o: [build(o)]


def admin_cases(
    app: str, model: str, pk: Callable[[Objects], Any], list_status: frozenset[int]
) -> dict[str, Case]:
    """The six URL patterns Django's admin adds for each registered model."""
    base = f"admin/{app}/{model}/"
    url = f"/{base}"
    return {
        base: Case(one(lambda o: url), kind="admin", allowed=list_status),
        f"{base}add/": Case(one(lambda o: f"{url}add/"), kind="admin", allowed=list_status),
        f"{base}<path:object_id>/history/": Case(
            one(lambda o: f"{url}{pk(o)}/history/"), kind="admin", allowed=ADMIN_OBJECT
        ),
        f"{base}<path:object_id>/delete/": Case(
            one(lambda o: f"{url}{pk(o)}/delete/"),
            kind="admin",
            allowed=ADMIN_OBJECT,
            unsafe=(("post", {"post": "yes"}),),
        ),
        f"{base}<path:object_id>/change/": Case(
            one(lambda o: f"{url}{pk(o)}/change/"),
            kind="admin",
            allowed=ADMIN_OBJECT,
            unsafe=(("post", {"full_name": "Bị sửa", "name": "Bị sửa", "code": "BI-SUA", "_save": "1"}),),
        ),
        f"{base}<path:object_id>/": Case(one(lambda o: f"{url}{pk(o)}/"), kind="admin", allowed=ADMIN_OBJECT),
    }
