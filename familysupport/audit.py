"""The audit record: every read of a family's pages and every change, in one place.

Services call `record` inside their transaction, so a change and its audit row commit together.
The client's address comes from AuditContextMiddleware; outside a request (commands) it is empty.
"""

from contextvars import ContextVar
from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from familysupport.cache import data_changed
from familysupport.models import AuditAction, AuditEvent, User

client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)

# The actions that change data (the others record a read, a download or a session).
CHANGES = {
    AuditAction.CREATE,
    AuditAction.UPDATE,
    AuditAction.SIGN,
    AuditAction.SUBMIT,
    AuditAction.DECIDE,
    AuditAction.ASSIGN,
    AuditAction.GRANT,
    AuditAction.REVOKE,
}


def record(
    *,
    actor: User | None,
    action: AuditAction,
    target: models.Model | None,
    family_id: int | None = None,
    **details: Any,
) -> AuditEvent:
    """Append one event. `details` must hold identifiers and outcomes only, no personal data.

    `target` is None only for events about a session rather than an object (a failed login).
    A change also expires the cached pages (familysupport/cache.py), whatever way it was written.
    """
    if action in CHANGES:
        data_changed()
    return AuditEvent.objects.create(
        actor=actor,
        centre_id=getattr(actor, "centre_id", None),
        action=action,
        object_type=target._meta.label_lower if target is not None else "session",
        object_id=str(target.pk) if target is not None else "",
        family_id=family_id,
        ip=client_ip.get(),
        details=details,
    )


def save_changes(
    *,
    actor: User | None,
    target: models.Model,
    data: dict[str, Any],
    fields: tuple[str, ...],
    family_id: int | None = None,
    also_update: tuple[str, ...] = (),
) -> list[str]:
    """Set the `fields` of `target` that `data` changes, save only those, and record the change.

    Returns the names of the changed fields (the audit row lists them; their values stay out).
    """
    changed = [field for field in fields if field in data and getattr(target, field) != data[field]]
    for field in changed:
        setattr(target, field, data[field])
    if changed:
        target.save(update_fields=[*changed, *also_update])
        record(actor=actor, action=AuditAction.UPDATE, target=target, family_id=family_id, fields=changed)
    return changed


def on_logged_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record(actor=user, action=AuditAction.LOGIN, target=user)


def on_logged_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        record(actor=user, action=AuditAction.LOGOUT, target=user)


def typed_username(typed: str) -> str:
    """What the audit record keeps of a name typed into the login form.

    An existing user's name is kept as it is (the DPO must see whose account was attacked). Any
    other text may be anything a person typed by mistake (their PESEL, a password, a family's
    name) and the record is kept for years: only a keyed hash of it is kept, which still shows
    the same wrong text tried again and again, and reveals nothing without the secret key.
    """
    typed = (typed or "").strip()
    if not typed:
        return ""
    if User.objects.filter(username=typed).exists():
        return typed
    return "hash:" + salted_hmac("audit.typed-username", typed, algorithm="sha256").hexdigest()[:32]


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        target=None,
        username=typed_username(credentials.get("username", "")),
    )


def on_locked_out(
    sender: Any, request: HttpRequest | None, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    record(actor=None, action=AuditAction.LOCKED_OUT, target=None, username=typed_username(username or ""))
