"""Access cases of the learning reports: their pages and their JSON API.

The XA2 objects a case points at are made on first use (``xa2``), from the access objects: a
requirement on XA2's own campaign (organised by XA2 for its members), so Trần Thị Bình (XA2) has a
report row; a version of it; XA2's shared library text and the campaign's own. Each part of the work
appends its cases below its own heading; the objects are shared.

``EFFECTIVE_UNSAFE``: the patterns whose first unsafe body really changes data for alice.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from quantriet.reports.models import (
    ALL_FORMATS,
    Finding,
    FindingKind,
    LearningReport,
    LibraryText,
    ReportVersion,
    Requirement,
)
from quantriet.reports.models import Case as ReportCase
from quantriet.reports.services import reviewing
from quantriet.reports.services.requirements import RequirementFields, save_requirement
from quantriet.reports.services.submitting import Handed, submit
from tests.access.model import Case, Objects, one

XA2_REPORT_TEXT = (
    "Bài thu hoạch của Chi bộ thôn 2 về Nghị quyết số 35-NQ/TW: nâng cao nhận thức, rèn luyện đạo đức, "
    "tích cực đấu tranh phản bác các quan điểm sai trái trên không gian mạng. "
) * 8


@dataclass(frozen=True)
class Xa2Reports:
    requirement: Requirement
    report: LearningReport  # Trần Thị Bình's
    version: ReportVersion
    shared_text: LibraryText  # XA2's shared library (campaign empty)
    campaign_text: LibraryText  # the library of XA2's campaign


def xa2(o: Objects) -> Xa2Reports:
    """XA2's reports objects, made once per test database (the access cases' urls build them)."""
    campaign = o.campaign
    requirement = Requirement.objects.filter(campaign=campaign).first()
    if requirement is None:
        requirement = save_requirement(
            None,
            campaign,
            RequirementFields(
                writers="audience",
                categories=[],
                deadline=dt.date(2099, 12, 31),
                guidance="Liên hệ bản thân",
                min_words=10,
                max_words=3000,
                formats=list(ALL_FORMATS),
                late_policy="mark",
            ),
        )
    report = LearningReport.objects.get(campaign=campaign, member=o.world.m_xa2)
    version = ReportVersion.objects.filter(report=report).first()
    if version is None:
        version = submit(None, report, Handed(XA2_REPORT_TEXT)).version
    shared, _created = LibraryText.objects.get_or_create(
        unit=o.world.xa2, campaign=None, title="Bài mẫu của Chi bộ thôn 2", defaults={"text": XA2_REPORT_TEXT}
    )
    own, _created = LibraryText.objects.get_or_create(
        unit=o.world.xa2,
        campaign=campaign,
        title="Bài mẫu của đợt học tập Chi bộ thôn 2",
        defaults={"text": XA2_REPORT_TEXT},
    )
    report.refresh_from_db()
    return Xa2Reports(requirement, report, version, shared, own)


CASES: dict[str, Case] = {}

# --- organise: the requirement, the library, on-behalf and batch submission -------------------------

REQUIREMENT_FORM = {
    "writers": "audience",
    "deadline": "31/12/2099",
    "guidance": "Bị sửa",
    "min_words": "1",
    "max_words": "3000",
    "formats": ["typed", "docx"],
    "late_policy": "mark",
    "answer_days": "7",
}


def _library_text(o: Objects) -> dict[str, Any]:
    return {"unit": o.world.xa2.pk, "title": "Bị thêm", "text": XA2_REPORT_TEXT + " Bị thêm."}


def _batch(o: Objects) -> dict[str, Any]:
    """A ZIP with Trần Thị Bình's report and the spreadsheet naming her (by card number)."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as opened:
        opened.writestr("binh.txt", XA2_REPORT_TEXT + " Nộp theo lô.")
    archive.seek(0)
    archive.name = "lo.zip"
    sheet = io.BytesIO("Tên tệp,Số thẻ đảng viên\nbinh.txt,10000002\n".encode())
    sheet.name = "lo.csv"
    return {"archive": archive, "sheet": sheet}


CASES |= {
    "reports/campaigns/<int:campaign_id>/requirement/": Case(
        one(lambda o: f"/reports/campaigns/{xa2(o).requirement.campaign_id}/requirement/"),
        unsafe=(("post", REQUIREMENT_FORM),),
    ),
    # The lists show only libraries the user keeps: the outsiders see their own (empty) ones.
    "reports/library/": Case(
        lambda o: [
            "/reports/library/",
            f"/reports/library/?unit={o.world.xa2.pk}",
            f"/reports/library/?campaign={xa2(o).requirement.campaign_id}",
        ],
        allowed=frozenset({200, 404}),
    ),
    "reports/library/add/": Case(
        lambda o: [
            f"/reports/library/add/?unit={o.world.xa2.pk}",
            f"/reports/library/add/?campaign={xa2(o).requirement.campaign_id}",
        ],
        unsafe=(("post", _library_text),),
    ),
    "reports/library/<int:text_id>/": Case(
        lambda o: [
            f"/reports/library/{xa2(o).shared_text.pk}/",
            f"/reports/library/{xa2(o).campaign_text.pk}/",
        ],
        unsafe=(("post", {"action": "delete"}),),
    ),
    "reports/<int:report_id>/behalf/": Case(
        one(lambda o: f"/reports/{xa2(o).report.pk}/behalf/"),
        unsafe=(("post", {"text": XA2_REPORT_TEXT + " Nộp thay."}),),
    ),
    "reports/campaigns/<int:campaign_id>/batch/": Case(
        one(lambda o: f"/reports/campaigns/{xa2(o).requirement.campaign_id}/batch/"),
        unsafe=(("post", _batch),),
    ),
    # The JSON API
    "api/v1/reports/campaigns/<int:campaign_id>/reports/": Case(
        one(lambda o: f"/api/v1/reports/campaigns/{xa2(o).requirement.campaign_id}/reports/"),
        kind="api",
    ),
    "api/v1/reports/<int:report_id>/": Case(
        one(lambda o: f"/api/v1/reports/{xa2(o).report.pk}/"),
        kind="api",
        unsafe=(("patch", {"status": "passed"}), ("delete", None)),
    ),
    "api/v1/reports/<int:report_id>/versions/": Case(
        one(lambda o: f"/api/v1/reports/{xa2(o).report.pk}/versions/"),
        kind="api",
        unsafe=(("post", {"text": XA2_REPORT_TEXT + " Nộp qua API."}),),
    ),
}

EFFECTIVE_UNSAFE: tuple[str, ...] = (
    "reports/campaigns/<int:campaign_id>/requirement/",
    "reports/library/add/",
    "reports/library/<int:text_id>/",
    "reports/<int:report_id>/behalf/",
    "reports/campaigns/<int:campaign_id>/batch/",
    "api/v1/reports/<int:report_id>/versions/",
)

# --- checking: the whole-cohort re-check of a campaign (organisers only) ----------------------------

CASES |= {
    "reports/campaigns/<int:campaign_id>/cohort/": Case(
        one(lambda o: f"/reports/campaigns/{xa2(o).requirement.campaign_id}/cohort/"),
    ),
    "reports/campaigns/<int:campaign_id>/cohort/progress/": Case(
        one(lambda o: f"/reports/campaigns/{xa2(o).requirement.campaign_id}/cohort/progress/"),
    ),
}

EFFECTIVE_UNSAFE += ("reports/campaigns/<int:campaign_id>/cohort/",)

# --- boards: the board (with ?unit=), its XLSX and DOCX, reminders, a member's record ----------------

CASES |= {
    "reports/campaigns/<int:campaign_id>/board/": Case(
        lambda o: [
            f"/reports/campaigns/{xa2(o).requirement.campaign_id}/board/",
            f"/reports/campaigns/{xa2(o).requirement.campaign_id}/board/?unit={o.world.xa2.pk}",
        ]
    ),
    "reports/campaigns/<int:campaign_id>/board.xlsx": Case(
        one(lambda o: f"/reports/campaigns/{xa2(o).requirement.campaign_id}/board.xlsx?unit={o.world.xa2.pk}")
    ),
    "reports/campaigns/<int:campaign_id>/summary.docx": Case(
        one(lambda o: f"/reports/campaigns/{xa2(o).requirement.campaign_id}/summary.docx")
    ),
    "reports/campaigns/<int:campaign_id>/board/remind/": Case(
        one(lambda o: f"/reports/campaigns/{xa2(o).requirement.campaign_id}/board/remind/"),
        allowed=frozenset({404, 405}),
        unsafe=(("post", lambda o: {"unit": str(o.world.xa2.pk)}),),
        anonymous=405,
    ),
    "reports/members/<int:member_id>/": Case(one(lambda o: f"/reports/members/{o.world.m_xa2.pk}/")),
}

EFFECTIVE_UNSAFE += ("reports/campaigns/<int:campaign_id>/board/remind/",)

# --- review: the queue, a report and its actions, the evidence, rings, a case, answer and decision ---


@dataclass(frozen=True)
class Xa2Review:
    finding: Finding  # dave's report (side a) found in Trần Thị Bình's (side b)
    case: ReportCase  # about dave's report, its answer deadline passed: the level above (XA) may decide


def xa2_review(o: Objects) -> Xa2Review:
    """Dave's report in XA2's campaign, a finding against Bình's, and a case about it (made once)."""
    base = xa2(o)
    dave = LearningReport.objects.get(campaign=base.requirement.campaign, member=o.world.m_dave)
    version = ReportVersion.objects.filter(report=dave).first()
    if version is None:
        version = submit(None, dave, Handed(XA2_REPORT_TEXT + " Đặng Văn Dũng chép lại.")).version
    LearningReport.objects.filter(pk__in=[dave.pk, base.report.pk]).update(
        check_state="done", similarity=0.9, findings_count=1
    )
    finding, _created = Finding.objects.get_or_create(
        version=version,
        other_version=base.version,
        defaults={
            "report": dave,
            "other_report": base.report,
            "kind": FindingKind.PEER,
            "similarity": 0.9,
            "other_similarity": 0.9,
            "passages": [[0, 120, 0, 120]],
        },
    )
    case = ReportCase.objects.filter(report=dave).first()
    if case is None:
        dave.refresh_from_db()
        case = reviewing.open_case(None, dave, reason="Trùng với bài của Chi bộ thôn 2", findings=[finding])
        ReportCase.objects.filter(pk=case.pk).update(answer_by=dt.date(2001, 1, 1))
    return Xa2Review(finding, case)


def _report_url(o: Objects, action: str) -> str:
    xa2_review(o)  # Bình's report is in the finding: the reviewer's case may cite it
    return f"/reports/{xa2(o).report.pk}/{action}"


CASES |= {
    # The queue lists only the user's reach: the outsiders see their own (XA2's campaign is not theirs).
    "reports/review/": Case(
        lambda o: [
            "/reports/review/",
            f"/reports/review/?campaign={xa2(o).requirement.campaign_id}",
            f"/reports/review/?campaign={xa2(o).requirement.campaign_id}&unit={o.world.xa2.pk}&state=submitted",
        ],
        allowed=frozenset({200, 404}),
    ),
    "reports/<int:report_id>/": Case(
        lambda o: [_report_url(o, ""), f"/reports/{xa2_review(o).case.report_id}/"],
        allowed=frozenset({404, 405}),
    ),
    "reports/<int:report_id>/pass/": Case(
        one(lambda o: _report_url(o, "pass/")),
        allowed=frozenset({404, 405}),
        unsafe=(("post", {"pass-mark": "8", "pass-comment": "Đạt"}),),
    ),
    "reports/<int:report_id>/return/": Case(
        one(lambda o: _report_url(o, "return/")),
        allowed=frozenset({404, 405}),
        unsafe=(("post", {"return-comment": "Viết lại", "return-rewrite_by": "31/12/2099"}),),
    ),
    "reports/<int:report_id>/grade/": Case(
        one(lambda o: _report_url(o, "grade/")),
        allowed=frozenset({404, 405}),
        unsafe=(("post", {"grade-grade": "fail", "grade-comment": "Chưa đạt"}),),
    ),
    "reports/<int:report_id>/case/": Case(
        one(lambda o: _report_url(o, "case/")),
        allowed=frozenset({404, 405}),
        unsafe=(
            ("post", lambda o: {"case-reason": "Trùng", "case-findings": [str(xa2_review(o).finding.pk)]}),
        ),
    ),
    "reports/findings/<int:finding_id>/": Case(
        one(lambda o: f"/reports/findings/{xa2_review(o).finding.pk}/")
    ),
    "reports/campaigns/<int:campaign_id>/rings/": Case(
        one(lambda o: f"/reports/campaigns/{xa2(o).requirement.campaign_id}/rings/")
    ),
    "reports/cases/<int:case_id>/": Case(one(lambda o: f"/reports/cases/{xa2_review(o).case.pk}/")),
    "reports/cases/<int:case_id>/answer/": Case(
        one(lambda o: f"/reports/cases/{xa2_review(o).case.pk}/answer/"),
        allowed=frozenset({404, 405}),
        unsafe=(("post", {"answer-answer": "Tôi tự viết"}),),
    ),
    "reports/cases/<int:case_id>/decide/": Case(
        one(lambda o: f"/reports/cases/{xa2_review(o).case.pk}/decide/"),
        allowed=frozenset({404, 405}),
        unsafe=(("post", {"decide-decision": "not_copied", "decide-note": "Không sao chép"}),),
    ),
}

EFFECTIVE_UNSAFE += (
    "reports/<int:report_id>/pass/",
    "reports/<int:report_id>/return/",
    "reports/<int:report_id>/grade/",
    "reports/<int:report_id>/case/",
    "reports/cases/<int:case_id>/decide/",
)

# --- member: the member's own reports, writing, autosave, upload, the receipt -----------------------
# Đặng Văn Dũng (dave, XA2, with an account) writes his own report of XA2's campaign; the writing pages
# answer 404 to everyone else (reviewers included), the receipt to whoever may not see the report.

DAVE_REPORT_TEXT = XA2_REPORT_TEXT.replace("Bài thu hoạch của", "Bài viết của Đặng Văn Dũng ở")


def dave_report(o: Objects) -> tuple[LearningReport, ReportVersion]:
    """Dave's report of XA2's campaign with one version, made on first use."""
    report = LearningReport.objects.get(campaign=xa2(o).requirement.campaign, member=o.world.m_dave)
    version = ReportVersion.objects.filter(report=report).first()
    if version is None:
        version = submit(o.world.dave, report, Handed(DAVE_REPORT_TEXT)).version
    return report, version


CASES |= {
    # The list is the signed-in member's own: the outsiders see theirs (none), never XA2's.
    "reports/mine/": Case(one(lambda o: "/reports/mine/"), allowed=frozenset({200})),
    "reports/<int:report_id>/write/": Case(
        one(lambda o: f"/reports/{dave_report(o)[0].pk}/write/"),
        unsafe=(("post", {"text": DAVE_REPORT_TEXT + " Viết thay người khác."}),),
    ),
    "reports/<int:report_id>/draft/": Case(
        one(lambda o: f"/reports/{dave_report(o)[0].pk}/draft/"),
        allowed=frozenset({404, 405}),
        unsafe=(("post", {"text": "Bản nháp viết thay người khác."}),),
    ),
    "reports/<int:report_id>/upload/": Case(
        one(lambda o: f"/reports/{dave_report(o)[0].pk}/upload/"),
        unsafe=(("post", {"step": "confirm", "digest": "0" * 64}),),
    ),
    "reports/versions/<int:version_id>/receipt/": Case(
        one(lambda o: f"/reports/versions/{dave_report(o)[1].pk}/receipt/")
    ),
}
