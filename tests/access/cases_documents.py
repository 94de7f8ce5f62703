"""Access cases of the document registry: its pages, its JSON API and its admin.

``EFFECTIVE_UNSAFE``: the patterns whose first unsafe body really changes data for alice.
"""

from __future__ import annotations

from tests.access.model import OWN, Case, admin_cases, one

CASES: dict[str, Case] = {
    # The document registry (HTML): XA2's non-public document is out of both outsiders' line.
    "documents/": Case(
        lambda o: ["/documents/", "/documents/?q=thon+2", "/documents/?unconfirmed=1"], allowed=OWN
    ),
    "documents/new/": Case(
        one(lambda o: "/documents/new/"),
        allowed=frozenset({200, 404}),
        unsafe=(("post", "NEW_DOCUMENT_OF_XA2"),),
    ),
    "documents/import/": Case(
        one(lambda o: "/documents/import/"),
        allowed=frozenset({200, 404}),
        unsafe=(("post", "IMPORT_DOCUMENTS_OF_XA2"),),
        queues_import=True,
    ),
    # Only a document import's uploader sees its job (XA2's members job stands in: 404 for everyone here).
    "documents/import/<uuid:job_id>/": Case(one(lambda o: f"/documents/import/{o.import_job.pk}/")),
    "documents/export.xlsx": Case(
        lambda o: ["/documents/export.xlsx", "/documents/export.xlsx?q=thon"], allowed=OWN
    ),
    "documents/<int:document_id>/": Case(one(lambda o: f"/documents/{o.document.pk}/")),
    "documents/<int:document_id>/edit/": Case(
        one(lambda o: f"/documents/{o.document.pk}/edit/"),
        unsafe=(("post", "NEW_DOCUMENT_OF_XA2"),),
    ),
    "documents/<int:document_id>/file/": Case(one(lambda o: f"/documents/{o.document.pk}/file/")),
    "documents/<int:document_id>/relations/new/": Case(
        one(lambda o: f"/documents/{o.document.pk}/relations/new/"),
        allowed=frozenset({302, 404}),
        unsafe=(("post", {"direction": "replaces", "other": "35-NQ/TW"}),),
    ),
    "documents/<int:document_id>/relations/<int:relation_id>/delete/": Case(
        one(lambda o: f"/documents/{o.document.pk}/relations/{o.relation.pk}/delete/"),
        allowed=frozenset({404, 405}),
    ),
    # The registry's JSON API
    "api/v1/documents/": Case(
        lambda o: ["/api/v1/documents/", "/api/v1/documents/?q=thon+2"],
        kind="api",
        allowed=OWN,
        unsafe=(("post", {"symbol": "99-KH/ĐU"}),),
    ),
    "api/v1/documents/<int:id>/": Case(
        one(lambda o: f"/api/v1/documents/{o.document.pk}/"),
        kind="api",
        unsafe=(("patch", {"subject": "Bị sửa"}), ("delete", None)),
    ),
}

# The registry's admin is read-only and for operators only.
CASES |= admin_cases("documents", "document", lambda o: o.document.pk, frozenset({403}))
CASES |= admin_cases("documents", "relation", lambda o: o.relation.pk, frozenset({403}))
CASES |= admin_cases("documents", "citationlink", lambda o: 1, frozenset({403}))

EFFECTIVE_UNSAFE = (
    "documents/<int:document_id>/edit/",
    "documents/<int:document_id>/relations/<int:relation_id>/delete/",
    "documents/<int:document_id>/relations/new/",
    "documents/import/",
    "documents/new/",
)
