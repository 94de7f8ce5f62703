"""Sign-in throttling on every path that authenticates, not only the main form.

The main form and /admin/login/ check the throttle themselves, to answer with the window in the message.
Anything else that calls ``django.contrib.auth.authenticate`` (a future API login, a management
command, the test client) is covered here instead: ``ThrottleBackend`` sits first in
AUTHENTICATION_BACKENDS and refuses while a name or address is locked, and ``user_login_failed`` —
which Django sends for a wrong password from every backend — records the failure. So no path is left
uncounted, and none lets the right password through a lock.

We keep our own small throttle rather than django-axes: the counter, its model and its pruning are
already here and tested, and axes would add a second attempts table beside the one privacy retention
already covers.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import HttpRequest

from quantriet.core.clientaddr import client_address
from quantriet.orgs.services.accounts import check_login_allowed, record_login_attempt
from quantriet.orgs.services.twofactor import users_with_second_factor_facts

# Set by ThrottleBackend when it refuses: authenticate() then sends user_login_failed at once, in the same
# context, and that refusal is not a new failure to count (a locked name would otherwise never unlock
# while someone keeps trying). A context variable works whether or not the caller passed a request.
_refused: ContextVar[bool] = ContextVar("quantriet_sign_in_refused", default=False)


class ThrottleBackend:
    """Refuses authentication while the name or the address is locked; never signs anyone in itself.

    It has no ``get_user`` on purpose: Django's login and the test client's ``force_login`` pick the
    first backend that has one, which must stay ModelBackend.
    """

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kw: Any
    ) -> None:
        name = username if username is not None else kw.get(get_user_model().USERNAME_FIELD)
        if name is None:
            return None
        if not check_login_allowed(str(name), client_address(request)):
            _refused.set(True)
            # PermissionDenied stops authenticate() from asking the next backend.
            raise PermissionDenied
        return None


@receiver(user_login_failed, dispatch_uid="quantriet.orgs.signin.count_failure")
def count_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kw: Any
) -> None:
    if _refused.get():
        _refused.set(False)
        return
    name = credentials.get(get_user_model().USERNAME_FIELD, credentials.get("username"))
    if not isinstance(name, str) or not name.strip():
        return
    record_login_attempt(name, client_address(request), succeeded=False)


class AccountBackend(ModelBackend):
    """Django's ModelBackend, loading the session's user with the second-factor facts in the same query.

    ``get_user`` runs on every request of a signed-in session; annotating there spares the second-factor
    gate (site middleware) a query of its own on every page.
    """

    def get_user(self, user_id: Any) -> User | None:
        try:
            user = users_with_second_factor_facts().get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
