"""Creating and editing a campaign: the documents, the organiser, the scope, the audience, the timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from quantriet.campaigns.models import MEMBER_CATEGORIES, Audience, Campaign, PlanObligation
from quantriet.core.actors import Actor
from quantriet.documents.models import Document
from quantriet.orgs.models import Unit, UnitLink
from quantriet.orgs.services import record_audit
from quantriet.orgs.services.audit import diff


def actor_id(actor: Actor | None) -> int | None:
    return int(actor.pk) if actor is not None and actor.is_authenticated else None


def day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def is_within(unit: Unit | int, ancestor: Unit | int) -> bool:
    """Is ``unit`` the same as ``ancestor`` or below it?"""
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    ancestor_id = ancestor.pk if isinstance(ancestor, Unit) else ancestor
    return UnitLink.objects.filter(ancestor_id=ancestor_id, descendant_id=unit_id).exists()


@dataclass(frozen=True)
class CampaignFields:
    title: str
    organising_unit: Unit
    scope_unit: Unit
    audience: str
    categories: list[str]
    documents: list[Document]
    conference_date: dt.date
    plan_deadline: dt.date
    report_deadline: dt.date
    plans_owed_by: str = PlanObligation.BELOW
    chosen_plan_units: tuple[Unit, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "organising_unit": self.organising_unit,
            "scope_unit": self.scope_unit,
            "audience": self.audience,
            "categories": self.categories,
            "conference_date": self.conference_date,
            "plan_deadline": self.plan_deadline,
            "report_deadline": self.report_deadline,
            "plans_owed_by": self.plans_owed_by,
        }


def validate_campaign_fields(
    *,
    title: str,
    organising_unit: Unit,
    scope_unit: Unit | None,
    audience: str,
    categories: Iterable[str] = (),
    documents: Iterable[Document],
    conference_date: dt.date,
    plan_deadline: dt.date,
    report_deadline: dt.date,
    plans_owed_by: str = PlanObligation.BELOW,
    chosen_plan_units: Iterable[Unit] = (),
    campaign: Campaign | None = None,
) -> CampaignFields:
    """Check a campaign's values together; every problem is reported at once, keyed by field.

    Raises:
        ValidationError: Keyed by field, in Vietnamese.
    """
    errors: dict[str, str] = {}
    title = " ".join(title.split())
    if not title:
        errors["title"] = _("Hãy ghi tên đợt học tập, quán triệt.")
    scope = scope_unit or organising_unit
    if not is_within(scope, organising_unit):
        errors["scope_unit"] = _(
            "Phạm vi phải là chính đơn vị tổ chức hoặc một đơn vị cấp dưới của nó; %(scope)s không thuộc "
            "%(unit)s."
        ) % {"scope": scope.name, "unit": organising_unit.name}
    picked = set(categories)
    chosen: list[str] = []
    if audience not in Audience.values:
        errors["audience"] = _("Hãy chọn đối tượng học tập.")
    elif audience == Audience.CATEGORIES:
        if not picked or not picked <= set(MEMBER_CATEGORIES):
            errors["categories"] = _("Đã chọn “các đối tượng được chọn”: hãy đánh dấu ít nhất một đối tượng.")
        chosen = [str(value) for value in MEMBER_CATEGORIES if value in picked]
    docs = list(documents)
    if not docs:
        errors["documents"] = _("Hãy chọn ít nhất một văn bản cần học tập, quán triệt.")
    for field, label in (
        ("plan_deadline", _("Hạn nộp kế hoạch thực hiện")),
        ("report_deadline", _("Hạn nộp báo cáo")),
    ):
        deadline = plan_deadline if field == "plan_deadline" else report_deadline
        if deadline < conference_date:
            errors[field] = _(
                "%(label)s (%(deadline)s) đứng trước ngày hội nghị (%(day)s); hãy chọn một ngày từ ngày "
                "hội nghị trở đi."
            ) % {"label": label, "deadline": day(deadline), "day": day(conference_date)}
    if "report_deadline" not in errors and report_deadline < plan_deadline:
        errors["report_deadline"] = _(
            "Hạn nộp báo cáo (%(report)s) đứng trước hạn nộp kế hoạch (%(plan)s); báo cáo kết quả nộp sau "
            "kế hoạch."
        ) % {"report": day(report_deadline), "plan": day(plan_deadline)}
    if campaign is not None and "plan_deadline" not in errors:
        last = campaign.conferences.aggregate(last=Max("held_on"))["last"]
        if last is not None and last > plan_deadline:
            errors["plan_deadline"] = _(
                "Đợt này có hội nghị họp ngày %(last)s, sau hạn nộp kế hoạch (%(plan)s); hãy lùi hạn hoặc "
                "đổi ngày hội nghị trước."
            ) % {"last": day(last), "plan": day(plan_deadline)}
    chosen_units: tuple[Unit, ...] = ()
    if plans_owed_by not in PlanObligation.values:
        errors["plans_owed_by"] = _("Hãy chọn những đơn vị phải nộp kế hoạch thực hiện.")
    elif plans_owed_by == PlanObligation.CHOSEN:
        chosen_units = tuple(dict.fromkeys(chosen_plan_units))
        outside = _outside_scope(chosen_units, scope, organising_unit)
        if not chosen_units:
            errors["chosen_plan_units"] = _(
                "Đã chọn “danh sách đơn vị được chọn”: hãy ghi ít nhất một đơn vị phải nộp kế hoạch."
            )
        elif outside:
            errors["chosen_plan_units"] = _(
                "Các đơn vị sau không thể giao nộp kế hoạch (ngoài phạm vi của đợt, là chính đơn vị tổ "
                "chức hoặc đã giải thể): %(units)s. Hãy bỏ chúng khỏi danh sách."
            ) % {"units": "; ".join(outside)}
    if errors:
        raise ValidationError(errors)
    return CampaignFields(
        title=title[:300],
        organising_unit=organising_unit,
        scope_unit=scope,
        audience=audience,
        categories=chosen,
        documents=docs,
        conference_date=conference_date,
        plan_deadline=plan_deadline,
        report_deadline=report_deadline,
        plans_owed_by=plans_owed_by,
        chosen_plan_units=chosen_units,
    )


def _outside_scope(units: tuple[Unit, ...], scope: Unit, organising_unit: Unit) -> list[str]:
    """The names of the chosen units that cannot owe a plan: outside the scope, the organiser, closed."""
    inside = set(
        UnitLink.objects.filter(
            ancestor=scope, descendant__in=units, descendant__valid_to__isnull=True
        ).values_list("descendant_id", flat=True)
    )
    return [u.name for u in units if u.pk not in inside or u.pk == organising_unit.pk]


@transaction.atomic
def create_campaign(actor: Actor | None, **values: Any) -> Campaign:
    """Create a campaign (callers have checked MANAGE_CAMPAIGNS on the organising unit)."""
    clean = validate_campaign_fields(**values)
    with transaction.atomic():
        campaign = Campaign(
            created_by_id=actor_id(actor),
            **clean.as_dict(),
        )
        campaign.save()
        campaign.documents.set(clean.documents)
        campaign.chosen_plan_units.set(clean.chosen_plan_units)
        record_audit(
            actor,
            "campaign.create",
            campaign,
            unit=campaign.organising_unit,
            summary=f"Tạo đợt học tập, quán triệt “{campaign.title}”",
            changes={
                **clean.as_dict(),
                "documents": [d.pk for d in clean.documents],
                "chosen_plan_units": [u.pk for u in clean.chosen_plan_units],
            },
        )
    return campaign


@transaction.atomic
def update_campaign(actor: Actor | None, campaign: Campaign, **values: Any) -> Campaign:
    """Edit a campaign; the organising unit stays (moving a campaign is a new campaign)."""
    values["organising_unit"] = campaign.organising_unit
    clean = validate_campaign_fields(campaign=campaign, **values)
    new_values = clean.as_dict()
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        changes: dict[str, Any] = diff(locked, new_values)
        old_docs = set(locked.documents.values_list("pk", flat=True))
        new_docs = {d.pk for d in clean.documents}
        if old_docs != new_docs:
            changes["documents"] = [sorted(old_docs), sorted(new_docs)]
        old_chosen = set(locked.chosen_plan_units.values_list("pk", flat=True))
        new_chosen = {u.pk for u in clean.chosen_plan_units}
        if old_chosen != new_chosen:
            changes["chosen_plan_units"] = [sorted(old_chosen), sorted(new_chosen)]
        for name, value in new_values.items():
            setattr(locked, name, value)
        locked.save()
        locked.documents.set(clean.documents)
        locked.chosen_plan_units.set(clean.chosen_plan_units)
        if changes:
            record_audit(
                actor,
                "campaign.update",
                locked,
                unit=locked.organising_unit,
                summary=f"Sửa đợt học tập, quán triệt “{locked.title}”",
                changes=changes,
            )
    return locked
