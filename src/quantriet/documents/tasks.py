"""Background tasks of the registry: plain service calls, idempotent and safe to re-run."""

from __future__ import annotations

from pathlib import Path

from django_tasks import task

from quantriet.core.sheets.errors import ImportSummary
from quantriet.core.sheets.rows import Progress
from quantriet.documents import selectors, services
from quantriet.documents.models import Document
from quantriet.documents.services.transfer import import_documents
from quantriet.orgs.imports.jobs import run_job
from quantriet.orgs.models import ImportJob


@task()
def rescan_documents() -> int:
    """Scan every document's texts again (after an upgrade of the citation parser); returns the count.

    Each document is rescanned in its own transaction and the scan replaces that document's links,
    so an interrupted run is simply started again.
    """
    count = 0
    for document in Document.objects.select_related("issuing_unit").order_by("pk").iterator(chunk_size=200):
        services.rescan_document(document)
        count += 1
    return count


def _import_documents(job: ImportJob, path: Path, progress: Progress) -> ImportSummary:
    assert job.created_by is not None  # run_job refuses a job whose uploader is gone
    return import_documents(job.created_by, path, job.original_name, progress=progress)


def _may_register(job: ImportJob) -> bool:
    return job.created_by is not None and selectors.may_register(job.created_by)


@task()
def run_document_import(job_id: str) -> None:
    """Run one uploaded list of documents (``run_job`` claims it, so a duplicate run does nothing).

    Rows are checked against the uploader's rights as they are when the job runs.
    """
    run_job(job_id, importer=_import_documents, may_run=_may_register)
