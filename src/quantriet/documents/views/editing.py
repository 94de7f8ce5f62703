"""Registering, editing and relating documents (staff with MANAGE_DOCUMENTS)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from quantriet.core.uploads import limit_uploads
from quantriet.documents import selectors, services
from quantriet.documents.forms import DocumentForm, RelationForm
from quantriet.documents.models import Document, Relation
from quantriet.documents.services.files import max_bytes
from quantriet.documents.views.registry import detail_context


def _managed_or_403(request: HttpRequest, document_id: int) -> Document:
    document = selectors.document_or_404(request.user, document_id)
    if not selectors.may_manage(request.user, document):
        raise PermissionDenied
    return document


def _form_page(request: HttpRequest, form: DocumentForm, document: Document | None) -> HttpResponse:
    title = _("Sửa văn bản %(title)s") % {"title": document.title} if document else _("Vào sổ văn bản")
    context: dict[str, Any] = {
        "form": form,
        "document": document,
        "title": title,
        "max_mb": max_bytes() // 1048576,
    }
    return render(request, "documents/form.html", context, status=400 if form.is_bound else 200)


# Upload views install the size-limiting handler before the body is read, which CSRF checking would
# do first; so they are exempt from the middleware and protected again inside (Django's documented way).
@csrf_exempt
@login_required
def document_create(request: HttpRequest) -> HttpResponse:
    if not selectors.may_register(request.user):
        raise Http404
    handler = limit_uploads(request, max_bytes())
    return _create(request, handler.too_large)


@csrf_protect
def _create(request: HttpRequest, dropped: list[str]) -> HttpResponse:
    if request.method == "POST":
        form = DocumentForm(
            request.POST, request.FILES, user=request.user, dropped_files=dropped, session=request.session
        )
        if form.is_valid():
            document = form.save(request.user)
            if document is not None:
                form.release_upload()
                messages.success(request, _("Đã vào sổ %(title)s.") % {"title": document.title})
                return redirect("documents:detail", document_id=document.pk)
        form.keep_upload()
        return _form_page(request, form, None)
    initial = {"symbol": request.GET.get("symbol", "")[:80]}
    return _form_page(request, DocumentForm(user=request.user, initial=initial), None)


@csrf_exempt
@login_required
def document_edit(request: HttpRequest, document_id: int) -> HttpResponse:
    document = _managed_or_403(request, document_id)
    handler = limit_uploads(request, max_bytes())
    return _edit(request, document, handler.too_large)


@csrf_protect
def _edit(request: HttpRequest, document: Document, dropped: list[str]) -> HttpResponse:
    if request.method == "POST":
        form = DocumentForm(
            request.POST,
            request.FILES,
            user=request.user,
            document=document,
            dropped_files=dropped,
            session=request.session,
        )
        if form.is_valid():
            saved = form.save(request.user)
            if saved is not None:
                form.release_upload()
                messages.success(request, _("Đã lưu %(title)s.") % {"title": saved.title})
                return redirect("documents:detail", document_id=saved.pk)
        form.keep_upload()
        return _form_page(request, form, document)
    return _form_page(request, DocumentForm(user=request.user, document=document), document)


@login_required
def relation_add(request: HttpRequest, document_id: int) -> HttpResponse:
    document = _managed_or_403(request, document_id)
    if request.method == "POST":
        form = RelationForm(request.POST, user=request.user, document=document)
        if form.is_valid() and form.save(request.user) is not None:
            messages.success(request, _("Đã thêm quan hệ."))
            return redirect("documents:detail", document_id=document.pk)
        context = detail_context(request.user, document)
        context["relation_form"] = form
        return render(request, "documents/detail.html", context, status=400)
    return redirect("documents:detail", document_id=document.pk)


@login_required
@require_POST
def relation_remove(request: HttpRequest, document_id: int, relation_id: int) -> HttpResponse:
    document = _managed_or_403(request, document_id)
    relation = Relation.objects.filter(pk=relation_id).select_related("source", "target").first()
    if relation is None or document.pk not in (relation.source_id, relation.target_id):
        raise Http404
    services.remove_relation(request.user, relation)
    messages.success(request, _("Đã bỏ quan hệ."))
    return redirect("documents:detail", document_id=document.pk)
