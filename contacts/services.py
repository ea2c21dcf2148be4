"""The team's record of work with a family: every change is one function here, which checks the
actor's right by its policy (contacts.policies), the state, and writes the audit record in the
same transaction."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Family, FamilyMember
from contacts import policies
from contacts.models import Attachment, CaseNote, Contact
from familysupport import audit
from familysupport.models import AuditAction, User
from familysupport.policies import require

CONTACT_FIELDS = (
    "kind",
    "date",
    "time",
    "duration_minutes",
    "place",
    "others_present",
    "activities",
    "agreements",
)
NOTE_FIELDS = ("date", "text", "visibility")
ATTACHMENT_FIELDS = ("kind", "title", "dated", "visibility")


def _lock(family: Family) -> Family:
    """Lock the family's row until the transaction ends and read its state afresh, so that the
    policy judges the current state (an archive waits, or is seen)."""
    family.archived_on = (
        Family.objects.select_for_update().values_list("archived_on", flat=True).get(pk=family.pk)
    )
    return family


def _not_in_future(field: str, day: datetime.date | None) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _team(*, actor: User, family: Family, data: dict, kept: frozenset[int] = frozenset()) -> list[User]:
    """The contact's participants: the one who logs it, who took part, and the others named, each
    of whom must be on the family's team (contacts.policies.works_with); a correction keeps those
    named before (`kept`) even when their work with the family has ended since."""
    named = [user for user in data.get("participants") or () if user.pk != actor.pk]
    outsiders = [user for user in named if user.pk not in kept and not policies.works_with(user, family)]
    if outsiders:
        raise ValidationError(
            {
                "participants": _(
                    "Only people who work with this family can be named as participants: %(names)s."
                )
                % {"names": ", ".join(str(user) for user in outsiders)}
            }
        )
    return [actor, *named]


def _members(*, family: Family, members: Iterable[FamilyMember]) -> list[FamilyMember]:
    chosen = list(members or ())
    if any(member.family_id != family.pk or member.withdrawn_at is not None for member in chosen):
        raise ValidationError({"members_present": _("Only members of this family can be named as present.")})
    return chosen


@transaction.atomic
def contact_log(*, actor: User, family: Family, data: dict) -> Contact:
    """Whoever of the team took part logs a contact with the family (a visit at home, a meeting at
    the centre, a phone call, a letter or e-mail, a contact with an institution): a joint visit is
    one contact naming every worker of the team who took part, the one who logs it among them.

    The documentation of work says when, where and how long, who was present, what was done and
    what was agreed until the next contact (art. 15 ust. 1 pkt 15 for the assistant's part)."""
    family = _lock(family)
    require(policies.can_log_contact(actor, family))
    _not_in_future("date", data.get("date"))
    participants = _team(actor=actor, family=family, data=data)
    members = _members(family=family, members=data.get("members_present") or ())
    contact = Contact.objects.create(
        family=family,
        logged_by=actor,
        **{field: data.get(field) or _empty(field) for field in CONTACT_FIELDS},
    )
    contact.participants.set(participants)
    contact.members_present.set(members)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        target=contact,
        family_id=family.pk,
        participants=sorted(user.pk for user in participants),
    )
    return contact


def _empty(field: str) -> object:
    return None if field in ("time",) else ""


@transaction.atomic
def contact_update(*, actor: User, contact: Contact, data: dict, version: int | None = None) -> Contact:
    """The one who logged a contact corrects it; a form drawn from an older version of the record
    is refused (`version`, audit.save_changes)."""
    family = _lock(contact.family)
    contact = Contact.objects.select_for_update(of=("self",)).get(pk=contact.pk)
    contact.family = family
    require(policies.can_update_contact(actor, contact))
    _not_in_future("date", data.get("date"))
    before = frozenset(contact.participants.values_list("pk", flat=True))
    participants = _team(actor=contact.logged_by, family=family, data=data, kept=before)
    members = _members(family=family, members=data.get("members_present") or ())
    also_changed = []
    if {user.pk for user in participants} != before:
        also_changed.append("participants")
    if {member.pk for member in members} != set(contact.members_present.values_list("pk", flat=True)):
        also_changed.append("members_present")
    values = {field: data.get(field) or _empty(field) for field in CONTACT_FIELDS if field in data}
    audit.save_changes(
        actor=actor,
        target=contact,
        data=values,
        fields=CONTACT_FIELDS,
        family_id=family.pk,
        expected_version=version,
        also_changed=tuple(also_changed),
    )
    if "participants" in also_changed:
        contact.participants.set(participants)
    if "members_present" in also_changed:
        contact.members_present.set(members)
    return contact


@transaction.atomic
def contact_withdraw(*, actor: User, contact: Contact, reason: str) -> Contact:
    """The one who logged a contact withdraws it as logged by mistake, with the reason: it stays
    in the record and the audit trail, and is gone from the log and the counts."""
    family = _lock(contact.family)
    contact = Contact.objects.select_for_update(of=("self",)).get(pk=contact.pk)
    contact.family = family
    require(policies.can_withdraw_contact(actor, contact))
    audit.withdraw(actor=actor, target=contact, reason=reason, family_id=family.pk)
    return contact


@transaction.atomic
def note_add(*, actor: User, family: Family, data: dict) -> CaseNote:
    """A note in the case, by the team or the head, read by the whole team or only by the social
    worker and the head (its visibility)."""
    family = _lock(family)
    require(policies.can_add_note(actor, family))
    _not_in_future("date", data.get("date"))
    note = CaseNote.objects.create(
        family=family, author=actor, **{field: data[field] for field in NOTE_FIELDS}
    )
    audit.record(actor=actor, action=AuditAction.CREATE, target=note, family_id=family.pk)
    return note


@transaction.atomic
def note_update(*, actor: User, note: CaseNote, data: dict, version: int | None = None) -> CaseNote:
    """The author corrects their note; a stale form is refused (`version`)."""
    family = _lock(note.family)
    note = CaseNote.objects.select_for_update(of=("self",)).get(pk=note.pk)
    note.family = family
    require(policies.can_update_note(actor, note))
    _not_in_future("date", data.get("date"))
    audit.save_changes(
        actor=actor, target=note, data=data, fields=NOTE_FIELDS, family_id=family.pk, expected_version=version
    )
    return note


@transaction.atomic
def note_withdraw(*, actor: User, note: CaseNote, reason: str) -> CaseNote:
    """The author withdraws a note written by mistake, with the reason."""
    family = _lock(note.family)
    note = CaseNote.objects.select_for_update(of=("self",)).get(pk=note.pk)
    note.family = family
    require(policies.can_withdraw_note(actor, note))
    audit.withdraw(actor=actor, target=note, reason=reason, family_id=family.pk)
    return note


@transaction.atomic
def attachment_add(
    *, actor: User, family: Family, data: dict, file: UploadedFile | None = None
) -> Attachment:
    """A document attached to the case (a letter, a certificate, a scan), already checked by the
    product's upload rules (familysupport.uploads.safe_scan, in the form), with its visibility."""
    family = _lock(family)
    require(policies.can_add_attachment(actor, family))
    _not_in_future("dated", data.get("dated"))
    upload = file if file is not None else data.get("file")
    if not upload:
        raise ValidationError({"file": _("Attach the file.")})
    attachment = Attachment.objects.create(
        family=family, added_by=actor, file=upload, **{field: data[field] for field in ATTACHMENT_FIELDS}
    )
    audit.record(actor=actor, action=AuditAction.CREATE, target=attachment, family_id=family.pk)
    return attachment


@transaction.atomic
def attachment_withdraw(*, actor: User, attachment: Attachment, reason: str) -> Attachment:
    """Who attached a document withdraws it as attached by mistake, with the reason; the file is
    kept with the record (the retention erasers reach it)."""
    family = _lock(attachment.family)
    attachment = Attachment.objects.select_for_update(of=("self",)).get(pk=attachment.pk)
    attachment.family = family
    require(policies.can_withdraw_attachment(actor, attachment))
    audit.withdraw(actor=actor, target=attachment, reason=reason, family_id=family.pk)
    return attachment
