"""Reads for data protection: the centre's audit record, and everything held about one person.

The audit pages are for the data protection officer (and the head) of a centre. They show
identifiers only (reference number, object type and id, action, user, time, address), never case
content: no names of family members, no addresses, no text of documents.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assistants.models import (
    Assessment,
    Assignment,
    AssistantProfile,
    CourtOpinion,
    CourtRequest,
    Decision,
    MonitoringNote,
    PlanComment,
    PlanGoal,
    Visit,
    WorkEnd,
    WorkPlan,
)
from cases.models import Analysis, AssignmentRequest, Consent, Family, FamilyMember, Interview, Report
from familysupport.models import AuditEvent, Role, User

AUDIT_READERS = (Role.DPO, Role.HEAD)
MEMBER_TYPE = FamilyMember._meta.label_lower
# Relations to people are exported by name; relations between documents by id.
PEOPLE = (User, AssistantProfile)
SINGLE_RECORDS = ("person", "family")


# The audit record ------------------------------------------------------------------------------


def audit_events_of_centre(user: User) -> QuerySet[AuditEvent]:
    """Every event of the user's centre, newest first; nothing for anyone but its DPO or head."""
    if not user.has_role(*AUDIT_READERS) or user.centre_id is None:
        return AuditEvent.objects.none()
    return (
        AuditEvent.objects.filter(centre_id=user.centre_id)
        .select_related("actor")
        .prefetch_related("actor__groups")
    )


def centre_family(user: User, reference: str) -> Family | None:
    """The family of the user's centre with this reference number (its identifiers only)."""
    if not reference.strip() or user.centre_id is None:
        return None
    return (
        Family.objects.filter(centre_id=user.centre_id, reference=reference.strip())
        .only("id", "reference", "centre_id")
        .first()
    )


def centre_member(user: User, *, pesel: str = "", member_id: int | None = None) -> FamilyMember | None:
    """The person of the user's centre with this PESEL or id (identifiers only, no name)."""
    if user.centre_id is None:
        return None
    # withdrawn too: the DPO asks who accessed a person whose data the centre held, even by mistake
    members = FamilyMember.objects.filter(centre_id=user.centre_id).only("id", "family_id", "centre_id")
    if pesel.strip():
        return members.filter(pesel=pesel.strip()).first()
    if member_id:
        return members.filter(pk=member_id).first()
    return None


def audit_log(
    user: User,
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    actor: User | None = None,
    action: str = "",
    reference: str = "",
) -> QuerySet[AuditEvent]:
    """The centre's audit record, filtered by date range, user, action and family reference."""
    events = audit_events_of_centre(user)
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    if actor is not None:
        events = events.filter(actor=actor)
    if action:
        events = events.filter(action=action)
    if reference.strip():
        family = centre_family(user, reference)
        events = events.filter(family_id=family.pk) if family else events.none()
    return events


def family_access_log(user: User, family: Family) -> QuerySet[AuditEvent]:
    """Who accessed the family, and when: every event of the centre on the family."""
    return audit_events_of_centre(user).filter(family_id=family.pk)


def person_access_log(user: User, member: FamilyMember) -> QuerySet[AuditEvent]:
    """Who accessed the person: events on the person's family and on the person's own record."""
    return audit_events_of_centre(user).filter(
        Q(family_id=member.family_id) | Q(object_type=MEMBER_TYPE, object_id=str(member.pk))
    )


def audited_families(user: User) -> QuerySet[Family]:
    """The families of the centre that have events in its audit record."""
    if user.centre_id is None:
        return Family.objects.none()
    return Family.objects.filter(
        centre_id=user.centre_id,
        pk__in=audit_events_of_centre(user).filter(family_id__isnull=False).values("family_id"),
    )


def audited_family_summary(user: User) -> QuerySet[AuditEvent, dict[str, Any]]:
    """Per family with events: its id, how many events, and the last one; most recent first."""
    return (
        audit_events_of_centre(user)
        .filter(family_id__isnull=False)
        .values("family_id")
        .annotate(events=Count("id"), last=Max("at"))
        .order_by("-last", "family_id")
    )


def family_references(user: User, family_ids: Iterable[int | None]) -> dict[int, str]:
    """Reference numbers of the centre's families with these ids."""
    ids = {family_id for family_id in family_ids if family_id}
    if not ids or user.centre_id is None:
        return {}
    return dict(Family.objects.filter(centre_id=user.centre_id, pk__in=ids).values_list("pk", "reference"))


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    roles: list[str]
    object_label: str
    reference: str


def _object_label(object_type: str) -> str:
    if object_type == "session":
        return str(_("session"))
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def audit_rows(user: User, events: Iterable[AuditEvent]) -> list[AuditRow]:
    """Events ready for the table: the actor's roles, the kind of object, the family's reference."""
    events = list(events)
    references = family_references(user, (event.family_id for event in events))
    labels = dict(Role.choices)
    rows = []
    for event in events:
        roles = []
        if event.actor is not None:
            roles = [str(labels[group.name]) for group in event.actor.groups.all() if group.name in labels]
        rows.append(
            AuditRow(
                event=event,
                roles=roles,
                object_label=_object_label(event.object_type),
                reference=references.get(event.family_id, "") if event.family_id else "",
            )
        )
    return rows


# Everything held about one person (RODO art. 15) -----------------------------------------------


@dataclass(frozen=True)
class ExportField:
    name: str
    label: str
    value: Any


@dataclass(frozen=True)
class ExportSection:
    key: str
    title: str
    records: list[list[ExportField]]


def _value(obj: models.Model, field: models.Field) -> Any:
    if field.is_relation:
        if field.related_model in PEOPLE:
            related = getattr(obj, field.name)
            return str(related) if related is not None else None
        return getattr(obj, field.attname)
    if isinstance(field, models.FileField):
        return getattr(obj, field.name).name or None
    display = getattr(obj, f"get_{field.name}_display", None)
    if callable(display):
        shown = display()
        return [str(item) for item in shown] if isinstance(shown, list) else str(shown)
    value = getattr(obj, field.name)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value)
    return value


def _record(obj: models.Model, *, skip: tuple[str, ...] = ("family", "centre")) -> list[ExportField]:
    return [
        ExportField(field.name, str(field.verbose_name), _value(obj, field))
        for field in obj._meta.concrete_fields
        if field.name not in skip
    ]


def _section(key: str, model: type[models.Model], objects: Iterable[models.Model]) -> ExportSection:
    return ExportSection(key, str(model._meta.verbose_name_plural), [_record(obj) for obj in objects])


def person_export(family: Family, member: FamilyMember) -> dict:
    """Everything the centre holds about `member`: their record, their family's case, and the
    audit events about them. The caller has checked access to the family (the head only)."""
    plans = family.work_plans.all()
    requests = family.requests.all()
    sections = [
        ExportSection("person", str(FamilyMember._meta.verbose_name), [_record(member)]),
        ExportSection("family", str(Family._meta.verbose_name), [_record(family, skip=("centre",))]),
        ExportSection(
            "members",
            str(_("other members of the family")),
            # withdrawn too: the person's access request covers all data held, with its withdrawal
            [_record(other) for other in family.members.exclude(pk=member.pk)],
        ),
        _section("reports", Report, family.reports.all()),
        _section("interviews", Interview, family.interviews.all()),
        _section("analyses", Analysis, family.analyses.all()),
        _section("consents", Consent, family.consents.all()),
        _section("requests", AssignmentRequest, requests),
        _section("decisions", Decision, Decision.objects.filter(request__family=family)),
        _section("assignments", Assignment, family.assignments.all()),
        _section("work_plans", WorkPlan, plans),
        _section("plan_goals", PlanGoal, PlanGoal.objects.filter(plan__family=family)),
        _section("plan_comments", PlanComment, PlanComment.objects.filter(plan__family=family)),
        _section("visits", Visit, family.visits.all()),  # withdrawn too: all data held (art. 15)
        _section("assessments", Assessment, family.assessments.all()),
        _section(
            "court_requests",
            CourtRequest,
            family.court_requests.all(),  # withdrawn too: all data held (art. 15)
        ),
        _section("court_opinions", CourtOpinion, family.court_opinions.all()),
        _section("work_ends", WorkEnd, family.work_ends.all()),
        _section("monitoring_notes", MonitoringNote, family.monitoring_notes.all()),
    ]
    events = AuditEvent.objects.filter(
        Q(family_id=family.pk) | Q(object_type=MEMBER_TYPE, object_id=str(member.pk))
    ).select_related("actor")
    # Who processed the data and when; the staff's network addresses are not the person's data.
    audit = [
        {
            "at": timezone.localtime(event.at),
            "who": str(event.actor) if event.actor else "",
            "action": str(event.get_action_display()),
            "object_type": _object_label(event.object_type),
            "object_id": event.object_id,
        }
        for event in events
    ]
    return {
        "centre": family.centre,
        "family": family,
        "member": member,
        "generated_at": timezone.localtime(),
        "sections": sections,
        "audit": audit,
    }


def person_export_json(export: dict) -> dict:
    """The export as plain data for the JSON download."""
    return {
        "centre": export["centre"].name,
        "reference": export["family"].reference,
        "generated_at": export["generated_at"],
        **{section.key: _plain(section) for section in export["sections"]},
        "audit_events": export["audit"],
    }


def _plain(section: ExportSection) -> dict | list[dict]:
    records = [{field.name: field.value for field in record} for record in section.records]
    return records[0] if section.key in SINGLE_RECORDS else records
