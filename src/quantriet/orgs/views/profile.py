"""The member profile on the personal page: its facts, the sensitive part revealed for a purpose, the photo.

The sensitive fields (``orgs.profile.SENSITIVE_FIELDS`` and the photo) are not in the page at all for
whoever lacks ``VIEW_MEMBER_SENSITIVE`` — not hidden by a style, not sent. Those who hold it see a
form asking why they want to read them; the page that answers shows them, and the read is logged
with that purpose. The member sees their own record whole.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from quantriet.core.uploads import too_large, too_large_message
from quantriet.orgs import access
from quantriet.orgs.access import Capability as C
from quantriet.orgs.forms.members import PhotoForm, ReadPurposeForm
from quantriet.orgs.models import Member, MemberPhoto
from quantriet.orgs.profile import ReadPurpose, choice_label
from quantriet.orgs.services import profile as profile_services
from quantriet.orgs.views.common import member_for


def profile_facts(member: Member) -> list[tuple[str, str]]:
    """The profile's fields anyone who may open the personal page reads."""
    return [
        (_("Quê quán"), member.hometown),
        (_("Trình độ giáo dục phổ thông"), member.education),
        (_("Chuyên môn, nghiệp vụ"), member.specialty),
        (_("Lý luận chính trị"), choice_label("political_theory", member.political_theory)),
        (_("Nghề nghiệp"), member.occupation),
        (_("E-mail"), member.email),
    ]


def sensitive_facts(member: Member) -> list[tuple[str, str]]:
    return [
        (_("Dân tộc"), choice_label("ethnicity", member.ethnicity)),
        (_("Tôn giáo"), choice_label("religion", member.religion)),
        (_("Số CCCD"), member.id_number or ""),
        (_("Điện thoại"), member.phone),
    ]


def is_own(user: Any, member: Member) -> bool:
    return bool(user.is_authenticated and member.user_id is not None and member.user_id == user.pk)


def profile_context(user: Any, member: Member, *, purpose: str = "", note: str = "") -> dict[str, Any]:
    """The profile part of the personal page; sensitive facts only for the member or for a logged purpose."""
    own = is_own(user, member)
    context: dict[str, Any] = {"profile": profile_facts(member)}
    if own or purpose:
        photo_url = reverse("orgs:member_photo", args=[member.pk])
        if not own:
            photo_url += f"?purpose={purpose}"
        context["sensitive"] = sensitive_facts(member)
        context["photo_url"] = photo_url if MemberPhoto.objects.filter(member=member).exists() else ""
        context["purpose_label"] = ReadPurpose(purpose).label if purpose else ""
        context["purpose_note"] = note
    elif access.can_member(user, C.VIEW_MEMBER_SENSITIVE, member):
        context["purpose_form"] = ReadPurposeForm(auto_id="purpose_%s")
    context["may_photo"] = access.can_member(user, C.EDIT_MEMBERS, member) and access.can_member(
        user, C.VIEW_MEMBER_SENSITIVE, member
    )
    return context


@require_safe
@login_required
def member_photo(request: HttpRequest, member_id: int) -> HttpResponse:
    """``/members/<id>/photo/?purpose=``: the photo, to the member or for a stated purpose (logged)."""
    member = member_for(request.user, member_id, C.VIEW_MEMBER_SENSITIVE)
    photo = MemberPhoto.objects.filter(member=member).first()
    if photo is None:
        raise Http404
    if not is_own(request.user, member):
        try:
            profile_services.record_sensitive_read(
                request.user,
                member,
                purpose=request.GET.get("purpose", ""),
                note=request.GET.get("note", ""),
                request=request,
                what="photo",
            )
        except ValidationError:
            # Opened without a purpose (a bookmark, a shared link): back to the record, whose form asks it.
            messages.error(request, _("Hãy cho biết mục đích xem ảnh."))
            return redirect("orgs:member_detail", member_id=member.pk)
    response = HttpResponse(bytes(photo.data), content_type=photo.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Content-Disposition"] = "inline"
    return response


@login_required
def member_photo_edit(request: HttpRequest, member_id: int) -> HttpResponse:
    """``/members/<id>/photo/edit/``: upload, replace or remove the photo (organisation staff)."""
    member = member_for(request.user, member_id, C.EDIT_MEMBERS)
    if not access.can_member(request.user, C.VIEW_MEMBER_SENSITIVE, member):
        raise Http404
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        dropped = too_large(request)
        upload = form.cleaned_data.get("photo")
        try:
            if dropped:
                raise ValidationError({"photo": too_large_message(profile_services.PHOTO_MAX_BYTES)})
            if form.cleaned_data.get("remove"):
                profile_services.remove_member_photo(request.user, member)
                messages.success(request, _("Đã xóa ảnh."))
                return redirect("orgs:member_detail", member_id=member.pk)
            if upload is None:
                raise ValidationError({"photo": _("Hãy chọn tệp ảnh.")})
            if upload.size and upload.size > profile_services.PHOTO_MAX_BYTES:  # refused unread
                raise ValidationError({"photo": too_large_message(profile_services.PHOTO_MAX_BYTES)})
            profile_services.set_member_photo(request.user, member, upload.read())
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Đã lưu ảnh."))
            return redirect("orgs:member_detail", member_id=member.pk)
    has_photo = MemberPhoto.objects.filter(member=member).exists()
    return render(
        request,
        "orgs/members/photo_form.html",
        {"member": member, "form": form, "has_photo": has_photo, "title": _("Ảnh đảng viên")},
    )
