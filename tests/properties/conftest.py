"""One world for the whole property run: built once, each test and each example in a savepoint.

Building the province and the XA2 objects for each of ~250 URL patterns would cost more than the
fuzzing itself; instead they are built once inside a transaction that is rolled back at the end, as
Django's TestCase.setUpTestData does. Each test runs in pytest-django's transaction, a savepoint inside
that one, and each example in a savepoint of its own, so no test or example sees another's writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from quantriet.campaigns import services as campaign_services
from quantriet.campaigns.models import Conference
from tests.access.model import Objects
from tests.access.objects import build_objects
from tests.conftest import PASSWORD, build_world, kept_until_the_end
from tests.properties.cases import TODAYS_CONFERENCE, TODAYS_POINT


@contextmanager
def rolled_back() -> Iterator[None]:
    """Writes inside the block, undone when it ends (a database error included: PostgreSQL then
    refuses every further query until the savepoint is rolled back)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def open_todays_desk(objects: Objects) -> None:
    """A point of a conference held today, whose desk takes check-ins: the access cases' conference
    is long over, so its desk refuses everything before hostile text could reach a stored row."""
    today = timezone.localdate()
    campaign = campaign_services.create_campaign(
        None,
        title="Học tập hôm nay",
        organising_unit=objects.world.xa2,
        scope_unit=objects.world.xa2,
        audience="all_members",
        documents=[objects.relation.target],
        conference_date=today,
        plan_deadline=today + dt.timedelta(days=30),
        report_deadline=today + dt.timedelta(days=90),
    )
    conference = campaign_services.create_conference(
        None,
        campaign,
        title=TODAYS_CONFERENCE,
        held_on=today,
        starts_at=dt.time(0, 0),  # open all day, whenever the suite runs
    )
    point = campaign_services.add_point(
        None,
        conference,
        host_unit=objects.world.xa2,
        name=TODAYS_POINT,
        is_main=True,
        address="Nhà văn hóa thôn 2",
        capacity=30,
        person_in_charge=objects.world.m_xa2,
    )
    campaign_services.invite_members(None, point, [objects.world.m_dave])


@pytest.fixture(scope="package")
def shared_objects(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Objects]:
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), kept_until_the_end(django_db_blocker):
        User.objects.create_superuser("root", "root@example.org", PASSWORD)
        objects = build_objects(build_world())
        open_todays_desk(objects)
        yield objects


@pytest.fixture
def objects(shared_objects: Objects, db: Any) -> Objects:
    """The shared objects, in the test's own transaction (pytest-django's, nested in the shared one).

    Today's desk is moved to today's date when the suite has run past midnight since it was built (the
    change is undone with the test's transaction), so its desk never refuses a check-in as "closed".
    """
    today = timezone.localdate()
    Conference.objects.filter(title=TODAYS_CONFERENCE).exclude(held_on=today).update(held_on=today)
    return shared_objects
