"""Import a list of documents from XLSX/CSV; export the registry (what the user sees) in the same layout."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path, PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from quantriet.documents import selectors
from quantriet.documents.forms import ImportForm
from quantriet.documents.services.transfer import DOCUMENT_LAYOUT, import_documents, write_export
from quantriet.documents.views.registry import read_filters
from quantriet.orgs.imports.errors import ImportRejected

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_LIMIT = 50_000


@login_required
def document_import(request: HttpRequest) -> HttpResponse:
    if not selectors.may_register(request.user):
        raise Http404
    errors = None
    form = ImportForm()
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            suffix = PurePath(upload.name or "").suffix.lower()[:10]
            with tempfile.TemporaryDirectory(prefix="quantriet-docs-") as folder:
                path = Path(folder) / f"upload{suffix}"
                with path.open("wb") as out:
                    for chunk in upload.chunks():
                        out.write(chunk)
                try:
                    summary = import_documents(request.user, path, upload.name or path.name)
                except ImportRejected as rejected:
                    errors = rejected.errors
                else:
                    messages.success(
                        request,
                        _(
                            "Đã nhập: %(created)d văn bản mới, %(updated)d văn bản được cập nhật, "
                            "%(unchanged)d văn bản không đổi."
                        )
                        % summary.as_dict(),
                    )
                    return redirect("documents:list")
    status = 400 if errors or form.errors else 200
    return render(
        request,
        "documents/import.html",
        {"form": form, "errors": errors, "labels": DOCUMENT_LAYOUT.labels},
        status=status,
    )


@login_required
@require_GET
def document_export(request: HttpRequest) -> HttpResponse:
    found = selectors.search_documents(request.user, read_filters(request.GET))
    out = io.BytesIO()
    write_export(found[:EXPORT_LIMIT].iterator(chunk_size=2000), out)
    name = f"so-van-ban-{timezone.localdate():%Y%m%d}.xlsx"
    return HttpResponse(
        out.getvalue(), content_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
