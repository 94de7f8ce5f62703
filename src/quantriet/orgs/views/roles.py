"""Roles at a unit: who holds which, granting and revoking, and opening accounts for members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quantriet.orgs import access, services
from quantriet.orgs.access import Capability as C
from quantriet.orgs.forms.roles import AccountForm, GrantRoleForm
from quantriet.orgs.models import Member, RoleAssignment, Unit
from quantriet.orgs.views.common import unit_for


def _roles_page(request: HttpRequest, unit: Unit, form: GrantRoleForm, status: int = 200) -> HttpResponse:
    assignments = (
        RoleAssignment.objects.filter(unit=unit, revoked_at__isnull=True)
        .select_related("user", "granted_by", "user__member")
        .order_by("user__username", "role")
    )
    return render(
        request,
        "orgs/roles/list.html",
        {"unit": unit, "assignments": assignments, "form": form},
        status=status,
    )


@login_required
def unit_roles(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = unit_for(request.user, unit_id, C.MANAGE_ROLES)
    return _roles_page(
        request, unit, GrantRoleForm(unit=unit, roles=access.grantable_roles(request.user, unit))
    )


@login_required
@require_POST
def role_grant(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = unit_for(request.user, unit_id, C.MANAGE_ROLES)
    form = GrantRoleForm(request.POST, unit=unit, roles=access.grantable_roles(request.user, unit))
    if form.is_valid():
        assignment = form.save(request.user)
        if assignment is not None:
            messages.success(
                request,
                _("Đã giao vai trò %(role)s cho %(user)s.")
                % {"role": assignment.get_role_display(), "user": assignment.user.get_username()},
            )
            return redirect("orgs:unit_roles", unit_id=unit.pk)
    return _roles_page(request, unit, form)


@login_required
@require_POST
def role_revoke(request: HttpRequest, unit_id: int, assignment_id: int) -> HttpResponse:
    unit = unit_for(request.user, unit_id, C.MANAGE_ROLES)
    assignment = (
        RoleAssignment.objects.filter(pk=assignment_id, unit=unit, revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if assignment is None:
        raise Http404
    services.revoke_role(request.user, assignment)
    messages.success(
        request,
        _("Đã thu hồi vai trò %(role)s của %(user)s.")
        % {"role": assignment.get_role_display(), "user": assignment.user.get_username()},
    )
    return redirect("orgs:unit_roles", unit_id=unit.pk)


@login_required
def account_create(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Open an account for a member of this unit's subtree; they can then sign in and see their record."""
    unit = unit_for(request.user, unit_id, C.MANAGE_ROLES)
    # Members of this subtree only, and only those the user may manage roles for.
    candidates = Member.objects.filter(unit_id__in=access.subtree_ids([unit.pk]), user__isnull=True)
    initial = {"member": request.GET.get("member", "")}
    form = AccountForm(
        request.POST if request.method == "POST" else None, members=candidates, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        account = form.save(request.user)
        if account is not None:
            messages.success(
                request,
                _(
                    "Đã tạo tài khoản %(user)s. Hãy trao mật khẩu ban đầu cho đảng viên "
                    "và đề nghị đổi mật khẩu sau lần đăng nhập đầu."
                )
                % {"user": account.get_username()},
            )
            member = form.cleaned_data["member_obj"]
            return redirect("orgs:member_detail", member_id=member.pk)
    return render(request, "orgs/roles/account.html", {"unit": unit, "form": form})
