"""The campaigns' JSON API: campaigns, conferences, points, delegates, check-ins and plans, read with an API
key or a session, in the same reach as the pages; every answer of every endpoint fits the OpenAPI document."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from quantriet.campaigns import services
from quantriet.campaigns.models import CheckIn
from quantriet.campaigns.services.checkin import reverse_check_in
from quantriet.campaigns.services.kiosk import create_kiosk_key
from quantriet.orgs import services as org_services
from quantriet.orgs.api.openapi import build_spec
from quantriet.orgs.models import BulkAccessLog
from quantriet.reports.models import LearningReport
from quantriet.reports.services.requirements import save_requirement
from quantriet.reviews.models import MemberReview, OrganisationReview
from quantriet.reviews.services.periods import open_period
from tests.campaigns.conftest import Setup
from tests.reports.conftest import requirement_fields

pytestmark = pytest.mark.usefixtures("clock")


def keyed(user: User) -> Client:
    _token, key = org_services.create_token(None, user, "tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def fits(schema_name: str, data: Any) -> None:
    spec = build_spec()
    validator = Draft202012Validator(
        {"$ref": f"#/components/schemas/{schema_name}", "components": spec["components"]}
    )
    errors = list(validator.iter_errors(data))
    assert not errors, f"{schema_name}: {errors[0].message} at {list(errors[0].absolute_path)}"


def test_an_organiser_lists_the_campaigns_with_units_named_by_their_path(setup: Setup) -> None:
    response = keyed(setup.world.alice).get("/api/v1/campaigns/")
    assert response.status_code == 200
    data = response.json()
    fits("CampaignPage", data)
    assert [c["title"] for c in data["results"]] == ["Học tập Nghị quyết 35"]
    assert data["results"][0]["organising_unit"]["path"] == "Tỉnh ủy Mẫu"


def test_a_campaign_shows_its_documents_and_conferences(setup: Setup) -> None:
    response = keyed(setup.world.alice).get(f"/api/v1/campaigns/{setup.campaign.pk}/")
    data = response.json()
    fits("CampaignDetail", data)
    assert [d["symbol"] for d in data["documents"]] == ["35-NQ/TW"]
    assert [c["title"] for c in data["conferences"]] == ["Hội nghị trực tuyến quán triệt"]
    assert (data["sees_whole"], data["may_manage"]) == (True, True)


def test_a_point_clerk_sees_only_their_own_point_of_the_conference(setup: Setup) -> None:
    eve = keyed(setup.world.eve)  # office staff of XA: runs the XA point's desk
    conference = eve.get(f"/api/v1/campaigns/conferences/{setup.conference.pk}/").json()
    fits("ConferenceDetail", conference)
    assert [p["name"] for p in conference["points"]] == ["Điểm cầu xã An Hòa"]
    assert conference["points"][0]["host_unit"]["path"] == "Đảng bộ xã An Hòa"
    assert eve.get(f"/api/v1/campaigns/points/{setup.point_xb.pk}/").status_code == 404
    assert eve.get(f"/api/v1/campaigns/points/{setup.point_xb.pk}/delegates/").status_code == 404
    everyone = keyed(setup.world.alice).get(f"/api/v1/campaigns/conferences/{setup.conference.pk}/").json()
    assert len(everyone["points"]) == 3


def test_an_outsider_gets_404_for_another_units_campaign(setup: Setup) -> None:
    world = setup.world
    own = services.create_campaign(
        None,
        title="Đợt riêng của xã An Hòa",
        organising_unit=world.xa,
        scope_unit=world.xa,
        audience="all_members",
        documents=[setup.document],
        conference_date=dt.date(2025, 9, 12),
        plan_deadline=dt.date(2025, 10, 1),
        report_deadline=dt.date(2025, 11, 1),
    )
    charlie = keyed(world.charlie)  # organisation staff of the sibling commune XB
    assert charlie.get(f"/api/v1/campaigns/{own.pk}/").status_code == 404
    assert charlie.get(f"/api/v1/campaigns/{own.pk}/plans/").status_code == 404
    titles = [c["title"] for c in charlie.get("/api/v1/campaigns/").json()["results"]]
    assert "Đợt riêng của xã An Hòa" not in titles


def test_a_points_delegates_carry_their_attendance_and_the_read_is_logged(setup: Setup) -> None:
    world = setup.world
    an, _binh = setup.invite(setup.point_xa, world.m_xa1, world.m_xa2)
    services.check_in_delegate(world.eve, setup.point_xa, an, client_id=uuid.uuid4(), method="name")
    before = BulkAccessLog.objects.filter(what="api.campaigns.delegates").count()
    response = keyed(world.eve).get(f"/api/v1/campaigns/points/{setup.point_xa.pk}/delegates/")
    assert response.status_code == 200
    data = response.json()
    fits("DelegatePage", data)
    statuses = {d["name"]: d["status"] for d in data["results"]}
    assert statuses == {"Nguyễn Văn An": "present", "Trần Thị Bình": "absent"}
    assert "code" not in data["results"][0]  # the delegate's credential at the door stays on paper
    assert BulkAccessLog.objects.filter(what="api.campaigns.delegates").count() == before + 1
    point = keyed(world.eve).get(f"/api/v1/campaigns/points/{setup.point_xa.pk}/").json()
    fits("BridgePointDetail", point)
    assert (point["attendance"]["invited"], point["attendance"]["present"]) == (2, 1)
    assert point["may_check_in"] is True


def test_a_reversed_check_in_is_listed_as_reversed_and_no_longer_counts(setup: Setup) -> None:
    world = setup.world
    (an,) = setup.invite(setup.point_xa, world.m_xa1)
    done = services.check_in_delegate(world.eve, setup.point_xa, an, client_id=uuid.uuid4(), method="name")
    reverse_check_in(world.eve, done.check_in, reason="Bấm nhầm người")
    client = keyed(world.eve)
    listed = client.get(f"/api/v1/campaigns/points/{setup.point_xa.pk}/check-ins/").json()
    fits("CheckInPage", listed)
    (row,) = listed["results"]
    assert (row["name"], row["reversed"], row["reversal_reason"]) == ("Nguyễn Văn An", True, "Bấm nhầm người")
    delegates = client.get(f"/api/v1/campaigns/points/{setup.point_xa.pk}/delegates/").json()
    assert [d["status"] for d in delegates["results"]] == ["absent"]
    point = client.get(f"/api/v1/campaigns/points/{setup.point_xa.pk}/").json()
    assert point["attendance"]["present"] == 0
    assert CheckIn.objects.count() == 1  # the fact stays


def test_the_plans_list_names_each_unit_that_owes_one_with_its_state(setup: Setup) -> None:
    response = keyed(setup.world.alice).get(f"/api/v1/campaigns/{setup.campaign.pk}/plans/?page_size=200")
    assert response.status_code == 200
    data = response.json()
    fits("PlanPage", data)
    assert data["count"] == len(data["results"]) > 0
    assert {r["state"] for r in data["results"]} == {"missing"}
    assert all(r["plan"] is None for r in data["results"])
    assert all(r["unit"]["path"].endswith(r["unit"]["name"]) for r in data["results"])
    assert "Đảng bộ xã An Hòa" in {r["unit"]["path"] for r in data["results"]}


def test_the_campaigns_list_costs_the_same_queries_for_one_row_as_for_many(
    setup: Setup, django_assert_num_queries: Any
) -> None:
    world = setup.world
    client = world.client_for(world.alice)
    client.get("/api/v1/campaigns/")  # warm the session
    # session, user, the member's line and roles (reach), count, page, the page's unit paths
    with django_assert_num_queries(7):
        assert client.get("/api/v1/campaigns/").json()["count"] == 1
    for n in range(5):
        services.create_campaign(
            None,
            title=f"Đợt {n}",
            organising_unit=world.province,
            scope_unit=world.xa,
            audience="all_members",
            documents=[setup.document],
            conference_date=dt.date(2025, 9, 12),
            plan_deadline=dt.date(2025, 10, 1),
            report_deadline=dt.date(2025, 11, 1),
        )
    with django_assert_num_queries(7):
        assert client.get("/api/v1/campaigns/").json()["count"] == 6


def test_a_points_delegate_list_costs_the_same_queries_for_one_row_as_for_many(
    setup: Setup, django_assert_num_queries: Any
) -> None:
    world = setup.world
    setup.invite(setup.point_xa, world.m_xa1)
    client = world.client_for(world.eve)
    url = f"/api/v1/campaigns/points/{setup.point_xa.pk}/delegates/"
    client.get(url)
    # session, user, roles (reach), the point, count, page with statuses, unit paths, the read's log entry
    with django_assert_num_queries(8):
        assert client.get(url).json()["count"] == 1
    setup.invite(setup.point_xa, world.m_xa2, world.m_dave)
    with django_assert_num_queries(8):
        assert client.get(url).json()["count"] == 3


# --- every answer of every endpoint fits the document ------------------------------------------------


def _documented(spec: dict[str, Any], path: str, method: str, status: int) -> dict[str, Any]:
    responses = spec["paths"][path][method]["responses"]
    assert str(status) in responses, f"{method.upper()} {path} answered {status}, which is not documented"
    schema: dict[str, Any] = responses[str(status)]["content"]["application/json"]["schema"]
    return schema


def _urls(setup: Setup, path: str, report: LearningReport, review: MemberReview) -> list[str]:
    """Addresses of ``path`` (an OpenAPI path): about a real object and about none (404); lists with paging
    past the end and a wrong page size (400)."""
    world = setup.world
    organisation = OrganisationReview.objects.get(
        period_id=review.period_id, unit=world.xa, collective=False
    ).pk
    ids = {
        "/api/v1/units/{id}/": world.xa.pk,
        "/api/v1/members/{id}/": world.m_xa1.pk,
        "/api/v1/documents/{id}/": setup.document.pk,
        "/api/v1/reports/campaigns/{campaign_id}/reports/": setup.campaign.pk,
        "/api/v1/reports/{report_id}/": report.pk,
        "/api/v1/reports/{report_id}/versions/": report.pk,
        "/api/v1/campaigns/{id}/": setup.campaign.pk,
        "/api/v1/campaigns/{id}/plans/": setup.campaign.pk,
        "/api/v1/campaigns/conferences/{id}/": setup.conference.pk,
        "/api/v1/campaigns/points/{id}/": setup.point_xa.pk,
        "/api/v1/campaigns/points/{id}/delegates/": setup.point_xa.pk,
        "/api/v1/campaigns/points/{id}/check-ins/": setup.point_xa.pk,
        "/api/v1/campaigns/points/{point_id}/kiosk/check-in/": setup.point_xa.pk,
        "/api/v1/reviews/periods/{period_id}/": review.period_id,
        "/api/v1/reviews/periods/{period_id}/member-reviews/": review.period_id,
        "/api/v1/reviews/periods/{period_id}/results/": review.period_id,
        "/api/v1/reviews/member-reviews/{review_id}/": review.pk,
        "/api/v1/reviews/member-reviews/{review_id}/self-assessment/": review.pk,
        "/api/v1/reviews/member-reviews/{review_id}/proposal/": review.pk,
        "/api/v1/reviews/member-reviews/{review_id}/decision/": review.pk,
        "/api/v1/reviews/periods/{period_id}/organisation-reviews/": review.period_id,
        "/api/v1/reviews/organisation-reviews/{review_id}/": organisation,
        "/api/v1/reviews/organisation-reviews/{review_id}/self-assessment/": organisation,
        "/api/v1/reviews/organisation-reviews/{review_id}/proposal/": organisation,
        "/api/v1/reviews/organisation-reviews/{review_id}/decision/": organisation,
    }
    paged = any(p["name"] == "page" for p in build_spec()["paths"][path].get("get", {}).get("parameters", []))
    listing = ["?page=99", "?page_size=0"] if paged else []
    if "{" not in path:
        return [path, *(path + q for q in listing)]
    real = re.sub(r"{\w+}", str(ids.get(path, 999999)), path)
    missing = re.sub(r"{\w+}", "999999", path)
    return [real, missing, *(real + q for q in listing)]


# Every operation answering JSON (the docs page is HTML).
API_PATHS = sorted(p for p in build_spec()["paths"] if p != "/api/v1/docs/")
# Writes whose success needs a whole, valid body in a given state of the review (not the {"x": 1} sent here):
# their refusals are checked here, their successes against the same document by `fits` in
# tests/reviews/test_api_self.py and test_api_writes.py.
SUCCEED_ELSEWHERE = {
    "/api/v1/reviews/member-reviews/{review_id}/self-assessment/",
    "/api/v1/reviews/member-reviews/{review_id}/proposal/",
    "/api/v1/reviews/member-reviews/{review_id}/decision/",
    "/api/v1/reviews/organisation-reviews/{review_id}/self-assessment/",
    "/api/v1/reviews/organisation-reviews/{review_id}/proposal/",
    "/api/v1/reviews/organisation-reviews/{review_id}/decision/",
}


@pytest.mark.parametrize("path", API_PATHS)
def test_every_answer_of_every_api_endpoint_fits_the_document(setup: Setup, path: str) -> None:
    """Each operation, asked by the province's staff, a point's clerk, a sibling commune's staff, a member,
    a kiosk, nobody and a wrong key, about real objects and missing ones: every status is documented and
    every body fits the documented schema."""
    world = setup.world
    an, binh = setup.invite(setup.point_xa, world.m_xa1, world.m_xa2)
    done = services.check_in_delegate(world.eve, setup.point_xa, an, client_id=uuid.uuid4(), method="name")
    reverse_check_in(world.eve, done.check_in, reason="Nhầm")
    services.check_in_guest(world.eve, setup.point_xa, name="Khách mời", client_id=uuid.uuid4())
    _kiosk, kiosk_key = create_kiosk_key(world.eve, setup.point_xa, "Máy cửa chính")
    save_requirement(None, setup.campaign, requirement_fields())
    report = LearningReport.objects.get(campaign=setup.campaign, member=world.m_dave)
    today = timezone.localdate()
    period = open_period(
        world.alice,
        unit=world.xa,
        kind="year",
        year=today.year,
        self_assessment_until=today + dt.timedelta(days=10),
        meeting_until=today + dt.timedelta(days=20),
        decisions_until=today + dt.timedelta(days=30),
    )
    review = MemberReview.objects.get(period=period, member=world.m_dave)
    spec = build_spec()
    methods = [m for m in spec["paths"][path] if m != "parameters"]
    clients = {
        "alice": keyed(world.alice),
        "eve": keyed(world.eve),
        "charlie": keyed(world.charlie),
        "dave": world.client_for(world.dave),
        "kiosk": Client(HTTP_X_KIOSK_KEY=kiosk_key),
        "anonymous": Client(),
        "bad key": Client(HTTP_AUTHORIZATION="Bearer qt_wrong"),
    }
    statuses: set[int] = set()
    for who, client in clients.items():
        for url in _urls(setup, path, report, review):
            for method in methods:
                if method == "get":
                    response = client.get(url)
                else:
                    body: dict[str, Any] = (
                        {"code": binh.code, "client_id": str(uuid.uuid4())} if who == "kiosk" else {"x": 1}
                    )
                    response = client.generic(
                        method.upper(), url, json.dumps(body), content_type="application/json"
                    )
                schema = _documented(spec, path, method, response.status_code)
                validator = Draft202012Validator({**schema, "components": spec["components"]})
                errors = list(validator.iter_errors(response.json()))
                assert not errors, f"{who} {method.upper()} {url}: {errors[0].message}"
                statuses.add(response.status_code)
    # Not only refusals: each operation answered someone with its data.
    assert statuses & {200, 201} or path in SUCCEED_ELSEWHERE, statuses


def test_a_wrong_answer_would_be_caught_by_the_schemas(setup: Setup) -> None:
    (an,) = setup.invite(setup.point_xa, setup.world.m_xa1)
    page = keyed(setup.world.eve).get(f"/api/v1/campaigns/points/{setup.point_xa.pk}/delegates/").json()
    fits("DelegatePage", page)
    spec = build_spec()
    validator = Draft202012Validator(
        {"$ref": "#/components/schemas/DelegatePage", "components": spec["components"]}
    )
    for broken in (
        {**page["results"][0], "status": "here"},  # not a status
        {**page["results"][0], "code": an.code},  # a field the API must never send
        {k: v for k, v in page["results"][0].items() if k != "unit"},  # a documented field missing
    ):
        assert list(validator.iter_errors({**page, "results": [broken]}))
