"""Deleting and updating many rows in batches, so a purge never holds one huge transaction or lock.

Each batch takes the next ``size`` primary keys of the rows matching (in key order, after the last
batch's), then writes those rows only, in its own transaction. An interrupted run is simply started
again: rows already written no longer match their purge's condition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

DEFAULT_SIZE = 1000


def _batches(queryset: QuerySet[Any], size: int) -> Iterator[QuerySet[Any]]:
    manager = queryset.model._default_manager
    keys = queryset.order_by("pk").values_list("pk", flat=True)
    last = None
    while True:
        batch = list((keys if last is None else keys.filter(pk__gt=last))[:size])
        if not batch:
            return
        last = batch[-1]
        yield manager.filter(pk__in=batch)


def _each(queryset: QuerySet[Any], size: int, write: Callable[[QuerySet[Any]], int]) -> int:
    total = 0
    for batch in _batches(queryset, size):
        with transaction.atomic():
            total += write(batch)
    return total


def delete_in_batches(queryset: QuerySet[Any], size: int = DEFAULT_SIZE) -> int:
    """Delete every row of ``queryset``; returns how many rows of its model were deleted."""
    label = queryset.model._meta.label
    return _each(queryset, size, lambda batch: batch.delete()[1].get(label, 0))


def update_in_batches(queryset: QuerySet[Any], values: dict[str, Any], size: int = DEFAULT_SIZE) -> int:
    """Set ``values`` on every row of ``queryset``; returns how many rows were updated."""
    return _each(queryset, size, lambda batch: batch.update(**values))
