"""Limits read from model fields, so that forms, the API and importers refuse what the column cannot hold.

A length written twice drifts: the member form allowed a 40-character card number and the API any length
while the column holds 20, so PostgreSQL refused the row (a 500) where SQLite stored it all. Every reader
of user text asks the model instead.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db import models

__all__ = ["max_length"]


def max_length(model: type[models.Model], name: str) -> int | None:
    """The ``max_length`` of ``model``'s field ``name``, or None when it has none (or is not a field)."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    limit = getattr(field, "max_length", None)
    return limit if isinstance(limit, int) else None
