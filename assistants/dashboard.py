"""The assistants app's parts of the start page (registered in AssistantsConfig.ready as
START_PANELS): the assistant's own work, the head's requests, caseload and court week, and staff's
court letters. Every deadline comes from the register; every count links to the filtered list."""

import datetime
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assistants.deadlines import ASSESSMENT, COURT_OPINION, FIRST_PLAN, MONITORING_END, REQUEST_DECISION
from assistants.filters import DEADLINE_OPEN, DEADLINE_OVERDUE, DEADLINE_WEEK, end_of_week
from assistants.models import AssessmentStatus, OpinionStatus, Visit
from assistants.selectors.assessments import assessments_awaiting_acknowledgement
from assistants.selectors.court import awaiting_sign_off, court_register
from assistants.selectors.lifecycle import assignments_of, assistants_of_centre
from cases.dashboard import family_list_url
from familysupport.charts import Bar, bar_chart
from familysupport.deadlines import (
    Deadline,
    OpenList,
    OwnerCount,
    counts_of,
    of_kind,
    summary_of,
    summary_of_deadlines,
)
from familysupport.models import Role, User
from familysupport.panels import DASHBOARD_ROWS, Panel, Queue, QueueItem

# A week's court deadlines are listed whole (the court register has them all).
COURT_WEEK_ROWS = 100
ASSISTANT_KINDS = (FIRST_PLAN, ASSESSMENT, COURT_OPINION, MONITORING_END)


def court_register_url(**params) -> str:
    """The court register filtered by `params` (assistants/filters.py CourtRequestFilter)."""
    return f"{reverse('assistants:court_register')}?{urlencode(params)}"


def assistant_panel(user: User, today: datetime.date, *, mine: list[Deadline], counts: list) -> dict:
    month = today.replace(day=1)
    centre_id = user.centre_id
    assert centre_id is not None  # a role holder has a centre (`User.roles` is empty without one)
    visits = (
        Visit.objects.current()
        .filter(assistant=user, family__centre_id=centre_id, date__gte=month, date__lte=today)
        .aggregate(contacts=Count("pk"), families=Count("family", distinct=True))
    )
    work = of_kind(mine, *ASSISTANT_KINDS)
    return {
        "deadlines": work[:DASHBOARD_ROWS],
        "summary": summary_of_deadlines(work),
        "plans": summary_of_deadlines(of_kind(work, FIRST_PLAN)),
        "assessments": summary_of_deadlines(of_kind(work, ASSESSMENT)),
        "court": summary_of_deadlines(of_kind(work, COURT_OPINION)),
        "monitoring": of_kind(work, MONITORING_END)[:DASHBOARD_ROWS],
        "visits": visits,
        "month": month,
        "assignments": assignments_of(user)[:DASHBOARD_ROWS],
        "families_url": family_list_url(assistant=user.pk),
        "overdue_url": family_list_url(assistant=user.pk, overdue="true"),
    }


def head_requests_lists(user: User, today: datetime.date) -> dict[str, OpenList]:
    return {"requests": OpenList(DASHBOARD_ROWS, kinds=(REQUEST_DECISION,))}


def head_requests_panel(
    user: User,
    today: datetime.date,
    *,
    mine: list,
    counts: list[OwnerCount],
    lists: dict[str, list[Deadline]],
) -> dict:
    """Requests waiting for the head's decision: counted, and only the first loaded."""
    return {
        "requests": lists["requests"],
        "requests_summary": summary_of(counts_of(counts, REQUEST_DECISION)),
    }


def head_caseload_panel(user: User, today: datetime.date, *, mine: list, counts: list) -> dict:
    centre_id = user.centre_id
    assert centre_id is not None  # a role holder has a centre (`User.roles` is empty without one)
    assistants = list(assistants_of_centre(centre_id))
    return {
        "caseload_chart": bar_chart(
            _("Families per assistant against the cap"),
            [
                Bar(str(profile), profile.active_families, limit=profile.caseload_cap)
                for profile in assistants
            ],
        ),
        "assistants_count": len(assistants),
    }


def head_court_week_lists(user: User, today: datetime.date) -> dict[str, OpenList]:
    # As the court register's own "due this week" filter counts them: from today to Sunday (a
    # week's letters are few).
    return {
        "court_week": OpenList(
            COURT_WEEK_ROWS, kinds=(COURT_OPINION,), due_from=today, due_to=end_of_week(today)
        )
    }


def head_court_week_panel(
    user: User,
    today: datetime.date,
    *,
    mine: list,
    counts: list[OwnerCount],
    lists: dict[str, list[Deadline]],
) -> dict:
    court = counts_of(counts, COURT_OPINION)
    return {
        "court_week": lists["court_week"],
        "court_week_url": court_register_url(deadline=DEADLINE_WEEK),
        "court_overdue": sum(count.overdue for count in court),
        "court_overdue_url": court_register_url(deadline=DEADLINE_OVERDUE),
    }


def _day(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def head_sign_off_panel(user: User, today: datetime.date, *, mine: list, counts: list) -> dict:
    """Opinions for a court waiting for the head's sign-off: each opens on its own page, where the
    head reads it and signs it off or returns it; the count opens the register filtered to them."""
    waiting = awaiting_sign_off(court_register(user))
    count = waiting.count()
    first = list(waiting[:DASHBOARD_ROWS]) if count else []
    return {
        "sign_off": Queue(
            title=_("Opinions waiting for your sign-off"),
            count=count,
            url=court_register_url(state=OpinionStatus.SUBMITTED),
            items=[
                QueueItem(
                    label=f"{entry.family_reference} · {entry.case_signature}",
                    url=reverse("assistants:court_opinion_detail", args=[entry.family_id, entry.opinion_id]),
                    detail=_("%(court)s, deadline %(deadline)s")
                    % {"court": entry.court, "deadline": _day(entry.deadline)},
                )
                for entry in first
            ],
            empty=_("No opinion waits for your sign-off."),
        )
    }


def head_acknowledge_panel(user: User, today: datetime.date, *, mine: list, counts: list) -> dict:
    """Periodic assessments submitted to the head, waiting to be acknowledged: each opens on its
    own page; the count opens the families list filtered to the families with one waiting."""
    waiting = assessments_awaiting_acknowledgement(user)
    count = waiting.count()
    first = list(waiting[:DASHBOARD_ROWS]) if count else []
    return {
        "acknowledge": Queue(
            title=_("Assessments to acknowledge"),
            count=count,
            url=family_list_url(assessment=AssessmentStatus.SUBMITTED),
            items=[
                QueueItem(
                    label=assessment.family.reference,
                    url=reverse("assistants:assessment_detail", args=[assessment.family_id, assessment.pk]),
                    detail=_("period %(start)s – %(end)s")
                    % {"start": _day(assessment.period_from), "end": _day(assessment.period_to)},
                )
                for assessment in first
            ],
            empty=_("No assessment waits for your acknowledgement."),
        )
    }


def staff_panel(user: User, today: datetime.date, *, mine: list[Deadline], counts: list) -> dict:
    to_dispatch = [deadline for deadline in of_kind(mine, COURT_OPINION) if deadline.owner_role == Role.STAFF]
    # Letters of the register not yet answered (as the register itself counts them).
    register = court_register(user).filter(answered_on__isnull=True).count()
    return {
        "to_dispatch": to_dispatch[:DASHBOARD_ROWS],
        "to_dispatch_summary": summary_of_deadlines(to_dispatch),
        "to_dispatch_url": court_register_url(state=OpinionStatus.ISSUED),
        "register_open": register,
        "register_open_url": court_register_url(deadline=DEADLINE_OPEN),
    }


PANELS = (
    Panel(
        "assistant",
        part="assistant",
        roles=(Role.FAMILY_ASSISTANT,),
        order=20,
        template="assistants/_panel_assistant.html",
        context=assistant_panel,
    ),
    Panel(
        "head_requests",
        part="head",
        roles=(Role.HEAD,),
        order=30,
        template="assistants/_panel_head_requests.html",
        context=head_requests_panel,
        lists=head_requests_lists,
    ),
    Panel(
        "head_sign_off",
        part="head",
        roles=(Role.HEAD,),
        order=32,
        template="assistants/_panel_head_sign_off.html",
        context=head_sign_off_panel,
    ),
    Panel(
        "head_acknowledge",
        part="head",
        roles=(Role.HEAD,),
        order=34,
        template="assistants/_panel_head_acknowledge.html",
        context=head_acknowledge_panel,
    ),
    Panel(
        "head_caseload",
        part="head",
        roles=(Role.HEAD,),
        order=40,
        template="assistants/_panel_head_caseload.html",
        context=head_caseload_panel,
    ),
    Panel(
        "head_court_week",
        part="head",
        roles=(Role.HEAD,),
        order=60,
        template="assistants/_panel_head_court_week.html",
        context=head_court_week_panel,
        lists=head_court_week_lists,
    ),
    Panel(
        "staff",
        part="staff",
        roles=(Role.STAFF,),
        order=80,
        template="assistants/_panel_staff.html",
        context=staff_panel,
    ),
)
