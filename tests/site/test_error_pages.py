"""A fault in a view answers a page in the site's language and layout, never Django's bare English one."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.site.failing_urls")]


def test_a_fault_answers_the_vietnamese_server_error_page(world: World) -> None:
    client = world.client_for(world.alice)
    client.raise_request_exception = False
    response = client.get("/test-fault/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Có lỗi ở máy chủ" in page and "không bị mất" in page
    assert "Server Error" not in page
    assert 'href="/static/site/app.css"' in page or "site/app." in page


def test_the_server_error_page_follows_the_interface_language(world: World) -> None:
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    response = client.get("/test-fault/")
    assert response.status_code == 500
    assert "server" in response.content.decode().lower()
    assert 'lang="en"' in response.content.decode()


def test_an_address_that_does_not_exist_answers_in_vietnamese(world: World) -> None:
    response = world.client_for(world.alice).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy" in page and "Not Found" not in page
