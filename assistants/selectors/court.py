"""Court requests and opinions (art. 15 ust. 1 pkt 14).

The register is what staff see: the court's letter and the state of the opinion, never the case;
the opinion itself is reached through the family.
"""

from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.db.models import (
    BooleanField,
    Case,
    F,
    Min,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import Promise

from assistants.models import (
    CourtOpinion,
    CourtRequest,
    OpinionStatus,
)
from cases.models import Family
from familysupport.models import Role, User

# The fields of an opinion the register may load: its state, never its text.
OPINION_STATE_FIELDS = (
    "id",
    "court_request_id",
    "family_id",
    "version",
    "status",
    "issued_at",
    "dispatched_on",
    "dispatch_method",
)


def _opinion_versions() -> Prefetch:
    return Prefetch(
        "opinions",
        queryset=CourtOpinion.objects.only(*OPINION_STATE_FIELDS).order_by("-version"),
        to_attr="versions",
    )


def _with_answer(requests: QuerySet[CourtRequest]) -> QuerySet[CourtRequest]:
    """`answered_on`: the first day an opinion was dispatched to the court; `overdue`: the deadline
    passed and nothing has been dispatched yet."""
    return requests.annotate(answered_on=Min("opinions__dispatched_on")).annotate(
        overdue=Case(
            When(answered_on__isnull=True, deadline__lt=timezone.localdate(), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def court_requests_visible_to(user: User) -> QuerySet[CourtRequest]:
    """The court letters of the user's centre, for staff and the head; nothing for anyone else."""
    if not (user.is_authenticated and user.centre_id and user.has_role(Role.STAFF, Role.HEAD)):
        return CourtRequest.objects.none()
    return CourtRequest.objects.filter(centre_id=user.centre_id)


class RegisterAnnotations(TypedDict):
    """What `court_register` adds to each letter (for the types: the register's filters and the
    start page's count read it).

    The nullable ones are Any: the plugin checks a lookup's value against the annotation's type,
    `__isnull=True` included, and would refuse the filters by them."""

    answered_on: Any  # datetime.date | None
    overdue: bool
    family_reference: str
    opinion_status: Any  # str | None
    opinion_id: Any  # int | None: the newest version's
    opinion_dispatched_on: Any  # datetime.date | None


if TYPE_CHECKING:  # django-stubs-ext is a development requirement (make lint)
    from django_stubs_ext import WithAnnotations

    # The letters of the register, with what it annotates.
    Register = QuerySet[WithAnnotations[CourtRequest, RegisterAnnotations]]


def court_register(user: User) -> "Register":
    """The register: soonest deadline first, each letter with its opinion's versions (newest first).

    `family_reference` is the only thing about the family it carries.
    """
    latest = CourtOpinion.objects.filter(court_request=OuterRef("pk")).order_by("-version")
    register = (
        _with_answer(court_requests_visible_to(user))
        .annotate(
            family_reference=F("family__reference"),
            # The newest version's state, for the register's filter by the state of the opinion.
            opinion_status=Subquery(latest.values("status")[:1]),
            opinion_id=Subquery(latest.values("pk")[:1]),
            opinion_dispatched_on=Subquery(latest.values("dispatched_on")[:1]),
        )
        .prefetch_related(_opinion_versions())
        .order_by("deadline", "id")
    )
    # The annotations above, under their declared types (the plugin infers them as Any).
    return cast("Register", register)


def awaiting_sign_off(register: "Register") -> "Register":
    """The letters of the register whose newest opinion waits for the head's sign-off, in cases
    still open (the head's queue on the start page, and the register's filter by that state)."""
    return register.filter(opinion_status=OpinionStatus.SUBMITTED, family__archived_on__isnull=True)


def court_register_entry(user: User, court_request_id: int) -> CourtRequest:
    """A letter of the user's register (its page); another centre's answers 404."""
    return get_object_or_404(court_register(user), pk=court_request_id)


def court_register_scan(user: User, court_request_id: int) -> CourtRequest:
    """A letter of the user's register that has a scan; without one, 404."""
    return get_object_or_404(court_requests_visible_to(user).exclude(scan=""), pk=court_request_id)


def court_register_opinion(user: User, opinion_id: int) -> CourtOpinion:
    """An issued opinion answering a letter of the user's register (its state and document, never
    its text); drafts do not exist for staff."""
    return get_object_or_404(
        CourtOpinion.objects.filter(
            court_request__in=court_requests_visible_to(user), status=OpinionStatus.ISSUED
        )
        .select_related("court_request")
        .only(*OPINION_STATE_FIELDS, "pdf", "pdf_sha256", "court_request"),
        pk=opinion_id,
    )


def court_context(family: Family) -> dict:
    """The court part of the family page (shown by the policy `assistants.view_court_requests`;
    the letters are read only when it is shown)."""
    return {"court_requests": _with_answer(family.court_requests.all()).prefetch_related(_opinion_versions())}


def family_court_request(family: Family, court_request_id: int) -> CourtRequest:
    return get_object_or_404(_with_answer(family.court_requests.all()), pk=court_request_id)


def family_court_opinion(family: Family, opinion_id: int) -> CourtOpinion:
    return get_object_or_404(
        family.court_opinions.select_related("court_request", "author", "approved_by"), pk=opinion_id
    )


def family_issued_opinion(family: Family, opinion_id: int) -> CourtOpinion:
    """An issued opinion of the family (its document); a draft has none and answers 404."""
    return get_object_or_404(family.court_opinions, pk=opinion_id, status=OpinionStatus.ISSUED)


def newest_opinion_id(court_request: CourtRequest) -> int | None:
    """The newest version of the opinion answering the letter (a correction replaces the older)."""
    return court_request.opinions.order_by("-version").values_list("pk", flat=True).first()


def court_opinion_sections(opinion: CourtOpinion) -> list[tuple[str | Promise, str]]:
    """(label, text) of each section, in the order of the printed opinion."""
    return [(CourtOpinion.section_label(name), getattr(opinion, name)) for name in CourtOpinion.SECTIONS]


def court_opinion_document(opinion: CourtOpinion) -> dict:
    """What the printed opinion shows (templates/pdf/court_opinion.html)."""
    family = opinion.family
    return {
        "centre": family.centre,
        "family": family,
        "court_request": opinion.court_request,
        "opinion": opinion,
        "sections": court_opinion_sections(opinion),
    }
