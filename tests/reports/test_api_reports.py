"""The reports API with an API key: list a campaign's reports, read one with its findings, hand one in."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from quantriet.orgs import services
from quantriet.orgs.api.openapi import build_spec
from quantriet.reports.checking.arrival import check_all_pending
from quantriet.reports.models import ReportVersion, Source
from quantriet.reports.services.submitting import Handed, submit
from tests.reports.conftest import Reports
from tests.reports.writing import essay, lightly_edited


def keyed(user: Any) -> Client:
    _token, key = services.create_token(None, user, "tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def fits(schema_name: str, data: Any) -> None:
    spec = build_spec()
    validator = Draft202012Validator(
        {"$ref": f"#/components/schemas/{schema_name}", "components": spec["components"]}
    )
    errors = list(validator.iter_errors(data))
    assert not errors, errors[0].message


def post(client: Client, url: str, body: Any) -> Any:
    payload = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(url, payload, content_type="application/json")


def test_a_reviewer_lists_the_campaigns_reports_in_reach(reports: Reports) -> None:
    client = keyed(reports.world.bob)  # XA1's secretary
    response = client.get(f"/api/v1/reports/campaigns/{reports.campaign.pk}/reports/")
    assert response.status_code == 200
    data = response.json()
    fits("ReportPage", data)
    assert [r["member"]["full_name"] for r in data["results"]] == ["Nguyễn Văn An"]
    everyone = keyed(reports.world.alice).get(f"/api/v1/reports/campaigns/{reports.campaign.pk}/reports/")
    assert everyone.json()["count"] == 5
    only = keyed(reports.world.alice).get(
        f"/api/v1/reports/campaigns/{reports.campaign.pk}/reports/?status=passed"
    )
    assert only.json()["count"] == 0
    bad = keyed(reports.world.alice).get(f"/api/v1/reports/campaigns/{reports.campaign.pk}/reports/?status=x")
    assert bad.status_code == 400


def test_a_member_hands_in_with_a_key_and_gets_a_receipt(reports: Reports) -> None:
    world = reports.world
    report = reports.report_of(world.m_dave)
    client = keyed(world.dave)
    response = post(client, f"/api/v1/reports/{report.pk}/versions/", {"text": essay(61)})
    assert response.status_code == 201, response.json()
    receipt = response.json()
    fits("ReportReceipt", receipt)
    version = ReportVersion.objects.get()
    assert receipt["digest"] == version.digest and receipt["number"] == 1
    assert (receipt["check_state"], receipt["late"], receipt["created"]) == ("pending", False, True)
    assert (version.source, version.on_behalf) == (Source.API, False)
    again = post(client, f"/api/v1/reports/{report.pk}/versions/", {"text": essay(61)})
    assert again.status_code == 200 and again.json()["created"] is False
    listed = client.get(f"/api/v1/reports/{report.pk}/versions/").json()
    fits("ReportVersionList", listed)
    assert [v["receipt"] for v in listed["results"]] == [version.receipt]


def test_a_secretary_hands_in_for_a_member_of_the_cell(reports: Reports) -> None:
    world = reports.world
    report = reports.report_of(world.m_xa1)
    response = post(keyed(world.bob), f"/api/v1/reports/{report.pk}/versions/", {"text": essay(62)})
    assert response.status_code == 201
    assert ReportVersion.objects.get().on_behalf is True


def test_findings_name_the_other_member_only_within_reach(reports: Reports) -> None:
    world = reports.world
    dave = reports.report_of(world.m_dave)  # XA2
    fiona = reports.report_of(reports.m_fiona)  # XB1
    submit(world.dave, dave, Handed(essay(63)))
    submit(reports.fiona, fiona, Handed(lightly_edited(essay(63))))
    check_all_pending()
    # charlie reviews XB (fiona's cell), not XA2 (dave's): the copy's source is "another unit's report".
    data = keyed(world.charlie).get(f"/api/v1/reports/{fiona.pk}/").json()
    fits("ReportDetail", data)
    other = data["findings"][0]["other"]
    assert other["member"] is None and other["title"] == "bài của đơn vị khác"
    assert "Đặng Văn Dũng" not in json.dumps(data, ensure_ascii=False)
    # alice reviews the whole province: both named.
    named = keyed(world.alice).get(f"/api/v1/reports/{fiona.pk}/").json()
    assert named["findings"][0]["other"]["member"]["full_name"] == "Đặng Văn Dũng"
    assert named["findings"][0]["kind"] == "peer"


def test_out_of_reach_answers_404_and_saves_nothing(reports: Reports) -> None:
    world = reports.world
    report = reports.report_of(world.m_xa2)  # XA2
    for user in (world.bob, world.charlie, world.eve, world.dave):
        client = keyed(user)
        assert client.get(f"/api/v1/reports/{report.pk}/").status_code == 404
        assert client.get(f"/api/v1/reports/{report.pk}/versions/").status_code == 404
        assert post(client, f"/api/v1/reports/{report.pk}/versions/", {"text": essay(64)}).status_code == 404
    assert (
        keyed(world.eve).get(f"/api/v1/reports/campaigns/{reports.campaign.pk}/reports/").status_code == 404
    )
    assert Client().get(f"/api/v1/reports/{report.pk}/").status_code == 401
    assert not ReportVersion.objects.exists()


def test_bad_bodies_are_refused_in_vietnamese(reports: Reports) -> None:
    report = reports.report_of(reports.world.m_dave)
    client = keyed(reports.world.dave)
    url = f"/api/v1/reports/{report.pk}/versions/"
    broken = post(client, url, '{"text": "thiếu ngoặc"')
    assert broken.status_code == 400 and "không phải JSON hợp lệ" in broken.json()["error"]["message"]
    deep = post(client, url, "[" * 100 + "]" * 100)
    assert deep.status_code == 400
    wrong_type = post(client, url, {"text": 5})
    assert wrong_type.json()["error"]["fields"] == {"text": "Trường này phải là một chuỗi ký tự."}
    unknown = post(client, url, {"text": essay(65), "status": "passed"})
    assert unknown.status_code == 400 and "status" in unknown.json()["error"]["fields"]
    short = post(client, url, {"text": "Ngắn."})
    assert short.status_code == 400 and "tối thiểu" in short.json()["error"]["fields"]["text"]
    long = post(client, url, {"text": "chu " * 120_000})
    assert long.status_code == 400 and "quá dài" in long.json()["error"]["fields"]["text"]
    not_json = client.post(url, "text=abc", content_type="application/x-www-form-urlencoded")
    assert not_json.status_code == 415
    assert not ReportVersion.objects.exists()


def test_a_body_over_the_size_limit_is_refused(reports: Reports) -> None:
    report = reports.report_of(reports.world.m_dave)
    response = post(
        keyed(reports.world.dave), f"/api/v1/reports/{report.pk}/versions/", {"text": "chữ " * 150_000}
    )
    assert response.status_code == 400 and "quá lớn" in response.json()["error"]["message"]
    assert not ReportVersion.objects.exists()


def test_the_list_reads_a_fixed_number_of_queries(reports: Reports, django_assert_num_queries: Any) -> None:
    client = keyed(reports.world.alice)
    url = f"/api/v1/reports/campaigns/{reports.campaign.pk}/reports/"
    client.get(url)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(url).json()["count"] == 5


LIST_QUERIES = 5  # the key, the roles, the campaign, COUNT and the page: never one per report
