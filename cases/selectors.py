"""Reads of case data, already scoped to what the user may see."""

import datetime
import operator
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from typing import Any, TypedDict

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from guardian.shortcuts import get_user_perms

from cases.models import (
    Analysis,
    AnalysisConclusion,
    AssignmentRequest,
    Consent,
    Family,
    FamilyMember,
    FamilyStatus,
    Interview,
    InterviewStatus,
    Report,
    RequestStatus,
    interview_due,
)
from familysupport import registry, search
from familysupport.access import FAMILY_PERMISSION
from familysupport.models import Role, User, Withdrawable


@dataclass(frozen=True)
class FamilyCircle:
    """The families a role above cases works with, as a filter of the lists (registry.FAMILY_CIRCLES).

    `families(user)` is a condition on Family for the user holding `role`: it must say the same as
    the object rights the app grants and revokes (familysupport.access), which the crawl tests check.
    """

    role: str
    families: Callable[[User], Q]


def family_circles() -> list[FamilyCircle]:
    return registry.contributions(registry.FAMILY_CIRCLES)


def families_visible_to(user: User) -> QuerySet[Family]:
    """The families `user` works with, as a plain filter for the lists and counts.

    The head sees every family of the centre; a social worker the families they are responsible
    for (the responsible-worker key); the roles above cases the families of their circle
    (`FamilyCircle`: the assistant's by the assignment, during the monitoring too). Staff and
    administrators see no case content. Nobody sees another centre's families. The pages of one
    family ask `family_visible` (the object rights); both say the same.
    """
    if not user.is_authenticated or user.centre_id is None:
        return Family.objects.none()
    in_centre = Family.objects.filter(centre_id=user.centre_id)
    if user.has_role(Role.HEAD):
        return in_centre
    circles = [Q(social_worker_id=user.pk)] if user.has_role(Role.SOCIAL_WORKER) else []
    circles += [circle.families(user) for circle in family_circles() if user.has_role(circle.role)]
    if not circles:
        return Family.objects.none()
    return in_centre.filter(reduce(operator.or_, circles))


FAMILY_CODENAME = FAMILY_PERMISSION.split(".")[1]


def family_visible(user: User, family: Family) -> bool:
    """The check on the pages of one family: the head by the centre, the people who work with it by
    their object right on it (django-guardian, granted and revoked by the services)."""
    if not user.is_authenticated or family.centre_id != user.centre_id:
        return False
    if user.has_role(Role.HEAD):
        return True
    if not user.has_role(Role.SOCIAL_WORKER, *(circle.role for circle in family_circles())):
        return False
    return FAMILY_CODENAME in get_user_perms(user, family)


def family_for(user: User, family_id: int) -> Family:
    """The family of a page, or 404 when `user` may not see it, as when it does not exist."""
    family = get_object_or_404(Family, pk=family_id)
    if not family_visible(user, family):
        raise Http404
    return family


@dataclass(frozen=True)
class FamilyListColumn:
    """A column an app above cases adds to the families list (registry.FAMILY_LIST_COLUMNS)."""

    key: str
    order: int
    label: Any  # the header (a lazy translation)
    template: str  # one cell, `<td>…</td>`, rendered with `family`
    # Adds what the cell shows to the list's queryset (a prefetch, an annotation) at a fixed cost.
    prepare: Callable[[QuerySet[Family]], QuerySet[Family]]
    # Filters of the list's form that read the same data: (query parameter, a new django-filter).
    filters: tuple[tuple[str, Callable[[], Any]], ...] = ()


def family_list_columns() -> list[FamilyListColumn]:
    return registry.contributions(registry.FAMILY_LIST_COLUMNS)


class FamilyListAnnotations(TypedDict):
    """What `family_list` adds to each family (for the types: the filters of the list read it)."""

    urgent: bool


def family_list(user: User, *, archived: bool = False) -> QuerySet[Family]:
    """The rows of the families list: families visible to `user`, ready to show at a fixed query cost.

    The working list leaves archived cases out; `archived=True` lists only those. Each family
    carries `urgent` (a report said a child's life, health or safety was at risk) and what the
    contributed columns show (`FamilyListColumn.prepare`).
    """
    families: QuerySet[Family] = (
        families_visible_to(user)
        .filter(archived_on__isnull=not archived)
        .select_related("social_worker")
        .annotate(urgent=Exists(Report.objects.filter(family=OuterRef("pk"), urgent=True)))
    )
    for column in family_list_columns():
        families = column.prepare(families)
    return families


def search_families(families: QuerySet[Family], text: str, *, centre_id: int | None) -> QuerySet[Family]:
    """Narrow `families` to those whose reference, name or a member's surname contains `text`,
    ignoring case and diacritics (familysupport.search), or with a member of exactly that PESEL.

    Each column is matched on its own, within the centre `centre_id`, so that its index serves it and
    the cost follows the centre's size, not the installation's. Only ever narrows: a PESEL outside
    `families` finds nothing.
    """
    text = text.strip()
    if not text:
        return families
    if centre_id is None:
        return families.none()
    reference = search.contains("reference", text)
    name = search.contains("name", text, stored="search_name")
    surname = search.contains("last_name", text, stored="search_last_name")
    if len(text) < search.INDEXED_LENGTH:
        # No trigram in the text for an index to look up, and it matches most families anyway:
        # testing each family's own columns first answers most rows without the subquery.
        members = FamilyMember.objects.current().filter(surname | Q(pesel=text), family=OuterRef("pk"))
        return families.filter(reference | name | Exists(members))
    # One subquery per column, each bounded by the centre and answered from its index (on
    # PostgreSQL the trigram indexes of cases/migrations/0004_search_ignores_diacritics.py, and the
    # PESEL's), joined into one set of matching families: the list then reads only those.
    in_centre = Family.objects.filter(centre_id=centre_id).order_by()
    members = FamilyMember.objects.current().filter(centre_id=centre_id).order_by()
    matching = (
        in_centre.filter(reference)
        .values("pk")
        .union(
            in_centre.filter(name).values("pk"),
            members.filter(surname).values("family_id"),
            members.filter(pesel=text).values("family_id"),
        )
    )
    return families.filter(pk__in=matching)


def family_interview(family: Family, interview_id: int) -> Interview:
    return get_object_or_404(family.interviews.select_related("author", "report"), pk=interview_id)


def family_request(family: Family, request_id: int) -> AssignmentRequest:
    return get_object_or_404(
        family.requests.select_related("interview", "analysis", "consent", "author"), pk=request_id
    )


@dataclass(frozen=True)
class RequestSection:
    """A part of a request's page and of its printed letter that an app above cases adds
    (registry.REQUEST_SECTIONS): `template` on the page, `pdf_template` in the letter, both with
    the variables `context(request)` returns."""

    key: str
    order: int
    template: str
    pdf_template: str
    context: Callable[[AssignmentRequest], dict]


def request_sections(request: AssignmentRequest, *, pdf: bool) -> list[tuple[str, dict]]:
    """The contributed parts of the request's page (or letter): (template, its variables), in order."""
    return [
        (section.pdf_template if pdf else section.template, section.context(request))
        for section in registry.contributions(registry.REQUEST_SECTIONS)
    ]


# Shown as the protocol's header rather than as sections of text.
INTERVIEW_HEADER_FIELDS = ("conducted_on", "place", "present")


def interview_sections(interview: Interview) -> list[tuple[str | Promise, str]]:
    """(label, text) of each narrative section of the interview, in the protocol's order."""
    return [
        (
            Interview.section_label(name),
            ", ".join(interview.get_problems_display()) if name == "problems" else getattr(interview, name),
        )
        for name in Interview.SECTIONS
        if name not in INTERVIEW_HEADER_FIELDS
    ]


def requests_visible_to(user: User) -> QuerySet[AssignmentRequest]:
    """The requests for an assistant of the families visible to `user`: the head's whole centre, the
    social worker's own families. Assistants, staff and administrators get none."""
    if not user.has_role(Role.HEAD, Role.SOCIAL_WORKER):
        return AssignmentRequest.objects.none()
    return AssignmentRequest.objects.filter(family__in=families_visible_to(user)).select_related(
        "family", "author", "consent"
    )


def requests_awaiting_decision(user: User) -> QuerySet[AssignmentRequest]:
    """Submitted requests of the head's centre, oldest first."""
    if not user.has_role(Role.HEAD):
        return AssignmentRequest.objects.none()
    return requests_visible_to(user).filter(status=RequestStatus.SUBMITTED).order_by("submitted_at")


def interview_due_date(report: Report) -> datetime.date:
    """The day the interview answering `report` is due (cases.models.interview_due, art. 11)."""
    return interview_due(report.received_on, urgent=report.urgent)


def pending_report(family: Family, records: "CaseRecords | None" = None) -> Report | None:
    """The newest report not yet answered by a signed interview."""
    if records is not None:
        report = records.reports[-1] if records.reports else None
        signed = report is not None and any(
            item.report_id == report.pk and item.status == InterviewStatus.SIGNED
            for item in records.interviews
        )
        return None if signed else report
    report = family.reports.order_by("-received_on", "-id").first()
    if report is None or report.interviews.filter(status=InterviewStatus.SIGNED).exists():
        return None
    return report


def latest_signed_interview(family: Family) -> Interview | None:
    return family.interviews.filter(status=InterviewStatus.SIGNED).order_by("-signed_at", "-id").first()


def open_request(family: Family) -> AssignmentRequest | None:
    """The request still being drafted, waiting for the head, or returned for completion."""
    return (
        family.requests.filter(
            status__in=[RequestStatus.DRAFT, RequestStatus.SUBMITTED, RequestStatus.RETURNED]
        )
        .order_by("-id")
        .first()
    )


@dataclass(frozen=True)
class CaseRecords:
    """The family's case records, read once for the family page (`case_records`): its sections,
    its next step and its path share them instead of each asking the database again."""

    reports: list[Report]  # oldest first (received), each with registered_by
    interviews: list[Interview]  # newest first, each with its author
    analyses: list[Analysis]  # newest first, each with its author
    consents: list[Consent]  # oldest first, each with recorded_by
    requests: list[AssignmentRequest]  # newest first, each with its author


def case_records(family: Family) -> CaseRecords:
    return CaseRecords(
        reports=list(family.reports.select_related("registered_by")),
        interviews=list(family.interviews.select_related("author").order_by("-created_at", "-id")),
        analyses=list(family.analyses.select_related("author").order_by("-created_at", "-id")),
        consents=list(family.consents.select_related("recorded_by")),
        requests=list(family.requests.select_related("author").order_by("-created_at", "-id")),
    )


@dataclass(frozen=True)
class NextStep:
    label: str | Promise
    due: datetime.date | None = None

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()


@dataclass(frozen=True)
class PathStep:
    date: datetime.date
    label: str | Promise
    actor: User | None
    detail: str = ""


# A contribution to the family page or path is called with the user the page is for (None outside
# a page: the records are then read as by no one in particular), the family, and `shared`: a dict
# kept for one page, in which each app keeps what it read once (under keys named after the app) so
# that its sections, its steps and its next step ask the database once. The case's own records are
# there under SHARED_RECORDS once the path has been read.
SHARED_RECORDS = "cases.records"


@dataclass(frozen=True)
class FamilyPathPart:
    """An app's part of the family's path (registry.FAMILY_PATH): its steps so far, and the next
    step when the family stands at a status of the path the app leads (else None)."""

    key: str
    steps: Callable[[User | None, Family, dict], list[PathStep]]
    next_step: Callable[[User | None, Family, dict], NextStep | None]
    order: int = 0


# Where a contributed section of the family page goes.
MAIN = "main"  # a section of the page, after the case's own
DATA = "data"  # rows (<dt>, <dd>) of the family's data


@dataclass(frozen=True)
class FamilySection:
    """A part of the family page that an app above cases shows (registry.FAMILY_SECTIONS).

    `template` is rendered inside the page with the page's variables and those `context` returns.
    """

    key: str
    order: int
    template: str
    context: Callable[[User, Family, dict], dict]
    place: str = MAIN


@dataclass(frozen=True)
class WithdrawnRecord:
    """A record of the family withdrawn as entered by mistake, as the family page shows it: what
    it was (its kind and date, no personal data), when, by whom and why it was withdrawn."""

    what: str
    withdrawn_at: datetime.datetime
    withdrawn_by: User | None
    reason: str

    @classmethod
    def of(cls, record: Withdrawable, what: str | Promise) -> "WithdrawnRecord":
        assert record.withdrawn_at is not None  # read from `objects.withdrawn()`
        return cls(str(what), record.withdrawn_at, record.withdrawn_by, record.withdrawal_reason)


@dataclass(frozen=True)
class WithdrawnKind:
    """The withdrawn records of one kind an app above cases keeps of a family, for those who may
    see that part of the case (registry.WITHDRAWN_RECORDS); empty for the others."""

    key: str
    records: Callable[[User, Family], list[WithdrawnRecord]]
    order: int = 0


def withdrawn_records(user: User, family: Family) -> list[WithdrawnRecord]:
    """What was withdrawn of the family, newest first: its members (for everyone who sees the
    page), then what each app shows to those who may see its part of the case."""
    found = [
        WithdrawnRecord.of(member, _("family member"))
        for member in family.members.withdrawn().select_related("withdrawn_by")
    ]
    for kind in registry.contributions(registry.WITHDRAWN_RECORDS):
        found += kind.records(user, family)
    return sorted(found, key=lambda record: record.withdrawn_at, reverse=True)


def family_sections(user: User, family: Family, shared: dict) -> dict[str, list[tuple[str, dict]]]:
    """The contributed sections of the family page by place: (template, its variables), in order."""
    sections: dict[str, list[tuple[str, dict]]] = {MAIN: [], DATA: []}
    for section in registry.contributions(registry.FAMILY_SECTIONS):
        sections[section.place].append((section.template, section.context(user, family, shared)))
    return sections


def _path_parts() -> list[FamilyPathPart]:
    return registry.contributions(registry.FAMILY_PATH)


def family_next_step(
    family: Family,
    records: CaseRecords | None = None,
    *,
    user: User | None = None,
    shared: dict | None = None,
) -> NextStep | None:
    """What the path expects next for the family, with its due date where the Act sets one.

    The case's own steps are answered here, the later ones by the app that leads them
    (registry.FAMILY_PATH). `records`: the family's records already read (the family page), else
    read here; `user` and `shared`: as for the contributions (see FamilyPathPart).
    """
    status = family.status
    if status == FamilyStatus.REPORTED:
        records = records or case_records(family)
        report = pending_report(family, records)
        draft = any(item.status == InterviewStatus.DRAFT for item in records.interviews)
        label = _("Finish and sign the interview") if draft else _("Conduct the environmental interview")
        return NextStep(label, interview_due_date(report) if report else None)
    if status == FamilyStatus.INTERVIEWED:
        return NextStep(_("Record the analysis of the family's situation"))
    if status == FamilyStatus.ANALYSED:
        if not (records.consents if records else family.consents.exists()):
            return NextStep(_("Record the family's consent or the statutory basis"))
        return NextStep(_("Prepare and submit the request for a family assistant"))
    if status == FamilyStatus.REQUEST_SUBMITTED:
        return NextStep(_("The head decides the request"))
    if status == FamilyStatus.REQUEST_RETURNED:
        return NextStep(_("Complete the request and submit it again"))
    shared = {} if shared is None else shared
    for part in _path_parts():
        step = part.next_step(user, family, shared)
        if step is not None:
            return step
    return None


def family_path(
    family: Family,
    records: CaseRecords | None = None,
    *,
    user: User | None = None,
    shared: dict | None = None,
) -> list[PathStep]:
    """The family's way along the statutory path so far, oldest first.

    The case's own steps, then those the apps above it contribute (registry.FAMILY_PATH).
    `records`: the family's records already read (the family page), else read here; `user` and
    `shared`: as for the contributions (see FamilyPathPart). Steps of one day keep the order in
    which they were gathered (the sort is stable).
    """
    records = records or case_records(family)
    steps: list[PathStep] = []
    for report in records.reports:
        detail = str(_("urgent")) if report.urgent else ""
        steps.append(
            PathStep(
                report.received_on,
                _("Report: %(source)s") % {"source": report.get_source_display()},
                report.registered_by,
                detail,
            )
        )
    for interview in reversed(records.interviews):
        if interview.status != InterviewStatus.SIGNED:
            continue
        label = _("Interview update signed") if interview.updates_id else _("Interview signed")
        steps.append(PathStep(timezone.localdate(interview.signed_at), label, interview.author))
    for analysis in reversed(records.analyses):
        steps.append(
            PathStep(
                timezone.localdate(analysis.created_at),
                _("Analysis: %(conclusion)s") % {"conclusion": analysis.get_conclusion_display()},
                analysis.author,
            )
        )
    for consent in records.consents:
        steps.append(PathStep(consent.given_on, consent.get_basis_display(), consent.recorded_by))
    for request in reversed(records.requests):
        if request.submitted_at is None:
            continue
        steps.append(
            PathStep(
                timezone.localdate(request.submitted_at),
                _("Request for an assistant submitted"),
                request.author,
            )
        )
    shared = {} if shared is None else shared
    shared.setdefault(SHARED_RECORDS, records)
    for part in _path_parts():
        steps += part.steps(user, family, shared)
    return sorted(steps, key=lambda step: step.date)


def analysis_allows_request(family: Family) -> bool:
    latest = family.analyses.order_by("-id").first()
    return latest is not None and latest.conclusion == AnalysisConclusion.ASSISTANT


def retention_date(archived_on: datetime.date) -> datetime.date:
    """Until when a case archived on `archived_on` is kept (RETENTION_YEARS)."""
    kept_until: datetime.date = archived_on + relativedelta(years=settings.RETENTION_YEARS)
    return kept_until
