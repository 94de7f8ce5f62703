"""The searchable list, a document's page (relations, citations both ways) and its file."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_GET

from quantriet.core.actors import Actor
from quantriet.core.paging import paginate
from quantriet.documents import selectors
from quantriet.documents.forms import RelationForm
from quantriet.documents.models import TYPE_CHOICES, CitationLink, Document, Status

PAGE_SIZE = 30


def read_filters(params: QueryDict) -> selectors.Filters:
    """The list's filters from a query string; values that make no sense are ignored, not errors."""
    return selectors.read_filters(params, lenient=True)


@login_required
@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    filters = read_filters(request.GET)
    found = selectors.search_documents(request.user, filters)
    page = paginate(request, found, PAGE_SIZE)
    return render(
        request,
        "documents/list.html",
        {
            "page": page,
            "filters": filters,
            "types": TYPE_CHOICES,
            "statuses": Status.choices,
            "years": selectors.year_choices(request.user),
            "issuers": selectors.issuer_choices(request.user),
            "may_register": selectors.may_register(request.user),
        },
    )


def prepare_links(user: Actor, links: list[CitationLink]) -> list[CitationLink]:
    """Mark each link with the address of its document when the reader may open it."""
    visible = selectors.visible_target_ids(user, links)
    for link in links:
        target = link.target
        link.href = target.get_absolute_url() if target is not None and target.pk in visible else None  # type: ignore[attr-defined]
    return links


def detail_context(user: Actor, document: Document) -> dict[str, Any]:
    links = selectors.links_of(document, ("body", "file_text"))
    manage = selectors.may_manage(user, document)
    return {
        "document": document,
        "body_links": prepare_links(user, links.get("body", [])),
        "file_links": prepare_links(user, links.get("file_text", [])),
        "mentions": [
            link for field in ("body", "file_text") for link in links.get(field, []) if link.target_id is None
        ],
        # Citations naming a registered document with another date (a writer's slip), for readers who may
        # open that document: the page says so rather than linking silently.
        "date_differences": [
            link
            for field in ("body", "file_text")
            for link in links.get(field, [])
            if link.date_differs and getattr(link, "href", None)
        ],
        "relations": selectors.relations_of(user, document),
        "cites": selectors.cites(user, document),
        "cited_by": selectors.cited_by(user, document),
        "may_manage": manage,
        "relation_form": RelationForm(user=user, document=document) if manage else None,
    }


@login_required
@require_GET
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    document = selectors.document_or_404(request.user, document_id)
    return render(request, "documents/detail.html", detail_context(request.user, document))


@login_required
@require_GET
def document_file(request: HttpRequest, document_id: int) -> FileResponse:
    document = selectors.document_or_404(request.user, document_id)
    if not document.file:
        raise Http404
    # Always a download: a stored file is never rendered by the browser in our origin.
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file_name or document.file.name.rsplit("/", 1)[-1],
    )
