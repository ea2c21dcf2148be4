"""Stored deadlines (familysupport.models.StoredDeadline): every kind's stored date is the one its
rule computes from scratch, on the demo and on random data built through the services; the rows
written step by step are those a recompute writes; a change of the calendar or of a centre's days
dates them anew."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistants.deadlines import (
    ASSESSMENT,
    COURT_OPINION,
    FIRST_PLAN,
    MONITORING_END,
    REQUEST_DECISION,
    request_decision_due,
)
from assistants.models import Assessment, AssessmentStatus, Assignment, CourtRequest, WorkEnd
from assistants.selectors.assessments import assessment_due_after, next_assessment_due
from assistants.selectors.plans import first_plan_due
from assistants.services import court as court_services
from assistants.tests.test_court import request_data
from cases.deadlines import INTERVIEW
from cases.models import AssignmentRequest, Report, interview_due
from conftest import STAGES, build_family, days_ago, rewrite
from familysupport import deadlines, workdays
from familysupport.deadlines import recompute
from familysupport.models import Centre, StoredDeadline
from familysupport.tests.test_deadlines import accept_plan
from institutions.deadlines import CONFERENCE_TASK, LETTER_REPLY
from institutions.models import ConferenceTask, Letter
from monitoring.deadlines import REVIEW as MONITORING_REVIEW
from monitoring.models import MonitoringPlan, review_due_after
from supportfamilies.deadlines import CONTRACT_END, INVOICE_DECISION, invoice_decision_due
from supportfamilies.models import Contract, Invoice

FIELDS = ("kind", "object_id", "centre_id", "family_id", "owner_id", "owner_role", "due", "met_on", "is_open")


def stored() -> list[tuple]:
    return sorted(StoredDeadline.objects.values_list(*FIELDS, "on_time", "counted"), key=str)


def rule_dues(row: StoredDeadline) -> set[datetime.date]:
    """The due dates the kind's rule gives the row's object, computed here from the object itself."""
    if row.kind == INTERVIEW:
        report = Report.objects.get(pk=row.object_id)
        return {interview_due(report.received_on, urgent=report.urgent)}
    if row.kind == REQUEST_DECISION:
        request = AssignmentRequest.objects.select_related("family__centre").get(pk=row.object_id)
        return {request_decision_due(timezone.localdate(request.submitted_at), request.family.centre)}
    if row.kind == FIRST_PLAN:
        return {first_plan_due(Assignment.objects.select_related("family__centre").get(pk=row.object_id))}
    if row.kind == ASSESSMENT:
        assignment = Assignment.objects.get(pk=row.object_id)
        if row.is_open:
            return {next_assessment_due(assignment)}
        # An assessment made met the one due after the start of work or after a period assessed.
        assessed = Assessment.objects.filter(
            assignment=assignment, status__in=(AssessmentStatus.SUBMITTED, AssessmentStatus.ACKNOWLEDGED)
        )
        starts = [assignment.started_on, *assessed.values_list("period_to", flat=True)]
        return {assessment_due_after(start) for start in starts}
    if row.kind == COURT_OPINION:
        return {CourtRequest.objects.get(pk=row.object_id).deadline}
    if row.kind == MONITORING_END:
        return {WorkEnd.objects.get(pk=row.object_id).monitoring_until}
    if row.kind == CONTRACT_END:
        return {Contract.objects.get(pk=row.object_id).valid_to}
    if row.kind == INVOICE_DECISION:
        invoice = Invoice.objects.select_related("contract__centre").get(pk=row.object_id)
        return {invoice_decision_due(invoice.registered_on, invoice.contract.centre)}
    if row.kind == MONITORING_REVIEW:
        # The first review a period after the start; each next on the date the review before set.
        plan = MonitoringPlan.objects.get(pk=row.object_id)
        nexts = plan.reviews.current().exclude(next_review_on=None).values_list("next_review_on", flat=True)
        return {review_due_after(plan.started_on, every=plan.every, interval=plan.interval), *nexts}
    if row.kind == LETTER_REPLY:
        return {Letter.objects.get(pk=row.object_id).reply_due}
    if row.kind == CONFERENCE_TASK:
        return {ConferenceTask.objects.get(pk=row.object_id).due_on}
    raise AssertionError(f"no rule for {row.kind}")


def assert_every_stored_date_is_the_rules():
    for row in StoredDeadline.objects.all():
        assert row.due in rule_dues(row), (row.kind, row.object_id, row.due)


def assert_the_steps_stored_what_a_recompute_stores():
    step_by_step = stored()
    recompute()
    assert stored() == step_by_step


# Random data, built through the services --------------------------------------------------------

family_shapes = st.lists(
    st.fixed_dictionaries(
        {
            "received": st.integers(min_value=0, max_value=60),
            "urgent": st.booleans(),
            "stage": st.sampled_from(STAGES),
            "plan": st.booleans(),
            "court_in": st.none() | st.integers(min_value=-9, max_value=30),
        }
    ),
    min_size=1,
    max_size=2,
)


@pytest.mark.django_db
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shapes=family_shapes)
def test_on_random_data_the_steps_store_each_kind_at_the_date_its_rule_computes(
    shapes, anna, helena, adam, stefan
):
    with transaction.atomic():
        for shape in shapes:
            family = build_family(
                anna,
                stage=shape["stage"],
                head=helena,
                assistant=adam,
                urgent=shape["urgent"],
                received_on=days_ago(shape["received"]),
            )
            if shape["stage"] == "assigned" and shape["plan"]:
                accept_plan(family, adam)
            if shape["court_in"] is not None and shape["stage"] != "reported":
                court_services.court_request_register(
                    actor=stefan,
                    family_reference=family.reference,
                    data=request_data(
                        deadline=timezone.localdate() + datetime.timedelta(days=shape["court_in"])
                    ),
                )
        assert StoredDeadline.objects.exists()
        assert_every_stored_date_is_the_rules()
        assert_the_steps_stored_what_a_recompute_stores()
        transaction.set_rollback(True)


def test_each_step_stores_and_meets_its_deadline_in_its_own_transaction(anna, helena, adam):
    family = build_family(anna, stage="submitted", head=helena)
    (request,) = StoredDeadline.objects.filter(kind=REQUEST_DECISION)
    assert request.is_open and request.met_on is None and request.family_id == family.pk
    (interview,) = StoredDeadline.objects.filter(kind=INTERVIEW)
    assert not interview.is_open and interview.on_time and interview.met_on == timezone.localdate()
    build_family(anna, stage="assigned", head=helena, assistant=adam, name="Rodzina Kowalska")
    assert StoredDeadline.objects.filter(kind=FIRST_PLAN, is_open=True, owner_id=adam.pk).count() == 1


# A change of the calendar or of the centre's days ---------------------------------------------


@pytest.fixture
def calendar():
    """The working-day calendar, its remembered answers forgotten before and after the test."""
    workdays.add_working_days.cache_clear()
    yield workdays
    workdays.add_working_days.cache_clear()


def test_a_new_public_holiday_dates_the_deadlines_anew_by_the_command(anna, centre_a, calendar, monkeypatch):
    # A Monday report: its interview is due fourteen working days later.
    monday = days_ago(40) - datetime.timedelta(days=days_ago(40).weekday())
    build_family(anna, received_on=monday)
    before = StoredDeadline.objects.get(kind=INTERVIEW).due
    holidays = calendar._public_holidays(monday.year) | {monday + datetime.timedelta(days=1)}
    # The holidays package learns of a new holiday on the Tuesday after the report.
    monkeypatch.setattr(calendar, "_public_holidays", lambda year: holidays)
    calendar.add_working_days.cache_clear()
    assert StoredDeadline.objects.get(kind=INTERVIEW).due == before  # stored once, kept
    out = StringIO()
    call_command("recompute_deadlines", stdout=out)
    after = StoredDeadline.objects.get(kind=INTERVIEW).due
    assert after == interview_due(monday, urgent=False) and after > before
    assert "deadlines stored" in out.getvalue()


def test_a_centres_days_changed_in_the_admin_date_its_deadlines_anew(
    client, anna, helena, centre_a, centre_b
):
    from django.forms.models import model_to_dict

    from familysupport.models import User

    build_family(anna, stage="submitted", head=helena)
    submitted = timezone.localdate(AssignmentRequest.objects.get().submitted_at)
    root = User.objects.create_superuser("root", "root@example.com", "Korzen-Admina-2026", centre=centre_a)
    client.force_login(root)
    data = {key: value for key, value in model_to_dict(centre_a).items() if value is not None}
    response = client.post(
        reverse("admin:familysupport_centre_change", args=[centre_a.pk]), {**data, "request_decision_days": 3}
    )
    assert response.status_code == 302
    (row,) = StoredDeadline.objects.filter(kind=REQUEST_DECISION)
    assert row.due == workdays.add_working_days(submitted, 3)


def test_the_command_stores_one_centre_only_when_asked(anna, bozena, centre_a, centre_b):
    build_family(anna)
    build_family(bozena)
    rewrite(Centre.objects.filter(pk=centre_b.pk), name=centre_b.name)
    StoredDeadline.objects.all().delete()
    call_command("recompute_deadlines", centre=centre_a.code, stdout=StringIO())
    assert set(StoredDeadline.objects.values_list("centre_id", flat=True)) == {centre_a.pk}


# Reading the rows -------------------------------------------------------------------------------


def test_my_deadlines_is_one_page_of_rows_at_the_same_queries_whatever_their_number(client, anna):
    build_family(anna)
    client.force_login(anna)
    with CaptureQueriesContext(connection) as one:
        response = client.get(reverse("my_deadlines"))
    assert len(response.context["deadlines"]) == 1
    for number in range(3):
        build_family(anna, name=f"Rodzina Nowak {number}")
    with CaptureQueriesContext(connection) as four:
        response = client.get(reverse("my_deadlines"))
    assert len(response.context["deadlines"]) == 4
    assert response.context["page"].paginator.count == 4
    assert len(four) == len(one)


def test_the_register_reads_the_stored_rows_not_the_apps_tables(anna, helena, centre_a):
    build_family(anna)
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as queries:
        deadlines.open_counts(centre_a, today=today)
        deadlines.first_open(centre_a, 10, today=today)
        deadlines.deadlines_met_and_missed(centre_a, today - datetime.timedelta(days=180), today, today=today)
    assert len(queries) == 3
    assert all("familysupport_storeddeadline" in query["sql"] for query in queries)
