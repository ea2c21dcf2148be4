"""The start page of each role: its own work first, counts that link to the filtered lists, nothing
of another centre, and a number of queries that does not grow with the caseload."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assistants.deadlines import COURT_OPINION
from assistants.models import DecisionOutcome
from assistants.services import court as court_services
from assistants.services import lifecycle as lifecycle_services
from assistants.tests.test_court import request_data, sections
from conftest import build_family, days_ago

HOME = "/"


def context_of(client, user):
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.context


def test_social_worker_sees_own_interviews_returned_requests_and_families_without_next_step(
    client, anna, sam, helena
):
    overdue = build_family(anna, received_on=days_ago(40), name="Rodzina Lis")
    build_family(anna, received_on=days_ago(1), name="Rodzina Wilk")
    build_family(sam, received_on=days_ago(40), name="Rodzina Sowa")
    context = context_of(client, anna)
    worker = context["worker"]
    assert worker["interviews_summary"] == {"overdue": 1, "due_soon": 0, "total": 2}
    assert {d.family_id for d in worker["interviews"]} >= {overdue.pk}
    assert worker["returned"] == 0
    assert f"social_worker={anna.pk}" in worker["overdue_url"] and "overdue=true" in worker["overdue_url"]
    assert [d.family_id for d in context["attention"]] == [overdue.pk]
    assert "head" not in context and "assistant" not in context


def test_social_worker_counts_returned_requests(client, anna, helena):
    family = build_family(anna, stage="submitted", head=helena)
    lifecycle_services.assignment_request_decide(
        actor=helena, request=family.requests.get(), outcome=DecisionOutcome.RETURN, comment="Uzupełnić."
    )
    assert context_of(client, anna)["worker"]["returned"] == 1


def test_assistant_sees_plans_assessments_court_opinions_and_visits(
    client, anna, helena, adam, agata, stefan
):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    court_services.court_request_register(
        actor=stefan, family_reference=family.reference, data=request_data(deadline=days_ago(-3))
    )
    assistant = context_of(client, adam)["assistant"]
    assert assistant["plans"] == {"overdue": 0, "due_soon": 0, "total": 1}
    assert assistant["assessments"]["total"] == 1
    assert assistant["court"] == {"overdue": 0, "due_soon": 1, "total": 1}
    assert assistant["visits"] == {"contacts": 0, "families": 0}
    assert context_of(client, agata)["assistant"]["summary"]["total"] == 0


def test_head_sees_requests_caseload_overdue_by_owner_and_court_week(client, anna, helena, adam, stefan):
    build_family(anna, stage="submitted", head=helena, name="Rodzina Lis")
    build_family(anna, received_on=days_ago(40), name="Rodzina Wilk")
    assigned = build_family(anna, stage="assigned", head=helena, assistant=adam)
    court_services.court_request_register(
        actor=stefan, family_reference=assigned.reference, data=request_data(deadline=days_ago(0))
    )
    head = context_of(client, helena)["head"]
    assert head["requests_summary"]["total"] == 1
    assert [row["bar"].value for row in head["caseload_chart"]["rows"]] == [1]
    assert [row["bar"].limit for row in head["caseload_chart"]["rows"]] == [15]
    assert head["overdue_count"] == 1
    (group,) = head["overdue_groups"]
    assert group["owner"] == str(anna) and f"social_worker={anna.pk}" in group["url"]
    assert [d.kind for d in head["court_week"]] == [COURT_OPINION]


def test_staff_sees_opinions_to_dispatch_and_the_register(client, anna, helena, adam, stefan):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    court_request = court_services.court_request_register(
        actor=stefan, family_reference=family.reference, data=request_data(deadline=days_ago(-1))
    )
    staff = context_of(client, stefan)["staff"]
    assert staff["register_open"] == 1 and staff["to_dispatch"] == []
    opinion = court_services.court_opinion_start(actor=adam, court_request=court_request)
    court_services.court_opinion_save(actor=adam, opinion=opinion, data=sections())
    court_services.court_opinion_submit(actor=adam, opinion=opinion)
    court_services.court_opinion_approve(actor=helena, opinion=opinion)
    context = context_of(client, stefan)
    (item,) = context["staff"]["to_dispatch"]
    assert item.url() == reverse("assistants:court_register_detail", args=[court_request.pk])
    assert context["attention"] == [item]
    assert family.name not in client.get(HOME).content.decode()  # staff see the reference, not the case


def test_another_centre_sees_none_of_it(client, anna, helena, adam, stefan, bozena, bartosz, borys):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    build_family(anna, stage="submitted", head=helena, name="Rodzina Lis")
    build_family(anna, received_on=days_ago(40), name="Rodzina Wilk")
    court_services.court_request_register(
        actor=stefan, family_reference=family.reference, data=request_data(deadline=days_ago(1))
    )
    head = context_of(client, bartosz)
    assert head["attention"] == [] and head["head"]["overdue_count"] == 0 and head["head"]["court_week"] == []
    assert head["head"]["requests_summary"]["total"] == 0
    assert context_of(client, bozena)["worker"]["interviews_summary"]["total"] == 0
    assert context_of(client, borys)["assistant"]["summary"]["total"] == 0
    for user in (bartosz, bozena, borys):
        client.force_login(user)
        assert family.reference not in client.get(HOME).content.decode()


@pytest.mark.parametrize("persona", ["anna", "adam", "helena", "stefan"])
def test_dashboard_queries_do_not_grow_with_the_caseload(
    client, request, persona, anna, helena, adam, stefan
):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(HOME).status_code == 200
        return len(captured)

    def add_families(names):
        for name in names:
            family = build_family(anna, stage="assigned", head=helena, assistant=adam, name=name)
            court_services.court_request_register(
                actor=stefan,
                family_reference=family.reference,
                data=request_data(deadline=days_ago(-2), case_signature=f"III Nsm {family.pk}/26"),
            )
            build_family(anna, received_on=days_ago(30), name=name)

    add_families(["Rodzina Lis"])
    few = queries()
    add_families(["Rodzina Wilk", "Rodzina Sowa", "Rodzina Kos"])
    assert queries() == few


def test_the_heads_start_page_takes_at_most_15_queries_with_one_family_or_many(
    client, anna, helena, adam, stefan
):
    """The panels of the head's page share one read of the centre's counted deadlines and one of
    their lists; the user, the centre and the roles are one query, the session is not written."""
    client.force_login(helena)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(HOME)
        assert response.status_code == 200
        return len(captured), response.context

    def add_family(name):
        family = build_family(anna, stage="assigned", head=helena, assistant=adam, name=name)
        court_services.court_request_register(
            actor=stefan,
            family_reference=family.reference,
            data=request_data(deadline=days_ago(-1), case_signature=f"III Nsm {family.pk}/26"),
        )
        build_family(anna, stage="submitted", head=helena, name=name)
        build_family(anna, received_on=days_ago(40), name=name)

    add_family("Rodzina Lis")
    one, context = queries()
    assert context["head"]["requests_summary"]["total"] == 1
    for name in ("Rodzina Wilk", "Rodzina Sowa", "Rodzina Kos", "Rodzina Wróbel", "Rodzina Zając"):
        add_family(name)
    many, context = queries()
    assert context["head"]["requests_summary"]["total"] == 6
    assert context["head"]["overdue_count"] >= 6
    assert many == one <= 15


def test_my_deadlines_lists_the_users_items(client, anna, sam):
    family = build_family(anna, received_on=days_ago(40))
    client.force_login(anna)
    response = client.get(reverse("my_deadlines"))
    assert response.status_code == 200
    assert [d.family_id for d in response.context["deadlines"]] == [family.pk]
    client.force_login(sam)
    assert client.get(reverse("my_deadlines")).context["deadlines"] == []


def test_home_without_case_work(client, ada):
    context = context_of(client, ada)
    assert context["has_case_work"] is False


def test_dates_are_today(client, anna):
    today = context_of(client, anna)["today"]
    assert today == timezone.localdate() and isinstance(today, datetime.date)


def test_counts_link_to_lists_that_show_the_same(client, anna, sam, helena, adam, stefan):
    build_family(anna, received_on=days_ago(40), name="Rodzina Lis")
    build_family(sam, received_on=days_ago(40), name="Rodzina Sowa")
    build_family(anna, received_on=days_ago(1), name="Rodzina Wilk")
    assigned = build_family(anna, stage="assigned", head=helena, assistant=adam)
    court_services.court_request_register(
        actor=stefan, family_reference=assigned.reference, data=request_data(deadline=days_ago(0))
    )
    head = context_of(client, helena)["head"]
    overdue_families = {d.family_id for group in head["overdue_groups"] for d in group["items"]}
    listed = client.get(head["overdue_url"]).context["page"]
    assert {family.pk for family in listed} == overdue_families
    for group in head["overdue_groups"]:
        listed = client.get(group["url"]).context["page"]
        assert {family.pk for family in listed} == {d.family_id for d in group["items"]}
    week = client.get(head["court_week_url"]).context["page"]
    assert [entry.pk for entry in week] == [d.object_id for d in head["court_week"]]
    worker = context_of(client, anna)["worker"]
    listed = client.get(worker["interviews_url"]).context["page"]
    assert {family.pk for family in listed} == {d.family_id for d in worker["interviews"]}
