"""Inputs the longer property runs (PROPERTY_SCALE) found, pinned as explicit requests so the bounded
run checks them every time. A failure in an area being fixed is a strict xfail saying where."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.access.model import Objects
from tests.properties.answers import check_answer
from tests.properties.test_every_input import client_for

Send = Callable[[Client, Objects], Any]

FOUND: dict[str, tuple[str, Send]] = {
    "admin change page, empty _to_field in the POST": (
        "admin/orgs/unit/<path:object_id>/change/",
        lambda c, o: c.post(f"/admin/orgs/unit/{o.world.xa2.pk}/change/", {"_to_field": "", "_save": "1"}),
    ),
    "admin change page, empty _to_field in the query": (
        "admin/orgs/unit/<path:object_id>/change/",
        lambda c, o: c.get(f"/admin/orgs/unit/{o.world.xa2.pk}/change/?_to_field="),
    ),
    "admin delete page, empty _to_field in the POST": (
        "admin/auth/group/<path:object_id>/delete/",
        lambda c, o: c.post(f"/admin/auth/group/{o.group.pk}/delete/", {"post": "yes", "_to_field": ""}),
    ),
}
# A found input still failing in an area being fixed gets a strict xfail here, saying where.
MARKS: dict[str, list[Any]] = {}


@pytest.mark.parametrize(
    "name", [pytest.param(name, marks=MARKS.get(name, []), id=name) for name in sorted(FOUND)]
)
def test_found_inputs_are_refused_cleanly(objects: Objects, name: str) -> None:
    pattern, send = FOUND[name]
    check_answer(send(client_for(objects, pattern), objects), [], name)
