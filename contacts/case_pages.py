"""What the contacts app adds to the family page (declared in ContactsConfig.ready()): the section
of the team's contacts, case notes and attachments, and its records withdrawn as entered by mistake."""

from django.db.models import CharField, F, QuerySet, Value
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from cases.models import Family
from cases.selectors import FamilySection, WithdrawnKind, WithdrawnRecord
from contacts import policies
from contacts.models import Attachment, CaseNote, Contact, Visibility
from contacts.selectors import section_context
from familysupport.models import User


def _section(user: User, family: Family, shared: dict) -> dict:
    return section_context(user, family) if policies.can_view_contacts(user, family) else {}


def _withdrawn_rows(family: Family) -> list[dict]:
    """The family's withdrawn contacts, notes and attachments, read in one query (the family page's
    path section is held to its count of queries)."""
    shape = ("pk", "withdrawn_at", "withdrawal_reason", *WITHDRAWER)

    def rows(model: type, *, on: str, author: str, visibility: object) -> QuerySet:
        return (
            model.objects.withdrawn()
            .filter(family=family)
            .annotate(
                record=Value(model._meta.model_name, output_field=CharField()),
                on=F(on),
                author=F(author),
                seen_by=visibility,
            )
            .values(*shape, "record", "on", "author", "seen_by")
            .order_by()
        )

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


def _withdrawn(user: User, family: Family) -> list[WithdrawnRecord]:
    """The withdrawn contacts for those who read the log; notes and attachments by their visibility
    (contacts.policies.may_read)."""
    if not policies.can_view_contacts(user, family):
        return []
    restricted = policies.reads_restricted(user, family)
    found = []
    for row in _withdrawn_rows(family):
        if not (row["seen_by"] == Visibility.TEAM or row["author"] == user.pk or restricted):
            continue
        by = User(**{name.removeprefix("withdrawn_by__"): row[name] for name in WITHDRAWER})
        what = WHAT[row["record"]] % {"date": date_format(row["on"], "SHORT_DATE_FORMAT")}
        found.append(WithdrawnRecord(str(what), row["withdrawn_at"], by, row["withdrawal_reason"]))
    return found


FAMILY_SECTIONS = (
    FamilySection(
        "contacts",
        15,
        "contacts/_family_contacts.html",
        _section,
        label=gettext_lazy("Contacts, notes and attachments"),
        shown=policies.can_view_contacts,
    ),
)
WITHDRAWN_RECORDS = (WithdrawnKind("contacts", _withdrawn, order=5),)
