"""Drafts and submissions: a member (or a secretary for them) hands in a text, and gets a receipt.

A submission is one transaction: the version, the report's new state, the history and the audit, and the
copy check queued on commit. The same text handed in twice is one version (the receipt is its digest).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.core.actors import Actor
from quantriet.reports.models import (
    EventKind,
    LatePolicy,
    LearningReport,
    ReportStatus,
    ReportVersion,
    Requirement,
    Source,
)
from quantriet.reports.services.events import log, uid
from quantriet.text.measure import report_words, text_digest

# Statuses in which a new version may be handed in (before the deadline, or the rewrite deadline).
OPEN_STATUSES = (ReportStatus.REQUIRED, ReportStatus.SUBMITTED, ReportStatus.RETURNED)
# A draft is kept as typed; this bounds what one browser can make the server keep.
MAX_DRAFT_CHARS = 400_000


@dataclass(frozen=True)
class Submitted:
    version: ReportVersion
    created: bool  # False: the same text was already handed in; that version is the receipt


@dataclass(frozen=True)
class Handed:
    """What is being handed in, with where it came from."""

    text: str
    source: str = Source.TYPED
    file_name: str = ""
    file_kind: str = ""
    converted_from: str = ""
    on_behalf: bool = False


def requirement_of(report: LearningReport) -> Requirement:
    try:
        return Requirement.objects.get(campaign_id=report.campaign_id)
    except Requirement.DoesNotExist:
        raise ValidationError(_("Đợt học tập này chưa yêu cầu viết bài thu hoạch.")) from None


def is_late(report: LearningReport, requirement: Requirement) -> bool:
    now = timezone.now()
    if report.status == ReportStatus.RETURNED and report.rewrite_by is not None:
        return timezone.localtime(now).date() > report.rewrite_by
    return now >= requirement.closes_at()


def may_submit(report: LearningReport, requirement: Requirement) -> str | None:
    """Why a new version cannot be handed in now (a Vietnamese sentence), or None."""
    if report.status == ReportStatus.PASSED:
        return _("Bài đã được đánh giá đạt; không nộp lại được.")
    if report.status in (ReportStatus.CASE, ReportStatus.COPIED):
        return _("Bài đang được xem xét việc sao chép; không nộp lại được trong lúc này.")
    if is_late(report, requirement) and requirement.late_policy == LatePolicy.REFUSE:
        if report.status == ReportStatus.RETURNED and report.rewrite_by is not None:
            return _("Đã quá hạn viết lại (%(d)s).") % {"d": report.rewrite_by.strftime("%d/%m/%Y")}
        return _("Đã quá hạn nộp bài (%(d)s); đợt học tập này không nhận bài nộp sau hạn.") % {
            "d": requirement.deadline.strftime("%d/%m/%Y")
        }
    return None


def check_length(text: str, requirement: Requirement) -> int:
    words = report_words(text)
    if words == 0:
        raise ValidationError({"text": [_("Bài thu hoạch đang trống.")]})
    if words < requirement.min_words:
        raise ValidationError(
            {
                "text": [
                    _("Bài mới có %(n)s chữ; yêu cầu tối thiểu %(m)s chữ.")
                    % {"n": words, "m": requirement.min_words}
                ]
            }
        )
    if words > requirement.max_words:
        raise ValidationError(
            {
                "text": [
                    _("Bài có %(n)s chữ, vượt quá %(m)s chữ cho phép.")
                    % {"n": words, "m": requirement.max_words}
                ]
            }
        )
    return words


def check_format(handed: Handed, requirement: Requirement) -> None:
    kind = "typed" if handed.source == Source.TYPED else handed.file_kind
    if handed.source in (Source.BATCH, Source.API) and not handed.file_kind:
        return  # text handed in by a secretary's batch or a program: any accepted format is fine
    if kind not in requirement.formats:
        raise ValidationError({"file": [_("Đợt học tập này không nhận bài dạng này.")]})


@transaction.atomic
def submit(actor: Actor | None, report: LearningReport, handed: Handed) -> Submitted:
    """Hand in a version of ``report``; raises ValidationError with a Vietnamese message when refused."""
    from quantriet.reports.checking.queue import queue_check  # the checker imports these services

    requirement = requirement_of(report)
    text = handed.text.replace("\r\n", "\n").replace("\r", "\n").strip()
    words = check_length(text, requirement)
    check_format(handed, requirement)
    digest = text_digest(text)
    with transaction.atomic():
        locked = LearningReport.objects.select_for_update().get(pk=report.pk)
        same = ReportVersion.objects.filter(report=locked, digest=digest).first()
        if same is not None:
            return Submitted(same, created=False)
        refusal = may_submit(locked, requirement)
        if refusal:
            raise ValidationError(refusal)
        late = is_late(locked, requirement)
        number = (ReportVersion.objects.filter(report=locked).aggregate(n=Max("number"))["n"] or 0) + 1
        now = timezone.now()
        try:
            with transaction.atomic():
                version = ReportVersion.objects.create(
                    report=locked,
                    number=number,
                    text=text,
                    digest=digest,
                    words=words,
                    source=handed.source,
                    file_name=handed.file_name[:200],
                    file_kind=handed.file_kind,
                    converted_from=handed.converted_from,
                    late=late,
                    submitted_at=now,
                    submitted_by_id=uid(actor),
                    on_behalf=handed.on_behalf,
                )
        except IntegrityError:
            # Two tabs handing in the same text at once: the other one won; its version is the receipt.
            return Submitted(ReportVersion.objects.get(report=locked, digest=digest), created=False)
        locked.current = version
        locked.status = ReportStatus.SUBMITTED
        locked.late = late
        locked.submitted_at = now
        locked.check_state = "pending"
        locked.similarity = 0.0
        locked.findings_count = 0
        locked.draft = ""
        locked.draft_saved_at = None
        locked.save(
            update_fields=[
                "current",
                "status",
                "late",
                "submitted_at",
                "check_state",
                "similarity",
                "findings_count",
                "draft",
                "draft_saved_at",
            ]
        )
        summary = _("Nộp bài thu hoạch lần %(n)s (%(w)s chữ)") % {"n": number, "w": words}
        if handed.on_behalf:
            summary += " — " + _("nộp thay")
        if late:
            summary += " — " + _("nộp muộn")
        log(actor, locked, EventKind.SUBMITTED, summary, target=version, changes={"digest": digest})
        transaction.on_commit(lambda: queue_check(version.pk))
    report.refresh_from_db()
    return Submitted(version, created=True)


def save_draft(actor: Actor | None, report: LearningReport, text: str) -> LearningReport:
    """Keep what the member is typing (autosaved): nothing else changes, nothing is checked."""
    if len(text) > MAX_DRAFT_CHARS:
        raise ValidationError({"text": [_("Bản nháp quá dài.")]})
    if report.status not in OPEN_STATUSES:
        raise ValidationError(_("Bài không còn sửa được."))
    updated = LearningReport.objects.filter(pk=report.pk, status__in=OPEN_STATUSES).update(
        draft=text, draft_saved_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("Bài không còn sửa được."))
    report.refresh_from_db(fields=["draft", "draft_saved_at"])
    return report
