"""Reads of case data, already scoped to what the user may see."""

import datetime
import operator
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, reduce
from typing import Any, TypedDict, TypeVar, cast

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import BigIntegerField, Case, CharField, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Analysis,
    AnalysisConclusion,
    AssignmentRequest,
    Consent,
    ConsentBasis,
    Family,
    FamilyMember,
    FamilyStatus,
    FamilyUserObjectPermission,
    Interview,
    InterviewStatus,
    Report,
    ReportSource,
    RequestStatus,
    interview_due,
)
from familysupport import registry, search
from familysupport.access import FAMILY_PERMISSION
from familysupport.models import Role, User, Withdrawable

# Those who work with the family's money and with its Niebieska Karta procedure. A specialist
# engaged on the family (role `specialist`) needs its composition, problems, diagnosis, plan and
# visits, not its income and material situation nor the Niebieska Karta (decided as a data
# protection officer would, RODO art. 5 ust. 1 lit. c): cases.policies.can_view_income and
# can_view_blue_card.
CASE_WORKERS = (Role.SOCIAL_WORKER, Role.FAMILY_ASSISTANT, Role.HEAD)


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
    their object right on it (django-guardian, granted and revoked by the services).

    The family a page fetched through `family_for` was checked for its user already: the
    policies its page asks answer from that instead of reading the right again.
    """
    if not user.is_authenticated or family.centre_id != user.centre_id:
        return False
    if getattr(family, _CHECKED_FOR, None) == user.pk:
        return True
    if user.has_role(Role.HEAD):
        return True
    if not user.has_role(Role.SOCIAL_WORKER, *(circle.role for circle in family_circles())):
        return False
    if hasattr(family, "_user_right"):  # read with the family by `family_for`
        return bool(family._user_right)
    # The family's own table of object rights (guardian's direct foreign keys), asked in one query.
    return FamilyUserObjectPermission.objects.filter(
        user=user, content_object=family, permission__codename=FAMILY_CODENAME
    ).exists()


# Marks a family `family_for` fetched for one request's user (see `family_visible`).
_CHECKED_FOR = "_visible_to_user_id"
_PAGE_MEMO = "_page_memo"
PAGE_USER = "_page_user"  # the user of the page a family was fetched for

T = TypeVar("T")


def is_page_family(family: Family) -> bool:
    """The family was fetched by `family_for` for the request's page (see `page_memo`)."""
    return getattr(family, _CHECKED_FOR, None) is not None


def page_memo(family: Family, key: object, compute: Callable[[], T]) -> T:
    """`compute()`, asked once per request for the family of a page (`family_for`): the policies
    its sections, buttons and next step ask then read a row once, not once per button. Any other
    family (a service's locked row, a list's) is asked afresh every time."""
    if not is_page_family(family):
        return compute()
    memo: dict = family.__dict__.setdefault(_PAGE_MEMO, {})
    if key not in memo:
        memo[key] = compute()
    return cast(T, memo[key])


def family_for(user: User, family_id: int) -> Family:
    """The family of a page, or 404 when `user` may not see it, as when it does not exist.

    With its centre and responsible worker, which every page of the family shows or asks.
    """
    families = Family.objects.select_related("centre", "social_worker")
    if user.is_authenticated:
        # The object right read with the family (one query): `family_visible` answers from it.
        families = families.annotate(
            _user_right=Exists(
                FamilyUserObjectPermission.objects.filter(
                    user_id=user.pk, content_object=OuterRef("pk"), permission__codename=FAMILY_CODENAME
                )
            )
        )
    family = get_object_or_404(families, pk=family_id)
    if not family_visible(user, family):
        raise Http404
    setattr(family, _CHECKED_FOR, user.pk)
    setattr(family, PAGE_USER, user)
    if user.centre_id == family.centre_id:
        user.centre = family.centre  # the same row: the page's header names it without reading it again
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
            # Stated as the unique index of PESELs states it (member_pesel_unique_in_centre), so that
            # SQLite, which cannot infer it from the equality, reads that index too.
            members.filter(pesel=text).exclude(pesel="").values("family_id"),
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


# The documents of a case that apps above cases add parts to (registry.DOCUMENT_PARTS).
INTERVIEW = "interview"  # the environmental interview, whose diagnosis the team writes jointly
WORK_PLAN = "work_plan"  # the assistant's work plan (assistants.WorkPlan)


@dataclass(frozen=True)
class DocumentPart:
    """A part of a document's page and of its print that an app above cases adds (the co-authors'
    contributions to the diagnosis and the work plan): `template` on the page, `pdf_template` in
    the print, with the variables `context(user, document)` returns (None: the part is not shown)."""

    key: str
    document: str  # INTERVIEW or WORK_PLAN
    order: int
    template: str
    pdf_template: str
    context: Callable[[User, Any], dict | None]


def document_parts(user: User, kind: str, document: Any, *, pdf: bool = False) -> list[tuple[str, dict]]:
    """The contributed parts of the document's page (or print): (template, its variables), in order."""
    parts = []
    for part in registry.contributions(registry.DOCUMENT_PARTS):
        if part.document != kind:
            continue
        context = part.context(user, document)
        if context is not None:
            parts.append((part.pdf_template if pdf else part.template, context))
    return parts


# Shown as the protocol's header rather than as sections of text.
INTERVIEW_HEADER_FIELDS = ("conducted_on", "place", "present")


def interview_sections(interview: Interview, *, income: bool = True) -> list[tuple[str | Promise, str]]:
    """(label, text) of each narrative section of the interview, in the protocol's order; without
    the income and material situation when `income` is false (cases.policies.can_view_income)."""
    return [
        (
            Interview.section_label(name),
            ", ".join(interview.get_problems_display()) if name == "problems" else getattr(interview, name),
        )
        for name in Interview.SECTIONS
        if name not in INTERVIEW_HEADER_FIELDS and (income or name != "income")
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
    if records is None and is_page_family(family):
        records = page_records(family)
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
    open_statuses = [RequestStatus.DRAFT, RequestStatus.SUBMITTED, RequestStatus.RETURNED]
    if is_page_family(family):  # the requests the page read, newest first
        newest = sorted(page_records(family).requests, key=lambda item: item.pk, reverse=True)
        return next((item for item in newest if item.status in open_statuses), None)
    return family.requests.filter(status__in=open_statuses).order_by("-id").first()


class CaseRecords:
    """The family's case records, read once for the family page (`case_records`): its sections,
    its next step and its path share them instead of each asking the database again. Each kind
    is read (one query) when first asked for: a section that shows the members reads no report."""

    def __init__(self, family: Family) -> None:
        self.family = family

    @cached_property
    def reports(self) -> list[Report]:
        """Oldest first (received), each with registered_by."""
        return list(self.family.reports.select_related("registered_by"))

    @cached_property
    def interviews(self) -> list[Interview]:
        """Newest first, each with its author."""
        return list(self.family.interviews.select_related("author").order_by("-created_at", "-id"))

    @cached_property
    def analyses(self) -> list[Analysis]:
        """Newest first, each with its author."""
        return list(self.family.analyses.select_related("author").order_by("-created_at", "-id"))

    @cached_property
    def consents(self) -> list[Consent]:
        """Oldest first, each with recorded_by."""
        return list(self.family.consents.select_related("recorded_by"))

    @cached_property
    def requests(self) -> list[AssignmentRequest]:
        """Newest first, each with its author."""
        return list(self.family.requests.select_related("author").order_by("-created_at", "-id"))


def case_records(family: Family) -> CaseRecords:
    return CaseRecords(family)


def page_records(family: Family) -> CaseRecords:
    """`case_records` of a page's family, read once for the request (`page_memo`)."""
    return page_memo(family, SHARED_RECORDS, lambda: case_records(family))


def family_has_interview(family: Family, status: str) -> bool:
    """The family has an interview in `status`; a page answers from the interviews it read."""
    if is_page_family(family):
        return any(item.status == status for item in page_records(family).interviews)
    return family.interviews.filter(status=status).exists()


@dataclass(frozen=True)
class NextStep:
    label: str | Promise
    due: datetime.date | None = None
    # The page where the user takes the step, when it is theirs to take (else empty).
    url: str = ""

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()


@dataclass(frozen=True)
class PathStep:
    date: datetime.date
    label: str | Promise
    actor: User | None
    detail: str = ""


# A contribution to the family page (a section, a next step) is called with the user the page is
# for (None outside a page: the records are then read as by no one in particular), the family, and
# `shared`: a dict kept for one page, in which each app keeps what it read once (under keys named
# after the app) so that its section and its next step ask the database once. The case's own
# records are there under SHARED_RECORDS (`shared_records`).
SHARED_RECORDS = "cases.records"


@dataclass(frozen=True)
class PathSource:
    """One kind of step of the family's path: its rows, and the step each row makes.

    `rows(family)` is the kind's rows of the family as `path_rows` gives them (the columns every
    kind shares, so that the path reads all its kinds in one query); `label(row)` and `detail(row)`
    say the step of one row (a dict of those columns; the detail is its `path_detail` unless
    said otherwise). The path fills in the actor.
    """

    rows: Callable[[Family], QuerySet]
    label: Callable[[dict], str | Promise]
    detail: Callable[[dict], str] | None = None


PATH_COLUMNS = ("path_on", "path_actor", "path_code", "path_detail", "path_seq")


def path_rows(
    queryset: QuerySet,
    *,
    on: Any,
    actor: Any = None,
    code: Any = None,
    detail: Any = None,
    seq: Any = None,
) -> QuerySet:
    """`queryset`'s rows as steps of the path: the date of the step (`on`), who took it (a user's
    id, or none), a code its label is made from, a text shown beside it, and the order of the
    kind's rows on one day (`seq`, by default the order they were made in)."""
    rows: QuerySet = (
        queryset.order_by()
        .annotate(
            path_on=on,
            path_actor=Value(None, output_field=BigIntegerField()) if actor is None else actor,
            path_code=Value("", output_field=CharField()) if code is None else code,
            path_detail=Value("", output_field=CharField()) if detail is None else detail,
            path_seq=F("id") if seq is None else seq,
        )
        .values(*PATH_COLUMNS)
    )
    return rows


@dataclass(frozen=True)
class FamilyPathPart:
    """An app's part of the family's path (registry.FAMILY_PATH): the kinds of its steps so far,
    and the next step when the family stands at a status of the path the app leads (else None)."""

    key: str
    sources: tuple[PathSource, ...]
    next_step: Callable[[User | None, Family, dict], NextStep | None]
    order: int = 0


# Where a contributed section of the family page goes.
MAIN = "main"  # a section of the page of its own, with its place in the page's section nav
DATA = "data"  # rows (<dt>, <dd>) of the family's data


@dataclass(frozen=True)
class FamilySection:
    """A section of the family page (its own, and those the apps above cases add through
    registry.FAMILY_SECTIONS).

    The page shows one section at a time; the section nav at its top leads to each (`label`).
    `template` is rendered inside the page with the page's variables and those `context` returns,
    which reads only what the section shows. `shown`: the policy that shows the section to a user
    (else everyone who sees the family); a section not shown is neither in the nav nor reachable.
    """

    key: str
    order: int
    template: str
    context: Callable[[User, Family, dict], dict]
    place: str = MAIN
    label: Any = ""  # a lazy translation
    shown: Callable[[User, Family], Any] | None = None


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


def shared_records(family: Family, shared: dict) -> CaseRecords:
    """`case_records` read once for one page: its section, its path and its next step share them."""
    if SHARED_RECORDS not in shared:
        shared[SHARED_RECORDS] = page_records(family)
    records: CaseRecords = shared[SHARED_RECORDS]
    return records


def _data_context(user: User, family: Family, shared: dict) -> dict:
    rows = [
        (section.template, section.context(user, family, shared))
        for section in registry.contributions(registry.FAMILY_SECTIONS)
        if section.place == DATA
    ]
    next_step = family_next_step(family, shared_records(family, shared), user=user, shared=shared)
    return {"members": family.members.current(), "data_rows": rows, "next_step": next_step}


def _case_context(user: User, family: Family, shared: dict) -> dict:
    records = shared_records(family, shared)
    return {
        "reports": records.reports,
        "interviews": records.interviews,
        "analyses": records.analyses,
        "consents": records.consents,
        "requests": records.requests,
    }


def _path_context(user: User, family: Family, shared: dict) -> dict:
    # The case's record: the steps taken, and beside them what was withdrawn as entered by mistake.
    # Who may not know of a Niebieska Karta procedure reads its reports as reports.
    hide_blue_card = not user.has_role(*CASE_WORKERS)
    return {
        "path": family_path(family, hide_blue_card=hide_blue_card),
        "withdrawn": withdrawn_records(user, family),
    }


# The case's own sections: the family's data first, the path so far (and the withdrawn records) last.
OWN_SECTIONS = (
    FamilySection("data", 0, "cases/_family_data.html", _data_context, label=_("Family data")),
    FamilySection(
        "case", 5, "cases/_family_case.html", _case_context, label=_("Reports, interview and request")
    ),
    FamilySection("path", 1000, "cases/_family_path.html", _path_context, label=_("The path so far")),
)


def family_sections(user: User, family: Family) -> list[FamilySection]:
    """The sections of the family page `user` may see, in the order of its section nav."""
    contributed = [
        section
        for section in registry.contributions(registry.FAMILY_SECTIONS)
        if section.place == MAIN and (section.shown is None or section.shown(user, family))
    ]
    return sorted((*OWN_SECTIONS, *contributed), key=lambda section: section.order)


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


def _report_detail(row: dict) -> str:
    return str(_("urgent")) if row["path_detail"] else ""


def _choice(choices: type[models.TextChoices]) -> Callable[[str], str]:
    labels = dict(choices.choices)
    return lambda code: str(labels.get(code, code))


_source = _choice(ReportSource)
_conclusion = _choice(AnalysisConclusion)
_basis = _choice(ConsentBasis)

# The case's own kinds of step, in the order the path gives the steps of one day.
CASE_PATH = (
    PathSource(
        rows=lambda family: path_rows(
            family.reports.all(),
            on=F("received_on"),
            actor=F("registered_by_id"),
            code=F("source"),
            detail=Case(When(urgent=True, then=Value("1")), default=Value(""), output_field=CharField()),
        ),
        label=lambda row: _("Report: %(source)s") % {"source": _source(row["path_code"])},
        detail=_report_detail,
    ),
    PathSource(
        rows=lambda family: path_rows(
            family.interviews.filter(status=InterviewStatus.SIGNED, signed_at__isnull=False),
            on=TruncDate("signed_at"),
            actor=F("author_id"),
            code=Case(
                When(updates__isnull=False, then=Value("update")), default=Value(""), output_field=CharField()
            ),
        ),
        label=lambda row: _("Interview update signed") if row["path_code"] else _("Interview signed"),
    ),
    PathSource(
        rows=lambda family: path_rows(
            family.analyses.all(), on=TruncDate("created_at"), actor=F("author_id"), code=F("conclusion")
        ),
        label=lambda row: _("Analysis: %(conclusion)s") % {"conclusion": _conclusion(row["path_code"])},
    ),
    PathSource(
        rows=lambda family: path_rows(
            family.consents.all(), on=F("given_on"), actor=F("recorded_by_id"), code=F("basis")
        ),
        label=lambda row: _basis(row["path_code"]),
    ),
    PathSource(
        rows=lambda family: path_rows(
            family.requests.filter(submitted_at__isnull=False),
            on=TruncDate("submitted_at"),
            actor=F("author_id"),
        ),
        label=lambda row: _("Request for an assistant submitted"),
    ),
)


def family_path(family: Family, *, hide_blue_card: bool = False) -> list[PathStep]:
    """The family's way along the statutory path so far, oldest first.

    The case's own steps, then those the apps above it contribute (registry.FAMILY_PATH): every
    kind read in one query (a union of their rows), and the people who took them in one more, so
    the path costs the same however long the case has run. Steps of one day keep the order of
    their kinds, and of the rows within a kind. `hide_blue_card`: a report of the Niebieska Karta
    procedure is named a report only (cases.policies.can_view_blue_card).
    """
    sources = [*CASE_PATH, *(source for part in _path_parts() for source in part.sources)]
    parts = [source.rows(family).annotate(path_kind=Value(index)) for index, source in enumerate(sources)]
    rows = list(parts[0].union(*parts[1:], all=True))
    rows.sort(key=lambda row: (row["path_on"], row["path_kind"], row["path_seq"]))
    actors = User.objects.in_bulk({row["path_actor"] for row in rows if row["path_actor"] is not None})
    steps = []
    for row in rows:
        source = sources[row["path_kind"]]
        hidden = hide_blue_card and row["path_kind"] == 0 and row["path_code"] == ReportSource.BLUE_CARD
        steps.append(
            PathStep(
                row["path_on"],
                _("Report") if hidden else source.label(row),
                actors.get(row["path_actor"]),
                source.detail(row) if source.detail else row["path_detail"],
            )
        )
    return steps


def analysis_allows_request(family: Family) -> bool:
    latest = family.analyses.order_by("-id").first()
    return latest is not None and latest.conclusion == AnalysisConclusion.ASSISTANT


def retention_date(archived_on: datetime.date) -> datetime.date:
    """Until when a case archived on `archived_on` is kept (RETENTION_YEARS)."""
    kept_until: datetime.date = archived_on + relativedelta(years=settings.RETENTION_YEARS)
    return kept_until
