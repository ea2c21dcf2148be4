"""The register of deadlines: each kind due, due soon, overdue and met, with its owner; the family
list's "overdue" filter in the database; the figures of met and missed deadlines for a period.

The clock is moved instead of the data: every function of the register takes `today`.
"""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assistants.deadlines import (
    ASSESSMENT,
    COURT_OPINION,
    FIRST_PLAN,
    MONITORING_END,
    REQUEST_DECISION,
    request_decision_due,
)
from assistants.models import CourtOpinion, DispatchMethod
from assistants.services import assessments as assessments_services
from assistants.services import court as court_services
from assistants.services import lifecycle as lifecycle_services
from assistants.services import plans as plans_services
from assistants.tests.test_court import request_data, sections
from cases import services
from cases.deadlines import INTERVIEW
from cases.models import Family
from cases.selectors import interview_due_date
from conftest import INTERVIEW_DATA, build_family, days_ago
from familysupport import deadlines as register
from familysupport.deadlines import (
    DeadlineState,
    centre_deadlines,
    deadlines_met_and_missed,
    families_with_overdue,
    kinds,
)
from familysupport.models import StoredDeadline
from familysupport.workdays import add_working_days
from overview.deadlines import deadlines_for
from supportfamilies.deadlines import CONTRACT_END, INVOICE_DECISION

DAY = datetime.timedelta(days=1)


def only(deadlines, kind):
    return [deadline for deadline in deadlines if deadline.kind == kind]


def states_around(user, kind, due):
    """The state of the user's one deadline of `kind` seen well before, just before and after `due`."""
    seen = []
    for today in (due - datetime.timedelta(days=40), due - DAY, due + DAY):
        (deadline,) = only(deadlines_for(user, today=today), kind)
        assert deadline.due == due
        seen.append(deadline.state)
    return seen


def overdue_families(today):
    return set(families_with_overdue(Family.objects.all(), today=today).values_list("pk", flat=True))


def overdue_by(code, centre, today):
    """The families where the one kind of deadline is overdue, by its stored open rows."""
    rows = StoredDeadline.objects.filter(kind=code, centre=centre, is_open=True, due__lt=today)
    return set(rows.values_list("family_id", flat=True))


EXPECTED = [DeadlineState.DUE, DeadlineState.DUE_SOON, DeadlineState.OVERDUE]


# The environmental interview ------------------------------------------------------------------


def test_interview_is_due_fourteen_working_days_after_the_report_and_owned_by_the_worker(anna, sam):
    family = build_family(anna, received_on=datetime.date(2026, 10, 30))
    due = interview_due_date(family.reports.get())
    assert due == datetime.date(2026, 11, 20)
    assert states_around(anna, INTERVIEW, due) == EXPECTED
    assert deadlines_for(sam, today=due) == []
    assert overdue_families(due) == set() and overdue_families(due + DAY) == {family.pk}


def test_urgent_interview_is_due_in_two_working_days(anna):
    family = build_family(anna, urgent=True, received_on=datetime.date(2026, 11, 20))
    due = interview_due_date(family.reports.get())
    assert due == datetime.date(2026, 11, 24)
    assert states_around(anna, INTERVIEW, due) == EXPECTED
    assert overdue_families(due) == set() and overdue_families(due + DAY) == {family.pk}


def test_signed_interview_meets_the_deadline(anna, centre_a):
    family = build_family(anna, stage="interviewed", received_on=days_ago(5))
    due = interview_due_date(family.reports.get())
    assert only(deadlines_for(anna, today=due + DAY), INTERVIEW) == []
    assert overdue_families(due + 40 * DAY) == set()
    figures = deadlines_met_and_missed(centre_a, due - DAY, due + DAY, today=due + DAY)
    assert figures[INTERVIEW] == {"met": 1, "missed": 0}


def test_interview_not_carried_out_counts_as_missed(anna, centre_a):
    family = build_family(anna, received_on=days_ago(40))
    due = interview_due_date(family.reports.get())
    figures = deadlines_met_and_missed(centre_a, due - DAY, due + DAY)
    assert figures[INTERVIEW] == {"met": 0, "missed": 1}


# The head's decision on a request ------------------------------------------------------------


def test_request_waiting_for_the_head_is_the_heads_deadline(anna, helena, centre_a):
    family = build_family(anna, stage="submitted", head=helena)
    submitted = timezone.localdate(family.requests.get().submitted_at)
    due = add_working_days(submitted, centre_a.request_decision_days)
    assert request_decision_due(submitted, centre_a) == due
    assert states_around(helena, REQUEST_DECISION, due) == EXPECTED
    assert only(deadlines_for(anna, today=due + DAY), REQUEST_DECISION) == []
    assert overdue_families(due) == set() and overdue_families(due + DAY) == {family.pk}


def test_request_decision_days_are_set_per_centre(anna, helena, centre_a):
    centre_a.request_decision_days = 2
    centre_a.save()
    family = build_family(anna, stage="submitted", head=helena)
    submitted = timezone.localdate(family.requests.get().submitted_at)
    (deadline,) = only(deadlines_for(helena), REQUEST_DECISION)
    assert deadline.due == add_working_days(submitted, 2)


def test_decided_request_meets_the_deadline(anna, helena, adam, centre_a):
    build_family(anna, stage="assigned", head=helena, assistant=adam)
    today = timezone.localdate()
    assert only(deadlines_for(helena), REQUEST_DECISION) == []
    figures = deadlines_met_and_missed(centre_a, today, today + 30 * DAY)
    assert figures[REQUEST_DECISION] == {"met": 1, "missed": 0}


# The first work plan and the periodic assessment -------------------------------------------------


def test_first_plan_is_due_the_centres_days_after_work_starts(anna, helena, adam, agata):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    due = family.assignments.get().started_on + datetime.timedelta(days=family.centre.first_plan_days)
    assert states_around(adam, FIRST_PLAN, due) == EXPECTED
    assert deadlines_for(agata, today=due + DAY) == []
    assert overdue_families(due) == set() and overdue_families(due + DAY) == {family.pk}


def accept_plan(family, assistant):
    plan = plans_services.work_plan_create(actor=assistant, family=family)
    plans_services.work_plan_save(
        actor=assistant,
        plan=plan,
        data={"consulted_on": timezone.localdate(), "foster_care_coordinator": "", "child_help_plan": ""},
        goals=[
            {
                "goal": "Cel",
                "actions": "Działania",
                "performer": "assistant",
                "performer_name": "",
                "deadline": timezone.localdate() + 60 * DAY,
                "expected_effect": "Efekt",
                "status": "planned",
            }
        ],
    )
    plans_services.work_plan_accept(
        actor=assistant, plan=plan, accepted_by="Matka", accepted_on=timezone.localdate()
    )
    return plan


def test_accepted_plan_meets_the_first_plan_deadline(anna, helena, adam, centre_a):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    accept_plan(family, adam)
    due = family.assignments.get().started_on + datetime.timedelta(days=centre_a.first_plan_days)
    assert only(deadlines_for(adam, today=due + DAY), FIRST_PLAN) == []
    figures = deadlines_met_and_missed(centre_a, due, due, today=due + DAY)
    assert figures[FIRST_PLAN] == {"met": 1, "missed": 0}


def test_assessment_is_due_six_months_after_the_start_then_after_the_last(anna, helena, adam, centre_a):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    started = family.assignments.get().started_on
    due = started + relativedelta(months=6)
    plan = accept_plan(family, adam)  # else the first plan is overdue too
    assert states_around(adam, ASSESSMENT, due) == [
        DeadlineState.DUE,
        DeadlineState.DUE_SOON,
        DeadlineState.OVERDUE,
    ]
    assert overdue_families(due) == set() and overdue_families(due + DAY) == {family.pk}
    assessment = assessments_services.assessment_create(
        actor=adam,
        family=family,
        data={
            "period_from": started,
            "period_to": started,
            "goal_progress": {goal.pk: "Postęp." for goal in plan.goals.all()},
            **{area: "Opis." for area in ("care_upbringing", "household", "finances", "health")},
            **{area: "Opis." for area in ("work", "housing", "safety")},
            "cooperation": "Współpracuje.",
            "recommendation": "continue",
        },
    )
    assessments_services.assessment_submit(actor=adam, assessment=assessment)
    (deadline,) = only(deadlines_for(adam, today=due + DAY), ASSESSMENT)
    assert deadline.due == started + relativedelta(months=6)  # the period ended on the start day
    # The next one falls on the same day: open, not yet missed on the day, missed the day after.
    figures = deadlines_met_and_missed(centre_a, due, due, today=due)
    assert figures[ASSESSMENT] == {"met": 1, "missed": 0}
    figures = deadlines_met_and_missed(centre_a, due, due, today=due + DAY)
    assert figures[ASSESSMENT] == {"met": 1, "missed": 1}


# The court's opinion: its owner follows the opinion ----------------------------------------------


def test_court_opinion_owner_moves_from_assistant_to_head_to_staff(anna, helena, adam, stefan, centre_a):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    deadline_day = timezone.localdate() + 10 * DAY
    court_request = court_services.court_request_register(
        actor=stefan, family_reference=family.reference, data=request_data(deadline=deadline_day)
    )
    assert states_around(adam, COURT_OPINION, deadline_day) == EXPECTED
    assert only(deadlines_for(stefan), COURT_OPINION) == []
    assert family.pk in overdue_families(deadline_day + DAY)

    opinion = court_services.court_opinion_start(actor=adam, court_request=court_request)
    court_services.court_opinion_save(actor=adam, opinion=opinion, data=sections())
    court_services.court_opinion_submit(actor=adam, opinion=opinion)
    assert only(deadlines_for(adam), COURT_OPINION) == []
    assert len(only(deadlines_for(helena), COURT_OPINION)) == 1

    court_services.court_opinion_approve(actor=helena, opinion=opinion)
    assert only(deadlines_for(helena), COURT_OPINION) == []
    assert states_around(stefan, COURT_OPINION, deadline_day) == EXPECTED

    opinion = CourtOpinion.objects.get(pk=opinion.pk)
    court_services.court_opinion_dispatch(
        actor=stefan, opinion=opinion, dispatched_on=timezone.localdate(), method=DispatchMethod.POST
    )
    assert only(centre_deadlines(centre_a, today=deadline_day + DAY), COURT_OPINION) == []
    assert family.pk not in overdue_families(deadline_day + DAY)
    figures = deadlines_met_and_missed(centre_a, deadline_day, deadline_day, today=deadline_day + DAY)
    assert figures[COURT_OPINION] == {"met": 1, "missed": 0}


def test_court_opinion_not_dispatched_by_the_date_is_missed(anna, helena, adam, stefan, centre_a):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    court_services.court_request_register(
        actor=stefan, family_reference=family.reference, data=request_data(deadline=days_ago(1))
    )
    today = timezone.localdate()
    figures = deadlines_met_and_missed(centre_a, today - 7 * DAY, today)
    assert figures[COURT_OPINION] == {"met": 0, "missed": 1}


# The end of monitoring -----------------------------------------------------------------------------


def test_monitoring_end_is_the_assistants_and_closing_meets_it(anna, helena, adam, centre_a):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    accept_plan(family, adam)
    work_end = lifecycle_services.work_end(
        actor=adam,
        family=family,
        reason="goals_achieved",
        summary="Cele osiągnięte.",
        ended_on=timezone.localdate(),
    )
    due = work_end.monitoring_until
    assert states_around(adam, MONITORING_END, due) == EXPECTED
    assert family.pk in overdue_families(due + DAY)
    family.refresh_from_db()
    lifecycle_services.case_close(actor=helena, family=family)
    assert only(centre_deadlines(centre_a, today=due + DAY), MONITORING_END) == []
    figures = deadlines_met_and_missed(centre_a, due, due, today=due + DAY)
    assert figures[MONITORING_END] == {"met": 1, "missed": 0}


# Due-soon windows and other centres ---------------------------------------------------------------


def test_due_soon_window_is_set_per_centre(anna, centre_a):
    family = build_family(anna, received_on=datetime.date(2026, 10, 30))
    due = interview_due_date(family.reports.get())
    today = due - 10 * DAY
    assert only(deadlines_for(anna, today=today), INTERVIEW)[0].state == DeadlineState.DUE
    centre_a.interview_soon_days = 10
    centre_a.save()
    anna.refresh_from_db()
    assert only(deadlines_for(anna, today=today), INTERVIEW)[0].state == DeadlineState.DUE_SOON


def test_another_centres_deadlines_are_not_seen(anna, helena, bozena, bartosz, centre_b):
    build_family(anna, stage="submitted", head=helena)
    assert deadlines_for(bartosz) == [] and deadlines_for(bozena) == []
    assert centre_deadlines(centre_b) == []


def test_overdue_filter_costs_the_same_queries_whatever_the_number_of_families(anna, helena, adam):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            list(families_with_overdue(Family.objects.all(), today=days_ago(-400)))
        return len(queries)

    build_family(anna, received_on=days_ago(30))
    few = count_queries()
    for name in ("Rodzina Kowal", "Rodzina Lis", "Rodzina Wilk"):
        build_family(anna, stage="assigned", head=helena, assistant=adam, name=name)
    assert count_queries() == few


def test_overdue_filter_keeps_only_the_querysets_families(anna, sam):
    mine = build_family(anna, received_on=days_ago(30))
    build_family(sam, received_on=days_ago(30), name="Rodzina Lis")
    visible = Family.objects.filter(social_worker=anna)
    assert list(families_with_overdue(visible).values_list("pk", flat=True)) == [mine.pk]


def test_interview_draft_is_still_due(anna):
    family = build_family(anna, received_on=days_ago(30))
    interview = services.interview_start(actor=anna, family=family)
    services.interview_save_draft(
        actor=anna, interview=interview, data={**INTERVIEW_DATA, "conducted_on": None}
    )
    assert only(deadlines_for(anna), INTERVIEW)[0].state == DeadlineState.OVERDUE


@pytest.mark.parametrize("kind", [INTERVIEW])
def test_deadline_links_to_the_family(anna, kind):
    family = build_family(anna)
    (deadline,) = only(deadlines_for(anna), kind)
    assert deadline.url() == f"/families/{family.pk}/"
    assert deadline.family_reference == family.reference


# The family list's "overdue" filter (cases/filters.py) ---------------------------------------------


def list_names(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("cases:family_list"), params)
    assert response.status_code == 200
    return sorted(family.name for family in response.context["page"])


def test_family_list_filters_overdue_families(client, anna, sam, helena, adam):
    build_family(anna, received_on=days_ago(40), name="Rodzina Lis")  # interview overdue
    build_family(anna, received_on=days_ago(1), name="Rodzina Wilk")  # interview due
    build_family(sam, received_on=days_ago(40), name="Rodzina Sowa")  # Sam's, overdue
    build_family(anna, stage="assigned", head=helena, assistant=adam, name="Rodzina Kos")  # plan due
    assert list_names(client, helena, overdue="true") == ["Rodzina Lis", "Rodzina Sowa"]
    assert list_names(client, helena, overdue="false") == ["Rodzina Kos", "Rodzina Wilk"]
    assert list_names(client, anna, overdue="true") == ["Rodzina Lis"]
    assert list_names(client, helena, overdue="true", social_worker=sam.pk) == ["Rodzina Sowa"]


def test_family_list_overdue_filter_costs_the_same_queries_whatever_the_data(client, anna, helena):
    def queries():
        client.force_login(helena)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("cases:family_list"), {"overdue": "true"}).status_code == 200
        return len(captured)

    build_family(anna, received_on=days_ago(40), name="Rodzina Lis")
    few = queries()
    for name in ("Rodzina Wilk", "Rodzina Sowa", "Rodzina Kos"):
        build_family(anna, received_on=days_ago(40), name=name)
    assert queries() == few


def test_family_list_overdue_filter_shows_nothing_of_another_centre(client, anna, bartosz):
    build_family(anna, received_on=days_ago(40))
    assert list_names(client, bartosz, overdue="true") == []


# Support families: the end of a contract and an invoice waiting for a decision ----------------------


def test_contract_end_is_the_heads_and_a_termination_meets_it(anna, helena, adam, centre_a):
    from supportfamilies import services as support_services
    from supportfamilies.tests.builders import signed_contract

    contract = signed_contract(anna, head=helena, assistant=adam)
    due = contract.valid_to
    assert states_around(helena, CONTRACT_END, due) == [
        DeadlineState.DUE,
        DeadlineState.DUE_SOON,  # the centre's window is 30 days
        DeadlineState.OVERDUE,
    ]
    family_id = contract.support_family.family_id
    assert overdue_by(CONTRACT_END, centre_a, due + DAY) == {family_id}
    assert overdue_by(CONTRACT_END, centre_a, due) == set()
    support_services.contract_terminate(
        actor=helena, contract=contract, terminated_on=timezone.localdate(), reason="agreement"
    )
    assert only(deadlines_for(helena, today=due + DAY), CONTRACT_END) == []
    figures = deadlines_met_and_missed(centre_a, due, due, today=due + DAY)
    assert figures[CONTRACT_END] == {"met": 1, "missed": 0}


def test_invoice_waits_the_centres_working_days_for_the_heads_decision(anna, helena, adam, stefan, centre_a):
    from supportfamilies import services as support_services
    from supportfamilies.tests.builders import invoice_data, signed_contract

    contract = signed_contract(anna, head=helena, assistant=adam)
    invoice = support_services.invoice_register(actor=stefan, contract=contract, data=invoice_data())
    due = add_working_days(invoice.registered_on, centre_a.invoice_decision_days)
    assert states_around(helena, INVOICE_DECISION, due) == EXPECTED
    assert only(deadlines_for(adam, today=due + DAY), INVOICE_DECISION) == []
    assert overdue_by(INVOICE_DECISION, centre_a, due + DAY) == {contract.support_family.family_id}
    assert overdue_by(INVOICE_DECISION, centre_a, due) == set()
    support_services.invoice_approve(actor=helena, invoice=invoice)
    assert only(deadlines_for(helena, today=due + DAY), INVOICE_DECISION) == []
    figures = deadlines_met_and_missed(centre_a, due, due, today=due + DAY)
    assert figures[INVOICE_DECISION] == {"met": 1, "missed": 0}


def test_every_deadline_setting_of_the_centre_is_in_the_admin():
    from familysupport.admin import CentreAdmin
    from familysupport.models import Centre

    shown = {name for _title, options in CentreAdmin.fieldsets for name in options["fields"]}
    assert shown == {field.name for field in Centre._meta.fields if field.name != "id"}
    assert {f"{kind.code}_soon_days" for kind in kinds()} <= shown


def test_a_users_deadlines_are_only_those_of_the_families_given_as_visible(anna):
    seen = build_family(anna, received_on=days_ago(40), name="Rodzina Lis")
    build_family(anna, received_on=days_ago(40), name="Rodzina Wilk")
    visible = Family.objects.filter(pk=seen.pk)
    assert [d.family_id for d in register.deadlines_for(anna, visible=visible)] == [seen.pk]
    assert len(deadlines_for(anna)) == 2
