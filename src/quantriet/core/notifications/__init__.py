"""Notifications of the platform: an inbox for every user, and e-mail where the deployment has it.

Any app tells users something with ``notify`` (``quantriet.core.notifications.services``)::

    from quantriet.core.notifications.services import notify

    notify(users, kind="report.returned", title="...", body="...", url="/reports/7/",
           dedupe_key=f"report.returned:{report.pk}:{round}")

This package imports no app; its models are registered through ``quantriet.core.models``.
"""
