"""Guests: invited to a point beforehand, or checked in at the desk."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy


class GuestInviteForm(forms.Form):
    guest_name = forms.CharField(label=gettext_lazy("Họ và tên khách mời"), max_length=120)


class GuestCheckInForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Họ và tên khách"), max_length=120)
    note = forms.CharField(label=gettext_lazy("Chức vụ, đơn vị"), max_length=200, required=False)
