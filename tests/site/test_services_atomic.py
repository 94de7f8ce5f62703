"""Every public function of every app's services runs in one transaction, or says here why it need not.

A service that writes two rows outside one transaction leaves half a change when the second write fails
(issue 9: an API key without its audit entry). The walk below finds each public function defined in
``quantriet.<app>.services`` (module or package) and requires the ``transaction.atomic`` wrapper, unless
``NOT_WRAPPED`` names it with the reason: it writes nothing, or one statement (atomic by itself), or it
holds its own transaction for a reason an outer one would break. A new service function that is neither
fails here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest
from django.apps import apps
from django.db import DatabaseError
from django.db.transaction import Atomic

from quantriet.orgs import services as org_services
from quantriet.orgs.models import ApiToken, AuditEntry
from tests.conftest import World

READS = "reads or computes only; writes nothing"
ONE_STATEMENT = "one INSERT, UPDATE or DELETE: atomic by itself"
INSIDE = "called only by the services around it, inside their transaction (it needs their row locks)"
TELLS = "schedules a notification for after the caller's commit; writes nothing itself"

NOT_WRAPPED: dict[str, str] = {
    # campaigns
    "campaigns.services.campaigns.actor_id": READS,
    "campaigns.services.campaigns.day": READS,
    "campaigns.services.campaigns.is_within": READS,
    "campaigns.services.campaigns.validate_campaign_fields": READS,
    "campaigns.services.conferences.clash_as_error": "a context manager turning a clash into a message",
    "campaigns.services.delegates.in_scope": READS,
    "campaigns.services.delegates.new_code": READS,
    "campaigns.services.delegates.qr_payload": READS,
    "campaigns.services.delegates.read_code": READS,
    "campaigns.services.plans.parse_actions": READS,
    "campaigns.services.plans.submit_plan": (
        "writes the plan's file, then its rows in one transaction; the file is removed if that fails, "
        "which an outer transaction committing after the guard would defeat"
    ),
    "campaigns.services.window.believed_moment": READS,
    "campaigns.services.window.conference_window": READS,
    "campaigns.services.window.makeup_window": READS,
    "campaigns.services.window.require_makeup_day": READS,
    "campaigns.services.window.require_open": READS,
    # documents
    "documents.services.citations.forget_citations": ONE_STATEMENT,
    "documents.services.citations.is_central": READS,
    "documents.services.citations.match": READS,
    "documents.services.documents.create_document": (
        "its rows in one transaction inside a guard that removes the stored file if it fails"
    ),
    "documents.services.documents.find_same": READS,
    "documents.services.documents.rescan_document": "its only writes run in one transaction",
    "documents.services.documents.update_document": (
        "its rows in one transaction; the replaced file is deleted only after it commits, which an outer "
        "transaction would make too early"
    ),
    "documents.services.fields.classified_content_message": READS,
    "documents.services.fields.contradiction_error": READS,
    "documents.services.fields.normalize_term": READS,
    "documents.services.fields.read_symbol": READS,
    "documents.services.fields.symbol_error": READS,
    "documents.services.fields.type_from_text": READS,
    "documents.services.fields.validate_document_fields": READS,
    "documents.services.files.max_bytes": READS,
    "documents.services.files.read_upload": "reads an upload within its limit; writes nothing",
    "documents.services.files.too_large_message": READS,
    "documents.services.indexing.index_document": "fills fields of an instance its caller saves",
    "documents.services.transfer.export_row": READS,
    "documents.services.transfer.import_documents": (
        "reads the whole file first, then writes every row in one transaction"
    ),
    "documents.services.transfer.write_export": "writes a workbook to a stream, not the database",
    # orgs
    "orgs.services.accounts.check_login_allowed": READS,
    "orgs.services.accounts.record_login_attempt": ONE_STATEMENT,
    "orgs.services.accounts.sign_in_key": READS,
    "orgs.services.accounts.sign_in_window_minutes": READS,
    "orgs.services.audit.diff": READS,
    "orgs.services.audit.record_audit": ONE_STATEMENT + "; runs inside its callers' transactions",
    "orgs.services.audit.record_bulk_read": ONE_STATEMENT,
    "orgs.services.audit.record_member_read": ONE_STATEMENT + " (one bulk INSERT)",
    "orgs.services.members.field_ok": READS,
    "orgs.services.members.validate_member_fields": READS,
    "orgs.services.privacy.display_value": READS,
    "orgs.services.profile.clean_purpose": READS,
    "orgs.services.profile.is_sensitive_detail": READS,
    "orgs.services.profile.photo_type": READS,
    "orgs.services.profile.sensitive_detail": READS,
    "orgs.services.retention.purge_access_logs": (
        "deletes in batches on purpose (short locks on a large log); a re-run finishes what a crash left"
    ),
    "orgs.services.retention.purge_sign_in_attempts": "counts, or calls prune_sign_in_attempts (atomic)",
    "orgs.services.tokens.authenticate_token": "reads; its one write is a conditional UPDATE",
    "orgs.services.twofactor.check_code": "django-otp's verify_token saves the device's counter: one UPDATE",
    "orgs.services.twofactor.confirmed_device": READS,
    "orgs.services.twofactor.enrolment_preview": "builds an unsaved device",
    "orgs.services.twofactor.looks_like_recovery_code": READS,
    "orgs.services.twofactor.manual_key": READS,
    "orgs.services.twofactor.new_enrolment_key": READS,
    "orgs.services.twofactor.qr_svg": READS,
    "orgs.services.twofactor.reaches_whole_province": READS,
    "orgs.services.twofactor.recovery_codes_left": READS,
    "orgs.services.twofactor.recovery_device": READS,
    "orgs.services.twofactor.recovery_verify_allowed": READS,
    "orgs.services.twofactor.second_factor_pending": READS,
    "orgs.services.twofactor.second_factor_required": READS,
    "orgs.services.twofactor.with_second_factor_facts": "annotates a query; reads",
    # reports
    "reports.services.batch.check_batch": READS,
    "reports.services.batch.max_file_bytes": READS,
    "reports.services.batch.max_files": READS,
    "reports.services.batch.max_unpacked": READS,
    "reports.services.events.log": "two INSERTs (history, audit), inside its callers' transactions",
    "reports.services.events.uid": READS,
    "reports.services.organising.report_rows": READS,
    "reports.services.requirements.required_members": READS,
    "reports.services.requirements.sync_writers": (
        "bulk INSERTs in batches inside save_requirement's transaction; a re-run adds only what is missing"
    ),
    "reports.services.requirements.validate": READS,
    "reports.services.reviewing.deciders": READS,
    "reports.services.submitting.check_format": READS,
    "reports.services.submitting.check_length": READS,
    "reports.services.submitting.is_late": READS,
    "reports.services.submitting.may_submit": READS,
    "reports.services.submitting.requirement_of": READS,
    "reports.services.submitting.save_draft": ONE_STATEMENT,
    "reports.services.telling.asked_to_write": TELLS,
    "reports.services.telling.case_answered": TELLS,
    "reports.services.telling.case_opened": TELLS,
    "reports.services.telling.decided": TELLS,
    "reports.services.telling.member_user": READS,
    "reports.services.telling.remind": TELLS,
    "reports.services.telling.returned": TELLS,
    # reviews
    "reviews.services.periods.check_timetable": READS,
    "reviews.services.periods.collective_form": READS,
    "reviews.services.periods.default_form": READS,
    "reviews.services.periods.months_after": READS,
    "reviews.services.periods.span_of": READS,
    "reviews.services.proposing.check_allowed": READS,
    "reviews.services.proposing.check_level": READS,
    "reviews.services.proposing.each_or_none": INSIDE,
    "reviews.services.proposing.locked": INSIDE,
    "reviews.services.proposing.quota_before": READS,
    "reviews.services.proposing.quota_refusal": READS,
    "reviews.services.proposing.row_key": READS,
    "reviews.services.proposing.step": INSIDE,
    "reviews.services.proposing.uid": READS,
    "reviews.services.self_assessment.form_of": READS,
    "reviews.services.self_assessment.member_forms": READS,
}


def _service_modules() -> Iterator[ModuleType]:
    for config in apps.get_app_configs():
        if not config.name.startswith("quantriet."):
            continue
        try:
            package = importlib.import_module(f"{config.name}.services")
        except ModuleNotFoundError:
            continue
        yield package
        for info in pkgutil.iter_modules(getattr(package, "__path__", [])):
            yield importlib.import_module(f"{package.__name__}.{info.name}")


def public_service_functions() -> dict[str, Callable[..., Any]]:
    """``app.services.module.name`` -> function, for functions defined (not imported) in each module."""
    found: dict[str, Callable[..., Any]] = {}
    for module in _service_modules():
        for name, value in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(value) or value.__module__ != module.__name__:
                continue
            found[f"{module.__name__.removeprefix('quantriet.')}.{name}"] = value
    return found


def is_atomic(function: Callable[..., Any]) -> bool:
    """Wrapped by ``@transaction.atomic``: its ContextDecorator wrapper closes over the Atomic."""
    cells = getattr(function, "__closure__", None) or ()
    return any(isinstance(cell.cell_contents, Atomic) for cell in cells)


FUNCTIONS = public_service_functions()


def test_the_walk_finds_the_services_of_every_app() -> None:
    apps_seen = {name.split(".")[0] for name in FUNCTIONS}
    assert {"orgs", "documents", "campaigns"} <= apps_seen
    assert is_atomic(FUNCTIONS["orgs.services.tokens.create_token"])
    assert not is_atomic(FUNCTIONS["orgs.services.audit.diff"])


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_public_service_function_is_atomic_or_says_why_not(name: str) -> None:
    wrapped = is_atomic(FUNCTIONS[name])
    if name in NOT_WRAPPED:
        assert not wrapped, f"{name} is atomic now: remove it from NOT_WRAPPED"
    else:
        assert wrapped, f"{name} writes outside one transaction: add @transaction.atomic or a reason here"


def test_the_allow_list_names_only_functions_that_exist() -> None:
    assert sorted(set(NOT_WRAPPED) - set(FUNCTIONS)) == []


def test_creating_an_api_key_whose_audit_entry_fails_leaves_no_key(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 9: ``@transaction.atomic`` sat on a helper, so a failed audit write left a key nobody logged."""

    def failing(*args: Any, **kwargs: Any) -> AuditEntry:
        raise DatabaseError("the audit table is full")

    monkeypatch.setattr("quantriet.orgs.services.tokens.record_audit", failing)
    with pytest.raises(DatabaseError):
        org_services.create_token(world.alice, world.bob, "báo cáo tự động")
    assert not ApiToken.objects.exists()
    monkeypatch.undo()
    token, _key = org_services.create_token(world.alice, world.bob, "báo cáo tự động")
    assert AuditEntry.objects.filter(action="token.create", target_id=str(token.pk)).exists()
