"""The audit trail of a subtree: changes (AuditEntry) and reads of personal data (AccessLog)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from quantriet.core import query as query_params
from quantriet.core.paging import paginate
from quantriet.orgs import access
from quantriet.orgs.access import Capability as C
from quantriet.orgs.models import AccessLog, AuditEntry, BulkAccessLog
from quantriet.orgs.views.common import unit_for

# The actions the services write, for the filter; an entry with another action still shows unfiltered.
ACTIONS = [
    ("unit.create", _("Thành lập đơn vị")),
    ("unit.update", _("Sửa thông tin đơn vị")),
    ("unit.rename", _("Đổi tên đơn vị")),
    ("unit.move", _("Chuyển trực thuộc")),
    ("unit.merge", _("Sáp nhập")),
    ("unit.split", _("Chia tách")),
    ("unit.dissolve", _("Giải thể")),
    ("member.create", _("Thêm đảng viên")),
    ("member.update", _("Sửa hồ sơ đảng viên")),
    ("member.transfer", _("Chuyển sinh hoạt")),
    ("member.status", _("Thay đổi tình trạng")),
    ("member.exempt", _("Miễn công tác và sinh hoạt")),
    ("member.position", _("Giao chức vụ")),
    ("member.position_end", _("Thôi giữ chức")),
    ("role.grant", _("Giao vai trò")),
    ("role.revoke", _("Thu hồi vai trò")),
    ("account.create", _("Tạo tài khoản")),
]
CHANNELS = [
    ("page", _("Trang hồ sơ")),
    ("api", _("API")),
    ("export", _("Xuất tệp")),
    ("admin", _("Trang quản trị")),
]
# The lists, boards and exports whose reads are logged (orgs.services.audit.record_bulk_read).
LIST_VIEWS = [
    ("members.list", _("Danh sách đảng viên")),
    ("members.export", _("Xuất danh sách đảng viên")),
    ("api.members", _("Danh sách đảng viên qua API")),
    ("members.corrections", _("Đề nghị sửa hồ sơ")),
    ("campaigns.point", _("Đại biểu của điểm cầu")),
    ("campaigns.invitations", _("In giấy mời")),
    ("campaigns.board", _("Bảng điểm danh")),
    ("campaigns.check_in", _("Danh sách chờ điểm danh")),
    ("campaigns.absences", _("Vắng mặt và học bù")),
    ("campaigns.report.xlsx", _("Số liệu đợt học tập (XLSX)")),
    ("campaigns.report.docx", _("Báo cáo đợt học tập (DOCX)")),
    ("reports.board", _("Bảng theo dõi bài thu hoạch")),
    ("reports.board.xlsx", _("Bảng theo dõi bài thu hoạch (XLSX)")),
    ("reports.summary.docx", _("Báo cáo kết quả viết bài thu hoạch (DOCX)")),
]


@login_required
def unit_audit(request: HttpRequest, unit_id: int) -> HttpResponse:
    """``/units/<id>/audit/?log=changes|reads|lists&action=``: newest first, for the units of this subtree."""
    unit = unit_for(request.user, unit_id, C.VIEW_AUDIT)
    log = request.GET.get("log") if request.GET.get("log") in ("reads", "lists") else "changes"
    action = query_params.text(request.GET, "action", max_length=64, lenient=True)  # NUL broke PostgreSQL
    within = access.subtree_ids([unit.pk])
    if log == "reads":
        reads = AccessLog.objects.filter(unit_id__in=within).select_related("user", "member", "unit")
        if action:
            reads = reads.filter(channel=action)
        page = paginate(request, reads.order_by("-at", "-id"))
        choices = CHANNELS
    elif log == "lists":
        lists = BulkAccessLog.objects.filter(unit_id__in=within).select_related("user", "unit")
        if action:
            lists = lists.filter(what=action)
        page = paginate(request, lists.order_by("-at", "-id"))
        choices = LIST_VIEWS
    else:
        changes = AuditEntry.objects.filter(unit_id__in=within).select_related("actor", "unit")
        if action:
            changes = changes.filter(action=action)
        page = paginate(request, changes.order_by("-at", "-id"))
        choices = ACTIONS
    return render(
        request,
        "orgs/audit/list.html",
        {
            "unit": unit,
            "log": log,
            "action": action,
            "choices": choices,
            "page": page,
        },
    )
