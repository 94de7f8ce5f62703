"""The organisers' requirement, and the report rows it makes: one per member who must write.

Making the rows at publication (in batches) keeps every board a count over one table: "missing" is a
status, not an anti-join over 100,000 members.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.campaigns.categories import categories_of
from quantriet.campaigns.models import KEY_CADRE_CATEGORIES, MEMBER_CATEGORIES, Audience, Campaign
from quantriet.core.actors import Actor
from quantriet.orgs.models import Member, UnitLink
from quantriet.orgs.models.members import ON_ROLL_STATUSES
from quantriet.orgs.services import record_audit
from quantriet.orgs.services.audit import diff
from quantriet.reports.models import ALL_FORMATS, LatePolicy, LearningReport, Requirement, Writers

BATCH = 2000
# A report longer than this is not a learning report; the limit also bounds the copy check's work.
MAX_WORDS_LIMIT = 20000


@dataclass(frozen=True)
class RequirementFields:
    writers: str
    categories: list[str]
    deadline: dt.date
    guidance: str
    min_words: int
    max_words: int
    formats: list[str]
    late_policy: str
    answer_days: int = 7

    def as_dict(self) -> dict[str, Any]:
        return {
            "writers": self.writers,
            "categories": self.categories,
            "deadline": self.deadline,
            "guidance": self.guidance,
            "min_words": self.min_words,
            "max_words": self.max_words,
            "formats": self.formats,
            "late_policy": self.late_policy,
            "answer_days": self.answer_days,
        }


def validate(campaign: Campaign, fields: RequirementFields) -> None:
    errors: dict[str, list[str]] = {}
    if fields.writers not in Writers.values:
        errors["writers"] = [_("Hãy chọn ai phải viết bài thu hoạch.")]
    if fields.writers == Writers.CATEGORIES:
        unknown = [c for c in fields.categories if c not in MEMBER_CATEGORIES]
        if not fields.categories or unknown:
            errors["categories"] = [_("Hãy chọn ít nhất một đối tượng phải viết.")]
    if fields.deadline < campaign.conference_date:
        errors["deadline"] = [_("Hạn nộp bài không được trước ngày hội nghị.")]
    if fields.min_words < 1:
        errors["min_words"] = [_("Số chữ tối thiểu phải từ 1 trở lên.")]
    if fields.max_words > MAX_WORDS_LIMIT:
        errors["max_words"] = [
            _("Số chữ tối đa không quá %(n)s.") % {"n": f"{MAX_WORDS_LIMIT:,}".replace(",", ".")}
        ]
    elif fields.max_words < fields.min_words:
        errors["max_words"] = [_("Số chữ tối đa phải lớn hơn số chữ tối thiểu.")]
    if not fields.formats or any(f not in ALL_FORMATS for f in fields.formats):
        errors["formats"] = [_("Hãy chọn ít nhất một hình thức nộp bài.")]
    if fields.late_policy not in LatePolicy.values:
        errors["late_policy"] = [_("Hãy chọn cách xử lý bài nộp sau hạn.")]
    if not 1 <= fields.answer_days <= 60:
        errors["answer_days"] = [_("Thời hạn giải trình từ 1 đến 60 ngày.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_requirement(actor: Actor | None, campaign: Campaign, fields: RequirementFields) -> Requirement:
    """Create or change the requirement, and make the report rows of members who must now write."""
    validate(campaign, fields)
    with transaction.atomic():
        requirement = Requirement.objects.select_for_update().filter(campaign=campaign).first()
        values = fields.as_dict()
        if requirement is None:
            requirement = Requirement.objects.create(
                campaign=campaign, published_at=timezone.now(), updated_by_id=_uid(actor), **values
            )
            changes: dict[str, Any] = {k: [None, str(v)] for k, v in values.items()}
            action = "reports.requirement_created"
        else:
            changes = diff(requirement, values)
            for key, value in values.items():
                setattr(requirement, key, value)
            requirement.updated_by_id = _uid(actor)
            requirement.save()
            action = "reports.requirement_changed"
        added = sync_writers(requirement)
        record_audit(
            actor,
            action,
            requirement,
            unit=campaign.organising_unit,
            summary=_("Yêu cầu viết bài thu hoạch: %(c)s (%(n)s người thêm)")
            % {"c": campaign.title, "n": added},
            changes=changes,
        )
    return requirement


def _uid(actor: Actor | None) -> int | None:
    return int(actor.pk) if actor is not None and actor.is_authenticated else None


def required_members(requirement: Requirement) -> Iterator[list[Member]]:
    """Members who must write, in batches: on the roll of a cell in the scope, of the chosen categories."""
    campaign = requirement.campaign
    scope = UnitLink.objects.filter(ancestor_id=campaign.scope_unit_id).values("descendant_id")
    found = Member.objects.filter(unit_id__in=scope, status__in=ON_ROLL_STATUSES).only("id", "unit_id")
    wanted: set[str] | None = None
    if requirement.writers == Writers.CATEGORIES:
        wanted = set(requirement.categories)
    elif campaign.audience == Audience.KEY_CADRES:
        wanted = {str(c) for c in KEY_CADRE_CATEGORIES}
    elif campaign.audience == Audience.CATEGORIES:
        wanted = set(campaign.categories)
    batch: list[Member] = []
    for member in found.order_by("id").iterator(chunk_size=BATCH):
        batch.append(member)
        if len(batch) >= BATCH:
            yield _filter(batch, wanted)
            batch = []
    if batch:
        yield _filter(batch, wanted)


def _filter(batch: list[Member], wanted: set[str] | None) -> list[Member]:
    if wanted is None:
        return batch
    category = categories_of(m.pk for m in batch)
    return [m for m in batch if category[m.pk] in wanted]


def sync_writers(requirement: Requirement) -> int:
    """Add a report row for every member who must write and has none yet; returns how many were added.

    Rows are never removed here: a member who left keeps what they handed in.
    """
    added = 0
    campaign_id = requirement.campaign_id
    for batch in required_members(requirement):
        have = set(
            LearningReport.objects.filter(
                campaign_id=campaign_id, member_id__in=[m.pk for m in batch]
            ).values_list("member_id", flat=True)
        )
        rows = [
            LearningReport(campaign_id=campaign_id, member_id=m.pk, unit_id=m.unit_id)
            for m in batch
            if m.pk not in have
        ]
        LearningReport.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        added += len(rows)
    return added
