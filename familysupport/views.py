from base64 import b32encode

import django_otp
import qrcode
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from qrcode.image.svg import SvgPathImage

from familysupport import services as two_factor_services
from familysupport.access import AuthenticatedRequest, authenticated
from familysupport.forms import TwoFactorCodeForm, call_service, call_transition


def _next_url(request: HttpRequest) -> str:
    """Where the user was going before the second factor; only a page of this site."""
    url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure()):
        return url
    return resolve_url("home")


def _qr_svg(uri: str) -> str:
    """The authenticator's setup link as a QR code in SVG markup (no image URL, no inline style)."""
    svg: str = qrcode.make(uri, image_factory=SvgPathImage).to_string(encoding="unicode")
    return svg


@authenticated
def two_factor_setup(request: AuthenticatedRequest) -> HttpResponse:
    """The user's own authenticator: its state, or the secret to scan and the first code."""
    device = two_factor_services.two_factor_device(request.user)
    pending = None if device else two_factor_services.two_factor_device(request.user, confirmed=False)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = call_service(
            form, two_factor_services.two_factor_confirm, actor=request.user, token=form.cleaned_data["token"]
        )
        if confirmed:
            # The code just proved the user holds the authenticator: this session is verified.
            django_otp.login(request, confirmed)
            messages.success(request, _("Two-factor authentication is on."))
            return redirect("two_factor_setup")
    context = {
        "device": device,
        "pending": pending,
        "form": form,
        "required": settings.TWO_FACTOR_ENFORCED
        and request.user.has_role(*settings.TWO_FACTOR_REQUIRED_ROLES),
    }
    if pending:
        secret = b32encode(pending.bin_key).decode()
        context["secret"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        context["config_url"] = pending.config_url
        context["qr_svg"] = mark_safe(_qr_svg(pending.config_url))  # our own markup, from our own URI
    return render(request, "familysupport/two_factor_setup.html", context)


@require_POST
@authenticated
def two_factor_start(request: AuthenticatedRequest) -> HttpResponse:
    call_transition(
        request,
        two_factor_services.two_factor_setup_start,
        success=_("Scan the code with your authenticator app, then enter the code it shows."),
        actor=request.user,
    )
    return redirect("two_factor_setup")


@authenticated
def two_factor_remove(request: AuthenticatedRequest) -> HttpResponse:
    """Switch the user's own two-factor authentication off, with a current code."""
    if two_factor_services.two_factor_device(request.user) is None:
        return redirect("two_factor_setup")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        removed = call_service(
            form, two_factor_services.two_factor_remove, actor=request.user, token=form.cleaned_data["token"]
        )
        if removed:
            messages.success(request, _("Two-factor authentication is off."))
            return redirect("two_factor_setup")
    return render(request, "familysupport/two_factor_remove.html", {"form": form})


@authenticated
def two_factor_verify(request: AuthenticatedRequest) -> HttpResponse:
    """The second step of the login, for a user with an authenticator."""
    if request.user.is_verified() or two_factor_services.two_factor_device(request.user) is None:
        return redirect(_next_url(request))
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = call_service(
            form, two_factor_services.two_factor_verify, actor=request.user, token=form.cleaned_data["token"]
        )
        if device:
            django_otp.login(request, device)
            return redirect(_next_url(request))
    return render(
        request,
        "familysupport/two_factor_verify.html",
        {
            "form": form,
            "next": request.POST.get(REDIRECT_FIELD_NAME, request.GET.get(REDIRECT_FIELD_NAME, "")),
        },
    )
