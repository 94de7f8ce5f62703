"""``scan_citations``: find the documents a text cites and link each citation to its registry entry.

Public service for every app: a document's body and file text are scanned when saved; plans and
reports call it for their own texts. Re-scanning replaces the owner's links for that field, so it is
idempotent and safe to re-run after a crash or a parser upgrade.

Matching (a party symbol recurs in each committee term, so the symbol alone is not an identity):
- a citation with a date names the document with that symbol and date; when there is none, the one
  undated entry with that symbol (its date is unknown, not contradicted); otherwise a new placeholder
  with that date;
- a citation without a date names the single document with that symbol; when there are several, the
  latest one issued on or before the citing text's date; when that still does not decide, nothing
  (the citation stays a mention rather than a guess);
- a symbol unknown to the registry gets an unconfirmed placeholder entry, which staff complete later;
- a partial citation ("Nghị quyết 18": no symbol) is kept as an unlinked mention, never guessed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from quantriet.core.actors import Actor
from quantriet.docref import Citation, extract
from quantriet.documents.models import DOCUMENT_TYPES, CitationLink, Document
from quantriet.documents.services.indexing import index_document
from quantriet.orgs.models import Unit
from quantriet.orgs.services import record_audit


def _date(citation: Citation) -> dt.date | None:
    return dt.date.fromisoformat(citation.date) if citation.date else None


def is_central(citation: Citation) -> bool:
    """Documents of the Centre and of the state are addressed to everyone."""
    return citation.system == "state" or (citation.issuer or "").endswith("TW")


def match(candidates: list[Document], cited_on: dt.date | None, citing_date: dt.date) -> Document | None:
    """The registry entry a citation names among the entries with its symbol (see the module docstring)."""
    if cited_on is not None:
        exact = [d for d in candidates if d.issued_on == cited_on]
        if exact:
            return exact[0]
        undated = [d for d in candidates if d.issued_on is None]
        return undated[0] if len(undated) == 1 else None
    if len(candidates) == 1:
        return candidates[0]
    earlier = [d for d in candidates if d.issued_on is not None and d.issued_on <= citing_date]
    if earlier:
        return max(earlier, key=lambda d: (d.issued_on or dt.date.min, d.pk))
    undated = [d for d in candidates if d.issued_on is None]
    return undated[0] if len(undated) == 1 else None


def _placeholder(citation: Citation, unit: Unit | None, actor: Actor | None) -> Document:
    central = is_central(citation)
    document = Document(
        doc_type=citation.type if citation.type in DOCUMENT_TYPES else "",
        symbol=citation.id or "",
        number=citation.number or "",
        issuer=citation.issuer or "",
        system=citation.system or "",
        issued_on=_date(citation),
        confirmed=False,
        # A local document is shown to the readers of the text that cited it until staff complete it.
        is_public=central or unit is None,
        issuing_unit=None if central else unit,
    )
    index_document(document)
    document.save()
    record_audit(
        actor,
        "document.placeholder",
        document,
        unit=document.issuing_unit,
        summary=f"Tạo mục chờ xác nhận {document.title} từ trích dẫn “{citation.text}”",
    )
    return document


@transaction.atomic
def scan_citations(
    owner: models.Model,
    field: str,
    text: str,
    *,
    citing_date: dt.date | None = None,
    unit: Unit | None = None,
    actor: Actor | None = None,
) -> list[CitationLink]:
    """Replace the citation links of ``owner``'s ``field`` with those found in ``text``.

    Args:
        owner: The object whose text it is (saved: it needs a primary key).
        field: The name of the text field ("body", "file_text", "content"…).
        text: The text exactly as stored; link offsets index into it.
        citing_date: When the text was written (chooses among same-symbol documents); today if unknown.
        unit: The unit whose readers see the text: placeholders for local documents are shown to them.
        actor: Who caused the scan, for the audit trail of created placeholders.

    Returns:
        The links created, in text order.
    """
    owner_type = ContentType.objects.get_for_model(owner)
    CitationLink.objects.filter(owner_type=owner_type, owner_id=owner.pk, field=field).delete()
    citations = extract(text) if text else []
    if not citations:
        return []
    when = citing_date or timezone.localdate()
    symbols = {c.id for c in citations if c.id}
    by_symbol: dict[str, list[Document]] = defaultdict(list)
    for document in Document.objects.filter(symbol__in=symbols).order_by("id"):
        by_symbol[document.symbol].append(document)
    links: list[CitationLink] = []
    for citation in citations:
        target: Document | None = None
        if citation.id is not None:
            candidates = by_symbol[citation.id]
            target = match(candidates, _date(citation), when)
            if target is None and (not candidates or _date(citation) is not None):
                target = _placeholder(citation, unit, actor)
                candidates.append(target)
        if target is not None and isinstance(owner, Document) and target.pk == owner.pk:
            target = None  # a document naming itself ("Nghị quyết này") is not a citation
        links.append(
            CitationLink(
                owner_type=owner_type,
                owner_id=owner.pk,
                field=field,
                start=citation.start,
                end=citation.end,
                text=citation.text[:500],
                cited_id=citation.id,
                cited_type=citation.type or "",
                cited_date=_date(citation),
                target=target,
            )
        )
    return CitationLink.objects.bulk_create(links)


def forget_citations(owner: models.Model) -> None:
    """Drop every link of ``owner`` (call before deleting an object that had scanned texts)."""
    owner_type = ContentType.objects.get_for_model(owner)
    CitationLink.objects.filter(owner_type=owner_type, owner_id=owner.pk).delete()
