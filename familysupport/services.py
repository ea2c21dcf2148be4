"""Changes to a user's own account: the second factor of the login (TOTP, django-otp).

Each user sets up their own authenticator app; nobody acts on another user's device here. A wrong
code counts against the device's throttle (a growing wait after each failure) and that count is
kept even though the service refuses, so codes cannot be guessed one request after another.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from familysupport import audit
from familysupport.models import AuditAction, User

DEVICE_NAME = "authenticator"


def two_factor_device(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    """The user's own authenticator, confirmed or still being set up."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=confirmed).order_by("-pk").first()


def _locked_device(user: User, *, confirmed: bool) -> TOTPDevice | None:
    """The user's device, locked so that two requests cannot both spend one code or one guess."""
    return (
        TOTPDevice.objects.select_for_update().filter(user=user, confirmed=confirmed).order_by("-pk").first()
    )


def _require_signed_in(actor: User) -> None:
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied


def _check_code(device: TOTPDevice, token: str) -> tuple[str | None, bool]:
    """(None, False) when `token` is the device's current code; else why not, and whether the
    device was still waiting out its throttle (such a refusal does not consume a guess)."""
    if not device.verify_is_allowed()[0]:
        return _("Too many wrong codes. Wait a moment and try again."), True
    if not device.verify_token(token):
        return _("This code is not valid. Enter the current code from your authenticator app."), False
    return None, False


@transaction.atomic
def two_factor_setup_start(*, actor: User) -> TOTPDevice:
    """Begin setting up an authenticator: a new secret, not yet confirmed.

    A setup begun earlier and never confirmed is replaced, so an abandoned secret never works.
    """
    _require_signed_in(actor)
    if two_factor_device(actor) is not None:
        raise ValidationError(_("Two-factor authentication is already set up."))
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=actor, name=DEVICE_NAME, confirmed=False)
    audit.record(actor=actor, action=AuditAction.CREATE, target=device, outcome="2fa_setup_started")
    return device


def two_factor_confirm(*, actor: User, token: str) -> TOTPDevice:
    """Switch two-factor authentication on with the first code the new authenticator shows."""
    _require_signed_in(actor)
    with transaction.atomic():
        device = _locked_device(actor, confirmed=False)
        if device is None:
            raise ValidationError(_("Start the setup first."))
        refusal, _throttled = _check_code(device, token)
        if refusal is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            audit.record(actor=actor, action=AuditAction.TWO_FACTOR_ON, target=device)
            return device
    # Outside the transaction, so the throttle's count of the wrong code is kept.
    raise ValidationError(refusal)


def two_factor_remove(*, actor: User, token: str) -> TOTPDevice:
    """Switch two-factor authentication off; only a valid current code does it.

    Whether the user may then work without it is the login's business: when it is required for
    their role, the next page they open is the setup page again.
    """
    _require_signed_in(actor)
    with transaction.atomic():
        device = _locked_device(actor, confirmed=True)
        if device is None:
            raise ValidationError(_("Two-factor authentication is not set up."))
        refusal, _throttled = _check_code(device, token)
        if refusal is None:
            audit.record(actor=actor, action=AuditAction.TWO_FACTOR_OFF, target=device)
            TOTPDevice.objects.filter(user=actor).delete()
            return device
    raise ValidationError(refusal)


def two_factor_verify(*, actor: User, token: str) -> TOTPDevice:
    """The second step of the login: the code from the user's authenticator.

    Success and failure are both in the audit record (a login; a failed login), never the code.
    """
    _require_signed_in(actor)
    with transaction.atomic():
        device = _locked_device(actor, confirmed=True)
        if device is None:
            raise ValidationError(_("Two-factor authentication is not set up."))
        refusal, throttled = _check_code(device, token)
        if refusal is None:
            audit.record(actor=actor, action=AuditAction.LOGIN, target=actor, factor="totp")
            return device
        audit.record(
            actor=actor, action=AuditAction.LOGIN_FAILED, target=actor, factor="totp", throttled=throttled
        )
    raise ValidationError(refusal)
