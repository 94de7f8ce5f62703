"""Who acts: the one user type every service and check takes, and the one test for an operator.

A service called by the system itself (a command, a task, the demo) takes ``Actor | None``.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

Actor = AbstractBaseUser | AnonymousUser


def is_operator(user: Actor) -> bool:
    """Superusers are the platform's operators: signed in and active, they may see and do everything."""
    return bool(user.is_authenticated and user.is_active and getattr(user, "is_superuser", False))
