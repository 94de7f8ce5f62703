from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from quantriet.core import home as home_sections
from quantriet.core.notifications import selectors as notification_selectors
from quantriet.orgs import access, selectors
from quantriet.orgs.models import Member


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The person's to-do page: what each app asks of them next (``core.home``), unread notices first."""
    overview = selectors.overview_for(request.user)
    selectors.with_paths([summary.unit for summary in overview])
    context = {
        "sections": home_sections.sections_for(request.user),
        # The units the person looks after, with their size: where their everyday pages start.
        "overview": overview,
        # The badge's cached count first: most visits find nothing unread and read no notification rows.
        "notifications": (
            notification_selectors.latest_unread(request.user)
            if notification_selectors.unread_count(request.user)
            else []
        ),
        "member": (
            Member.objects.filter(user_id=request.user.pk).only("id", "full_name").first()
            if request.user.is_authenticated
            else None
        ),
    }
    return render(request, "site/home.html", context)


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


__all__ = ["access", "healthz", "home"]
