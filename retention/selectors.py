"""Reads of the disposal protocols, scoped to the centre of the head and the data protection
officer who approve them; and the cases whose retention has ended."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from cases.models import Family
from familysupport import registry
from familysupport.erasure import Eraser
from familysupport.models import Role, User
from retention.models import DisposalItem, DisposalProtocol, ProtocolStatus

# Those who approve the disposal, and so see its protocols: identifiers and dates only.
APPROVERS = (Role.HEAD, Role.DPO)
OPEN_STATUSES = (ProtocolStatus.PROPOSED, ProtocolStatus.APPROVED)


def erasers() -> list[Eraser]:
    return registry.contributions(registry.CASE_ERASERS)


def protocols_visible_to(user: User) -> QuerySet[DisposalProtocol]:
    """The protocols of the user's centre, for its head and its data protection officer."""
    if not user.is_authenticated or user.centre_id is None or not user.has_role(*APPROVERS):
        return DisposalProtocol.objects.none()
    return DisposalProtocol.objects.filter(centre_id=user.centre_id)


def protocol_list(user: User) -> QuerySet[DisposalProtocol]:
    return protocols_visible_to(user).select_related("head_approved_by", "dpo_approved_by")


def protocol_of(user: User, protocol_id: int) -> DisposalProtocol:
    return get_object_or_404(
        protocols_visible_to(user).select_related(
            "centre", "head_approved_by", "dpo_approved_by", "carried_out_by"
        ),
        pk=protocol_id,
    )


def is_disposed(family: Family) -> bool:
    return DisposalItem.objects.filter(family=family, disposed_on__isnull=False).exists()


def due_for_disposal(centre_id: int, today: datetime.date) -> QuerySet[Family]:
    """The centre's archived cases whose retention has ended, not yet disposed of and on no
    protocol still open (a case held back comes back on the next one)."""
    listed = DisposalItem.objects.filter(family=OuterRef("pk")).filter(
        Q(disposed_on__isnull=False) | Q(protocol__status__in=OPEN_STATUSES)
    )
    return (
        Family.objects.filter(centre_id=centre_id, archived_on__isnull=False, retention_until__lt=today)
        .filter(~Exists(listed))
        .order_by("retention_until", "id")
    )


def holds(family: Family) -> list[str]:
    """Why the case may not be disposed of now, from every app's eraser (empty: nothing holds it)."""
    return [reason for eraser in erasers() for reason in eraser.holds(family)]


@dataclass(frozen=True)
class ProtocolRow:
    item: DisposalItem
    # Why the case is held back: as it was when the protocol was carried out, else as it is now.
    reasons: list[str]


def protocol_rows(protocol: DisposalProtocol) -> list[ProtocolRow]:
    """The cases of the protocol with the reasons each is held back."""
    items = protocol.items.select_related("family").order_by("retention_until", "reference", "id")
    if protocol.status == ProtocolStatus.CARRIED_OUT:
        return [ProtocolRow(item, [line for line in item.held_back.splitlines() if line]) for item in items]
    return [ProtocolRow(item, holds(item.family)) for item in items]
