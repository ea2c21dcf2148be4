import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django_otp import user_has_device

from familysupport import audit

LOGIN_AT = "login_at"
# When the session's idle limit was last moved on (seconds since the epoch).
RENEWED_AT = "renewed_at"

GetResponse = Callable[[HttpRequest], HttpResponseBase]


class AuditContextMiddleware:
    """Makes the client's address known to the audit record for the length of a request."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        token = audit.client_ip.set(request.META.get("REMOTE_ADDR"))
        try:
            return self.get_response(request)
        finally:
            audit.client_ip.reset(token)


class LanguageMiddleware:
    """Polish unless the user chose another language with the switch (the language cookie).

    Unlike Django's LocaleMiddleware it ignores the browser's Accept-Language: the centre's
    interface speaks Polish by default, whatever the workstation's browser is set to.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


class SessionRenewalMiddleware:
    """The 30 minutes of the idle limit start again with each request, without a write on each.

    The idle limit is the session's age (SESSION_COOKIE_AGE): the stored session's expiry and the
    cookie's, both set when the session is saved. Saved on every request, as
    SESSION_SAVE_EVERY_REQUEST would do, each page would cost an UPDATE in a transaction of its
    own; here the session is saved (and the cookie sent again) only when its expiry would move by
    SESSION_RENEW_SECONDS or more, or when something in it changed. A session therefore ends
    between SESSION_COOKIE_AGE - SESSION_RENEW_SECONDS and SESSION_COOKIE_AGE after the last
    request (29 to 30 minutes): never later than without it. Listed after SessionMiddleware, so
    that it runs before it on the way out.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.accessed or session.is_empty():
            return response
        now = int(timezone.now().timestamp())
        if session.modified or now - session.get(RENEWED_AT, 0) >= settings.SESSION_RENEW_SECONDS:
            session[RENEWED_AT] = now
        return response


def renewed_at_login(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """A login saves the new session: its 12 hours and its idle limit start there (the
    user_logged_in signal), so the first page after it has nothing to write."""
    if request is not None and hasattr(request, "session"):
        request.session.setdefault(LOGIN_AT, int(time.time()))
        request.session[RENEWED_AT] = int(timezone.now().timestamp())


class SessionLimitMiddleware:
    """Pages behind the login are never cached, and a session ends 12 hours after the login.

    The idle limit is the session's age, moved on by SessionRenewalMiddleware.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.user.is_authenticated:
            started = request.session.setdefault(LOGIN_AT, int(time.time()))
            if time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect_to_login(request.get_full_path())
        response = self.get_response(request)
        if request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


class TwoFactorMiddleware:
    """A password alone opens nothing for a user with an authenticator: the code comes first.

    An authenticated user whose session has not passed the second factor is sent to the code page
    if they have a confirmed device, or, when TWO_FACTOR_ENFORCED, to the setup page if one of
    their roles requires two factors. Only the pages that lead out of that state stay open.
    """

    # Reachable before the second factor: leaving (logout), the language switch, and the page
    # that leads on. A user with a device never reaches setup or removal before their code.
    OPEN_WITH_DEVICE = frozenset({"two_factor_verify", "logout", "set_language"})
    OPEN_WITHOUT_DEVICE = frozenset({"two_factor_setup", "two_factor_start", "logout", "set_language"})

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = request.user
        if user.is_authenticated and not user.is_verified() and not self._is_static(request):
            if user_has_device(user, confirmed=True):
                if self._url_name(request) not in self.OPEN_WITH_DEVICE:
                    return self._redirect(request, "two_factor_verify")
            elif settings.TWO_FACTOR_ENFORCED and user.has_role(*settings.TWO_FACTOR_REQUIRED_ROLES):
                if self._url_name(request) not in self.OPEN_WITHOUT_DEVICE:
                    return self._redirect(request, "two_factor_setup")
        return self.get_response(request)

    @staticmethod
    def _is_static(request: HttpRequest) -> bool:
        return request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/"))

    @staticmethod
    def _url_name(request: HttpRequest) -> str | None:
        try:
            return resolve(request.path_info).view_name
        except Resolver404:
            return None

    @staticmethod
    def _redirect(request: HttpRequest, view_name: str) -> HttpResponseRedirect:
        url = reverse(view_name)
        if request.method == "GET" and request.path_info != "/":
            url += "?" + urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
        return HttpResponseRedirect(url)
