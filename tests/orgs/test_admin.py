"""The Django admin, scoped through orgs.access: staff see and change only their subtree."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from quantriet.orgs import services
from quantriet.orgs.models import AccessLog, ApiToken, AuditEntry, Member, Placement, RoleAssignment, Unit
from tests.conftest import World, make_member

XA_MARKERS = (
    "An Hòa",
    "Chi bộ thôn 1",
    "Chi bộ thôn 2",
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "10000001",
    "10000002",
)


def staff(world: World, user: User) -> Client:
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return world.client_for(user)


def page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def assert_no_xa(html: str) -> None:
    leaked = [m for m in XA_MARKERS if m in html]
    assert not leaked, leaked


def member_form(unit: Unit, **extra: Any) -> dict[str, Any]:
    data = {
        "full_name": "Phạm Thị Hoa",
        "date_of_birth": "28/02/1990",
        "sex": "female",
        "admission_date": "19/05/2015",
        "full_membership_date": "",
        "card_number": "",
        "unit": str(unit.pk),
        "status": "probationary",
    }
    data.update(extra)
    return data


def test_the_admin_speaks_vietnamese(world: World) -> None:
    html = page(staff(world, world.alice), "/admin/")
    assert "Quản trị quantriet" in html and "Đảng viên" in html


def test_staff_without_is_staff_are_sent_to_the_admin_login(world: World) -> None:
    response = world.client_for(world.charlie).get("/admin/orgs/member/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_charlie_sees_only_his_commune_in_the_changelists(world: World) -> None:
    client = staff(world, world.charlie)
    members = page(client, "/admin/orgs/member/")
    assert "Lê Hoàng Cường" in members
    assert_no_xa(members)
    units = page(client, "/admin/orgs/unit/")
    assert "Bình Minh" in units
    assert_no_xa(units)
    for url in (
        "/admin/orgs/auditentry/",
        "/admin/orgs/accesslog/",
        "/admin/orgs/roleassignment/",
        "/admin/orgs/importjob/",
    ):
        assert_no_xa(page(client, url))
    assert_no_xa(page(client, "/admin/orgs/member/?q=an"))


def test_alice_sees_the_whole_province(world: World) -> None:
    html = page(staff(world, world.alice), "/admin/orgs/member/")
    assert all(name in html for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường"))


def test_admin_search_ignores_accents(world: World) -> None:
    html = page(staff(world, world.alice), "/admin/orgs/member/?q=tran+thi+binh")
    assert "Trần Thị Bình" in html and "Nguyễn Văn An" not in html


@pytest.mark.parametrize(
    "path",
    [
        "member/{m}/change/",
        "member/{m}/history/",
        "member/{m}/delete/",
        "unit/{u}/change/",
        "unit/{u}/history/",
    ],
)
def test_charlie_cannot_open_xa_objects(world: World, path: str) -> None:
    client = staff(world, world.charlie)
    url = "/admin/orgs/" + path.format(m=world.m_xa2.pk, u=world.xa2.pk)
    response = client.get(url)
    assert response.status_code in (302, 403, 404)
    assert_no_xa(response.content.decode())
    assert not AccessLog.objects.exists()


def test_charlie_cannot_change_an_xa_member_by_posting(world: World) -> None:
    client = staff(world, world.charlie)
    before = list(Member.objects.values())
    response = client.post(
        f"/admin/orgs/member/{world.m_xa2.pk}/change/", member_form(world.xa2, full_name="Bị sửa")
    )
    assert response.status_code in (302, 403, 404)
    assert list(Member.objects.values()) == before


def test_charlie_cannot_add_a_member_to_xa(world: World) -> None:
    client = staff(world, world.charlie)
    form = page(client, "/admin/orgs/member/add/")
    assert "Chi bộ thôn 3" in form
    assert_no_xa(form)
    response = client.post("/admin/orgs/member/add/", member_form(world.xa2))
    assert response.status_code == 200  # the form again, with the unit refused
    assert not Member.objects.filter(full_name="Phạm Thị Hoa").exists()


def test_charlie_cannot_grant_a_role_at_xa(world: World) -> None:
    client = staff(world, world.charlie)
    assert_no_xa(page(client, "/admin/orgs/roleassignment/add/"))
    client.post(
        "/admin/orgs/roleassignment/add/", {"user": world.eve.pk, "unit": world.xa.pk, "role": "organisation"}
    )
    assert not RoleAssignment.objects.filter(user=world.eve).exists()


def test_bob_as_staff_sees_his_cell_only(world: World) -> None:
    client = staff(world, world.bob)
    html = page(client, "/admin/orgs/member/")
    assert "Nguyễn Văn An" in html and "Trần Thị Bình" not in html
    assert client.get(f"/admin/orgs/member/{world.m_xa2.pk}/change/").status_code == 302
    # A secretary reads but does not edit: the page is read-only and has no add button.
    assert client.get("/admin/orgs/member/add/").status_code == 403
    html = page(client, f"/admin/orgs/member/{world.m_xa1.pk}/change/")
    assert 'name="_save"' not in html


def test_opening_a_member_page_logs_an_admin_read(world: World) -> None:
    page(staff(world, world.alice), f"/admin/orgs/member/{world.m_xa1.pk}/change/")
    log = AccessLog.objects.get()
    assert (log.member, log.user, log.channel) == (world.m_xa1, world.alice, "admin")


def test_an_admin_edit_goes_through_the_service(world: World) -> None:
    client = staff(world, world.alice)
    form = member_form(
        world.xa2,
        full_name="Trần Thị Bình Minh",
        card_number="10000002",
        date_of_birth="17/05/1985",
        admission_date="02/03/2010",
        full_membership_date="02/03/2011",
        sex="female",
    )
    response = client.post(f"/admin/orgs/member/{world.m_xa2.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    world.m_xa2.refresh_from_db()
    assert world.m_xa2.full_name == "Trần Thị Bình Minh"
    assert AuditEntry.objects.get(action="member.update").changes == {
        "full_name": ["Trần Thị Bình", "Trần Thị Bình Minh"]
    }


def test_an_admin_add_goes_through_the_service_and_keeps_rules(world: World) -> None:
    client = staff(world, world.alice)
    bad = client.post("/admin/orgs/member/add/", member_form(world.xa2, admission_date="01/01/1980"))
    assert bad.status_code == 200 and "Ngày vào Đảng phải sau ngày sinh." in bad.content.decode()
    assert client.post("/admin/orgs/member/add/", member_form(world.xa2)).status_code == 302
    created = Member.objects.get(full_name="Phạm Thị Hoa")
    assert Placement.objects.filter(member=created, unit=world.xa2).exists()
    assert AuditEntry.objects.filter(
        action="member.create", actor=world.alice, target_id=str(created.pk)
    ).exists()


def test_a_unit_added_in_the_admin_joins_the_tree(world: World) -> None:
    client = staff(world, world.charlie)
    data = {
        "name": "Chi bộ thôn 4",
        "code": "XB2",
        "level": "cell",
        "parent": str(world.xb.pk),
        "valid_from": "",
    }
    assert client.post("/admin/orgs/unit/add/", data).status_code == 302
    created = Unit.objects.get(code="XB2")
    assert created.depth == 2
    assert AuditEntry.objects.filter(
        action="unit.create", actor=world.charlie, target_id=str(created.pk)
    ).exists()
    assert client.get(f"/api/v1/units/?parent={world.xb.pk}").json()["count"] == 2
    wrong = client.post(
        "/admin/orgs/unit/add/", {**data, "code": "XB3", "level": "grassroots", "parent": str(world.xb1.pk)}
    )
    assert wrong.status_code == 200 and not Unit.objects.filter(code="XB3").exists()


def test_nothing_is_deleted_and_audit_trails_are_read_only(world: World) -> None:
    client = staff(world, world.alice)
    assert client.post(f"/admin/orgs/member/{world.m_xa1.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/admin/orgs/unit/{world.xa1.pk}/delete/", {"post": "yes"}).status_code == 403
    entry = AuditEntry.objects.filter(unit=world.xa1).first()
    assert entry is not None
    html = page(client, f"/admin/orgs/auditentry/{entry.pk}/change/")
    assert 'name="_save"' not in html
    assert client.post(f"/admin/orgs/auditentry/{entry.pk}/change/", {"summary": "x"}).status_code == 403
    assert Member.objects.filter(pk=world.m_xa1.pk).exists() and Unit.objects.filter(pk=world.xa1.pk).exists()


def test_staff_see_only_their_own_api_tokens_and_can_revoke_them(world: World) -> None:
    mine, _ = services.create_token(None, world.charlie, "của charlie")
    services.create_token(None, world.alice, "của alice")
    client = staff(world, world.charlie)
    html = page(client, "/admin/orgs/apitoken/")
    assert "của charlie" in html and "của alice" not in html
    response = client.post("/admin/orgs/apitoken/", {"action": "revoke", "_selected_action": [str(mine.pk)]})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.revoked_at is not None
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 1


def test_a_role_revoked_in_the_admin_is_revoked_through_the_service(world: World) -> None:
    client = staff(world, world.alice)
    assignment = RoleAssignment.objects.get(user=world.bob)
    client.post("/admin/orgs/roleassignment/", {"action": "revoke", "_selected_action": [str(assignment.pk)]})
    assignment.refresh_from_db()
    assert assignment.revoked_at is not None
    assert AuditEntry.objects.filter(action="role.revoke", actor=world.alice).exists()


@pytest.mark.parametrize("size", [3, 30])
def test_the_member_changelist_uses_a_bounded_number_of_queries(
    world: World, django_assert_max_num_queries: Any, size: int
) -> None:
    for i in range(size):
        make_member(world.xa1, f"Hoàng Văn {i}", f"4{i:07d}")
    client = staff(world, world.alice)
    client.get("/admin/")
    with django_assert_max_num_queries(14):
        assert client.get("/admin/orgs/member/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get("/admin/orgs/unit/").status_code == 200
