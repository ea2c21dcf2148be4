"""May this user do this in the cooperation with institutions, now? One policy per action.

Who, as a data protection officer would put it:
- The directory of institutions holds no family's data: every case role of the centre reads it
  (staff address the envelopes from it); the head and the social workers keep it.
- A family's contacts, letters and case conferences are part of its case: those who work with the
  family read them (its responsible social worker, its assistant, the head); the social worker, the
  assistant while assigned and the head write them. Specialists do not: a letter to a school or a
  court speaks of the whole family, beyond a specialist's engagement.
- Staff dispatch the centre's post: they see the register of outgoing letters (number, date,
  kind, addressee), never the subject, the content, the reply or the family.

Each answers with a Verdict (familysupport.policies): FORBIDDEN when it is not the user's to do,
refused with the reason when the state does not allow it now (an archived case first of all).
"""

from django.utils.translation import gettext as _

from assistants.selectors.lifecycle import assignment_of
from cases.models import Family
from cases.policies import family_open
from cases.selectors import family_visible
from familysupport.access import is_responsible_worker
from familysupport.models import Centre, Role, User
from familysupport.policies import FORBIDDEN, Verdict, acts_in, allowed_if, allowed_when, is_head_of, policy
from familysupport.transitions import can_move
from institutions.models import (
    CaseConference,
    ConferenceTask,
    FamilyContact,
    Institution,
    Letter,
    LetterStatus,
)

DIRECTORY_READERS = (Role.SOCIAL_WORKER, Role.FAMILY_ASSISTANT, Role.HEAD, Role.STAFF, Role.SPECIALIST)
DIRECTORY_KEEPERS = (Role.HEAD, Role.SOCIAL_WORKER)
# The roles that read a family's cooperation with institutions (on the families they see).
CASE_READERS = (Role.SOCIAL_WORKER, Role.FAMILY_ASSISTANT, Role.HEAD)
REGISTER_READERS = (Role.STAFF, Role.HEAD)


def works_on(user: User, family: Family) -> bool:
    """The user works on the family now: its head, its responsible social worker, its assistant."""
    return (
        is_head_of(user, family.centre_id)
        or is_responsible_worker(user, family)
        or assignment_of(user, family) is not None
    )


def reads_cooperation(user: User, family: Family) -> bool:
    """The user sees the family and reads its part of the case with institutions (not a specialist)."""
    return bool(user.is_authenticated and user.has_role(*CASE_READERS) and family_visible(user, family))


# The directory ----------------------------------------------------------------------------------


@policy
def can_view_directory(user: User, centre: Centre | None) -> Verdict:
    """Every case role of the centre reads its directory (no family's data in it)."""
    centre_id = centre.pk if centre is not None else user.centre_id
    return allowed_if(centre_id is not None and acts_in(user, centre_id, *DIRECTORY_READERS))


@policy
def can_add_institution(user: User, centre: Centre | None) -> Verdict:
    """The head and the social workers of the centre add institutions to its directory."""
    centre_id = centre.pk if centre is not None else user.centre_id
    return allowed_if(centre_id is not None and acts_in(user, centre_id, *DIRECTORY_KEEPERS))


@policy
def can_edit_institution(user: User, institution: Institution) -> Verdict:
    """The head and the social workers correct an active institution's details."""
    if not acts_in(user, institution.centre_id, *DIRECTORY_KEEPERS):
        return FORBIDDEN
    return allowed_when(institution.is_active, _("The institution has been deactivated."))


@policy
def can_deactivate_institution(user: User, institution: Institution) -> Verdict:
    """The head and the social workers deactivate an institution the centre no longer works with:
    it leaves the choices of new contacts and letters, and stays on the old ones."""
    if not acts_in(user, institution.centre_id, *DIRECTORY_KEEPERS):
        return FORBIDDEN
    return allowed_when(institution.is_active, _("The institution has already been deactivated."))


# A family's contacts --------------------------------------------------------------------------------


@policy
def can_view_cooperation(user: User, family: Family) -> Verdict:
    """The family's contacts, letters and case conferences: for its worker, assistant and head."""
    return allowed_if(reads_cooperation(user, family))


@policy
def can_add_family_contact(user: User, family: Family) -> Verdict:
    if not works_on(user, family):
        return FORBIDDEN
    return family_open(family)


@policy
def can_withdraw_family_contact(user: User, contact: FamilyContact) -> Verdict:
    if not works_on(user, contact.family):
        return FORBIDDEN
    return family_open(contact.family) and allowed_when(
        contact.withdrawn_at is None, _("The record has already been withdrawn.")
    )


# Letters and referrals ------------------------------------------------------------------------------


def _writes_letter(user: User, letter: Letter) -> bool:
    """The letter's author (while still working on the family) or the head."""
    if is_head_of(user, letter.centre_id):
        return True
    return letter.author_id == user.pk and works_on(user, letter.family)


def _letter_open(letter: Letter) -> Verdict:
    return family_open(letter.family) and allowed_when(
        letter.withdrawn_at is None, _("The letter has been withdrawn.")
    )


@policy
def can_write_letter(user: User, family: Family) -> Verdict:
    """The family's social worker, its assistant and the head write letters about it."""
    if not works_on(user, family):
        return FORBIDDEN
    return family_open(family)


@policy
def can_edit_letter(user: User, letter: Letter) -> Verdict:
    if not _writes_letter(user, letter):
        return FORBIDDEN
    return _letter_open(letter) and allowed_when(
        letter.status == LetterStatus.DRAFT, _("The letter has been sent; it can no longer be changed.")
    )


@policy
def can_send_letter(user: User, letter: Letter) -> Verdict:
    """Sending gives the letter its reference number and the date it went out; then it is fixed."""
    if not _writes_letter(user, letter):
        return FORBIDDEN
    return _letter_open(letter) and allowed_when(
        can_move(letter, LetterStatus.SENT), _("The letter has already been sent.")
    )


@policy
def can_print_letter(user: User, letter: Letter) -> Verdict:
    """The printable letter carries its reference number: it exists once the letter is sent."""
    if not reads_cooperation(user, letter.family):
        return FORBIDDEN
    return allowed_when(bool(letter.reference), _("The letter gets its reference number when it is sent."))


@policy
def can_record_reply(user: User, letter: Letter) -> Verdict:
    """The author, the family's social worker or the head records the institution's reply."""
    if not (_writes_letter(user, letter) or is_responsible_worker(user, letter.family)):
        return FORBIDDEN
    return _letter_open(letter) and allowed_when(
        can_move(letter, LetterStatus.REPLIED),
        _("Only a sent letter waiting for its reply can have one recorded."),
    )


@policy
def can_withdraw_letter(user: User, letter: Letter) -> Verdict:
    """A letter entered by mistake is withdrawn, with a reason, until its reply is recorded; a sent
    letter keeps its number in the register."""
    if not _writes_letter(user, letter):
        return FORBIDDEN
    return _letter_open(letter) and allowed_when(
        letter.status != LetterStatus.REPLIED, _("A letter with a recorded reply can no longer be withdrawn.")
    )


@policy
def can_view_letter_register(user: User, centre: Centre | None) -> Verdict:
    """Staff, who dispatch the post, and the head read the register of outgoing letters."""
    centre_id = centre.pk if centre is not None else user.centre_id
    return allowed_if(centre_id is not None and acts_in(user, centre_id, *REGISTER_READERS))


# Case conferences ------------------------------------------------------------------------------------


@policy
def can_record_conference(user: User, family: Family) -> Verdict:
    if not works_on(user, family):
        return FORBIDDEN
    return family_open(family)


def _conference_open(conference: CaseConference) -> Verdict:
    return family_open(conference.family) and allowed_when(
        conference.withdrawn_at is None, _("The case conference has been withdrawn.")
    )


@policy
def can_add_conference_task(user: User, conference: CaseConference) -> Verdict:
    if not works_on(user, conference.family):
        return FORBIDDEN
    return _conference_open(conference)


@policy
def can_withdraw_conference(user: User, conference: CaseConference) -> Verdict:
    if not (
        is_head_of(user, conference.centre_id)
        or (conference.recorded_by_id == user.pk and works_on(user, conference.family))
    ):
        return FORBIDDEN
    return _conference_open(conference)


@policy
def can_complete_task(user: User, task: ConferenceTask) -> Verdict:
    """The task's owner, the family's social worker or the head marks a task done."""
    conference = task.conference
    family = conference.family
    if not (
        is_head_of(user, conference.centre_id)
        or is_responsible_worker(user, family)
        or (task.owner_id == user.pk and reads_cooperation(user, family))
    ):
        return FORBIDDEN
    return _conference_open(conference) and allowed_when(
        task.done_on is None, _("The task has already been marked done.")
    )
