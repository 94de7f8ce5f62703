"""What the tree adds to the home page (``core.home``): correction requests waiting for a person,
imports of theirs that failed, and the operator's way to the admin site. (The units a person looks after
are the page's own last part, ``selectors.overview_for``.)

Each part costs at most two queries, whatever the size of the tree.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quantriet.core.actors import Actor, is_operator
from quantriet.core.home import Section, Task
from quantriet.orgs import access
from quantriet.orgs.access import Capability as C
from quantriet.orgs.models import CorrectionRequest, ImportJob
from quantriet.orgs.models.jobs import ImportStatus
from quantriet.orgs.models.privacy import CorrectionState
from quantriet.orgs.selectors import unit_paths

# A failed import stays on its author's home page this long (then it is history on the import page).
FAILED_IMPORT_DAYS = 14
SHOWN = 5


def sections(user: Actor) -> list[Section]:
    if not user.is_authenticated:
        return []
    found = [_imports(user), _corrections(user)]
    if is_operator(user):
        found.append(_operator(user))
    return [s for s in found if s is not None]


def _imports(user: AbstractBaseUser) -> Section | None:
    if not access.has_any(user, C.IMPORT_DATA):
        return None
    since = timezone.now() - dt.timedelta(days=FAILED_IMPORT_DAYS)
    failed = ImportJob.objects.filter(
        status__in=[ImportStatus.REJECTED, ImportStatus.FAILED], created_at__gte=since
    )
    if not is_operator(user):
        failed = failed.filter(created_by_id=user.pk)
    jobs = list(failed.order_by("-created_at")[:SHOWN])
    paths = unit_paths([job.scope_id for job in jobs]) if jobs else {}
    tasks = [
        Task(
            label=_("Sửa và nhập lại: %(name)s") % {"name": job.original_name},
            url=reverse("orgs:import_job", args=[job.pk]),
            detail=f"{job.get_status_display()} · {paths[job.scope_id]} · "
            f"{timezone.localtime(job.created_at):%d/%m/%Y %H:%M}",
            urgent=True,
        )
        for job in jobs
    ]
    return Section(
        key="imports",
        title=_("Lượt nhập dữ liệu không thành công"),
        tasks=tasks,
        order=60,
        more_url=reverse("orgs:import_upload"),
        more_label=_("Nhập dữ liệu"),
    )


def _corrections(user: AbstractBaseUser) -> Section | None:
    if not access.has_any(user, C.EDIT_MEMBERS):
        return None
    waiting = CorrectionRequest.objects.filter(state=CorrectionState.OPEN)
    if not is_operator(user):
        roots = access.root_unit_ids(user, C.EDIT_MEMBERS)
        waiting = waiting.filter(member__unit_id__in=access.subtree_ids(roots))
    count = waiting.count()
    if not count:
        return None
    task = Task(
        label=ngettext(
            "%(n)d đề nghị sửa thông tin đảng viên chờ xử lý",
            "%(n)d đề nghị sửa thông tin đảng viên chờ xử lý",
            count,
        )
        % {"n": count},
        url=reverse("orgs:correction_list"),
        count=count,
        urgent=True,
    )
    return Section(key="corrections", title=_("Hồ sơ đảng viên"), tasks=[task], order=55)


def _operator(user: AbstractBaseUser) -> Section:
    # The operators' own pages: accounts, roles, audit and the task queue are in the admin site.
    tasks = [Task(label=_("Trang quản trị hệ thống"), url=reverse("admin:index"))]
    return Section(key="operator", title=_("Quản trị hệ thống"), tasks=tasks, order=95)
