"""Builders of the monitoring's tests: a family whose path ended without an assistant, and a plan."""

import datetime

from cases import services as case_services
from cases.models import AnalysisConclusion, Family, FamilyRole
from conftest import basis_data, build_family, days_ago
from monitoring import services
from monitoring.models import Interval, MonitoringPlan, PlanBasis


def family_without_assistant(worker, *, name: str = "Rodzina Nowak", consent: bool = True) -> Family:
    """A family whose analysis chose other forms of support (status NO_ASSISTANT)."""
    family = build_family(worker, stage="interviewed", name=name)
    case_services.analysis_record(
        actor=worker,
        family=family,
        conclusion=AnalysisConclusion.OTHER_SUPPORT,
        support_forms=["day_support"],  # a form the team gives no service of
        justification="Poradnictwo wystarczy",
    )
    if consent:
        case_services.consent_record(actor=worker, family=family, data=basis_data())
    family.refresh_from_db()
    return family


def plan_data(family: Family, **changes) -> dict:
    return {
        "basis": PlanBasis.OTHER_SUPPORT,
        "children": list(family.members.current().filter(role=FamilyRole.CHILD)),
        "watched": "Frekwencja w szkole, opieka i higiena",
        "every": 1,
        "interval": Interval.MONTHS,
        "started_on": days_ago(10),
        **changes,
    }


def make_plan(worker, family: Family, **changes) -> MonitoringPlan:
    return services.plan_create(actor=worker, family=family, data=plan_data(family, **changes))


def review(worker, plan, *, on: datetime.date | None = None, next_on: datetime.date | None = None, **changes):
    on = on or days_ago(0)
    return services.review_log(
        actor=worker,
        plan=plan,
        reviewed_on=on,
        findings=changes.pop("findings", "Dziecko chodzi do szkoły"),
        situation=changes.pop("situation", "stable"),
        next_review_on=next_on if next_on is not None else plan.review_due_after(on),
        **changes,
    )
