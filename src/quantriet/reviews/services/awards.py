"""Award forms, award proposals and their decisions: every write audited, all-or-nothing.

A province (or another committee) configures the awards it grants (``AwardForm``); the units below
propose candidates computed from the decided ratings (``selectors.awards.candidates``); the granting
level (managers of reviews at the form's unit or above) grants or refuses them with a decision number.
Out-of-reach objects answer 404; refusals raise ``ValidationError`` with a Vietnamese sentence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from quantriet.core.actors import Actor
from quantriet.orgs import access
from quantriet.orgs.models import Member, Unit
from quantriet.orgs.services import record_audit
from quantriet.orgs.services.audit import diff
from quantriet.reviews.models import (
    AwardBasis,
    AwardForm,
    AwardKind,
    AwardProposal,
    BadgeProposal,
    ProposalState,
)
from quantriet.reviews.selectors import awards as select

MAX_YEARS = 30
R = TypeVar("R", AwardProposal, BadgeProposal)


def _uid(actor: Actor | None) -> int | None:
    return int(actor.pk) if actor is not None and actor.is_authenticated else None


def _require(actor: Actor | None, unit: Unit) -> None:
    if actor is not None and not access.can(actor, select.MANAGE, unit):
        raise Http404


def _form_values(name: str, kind: str, basis: str, years: int, granted_by: str) -> dict[str, object]:
    name = " ".join(name.split())
    granted_by = " ".join(granted_by.split())
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Hãy ghi tên hình thức khen thưởng.")]
    if kind not in AwardKind.values:
        errors["kind"] = [_("Hãy chọn loại: Giấy khen, Bằng khen hoặc Cờ thi đua.")]
    if basis not in AwardBasis.values:
        errors["basis"] = [_("Hãy chọn tiêu chuẩn khen thưởng.")]
    if basis in (AwardBasis.ORGANISATION_YEAR, AwardBasis.MEMBER_YEAR):
        years = 1
    elif not 2 <= years <= MAX_YEARS:
        errors["years"] = [_("Số năm liền phải từ 2 đến %(n)s.") % {"n": MAX_YEARS}]
    if not granted_by:
        errors["granted_by"] = [_("Hãy ghi cấp khen thưởng, ví dụ “Ban Thường vụ Tỉnh ủy”.")]
    if errors:
        raise ValidationError(errors)
    return {"name": name[:200], "kind": kind, "basis": basis, "years": years, "granted_by": granted_by[:200]}


def _name_taken(unit: Unit, name: str, exclude: int = 0) -> None:
    if AwardForm.objects.filter(unit=unit, name=name).exclude(pk=exclude).exists():
        raise ValidationError({"name": [_("Đơn vị đã có hình thức khen thưởng “%(n)s”.") % {"n": name}]})


@transaction.atomic
def create_form(
    actor: Actor | None, *, unit: Unit, name: str, kind: str, basis: str, years: int = 1, granted_by: str
) -> AwardForm:
    """Configure an award ``unit`` grants; refused with a message on a bad or duplicate value."""
    _require(actor, unit)
    values = _form_values(name, kind, basis, years, granted_by)
    _name_taken(unit, str(values["name"]))
    form = AwardForm.objects.create(unit=unit, **values)
    record_audit(
        actor,
        "reviews.award_form_created",
        form,
        unit=unit,
        summary=_("Thêm hình thức khen thưởng “%(n)s”") % {"n": form.name},
        changes={key: [None, value] for key, value in values.items()},
    )
    return form


@transaction.atomic
def update_form(
    actor: Actor | None, form: AwardForm, *, name: str, kind: str, basis: str, years: int = 1, granted_by: str
) -> AwardForm:
    _require(actor, form.unit)
    values = _form_values(name, kind, basis, years, granted_by)
    _name_taken(form.unit, str(values["name"]), exclude=form.pk)
    changes = diff(form, values)
    if not changes:
        return form
    if AwardProposal.objects.filter(form=form).exists() and ({"basis", "years"} & set(changes)):
        raise ValidationError(
            {"basis": [_("Hình thức này đã có đề nghị khen thưởng: không đổi được tiêu chuẩn, số năm.")]}
        )
    for key, value in values.items():
        setattr(form, key, value)
    form.save(update_fields=list(values))
    record_audit(
        actor,
        "reviews.award_form_updated",
        form,
        unit=form.unit,
        summary=_("Sửa hình thức khen thưởng “%(n)s”") % {"n": form.name},
        changes=changes,
    )
    return form


@transaction.atomic
def set_form_active(actor: Actor | None, form: AwardForm, *, active: bool) -> AwardForm:
    """Stop (or resume) using an award form; its proposals and decisions stay."""
    _require(actor, form.unit)
    if form.active == active:
        return form
    form.active = active
    form.save(update_fields=["active"])
    summary = (
        _("Ngừng dùng hình thức khen thưởng “%(n)s”")
        if not active
        else _("Dùng lại hình thức khen thưởng “%(n)s”")
    )
    record_audit(
        actor,
        "reviews.award_form_active",
        form,
        unit=form.unit,
        summary=summary % {"n": form.name},
        changes={"active": [not active, active]},
    )
    return form


def _subject_name(subject: Member | Unit | None) -> str:
    if subject is None:
        return ""
    return subject.full_name if isinstance(subject, Member) else subject.name


@transaction.atomic
def propose(
    actor: Actor | None,
    *,
    form: AwardForm,
    year: int,
    proposing_unit: Unit,
    subjects: Sequence[Member | Unit],
    achievement: str = "",
) -> list[AwardProposal]:
    """Propose one or many candidates of ``proposing_unit``'s subtree for ``form`` in ``year``.

    All or nothing: a subject who is no candidate, or already proposed, refuses the whole batch with
    the names to remove. A withdrawn proposal is proposed again on the same row.
    """
    _require(actor, proposing_unit)
    if not subjects:
        raise ValidationError(_("Hãy chọn ít nhất một người hoặc tổ chức để đề nghị."))
    if not select.applies_at(form, proposing_unit):
        raise ValidationError(
            _("Hình thức “%(f)s” không áp dụng cho %(u)s.") % {"f": form.name, "u": proposing_unit.name}
        )
    members = select.for_members(form)
    if any(isinstance(s, Member) != members for s in subjects):
        raise ValidationError(
            _("Hình thức “%(f)s” dành cho %(w)s.")
            % {"f": form.name, "w": _("đảng viên") if members else _("tổ chức đảng")}
        )
    eligible = set(
        select.candidates(form, year, proposing_unit)
        .filter(pk__in=[s.pk for s in subjects])
        .values_list("pk", flat=True)
    )
    outside = [_subject_name(s) for s in subjects if s.pk not in eligible]
    if outside:
        raise ValidationError(
            _("Không đủ tiêu chuẩn “%(b)s” năm %(y)s: %(n)s.")
            % {"b": form.get_basis_display(), "y": year, "n": ", ".join(outside)}
        )
    key = "member" if members else "unit"
    existing = {
        getattr(p, f"{key}_id"): p
        for p in AwardProposal.objects.select_for_update(of=("self",)).filter(
            form=form, year=year, **{f"{key}__in": [s.pk for s in subjects]}
        )
    }
    twice = [
        _subject_name(s)
        for s in subjects
        if s.pk in existing and existing[s.pk].state != ProposalState.WITHDRAWN
    ]
    if twice:
        raise ValidationError(
            _("Đã được đề nghị “%(f)s” năm %(y)s: %(n)s.")
            % {"f": form.name, "y": year, "n": ", ".join(twice)}
        )
    made: list[AwardProposal] = []
    achievement = achievement.strip()[:4000]
    for subject in subjects:
        proposal = proposed_row(
            AwardProposal,
            existing.get(subject.pk),
            {
                "form": form,
                "year": year,
                "proposing_unit": proposing_unit,
                "achievement": achievement,
                "proposed_by_id": _uid(actor),
                key: subject,
            },
            _("Đã được đề nghị “%(f)s” năm %(y)s: %(n)s.")
            % {"f": form.name, "y": year, "n": _subject_name(subject)},
        )
        record_audit(
            actor,
            "reviews.award_proposed",
            proposal,
            unit=proposing_unit,
            summary=_("Đề nghị tặng “%(f)s” năm %(y)s cho %(n)s")
            % {"f": form.name, "y": year, "n": _subject_name(subject)},
            changes={"state": [None, ProposalState.PROPOSED]},
        )
        made.append(proposal)
    return made


@transaction.atomic
def proposed_row(model: type[R], row: R | None, fields: dict[str, Any], refusal: str) -> R:
    """A new proposal row, or a withdrawn one proposed again; a twin saved meanwhile is refused."""
    try:
        with transaction.atomic():
            if row is None:
                return model.objects.create(**fields)
            for name, value in fields.items():
                setattr(row, name, value)
            row.state = ProposalState.PROPOSED
            row.save(update_fields=[name.removesuffix("_id") for name in fields] + ["state"])
            return row
    except IntegrityError:  # proposed at the same moment by someone else
        raise ValidationError(refusal) from None


@transaction.atomic
def withdraw(actor: Actor | None, proposal: AwardProposal) -> AwardProposal:
    """The proposing unit takes a proposal back before it is decided."""
    _require(actor, proposal.proposing_unit)
    proposal = AwardProposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
    if proposal.state != ProposalState.PROPOSED:
        raise ValidationError(_("Đề nghị đã được quyết định hoặc đã rút: không rút được nữa."))
    proposal.state = ProposalState.WITHDRAWN
    proposal.save(update_fields=["state"])
    record_audit(
        actor,
        "reviews.award_withdrawn",
        proposal,
        unit=proposal.proposing_unit,
        summary=_("Rút đề nghị tặng “%(f)s” năm %(y)s") % {"f": proposal.form.name, "y": proposal.year},
        changes={"state": [ProposalState.PROPOSED, ProposalState.WITHDRAWN]},
    )
    return proposal


def _decision_values(outcome: str, number: str, decided_on: dt.date | None, reason: str) -> dict[str, str]:
    """The checks a decision of awards and of badges share; the cleaned number and reason."""
    number = " ".join(number.split())[:50]
    reason = reason.strip()[:4000]
    errors: dict[str, list[str]] = {}
    if outcome not in (ProposalState.GRANTED, ProposalState.REFUSED):
        errors["outcome"] = [_("Hãy chọn khen thưởng hoặc không khen thưởng.")]
    if outcome == ProposalState.GRANTED and not number:
        errors["decision_number"] = [_("Hãy ghi số quyết định khen thưởng.")]
    if decided_on is None:
        errors["decided_on"] = [_("Hãy ghi ngày quyết định.")]
    if outcome == ProposalState.REFUSED and not reason:
        errors["reason"] = [_("Hãy ghi lý do không khen thưởng.")]
    if errors:
        raise ValidationError(errors)
    return {"number": number, "reason": reason}


@transaction.atomic
def decide(
    actor: Actor | None,
    proposals: Sequence[AwardProposal],
    *,
    outcome: str,
    decision_number: str,
    decided_on: dt.date | None,
    reason: str = "",
) -> list[AwardProposal]:
    """Grant or refuse proposals by one decision: only the granting level, only standing proposals."""
    values = _decision_values(outcome, decision_number, decided_on, reason)
    if not proposals:
        raise ValidationError(_("Hãy chọn ít nhất một đề nghị."))
    locked = list(
        AwardProposal.objects.select_for_update(of=("self",))
        .select_related("form", "form__unit", "member", "unit")
        .filter(pk__in=[p.pk for p in proposals])
    )
    refused = [p for p in locked if actor is not None and not select.may_decide(actor, p.form)]
    if refused:
        raise ValidationError(
            _("Chỉ %(g)s (cấp khen thưởng) mới quyết định được đề nghị này.")
            % {"g": refused[0].form.unit.name}
        )
    decided = [p for p in locked if p.state != ProposalState.PROPOSED]
    if decided:
        raise ValidationError(
            _("Có đề nghị đã được quyết định hoặc đã rút: %(n)s.")
            % {"n": ", ".join(_subject_name(p.member or p.unit) for p in decided)}
        )
    for proposal in locked:
        proposal.state = outcome
        proposal.decision_number = values["number"]
        proposal.decided_on = decided_on
        proposal.decided_by_id = _uid(actor)
        proposal.reason = values["reason"]
        proposal.save(update_fields=["state", "decision_number", "decided_on", "decided_by", "reason"])
        subject = proposal.member or proposal.unit
        record_audit(
            actor,
            "reviews.award_decided",
            proposal,
            unit=proposal.form.unit,
            summary=_("Quyết định %(o)s “%(f)s” năm %(y)s cho %(n)s")
            % {
                "o": proposal.get_state_display(),
                "f": proposal.form.name,
                "y": proposal.year,
                "n": _subject_name(subject),
            },
            changes={"state": [ProposalState.PROPOSED, outcome], "decision_number": [None, values["number"]]},
        )
    return locked
