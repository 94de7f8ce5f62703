"""Notifications: the inbox shows one's own only, marks read, dedupes, and mails with a delivery record."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from quantriet.core.notifications.models import Delivery, Notification
from quantriet.core.notifications.services import is_safe_path, notify, send_pending
from tests.conftest import World


class BrokenBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("máy chủ thư không trả lời")


def tell(*users: Any, **extra: Any) -> list[Notification]:
    values: dict[str, Any] = {
        "kind": "test.hello",
        "title": "Hạn nộp bài thu hoạch",
        "body": "Hãy nộp bài thu hoạch trước ngày 31/12/2025.\nXin cảm ơn.",
        "url": "/campaigns/",
    }
    values.update(extra)
    return notify(users, **values)


@pytest.fixture
def sent(django_capture_on_commit_callbacks: Any) -> Any:
    """Run the block and its after-commit work (the e-mail tasks), as a real request's commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_the_inbox_lists_ones_own_notifications_newest_first_with_the_unread_marked(world: World) -> None:
    tell(world.dave, title="Thông báo thứ nhất")
    tell(world.dave, title="Thông báo thứ hai")
    tell(world.bob, title="Thông báo của bob")
    page = world.client_for(world.dave).get("/notifications/").content.decode()
    assert page.index("Thông báo thứ hai") < page.index("Thông báo thứ nhất")
    assert "Thông báo của bob" not in page
    assert page.count("Chưa đọc") == 2
    assert "Hãy nộp bài thu hoạch trước ngày 31/12/2025.<br>Xin cảm ơn." in page


def test_the_inbox_is_paged(world: World) -> None:
    for i in range(55):
        tell(world.dave, title=f"Thông báo số {i:02d}")
    client = world.client_for(world.dave)
    first = client.get("/notifications/").content.decode()
    assert "Thông báo số 54" in first and "Thông báo số 04" not in first and 'rel="next"' in first
    assert "Thông báo số 04" in client.get("/notifications/?page=2").content.decode()


def test_someone_elses_notification_answers_404_and_stays_unread(world: World) -> None:
    (note,) = tell(world.dave)
    bob = world.client_for(world.bob)
    assert bob.get(f"/notifications/{note.pk}/").status_code == 404
    assert bob.post(f"/notifications/{note.pk}/read/").status_code == 404
    assert bob.post("/notifications/read-all/").status_code == 302
    note.refresh_from_db()
    assert note.read_at is None


def test_marking_read_takes_a_post(world: World) -> None:
    (note,) = tell(world.dave)
    client = world.client_for(world.dave)
    assert client.get(f"/notifications/{note.pk}/read/").status_code == 405
    response = client.post(f"/notifications/{note.pk}/read/", {"next": "/notifications/?page=1"})
    assert response.status_code == 302 and response["Location"] == "/notifications/?page=1"
    note.refresh_from_db()
    assert note.read_at is not None
    assert "Chưa đọc" not in client.get("/notifications/").content.decode()


def test_marking_read_needs_the_csrf_token(world: World) -> None:
    (note,) = tell(world.dave)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.dave)
    assert client.post(f"/notifications/{note.pk}/read/").status_code == 403
    assert client.post("/notifications/read-all/").status_code == 403
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_all_read_marks_only_ones_own(world: World) -> None:
    tell(world.dave)
    tell(world.dave, title="Một thông báo khác")
    tell(world.bob)
    response = world.client_for(world.dave).post(
        "/notifications/read-all/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/notifications/"
    assert not Notification.objects.filter(recipient=world.dave, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=world.bob, read_at__isnull=True).count() == 1


def test_opening_a_notification_marks_it_read_and_follows_its_link(world: World) -> None:
    (note,) = tell(world.dave, url="/campaigns/my/")
    response = world.client_for(world.dave).get(f"/notifications/{note.pk}/")
    assert response.status_code == 302 and response["Location"] == "/campaigns/my/"
    note.refresh_from_db()
    assert note.read_at is not None


@pytest.mark.parametrize(
    "url", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"]
)
def test_a_link_off_the_site_is_refused_when_sent(world: World, url: str) -> None:
    with pytest.raises(ValueError):
        tell(world.dave, url=url)


def test_a_link_off_the_site_is_not_followed_when_opened(world: World) -> None:
    (note,) = tell(world.dave)
    Notification.objects.filter(pk=note.pk).update(url="//evil.example/")  # written around the service
    response = world.client_for(world.dave).get(f"/notifications/{note.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/notifications/#n{note.pk}"


def test_the_same_reminder_sent_twice_is_one_row_and_one_email(world: World, sent: Any) -> None:
    with sent():
        first = tell(world.dave, world.bob, dedupe_key="plan.remind:7")
    with sent():
        again = tell(world.dave, world.bob, world.dave, dedupe_key="plan.remind:7")
    assert [n.pk for n in again] == [n.pk for n in first]
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 2
    with sent():
        tell(world.dave, dedupe_key="plan.remind:8")
    assert Notification.objects.count() == 3


def test_an_email_is_sent_and_its_delivery_recorded(world: World, sent: Any, settings: Any) -> None:
    settings.SITE_URL = "https://quantriet.example"
    with sent():
        (note,) = tell(world.dave)
    (message,) = mail.outbox
    assert message.to == ["dave@example.org"]
    assert message.subject == "Hạn nộp bài thu hoạch"
    assert message.body == (
        "Hãy nộp bài thu hoạch trước ngày 31/12/2025.\nXin cảm ơn.\n\n"
        f"https://quantriet.example/notifications/{note.pk}/\n"
    )
    assert not getattr(message, "alternatives", None)  # plain text only
    delivery = Delivery.objects.get()
    assert (delivery.notification_id, delivery.to_address, delivery.status, delivery.attempts) == (
        note.pk,
        "dave@example.org",
        "sent",
        1,
    )
    assert delivery.sent_at is not None and delivery.last_error == ""


def test_a_delivery_already_sent_is_not_sent_again(world: World, sent: Any) -> None:
    with sent():
        tell(world.dave)
    delivery = Delivery.objects.get()
    from quantriet.core.notifications.tasks import send_deliveries

    send_deliveries.enqueue([delivery.pk])
    Delivery.objects.filter(pk=delivery.pk).update(created_at=delivery.created_at.replace(year=2000))
    assert send_pending() == 0
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1


def test_a_failed_email_is_recorded_and_retried_a_bounded_number_of_times(
    world: World, sent: Any, settings: Any
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    settings.NOTIFY_MAX_ATTEMPTS = 3
    with sent():
        (note,) = tell(world.dave)
    delivery = Delivery.objects.get()
    assert delivery.status == "failed" and delivery.attempts == 3
    assert delivery.last_error == "ConnectionRefusedError: máy chủ thư không trả lời"
    assert delivery.sent_at is None
    assert Notification.objects.get(pk=note.pk).read_at is None  # the inbox still has it


def test_a_lost_task_is_queued_again_and_the_mail_goes_out(world: World, settings: Any) -> None:
    tell(world.dave)  # the commit's enqueue never ran: the test transaction is not committed
    assert not mail.outbox
    delivery = Delivery.objects.get()
    assert send_pending() == 0  # too recent: its task may still be on the way
    Delivery.objects.filter(pk=delivery.pk).update(created_at=delivery.created_at.replace(year=2000))
    assert send_pending() == 1
    assert len(mail.outbox) == 1


def test_no_email_without_an_address_or_when_the_deployment_has_none(
    world: World, sent: Any, settings: Any
) -> None:
    world.eve.email = ""
    world.eve.save(update_fields=["email"])
    with sent():
        tell(world.eve)
    settings.NOTIFY_BY_EMAIL = False
    with sent():
        tell(world.dave)
    assert Notification.objects.count() == 2
    assert not Delivery.objects.exists() and not mail.outbox


def test_inactive_accounts_are_not_told(world: World) -> None:
    world.eve.is_active = False
    world.eve.save(update_fields=["is_active"])
    assert tell(world.eve) == []


@pytest.mark.parametrize(
    ("field", "value"), [("kind", "Có dấu cách"), ("title", "  \n "), ("dedupe_key", " ")]
)
def test_a_malformed_notification_is_refused_and_nothing_saved(world: World, field: str, value: str) -> None:
    with pytest.raises(ValueError):
        tell(world.dave, **{field: value})
    assert not Notification.objects.exists()


def test_the_header_shows_the_unread_count_from_one_cached_query(world: World, sent: Any) -> None:
    (note, *_) = tell(world.dave, world.bob)
    tell(world.dave, title="Thêm một")
    client = world.client_for(world.dave)
    client.get("/notifications/")  # the session is now warm
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        page = client.get("/campaigns/my/").content.decode()
    assert '<span class="badge" title="chưa đọc">2</span>' in page
    with CaptureQueriesContext(connection) as warm:
        client.get("/campaigns/my/")
    ours = [q["sql"] for q in cold.captured_queries if "core_notification" in q["sql"]]
    assert len(ours) == 1 and "COUNT(" in ours[0].upper()
    assert len(cold) == len(warm) + 1
    assert not [q for q in warm.captured_queries if "core_notification" in q["sql"]]
    with sent():
        client.post(f"/notifications/{note.pk}/read/")
    assert '<span class="badge" title="chưa đọc">1</span>' in client.get("/campaigns/my/").content.decode()


def test_the_home_page_shows_the_latest_unread(world: World, sent: Any) -> None:
    client = world.client_for(world.dave)
    assert "Thông báo chưa đọc" not in client.get("/").content.decode()
    with sent():  # its commit clears the cached count of none
        (note,) = tell(world.dave, title="Bài thu hoạch của đồng chí đã được trả lại")
    page = client.get("/").content.decode()
    assert "Thông báo chưa đọc" in page and "Bài thu hoạch của đồng chí đã được trả lại" in page
    assert f"/notifications/{note.pk}/" in page
    others = world.client_for(world.bob).get("/").content.decode()
    assert "Bài thu hoạch của đồng chí đã được trả lại" not in others


def test_the_inbox_reads_a_fixed_number_of_queries(world: World, django_assert_num_queries: Any) -> None:
    for i in range(60):
        tell(world.dave, title=f"Thông báo số {i}")
    client = world.client_for(world.dave)
    client.get("/notifications/")
    # session, user, the page's COUNT and rows, the menu's two (roles, own member record); the header's
    # unread count is cached
    with django_assert_num_queries(6):
        client.get("/notifications/?page=2")


@given(st.text(alphabet=st.sampled_from("/\\:.@?#%ab\t\n "), max_size=12) | st.text(max_size=20))
def test_a_path_called_safe_never_leaves_the_site(url: str) -> None:
    if is_safe_path(url):
        parts = urlsplit(url.replace("\\", "/"))
        assert url.startswith("/") and not parts.scheme and not parts.netloc


def test_telling_a_thousand_people_takes_a_few_statements_not_one_each(
    world: World, django_assert_max_num_queries: Any
) -> None:
    User.objects.bulk_create(User(username=f"dv{i}", email=f"dv{i}@example.org") for i in range(1000))
    users = list(User.objects.filter(username__startswith="dv"))
    # SQLite takes ~120 rows per INSERT (999 parameters): 9 for the inbox, 8 for the deliveries.
    with django_assert_max_num_queries(24):
        notes = tell(*users, dedupe_key="report.asked:1")
    assert len(notes) == 1000 and Delivery.objects.count() == 1000
    with django_assert_max_num_queries(8):
        again = tell(*users, dedupe_key="report.asked:1")
    assert {n.pk for n in again} == {n.pk for n in notes}
