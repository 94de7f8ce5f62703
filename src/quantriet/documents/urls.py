"""The registry's pages, mounted at ``/documents/``."""

from __future__ import annotations

from django.urls import path

from quantriet.documents.views import editing, registry, transfer

app_name = "documents"

urlpatterns: list[object] = [
    path("", registry.document_list, name="list"),
    path("new/", editing.document_create, name="create"),
    path("import/", transfer.document_import, name="import"),
    path("import/<uuid:job_id>/", transfer.document_import_job, name="import_job"),
    path("export.xlsx", transfer.document_export, name="export"),
    path("<int:document_id>/", registry.document_detail, name="detail"),
    path("<int:document_id>/edit/", editing.document_edit, name="edit"),
    path("<int:document_id>/file/", registry.document_file, name="file"),
    path("<int:document_id>/relations/new/", editing.relation_add, name="relation_add"),
    path(
        "<int:document_id>/relations/<int:relation_id>/delete/",
        editing.relation_remove,
        name="relation_remove",
    ),
]
