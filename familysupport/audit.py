"""The audit record: every read of a family's pages and every change, in one place.

Services call `record` inside their transaction, so a change and its audit row commit together.
The client's address comes from AuditContextMiddleware; outside a request (commands) it is empty.
"""

import datetime
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familysupport import deadlines
from familysupport.models import AuditAction, AuditEvent, User, Versioned, Withdrawable
from familysupport.money import format_money

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
    AuditAction.WITHDRAW,
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
    A change of a family stores its deadlines anew (familysupport.deadlines.refresh), in the same
    transaction: every service writes its audit record after its last write.
    """
    if action in CHANGES and family_id is not None:
        deadlines.refresh(family_id=family_id)
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
    target: Versioned,
    data: dict[str, Any],
    fields: tuple[str, ...],
    family_id: int | None = None,
    also_update: tuple[str, ...] = (),
    expected_version: int | None = None,
    also_changed: tuple[str, ...] = (),
    **details: Any,
) -> list[str]:
    """Set the `fields` of `target` that `data` changes, save only those, and record the change.

    The one save path of every record people edit. Each save raises the record's version; with
    `expected_version` (the version the user's form was drawn from, forms.VersionChecked) the row
    is written only if it still has that version, by a single conditional UPDATE, and otherwise
    nothing is written and StaleVersion says what was saved meanwhile. A form that would change
    nothing is no conflict. `also_changed` names parts of the record outside its row
    (`VERSION_PARTS`, the goals of a plan) that the caller changes with this save: they count as
    a change, and `details` (identifiers and counts) go to the audit row.

    Returns the names of the changed fields (the audit row lists them; their values stay out).
    """
    changed = [field for field in fields if field in data and getattr(target, field) != data[field]]
    if not changed and not also_changed:
        return []
    rows = type(target)._default_manager.filter(pk=target.pk)
    if expected_version is not None:
        rows = rows.filter(lock_version=expected_version)
    for field in changed:
        setattr(target, field, data[field])
    columns = [target._meta.get_field(name) for name in (*changed, *also_update)]
    values = {column.attname: column.pre_save(target, False) for column in columns}  # type: ignore[union-attr]
    if not rows.update(**values, lock_version=F("lock_version") + 1):
        target.refresh_from_db()  # what is saved now, instead of what this save would have written
        assert expected_version is not None  # the row exists: the service has locked it
        raise StaleVersion(actor=actor, target=target, family_id=family_id, expected=expected_version)
    target.refresh_from_db(fields=["lock_version"])
    changed += also_changed
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=target,
        family_id=family_id,
        fields=changed,
        version=target.lock_version,
        **details,
    )
    return changed


def withdraw(*, actor: User, target: Withdrawable, reason: str, family_id: int | None) -> None:
    """Withdraw a record entered by mistake: the reason (required), who and when are kept on the
    record, and the withdrawal in the audit record (identifiers only: the reason, free text, stays
    on the record, where the retention eraser reaches it). The one withdraw step of every app's
    `<thing>_withdraw` service, which first asks its own policy and locks the row.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the record is withdrawn.")})
    if target.withdrawn_at is not None:
        raise ValidationError(_("The record has already been withdrawn."))
    target.withdrawn_at, target.withdrawn_by, target.withdrawal_reason = timezone.now(), actor, reason
    target.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    record(actor=actor, action=AuditAction.WITHDRAW, target=target, family_id=family_id)


class StaleVersion(ValidationError):
    """A save from a form drawn from an older version of the record: someone (another person,
    another tab) has saved it since. Nothing of this save is written; the message lists each part
    they changed with the value saved now, for the form that still holds the user's own input.

    The form's view notes the refusal in the audit record (`record`, identifiers only) once the
    service's transaction has been undone.
    """

    def __init__(
        self, *, actor: User | None, target: Versioned, family_id: int | None, expected: int
    ) -> None:
        self.actor, self.target, self.family_id = actor, target, family_id
        self.expected, self.current = expected, target.lock_version
        lines = [
            _("%(part)s — saved now: %(value)s")
            % {"part": capfirst(_part_label(target, name)), "value": shown}
            for name, shown in saved_meanwhile(target, since=expected, family_id=family_id)
        ]
        super().__init__([STALE, *lines, SAVE_AGAIN], code="stale")

    def record(self) -> AuditEvent:
        return record(
            actor=self.actor,
            action=AuditAction.UPDATE,
            target=self.target,
            family_id=self.family_id,
            outcome="refused_stale",
            form_version=self.expected,
            saved_version=self.current,
        )


STALE = gettext_lazy(
    "Someone saved this record after you opened the form (another person, or you in another tab or "
    "window). Nothing of yours has been saved yet. What they changed:"
)
SAVE_AGAIN = gettext_lazy(
    "Your own text is still on the form below. Compare it with what is saved now; saving the form "
    "again replaces the saved version with yours."
)


def saved_meanwhile(target: Versioned, *, since: int, family_id: int | None) -> list[tuple[str, str]]:
    """The parts of `target` changed by the saves after version `since` (their audit rows name
    them), each with the value saved now, in the order of the record's fields."""
    events = AuditEvent.objects.filter(
        family_id=family_id,  # indexed: the family's events, or the few of records of no family
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        action=AuditAction.UPDATE,
        details__version__gt=since,
    )
    names = {name for fields in events.values_list("details__fields", flat=True) for name in fields or ()}
    order = [field.name for field in target._meta.fields] + list(target.VERSION_PARTS)
    return [(name, _shown(target, name)) for name in order if name in names]


def _part_label(target: Versioned, name: str) -> str:
    if name in target.VERSION_PARTS:
        return str(target.VERSION_PARTS[name])
    return str(target._meta.get_field(name).verbose_name)  # type: ignore[union-attr]


def _shown(target: Versioned, name: str) -> str:
    """A stored value as a person reads it: the label of a choice, a date, an amount, yes or no."""
    display = getattr(target, f"get_{name}_display", None)
    value = display() if display is not None else getattr(target, name)
    if isinstance(value, dict):
        value = "; ".join(str(text) for text in value.values() if str(text).strip())
    elif isinstance(value, list | tuple):
        value = ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None or value == "":
        return _("(empty)")
    if isinstance(value, Decimal):
        return format_money(value)
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


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
