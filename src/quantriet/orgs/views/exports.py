"""Member list downloads (XLSX), within the units where the user may export."""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from quantriet.core.textinput import clean_text
from quantriet.orgs import access, selectors, services
from quantriet.orgs.access import Capability
from quantriet.orgs.exports import write_members_xlsx
from quantriet.orgs.models import MemberStatus
from quantriet.orgs.services import profile as profile_services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def members_xlsx(request: HttpRequest) -> FileResponse:
    """``/members/export.xlsx?unit=<id>&q=&status=[&purpose=&note=]``: the list in the importer's layout.

    With a purpose, a reader holding ``VIEW_MEMBER_SENSITIVE`` over the unit gets the sensitive columns
    too (logged with that purpose); anyone else, or without a purpose, gets the file without them.
    """
    unit = access.unit_or_404(request.user, Capability.EXPORT_MEMBERS, request.GET.get("unit", ""))
    query = clean_text(request.GET.get("q", ""))  # as the search box's form would (NUL breaks PostgreSQL)
    status = request.GET.get("status") or None
    if status not in MemberStatus.values:
        status = None
    members = selectors.search_members(
        request.user, within=unit, query=query, status=status, capability=Capability.EXPORT_MEMBERS
    )
    today = timezone.localdate()
    title = _("Danh sách đảng viên — %(unit)s — ngày %(date)s") % {
        "unit": unit.name,
        "date": today.strftime("%d/%m/%Y"),
    }
    sensitive_purpose = ""
    if request.GET.get("purpose") and access.can(request.user, Capability.VIEW_MEMBER_SENSITIVE, unit):
        try:
            purpose, note = profile_services.clean_purpose(
                request.GET["purpose"], request.GET.get("note", "")
            )
        except ValidationError:
            pass  # an unknown purpose: the list without the sensitive columns
        else:
            sensitive_purpose = profile_services.sensitive_detail(purpose, note)
    # Spooled to a temporary file: the sheet never sits whole in memory, whatever the list's length.
    out = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it once sent
    rows = write_members_xlsx(
        members.iterator(chunk_size=2000),
        out,
        title=title,
        user=request.user,
        request=request,
        sensitive_purpose=sensitive_purpose,
    )
    detail = f"{query} [{sensitive_purpose}]" if sensitive_purpose else query
    services.record_bulk_read(request.user, "members.export", unit=unit, rows=rows, detail=detail)
    out.seek(0)
    filename = f"dang-vien-{unit.code}-{today:%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX)
