"""Reads about the cooperation with institutions, already scoped to what the user may see.

- The directory: the institutions of the user's centre, for every case role of the centre.
- A family's contacts, letters and case conferences: reached through the family, for its social
  worker, its assistant and the head (`families_visible_to`, less the roles that read none of it).
- The register of outgoing letters: the centre's sent letters, for staff and the head, with their
  number, date, kind and addressee only (REGISTER_FIELDS): no subject, content, reply or family.
- Nobody sees another centre's anything: an object outside the scope answers 404.
"""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.models import Family
from cases.selectors import WithdrawnRecord, families_visible_to
from familysupport.models import Role, User
from institutions.models import (
    CaseConference,
    ConferenceTask,
    FamilyContact,
    Institution,
    Letter,
    LetterStatus,
)
from institutions.policies import CASE_READERS, DIRECTORY_READERS, REGISTER_READERS, reads_cooperation

# What the register of outgoing letters loads of a letter: nothing of its content or its family.
REGISTER_FIELDS = (
    "id",
    "centre_id",
    "kind",
    "status",
    "year",
    "number",
    "reference",
    "sent_on",
    "reply_due",
    "reply_on",
    "institution_id",
    "institution__name",
    "institution__address",
    "institution__kind",
)


def _centre_id(user: User, *roles: str) -> int | None:
    if not (user.is_authenticated and user.centre_id is not None and user.has_role(*roles)):
        return None
    return user.centre_id


# The directory --------------------------------------------------------------------------------------


def institutions_visible_to(user: User) -> QuerySet[Institution]:
    """The institutions of the user's centre, for every case role of it."""
    centre_id = _centre_id(user, *DIRECTORY_READERS)
    if centre_id is None:
        return Institution.objects.none()
    return Institution.objects.filter(centre_id=centre_id)


def institution_of(user: User, institution_id: int) -> Institution:
    return get_object_or_404(institutions_visible_to(user), pk=institution_id)


def active_institutions(user: User) -> QuerySet[Institution]:
    """What a new contact, letter or conference may name: the centre's active institutions."""
    return institutions_visible_to(user).filter(is_active=True).order_by("name", "pk")


# A family's cooperation -----------------------------------------------------------------------------


def _families(user: User) -> QuerySet[Family]:
    if _centre_id(user, *CASE_READERS) is None:
        return Family.objects.none()
    return families_visible_to(user)


def family_contact_of(user: User, contact_id: int) -> FamilyContact:
    contact: FamilyContact = get_object_or_404(
        FamilyContact.objects.current()
        .filter(family__in=_families(user).values("pk"))
        .select_related("family", "institution"),
        pk=contact_id,
    )
    return contact


def letters_visible_to(user: User) -> QuerySet[Letter]:
    return Letter.objects.current().filter(centre_id=user.centre_id, family__in=_families(user).values("pk"))


def letter_of(user: User, letter_id: int) -> Letter:
    return get_object_or_404(
        letters_visible_to(user).select_related(
            "family__centre", "family__social_worker", "institution", "author"
        ),
        pk=letter_id,
    )


def letter_with_scan(user: User, letter_id: int) -> Letter:
    return get_object_or_404(
        letters_visible_to(user).exclude(reply_scan="").select_related("family"), pk=letter_id
    )


def letter_register(user: User) -> QuerySet[Letter]:
    """The register of the centre's outgoing letters (sent, whether replied or not), newest first:
    their number, date, kind and addressee, nothing of the content or the family."""
    centre_id = _centre_id(user, *REGISTER_READERS)
    if centre_id is None:
        return Letter.objects.none()
    return (
        Letter.objects.current()
        .filter(centre_id=centre_id, number__isnull=False)
        .select_related("institution")
        .only(*REGISTER_FIELDS)
    )


def conferences_visible_to(user: User) -> QuerySet[CaseConference]:
    return CaseConference.objects.current().filter(
        centre_id=user.centre_id, family__in=_families(user).values("pk")
    )


def conference_of(user: User, conference_id: int) -> CaseConference:
    tasks = ConferenceTask.objects.select_related("owner", "done_by")
    return get_object_or_404(
        conferences_visible_to(user)
        .select_related("family__centre", "family__social_worker", "recorded_by")
        .prefetch_related("team", "institutions", Prefetch("tasks", queryset=tasks)),
        pk=conference_id,
    )


def task_of(user: User, task_id: int) -> ConferenceTask:
    return get_object_or_404(
        ConferenceTask.objects.filter(conference__in=conferences_visible_to(user)).select_related(
            "conference__family__centre", "conference__family__social_worker"
        ),
        pk=task_id,
    )


def task_owners(family: Family) -> QuerySet[User]:
    """Who may own a conference's task: the active people of the centre who work on the family (its
    social worker, its assistants, the heads), so that the task is on their own deadlines."""
    assistants = Q(
        assistant_profile__assignments__family=family, assistant_profile__assignments__ended_on=None
    )
    return (
        User.objects.filter(centre_id=family.centre_id, is_active=True)
        .filter(
            Q(pk=family.social_worker_id, groups__name=Role.SOCIAL_WORKER)
            | Q(groups__name=Role.HEAD)
            | (assistants & Q(groups__name=Role.FAMILY_ASSISTANT))
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def team_members(family: Family) -> QuerySet[User]:
    """The centre's people who may be named present at a conference: its active case roles."""
    return (
        User.objects.filter(
            centre_id=family.centre_id,
            is_active=True,
            groups__name__in=[Role.SOCIAL_WORKER, Role.FAMILY_ASSISTANT, Role.HEAD, Role.SPECIALIST],
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def family_cooperation(user: User, family: Family) -> dict[str, Any]:
    """The family page's section: the contacts, letters and case conferences of the family, and
    those of them withdrawn as entered by mistake with their reasons (listed apart: read by the same
    three queries, so the section costs the same whatever the case holds, and the path's section
    none more)."""
    if not reads_cooperation(user, family):
        return {"show_cooperation": False}
    # withdrawn too: split below, the withdrawn ones listed apart with their reasons.
    contacts = list(family.institution_contacts.select_related("institution", "withdrawn_by"))
    # withdrawn too: as above.
    letters = list(
        family.letters.select_related("institution", "withdrawn_by").order_by("-created_at", "-id")
    )
    tasks = ConferenceTask.objects.select_related("owner")
    # withdrawn too: as above.
    conferences = list(
        family.case_conferences.select_related("withdrawn_by")
        .prefetch_related(Prefetch("tasks", queryset=tasks))
        .order_by("-held_on", "-id")
    )
    withdrawn = [
        *(WithdrawnRecord.of(item, _("contact in an institution")) for item in contacts if item.is_withdrawn),
        *(
            WithdrawnRecord.of(
                item, _("letter %(reference)s") % {"reference": item.reference or _("(draft)")}
            )
            for item in letters
            if item.is_withdrawn
        ),
        *(
            WithdrawnRecord.of(
                item,
                _("case conference of %(day)s") % {"day": date_format(item.held_on, "SHORT_DATE_FORMAT")},
            )
            for item in conferences
            if item.is_withdrawn
        ),
    ]
    return {
        "show_cooperation": True,
        "contacts": [item for item in contacts if not item.is_withdrawn],
        "letters": [item for item in letters if not item.is_withdrawn],
        "conferences": [item for item in conferences if not item.is_withdrawn],
        "withdrawn_cooperation": sorted(withdrawn, key=lambda record: record.withdrawn_at, reverse=True),
        "today": timezone.localdate(),
        "awaiting": LetterStatus.SENT,
    }
