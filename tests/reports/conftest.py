"""Learning reports in the shared test world.

campaign "Học tập Nghị quyết 35" (organiser and scope PROV, all members) with a requirement:
deadline in 30 days, 100-3,000 words, every format, late reports marked late.
Every member of the world has a report row; dave (XA2) and fiona (XB1, new here) write with accounts.
Each test gets its own copy index (the index is derived data beside the test database).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from quantriet.campaigns import services as campaign_services
from quantriet.campaigns.models import Campaign
from quantriet.documents import services as document_services
from quantriet.orgs.models import Member
from quantriet.reports.checking import store
from quantriet.reports.models import ALL_FORMATS, LearningReport, Requirement
from quantriet.reports.services.requirements import RequirementFields, save_requirement
from tests.campaigns.conftest import campaign_values
from tests.conftest import PASSWORD, World, make_member

DOCUMENT_BODY = (
    "Nghị quyết về tăng cường bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, "
    "thù địch trong tình hình mới. Mỗi cán bộ, đảng viên phải nêu cao tinh thần trách nhiệm, chủ động, tích "
    "cực tham gia bảo vệ nền tảng tư tưởng của Đảng trên không gian mạng và trong đời sống hằng ngày."
)


@pytest.fixture(autouse=True)
def _own_copy_index(tmp_path: Path, settings: Any) -> Any:
    settings.COPY_INDEX_DIR = tmp_path / "copyindex"
    store.forget()
    yield
    store.forget()


@dataclass
class Reports:
    world: World
    campaign: Campaign
    requirement: Requirement
    fiona: User
    m_fiona: Member

    def report_of(self, member: Member) -> LearningReport:
        return LearningReport.objects.get(campaign=self.campaign, member=member)


def requirement_fields(**extra: Any) -> RequirementFields:
    values: dict[str, Any] = {
        "writers": "audience",
        "categories": [],
        "deadline": timezone.localdate() + dt.timedelta(days=30),
        "guidance": "Nội dung cơ bản, điểm mới của Nghị quyết\nLiên hệ bản thân\nGiải pháp thực hiện",
        "min_words": 100,
        "max_words": 3000,
        "formats": list(ALL_FORMATS),
        "late_policy": "mark",
    }
    values.update(extra)
    return RequirementFields(**values)


@pytest.fixture
def reports(world: World) -> Reports:
    document = document_services.create_document(
        None,
        doc_type="Nghị quyết",
        symbol="35-NQ/TW",
        issued_on=dt.date(2018, 10, 22),
        is_public=True,
        subject="Về tăng cường bảo vệ nền tảng tư tưởng của Đảng",
        body=DOCUMENT_BODY,
    )
    values = campaign_values(
        world,
        document,
        conference_date=timezone.localdate() - dt.timedelta(days=3),
        plan_deadline=timezone.localdate() + dt.timedelta(days=20),
        report_deadline=timezone.localdate() + dt.timedelta(days=30),
    )
    campaign = campaign_services.create_campaign(None, **values)
    fiona = User.objects.create_user("fiona", "fiona@example.org", PASSWORD)
    m_fiona = make_member(world.xb1, "Phạm Thu Phương", "10000005", sex="female")
    m_fiona.user = fiona
    m_fiona.save(update_fields=["user"])
    requirement = save_requirement(None, campaign, requirement_fields())
    return Reports(world, campaign, requirement, fiona, m_fiona)
