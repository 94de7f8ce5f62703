"""Registering and editing documents: one transaction each, an audit entry, citations scanned on save.

Callers check access first (``documents.selectors``); these functions check the values. A stored
file is written inside the transaction and removed again if the transaction fails, so nothing is
ever half-saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from quantriet.core.actors import Actor
from quantriet.documents.models import Document, Secrecy
from quantriet.documents.services.citations import scan_citations
from quantriet.documents.services.fields import (
    CleanFields,
    classified_content_message,
    validate_document_fields,
)
from quantriet.documents.services.files import ReadFile
from quantriet.documents.services.indexing import index_document
from quantriet.orgs.services import record_audit
from quantriet.orgs.services.audit import diff

SCANNED_FIELDS = ("body", "file_text")


def _describe(document: Document) -> str:
    date = document.issued_on.strftime("%d/%m/%Y") if document.issued_on else ""
    return f"{document.title} {date}".strip()


def find_same(
    symbol: str, issued_on: dt.date | None, term: str, *, exclude: int | None = None
) -> Document | None:
    """The registry entry with the same identity: symbol and date, or symbol and term when undated."""
    found = Document.objects.filter(symbol=symbol)
    found = (
        found.filter(issued_on=issued_on)
        if issued_on is not None
        else found.filter(issued_on__isnull=True, term=term)
    )
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return found.first()


def _duplicate_error(other: Document) -> ValidationError:
    return ValidationError(
        {
            "symbol": _(
                "Sổ văn bản đã có %(doc)s. Nếu đây là văn bản khác cùng số ký hiệu (ở khóa khác), hãy ghi "
                "ngày ban hành hoặc khóa để phân biệt; nếu là cùng văn bản, hãy mở văn bản đó để sửa."
            )
            % {"doc": _describe(other)}
        }
    )


@contextmanager
def _file_cleanup(document: Document) -> Iterator[None]:
    """Delete a file stored during a transaction that then failed."""
    stored: list[str] = []
    try:
        yield
        stored.append("")
    finally:
        if not stored and document.file and document.file.name:
            document.file.storage.delete(document.file.name)


def _attach(document: Document, upload: ReadFile) -> None:
    document.file.save(upload.stored_name, ContentFile(upload.data), save=False)
    document.file_name = upload.original_name
    document.file_kind = upload.kind
    document.file_text = upload.text
    document.file_without_text = upload.without_text


def _refuse_classified_file(clean: CleanFields, upload: ReadFile | None) -> None:
    if upload is not None and clean.secrecy != Secrecy.NORMAL:
        raise ValidationError({"file": classified_content_message()})


def _detach(document: Document) -> None:
    """Forget a stored file and its text (the file itself is deleted once the transaction commits)."""
    document.file = ""  # FieldFile accepts a name; "" means no file
    document.file_name = ""
    document.file_kind = ""
    document.file_text = ""
    document.file_without_text = False


def _scan(document: Document, actor: Actor | None) -> None:
    for field in SCANNED_FIELDS:
        scan_citations(
            document,
            field,
            getattr(document, field),
            citing_date=document.issued_on,
            unit=document.issuing_unit,
            actor=actor,
        )


def _apply(document: Document, clean: CleanFields) -> None:
    for name, value in clean.as_dict().items():
        setattr(document, name, value)


def create_document(actor: Actor | None, *, upload: ReadFile | None = None, **values: Any) -> Document:
    """Register a document; an unconfirmed placeholder with the same identity is completed instead.

    Raises:
        ValidationError: Keyed by field, in Vietnamese.
    """
    clean = validate_document_fields(**values)
    _refuse_classified_file(clean, upload)
    existing = find_same(clean.symbol, clean.issued_on, clean.term)
    if existing is not None:
        if existing.confirmed:
            raise _duplicate_error(existing)
        return update_document(actor, existing, upload=upload, confirm=True, **values)
    document = Document(created_by_id=actor.pk if actor is not None and actor.is_authenticated else None)
    with _file_cleanup(document), transaction.atomic():
        _apply(document, clean)
        if upload is not None:
            _attach(document, upload)
        index_document(document)
        document.save()
        _scan(document, actor)
        record_audit(
            actor,
            "document.create",
            document,
            unit=document.issuing_unit,
            summary=f"Vào sổ văn bản {_describe(document)}",
            changes={k: v for k, v in clean.as_dict().items() if k != "body"},
        )
    return document


def update_document(
    actor: Actor | None,
    document: Document,
    *,
    upload: ReadFile | None = None,
    confirm: bool = True,
    **values: Any,
) -> Document:
    """Edit a document (and confirm it, by default: saving a placeholder's page completes it).

    Marking it classified removes its stored file and the file's text: a classified document's
    content stays outside the system (its full text must be emptied by the caller, see fields).
    """
    # Callers that do not know the secrecy level (the spreadsheet import) keep the current one.
    values = {"secrecy": document.secrecy, **values}
    clean = validate_document_fields(**values)
    _refuse_classified_file(clean, upload)
    drop_file = clean.secrecy != Secrecy.NORMAL and bool(document.file)
    other = find_same(clean.symbol, clean.issued_on, clean.term, exclude=document.pk)
    if other is not None:
        raise _duplicate_error(other)
    changes: dict[str, Any] = diff(document, {k: v for k, v in clean.as_dict().items() if k != "body"})
    if clean.body != document.body:
        changes["body"] = [len(document.body), len(clean.body)]
    if confirm and not document.confirmed:
        changes["confirmed"] = [False, True]
    old_file = document.file.name if document.file else ""
    if upload is not None:
        changes["file"] = [document.file_name, upload.original_name]
    if drop_file:
        changes["file"] = [document.file_name, ""]
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        _apply(locked, clean)
        locked.confirmed = locked.confirmed or confirm
        if drop_file:
            _detach(locked)
        if upload is not None:
            with _file_cleanup(locked):
                _attach(locked, upload)
                _save(locked, actor, changes)
        else:
            _save(locked, actor, changes)
    if (upload is not None or drop_file) and old_file:
        document.file.storage.delete(old_file)
    return locked


def _save(document: Document, actor: Actor | None, changes: dict[str, Any]) -> None:
    index_document(document)
    document.save()
    _scan(document, actor)
    if changes:
        record_audit(
            actor,
            "document.update",
            document,
            unit=document.issuing_unit,
            summary=f"Sửa văn bản {_describe(document)}",
            changes=changes,
        )


def rescan_document(document: Document) -> None:
    """Scan a document's texts again (after a parser upgrade); writes only citation links."""
    with transaction.atomic():
        _scan(document, None)
