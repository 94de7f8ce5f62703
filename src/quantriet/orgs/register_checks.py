"""Is a member record plausible, and is the person already registered? Shared by the form and the import.

The rules themselves are pure (``quantriet.rules.membership``; names typed in an old font:
``quantriet.text.suggest_unicode``); this module adds what needs the database: the same person
(folded name and date of birth) registered anywhere in the tree, named only to those who may see
them. Card numbers and CCCD numbers are unique and checked as errors by the services; a namesake
born the same day may be another person, so it is a warning a person confirms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from quantriet.core.actors import Actor
from quantriet.orgs import access, selectors
from quantriet.orgs.access import Capability
from quantriet.orgs.models import Member
from quantriet.rules import Finding, check_member

__all__ = ["Namesake", "finding_message", "namesake_message", "namesakes", "rule_findings"]

_LOOKUP_CHUNK = 1000


def rule_findings(
    *,
    date_of_birth: dt.date | None,
    admission_date: dt.date | None,
    full_membership_date: dt.date | None,
    status: str | None,
    today: dt.date,
) -> list[Finding]:
    return check_member(
        date_of_birth=date_of_birth,
        admission_date=admission_date,
        full_membership_date=full_membership_date,
        status=status,
        today=today,
    )


def finding_message(finding: Finding) -> str:
    """The finding in the interface's language."""
    return finding.message(get_language() or "vi")


@dataclass(frozen=True)
class Namesake:
    """A registered member with the same folded name and date of birth as a record being entered."""

    pk: int
    full_name: str
    unit_id: int
    card_number: str | None


def namesakes(
    people: Iterable[tuple[str, dt.date]], *, exclude: Iterable[int] = ()
) -> dict[tuple[str, dt.date], list[Namesake]]:
    """Registered members by (folded name, date of birth), across the whole tree; one query per 1,000 names.

    ``exclude``: members that are the records themselves (an edit, an import row matched to its member).
    """
    wanted = set(people)
    excluded = set(exclude)
    names = sorted({name for name, _birth in wanted})
    found: dict[tuple[str, dt.date], list[Namesake]] = {}
    for start in range(0, len(names), _LOOKUP_CHUNK):
        rows = Member.objects.filter(name_folded__in=names[start : start + _LOOKUP_CHUNK]).values_list(
            "pk", "full_name", "unit_id", "card_number", "name_folded", "date_of_birth"
        )
        for pk, full_name, unit_id, card, folded, birth in rows:
            if (folded, birth) in wanted and pk not in excluded:
                found.setdefault((folded, birth), []).append(Namesake(pk, full_name, unit_id, card))
    return found


def namesake_message(found: list[Namesake], actor: Actor | None) -> str:
    """What to tell ``actor`` about members with the same name and birth date, within their reach only.

    Outside the actor's scope the answer says that such a member exists (so the same person is not
    registered twice in the province) but never who or where (decree 13/2023).
    """
    visible = [m for m in found if actor is None or access.can(actor, Capability.VIEW_MEMBERS, m.unit_id)]
    if not visible:
        return _(
            "Trùng họ tên và ngày sinh với một đảng viên ở đơn vị khác ngoài phạm vi của bạn. Nếu là cùng "
            "một người, đừng thêm mới mà hãy liên hệ cấp ủy cấp trên để làm thủ tục chuyển sinh hoạt."
        )
    paths = selectors.unit_paths(m.unit_id for m in visible)
    described = "; ".join(
        (
            _("%(name)s, %(unit)s, số thẻ %(card)s")
            if m.card_number
            else _("%(name)s, %(unit)s, chưa có số thẻ")
        )
        % {"name": m.full_name, "unit": paths.get(m.unit_id, ""), "card": m.card_number}
        for m in visible[:3]
    )
    return _(
        "Đã có đảng viên cùng họ tên và ngày sinh: %(members)s. Nếu là cùng một người, đừng thêm mới mà "
        "hãy làm thủ tục chuyển sinh hoạt."
    ) % {"members": described}
