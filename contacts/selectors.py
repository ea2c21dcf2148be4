"""Reads of the team's record of a family, scoped to what the reader may see: the contacts for the
team and the head, the notes and attachments by their visibility (contacts.policies)."""

import datetime
from typing import Any

from django.db.models import CharField, F, Prefetch, Q, QuerySet, Value
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from cases.models import Family, FamilyMember, FamilyUserObjectPermission
from cases.selectors import FAMILY_CODENAME, WithdrawnRecord
from contacts.models import Attachment, CaseNote, Contact, Visibility
from contacts.policies import TEAM_ROLES, can_view_contacts, reads_restricted
from familysupport.models import User

# How many of each the family page shows (the whole log is paged on its own page).
SECTION_ROWS = 5


def team_of(family: Family) -> QuerySet[User]:
    """The people who may be named as participants of the family's contacts: its team, as
    `contacts.policies.works_with` says of each (the object rights on the family), in one query."""
    rights = FamilyUserObjectPermission.objects.filter(
        content_object=family, permission__codename=FAMILY_CODENAME
    ).values("user_id")
    return (
        User.objects.filter(
            centre_id=family.centre_id, is_active=True, groups__name__in=TEAM_ROLES, pk__in=rights
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def present_members(family: Family) -> QuerySet[FamilyMember]:
    """The family's members who can be named as present at a contact."""
    return family.members.current()


def family_contacts(user: User, family: Family) -> QuerySet[Contact]:
    """The family's contacts, newest first, with their participants and the members present; none
    for a user who may not read them."""
    if not can_view_contacts(user, family):
        return Contact.objects.none()
    return (
        Contact.objects.current()
        .filter(family=family)
        .select_related("logged_by")
        .prefetch_related(
            Prefetch("participants", queryset=User.objects.order_by("last_name", "first_name")),
            Prefetch("members_present", queryset=FamilyMember.objects.current().order_by("birth_date", "id")),
        )
    )


def family_contact(user: User, family: Family, contact_id: int) -> Contact:
    """One current contact of the family, or 404."""
    contact: Contact = get_object_or_404(family_contacts(user, family), pk=contact_id)
    contact.family = family
    return contact


def _readable(user: User, family: Family, author: str) -> Q | None:
    """The condition on the notes or attachments `user` reads (None: none at all)."""
    if not can_view_contacts(user, family):
        return None
    if reads_restricted(user, family):
        return Q()
    return Q(visibility=Visibility.TEAM) | Q(**{author: user.pk})


def family_notes(user: User, family: Family) -> QuerySet[CaseNote]:
    """The family's notes `user` may read (contacts.policies.can_read_note), newest first."""
    readable = _readable(user, family, "author_id")
    if readable is None:
        return CaseNote.objects.none()
    return CaseNote.objects.current().filter(readable, family=family).select_related("author")


def family_note(user: User, family: Family, note_id: int) -> CaseNote:
    note: CaseNote = get_object_or_404(family_notes(user, family), pk=note_id)
    note.family = family
    return note


def family_attachments(user: User, family: Family) -> QuerySet[Attachment]:
    """The family's attachments `user` may read (contacts.policies.can_read_attachment), newest first."""
    readable = _readable(user, family, "added_by_id")
    if readable is None:
        return Attachment.objects.none()
    return Attachment.objects.current().filter(readable, family=family).select_related("added_by")


def family_attachment(user: User, family: Family, attachment_id: int) -> Attachment:
    attachment: Attachment = get_object_or_404(family_attachments(user, family), pk=attachment_id)
    attachment.family = family
    return attachment


def section_context(user: User, family: Family) -> dict:
    """The family page's section: the latest contacts, notes and attachments, each with whether
    there are more than it shows."""
    found: dict = {}
    readers: tuple[tuple[str, QuerySet[Any]], ...] = (
        ("contacts", family_contacts(user, family)),
        ("notes", family_notes(user, family)),
        ("attachments", family_attachments(user, family)),
    )
    for name, rows in readers:
        items = list(rows[: SECTION_ROWS + 1])
        for item in items:
            item.family = family  # the policies the template asks read the page's family
        found[name], found[f"more_{name}"] = items[:SECTION_ROWS], len(items) > SECTION_ROWS
    return found


def contacts_this_month(user: User, today: datetime.date) -> int:
    """How many contacts `user` took part in this month, in their centre (one count)."""
    return (
        Contact.objects.current()
        .filter(
            participants=user,
            family__centre_id=user.centre_id,
            date__gte=today.replace(day=1),
            date__lte=today,
        )
        .count()
    )


def _withdrawn_rows(family: Family) -> list[dict]:
    """The family's withdrawn contacts, notes and attachments, read in one query (the family page's
    path section is held to its count of queries)."""
    shape = ("pk", "withdrawn_at", "withdrawal_reason", *WITHDRAWER)

    def rows(
        model: type[Contact | CaseNote | Attachment], *, on: str, author: str, visibility: Any
    ) -> QuerySet:
        found: QuerySet = (
            model._default_manager.filter(withdrawn_at__isnull=False, family=family)
            .annotate(
                record=Value(model._meta.model_name, output_field=CharField()),
                on=F(on),
                written_by=F(author),
                seen_by=visibility,
            )
            .values(*shape, "record", "on", "written_by", "seen_by")
            .order_by()
        )
        return found

    everyone = Value(Visibility.TEAM, output_field=CharField())
    return list(
        rows(Contact, on="date", author="logged_by_id", visibility=everyone).union(
            rows(CaseNote, on="date", author="author_id", visibility=F("visibility")),
            rows(Attachment, on="dated", author="added_by_id", visibility=F("visibility")),
            all=True,
        )
    )


WITHDRAWER = ("withdrawn_by__username", "withdrawn_by__first_name", "withdrawn_by__last_name")
WHAT = {
    "contact": gettext_lazy("contact of %(date)s"),
    "casenote": gettext_lazy("case note of %(date)s"),
    "attachment": gettext_lazy("attachment of %(date)s"),
}


def withdrawn_records(user: User, family: Family) -> list[WithdrawnRecord]:
    """The withdrawn contacts for those who read the log; notes and attachments by their visibility
    (contacts.policies.may_read)."""
    if not can_view_contacts(user, family):
        return []
    restricted = reads_restricted(user, family)
    found = []
    for row in _withdrawn_rows(family):
        if not (row["seen_by"] == Visibility.TEAM or row["written_by"] == user.pk or restricted):
            continue
        by = User(**{name.removeprefix("withdrawn_by__"): row[name] for name in WITHDRAWER})
        what = WHAT[row["record"]] % {"date": date_format(row["on"], "SHORT_DATE_FORMAT")}
        found.append(WithdrawnRecord(str(what), row["withdrawn_at"], by, row["withdrawal_reason"]))
    return found
