"""What the review API's tests share: periods and reviews made with the ORM, keyed clients, and the check
that every answer fits what the OpenAPI description promises for its operation and status."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client
from django.urls import resolve
from django.utils import timezone
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from quantriet.orgs import services
from quantriet.orgs.api.openapi import build_spec
from quantriet.orgs.models import Member, Unit
from quantriet.reviews.models import MemberReview, ReviewPeriod, ReviewState
from tests.reviews.conftest import DECISIONS_UNTIL, MEETING_UNTIL, SELF_UNTIL, YEAR, ReviewWorld


def keyed(user: User) -> Client:
    _token, key = services.create_token(None, user, "tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _operation(path: str, method: str) -> dict[str, Any]:
    """The OpenAPI operation documenting ``method`` on ``path`` (found through the URL resolver)."""
    match = resolve(path.split("?")[0])
    template = "/" + str(match.route)
    for name in match.kwargs:
        template = template.replace(f"<int:{name}>", "{" + name + "}")
    operation: dict[str, Any] = build_spec()["paths"][template][method.lower()]
    return operation


def fits(response: HttpResponse, method: str = "GET") -> Any:
    """The answer's JSON, after checking that its status and body are those the description documents."""
    path = response.wsgi_request.get_full_path()  # type: ignore[attr-defined]
    documented = _operation(path, method)["responses"]
    status = str(response.status_code)
    assert status in documented, f"{method} {path}: {status} is not documented"
    schema = documented[status]["content"]["application/json"]["schema"]
    validator = Draft202012Validator({**schema, "components": build_spec()["components"]})
    data = json.loads(response.content)
    errors = list(validator.iter_errors(data))
    assert not errors, f"{method} {path} {status}: {errors[0].message}"
    return data


def get(client: Client, url: str) -> Any:
    response = client.get(url)
    return response, fits(response)


def post(client: Client, url: str, body: Any) -> tuple[HttpResponse, Any]:
    payload = body if isinstance(body, str | bytes) else json.dumps(body)
    response = client.post(url, payload, content_type="application/json")
    return response, fits(response, "POST")


def grassroots_of(unit: Unit) -> Unit:
    return unit if unit.level == "grassroots" or unit.parent is None else grassroots_of(unit.parent)


def make_period(unit: Unit, title: str, *, year: int = YEAR) -> ReviewPeriod:
    return ReviewPeriod.objects.create(
        unit=unit,
        kind="year",
        year=year,
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31),
        rule_set="qd366",
        title=title,
        self_assessment_until=SELF_UNTIL.replace(year=year),
        meeting_until=MEETING_UNTIL.replace(year=year),
        decisions_until=DECISIONS_UNTIL.replace(year=year),
    )


def make_current_period(unit: Unit) -> ReviewPeriod:
    """This year's period (qd366) at ``unit``, its timetable running from today on: every form is open."""
    today = timezone.localdate()
    return ReviewPeriod.objects.create(
        unit=unit,
        kind="year",
        year=today.year,
        start=dt.date(today.year, 1, 1),
        end=dt.date(today.year, 12, 31),
        rule_set="qd366",
        title="Đánh giá, xếp loại năm nay",
        self_assessment_until=today + dt.timedelta(days=10),
        meeting_until=today + dt.timedelta(days=20),
        decisions_until=today + dt.timedelta(days=30),
    )


def make_review(
    period: ReviewPeriod, member: Member, unit: Unit | None = None, **fields: Any
) -> MemberReview:
    place = unit or member.unit
    return MemberReview.objects.create(
        period=period, member=member, unit=place, grassroots=grassroots_of(place), **fields
    )


@dataclass
class Api:
    rw: ReviewWorld
    period: ReviewPeriod  # An Hòa's 2025 period: An at XA1 and at the commune, Bình and Dũng at XA2
    other: ReviewPeriod  # Bình Minh's 2025 period: Cường at XB1
    an: MemberReview
    an_post: MemberReview  # An as deputy secretary of the commune committee
    binh: MemberReview
    dung: MemberReview
    cuong: MemberReview


@pytest.fixture
def api(rw: ReviewWorld) -> Api:
    period = make_period(rw.xa, "Đánh giá, xếp loại năm 2025 — xã An Hòa")
    other = make_period(rw.xb, "Đánh giá, xếp loại năm 2025 — xã Bình Minh")
    return Api(
        rw=rw,
        period=period,
        other=other,
        an=make_review(period, rw.an, state=ReviewState.SELF_ASSESSED, self_level="htt"),
        an_post=make_review(period, rw.an, rw.xa, post="Phó Bí thư Đảng ủy"),
        binh=make_review(period, rw.binh, facts={"points": 92}),
        dung=make_review(period, rw.dung),
        cuong=make_review(other, rw.m_xb1),
    )
