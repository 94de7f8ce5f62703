"""``scan_citations``: find the documents a text cites and link each citation to its registry entry.

Public service for every app: a document's body and file text are scanned when saved; plans and
reports call it for their own texts. Re-scanning replaces the owner's links for that field, so it is
idempotent and safe to re-run after a crash or a parser upgrade.

Matching (a party symbol recurs in each committee term, so the symbol alone is not an identity). Symbols
are compared through ``docref.symbol_key``: a citation keeps the issuer as written ("35-NQ/TƯ"), the
registry files it once ("35-NQ/TW").
- a citation with a date names the document with that symbol and date; when there is none, the entry
  with that symbol dated within DATE_SLIP_DAYS of it (writers get the day wrong: "ngày 20/10/2018" for
  22/10/2018; the link keeps the cited date, and pages show the difference); then the one undated entry
  with that symbol (its date is unknown, not contradicted); otherwise a new placeholder with that date;
- a citation without a date names the single document with that symbol; when there are several, the
  latest one issued on or before the citing text's date; when that still does not decide, nothing
  (the citation stays a mention rather than a guess);
- a symbol unknown to the registry gets an unconfirmed placeholder entry, which staff complete later;
- a short reference ("Chỉ thị 05", "Nghị quyết 35": type and number, no symbol) names the document an
  earlier full citation of the same text with that type and number named, when they all named one; when
  the text has none, the single registry entry of that type and number (a central document, or one of
  the citing unit or a unit above it) issued by the citing date, and with the cited date if one is given;
  otherwise it stays an unlinked mention, never guessed and never a placeholder.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from quantriet.core.actors import Actor
from quantriet.docref import Citation, extract, symbol_key
from quantriet.documents.models import DOCUMENT_TYPES, CitationLink, Document
from quantriet.documents.services.indexing import index_document
from quantriet.orgs.models import Unit, UnitLink
from quantriet.orgs.services import record_audit

# How far a cited date may stand from the registered one and still name that document: slips of a few days
# are common in news and reports; the same symbol in another term is years away.
DATE_SLIP_DAYS = 31


def _date(citation: Citation) -> dt.date | None:
    return dt.date.fromisoformat(citation.date) if citation.date else None


def _issuer(citation: Citation) -> str:
    """The issuer as the registry files it ("TƯ" written is "TW")."""
    issuer = citation.issuer or ""
    return symbol_key("-" + issuer)[1:] if issuer else ""


def is_central(citation: Citation) -> bool:
    """Documents of the Centre and of the state are addressed to everyone."""
    return citation.system == "state" or _issuer(citation).endswith("TW")


def match(candidates: list[Document], cited_on: dt.date | None, citing_date: dt.date) -> Document | None:
    """The registry entry a citation names among the entries with its symbol (see the module docstring)."""
    if cited_on is not None:
        exact = [d for d in candidates if d.issued_on == cited_on]
        if exact:
            return exact[0]
        near = [
            d
            for d in candidates
            if d.issued_on is not None and abs((d.issued_on - cited_on).days) <= DATE_SLIP_DAYS
        ]
        if near:
            return min(near, key=lambda d: (abs(((d.issued_on or cited_on) - cited_on).days), d.pk))
        undated = [d for d in candidates if d.issued_on is None]
        return undated[0] if len(undated) == 1 else None
    if len(candidates) == 1:
        return candidates[0]
    earlier = [d for d in candidates if d.issued_on is not None and d.issued_on <= citing_date]
    if earlier:
        return max(earlier, key=lambda d: (d.issued_on or dt.date.min, d.pk))
    undated = [d for d in candidates if d.issued_on is None]
    return undated[0] if len(undated) == 1 else None


def _number_key(number: str) -> str:
    """ "05" and "5" name the same number."""
    return number.lstrip("0") or "0"


def _short_key(citation: Citation) -> tuple[str, str] | None:
    if citation.type is None or citation.number is None:
        return None
    return citation.type, _number_key(citation.number)


def _registry_short_candidates(
    citations: list[Citation], unit: Unit | None
) -> dict[tuple[str, str], list[Document]]:
    """Registry entries that short references of the text could name, by (type, number): one query."""
    keys = {key for c in citations if c.id is None and (key := _short_key(c)) is not None}
    if not keys:
        return {}
    numbers = {variant for _, n in keys for variant in (n, "0" + n, "00" + n)}
    scope = models.Q(issuing_unit__isnull=True)
    if unit is not None:
        scope |= models.Q(issuing_unit_id__in=UnitLink.objects.filter(descendant=unit).values("ancestor_id"))
    found: dict[tuple[str, str], list[Document]] = defaultdict(list)
    rows = Document.objects.filter(scope, doc_type__in={t for t, _ in keys}, number__in=numbers)
    for document in rows.order_by("id"):
        found[(document.doc_type, _number_key(document.number))].append(document)
    return found


def _short_target(
    citation: Citation,
    named_before: dict[tuple[str, str], set[int]],
    documents: dict[int, Document],
    registry: dict[tuple[str, str], list[Document]],
    citing_date: dt.date,
) -> Document | None:
    """The document a short reference names (see the module docstring), or None when it is not certain."""
    key = _short_key(citation)
    if key is None:
        return None
    earlier = named_before.get(key)
    if earlier:
        return documents[next(iter(earlier))] if len(earlier) == 1 else None
    cited_on = _date(citation)
    candidates = [
        d
        for d in registry.get(key, [])
        if (d.issued_on is None or d.issued_on <= citing_date)
        and (cited_on is None or d.issued_on == cited_on)
    ]
    return candidates[0] if len(candidates) == 1 else None


def _placeholder(citation: Citation, unit: Unit | None, actor: Actor | None) -> Document:
    central = is_central(citation)
    document = Document(
        doc_type=citation.type if citation.type in DOCUMENT_TYPES else "",
        symbol=symbol_key(citation.id or ""),
        number=citation.number or "",
        issuer=_issuer(citation),
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
    symbols = {symbol_key(c.id) for c in citations if c.id}
    by_symbol: dict[str, list[Document]] = defaultdict(list)
    for document in Document.objects.filter(symbol__in=symbols).order_by("id"):
        by_symbol[document.symbol].append(document)
    registry_short = _registry_short_candidates(citations, unit)
    # (type, number) -> the documents full citations earlier in this text named, for short references.
    named_before: dict[tuple[str, str], set[int]] = defaultdict(set)
    documents: dict[int, Document] = {}
    links: list[CitationLink] = []
    for citation in citations:
        target: Document | None = None
        if citation.id is not None:
            candidates = by_symbol[symbol_key(citation.id)]
            target = match(candidates, _date(citation), when)
            if target is None and (not candidates or _date(citation) is not None):
                target = _placeholder(citation, unit, actor)
                candidates.append(target)
            key = _short_key(citation)
            if target is not None and key is not None:
                named_before[key].add(target.pk)
                documents[target.pk] = target
        else:
            target = _short_target(citation, named_before, documents, registry_short, when)
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
