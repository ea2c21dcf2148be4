"""What the start page shows each role, read at a fixed number of queries whatever the caseload.

Every deadline on it comes from the register (familysupport/deadlines.py); every count links to the
list that shows the same families, filtered.
"""

import datetime
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assistants.filters import DEADLINE_OPEN, DEADLINE_OVERDUE, DEADLINE_WEEK, end_of_week
from assistants.models import OpinionStatus, Visit
from assistants.selectors.court import court_register
from assistants.selectors.lifecycle import assignments_of, assistants_of_centre
from cases.models import FamilyStatus
from cases.selectors import families_visible_to
from familysupport.charts import Bar, bar_chart
from familysupport.deadlines import (
    ATTENTION,
    OVERDUE,
    Deadline,
    DeadlineKind,
    OwnerCount,
    deadlines_for,
    first_open,
    needing_attention,
    open_counts,
    owner_name,
    summary_of,
)
from familysupport.models import Role, User
from supportfamilies.models import InvoiceStatus

DASHBOARD_ROWS = 10
# A week's court deadlines are listed whole (the court register has them all).
COURT_WEEK_ROWS = 100
# The worker's families whose path stopped without a further step on it (family_next_step is None).
NO_NEXT_STEP = (FamilyStatus.NO_ASSISTANT, FamilyStatus.REQUEST_REFUSED, FamilyStatus.REFERRED)
# The worker's families where the next step is theirs but the Act sets no date for it.
WORKER_STEPS = (FamilyStatus.INTERVIEWED, FamilyStatus.ANALYSED)
ASSISTANT_KINDS = (
    DeadlineKind.FIRST_PLAN,
    DeadlineKind.ASSESSMENT,
    DeadlineKind.COURT_OPINION,
    DeadlineKind.MONITORING_END,
)


def family_list_url(**params) -> str:
    """The families list filtered by `params` (cases/filters.py FamilyFilter)."""
    return f"{reverse('cases:family_list')}?{urlencode(params)}"


def court_register_url(**params) -> str:
    """The court register filtered by `params` (assistants/filters.py CourtRequestFilter)."""
    return f"{reverse('assistants:court_register')}?{urlencode(params)}"


def _of_kind(deadlines: list[Deadline], *kinds: str) -> list[Deadline]:
    return [deadline for deadline in deadlines if deadline.kind in kinds]


def _summary(deadlines: list[Deadline]) -> dict:
    return {
        "overdue": sum(deadline.overdue for deadline in deadlines),
        "due_soon": sum(deadline.due_soon for deadline in deadlines),
        "total": len(deadlines),
    }


def worker_dashboard(user: User, mine: list[Deadline]) -> dict:
    counts = dict(
        families_visible_to(user)
        .filter(social_worker=user, archived_on__isnull=True)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    interviews = _of_kind(mine, DeadlineKind.INTERVIEW)
    labels = dict(FamilyStatus.choices)
    return {
        "interviews": interviews[:DASHBOARD_ROWS],
        "interviews_summary": _summary(interviews),
        "interviews_url": family_list_url(social_worker=user.pk, status=FamilyStatus.REPORTED),
        "overdue_url": family_list_url(social_worker=user.pk, overdue="true"),
        "returned": counts.get(FamilyStatus.REQUEST_RETURNED, 0),
        "returned_url": family_list_url(social_worker=user.pk, status=FamilyStatus.REQUEST_RETURNED),
        "steps": [
            {
                "label": labels[status],
                "count": counts.get(status, 0),
                "url": family_list_url(social_worker=user.pk, status=status),
            }
            for status in WORKER_STEPS
        ],
        "no_next_step": [
            {
                "label": labels[status],
                "count": counts.get(status, 0),
                "url": family_list_url(social_worker=user.pk, status=status),
            }
            for status in NO_NEXT_STEP
        ],
    }


def assistant_dashboard(user: User, mine: list[Deadline], today: datetime.date) -> dict:
    month = today.replace(day=1)
    visits = Visit.objects.filter(
        assistant=user, family__centre_id=user.centre_id, date__gte=month, date__lte=today
    ).aggregate(contacts=Count("pk"), families=Count("family", distinct=True))
    work = _of_kind(mine, *ASSISTANT_KINDS)
    return {
        "deadlines": work[:DASHBOARD_ROWS],
        "summary": _summary(work),
        "plans": _summary(_of_kind(work, DeadlineKind.FIRST_PLAN)),
        "assessments": _summary(_of_kind(work, DeadlineKind.ASSESSMENT)),
        "court": _summary(_of_kind(work, DeadlineKind.COURT_OPINION)),
        "monitoring": _of_kind(work, DeadlineKind.MONITORING_END)[:DASHBOARD_ROWS],
        "visits": visits,
        "month": month,
        "assignments": assignments_of(user)[:DASHBOARD_ROWS],
        "families_url": family_list_url(assistant=user.pk),
        "overdue_url": family_list_url(assistant=user.pk, overdue="true"),
    }


def _of_counts(counts: list[OwnerCount], *kinds: str) -> list[OwnerCount]:
    return [count for count in counts if count.kind in kinds]


def _present(counts: list[OwnerCount], kind: str) -> list[str]:
    """[kind] when the centre has open deadlines of it, else [] (nothing to ask the database)."""
    return [kind] if any(count.kind == kind for count in counts) else []


def _overdue_groups(counts: list[OwnerCount], first: list[Deadline], people: dict[int, User]) -> list[dict]:
    """The centre's overdue deadlines under their owners: each owner's count, with the owner's items
    among the centre's first overdue ones."""
    groups: dict[str, dict] = {}
    for count in counts:
        if not count.overdue:
            continue
        name = owner_name(count.owner_id, count.owner_role, people)
        if name not in groups:
            url = family_list_url(overdue="true")
            if count.owner_id in people and count.owner_role == Role.FAMILY_ASSISTANT:
                url = family_list_url(assistant=count.owner_id, overdue="true")
            elif count.owner_id in people and count.owner_role == Role.SOCIAL_WORKER:
                url = family_list_url(social_worker=count.owner_id, overdue="true")
            groups[name] = {"owner": name, "items": [], "count": 0, "url": url}
        groups[name]["count"] += count.overdue
    for deadline in first:
        groups[owner_name(deadline.owner_id, deadline.owner_role, people)]["items"].append(deadline)
    return [groups[name] for name in sorted(groups)]


def head_dashboard(user: User, counts: list[OwnerCount], today: datetime.date) -> dict:
    """The centre's overview: counted by the database, with only the first items of each list loaded."""
    centre = user.centre
    assistants = list(assistants_of_centre(user.centre_id))
    people = {person.pk: person for person in User.objects.filter(centre_id=user.centre_id)}
    # The counts tell which kinds have items at all: the others are not asked for.
    overdue_first = first_open(
        centre, DASHBOARD_ROWS, today=today, states=OVERDUE, kinds={c.kind for c in counts if c.overdue}
    )
    court = _of_counts(counts, DeadlineKind.COURT_OPINION)
    return {
        "requests": first_open(
            centre, DASHBOARD_ROWS, today=today, kinds=_present(counts, DeadlineKind.REQUEST_DECISION)
        ),
        "requests_summary": summary_of(_of_counts(counts, DeadlineKind.REQUEST_DECISION)),
        "caseload_chart": bar_chart(
            _("Families per assistant against the cap"),
            [
                Bar(str(profile), profile.active_families, limit=profile.caseload_cap)
                for profile in assistants
            ],
        ),
        "assistants_count": len(assistants),
        "overdue_groups": _overdue_groups(counts, overdue_first, people),
        "overdue_count": sum(count.overdue for count in counts),
        "overdue_url": family_list_url(overdue="true"),
        # As the court register's own "due this week" filter counts them: from today to Sunday (a
        # week's letters are few).
        "court_week": first_open(
            centre,
            COURT_WEEK_ROWS,
            today=today,
            kinds=_present(counts, DeadlineKind.COURT_OPINION),
            due_from=today,
            due_to=end_of_week(today),
        ),
        "court_week_url": court_register_url(deadline=DEADLINE_WEEK),
        "court_overdue": sum(count.overdue for count in court),
        "court_overdue_url": court_register_url(deadline=DEADLINE_OVERDUE),
        "reimbursements": reimbursements_waiting(centre, counts, today),
    }


def reimbursements_waiting(centre, counts: list[OwnerCount], today: datetime.date) -> dict:
    """Invoices of support families waiting for the head's decision, from the register."""
    return {
        **summary_of(_of_counts(counts, DeadlineKind.INVOICE_DECISION)),
        "items": first_open(
            centre, DASHBOARD_ROWS, today=today, kinds=_present(counts, DeadlineKind.INVOICE_DECISION)
        ),
        "url": f"{reverse('supportfamilies:invoice_list')}?{urlencode({'status': InvoiceStatus.REGISTERED})}",
        "contracts_ending": first_open(
            centre, DASHBOARD_ROWS, today=today, kinds=_present(counts, DeadlineKind.CONTRACT_END)
        ),
    }


def staff_dashboard(user: User, mine: list[Deadline]) -> dict:
    to_dispatch = [
        deadline
        for deadline in _of_kind(mine, DeadlineKind.COURT_OPINION)
        if deadline.owner_role == Role.STAFF
    ]
    # Letters of the register not yet answered (as the register itself counts them).
    register = court_register(user).filter(answered_on__isnull=True).count()
    return {
        "to_dispatch": to_dispatch[:DASHBOARD_ROWS],
        "to_dispatch_summary": _summary(to_dispatch),
        "to_dispatch_url": court_register_url(state=OpinionStatus.ISSUED),
        "register_open": register,
        "register_open_url": court_register_url(deadline=DEADLINE_OPEN),
    }


def dashboard_for(user: User, *, today: datetime.date | None = None) -> dict:
    """The start page's context: the user's own deadlines first, then each role's part.

    A person's own items are few and are loaded; the head's are the centre's, so the head's page
    counts them in the database and loads only the first of each list.
    """
    today = today or timezone.localdate()
    context: dict = {"today": today}
    if user.centre_id is None:
        return context
    if user.has_role(Role.HEAD):
        counts = open_counts(user.centre, today=today)
        own = [count for count in counts if count.is_owned_by(user)]
        context["attention"] = first_open(
            user.centre,
            DASHBOARD_ROWS,
            today=today,
            owner=user,
            states=ATTENTION,
            kinds={count.kind for count in own if count.overdue or count.due_soon},
        )
        context["attention_summary"] = summary_of(own, states=ATTENTION)
        context["head"] = head_dashboard(user, counts, today)
        # The head's work in another role (rare) is the person's own.
        other_roles = user.has_role(Role.SOCIAL_WORKER, Role.FAMILY_ASSISTANT, Role.STAFF)
        mine = deadlines_for(user, today=today) if other_roles else []
    else:
        mine = deadlines_for(user, today=today)
        context["attention"] = needing_attention(mine)
        context["attention_summary"] = _summary(context["attention"])
    if user.has_role(Role.SOCIAL_WORKER):
        context["worker"] = worker_dashboard(user, mine)
    if user.has_role(Role.FAMILY_ASSISTANT):
        context["assistant"] = assistant_dashboard(user, mine, today)
    if user.has_role(Role.STAFF):
        context["staff"] = staff_dashboard(user, mine)
    return context
