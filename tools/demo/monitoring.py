"""The demo's monitoring of a child's situation, through the services: in each centre a plan with
a review overdue, one with a review due soon, one ended, and one escalated at a review to a
request for an assistant (on a family of its own, which the escalation moves to the request)."""

import datetime

from cases import services as case_services
from cases.models import Family, FamilyRole
from familysupport.models import User
from monitoring import services
from monitoring.models import Escalation, Interval, MonitoringPlan, PlanBasis
from tools.demo import cases as demo_cases

# The showcase family of each plan and the plan's state: (surname, state).
PLANS = (
    ("Michalski", "overdue"),
    ("Stępień", "due_soon"),
    ("Olszewski", "ended"),
)
# The family registered for the escalated plan (by the first worker), after the showcase's.
ESCALATED_FAMILY = "Kowalczyk"
ESCALATED_WORKER = 0

WATCHED = {
    "overdue": "Frekwencja dzieci w szkole, opieka i higiena, czy matka korzysta z poradnictwa.",
    "due_soon": "Sytuacja dzieci po skierowaniu sprawy do CUS: szkoła, zdrowie, opieka po lekcjach.",
    "ended": "Opieka nad dziećmi i kontakty ze szkołą po odmowie przydzielenia asystenta.",
    "escalated": "Zaniedbania w opiece nad najmłodszym dzieckiem; kontakty z pielęgniarką środowiskową.",
}


def _plan(
    worker: User,
    family: Family,
    *,
    state: str,
    basis: str,
    started_on: datetime.date,
    every=1,
    interval=Interval.MONTHS,
) -> MonitoringPlan:
    return services.plan_create(
        actor=worker,
        family=family,
        data={
            "basis": basis,
            "children": list(family.members.current().filter(role=FamilyRole.CHILD)),
            "watched": WATCHED[state],
            "every": every,
            "interval": interval,
            "started_on": started_on,
        },
    )


def seed_monitoring(
    *, families: dict[str, Family], workers: dict[str, User], head: User, index: int, today: datetime.date
) -> Family:
    """The plans at each state; returns the family registered for the escalated one."""
    day = datetime.timedelta
    basis = {
        "Michalski": PlanBasis.OTHER_SUPPORT,
        "Stępień": PlanBasis.REFERRED,
        "Olszewski": PlanBasis.REQUEST_REFUSED,
    }
    for surname, state in PLANS:
        family = families[surname]
        worker = family.social_worker
        if state == "overdue":
            # Started seven weeks ago, reviewed monthly: the first review was due three weeks ago.
            _plan(worker, family, state=state, basis=basis[surname], started_on=today - day(weeks=7))
        elif state == "due_soon":
            plan = _plan(
                worker,
                family,
                state=state,
                basis=basis[surname],
                started_on=today - day(days=30),
                every=3,
                interval=Interval.WEEKS,
            )
            services.review_log(
                actor=worker,
                plan=plan,
                reviewed_on=today - day(days=16),
                situation="stable",
                findings="Dzieci chodzą do szkoły; matka współpracuje z pedagogiem.",
                next_review_on=today + day(days=3),
            )
            # A review logged on the wrong plan, withdrawn with its reason.
            mistaken = services.review_log(
                actor=worker,
                plan=plan,
                reviewed_on=today - day(days=15),
                situation="worse",
                findings="Wpis dotyczył innej rodziny.",
                next_review_on=today + day(days=6),
            )
            services.review_withdraw(
                actor=worker, review=mistaken, reason="Przegląd wpisany do niewłaściwej rodziny."
            )
        else:
            plan = _plan(worker, family, state=state, basis=basis[surname], started_on=today - day(days=120))
            services.review_log(
                actor=worker,
                plan=plan,
                reviewed_on=today - day(days=90),
                situation="improving",
                findings="Sytuacja dzieci poprawia się; rodzina korzysta z poradni.",
                next_review_on=today - day(days=60),
            )
            services.review_log(
                actor=worker,
                plan=plan,
                reviewed_on=today - day(days=62),
                situation="stable",
                findings="Sytuacja stabilna; szkoła nie zgłasza zastrzeżeń.",
                next_review_on=today - day(days=32),
            )
            services.plan_end(
                actor=worker,
                plan=plan,
                ended_on=today - day(days=35),
                reason="safe",
                summary="Sytuacja dzieci stabilna od kilku miesięcy; monitorowanie nie jest już potrzebne.",
            )
    worker = workers[ESCALATED_WORKER]
    received = today - day(days=100)
    family = demo_cases.showcase_family(
        worker=worker,
        head=head,
        assistant=None,
        surname=ESCALATED_FAMILY,
        stage="no_assistant",
        index=index,
        received=received,
        started_on=today,
    )
    case_services.consent_record(
        actor=worker, family=family, data=demo_cases.consent_data("no_assistant", ESCALATED_FAMILY, received)
    )
    plan = _plan(
        worker, family, state="escalated", basis=PlanBasis.OTHER_SUPPORT, started_on=today - day(days=60)
    )
    services.review_log(
        actor=worker,
        plan=plan,
        reviewed_on=today - day(days=30),
        situation="stable",
        findings="Matka korzysta z poradnictwa; dziecko pod opieką pielęgniarki.",
        next_review_on=today - day(days=5),
    )
    services.review_log(
        actor=worker,
        plan=plan,
        reviewed_on=today - day(days=4),
        situation="worse",
        findings="Najmłodsze dziecko niedożywione, matka przestała przychodzić do poradni; "
        "potrzebny asystent rodziny.",
        next_review_on=None,
        escalation=Escalation.ASSISTANT_REQUEST,
    )
    return family
