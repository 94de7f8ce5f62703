"""What reviewers do with a report: pass it, return it for rewriting, grade it, open a copying case;
what the member answers; what the level above decides.

Nobody is labelled a copier by the machine: findings are evidence, a case is a question put to the member,
and only a decision by the level above says "có sao chép".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.core.actors import Actor
from quantriet.orgs.access import ROLE_CAPABILITIES, Capability
from quantriet.orgs.models import RoleAssignment
from quantriet.reports.models import (
    Case,
    CaseState,
    Decision,
    EventKind,
    Finding,
    Grade,
    LearningReport,
    ReportStatus,
)
from quantriet.reports.selectors.access import deciding_unit_id, lowest_common_unit
from quantriet.reports.services import telling
from quantriet.reports.services.events import log, uid

REVIEWABLE = (ReportStatus.SUBMITTED, ReportStatus.PASSED, ReportStatus.RETURNED)


def _locked(report: LearningReport) -> LearningReport:
    return (
        LearningReport.objects.select_for_update(of=("self",))
        .select_related("member__user", "campaign", "unit")
        .get(pk=report.pk)
    )


def _check_grade(grade: str, mark: Decimal | None) -> None:
    if grade and grade not in Grade.values:
        raise ValidationError({"grade": [_("Xếp loại không hợp lệ.")]})
    if mark is not None and not Decimal(0) <= mark <= Decimal(10):
        raise ValidationError({"mark": [_("Điểm phải từ 0 đến 10.")]})


@transaction.atomic
def pass_report(
    actor: Actor | None,
    report: LearningReport,
    *,
    comment: str = "",
    grade: str = "",
    mark: Decimal | None = None,
) -> LearningReport:
    """Mark a submitted report "Đạt" (with an optional grade and mark)."""
    _check_grade(grade, mark)
    with transaction.atomic():
        locked = _locked(report)
        if locked.status not in (ReportStatus.SUBMITTED, ReportStatus.PASSED):
            raise ValidationError(_("Chỉ đánh giá được bài đã nộp."))
        if locked.check_state == "pending":
            raise ValidationError(_("Bài đang được kiểm tra trùng lặp; hãy chờ kết quả rồi đánh giá."))
        locked.status = ReportStatus.PASSED
        locked.comment = comment
        locked.grade = grade or Grade.PASS
        locked.mark = mark
        locked.reviewed_by_id = uid(actor)
        locked.reviewed_at = timezone.now()
        locked.save(update_fields=["status", "comment", "grade", "mark", "reviewed_by", "reviewed_at"])
        note = comment
        if mark is not None:
            note = (_("Điểm %(m)s. ") % {"m": mark}) + note
        log(actor, locked, EventKind.PASSED, _("Đánh giá đạt bài thu hoạch"), note=note)
    return locked


@transaction.atomic
def grade_report(
    actor: Actor | None, report: LearningReport, *, grade: str, mark: Decimal | None, comment: str = ""
) -> LearningReport:
    """Record "không đạt" or a mark without passing (the report stays where it is)."""
    _check_grade(grade, mark)
    with transaction.atomic():
        locked = _locked(report)
        if locked.current_id is None:
            raise ValidationError(_("Chỉ chấm được bài đã nộp."))
        locked.grade, locked.mark, locked.comment = grade, mark, comment
        locked.reviewed_by_id, locked.reviewed_at = uid(actor), timezone.now()
        locked.save(update_fields=["grade", "mark", "comment", "reviewed_by", "reviewed_at"])
        log(actor, locked, EventKind.GRADED, _("Chấm bài thu hoạch"), note=comment)
    return locked


@transaction.atomic
def return_report(
    actor: Actor | None, report: LearningReport, *, comment: str, rewrite_by: dt.date
) -> LearningReport:
    """Send a report back to be rewritten by ``rewrite_by``, saying why."""
    if not comment.strip():
        raise ValidationError({"comment": [_("Hãy ghi rõ lý do trả lại để đảng viên biết cần sửa gì.")]})
    if rewrite_by < timezone.localdate():
        raise ValidationError({"rewrite_by": [_("Hạn viết lại không được trước hôm nay.")]})
    with transaction.atomic():
        locked = _locked(report)
        if locked.status not in (ReportStatus.SUBMITTED, ReportStatus.PASSED):
            raise ValidationError(_("Chỉ trả lại được bài đã nộp."))
        locked.status = ReportStatus.RETURNED
        locked.comment = comment
        locked.rewrite_by = rewrite_by
        locked.reviewed_by_id, locked.reviewed_at = uid(actor), timezone.now()
        locked.save(update_fields=["status", "comment", "rewrite_by", "reviewed_by", "reviewed_at"])
        log(
            actor,
            locked,
            EventKind.RETURNED,
            _("Trả lại bài thu hoạch để viết lại, hạn %(d)s") % {"d": rewrite_by.strftime("%d/%m/%Y")},
            note=comment,
        )
        telling.returned(locked)
    return locked


@transaction.atomic
def open_case(actor: Actor | None, report: LearningReport, *, reason: str, findings: list[Finding]) -> Case:
    """Put the evidence to the member: they may answer until the deadline, then the level above decides.

    The case belongs to the lowest unit whose reviewers see every report involved, so that a reviewer who
    cannot see the counterpart's identity never decides on it.
    """
    if not reason.strip():
        raise ValidationError({"reason": [_("Hãy ghi lý do mở vụ việc.")]})
    with transaction.atomic():
        locked = _locked(report)
        if locked.status not in REVIEWABLE or locked.current_id is None:
            raise ValidationError(_("Chỉ mở vụ việc được với bài đã nộp."))
        if Case.objects.filter(report=locked).exclude(state=CaseState.DECIDED).exists():
            raise ValidationError(_("Bài này đang có một vụ việc chưa kết luận."))
        own = [f for f in findings if f.report_id == locked.pk or f.other_report_id == locked.pk]
        if not own:
            raise ValidationError({"findings": [_("Hãy chọn ít nhất một kết quả trùng lặp làm căn cứ.")]})
        units = [locked.unit_id]
        for finding in own:
            for side in (finding.report, finding.other_report):
                if side is not None:
                    units.append(side.unit_id)
        requirement = locked.campaign.report_requirement
        case = Case.objects.create(
            report=locked,
            unit_id=lowest_common_unit(units),
            reason=reason,
            opened_by_id=uid(actor),
            answer_by=timezone.localdate() + dt.timedelta(days=requirement.answer_days),
        )
        case.findings.set(own)
        locked.status = ReportStatus.CASE
        locked.save(update_fields=["status"])
        log(actor, locked, EventKind.CASE_OPENED, _("Mở vụ việc nghi sao chép"), note=reason, target=case)
        telling.case_opened(case)
    return case


@transaction.atomic
def answer_case(actor: Actor | None, case: Case, *, answer: str) -> Case:
    """The member's explanation (giải trình), until the answer deadline."""
    if not answer.strip():
        raise ValidationError({"answer": [_("Nội dung giải trình đang trống.")]})
    with transaction.atomic():
        locked = (
            Case.objects.select_for_update(of=("self",))
            .select_related("report__member", "report__campaign", "unit")
            .get(pk=case.pk)
        )
        if locked.state != CaseState.AWAITING_ANSWER:
            raise ValidationError(_("Vụ việc không còn nhận giải trình."))
        if timezone.localdate() > locked.answer_by:
            raise ValidationError(
                _("Đã quá hạn giải trình (%(d)s).") % {"d": locked.answer_by.strftime("%d/%m/%Y")}
            )
        locked.answer = answer
        locked.answered_at = timezone.now()
        locked.state = CaseState.AWAITING_DECISION
        locked.save(update_fields=["answer", "answered_at", "state"])
        log(actor, locked.report, EventKind.ANSWERED, _("Đảng viên giải trình"), note=answer, target=locked)
        telling.case_answered(locked, deciders(locked))
    return locked


def deciders(case: Case) -> list[Any]:
    """Users holding review rights at the unit that decides the case."""
    roles = [role for role, caps in ROLE_CAPABILITIES.items() if Capability.REVIEW_REPORTS in caps]
    user_ids = RoleAssignment.objects.filter(
        unit_id=deciding_unit_id(case), role__in=roles, revoked_at__isnull=True
    ).values("user_id")
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True))


@transaction.atomic
def decide_case(actor: Actor | None, case: Case, *, decision: str, note: str) -> Case:
    """The level above concludes. Before the answer deadline, only once the member has answered."""
    if decision not in Decision.values:
        raise ValidationError({"decision": [_("Hãy chọn kết luận.")]})
    if not note.strip():
        raise ValidationError({"note": [_("Hãy ghi ý kiến kết luận.")]})
    with transaction.atomic():
        locked = Case.objects.select_for_update(of=("self",)).select_related("report", "unit").get(pk=case.pk)
        if locked.state == CaseState.DECIDED:
            raise ValidationError(_("Vụ việc đã có kết luận."))
        if locked.state == CaseState.AWAITING_ANSWER and timezone.localdate() <= locked.answer_by:
            raise ValidationError(
                _("Đảng viên còn thời hạn giải trình đến hết ngày %(d)s; chưa kết luận được.")
                % {"d": locked.answer_by.strftime("%d/%m/%Y")}
            )
        locked.decision = decision
        locked.decision_note = note
        locked.decided_by_id = uid(actor)
        locked.decided_at = timezone.now()
        locked.state = CaseState.DECIDED
        locked.save(update_fields=["decision", "decision_note", "decided_by", "decided_at", "state"])
        report = _locked(locked.report)
        report.status = ReportStatus.COPIED if decision == Decision.COPIED else ReportStatus.SUBMITTED
        report.save(update_fields=["status"])
        log(
            actor,
            report,
            EventKind.DECIDED,
            _("Kết luận vụ việc: %(d)s") % {"d": locked.get_decision_display()},
            note=note,
            target=locked,
        )
        telling.decided(locked)
    return locked
