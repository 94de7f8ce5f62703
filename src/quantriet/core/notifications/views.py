"""The inbox: the signed-in user's notifications; opening one marks it read and follows its link."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from quantriet.core.notifications import selectors, services
from quantriet.core.paging import paginate


@login_required
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.inbox(request.user))
    return render(request, "core/notifications/inbox.html", {"page": page, "notifications": page.object_list})


@login_required
@require_safe
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark it read and go where it points; a link that leaves the site is not followed."""
    notification = selectors.notification_or_404(request.user, notification_id)
    services.mark_read(request.user, notification)
    if notification.url and services.is_safe_path(notification.url):
        return redirect(notification.url)
    return redirect(f"{_inbox_url()}#n{notification.pk}")


@login_required
@require_POST
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = selectors.notification_or_404(request.user, notification_id)
    services.mark_read(request.user, notification)
    return redirect(_back(request))


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(request.user)
    return redirect(_back(request))


def _inbox_url() -> str:
    return reverse("notifications:inbox")


def _back(request: HttpRequest) -> str:
    """Back to the page the form was on (the inbox, a page of it, or home), never off the site."""
    target = request.POST.get("next", "")
    return target if services.is_safe_path(target) else _inbox_url()
