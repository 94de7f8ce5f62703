"""Reads of the registry, always scoped through ``orgs.access``.

Who sees a document: everyone signed in when it is public (central documents, state laws);
otherwise whoever has its issuing unit in their line for VIEW_DOCUMENTS (the units above and below
their own: documents flow down the tree; siblings see nothing). Who edits it: MANAGE_DOCUMENTS on the
issuing unit; documents without one (the Centre's, the state's) are kept by the staff of a province.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from quantriet.core import query as query_params
from quantriet.core.actors import Actor
from quantriet.core.modelfields import max_length
from quantriet.core.textinput import clean_text
from quantriet.documents.models import DOCUMENT_TYPES, CitationLink, Document, Relation, RelationKind, Status
from quantriet.documents.textkeys import symbol_key, words
from quantriet.orgs import access
from quantriet.orgs.access import Capability as C
from quantriet.orgs.models import Unit
from quantriet.orgs.models.units import Level
from quantriet.orgs.papers import committee_name

# Units whose document staff also register the documents of bodies outside the tree (the Centre, the state).
UNITLESS_KEEPERS = (Level.CENTRAL, Level.CENTRAL_DIRECT)
NEWEST_FIRST = (F("issued_on").desc(nulls_last=True), "symbol", "id")


def visible_documents(user: Actor) -> QuerySet[Document]:
    if not user.is_authenticated:
        return Document.objects.none()
    line = access.in_line(user, C.VIEW_DOCUMENTS, "issuing_unit_id")
    if line is None:
        return Document.objects.all()
    return Document.objects.filter(Q(is_public=True) | line)


def document_or_404(user: Actor, document_id: int | str) -> Document:
    try:
        return visible_documents(user).select_related("issuing_unit").get(pk=access.id_or_404(document_id))
    except Document.DoesNotExist:
        raise Http404 from None


def may_manage_unitless(user: Actor) -> bool:
    roots = access.root_unit_ids(user, C.MANAGE_DOCUMENTS)
    if access.has_any(user, C.MANAGE_DOCUMENTS) and not roots:
        return True  # an operator
    return Unit.objects.filter(pk__in=roots, level__in=UNITLESS_KEEPERS, valid_to__isnull=True).exists()


def may_manage(user: Actor, document: Document) -> bool:
    if document.issuing_unit_id is None:
        return may_manage_unitless(user)
    return access.can(user, C.MANAGE_DOCUMENTS, document.issuing_unit_id)


def may_register(user: Actor) -> bool:
    return access.has_any(user, C.MANAGE_DOCUMENTS)


def manageable_units(user: Actor) -> QuerySet[Unit]:
    return access.units(user, C.MANAGE_DOCUMENTS)


@dataclass(frozen=True)
class Filters:
    query: str = ""
    doc_type: str = ""
    issuer: str = ""
    year: int | None = None
    status: str = ""
    unconfirmed: bool = False


# Years the list filters on: every year a registered document can carry, and no year the date lookup
# cannot take (10000 raised a 500).
FILTER_YEARS = range(1900, 2200)
ISSUER_MAX_LENGTH = max_length(Document, "issuer") or 40


def read_filters(params: Mapping[str, str], *, lenient: bool) -> Filters:
    """The list's filters from a query string (the page's form, the API, the export).

    ``lenient``: a value that makes no sense is ignored, as a filter left at "all" (the HTML page);
    otherwise it raises ``core.query.BadParameter`` (the API answers 400).
    """
    year = query_params.integer(
        params, "year", minimum=FILTER_YEARS.start, maximum=FILTER_YEARS.stop - 1, lenient=lenient
    )
    return Filters(
        query=query_params.text(params, "q", lenient=lenient),
        doc_type=query_params.choice(params, "type", DOCUMENT_TYPES, lenient=lenient) or "",
        issuer=query_params.text(params, "issuer", max_length=ISSUER_MAX_LENGTH, lenient=lenient),
        year=year,
        status=query_params.choice(params, "status", Status.values, lenient=lenient) or "",
        unconfirmed=query_params.flag(params, "unconfirmed", lenient=lenient),
    )


def _word_filter(word: str) -> Q:
    # A word of the metadata ("nq", "35") must be a whole word; free text may be any part of the body.
    return Q(search_words__contains=f" {word} ") | Q(search_text__contains=word)


def search_documents(user: Actor, filters: Filters) -> QuerySet[Document]:
    """Visible documents matching ``filters``, best first: the exact symbol, then metadata, then body.

    The texts are cleaned here too, whoever built ``filters``: PostgreSQL refuses a query holding NUL.
    """
    found = visible_documents(user).select_related("issuing_unit")
    if filters.doc_type:
        found = found.filter(doc_type=filters.doc_type)
    issuer = clean_text(filters.issuer).strip()
    if issuer:
        found = found.filter(issuer__iexact=issuer)
    if filters.year is not None:
        found = found.filter(issued_on__year=filters.year)
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.unconfirmed:
        found = found.filter(confirmed=False)
    text = clean_text(filters.query)
    query_words = words(text)
    if not query_words:
        return found.order_by(*NEWEST_FIRST)
    for word in query_words:
        found = found.filter(_word_filter(word))
    in_metadata = Q()
    for word in query_words:
        in_metadata &= Q(search_words__contains=f" {word} ")
    exact = _exact_symbols(text)
    rank = Case(
        When(symbol__in=exact, then=Value(0)),
        When(in_metadata, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return found.annotate(rank=rank).order_by("rank", *NEWEST_FIRST)


def _exact_symbols(query: str) -> list[str]:
    """Registry symbols the query spells out, compared without accents or spaces ("35 - nq/tw")."""
    key = symbol_key(query)
    tail = re.sub(r"^.*?(?=\d)", "", key)  # "nghiquyet35-nq/tw" → "35-nq/tw"
    if not tail or ("-" not in tail and "/" not in tail):
        return []
    number = re.match(r"\d+", tail)
    if number is None:
        return []
    candidates = Document.objects.filter(number__in={number.group(), number.group().zfill(2)})
    return [s for s in candidates.values_list("symbol", flat=True).distinct() if symbol_key(s) == tail]


def year_choices(user: Actor) -> list[int]:
    dates = visible_documents(user).filter(issued_on__isnull=False).dates("issued_on", "year", order="DESC")
    return [d.year for d in dates]


def issuer_choices(user: Actor) -> list[str]:
    values = visible_documents(user).exclude(issuer="").values_list("issuer", flat=True).distinct()
    return sorted(set(values))


@dataclass
class RelationRow:
    label: str
    other: Document
    relation: Relation
    outgoing: bool


def relations_of(user: Actor, document: Document) -> list[RelationRow]:
    """Relations both ways, with only the other documents the user may see (two queries)."""
    visible = visible_documents(user)
    rows: list[RelationRow] = []
    outgoing = Relation.objects.filter(source=document, target__in=visible).select_related("target")
    for relation in outgoing:
        rows.append(RelationRow(str(RelationKind(relation.kind).label), relation.target, relation, True))
    incoming = Relation.objects.filter(target=document, source__in=visible).select_related("source")
    for relation in incoming:
        rows.append(RelationRow(relation.inverse_label, relation.source, relation, False))
    order = list(RelationKind.values)
    rows.sort(key=lambda r: (order.index(r.relation.kind), not r.outgoing, r.other.issued_on or dt.date.min))
    return rows


def links_of(owner: Any, fields: Iterable[str] | None = None) -> dict[str, list[CitationLink]]:
    """The citation links of ``owner`` by field, in text order, with their targets (one query)."""
    found = CitationLink.objects.filter(
        owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk
    ).select_related("target")
    if fields is not None:
        found = found.filter(field__in=list(fields))
    grouped: dict[str, list[CitationLink]] = defaultdict(list)
    for link in found.order_by("field", "start"):
        grouped[link.field].append(link)
    return grouped


def visible_target_ids(user: Actor, links: Iterable[CitationLink]) -> set[int]:
    ids = {link.target_id for link in links if link.target_id is not None}
    if not ids:
        return set()
    return set(visible_documents(user).filter(pk__in=ids).values_list("pk", flat=True))


@dataclass
class CitingEntry:
    document: Document
    texts: list[str] = field(default_factory=list)


def cited_by(user: Actor, document: Document) -> list[CitingEntry]:
    """Visible documents whose texts cite ``document`` (other kinds of owners are listed by their apps)."""
    owner_type = ContentType.objects.get_for_model(Document)
    links = CitationLink.objects.filter(target=document, owner_type=owner_type).values_list(
        "owner_id", "text"
    )
    by_owner: dict[int, list[str]] = defaultdict(list)
    for owner_id, text in links:
        if text not in by_owner[owner_id]:
            by_owner[owner_id].append(text)
    if not by_owner:
        return []
    owners = visible_documents(user).filter(pk__in=by_owner).order_by(*NEWEST_FIRST)
    return [CitingEntry(owner, by_owner[owner.pk]) for owner in owners]


def cites(user: Actor, document: Document) -> list[Document]:
    """Visible registry entries that ``document``'s texts cite, each once, in order of first citation."""
    owner_type = ContentType.objects.get_for_model(Document)
    ids = list(
        CitationLink.objects.filter(owner_type=owner_type, owner_id=document.pk, target__isnull=False)
        .order_by("field", "start")
        .values_list("target_id", flat=True)
    )
    visible = {d.pk: d for d in visible_documents(user).filter(pk__in=set(ids))}
    ordered: list[Document] = []
    for target_id in ids:
        found = visible.get(target_id)
        if found is not None and found not in ordered:
            ordered.append(found)
    return ordered


# --- a document cited in a party paper (HD 36-HD/VPTW) ---------------------------------------------------

# Issuing bodies that the symbol's issuer names alone. "/TW" is signed by the Central Committee, the
# Politburo and the Secretariat alike, and the registry does not record which: it reads "Trung ương"
# unless the document's issuing unit names the body.
ISSUING_BODIES = {
    "TW": "Trung ương",
    "BTCTW": "Ban Tổ chức Trung ương",
    "VPTW": "Văn phòng Trung ương Đảng",
    "UBKTTW": "Ủy ban Kiểm tra Trung ương",
    "BTGTW": "Ban Tuyên giáo Trung ương",
    "BTGDVTW": "Ban Tuyên giáo và Dân vận Trung ương",
    "BDVTW": "Ban Dân vận Trung ương",
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
}
# A subject starting with one of these words keeps its capital after "về" (a name, not a common word).
_PROPER_STARTS = (
    "Đảng",
    "Nhà nước",
    "Quốc hội",
    "Chính phủ",
    "Bộ Chính trị",
    "Ban",
    "Việt Nam",
    "Hồ Chí Minh",
)


def issuing_body(document: Document) -> str:
    """Who issued ``document``, in words: its issuing unit's committee, else what its symbol says."""
    if document.issuing_unit is not None:
        return committee_name(document.issuing_unit)
    return ISSUING_BODIES.get(document.issuer.strip(), "")


def full_citation(document: Document) -> str:
    """A document as cited at its first mention in a paper: "Quy định số 22-QĐ/TW, ngày 28/7/2021 của
    Trung ương về công tác kiểm tra, giám sát và kỷ luật của Đảng" (type, number and symbol, date, issuing
    body, subject — each part only when the registry knows it). Later mentions use ``document.title``."""
    text = f"{document.doc_type or 'Văn bản'} số {document.symbol}"
    if document.issued_on is not None:
        day = document.issued_on
        text += f", ngày {day.day}/{day.month}/{day.year}"
    body = issuing_body(document)
    if body:
        text += f" của {body}"
    subject = " ".join(document.subject.split()).rstrip(".")
    if subject:
        first, _, rest = subject.partition(" ")
        if first.lower() == "về":
            subject = rest
        if not subject.startswith(_PROPER_STARTS):
            subject = subject[:1].lower() + subject[1:]
        text += f" về {subject}"
    return text
