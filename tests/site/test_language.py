from __future__ import annotations

from django.test import Client


def test_the_interface_is_vietnamese_whatever_the_browser_asks(db: object) -> None:
    response = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi">' in response.content.decode()


def test_an_explicit_choice_of_english_is_kept(db: object) -> None:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get("/accounts/login/")
    assert page["Content-Language"] == "en"
    assert '<html lang="en">' in page.content.decode()


def test_an_unknown_language_cookie_falls_back_to_vietnamese(db: object) -> None:
    client = Client()
    client.cookies["django_language"] = "fr"
    assert client.get("/accounts/login/")["Content-Language"] == "vi"
