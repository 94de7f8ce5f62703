"""Party badges (Huy hiệu Đảng): proposing the members due, withdrawing, and recording the decision.

Who is due in a year comes from the admission dates (``rules.recognition``); the badge day is stored on
the proposal. A member holds each milestone once (``badge_once_per_milestone``): proposing it again is
refused with the names, unless the earlier proposal was withdrawn (then the same row is proposed again).
Badges are granted by the province's standing committee: its managers of reviews decide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from quantriet.core.actors import Actor
from quantriet.orgs import access
from quantriet.orgs.models import Member, Unit
from quantriet.orgs.models.members import ON_ROLL_STATUSES
from quantriet.orgs.services import record_audit
from quantriet.reviews.models import BadgeProposal, ProposalState
from quantriet.reviews.selectors import awards as select
from quantriet.reviews.services.awards import _decision_values, proposed_row
from quantriet.rules.recognition import badges_due


def _uid(actor: Actor | None) -> int | None:
    return int(actor.pk) if actor is not None and actor.is_authenticated else None


@transaction.atomic
def propose_badges(
    actor: Actor | None, *, proposing_unit: Unit, year: int, members: Sequence[Member]
) -> list[BadgeProposal]:
    """Propose the badge each member is due in ``year``; all or nothing, refusals name the members."""
    if actor is not None and not access.can(actor, select.MANAGE, proposing_unit):
        raise Http404
    if not members:
        raise ValidationError(_("Hãy chọn ít nhất một đảng viên để đề nghị."))
    in_reach = set(
        Member.objects.filter(
            pk__in=[m.pk for m in members],
            unit_id__in=access.subtree_ids([proposing_unit.pk]),
            status__in=ON_ROLL_STATUSES,
        ).values_list("pk", flat=True)
    )
    wanted: list[tuple[Member, int, dt.date]] = []
    not_due: list[str] = []
    for member in members:
        milestones = badges_due(member.admission_date, year) if member.pk in in_reach else ()
        if not milestones:
            not_due.append(member.full_name)
        wanted.extend((member, milestone, day) for milestone, day in milestones)
    if not_due:
        raise ValidationError(
            _("Không đến hạn tặng Huy hiệu Đảng năm %(y)s tại %(u)s: %(n)s.")
            % {"y": year, "u": proposing_unit.name, "n": ", ".join(not_due)}
        )
    existing = {
        (b.member_id, b.years): b
        for b in BadgeProposal.objects.select_for_update(of=("self",)).filter(
            member_id__in=[m.pk for m in members]
        )
    }
    twice = [
        f"{m.full_name} ({y} năm)"
        for m, y, _day in wanted
        if (m.pk, y) in existing and existing[(m.pk, y)].state != ProposalState.WITHDRAWN
    ]
    if twice:
        raise ValidationError(
            _("Đã được đề nghị hoặc đã được tặng Huy hiệu Đảng: %(n)s.") % {"n": ", ".join(twice)}
        )
    made: list[BadgeProposal] = []
    for member, milestone, day in wanted:
        badge = proposed_row(
            BadgeProposal,
            existing.get((member.pk, milestone)),
            {
                "member": member,
                "years": milestone,
                "due_on": day,
                "proposing_unit": proposing_unit,
                "proposed_by_id": _uid(actor),
            },
            _("Đã được đề nghị hoặc đã được tặng Huy hiệu Đảng: %(n)s.")
            % {"n": f"{member.full_name} ({milestone} năm)"},
        )
        record_audit(
            actor,
            "reviews.badge_proposed",
            badge,
            unit=proposing_unit,
            summary=_("Đề nghị tặng Huy hiệu %(y)s năm tuổi Đảng cho %(n)s (đợt %(d)s)")
            % {"y": milestone, "n": member.full_name, "d": f"{day:%d/%m/%Y}"},
            changes={"state": [None, ProposalState.PROPOSED]},
        )
        made.append(badge)
    return made


@transaction.atomic
def withdraw_badge(actor: Actor | None, badge: BadgeProposal) -> BadgeProposal:
    if actor is not None and not access.can(actor, select.MANAGE, badge.proposing_unit):
        raise Http404
    badge = BadgeProposal.objects.select_for_update(of=("self",)).select_related("member").get(pk=badge.pk)
    if badge.state != ProposalState.PROPOSED:
        raise ValidationError(_("Đề nghị đã được quyết định hoặc đã rút: không rút được nữa."))
    badge.state = ProposalState.WITHDRAWN
    badge.save(update_fields=["state"])
    record_audit(
        actor,
        "reviews.badge_withdrawn",
        badge,
        unit=badge.proposing_unit,
        summary=_("Rút đề nghị tặng Huy hiệu %(y)s năm tuổi Đảng cho %(n)s")
        % {"y": badge.years, "n": badge.member.full_name},
        changes={"state": [ProposalState.PROPOSED, ProposalState.WITHDRAWN]},
    )
    return badge


@transaction.atomic
def decide_badges(
    actor: Actor | None,
    badges: Sequence[BadgeProposal],
    *,
    outcome: str,
    decision_number: str,
    decided_on: dt.date | None,
    reason: str = "",
) -> list[BadgeProposal]:
    """Grant or refuse badge proposals by one decision of the province's standing committee."""
    values = _decision_values(outcome, decision_number, decided_on, reason)
    if not badges:
        raise ValidationError(_("Hãy chọn ít nhất một đề nghị."))
    locked = list(
        BadgeProposal.objects.select_for_update(of=("self",))
        .select_related("member", "proposing_unit")
        .filter(pk__in=[b.pk for b in badges])
    )
    if actor is not None and any(not select.may_decide_badge(actor, b) for b in locked):
        raise ValidationError(_("Chỉ Ban Thường vụ tỉnh ủy (cấp tặng Huy hiệu Đảng) mới quyết định được."))
    decided = [b.member.full_name for b in locked if b.state != ProposalState.PROPOSED]
    if decided:
        raise ValidationError(
            _("Có đề nghị đã được quyết định hoặc đã rút: %(n)s.") % {"n": ", ".join(decided)}
        )
    for badge in locked:
        badge.state = outcome
        badge.decision_number = values["number"]
        badge.decided_on = decided_on
        badge.decided_by_id = _uid(actor)
        badge.reason = values["reason"]
        badge.save(update_fields=["state", "decision_number", "decided_on", "decided_by", "reason"])
        record_audit(
            actor,
            "reviews.badge_decided",
            badge,
            unit=badge.proposing_unit,
            summary=_("Quyết định %(o)s Huy hiệu %(y)s năm tuổi Đảng cho %(n)s")
            % {"o": badge.get_state_display(), "y": badge.years, "n": badge.member.full_name},
            changes={"state": [ProposalState.PROPOSED, outcome], "decision_number": [None, values["number"]]},
        )
    return locked
