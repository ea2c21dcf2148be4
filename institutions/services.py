"""Cooperation with institutions: one function per step. Each asks its policy
(institutions.policies) on the row it has locked, checks the state and the input, and writes the
audit record last in its transaction (which stores the family's deadlines anew)."""

import datetime
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Family
from familysupport import audit
from familysupport.models import AuditAction, Centre, Role, User
from familysupport.policies import require
from familysupport.transitions import move
from institutions import policies
from institutions.models import (
    CaseConference,
    ConferenceTask,
    ContactRole,
    FamilyContact,
    Institution,
    InstitutionKind,
    Letter,
    LetterCounter,
    LetterKind,
    LetterStatus,
    letter_reference,
)
from institutions.selectors import task_owners

INSTITUTION_FIELDS = ("kind", "name", "address", "phone", "email", "contact_person")
LETTER_FIELDS = ("institution", "kind", "subject", "body")
# The roles a person writes a letter or owns a task in, by precedence (the deadline is theirs in it).
WORKING_ROLES = (Role.SOCIAL_WORKER, Role.FAMILY_ASSISTANT, Role.HEAD)
M = TypeVar("M", bound=models.Model)


def _lock(model: type[M], obj: M, *related: str) -> M:
    """The row of `obj` again, locked until the transaction ends (its `related` rows read along)."""
    return model._default_manager.select_for_update(of=("self",)).select_related(*related).get(pk=obj.pk)


def _required(data: dict[str, Any], *fields: str) -> dict[str, str]:
    return {field: _("This field is required.") for field in fields if not str(data.get(field) or "").strip()}


def _not_in_future(errors: dict[str, str], field: str, day: datetime.date | None) -> None:
    if day and day > timezone.localdate():
        errors[field] = _("The date cannot be in the future.")


def _working_role(user: User) -> str:
    return next(role for role in WORKING_ROLES if user.has_role(role))


def _check_institution(
    errors: dict[str, str], field: str, institution: Institution | None, centre_id: int
) -> None:
    if institution is None:
        errors[field] = _("Choose an institution from the centre's directory.")
    elif institution.centre_id != centre_id or not institution.is_active:
        errors[field] = _("Choose an active institution of this centre's directory.")


# The directory ----------------------------------------------------------------------------------


def _institution_errors(data: dict[str, Any]) -> dict[str, str]:
    errors = _required(data, "kind", "name")
    if data.get("kind") and data["kind"] not in InstitutionKind.values:
        errors["kind"] = _("Choose the kind of institution.")
    return errors


@transaction.atomic
def institution_add(*, actor: User, centre: Centre, data: dict[str, Any]) -> Institution:
    """The head or a social worker adds an institution to the centre's directory."""
    require(policies.can_add_institution(actor, centre))
    errors = _institution_errors(data)
    if errors:
        raise ValidationError(errors)
    institution = Institution.objects.create(
        centre=centre, created_by=actor, **{field: data.get(field) or "" for field in INSTITUTION_FIELDS}
    )
    audit.record(actor=actor, action=AuditAction.CREATE, target=institution)
    return institution


@transaction.atomic
def institution_update(
    *, actor: User, institution: Institution, data: dict[str, Any], version: int | None = None
) -> Institution:
    """The head or a social worker corrects an institution's details; a form drawn from an older
    version is refused (audit.save_changes)."""
    institution = _lock(Institution, institution)
    require(policies.can_edit_institution(actor, institution))
    errors = _institution_errors({**{f: getattr(institution, f) for f in INSTITUTION_FIELDS}, **data})
    if errors:
        raise ValidationError(errors)
    cleaned = {field: data[field] or "" for field in INSTITUTION_FIELDS if field in data}
    audit.save_changes(
        actor=actor, target=institution, data=cleaned, fields=INSTITUTION_FIELDS, expected_version=version
    )
    return institution


@transaction.atomic
def institution_deactivate(*, actor: User, institution: Institution) -> Institution:
    """The centre no longer works with the institution: it is no longer offered for new contacts,
    letters and conferences, and stays named on the old ones (never deleted)."""
    institution = _lock(Institution, institution)
    require(policies.can_deactivate_institution(actor, institution))
    institution.is_active = False
    institution.deactivated_on = timezone.localdate()
    institution.save(update_fields=["is_active", "deactivated_on"])
    audit.record(actor=actor, action=AuditAction.UPDATE, target=institution, outcome="deactivated")
    return institution


# A family's contacts --------------------------------------------------------------------------------


@transaction.atomic
def family_contact_add(*, actor: User, family: Family, data: dict[str, Any]) -> FamilyContact:
    """The family's school, its curator, its PCPR coordinator: an institution of the directory in a
    role for the family, with the person there."""
    family = _lock(Family, family)
    require(policies.can_add_family_contact(actor, family))
    errors: dict[str, str] = {}
    _check_institution(errors, "institution", data.get("institution"), family.centre_id)
    if data.get("role") not in ContactRole.values:
        errors["role"] = _("Choose who the institution is for the family.")
    if errors:
        raise ValidationError(errors)
    contact = FamilyContact.objects.create(
        family=family,
        institution=data["institution"],
        role=data["role"],
        person=(data.get("person") or "").strip(),
        notes=(data.get("notes") or "").strip(),
        created_by=actor,
    )
    audit.record(actor=actor, action=AuditAction.CREATE, target=contact, family_id=family.pk)
    return contact


@transaction.atomic
def family_contact_withdraw(*, actor: User, contact: FamilyContact, reason: str) -> FamilyContact:
    """A contact entered by mistake is withdrawn with a reason (never deleted)."""
    contact = _lock(FamilyContact, contact, "family")
    require(policies.can_withdraw_family_contact(actor, contact))
    audit.withdraw(actor=actor, target=contact, reason=reason, family_id=contact.family_id)
    return contact


# Letters and referrals ------------------------------------------------------------------------------


def _letter_errors(data: dict[str, Any], centre_id: int) -> dict[str, str]:
    errors = _required(data, "subject", "body")
    _check_institution(errors, "institution", data.get("institution"), centre_id)
    if data.get("kind") not in LetterKind.values:
        errors["kind"] = _("Choose the kind of letter.")
    return errors


@transaction.atomic
def letter_create(*, actor: User, family: Family, data: dict[str, Any]) -> Letter:
    """The family's social worker, its assistant or the head writes a letter, a referral or a
    request for information to an institution about the family: a draft, until it is sent."""
    family = _lock(Family, family)
    require(policies.can_write_letter(actor, family))
    errors = _letter_errors(data, family.centre_id)
    if errors:
        raise ValidationError(errors)
    letter = Letter.objects.create(
        centre_id=family.centre_id,
        family=family,
        author=actor,
        author_role=_working_role(actor),
        **{field: data[field] for field in LETTER_FIELDS},
    )
    audit.record(actor=actor, action=AuditAction.CREATE, target=letter, family_id=family.pk)
    return letter


@transaction.atomic
def letter_update(*, actor: User, letter: Letter, data: dict[str, Any], version: int | None = None) -> Letter:
    """The draft corrected; a form drawn from an older version is refused."""
    letter = _lock(Letter, letter, "family")
    require(policies.can_edit_letter(actor, letter))
    errors = _letter_errors({**{f: getattr(letter, f) for f in LETTER_FIELDS}, **data}, letter.centre_id)
    if errors:
        raise ValidationError(errors)
    audit.save_changes(
        actor=actor,
        target=letter,
        data=data,
        fields=LETTER_FIELDS,
        family_id=letter.family_id,
        expected_version=version,
    )
    return letter


def next_letter_number(*, centre_id: int, year: int) -> int:
    """The next number of the centre's register of outgoing letters in `year`, in the caller's
    transaction: the year's counter row is made if missing (a conflict-free insert) and locked, so a
    second letter sent at the same moment waits and takes the number after."""
    LetterCounter.objects.bulk_create([LetterCounter(centre_id=centre_id, year=year)], ignore_conflicts=True)
    counter = LetterCounter.objects.select_for_update().get(centre_id=centre_id, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def letter_send(
    *, actor: User, letter: Letter, sent_on: datetime.date, reply_due: datetime.date | None = None
) -> Letter:
    """The letter is sent: it gets the centre's next reference number of the year it is sent in and
    the date, and is fixed from now on. A reply due date puts the reply on the author's deadlines."""
    letter = _lock(Letter, letter, "family", "centre")
    require(policies.can_send_letter(actor, letter))
    errors: dict[str, str] = {}
    if sent_on is None:
        errors["sent_on"] = _("This field is required.")
    _not_in_future(errors, "sent_on", sent_on)
    if reply_due is not None and sent_on is not None and reply_due < sent_on:
        errors["reply_due"] = _("The reply cannot be due before the letter is sent.")
    if errors:
        raise ValidationError(errors)
    letter.year = sent_on.year
    letter.number = next_letter_number(centre_id=letter.centre_id, year=letter.year)
    letter.reference = letter_reference(letter.centre, letter.number, letter.year)
    letter.sent_on, letter.reply_due = sent_on, reply_due
    move(letter, LetterStatus.SENT, also_update=("year", "number", "reference", "sent_on", "reply_due"))
    audit.record(
        actor=actor,
        action=AuditAction.SUBMIT,
        target=letter,
        family_id=letter.family_id,
        number=letter.number,
    )
    return letter


@transaction.atomic
def letter_reply_record(*, actor: User, letter: Letter, data: dict[str, Any]) -> Letter:
    """The institution's reply: the day it came, what it says, and its scan if there is one. It meets
    the reply's deadline."""
    letter = _lock(Letter, letter, "family")
    require(policies.can_record_reply(actor, letter))
    errors = _required(data, "reply_on", "reply_summary")
    _not_in_future(errors, "reply_on", data.get("reply_on"))
    if data.get("reply_on") and letter.sent_on and data["reply_on"] < letter.sent_on:
        errors["reply_on"] = _("The reply cannot come before the letter was sent.")
    if errors:
        raise ValidationError(errors)
    letter.reply_on = data["reply_on"]
    letter.reply_summary = data["reply_summary"].strip()
    letter.reply_scan = data.get("reply_scan") or ""
    move(letter, LetterStatus.REPLIED, also_update=("reply_on", "reply_summary", "reply_scan"))
    audit.record(
        actor=actor, action=AuditAction.UPDATE, target=letter, family_id=letter.family_id, outcome="reply"
    )
    return letter


@transaction.atomic
def letter_withdraw(*, actor: User, letter: Letter, reason: str) -> Letter:
    """A letter entered by mistake leaves the family's lists and the deadlines; a sent one keeps its
    number, which is not given again."""
    letter = _lock(Letter, letter, "family")
    require(policies.can_withdraw_letter(actor, letter))
    audit.withdraw(actor=actor, target=letter, reason=reason, family_id=letter.family_id)
    return letter


# Case conferences ------------------------------------------------------------------------------------


@transaction.atomic
def conference_record(*, actor: User, family: Family, data: dict[str, Any]) -> CaseConference:
    """A case conference held about the family: when, where, who took part (the centre's people and
    the institutions' people), and its conclusions. Its tasks are added to it one by one."""
    family = _lock(Family, family)
    require(policies.can_record_conference(actor, family))
    errors = _required(data, "held_on", "conclusions")
    _not_in_future(errors, "held_on", data.get("held_on"))
    team = list(data.get("team") or [])
    if any(user.centre_id != family.centre_id for user in team):
        errors["team"] = _("Choose the people of this centre.")
    institutions = list(data.get("institutions") or [])
    if any(institution.centre_id != family.centre_id for institution in institutions):
        errors["institutions"] = _("Choose an active institution of this centre's directory.")
    if errors:
        raise ValidationError(errors)
    conference = CaseConference.objects.create(
        centre_id=family.centre_id,
        family=family,
        held_on=data["held_on"],
        place=(data.get("place") or "").strip(),
        guests=(data.get("guests") or "").strip(),
        conclusions=data["conclusions"].strip(),
        recorded_by=actor,
    )
    conference.team.set(team)
    conference.institutions.set(institutions)
    audit.record(actor=actor, action=AuditAction.CREATE, target=conference, family_id=family.pk)
    return conference


@transaction.atomic
def conference_task_add(*, actor: User, conference: CaseConference, data: dict[str, Any]) -> ConferenceTask:
    """A task agreed at the conference, with its owner (a person of the centre who works on the
    family) and its due date: on the owner's deadlines until it is marked done."""
    conference = _lock(CaseConference, conference, "family")
    require(policies.can_add_conference_task(actor, conference))
    errors = _required(data, "description", "due_on")
    owner = data.get("owner")
    if owner is None or not task_owners(conference.family).filter(pk=owner.pk).exists():
        errors["owner"] = _("Choose a person of the centre who works with the family.")
    if data.get("due_on") and data["due_on"] < conference.held_on:
        errors["due_on"] = _("A task cannot be due before the conference.")
    if errors or owner is None:
        raise ValidationError(errors)
    task = ConferenceTask.objects.create(
        conference=conference,
        description=data["description"].strip(),
        owner=owner,
        owner_role=_working_role(owner),
        due_on=data["due_on"],
    )
    audit.record(
        actor=actor, action=AuditAction.CREATE, target=task, family_id=conference.family_id, owner=owner.pk
    )
    return task


@transaction.atomic
def conference_task_complete(*, actor: User, task: ConferenceTask) -> ConferenceTask:
    """The task is done: its deadline is met today."""
    task = _lock(ConferenceTask, task, "conference__family")
    require(policies.can_complete_task(actor, task))
    task.done_on, task.done_by = timezone.localdate(), actor
    task.save(update_fields=["done_on", "done_by"])
    audit.record(actor=actor, action=AuditAction.UPDATE, target=task, family_id=task.conference.family_id)
    return task


@transaction.atomic
def conference_withdraw(*, actor: User, conference: CaseConference, reason: str) -> CaseConference:
    """A conference recorded by mistake (the wrong family) is withdrawn with its tasks' deadlines."""
    conference = _lock(CaseConference, conference, "family")
    require(policies.can_withdraw_conference(actor, conference))
    audit.withdraw(actor=actor, target=conference, reason=reason, family_id=conference.family_id)
    return conference
