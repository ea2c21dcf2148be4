"""Who of the team may log, read and correct the family's contacts, notes and attachments.

The team of a family are the people of its centre who work with it: its responsible social
worker, its assistant, a specialist engaged on it. They are the ones the access layer lets see the
family (cases.selectors.family_visible: the object rights granted while they work with it), so a
specialist joins the team the moment an engagement grants them the family. The head reads
everything of the centre's families; staff, the administrator and the data protection officer read
none of it.
"""

from django.utils.translation import gettext as _

from cases.models import Family
from cases.policies import family_open
from cases.selectors import PAGE_USER, family_visible
from contacts.models import Attachment, CaseNote, Contact, Visibility
from familysupport.access import is_responsible_worker
from familysupport.models import Role, User
from familysupport.policies import FORBIDDEN, Verdict, acts_in, allowed_if, allowed_when, is_head_of, policy

# The roles of the people who work with a family and log their contacts with it.
TEAM_ROLES = (Role.SOCIAL_WORKER, Role.FAMILY_ASSISTANT, Role.SPECIALIST)


def works_with(user: User, family: Family) -> bool:
    """`user` is on the family's team: a social worker, an assistant or a specialist of its centre
    who may see it. The rule for the logger of a contact and for every participant named in it."""
    if not acts_in(user, family.centre_id, *TEAM_ROLES):
        return False
    if getattr(family, PAGE_USER, user) != user:
        # The family was read for another user's page, with that user's right on it: ask afresh.
        family = Family(pk=family.pk, centre_id=family.centre_id, social_worker_id=family.social_worker_id)
    return family_visible(user, family)


def reads_restricted(user: User, family: Family) -> bool:
    """`user` reads what is kept for the social worker and the head: the family's responsible
    social worker and the head of its centre."""
    return is_head_of(user, family.centre_id) or is_responsible_worker(user, family)


def writes_in(user: User, family: Family) -> bool:
    """`user` reads the family's contacts and writes notes and attaches documents in its case: its
    team and the head."""
    return works_with(user, family) or is_head_of(user, family.centre_id)


def _open_and_current(family: Family, record: Contact | CaseNote | Attachment) -> Verdict:
    return family_open(family) and allowed_when(
        record.withdrawn_at is None, _("The record has been withdrawn.")
    )


# Contacts ------------------------------------------------------------------------------------


@policy
def can_view_contacts(user: User, family: Family) -> Verdict:
    """The team and the head read the family's contacts, notes and attachments (each note and
    attachment then by its own visibility)."""
    return allowed_if(writes_in(user, family))


@policy
def can_log_contact(user: User, family: Family) -> Verdict:
    """Whoever of the team took part logs the contact; the head, who does not, does not."""
    if not works_with(user, family):
        return FORBIDDEN
    return family_open(family)


@policy
def can_update_contact(user: User, contact: Contact) -> Verdict:
    """The one who logged the contact corrects it while they work with the family."""
    if contact.logged_by_id != user.pk or not works_with(user, contact.family):
        return FORBIDDEN
    return _open_and_current(contact.family, contact)


@policy
def can_withdraw_contact(user: User, contact: Contact) -> Verdict:
    """The one who logged it withdraws a contact logged by mistake, with the reason."""
    return can_update_contact(user, contact)


# Notes and attachments -----------------------------------------------------------------------


def may_read(user: User, record: CaseNote | Attachment, author_id: int) -> bool:
    """A note or an attachment for the whole team is read by everyone who reads the family's
    contacts; one for the social worker and the head, by them and by its author."""
    family = record.family
    if not can_view_contacts(user, family):
        return False
    return record.visibility == Visibility.TEAM or author_id == user.pk or reads_restricted(user, family)


@policy
def can_add_note(user: User, family: Family) -> Verdict:
    """The team and the head write notes in the case."""
    if not writes_in(user, family):
        return FORBIDDEN
    return family_open(family)


@policy
def can_read_note(user: User, note: CaseNote) -> Verdict:
    return allowed_if(may_read(user, note, note.author_id))


@policy
def can_update_note(user: User, note: CaseNote) -> Verdict:
    """The author corrects their note while they may write in the case."""
    if note.author_id != user.pk or not writes_in(user, note.family):
        return FORBIDDEN
    return _open_and_current(note.family, note)


@policy
def can_withdraw_note(user: User, note: CaseNote) -> Verdict:
    return can_update_note(user, note)


@policy
def can_add_attachment(user: User, family: Family) -> Verdict:
    """The team and the head attach documents to the case."""
    return can_add_note(user, family)


@policy
def can_read_attachment(user: User, attachment: Attachment) -> Verdict:
    return allowed_if(may_read(user, attachment, attachment.added_by_id))


@policy
def can_withdraw_attachment(user: User, attachment: Attachment) -> Verdict:
    """Who attached a document withdraws it when it was attached by mistake, with the reason."""
    if attachment.added_by_id != user.pk or not writes_in(user, attachment.family):
        return FORBIDDEN
    return _open_and_current(attachment.family, attachment)
