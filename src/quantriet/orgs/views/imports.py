"""Upload a unit or member list, follow its progress, read or download the error report."""

from __future__ import annotations

import io
from typing import Any
from uuid import UUID

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from quantriet.core.numbers import parse_int
from quantriet.core.sheets.reading import check_size
from quantriet.core.uploads import too_large, too_large_message
from quantriet.orgs import access, imports
from quantriet.orgs.access import Capability
from quantriet.orgs.forms.pickers import PickerInput
from quantriet.orgs.models import ImportJob, ImportKind, ImportStatus, Unit
from quantriet.orgs.models.units import Level
from quantriet.orgs.tasks import run_import

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_ON_PAGE = 500


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Loại danh sách"),
        # Document lists have their own page (the registry's import), with the registry's rights.
        choices=[(k, label) for k, label in ImportKind.choices if k != ImportKind.DOCUMENTS],
        initial=ImportKind.MEMBERS,
    )
    scope = forms.CharField(
        label=gettext_lazy("Mã đơn vị nhận dữ liệu"),
        max_length=64,
        widget=PickerInput("orgs:unit_pick", params={"cap": "import_data"}),
        help_text=gettext_lazy("Mọi dòng trong tệp phải thuộc đơn vị này hoặc đơn vị cấp dưới của nó."),
    )
    file = forms.FileField(label=gettext_lazy("Tệp .xlsx, .xls hoặc .csv (UTF-8)"), required=False)

    def __init__(self, *args: Any, user: Any, dropped_files: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.dropped_files = dropped_files or []

    def clean_scope(self) -> Unit:
        code = "".join(self.cleaned_data["scope"].split())
        unit = Unit.objects.filter(code=code).first()
        if unit is None or not access.can(self.user, Capability.IMPORT_DATA, unit):
            raise forms.ValidationError(
                _("Không có đơn vị mã “%(code)s” trong phạm vi bạn được nhập dữ liệu; hãy kiểm tra lại mã.")
                % {"code": code}
            )
        return unit

    def clean_file(self) -> Any:
        if self.dropped_files:  # dropped by the upload handler while it streamed in (core.uploads)
            raise forms.ValidationError(too_large_message(settings.IMPORT_MAX_BYTES))
        upload = self.cleaned_data.get("file")
        if upload is None:
            raise forms.ValidationError(self.fields["file"].error_messages["required"], code="required")
        try:
            check_size(upload.size)
        except imports.ImportRejected as rejected:
            error = rejected.errors[0]
            raise forms.ValidationError(f"{error.message} {error.hint}") from None
        return upload


def _require_importer(request: HttpRequest) -> None:
    if not access.has_any(request.user, Capability.IMPORT_DATA):
        raise Http404


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    user = request.user
    assert isinstance(user, User)
    tops = list(access.top_units(user, Capability.IMPORT_DATA).filter(valid_to__isnull=True)[:20])
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, user=user, dropped_files=too_large(request))
        if form.is_valid():
            upload_file = form.cleaned_data["file"]
            job = imports.create_job(
                user,
                form.cleaned_data["kind"],
                form.cleaned_data["scope"],
                upload_file.name,
                upload_file.chunks(),
                upload_file.size,
            )
            run_import.enqueue(str(job.id))
            return redirect("orgs:import_job", job_id=job.id)
    else:
        # ?unit=<id> (a link from a unit's page) preselects that unit when the user may import there.
        unit_id = parse_int(request.GET.get("unit"), minimum=1)
        chosen = Unit.objects.filter(pk=unit_id).first() if unit_id is not None else None
        if chosen is None or not access.can(user, Capability.IMPORT_DATA, chosen):
            chosen = tops[0] if tops else None
        initial = {
            "scope": chosen.code if chosen else "",
            "kind": request.GET.get("kind") or ImportKind.MEMBERS,
        }
        form = ImportForm(initial=initial, user=user)
    suggestions = (
        access.units(user, Capability.IMPORT_DATA)
        .filter(valid_to__isnull=True, level__in=[Level.CENTRAL_DIRECT, Level.INTERMEDIATE, Level.GRASSROOTS])
        .only("code", "name")
        .order_by("name_sort")[:300]
    )
    recent = ImportJob.objects.filter(created_by=user).select_related("scope").order_by("-created_at")[:10]
    return render(
        request,
        "orgs/import_upload.html",
        {
            "form": form,
            "suggestions": suggestions,
            "recent": recent,
            "layouts": imports.LAYOUTS,
            "max_mb": settings.IMPORT_MAX_BYTES / 1048576,
        },
    )


def _job_or_404(request: HttpRequest, job_id: UUID) -> ImportJob:
    """A job is visible to whoever uploaded it and to those who may import into its scope."""
    job = ImportJob.objects.select_related("scope", "created_by").filter(pk=job_id).first()
    if job is None:
        raise Http404
    if job.created_by_id == request.user.pk:
        return job
    # A document list is checked against its uploader's registry rights, not the scope's: theirs alone.
    if job.kind != ImportKind.DOCUMENTS and access.can(request.user, Capability.IMPORT_DATA, job.scope):
        return job
    raise Http404


@login_required
@require_GET
def job_detail(request: HttpRequest, job_id: UUID) -> HttpResponse:
    job = _job_or_404(request, job_id)
    errors = [imports.RowError.from_dict(e) for e in job.errors[:ERRORS_ON_PAGE]]
    total = job.summary.get("errors_total", len(job.errors))
    only_warnings = job.status == ImportStatus.REJECTED and _only_warnings(job)
    # Warnings listed beside errors are not counted as errors (the stored ones; past the cap, all are).
    warnings = sum(1 for e in job.errors if e.get("warning") and e.get("row") is not None)
    return render(
        request,
        "orgs/import_job.html",
        {
            "job": job,
            "errors": errors,
            "more_errors": max(0, len(job.errors) - ERRORS_ON_PAGE),
            "error_count": total if only_warnings else max(1, total - warnings),
            "only_warnings": only_warnings,
        },
    )


@login_required
@require_POST
def job_confirm(request: HttpRequest, job_id: UUID) -> HttpResponse:
    """Run a file refused for warnings only again, its warnings confirmed by who may import it now."""
    job = _job_or_404(request, job_id)
    user = request.user
    assert isinstance(user, User)
    if (
        job.kind == ImportKind.DOCUMENTS
        or job.status != ImportStatus.REJECTED
        or not _only_warnings(job)
        or not access.can(user, Capability.IMPORT_DATA, job.scope)
    ):
        raise Http404
    confirmed = imports.confirm_job(job, user)
    run_import.enqueue(str(confirmed.id))
    return redirect("orgs:import_job", job_id=confirmed.id)


def _only_warnings(job: ImportJob) -> bool:
    return bool(job.errors) and all(e.get("warning") for e in job.errors)


@login_required
@require_GET
def job_errors_xlsx(request: HttpRequest, job_id: UUID) -> FileResponse:
    job = _job_or_404(request, job_id)
    out = io.BytesIO()
    imports.write_error_report(
        (imports.RowError.from_dict(e) for e in job.errors),
        out,
        title=_("Lỗi khi nhập tệp “%(name)s” — chưa có dữ liệu nào được ghi") % {"name": job.original_name},
    )
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=f"loi-nhap-{job.pk}.xlsx", content_type=XLSX)


@login_required
@require_GET
def template_xlsx(request: HttpRequest, kind: str) -> FileResponse:
    if kind not in imports.LAYOUTS:
        raise Http404
    out = io.BytesIO()
    imports.write_template(kind, out)
    out.seek(0)
    name = "mau-dang-vien.xlsx" if kind == ImportKind.MEMBERS else "mau-to-chuc-dang.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX)
