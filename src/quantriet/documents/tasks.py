"""Background tasks of the registry: plain service calls, idempotent and safe to re-run."""

from __future__ import annotations

from django_tasks import task

from quantriet.documents import services
from quantriet.documents.models import Document


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
