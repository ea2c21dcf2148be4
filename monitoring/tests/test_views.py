"""Every page of the monitoring for each role and the other centre; the forms through the pages;
the family page's next step, the start page, the reminders, the list and the statistics."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from assistants.services import lifecycle as lifecycle_services
from cases.models import RequestStatus
from conftest import build_family, days_ago
from familysupport.models import StoredDeadline
from monitoring.deadlines import REVIEW
from monitoring.models import MonitoringPlan, PlanStatus
from monitoring.selectors import monitored_families
from monitoring.statistics import monitoring_section
from monitoring.tests.builders import family_without_assistant, make_plan, review
from overview.reminders import reminder_send


@pytest.fixture
def family(anna):
    return family_without_assistant(anna)


@pytest.fixture
def plan(anna, family):
    return make_plan(anna, family, started_on=days_ago(40))


def status(client, user, url, method="get", data=None):
    client.force_login(user)
    response = getattr(client, method)(url, data or {})
    return response.status_code


# (persona, expected status) for each page: the responsible worker acts, the head reads, the
# other social worker and everyone of the other centre get 404, the roles without case work 403.
READ = {"anna": 200, "helena": 200, "sam": 404, "adam": 403, "stefan": 403, "bozena": 404, "bartosz": 404}
ACT = {"anna": 200, "helena": 403, "sam": 404, "adam": 403, "stefan": 403, "bozena": 404, "bartosz": 404}
CREATE = {"anna": 200, "helena": 403, "sam": 404, "adam": 404, "stefan": 404, "bozena": 404, "bartosz": 404}
LIST = {"anna": 200, "helena": 200, "sam": 200, "adam": 403, "stefan": 403, "bozena": 200, "bartosz": 200}


@pytest.mark.parametrize("persona", READ)
def test_the_plan_page(client, request, plan, persona):
    url = reverse("monitoring:plan_detail", args=[plan.pk])
    assert status(client, request.getfixturevalue(persona), url) == READ[persona]


@pytest.mark.parametrize("name", ["plan_edit", "plan_end", "review_add"])
@pytest.mark.parametrize("persona", ACT)
def test_the_pages_of_the_workers_steps(client, request, plan, persona, name):
    url = reverse(f"monitoring:{name}", args=[plan.pk])
    assert status(client, request.getfixturevalue(persona), url) == ACT[persona]


@pytest.mark.parametrize("persona", CREATE)
def test_the_page_that_sets_up_a_plan(client, request, family, persona):
    url = reverse("monitoring:plan_create", args=[family.pk])
    assert status(client, request.getfixturevalue(persona), url) == CREATE[persona]


@pytest.mark.parametrize("persona", LIST)
def test_the_monitoring_list(client, request, plan, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("monitoring:monitoring_list"))
    assert response.status_code == LIST[persona]
    if response.status_code == 200:
        listed = plan.family.reference in response.content.decode()
        assert listed == (persona in ("anna", "helena"))


WITHDRAW = {"anna": 302, "helena": 403, "sam": 404, "adam": 403, "bozena": 404, "bartosz": 403}


@pytest.mark.parametrize("persona", WITHDRAW)
def test_withdrawing_a_review(client, request, anna, plan, persona):
    logged = review(anna, plan, on=days_ago(1))
    url = reverse("monitoring:review_withdraw", args=[plan.pk, logged.pk])
    code = status(client, request.getfixturevalue(persona), url, "post", {"reason": "Pomyłka"})
    assert code == WITHDRAW[persona]
    logged.refresh_from_db()
    assert logged.is_withdrawn == (persona == "anna")


def test_a_plan_is_set_up_on_its_page_once_however_often_it_is_sent(client, anna, family):
    client.force_login(anna)
    url = reverse("monitoring:plan_create", args=[family.pk])
    form = client.get(url).context["form"]
    data = {
        "submission": form["submission"].value(),
        "basis": "other_support",
        "children": [family.members.get().pk],
        "watched": "Frekwencja w szkole",
        "every": "1",
        "interval": "months",
        "started_on": days_ago(0).isoformat(),
    }
    first = client.post(url, data)
    second = client.post(url, data)
    plan = MonitoringPlan.objects.get(family=family)
    assert first.url == second.url == reverse("monitoring:plan_detail", args=[plan.pk])


def test_bad_input_is_said_on_the_form_in_polish(client, anna, family):
    client.force_login(anna)
    url = reverse("monitoring:plan_create", args=[family.pk])
    response = client.post(
        url,
        {
            "basis": "other_support",
            "watched": "x",
            "every": "9",
            "interval": "months",
            "started_on": days_ago(0).isoformat(),
            "children": [family.members.get().pk],
        },
    )
    assert response.status_code == 200
    assert "Przeglądy odbywają się co najmniej co 26 tygodni lub 6 miesięcy." in response.content.decode()
    assert not MonitoringPlan.objects.exists()


def test_escalating_at_a_review_opens_the_request_for_an_assistant(client, anna, plan):
    client.force_login(anna)
    url = reverse("monitoring:review_add", args=[plan.pk])
    form = client.get(url).context["form"]
    response = client.post(
        url,
        {
            "submission": form["submission"].value(),
            "reviewed_on": days_ago(0).isoformat(),
            "findings": "Dziecko nie chodzi do szkoły od dwóch tygodni",
            "situation": "worse",
            "next_review_on": "",
            "escalation": "assistant_request",
        },
    )
    request_for_assistant = plan.family.requests.get()
    assert request_for_assistant.status == RequestStatus.DRAFT
    assert response.url == reverse("cases:request_detail", args=[plan.family_id, request_for_assistant.pk])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ESCALATED


def test_escalating_to_an_interview_update_opens_its_draft(client, anna, plan):
    client.force_login(anna)
    url = reverse("monitoring:review_add", args=[plan.pk])
    form = client.get(url).context["form"]
    response = client.post(
        url,
        {
            "submission": form["submission"].value(),
            "reviewed_on": days_ago(0).isoformat(),
            "findings": "Nowa sytuacja mieszkaniowa",
            "situation": "worse",
            "next_review_on": (days_ago(0) + datetime.timedelta(days=14)).isoformat(),
            "escalation": "interview_update",
        },
    )
    draft = plan.family.interviews.get(status="draft")
    assert response.url == reverse("cases:interview_edit", args=[plan.family_id, draft.pk])


def test_ending_asks_for_confirmation_first(client, anna, plan):
    client.force_login(anna)
    url = reverse("monitoring:plan_end", args=[plan.pk])
    data = {"ended_on": days_ago(0).isoformat(), "reason": "safe", "summary": "Sytuacja stabilna"}
    client.post(url, data)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE
    from conftest import confirm

    confirm(client, url, data)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ENDED


def test_the_family_page_offers_a_plan_where_the_path_ended_without_an_assistant(
    client, anna, helena, family
):
    client.force_login(anna)
    html = client.get(reverse("cases:family_detail", args=[family.pk])).content.decode()
    assert reverse("monitoring:plan_create", args=[family.pk]) in html
    assert "Załóż plan monitorowania" in html
    client.force_login(helena)
    html = client.get(reverse("cases:family_detail", args=[family.pk])).content.decode()
    assert reverse("monitoring:plan_create", args=[family.pk]) not in html


def test_with_a_plan_the_next_step_is_its_review(client, anna, plan):
    client.force_login(anna)
    response = client.get(reverse("cases:family_detail", args=[plan.family_id]))
    assert response.context["next_step"].due == plan.first_review_due()
    assert reverse("monitoring:plan_detail", args=[plan.pk]) in response.content.decode()


def test_the_family_pages_monitoring_section_for_the_worker_and_the_head(client, anna, helena, sam, plan):
    url = reverse("cases:family_detail", args=[plan.family_id]) + "?section=monitoring"
    for user in (anna, helena):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert reverse("monitoring:plan_detail", args=[plan.pk]) in response.content.decode()


def test_an_overdue_review_is_on_the_workers_start_page(client, anna, plan):
    client.force_login(anna)
    response = client.get("/")
    (deadline,) = response.context["worker"]["monitoring_reviews"]
    assert deadline.kind == REVIEW and deadline.overdue and deadline.due == plan.first_review_due()
    assert reverse("monitoring:plan_detail", args=[plan.pk]) in response.content.decode()


def test_a_review_due_soon_is_on_the_start_page_and_in_my_deadlines(client, anna, family):
    plan = make_plan(
        anna,
        family,
        started_on=days_ago(0) - datetime.timedelta(weeks=2) + datetime.timedelta(days=3),
        every=2,
        interval="weeks",
    )
    client.force_login(anna)
    (deadline,) = client.get("/").context["worker"]["monitoring_reviews"]
    assert deadline.due_soon
    assert (
        reverse("monitoring:plan_detail", args=[plan.pk])
        in client.get(reverse("my_deadlines")).content.decode()
    )


def test_the_reminder_carries_the_review(anna, plan):
    anna.email = "anna@ops.example"
    anna.save(update_fields=["email"])
    assert reminder_send(user=anna, today=days_ago(0)) == 1
    (message,) = mail.outbox
    assert plan.family.reference in message.body
    assert reverse("monitoring:plan_detail", args=[plan.pk]) in message.body


def test_the_list_shows_the_monitoring_after_an_assistants_work_too(anna, helena, adam, plan):
    assigned = build_family(anna, stage="assigned", head=helena, assistant=adam, name="Rodzina Wilk")
    lifecycle_services.work_end(
        actor=adam, family=assigned, reason="goals_achieved", ended_on=days_ago(0), summary="Cele osiągnięte"
    )
    for user in (anna, helena):
        listed = {item.reference: item for item in monitored_families(user)}
        assert set(listed) == {plan.family.reference, assigned.reference}
        assert listed[assigned.reference].next_date == assigned.work_ends.get().monitoring_until


def test_the_statistics_count_the_families_and_the_reviews(anna, plan, centre_a):
    review(anna, plan, on=days_ago(1), situation="worse")
    section = monitoring_section(centre_a, days_ago(90), days_ago(0))
    figures = {row.key: row.value for row in section.rows}
    assert figures["families"] == 1 and figures["reviews_held"] == 1 and figures["reviews_worse"] == 1
    # The first review fell due 10 days ago and was held yesterday: late.
    assert figures["reviews_overdue"] == 1
    assert StoredDeadline.objects.filter(kind=REVIEW, is_open=True).count() == 1


def test_a_withdrawn_review_stays_on_the_plans_page_with_its_reason(client, anna, plan):
    logged = review(anna, plan, on=days_ago(1))
    client.force_login(anna)
    client.post(
        reverse("monitoring:review_withdraw", args=[plan.pk, logged.pk]), {"reason": "Wpis do innej rodziny"}
    )
    html = client.get(reverse("monitoring:plan_detail", args=[plan.pk])).content.decode()
    assert "Wpis do innej rodziny" in html and 'id="withdrawn-heading"' in html
