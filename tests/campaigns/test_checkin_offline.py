"""What an offline desk sends to the JSON endpoint: picks by name, and the moment it recorded them."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from django.test import Client
from django.utils import timezone

from quantriet.campaigns.models import CheckIn
from tests.campaigns.conftest import Setup


def send(client: Client, point_id: int, **body: Any) -> Any:
    body.setdefault("client_id", str(uuid.uuid4()))
    return client.post(
        f"/campaigns/points/{point_id}/check-in.json", json.dumps(body), content_type="application/json"
    )


def test_a_name_picked_offline_is_recorded_once_even_when_sent_twice(setup: Setup) -> None:
    an, _binh = setup.invite(setup.point_xa, setup.world.m_xa1, setup.world.m_xa2)
    eve = setup.world.client_for(setup.world.eve)
    client_id = str(uuid.uuid4())
    first = send(eve, setup.point_xa.pk, delegate=an.pk, method="name", client_id=client_id)
    assert first.status_code == 201 and first.json()["name"] == "Nguyễn Văn An"
    again = send(eve, setup.point_xa.pk, delegate=an.pk, method="name", client_id=client_id)
    assert again.status_code == 200 and again.json()["replayed"] is True
    other = send(eve, setup.point_xa.pk, delegate=an.pk, method="name")  # another pick of the same person
    assert other.status_code == 409 and other.json()["error"]["code"] == "already"
    check_in = CheckIn.objects.get()
    assert check_in.delegate == an and check_in.method == "name"


def test_a_name_of_another_point_cannot_be_picked(setup: Setup) -> None:
    (cuong,) = setup.invite(setup.point_xb, setup.world.m_xb1)
    eve = setup.world.client_for(setup.world.eve)
    response = send(eve, setup.point_xa.pk, delegate=cuong.pk, method="name")
    assert response.status_code == 400 and response.json()["error"]["code"] == "unknown"
    assert not CheckIn.objects.exists()


def test_the_moment_recorded_offline_is_kept_when_believable(setup: Setup) -> None:
    an, binh = setup.invite(setup.point_xa, setup.world.m_xa1, setup.world.m_xa2)
    eve = setup.world.client_for(setup.world.eve)
    earlier = (timezone.now() - dt.timedelta(minutes=40)).replace(microsecond=0)
    send(eve, setup.point_xa.pk, code=an.code, method="typed", at=earlier.isoformat())
    assert CheckIn.objects.get(delegate=an).at == earlier
    future = timezone.now() + dt.timedelta(hours=3)  # a device clock set wrong: the server's time is used
    before = timezone.now()
    send(eve, setup.point_xa.pk, code=binh.code, method="typed", at=future.isoformat())
    assert before <= CheckIn.objects.get(delegate=binh).at <= timezone.now()
