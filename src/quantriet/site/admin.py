"""Titles of the Django admin, in Vietnamese like the rest of the site (models register in their apps)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Quản trị quantriet")
admin.site.site_title = _("Quản trị quantriet")
admin.site.index_title = _("Dữ liệu tổ chức đảng và đảng viên")
