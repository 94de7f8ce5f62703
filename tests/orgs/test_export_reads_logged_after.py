"""The members export logs who was read only once every row is read, never while the members' query is
still open: on SQLite a write in the middle of an open read fails at once when someone else wrote meanwhile
("database is locked"), which turned two staff exporting at the same time into a server error."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from quantriet.orgs import exports
from quantriet.orgs.models import AccessLog, Member
from tests.conftest import World


def test_no_read_is_logged_while_the_members_are_still_being_read(world: World, monkeypatch: Any) -> None:
    monkeypatch.setattr(exports, "_LOG_BATCH", 1)  # a province's export logs in several batches
    logged_while_reading: list[int] = []

    def members() -> Iterator[Member]:
        for member in Member.objects.select_related("unit").order_by("pk"):
            logged_while_reading.append(AccessLog.objects.count())
            yield member

    count = exports.write_members_xlsx(members(), io.BytesIO(), title="Danh sách", user=world.alice)
    assert count == Member.objects.count() == 4
    assert logged_while_reading == [0, 0, 0, 0]
    assert sorted(AccessLog.objects.values_list("member_id", flat=True)) == sorted(
        Member.objects.values_list("pk", flat=True)
    )
    assert set(AccessLog.objects.values_list("unit_id", flat=True)) == set(
        Member.objects.values_list("unit_id", flat=True)
    )
