"""Sessions that end: after idle time, after a working day, and all at once when asked.

- Idle: ``SAMVERKA_SESSION_IDLE_MINUTES`` (30) without a request ends the session (ASVS 7.3.1).
- Absolute: ``SESSION_COOKIE_AGE`` (12 hours) after the login, whatever the activity (ASVS 7.3.2).
- All at once: every session's auth hash contains the user's ``security_stamp``
  (``User.get_session_auth_hash``); a new stamp ends every session of the user on its next
  request. Logging out, a closed account and a new password rotate it (ASVS 7.4).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from samverka.accounts.models import User, _new_security_stamp

LOGIN_AT = "samverka_login_at"
SEEN_AT = "samverka_seen_at"
# Activity is written to the session at most this often: not one session write per request.
SEEN_GRANULARITY_SECONDS = 60


def end_all_sessions(user: User) -> None:
    """Give the user a new security stamp: every session of theirs ends on its next request."""
    user.security_stamp = _new_security_stamp()
    user.save(update_fields=["security_stamp"])


@receiver(user_logged_in, dispatch_uid="samverka_session_times")
def _start_clock(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now


class SessionLifetimeMiddleware:
    """Logs out a session that has been idle too long or has lived longer than allowed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            login_at = request.session.get(LOGIN_AT)
            seen_at = request.session.get(SEEN_AT)
            idle = settings.SAMVERKA_SESSION_IDLE_SECONDS
            if (
                not isinstance(login_at, int)
                or not isinstance(seen_at, int)
                or now - seen_at > idle
                or now - login_at > settings.SESSION_COOKIE_AGE
            ):
                # A session without the clock predates it: end it too rather than trust it.
                logout(request)
                messages.info(request, _("Du har loggats ut eftersom sessionen tog slut."))
            elif now - seen_at >= SEEN_GRANULARITY_SECONDS:
                request.session[SEEN_AT] = now
        return self.get_response(request)
