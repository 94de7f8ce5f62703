"""The fuzzer reaches what it claims to: a discovery that silently found nothing would make every
property test pass while fuzzing nothing. Checked on a few pages whose inputs are known."""

from __future__ import annotations

import json
import uuid

import pytest
from django.http import HttpResponse, HttpResponseServerError

from tests.access.model import Objects
from tests.properties import cases
from tests.properties.answers import check_answer
from tests.properties.pages import forms_of, reading_query_keys
from tests.properties.sending import openapi_body_keys, openapi_query_keys
from tests.properties.test_every_input import client_for


def test_it_records_the_query_parameters_a_view_reads(objects: Objects) -> None:
    client = client_for(objects, "members/")
    with reading_query_keys() as read:
        assert client.get("/members/").status_code == 200
    assert {"unit", "q", "status"} <= read


def test_it_finds_the_fields_of_the_forms_a_page_renders(objects: Objects) -> None:
    url = f"/members/{objects.world.m_xa2.pk}/edit/"
    page = client_for(objects, "members/<int:member_id>/edit/").get(url)
    assert page.status_code == 200
    (form,) = [f for f in forms_of(url, page.content.decode()) if f.action == url]
    assert {"full_name", "card_number", "date_of_birth"} <= form.visible()
    assert form.fields["full_name"] == ["Trần Thị Bình"]  # sent back as rendered, so the rest is valid


def test_it_signs_in_users_who_reach_the_pages_it_fuzzes(objects: Objects) -> None:
    admin_page = f"/admin/orgs/member/{objects.world.m_xa2.pk}/change/"
    response = client_for(objects, "admin/orgs/member/<path:object_id>/change/").get(admin_page)
    assert response.status_code == 200  # the superuser, second factor given
    assert "full_name" in {n for f in forms_of(admin_page, response.content.decode()) for n in f.names}
    assert client_for(objects, "me/").get("/me/").status_code == 200  # dave has a member record


def test_it_reads_the_api_inputs_from_the_openapi_description(objects: Objects) -> None:
    assert {"unit", "q", "page"} <= openapi_query_keys("api/v1/members/")
    assert "full_name" in openapi_body_keys("api/v1/members/", "post")
    assert "full_name" in openapi_body_keys("api/v1/members/<int:id>/", "patch")


def test_a_server_error_or_a_silent_refusal_fails_the_check() -> None:
    with pytest.raises(AssertionError, match="500"):
        check_answer(HttpResponseServerError("boom"), [], "GET /x")
    with pytest.raises(AssertionError, match="without a Vietnamese message"):
        check_answer(HttpResponse("<p>Bad Request (400)</p>", status=400), [], "GET /x")
    # The user's own text echoed back is not a message, even when it is Vietnamese.
    echoed = HttpResponse('<ul class="errorlist"><li>Invalid: Nguyễn</li></ul>', status=400)
    with pytest.raises(AssertionError, match="without a Vietnamese message"):
        check_answer(echoed, ["Nguyễn"], "GET /x")
    said = HttpResponse('<ul class="errorlist"><li>Nhập ngày dạng dd/mm/yyyy.</li></ul>', status=400)
    check_answer(said, ["x"], "GET /x")


def test_djangos_own_bad_request_page_says_why(objects: Objects) -> None:
    """A SuspiciousOperation (here the admin's ?_to_field=) is answered by Django's 400 view, which
    renders the site's 400.html without a request: it must still speak Vietnamese."""
    client = client_for(objects, "admin/orgs/unit/add/")
    response = client.get("/admin/orgs/unit/add/?_to_field=%C2%B2")
    assert response.status_code == 400
    check_answer(response, ["²"], "GET /admin/orgs/unit/add/?_to_field=²")


def test_todays_desk_stores_check_ins_so_hostile_text_reaches_a_row(objects: Objects) -> None:
    url = cases.ADDRESSES["campaigns/points/<int:point_id>/check-in.json"](objects)
    client = client_for(objects, "campaigns/points/<int:point_id>/check-in.json")
    body = {"method": "guest", "guest_name": "Khách\x01 hôm nay", "client_id": str(uuid.uuid4())}
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "Khách hôm nay"
