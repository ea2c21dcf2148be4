"""The audit record: every read of a family's pages and every change, in one place.

Services call `record` inside their transaction, so a change and its audit row commit together.
The client's address comes from AuditContextMiddleware; outside a request (commands) it is empty.
"""

from contextvars import ContextVar

from django.db import models

from familysupport.models import AuditAction, AuditEvent, User

client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)


def record(
    *,
    actor: User | None,
    action: AuditAction,
    target: models.Model,
    family_id: int | None = None,
    **details,
) -> AuditEvent:
    """Append one event. `details` must hold identifiers and outcomes only, no personal data."""
    return AuditEvent.objects.create(
        actor=actor,
        centre_id=getattr(actor, "centre_id", None),
        action=action,
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        family_id=family_id,
        ip=client_ip.get(),
        details=details,
    )
