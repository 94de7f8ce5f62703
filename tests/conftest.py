"""Shared fixtures: a small province with named users, as in healthchecks' base test case.

    Tỉnh ủy Mẫu (PROV, central_direct)
    ├── Đảng bộ xã An Hòa (XA, grassroots)
    │   ├── Chi bộ thôn 1 (XA1, cell)      ← bob is its secretary; dave is a member here with an account
    │   └── Chi bộ thôn 2 (XA2, cell)
    └── Đảng bộ xã Bình Minh (XB, grassroots)   ← charlie is organisation staff here
        └── Chi bộ thôn 3 (XB1, cell)

alice is organisation-commission staff of the province; eve has an account and no role.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import settings as hypothesis_settings

from quantriet.orgs import services
from quantriet.orgs.models import Member, Role, Unit
from quantriet.orgs.services.twofactor import second_factor_required
from quantriet.site.demo import DemoSummary
from tests.demo_province import fresh_demo
from tests.migrated_db import migrations_kept

PASSWORD = "mat-khau-thu-nghiem-1"

# Hypothesis's default deadline (200 ms an example) measures the machine more than the code: with the suite
# on every core (pytest-xdist) and other work beside it, an example of text extraction took 293 ms and failed
# the run. Two seconds still catch a catastrophic slowdown (a backtracking regular expression). Loaded here,
# before any test module is imported, so the tests' own @settings inherit it; HYPOTHESIS_PROFILE=default
# brings Hypothesis's own back.
hypothesis_settings.register_profile("suite", deadline=dt.timedelta(seconds=2))
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


@dataclass
class World:
    province: Unit
    xa: Unit
    xa1: Unit
    xa2: Unit
    xb: Unit
    xb1: Unit
    alice: User
    bob: User
    charlie: User
    dave: User
    eve: User
    m_xa1: Member
    m_xa2: Member
    m_xb1: Member
    m_dave: Member

    def client_for(self, user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client


def make_member(unit: Unit, name: str, card: str | None = None, **extra: Any) -> Member:
    fields: dict[str, Any] = {
        "full_name": name,
        "date_of_birth": dt.date(1985, 5, 17),
        "sex": "male",
        "admission_date": dt.date(2010, 3, 2),
        "full_membership_date": dt.date(2011, 3, 2),
        "card_number": card,
        "status": "full",
    }
    fields.update(extra)
    return services.create_member(None, unit=unit, **fields)


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


def build_world() -> World:
    """The province above, for fixtures of a wider scope than one test (tests/properties)."""
    province = services.create_unit(
        None, name="Tỉnh ủy Mẫu", code="PROV", level="central_direct", parent=None
    )
    xa = services.create_unit(None, name="Đảng bộ xã An Hòa", code="XA", level="grassroots", parent=province)
    xa1 = services.create_unit(None, name="Chi bộ thôn 1", code="XA1", level="cell", parent=xa)
    xa2 = services.create_unit(None, name="Chi bộ thôn 2", code="XA2", level="cell", parent=xa)
    xb = services.create_unit(
        None, name="Đảng bộ xã Bình Minh", code="XB", level="grassroots", parent=province
    )
    xb1 = services.create_unit(None, name="Chi bộ thôn 3", code="XB1", level="cell", parent=xb)
    users = {
        name: User.objects.create_user(name, f"{name}@example.org", PASSWORD)
        for name in ("alice", "bob", "charlie", "dave", "eve")
    }
    services.grant_role(None, users["alice"], province, Role.ORGANISATION)
    services.grant_role(None, users["bob"], xa1, Role.SECRETARY)
    services.grant_role(None, users["charlie"], xb, Role.ORGANISATION)
    m_dave = make_member(xa2, "Đặng Văn Dũng", "10000004")
    m_dave.user = users["dave"]
    m_dave.save(update_fields=["user"])
    return World(
        province=province,
        xa=xa,
        xa1=xa1,
        xa2=xa2,
        xb=xb,
        xb1=xb1,
        m_xa1=make_member(xa1, "Nguyễn Văn An", "10000001"),
        m_xa2=make_member(xa2, "Trần Thị Bình", "10000002", sex="female"),
        m_xb1=make_member(xb1, "Lê Hoàng Cường", "10000003"),
        m_dave=m_dave,
        **users,
    )


@contextmanager
def kept_until_the_end(django_db_blocker: Any) -> Iterator[None]:
    """Rows written inside the block stay for a scope wider than one test (a module, a package) and are
    rolled back when it ends, as Django's TestCase.setUpTestData: each test then runs in pytest-django's
    transaction, a savepoint inside this one, so no test sees another's writes.
    Building a world once per module instead of once per test keeps the suite fast."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def pass_second_factor(client: Client, user: User) -> None:
    """Mark ``client``'s session as having given the second factor, if ``user`` must give one.

    The suite runs with OTP_REQUIRED on, as production does; the test client's ``login`` and
    ``force_login`` stand for a whole sign-in, so for a province user or an operator they include the
    code (a confirmed TOTP device).
    The sign-in steps themselves are tested through the forms in tests/orgs/test_signin_second_factor.py.
    """
    if not second_factor_required(user):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="tests", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


# Client.login and Client.force_login both end in Client._login: wrapped here, both stand for a whole
# sign-in, password and (for those who need it) code.
_client_login = Client._login


def _login_with_second_factor(self: Client, user: Any, backend: str | None = None) -> None:
    _client_login(self, user, backend)
    pass_second_factor(self, user)


Client._login = _login_with_second_factor  # type: ignore[method-assign]


@pytest.fixture(scope="session", autouse=True)
def _settled_objects_left_out_of_garbage_collection() -> None:
    """Every object alive when the first test starts (modules, the collected tests, Django's apps, the
    Hypothesis strategies) is moved out of the garbage collector's reach for the rest of the process.

    They live until the process ends anyway, but each full collection walked all of them again (about
    200,000 objects in a worker of tests/properties; its full collections took 1.3 s of CPU in 27 s, 0.8 s
    after this). Objects made afterwards are collected as before; only the walk over the settled ones goes.
    """
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    """Each test starts with an empty cache: what one test remembered (a board read already logged, a
    throttle counter) must not change what the next one sees when the database reuses its ids."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(scope="module")
def demo(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoSummary]:
    """The demo province as just loaded, for a module's tests (tests/demo_province.py), rolled back at the
    end; each test runs in a savepoint inside it (ask for ``db`` too)."""
    with fresh_demo(django_db_blocker, tmp_path_factory) as summary:
        yield summary


@pytest.fixture(scope="session")
def _migrations_kept() -> Iterator[list[bool]]:
    with migrations_kept() as active:
        yield active


@pytest.fixture(scope="session")
def django_db_setup(_migrations_kept: list[bool], django_db_setup: None) -> None:
    """pytest-django's test databases, made with the migrated database kept between runs on SQLite
    (tests/migrated_db.py); only while they are made, so a test's own ``migrate`` runs as it is."""
    _migrations_kept[0] = False
