"""One helper for the two trails every step leaves: the report's history and the audit."""

from __future__ import annotations

from django.db import models

from quantriet.core.actors import Actor
from quantriet.orgs.services import record_audit
from quantriet.reports.models import LearningReport, ReportEvent


def uid(actor: Actor | None) -> int | None:
    return int(actor.pk) if actor is not None and actor.is_authenticated else None


def log(
    actor: Actor | None,
    report: LearningReport,
    kind: str,
    summary: str,
    *,
    note: str = "",
    target: models.Model | None = None,
    changes: dict[str, object] | None = None,
) -> ReportEvent:
    event = ReportEvent.objects.create(report=report, kind=kind, actor_id=uid(actor), note=note[:4000])
    record_audit(
        actor,
        f"reports.{kind}",
        target if target is not None else report,
        unit=report.unit,
        summary=summary,
        changes=changes or {},
    )
    return event
