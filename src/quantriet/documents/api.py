"""The registry's JSON API (``/api/v1/documents/``), built on the core API shell: auth, errors, paging."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from quantriet.core.actors import Actor
from quantriet.core.api.http import api_view, json_response
from quantriet.core.api.parsing import paginate
from quantriet.documents import selectors
from quantriet.documents.models import Document
from quantriet.orgs.api.serialise import iso, unit_ref


def document_ref(document: Document) -> dict[str, Any]:
    return {
        "id": document.pk,
        "type": document.doc_type,
        "symbol": document.symbol,
        "issued_on": iso(document.issued_on),
        "url": reverse("documents_api:document", args=[document.pk]),
    }


def document_item(document: Document) -> dict[str, Any]:
    return {
        **document_ref(document),
        "number": document.number,
        "issuer": document.issuer,
        "issuing_unit": unit_ref(document.issuing_unit),
        "system": document.system or None,
        "term": document.term,
        "subject": document.subject,
        "status": document.status,
        "is_public": document.is_public,
        "secrecy": document.secrecy,
        "confirmed": document.confirmed,
    }


def document_detail(user: Actor, document: Document) -> dict[str, Any]:
    return {
        **document_item(document),
        "has_file": bool(document.file),
        "file_has_text": bool(document.file) and not document.file_without_text,
        "relations": [
            {
                "kind": row.relation.kind,
                "direction": "outgoing" if row.outgoing else "incoming",
                "label": str(row.label),
                "document": document_ref(row.other),
            }
            for row in selectors.relations_of(user, document)
        ],
        "cites": [document_ref(d) for d in selectors.cites(user, document)],
        "cited_by": [document_ref(entry.document) for entry in selectors.cited_by(user, document)],
    }


@api_view("GET")
def documents(request: HttpRequest) -> HttpResponse:
    filters = selectors.read_filters(request.GET, lenient=False)
    found = selectors.search_documents(request.user, filters)
    return json_response(paginate(request, found, document_item))


@api_view("GET")
def document(request: HttpRequest, id: int) -> HttpResponse:
    found = selectors.document_or_404(request.user, id)
    return json_response(document_detail(request.user, found))
