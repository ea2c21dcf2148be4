"""The whole first half of the path through the pages, as the people of one centre walk it."""

from django.test import Client
from django.urls import reverse

from cases.models import Family, FamilyStatus
from conftest import INTERVIEW_DATA, PASSWORD, confirm, days_ago


def logged_in(user) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_from_report_to_assigned_assistant(anna, helena, adam, agata, bozena, bartosz):
    worker = logged_in(anna)
    worker.post(
        reverse("cases:family_register"),
        {
            "family-name": "Rodzina Zielińskich",
            "family-street": "ul. Opaczewska 8",
            "family-postal_code": "02-372",
            "family-city": "Warszawa",
            "report-received_on": days_ago(3).isoformat(),
            "report-source": "school",
            "report-description": "Wychowawczyni zgłasza zaniedbania.",
        },
    )
    family = Family.objects.get()
    detail = reverse("cases:family_detail", args=[family.pk])
    worker.post(
        reverse("cases:member_add", args=[family.pk]),
        {
            "first_name": "Kacper",
            "last_name": "Zieliński",
            "role": "child",
            "birth_date": "2016-05-04",
            "pesel": "16250412340",
            "parental_authority": "",
        },
    )
    assert family.members.get().pesel == "16250412340"

    response = worker.post(reverse("cases:interview_start", args=[family.pk]))
    response = worker.post(
        response["Location"], {**INTERVIEW_DATA, "conducted_on": days_ago(1).isoformat(), "sign": "1"}
    )
    confirm(worker, response["Location"])  # the interview's confirm page: sign it
    worker.post(
        reverse("cases:analysis_add", args=[family.pk]),
        {"conclusion": "assistant", "justification": "Rodzina potrzebuje asystenta."},
    )
    worker.post(
        reverse("cases:consent_add", args=[family.pk]),
        {"basis": "consent", "given_on": days_ago(1).isoformat(), "given_by": "Matka", "form": "written"},
    )
    response = worker.post(
        reverse("cases:request_add", args=[family.pk]),
        {"consent": family.consents.get().pk, "justification": "Wnoszę o asystenta."},
    )
    confirm(worker, response["Location"] + "submit/")
    family.refresh_from_db()
    assert family.status == FamilyStatus.REQUEST_SUBMITTED

    head = logged_in(helena)
    request = family.requests.get()
    assert family.reference in head.get(reverse("cases:requests_pending")).content.decode()
    decide = reverse("assistants:request_decide", args=[family.pk, request.pk])
    decision = {"outcome": "assign", "assistant": adam.assistant_profile.pk}
    summary = head.post(decide, decision).content.decode()  # the decision's confirm page first
    assert "Rodzina Zielińskich" in summary
    family.refresh_from_db()
    assert family.status == FamilyStatus.REQUEST_SUBMITTED
    confirm(head, decide, decision)
    family.refresh_from_db()
    assert family.status == FamilyStatus.ASSISTANT_ASSIGNED

    page = logged_in(adam).get(detail)
    assert page.status_code == 200 and "Rodzina Zielińskich" in page.content.decode()
    assert family.reference in logged_in(adam).get(reverse("home")).content.decode()
    for outsider in (agata, bozena, bartosz):
        assert logged_in(outsider).get(detail).status_code == 404
    steps = [(step.label, step.actor) for step in head.get(detail + "?section=path").context["path"]]
    assert len(steps) == 7 and (steps[-2][1], steps[-1][1]) == (helena, adam)
