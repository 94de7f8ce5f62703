"""Access cases of the learning reports: their pages and their JSON API.

The XA2 objects a case points at are made on first use (``xa2``), from the access objects: a
requirement on XA2's own campaign (organised by XA2 for its members), so Trần Thị Bình (XA2) has a
report row; a version of it; XA2's shared library text and the campaign's own. Each part of the work
appends its cases below its own heading; the objects are shared.

``EFFECTIVE_UNSAFE``: the patterns whose first unsafe body really changes data for alice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from quantriet.reports.models import ALL_FORMATS, LearningReport, LibraryText, ReportVersion, Requirement
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

CASES |= {
    "reports/campaigns/<int:campaign_id>/requirement/": Case(
        one(lambda o: f"/reports/campaigns/{xa2(o).requirement.campaign_id}/requirement/"),
        unsafe=(("post", {"writers": "audience", "deadline": "31/12/2099", "min_words": "1"}),),
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
        unsafe=(("post", {"title": "Bị thêm", "text": "Văn bản bị thêm vào thư viện của người khác."}),),
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
        allowed=frozenset({404, 405}),
        unsafe=(("post", {"text": XA2_REPORT_TEXT + " Nộp qua API."}),),
    ),
}

EFFECTIVE_UNSAFE: tuple[str, ...] = ()

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
