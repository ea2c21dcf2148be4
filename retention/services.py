"""The disposal of cases whose retention has ended (brakowanie dokumentacji niearchiwalnej).

Each step runs in one transaction, locks the protocol, asks its policy (retention.policies), and
writes the audit record with identifiers only. The procedure is the retention app's; what each
case app erases of its own records, and what holds a case back, the app declares
(familysupport/erasure.py).
"""

from functools import partial

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Family
from familysupport import audit
from familysupport.erasure import ERASED, Personal
from familysupport.models import AuditAction, Centre, Role, User
from familysupport.policies import require
from familysupport.transitions import move
from retention import policies, selectors
from retention.models import DisposalItem, DisposalProtocol, ProtocolStatus


def _lock(protocol: DisposalProtocol) -> DisposalProtocol:
    protocol.refresh_from_db(from_queryset=DisposalProtocol.objects.select_for_update())
    return protocol


def _next_number(centre: Centre, year: int) -> str:
    prefix = f"{centre.code}/BR/{year}/"
    issued = DisposalProtocol.objects.filter(centre=centre, number__startswith=prefix).count()
    return f"{prefix}{issued + 1:03d}"


def _listed(protocol: DisposalProtocol, family: Family) -> DisposalItem:
    """The case on the protocol with the dates the archive reads and its archive category: B
    (non-archival) and the years it was kept (B10)."""
    assert family.archived_on is not None and family.retention_until is not None  # due: archived
    return DisposalItem(
        protocol=protocol,
        family=family,
        reference=family.reference,
        archived_on=family.archived_on,
        retention_until=family.retention_until,
        category=f"B{relativedelta(family.retention_until, family.archived_on).years}",
    )


@transaction.atomic
def disposal_propose(*, actor: User | None, centre: Centre) -> DisposalProtocol:
    """List the centre's archived cases whose retention has ended on a disposal protocol for the
    head and the data protection officer to approve (RODO art. 5 ust. 1 lit. e).

    The daily step (no actor) or the head. The cases go on the centre's proposal that nobody has
    approved yet, else on a new one; a case already listed, or disposed of, is not listed again,
    so a second run on one day adds nothing.
    """
    require(policies.can_propose_disposal(actor, centre))
    centre = Centre.objects.select_for_update().get(pk=centre.pk)  # one proposal at a time
    today = timezone.localdate()
    due = list(selectors.due_for_disposal(centre.pk, today))
    if not due:
        raise ValidationError(_("No case of the centre is due for disposal."))
    # Locked, so that an approval given meanwhile covers exactly the cases it was given for.
    protocol = (
        DisposalProtocol.objects.select_for_update()
        .filter(
            centre=centre,
            status=ProtocolStatus.PROPOSED,
            head_approved_by__isnull=True,
            dpo_approved_by__isnull=True,
        )
        .first()
    )
    if protocol is None:
        protocol = DisposalProtocol.objects.create(
            centre=centre, number=_next_number(centre, today.year), drawn_up_on=today
        )
        action = AuditAction.CREATE
    else:
        action = AuditAction.UPDATE
    DisposalItem.objects.bulk_create(_listed(protocol, family) for family in due)
    audit.record(actor=actor, action=action, target=protocol, families=[family.pk for family in due])
    return protocol


@transaction.atomic
def protocol_approve(*, actor: User, protocol: DisposalProtocol) -> DisposalProtocol:
    """The head or the data protection officer approves the proposal; with both approvals (two
    persons) the protocol is approved and may be carried out."""
    protocol = _lock(protocol)
    require(policies.can_approve_protocol(actor, protocol))
    role = policies.approving_role(actor, protocol)
    today = timezone.localdate()
    if role == Role.HEAD:
        protocol.head_approved_by, protocol.head_approved_on = actor, today
        fields = ["head_approved_by", "head_approved_on"]
    else:
        protocol.dpo_approved_by, protocol.dpo_approved_on = actor, today
        fields = ["dpo_approved_by", "dpo_approved_on"]
    protocol.save(update_fields=fields)
    if protocol.head_approved_by_id is not None and protocol.dpo_approved_by_id is not None:
        move(protocol, ProtocolStatus.APPROVED)
    audit.record(
        actor=actor, action=AuditAction.DECIDE, target=protocol, outcome="approved", approved_as=role
    )
    return protocol


def _delete_files(storage: Storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


def _erase_part(part: Personal, family_id: int) -> tuple[int, int]:
    """Blank the personal fields of `part` for the family; delete its files once the transaction
    commits (a rolled-back disposal keeps them). Returns (rows, files)."""
    rows = part.model._default_manager.filter(**{part.family: family_id})
    values: dict[str, object] = {}
    files = 0
    for name in part.erase:
        field = part.model._meta.get_field(name)
        if isinstance(field, models.FileField):
            names = [stored for stored in rows.values_list(name, flat=True) if stored]
            transaction.on_commit(partial(_delete_files, field.storage, names))
            files += len(names)
            values[name] = ""
        elif isinstance(field, models.JSONField):
            values[name] = field.get_default()
        else:
            assert isinstance(field, models.Field)
            values[name] = "" if field.blank else ERASED
    return rows.update(**values), files


def _dispose(family: Family) -> tuple[int, int]:
    """Every app's part of the family's records loses its personal data: (rows, files)."""
    rows = files = 0
    for eraser in selectors.erasers():
        for part in eraser.parts:
            erased_rows, erased_files = _erase_part(part, family.pk)
            rows += erased_rows
            files += erased_files
    return rows, files


@transaction.atomic
def protocol_carry_out(*, actor: User, protocol: DisposalProtocol) -> DisposalProtocol:
    """The head carries out the approved protocol (RODO art. 5 ust. 1 lit. e, art. 17): each case
    listed loses for good its personal data, its texts and its documents (the files are deleted
    from storage), while its rows, dates, states and codes stay for the statistics; the audit
    record keeps the identifiers. A case an open procedure holds back now (a court's letter, a
    contract in force, a Niebieska Karta procedure) is kept, with the reason on the protocol."""
    protocol = _lock(protocol)
    require(policies.can_carry_out_protocol(actor, protocol))
    today = timezone.localdate()
    disposed = held = 0
    for item in protocol.items.order_by("id"):
        family = Family.objects.select_for_update().get(pk=item.family_id)
        reasons = selectors.holds(family)
        if reasons:
            item.held_back = "\n".join(reasons)
            item.save(update_fields=["held_back"])
            audit.record(
                actor=actor,
                action=AuditAction.UPDATE,
                target=family,
                family_id=family.pk,
                outcome="held_back",
                protocol_id=protocol.pk,
            )
            held += 1
            continue
        rows, files = _dispose(family)
        item.disposed_on = today
        item.save(update_fields=["disposed_on"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=family,
            family_id=family.pk,
            outcome="disposed",
            protocol_id=protocol.pk,
            records=rows,
            files=files,
        )
        disposed += 1
    protocol.carried_out_by, protocol.carried_out_on = actor, today
    move(protocol, ProtocolStatus.CARRIED_OUT, also_update=("carried_out_by", "carried_out_on"))
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=protocol,
        outcome="carried_out",
        disposed=disposed,
        held_back=held,
    )
    return protocol
