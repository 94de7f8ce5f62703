"""Implementation plans: a unit submits its plan, the unit above approves or returns it, reminders.

Every value is checked before anything is written, and the file is stored last inside the transaction
(and removed again if the transaction fails), so a refused submission leaves nothing behind. The
plan's text is scanned for citations by the registry's own service (``documents.services``), which
links each cited symbol to its registry entry.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.campaigns.models import Campaign, ImplementationPlan, PlanAction, PlanStatus, Reminder
from quantriet.campaigns.services.campaigns import actor_id, day
from quantriet.core.actors import Actor
from quantriet.core.notifications.services import notify
from quantriet.documents import services as document_services
from quantriet.orgs import access
from quantriet.orgs.models import RoleAssignment, Unit
from quantriet.orgs.services import record_audit

_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
ACTION_FORMAT = "việc | người phụ trách | dd/mm/yyyy"


@dataclass(frozen=True)
class ActionLine:
    action: str
    owner: str
    deadline: dt.date


def _parse_date(raw: str) -> dt.date | None:
    found = _DATE.match(raw.strip())
    if found is None:
        return None
    try:
        return dt.date(int(found[3]), int(found[2]), int(found[1]))
    except ValueError:
        return None


def parse_actions(text: str, conference_date: dt.date) -> tuple[list[ActionLine], list[str]]:
    """The actions typed one per line as "việc | người phụ trách | dd/mm/yyyy", and the problems found."""
    actions: list[ActionLine] = []
    problems: list[str] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [" ".join(p.split()) for p in line.split("|")]
        if len(parts) != 3 or not parts[0] or not parts[1]:
            problems.append(
                _("Dòng %(n)d: hãy ghi theo dạng “%(format)s”.") % {"n": n, "format": ACTION_FORMAT}
            )
            continue
        deadline = _parse_date(parts[2])
        if deadline is None:
            problems.append(
                _(
                    "Dòng %(n)d: “%(text)s” không phải một ngày; hãy ghi theo dạng ngày/tháng/năm, "
                    "ví dụ 30/10/2025."
                )
                % {"n": n, "text": parts[2][:20]}
            )
        elif deadline < conference_date:
            problems.append(
                _(
                    "Dòng %(n)d: thời hạn %(date)s đứng trước ngày hội nghị (%(day)s); hãy chọn một ngày từ "
                    "ngày hội nghị trở đi."
                )
                % {"n": n, "date": day(deadline), "day": day(conference_date)}
            )
        else:
            actions.append(ActionLine(parts[0][:500], parts[1][:200], deadline))
    if not actions and not problems:
        problems.append(
            _("Hãy ghi ít nhất một nhiệm vụ, mỗi nhiệm vụ một dòng: “%(format)s”.")
            % {"format": ACTION_FORMAT}
        )
    return actions, problems


def submit_plan(
    actor: Actor | None,
    campaign: Campaign,
    unit: Unit,
    *,
    symbol: str,
    issued_on: dt.date,
    actions_text: str,
    file_data: bytes | None,
    file_name: str = "",
) -> ImplementationPlan:
    """Submit (or resubmit after a return) ``unit``'s plan for ``campaign``.

    Callers have checked that the user may submit for ``unit`` and that the unit is in the campaign's scope.

    Raises:
        ValidationError: Keyed by field (symbol, issued_on, actions, file), every problem at once;
            or a plan approved already.
    """
    existing = ImplementationPlan.objects.filter(campaign=campaign, unit=unit).first()
    if existing is not None and existing.status == PlanStatus.APPROVED:
        raise ValidationError(_("Kế hoạch của đơn vị đã được cấp trên duyệt; không nộp lại được."))
    errors: dict[str, list[str]] = {}
    symbol = " ".join(symbol.split())
    facts = document_services.read_symbol(symbol) if symbol else None
    if facts is None:
        errors["symbol"] = [
            _("Hãy ghi số và ký hiệu của kế hoạch theo dạng số-ký hiệu/cơ quan, ví dụ 05-KH/ĐU.")
        ]
    conference_date = campaign.conference_date
    if issued_on < conference_date:
        errors["issued_on"] = [
            _(
                "Ngày ban hành kế hoạch (%(date)s) đứng trước ngày hội nghị (%(day)s); kế hoạch thực hiện "
                "được ban hành sau hội nghị quán triệt."
            )
            % {"date": day(issued_on), "day": day(conference_date)}
        ]
    actions, problems = parse_actions(actions_text, conference_date)
    if problems:
        errors["actions"] = problems
    upload = None
    if file_data is None:
        if existing is None:
            errors["file"] = [_("Hãy đính kèm tệp kế hoạch (DOCX, PDF hoặc TXT).")]
    else:
        try:
            upload = document_services.read_upload(file_data, file_name)
        except ValidationError as error:
            errors["file"] = error.messages
    if errors:
        raise ValidationError(errors)
    plan = existing or ImplementationPlan(campaign=campaign, unit=unit)
    old_file = plan.file.name if existing is not None and upload is not None else ""
    stored = ""
    try:
        with transaction.atomic():
            plan.symbol = facts.id if facts is not None else symbol
            plan.issued_on = issued_on
            plan.status = PlanStatus.SUBMITTED
            plan.submitted_at = timezone.now()
            plan.submitted_by_id = actor_id(actor)
            if upload is not None:
                plan.file.save(upload.stored_name, ContentFile(upload.data), save=False)
                stored = plan.file.name
                plan.file_name = upload.original_name
                plan.file_text = upload.text
            plan.save()
            plan.actions.all().delete()
            PlanAction.objects.bulk_create(
                PlanAction(plan=plan, order=i, action=a.action, owner=a.owner, deadline=a.deadline)
                for i, a in enumerate(actions, start=1)
            )
            document_services.scan_citations(
                plan, "file_text", plan.file_text, citing_date=issued_on, unit=unit, actor=actor
            )
            record_audit(
                actor,
                "plan.submit",
                plan,
                unit=unit,
                summary=f"Nộp kế hoạch {plan.symbol} của “{unit.name}” cho đợt “{campaign.title}”",
                changes={"symbol": plan.symbol, "issued_on": issued_on, "actions": len(actions)},
            )
    except BaseException:
        if stored:
            plan.file.storage.delete(stored)
        raise
    if old_file and old_file != stored:
        plan.file.storage.delete(old_file)
    return plan


@transaction.atomic
def review_plan(
    actor: Actor | None, plan: ImplementationPlan, *, approve: bool, comment: str
) -> ImplementationPlan:
    """The unit above approves the plan, or returns it with a comment saying what to change.

    Raises:
        ValidationError: A return without a comment; a plan that is not waiting for review.
    """
    comment = comment.strip()[:2000]
    if not approve and not comment:
        raise ValidationError({"comment": _("Hãy ghi ý kiến để đơn vị biết cần sửa gì trước khi nộp lại.")})
    with transaction.atomic():
        locked = ImplementationPlan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
        if locked.status != PlanStatus.SUBMITTED:
            raise ValidationError(_("Kế hoạch này không ở trạng thái chờ duyệt; hãy tải lại trang."))
        locked.status = PlanStatus.APPROVED if approve else PlanStatus.RETURNED
        locked.comment = comment
        locked.reviewed_at = timezone.now()
        locked.reviewed_by_id = actor_id(actor)
        locked.save(update_fields=["status", "comment", "reviewed_at", "reviewed_by"])
        record_audit(
            actor,
            "plan.approve" if approve else "plan.return",
            locked,
            unit=locked.unit,
            summary=f"{'Duyệt' if approve else 'Trả lại'} kế hoạch {locked.symbol} của “{locked.unit.name}”",
            changes={"comment": comment},
        )
    return locked


@transaction.atomic
def remind_units(actor: Actor | None, campaign: Campaign, units: list[Unit]) -> list[Reminder]:
    """Remind each unit that has not submitted its plan: a reminder row, an audit entry, and a
    notification (inbox, and e-mail where the deployment has it) to everyone who does the unit's plan
    work there (a role at that unit granting PLAN_WORK).

    The notification's key is the reminder's own, so re-running a half-finished send tells no one
    twice; the audit entry records how many people were told. A unit with nobody to tell still gets
    its reminder row (its page shows it), and the audit says that no one was told.
    """
    with transaction.atomic():
        reminders = [
            Reminder.objects.create(campaign=campaign, unit=u, sent_by_id=actor_id(actor)) for u in units
        ]
        workers = _plan_workers([u.pk for u in units])
        for reminder in reminders:
            unit = reminder.unit
            told = notify(
                workers.get(unit.pk, []),
                kind="plan.remind",
                title=_("Nhắc nộp kế hoạch thực hiện đợt “%(campaign)s”") % {"campaign": campaign.title},
                body=_(
                    "%(unit)s chưa nộp kế hoạch thực hiện đợt “%(campaign)s” (hạn %(deadline)s). "
                    "Hãy nộp kế hoạch trên trang kế hoạch của đơn vị."
                )
                % {"unit": unit.name, "campaign": campaign.title, "deadline": day(campaign.plan_deadline)},
                url=reverse("campaigns:plan", kwargs={"campaign_id": campaign.pk, "unit_id": unit.pk}),
                dedupe_key=f"plan.remind:{reminder.pk}",
            )
            record_audit(
                actor,
                "plan.remind",
                reminder,
                unit=unit,
                summary=(
                    f"Nhắc “{unit.name}” nộp kế hoạch thực hiện đợt “{campaign.title}” "
                    f"(hạn {day(campaign.plan_deadline)}), gửi tới {len(told)} người"
                ),
                changes={"notified": [n.recipient_id for n in told]},
            )
    return reminders


def _plan_workers(unit_ids: list[int]) -> dict[int, list[Any]]:
    """The active users holding, at each of these units itself, a role that grants PLAN_WORK."""
    roles = [role for role, rights in access.ROLE_CAPABILITIES.items() if access.C.PLAN_WORK in rights]
    found: dict[int, list[Any]] = {}
    for assignment in (
        RoleAssignment.objects.filter(
            unit_id__in=unit_ids, role__in=roles, revoked_at__isnull=True, user__is_active=True
        )
        .select_related("user")
        .order_by("unit_id", "user_id")
    ):
        found.setdefault(assignment.unit_id, []).append(assignment.user)
    return found
