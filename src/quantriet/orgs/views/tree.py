"""The units page as a tree: opened node by node, searched, with counts at every node.

Without JavaScript every toggle is a link (``?open=<id>``) that draws the page again opened down to
that unit; with ``orgs/pickers.js`` a toggle fetches the node's sub-units (``orgs:unit_tree``, an
HTML fragment) and opens in place. A search lists matches with their path, each opening the tree to
it. Everything is scoped through ``orgs.access``: a user's tree starts at the units they may see.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from quantriet.core.paging import paginate
from quantriet.orgs import access, selectors
from quantriet.orgs.access import Capability as C
from quantriet.orgs.models import Unit
from quantriet.orgs.views.common import unit_for


def _open_to(request: HttpRequest) -> Unit | None:
    raw = request.GET.get("open")
    if not raw:
        return None
    return access.unit_or_404(request.user, C.VIEW_UNITS, raw)


@login_required
@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    context: dict[str, Any] = {"query": query, "tree": [], "open_to": None}
    if query:
        page = paginate(request, selectors.search_units(request.user, query))
        selectors.with_paths(list(page.object_list))
    else:
        page = paginate(request, selectors.tree_tops(request.user))
        open_to = _open_to(request)
        context["open_to"] = open_to
        context["tree"] = selectors.open_tree(list(page.object_list), open_to)
        if not context["tree"] and page.number == 1:
            # No unit to manage (a plain member): their own record is the useful page here.
            return redirect("orgs:me")
    context["page"] = page
    return render(request, "orgs/units/list.html", context)


@login_required
@require_GET
def unit_tree(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The sub-units of one node (``TREE_PAGE`` at a time), as the list items the tree page inserts."""
    unit = unit_for(request.user, unit_id, C.VIEW_UNITS)
    page = paginate(request, selectors.children_of(request.user, unit), selectors.TREE_PAGE)
    nodes = selectors.tree_nodes(list(page.object_list))
    return render(
        request,
        "orgs/units/_tree_children.html",
        {"parent": unit, "nodes": nodes, "page": page, "level": unit.depth + 2},
    )
