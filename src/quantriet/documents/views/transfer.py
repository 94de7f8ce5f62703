"""Import a list of documents from XLSX/CSV (as a background job); export the registry (what the user
sees) in the same layout."""

from __future__ import annotations

import io
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from quantriet.core.sheets.errors import RowError
from quantriet.core.uploads import too_large
from quantriet.documents import selectors
from quantriet.documents.forms import ImportForm
from quantriet.documents.services.transfer import DOCUMENT_LAYOUT, write_export
from quantriet.documents.tasks import run_document_import
from quantriet.documents.views.registry import read_filters
from quantriet.orgs import access
from quantriet.orgs.access import Capability
from quantriet.orgs.imports.jobs import create_job
from quantriet.orgs.models import ImportJob, ImportKind, ImportStatus, Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_LIMIT = 50_000
ERRORS_ON_PAGE = 500


def _job_scope(user: User) -> Unit | None:
    """The unit a document import job is filed under: the highest one the user registers documents for.

    The rows themselves are checked against every unit the user may register for, when the job runs.
    """
    return access.top_units(user, Capability.MANAGE_DOCUMENTS).order_by("pk").first()


@login_required
def document_import(request: HttpRequest) -> HttpResponse:
    """Store the uploaded list and queue its import: parsing a spreadsheet never holds a web worker."""
    if not selectors.may_register(request.user):
        raise Http404
    user = request.user
    assert isinstance(user, User)
    form = ImportForm()
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, dropped_files=too_large(request))
        scope = _job_scope(user)
        if scope is None:
            form.add_error(
                None, _("Chưa có đơn vị nào trong cây tổ chức để ghi lượt nhập; hãy nhập cây tổ chức trước.")
            )
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            job = create_job(
                user, ImportKind.DOCUMENTS, scope, upload.name or "van-ban.xlsx", upload.chunks(), upload.size
            )
            run_document_import.enqueue(str(job.pk))
            return redirect("documents:import_job", job_id=job.pk)
    recent = ImportJob.objects.filter(created_by=user, kind=ImportKind.DOCUMENTS).order_by("-created_at")[:10]
    return render(
        request,
        "documents/import.html",
        {"form": form, "labels": DOCUMENT_LAYOUT.labels, "recent": recent},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def document_import_job(request: HttpRequest, job_id: UUID) -> HttpResponse:
    """A document import's progress, then its summary or every problem found; only its uploader sees it."""
    job = ImportJob.objects.filter(
        pk=job_id, kind=ImportKind.DOCUMENTS, created_by_id=request.user.pk
    ).first()
    if job is None:
        raise Http404
    summary = ""
    if job.status == ImportStatus.DONE:
        summary = _(
            "Đã nhập: %(created)d văn bản mới, %(updated)d văn bản được cập nhật, "
            "%(unchanged)d văn bản không đổi."
        ) % {key: job.summary.get(key, 0) for key in ("created", "updated", "unchanged")}
    return render(
        request,
        "documents/import_job.html",
        {
            "job": job,
            "summary": summary,
            "errors": [RowError.from_dict(e) for e in job.errors[:ERRORS_ON_PAGE]],
            "error_count": job.summary.get("errors_total", len(job.errors)),
        },
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
