"""Relations between documents: replaces, guides, concretises, free links.

Adding "A replaces B" marks B as replaced; removing the last such relation puts B back in force.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from quantriet.core.actors import Actor
from quantriet.documents.models import Document, Relation, RelationKind, Status
from quantriet.orgs.services import record_audit


def _replaced_chain_reaches(start: Document, goal: Document) -> bool:
    """Does ``start`` (directly or through others) replace ``goal``? Replacement chains are short."""
    seen: set[int] = set()
    frontier = {start.pk}
    while frontier:
        if goal.pk in frontier:
            return True
        seen |= frontier
        frontier = (
            set(
                Relation.objects.filter(source_id__in=frontier, kind=RelationKind.REPLACES).values_list(
                    "target_id", flat=True
                )
            )
            - seen
        )
    return False


@transaction.atomic
def add_relation(
    actor: Actor | None, source: Document, target: Document, kind: str, note: str = ""
) -> Relation:
    """Record that ``source`` ``kind`` ``target`` (e.g. a provincial plan concretises a resolution)."""
    if kind not in RelationKind.values:
        raise ValidationError({"kind": _("Hãy chọn một loại quan hệ trong danh sách.")})
    if source.pk == target.pk:
        raise ValidationError({"target": _("Một văn bản không thể có quan hệ với chính nó.")})
    if Relation.objects.filter(source=source, target=target, kind=kind).exists():
        raise ValidationError({"target": _("Quan hệ này đã có rồi.")})
    if kind == RelationKind.REPLACES and _replaced_chain_reaches(target, source):
        raise ValidationError(
            {
                "target": _(
                    "%(target)s đã thay thế %(source)s (trực tiếp hoặc qua văn bản khác), nên %(source)s "
                    "không thể thay thế lại nó."
                )
                % {"target": target.title, "source": source.title}
            }
        )
    relation = Relation.objects.create(source=source, target=target, kind=kind, note=note.strip()[:300])
    if kind == RelationKind.REPLACES and target.status != Status.REPLACED:
        Document.objects.filter(pk=target.pk).update(status=Status.REPLACED)
        target.status = Status.REPLACED
    record_audit(
        actor,
        "document.relation_add",
        source,
        unit=source.issuing_unit,
        summary=f"{source.title} — {RelationKind(kind).label} — {target.title}",
        changes={"relation": relation.pk, "kind": kind, "target": target.pk},
    )
    return relation


@transaction.atomic
def remove_relation(actor: Actor | None, relation: Relation) -> None:
    source, target, kind = relation.source, relation.target, relation.kind
    relation_id = relation.pk
    relation.delete()
    if (
        kind == RelationKind.REPLACES
        and not Relation.objects.filter(target=target, kind=RelationKind.REPLACES).exists()
    ):
        Document.objects.filter(pk=target.pk).update(status=Status.IN_FORCE)
        target.status = Status.IN_FORCE
    record_audit(
        actor,
        "document.relation_remove",
        source,
        unit=source.issuing_unit,
        summary=f"Bỏ quan hệ: {source.title} — {RelationKind(kind).label} — {target.title}",
        changes={"relation": relation_id, "kind": kind, "target": target.pk},
    )
