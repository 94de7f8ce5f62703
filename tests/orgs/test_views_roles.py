"""Roles at a unit: the list, granting, revoking, and opening an account for a member."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from quantriet.orgs.models import AuditEntry, Member, RoleAssignment, Unit
from tests.conftest import World


def url(name: str, unit: Unit, **extra: int) -> str:
    return reverse(f"orgs:{name}", kwargs={"unit_id": unit.pk, **extra})


def test_the_roles_page_lists_active_assignments_at_the_unit(world: World) -> None:
    response = world.client_for(world.alice).get(url("unit_roles", world.xa1))
    assert response.status_code == 200
    assert [a.user.username for a in response.context["assignments"]] == ["bob"]
    assert "Bí thư / Phó Bí thư" in response.content.decode()


def test_the_roles_page_is_refused_outside_ones_rights(world: World) -> None:
    assert world.client_for(world.charlie).get(url("unit_roles", world.xa1)).status_code == 404
    assert world.client_for(world.bob).get(url("unit_roles", world.xa2)).status_code == 404
    assert (
        world.client_for(world.bob).get(url("unit_roles", world.xa1)).status_code == 403
    )  # sees it, may not manage
    response = Client().get(url("unit_roles", world.xa1))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_granting_a_role_by_user_name(world: World) -> None:
    alice = world.client_for(world.alice)
    response = alice.post(url("role_grant", world.xa2), {"username": " Eve ", "role": "secretary"})
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=world.eve, unit=world.xa2, revoked_at__isnull=True)
    assert assignment.granted_by == world.alice
    assert AuditEntry.objects.filter(action="role.grant", unit=world.xa2, actor=world.alice).exists()


def test_granting_to_an_unknown_account_keeps_what_was_typed(world: World) -> None:
    alice = world.client_for(world.alice)
    response = alice.post(url("role_grant", world.xa2), {"username": "khong-co-ai", "role": "secretary"})
    text = response.content.decode()
    assert "Không có tài khoản đang hoạt động tên “khong-co-ai”" in text and 'value="khong-co-ai"' in text
    assert not RoleAssignment.objects.filter(unit=world.xa2).exists()


def test_granting_is_refused_to_users_without_the_right(world: World) -> None:
    response = world.client_for(world.bob).post(
        url("role_grant", world.xa1), {"username": "eve", "role": "secretary"}
    )
    assert response.status_code == 403
    response = world.client_for(world.charlie).post(
        url("role_grant", world.xa1), {"username": "eve", "role": "secretary"}
    )
    assert response.status_code == 404
    assert not RoleAssignment.objects.filter(user=world.eve).exists()


def test_revoking_a_role(world: World) -> None:
    assignment = RoleAssignment.objects.get(user=world.bob, unit=world.xa1)
    alice = world.client_for(world.alice)
    assert alice.get(url("role_revoke", world.xa1, assignment_id=assignment.pk)).status_code == 405
    assert alice.post(url("role_revoke", world.xa1, assignment_id=assignment.pk)).status_code == 302
    assignment.refresh_from_db()
    assert assignment.revoked_at is not None
    assert (
        world.client_for(world.bob)
        .get(reverse("orgs:unit_detail", kwargs={"unit_id": world.xa1.pk}))
        .status_code
        == 404
    )


def test_revoking_through_another_units_address_answers_404(world: World) -> None:
    assignment = RoleAssignment.objects.get(user=world.bob, unit=world.xa1)
    assert (
        world.client_for(world.alice)
        .post(url("role_revoke", world.xa2, assignment_id=assignment.pk))
        .status_code
        == 404
    )
    alice_at_province = RoleAssignment.objects.get(user=world.alice)
    charlie = world.client_for(world.charlie)
    assert charlie.post(url("role_revoke", world.xb, assignment_id=alice_at_province.pk)).status_code == 404
    assert RoleAssignment.objects.filter(revoked_at__isnull=False).count() == 0


def account_data(**extra: str) -> dict[str, str]:
    data = {
        "card_number": "10000001",
        "username": "an.nguyen",
        "password1": "hoa-sen-mua-thu-7",
        "password2": "hoa-sen-mua-thu-7",
    }
    data.update(extra)
    return data


def test_opening_an_account_for_a_member_who_then_sees_their_record(world: World) -> None:
    alice = world.client_for(world.alice)
    response = alice.post(url("account_create", world.xa), account_data())
    assert response.status_code == 302
    member = Member.objects.select_related("user").get(pk=world.m_xa1.pk)
    assert member.user is not None and member.user.username == "an.nguyen"
    assert member.user.check_password("hoa-sen-mua-thu-7")
    assert AuditEntry.objects.filter(action="account.create", unit=world.xa1).exists()
    client = Client()
    assert client.login(username="an.nguyen", password="hoa-sen-mua-thu-7")
    assert "10000001" in client.get(reverse("orgs:me")).content.decode()


def test_the_member_page_link_chooses_the_member(world: World) -> None:
    alice = world.client_for(world.alice)
    response = alice.get(url("account_create", world.xa1) + f"?member={world.m_xa1.pk}")
    assert response.context["form"].chosen == world.m_xa1
    data = account_data(member=str(world.m_xa1.pk), card_number="")
    assert alice.post(url("account_create", world.xa1), data).status_code == 302
    assert User.objects.filter(username="an.nguyen", member=world.m_xa1).exists()


def test_bad_account_input_is_explained_and_creates_nothing(world: World) -> None:
    alice = world.client_for(world.alice)
    response = alice.post(url("account_create", world.xa), account_data(password1="123", password2="123"))
    assert response.status_code == 200 and 'value="an.nguyen"' in response.content.decode()
    assert response.context["form"].errors["password1"]
    response = alice.post(url("account_create", world.xa), account_data(password2="khac-hoan-toan-9"))
    assert "Hai mật khẩu không khớp" in response.content.decode()
    response = alice.post(url("account_create", world.xa), account_data(username="Bob"))
    assert "đã có người dùng" in response.content.decode()
    response = alice.post(url("account_create", world.xa), account_data(username="an nguyen"))
    assert "không có dấu cách" in response.content.decode()
    assert not User.objects.filter(username__startswith="an").exists()
    assert Member.objects.get(pk=world.m_xa1.pk).user is None


def test_an_account_is_only_opened_for_members_of_the_subtree(world: World) -> None:
    charlie = world.client_for(world.charlie)
    response = charlie.post(url("account_create", world.xb), account_data())
    assert "Không có đảng viên số thẻ “10000001” trong đơn vị này." in response.content.decode()
    response = charlie.post(url("account_create", world.xb), account_data(member=str(world.m_xa1.pk)))
    assert "không thuộc đơn vị này" in response.content.decode()
    assert charlie.post(url("account_create", world.xa), account_data()).status_code == 404
    assert (
        world.client_for(world.bob).post(url("account_create", world.xa1), account_data()).status_code == 403
    )
    assert not User.objects.filter(username="an.nguyen").exists()
