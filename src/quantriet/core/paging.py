"""Paging for the HTML lists of every app: one COUNT and one query for a page's rows."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 50


def paginate(request: HttpRequest, queryset: Any, per_page: int = PAGE_SIZE) -> Page[Any]:
    """One page of ``queryset``: one COUNT (cached by the paginator) and one query for the rows.

    A page number out of range shows the last page rather than an error.
    """
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return page


def paginate_by_keys(request: HttpRequest, queryset: QuerySet[Any], per_page: int = PAGE_SIZE) -> Page[Any]:
    """``paginate`` for long lists: the page's keys are chosen first, then only those rows are read.

    Ordering a whole province's members to keep 50 made SQLite fetch and sort every full row; the
    keys alone come from an index (members: unit, name_sort, and the row id SQLite keeps in every
    index). Still one COUNT and one query: the keys are a subquery of the rows' query.
    """
    page = Paginator(queryset.values("pk"), per_page).get_page(request.GET.get("page"))
    page.object_list = list(queryset.filter(pk__in=page.object_list))
    return page
