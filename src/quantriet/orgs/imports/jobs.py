"""Running an import: synchronously (the CLI) or as a background job with progress (the web).

The uploaded file is stored under ``MEDIA_ROOT/imports/<job id>/`` before anything else, so a
crash, a rejected file or a restart never loses what the user sent; the job row then carries the
status, progress and the error report that the job page reads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.core.actors import Actor
from quantriet.core.sheets.errors import ImportRejected, ImportSummary, RowError
from quantriet.core.sheets.reading import check_size, read_table
from quantriet.core.sheets.rows import Progress, no_progress
from quantriet.orgs import access
from quantriet.orgs.access import Capability
from quantriet.orgs.imports.columns import LAYOUTS
from quantriet.orgs.imports.member_writes import apply_members
from quantriet.orgs.imports.members import plan_members
from quantriet.orgs.imports.unit_writes import apply_units
from quantriet.orgs.imports.units import plan_units
from quantriet.orgs.models import ImportJob, ImportKind, ImportStatus, Unit

logger = logging.getLogger(__name__)
# A job still "running" this long after it started belongs to a worker that died; nothing of it was
# written (the apply step is one transaction), so another worker may take it over.
STALE_AFTER = dt.timedelta(hours=1)
_SAFE_NAME = re.compile(r"[^\w.\-]+")


def import_file(
    path: Path,
    original_name: str,
    kind: str,
    scope: Unit,
    actor: Actor | None,
    *,
    progress: Progress = no_progress,
    confirm_warnings: bool = False,
) -> ImportSummary:
    """Read, check and write one file; raises ``ImportRejected`` (nothing written) on any problem.

    Callers check ``Capability.IMPORT_DATA`` on ``scope`` first; every row is then confined to it.
    A member list with warnings only (no errors) is written when ``confirm_warnings``.
    """
    table = read_table(path, original_name, LAYOUTS[kind])
    if kind == ImportKind.UNITS:
        rows, skipped = plan_units(table, scope, progress=progress, actor=actor)
        return apply_units(rows, scope, actor, skipped_empty=skipped, source_name=original_name)
    plan = plan_members(table, scope, progress=progress, actor=actor, confirm_warnings=confirm_warnings)
    summary = apply_members(plan, scope, actor, source_name=original_name)
    if plan.warnings:
        summary.extra["warnings_confirmed"] = plan.warnings
    return summary


def upload_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def create_job(
    user: User, kind: str, scope: Unit, original_name: str, chunks: Iterable[bytes], size: int
) -> ImportJob:
    """Store the upload under MEDIA_ROOT/imports/<job id>/ and record the job (not yet queued)."""
    check_size(size)
    job = ImportJob(kind=kind, scope=scope, created_by=user, original_name=original_name[:255])
    safe = _SAFE_NAME.sub("_", Path(original_name).name)[-120:] or "upload"
    target = upload_dir() / str(job.id) / safe
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with target.open("wb") as out:
        for chunk in chunks:
            digest.update(chunk)
            out.write(chunk)
    job.stored_path = str(target.relative_to(Path(settings.MEDIA_ROOT)))
    job.file_sha256 = digest.hexdigest()
    job.save()
    return job


def _claim(job_id: str) -> bool:
    now = timezone.now()
    # Conditional UPDATE: of two workers handed the same job, exactly one sees a row count of 1.
    if (
        ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
            status=ImportStatus.RUNNING, started_at=now
        )
        == 1
    ):
        return True
    return (
        ImportJob.objects.filter(
            pk=job_id, status=ImportStatus.RUNNING, started_at__lt=now - STALE_AFTER
        ).update(started_at=now, processed_rows=0)
        == 1
    )


def _finish(
    job_id: str, status: str, *, errors: list[RowError] | None = None, summary: ImportSummary | None = None
) -> None:
    ImportJob.objects.filter(pk=job_id).update(
        status=status,
        finished_at=timezone.now(),
        errors=[e.as_dict() for e in errors or []],
        summary=summary.as_dict() if summary else {},
    )


# How a kind of list is imported from a stored job, and who may still import it when the job runs.
# The default is the units and members import; other apps pass their own (documents.tasks).
Importer = Callable[[ImportJob, Path, Progress], ImportSummary]
MayRun = Callable[[ImportJob], bool]


def _import_units_or_members(job: ImportJob, path: Path, progress: Progress) -> ImportSummary:
    return import_file(
        path,
        job.original_name,
        job.kind,
        job.scope,
        job.created_by,
        progress=progress,
        confirm_warnings=job.confirm_warnings,
    )


def confirm_job(job: ImportJob, user: User) -> ImportJob:
    """A new job for the same stored file with its warnings confirmed (not yet queued).

    The file is not copied: jobs never change or delete their stored file. The caller checks that
    ``job`` was refused for warnings only and that ``user`` may import into its scope.
    """
    return ImportJob.objects.create(
        kind=job.kind,
        scope=job.scope,
        created_by=user,
        original_name=job.original_name,
        stored_path=job.stored_path,
        file_sha256=job.file_sha256,
        confirm_warnings=True,
    )


def _may_import_data(job: ImportJob) -> bool:
    return job.created_by is not None and access.can(job.created_by, Capability.IMPORT_DATA, job.scope)


def run_job(
    job_id: str, *, importer: Importer = _import_units_or_members, may_run: MayRun = _may_import_data
) -> None:
    """The body of the background task: idempotent, safe to run twice or after a crash."""
    if not _claim(job_id):
        return  # another worker has it, or it is finished
    job = ImportJob.objects.select_related("scope", "created_by").get(pk=job_id)
    # Rights are checked again when the job runs: a role may have been revoked since the upload.
    if job.created_by is None or not may_run(job):
        _finish(
            job_id,
            ImportStatus.REJECTED,
            errors=[
                RowError(
                    row=None,
                    column="",
                    message=_("Người tải tệp lên không còn quyền nhập dữ liệu vào “%(scope)s”.")
                    % {"scope": job.scope.name},
                    hint=_("Hãy nhờ người có quyền nhập dữ liệu của đơn vị tải tệp lên lại."),
                )
            ],
        )
        return

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(processed_rows=done, total_rows=total)

    try:
        summary = importer(job, Path(settings.MEDIA_ROOT) / job.stored_path, progress)
    except ImportRejected as rejected:
        # The first IMPORT_MAX_ERRORS problems are kept; the page still says how many there were.
        total = ImportSummary(extra={"errors_total": rejected.total})
        _finish(job_id, ImportStatus.REJECTED, errors=rejected.errors, summary=total)
    except Exception:
        logger.exception("import job %s failed", job_id)
        _finish(
            job_id,
            ImportStatus.FAILED,
            errors=[
                RowError(
                    row=None,
                    column="",
                    message=_("Có lỗi hệ thống khi nhập tệp; chưa có dữ liệu nào được ghi."),
                    hint=_(
                        "Tệp vẫn được lưu. Hãy thử lại sau ít phút hoặc báo cho quản trị hệ thống mã lượt "
                        "nhập %(id)s."
                    )
                    % {"id": job_id},
                )
            ],
        )
    else:
        _finish(job_id, ImportStatus.DONE, summary=summary)
