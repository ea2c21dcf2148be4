"""The court register as a list: filters, search, sorting, scope and a fixed query cost.

Staff keep seeing no case content: the search covers signatures and reference numbers only.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assistants.filters import end_of_week
from assistants.models import CourtRequest
from assistants.services import court as court_services
from assistants.tests.test_court import (  # noqa: F401 (fixtures)
    COURT,
    FAMILY_NAME,
    SIGNATURE,
    court_request,
    draft,
    family,
    issued,
    media_in_tmp,
    request_data,
    submitted,
)
from conftest import build_family, days_ago

REGISTER = reverse("assistants:court_register")
OTHER_COURT = "Sąd Rejonowy dla Warszawy-Woli"


def signatures(client, **params) -> list[str]:
    response = client.get(REGISTER, params)
    assert response.status_code == 200
    return [item.case_signature for item in response.context["page"]]


@pytest.fixture
def letters(stefan, family, court_request):  # noqa: F811
    """Besides `court_request` (due in two weeks): one overdue at another court, one due today."""
    late = court_services.court_request_register(
        actor=stefan,
        family_reference=family.reference,
        data=request_data(
            court=OTHER_COURT,
            case_signature="II Nsm 7/26",
            letter_date=days_ago(32),
            received_on=days_ago(30),
            deadline=days_ago(3),
        ),
    )
    today = court_services.court_request_register(
        actor=stefan,
        family_reference=family.reference,
        data=request_data(
            case_signature="III Nsm 9/26", received_on=days_ago(1), deadline=timezone.localdate()
        ),
    )
    return {"soon": court_request, "late": late, "today": today}


class TestFilters:
    def test_by_court(self, client_for, stefan, letters):
        client = client_for(stefan)
        assert signatures(client, court=OTHER_COURT) == ["II Nsm 7/26"]
        assert set(client.get(REGISTER).context["filter"].form.fields["court"].choices) >= {
            (COURT, COURT),
            (OTHER_COURT, OTHER_COURT),
        }

    def test_by_deadline(self, client_for, stefan, letters):
        client = client_for(stefan)
        assert signatures(client, deadline="overdue") == ["II Nsm 7/26"]
        this_week = signatures(client, deadline="week")
        assert "III Nsm 9/26" in this_week and "II Nsm 7/26" not in this_week
        in_two_weeks = timezone.localdate() + datetime.timedelta(days=14)
        assert (SIGNATURE in this_week) == (in_two_weeks <= end_of_week(timezone.localdate()))
        assert signatures(client, deadline="open") == ["II Nsm 7/26", "III Nsm 9/26", SIGNATURE]

    def test_a_dispatched_opinion_leaves_the_open_and_overdue(self, client_for, stefan, issued):  # noqa: F811
        CourtRequest.objects.filter(pk=issued.court_request_id).update(deadline=days_ago(1))
        client = client_for(stefan)
        assert signatures(client, deadline="overdue") == [SIGNATURE]
        court_services.court_opinion_dispatch(
            actor=stefan, opinion=issued, dispatched_on=timezone.localdate(), method="post"
        )
        assert signatures(client, deadline="overdue") == [] and signatures(client, deadline="open") == []

    def test_by_the_state_of_the_opinion(self, client_for, stefan, adam, helena, letters):
        client = client_for(stefan)
        assert signatures(client, state="none") == ["II Nsm 7/26", "III Nsm 9/26", SIGNATURE]
        court_services.court_opinion_start(actor=adam, court_request=letters["late"])
        assert signatures(client, state="draft") == ["II Nsm 7/26"]
        assert signatures(client, state="none") == ["III Nsm 9/26", SIGNATURE]

    def test_issued_and_dispatched_are_told_apart(self, client_for, stefan, issued):  # noqa: F811
        client = client_for(stefan)
        assert (
            signatures(client, state="issued") == [SIGNATURE] and signatures(client, state="dispatched") == []
        )
        court_services.court_opinion_dispatch(
            actor=stefan, opinion=issued, dispatched_on=timezone.localdate(), method="post"
        )
        assert signatures(client, state="issued") == [] and signatures(client, state="dispatched") == [
            SIGNATURE
        ]

    def test_search_by_signature_and_reference(self, client_for, stefan, family, letters):  # noqa: F811
        client = client_for(stefan)
        assert signatures(client, q="nsm 7/") == ["II Nsm 7/26"]
        assert len(signatures(client, q=family.reference)) == 3

    def test_search_never_reaches_into_the_case(self, client_for, stefan, family, letters):  # noqa: F811
        family.members.update(pesel="15230112345")
        client = client_for(stefan)
        assert signatures(client, q=FAMILY_NAME) == []
        assert signatures(client, q="Żółkiewsk") == []
        assert signatures(client, q="15230112345") == []
        assert FAMILY_NAME not in client.get(REGISTER, {"q": family.reference}).content.decode()

    @pytest.mark.parametrize(
        "params,field",
        [
            ({"state": "lost"}, "state"),
            ({"deadline": "yesterday"}, "deadline"),
            ({"court": "Sąd Najwyższy"}, "court"),
        ],
    )
    def test_a_bad_value_gives_the_form_and_no_rows(self, client_for, stefan, letters, params, field):
        response = client_for(stefan).get(REGISTER, params)
        assert response.status_code == 200 and list(response.context["page"]) == []
        assert field in response.context["filter"].errors


class TestScopeAndSorting:
    def test_the_other_centre_sees_nothing_and_has_no_courts_of_ours(self, client_for, bartosz, letters):
        client = client_for(bartosz)
        assert signatures(client) == [] and signatures(client, q=SIGNATURE) == []
        assert client.get(REGISTER).context["filter"].form.fields["court"].choices == [("", "---------")]

    def test_sorting(self, client_for, helena, letters):
        client = client_for(helena)
        assert signatures(client) == ["II Nsm 7/26", "III Nsm 9/26", SIGNATURE]  # soonest deadline first
        assert signatures(client, sort="-deadline") == [SIGNATURE, "III Nsm 9/26", "II Nsm 7/26"]
        assert signatures(client, sort="-received") == ["III Nsm 9/26", SIGNATURE, "II Nsm 7/26"]
        by_court = signatures(client, sort="court")
        assert signatures(client, sort="-court") == by_court[::-1]
        assert by_court.index("II Nsm 7/26") in (0, 2)  # the other court's letter is not between ours
        assert signatures(client, sort="signature") == sorted(signatures(client))


def query_count(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(REGISTER, params)
    assert response.status_code == 200 and len(response.context["page"]) > 0
    return len(queries)


def test_a_register_page_costs_the_same_whatever_the_rows_and_the_page_size(
    client_for,
    stefan,
    anna,
    helena,
    adam,
    issued,  # noqa: F811
):
    client = client_for(stefan)
    before = [query_count(client, per_page=size) for size in (25, 50)]
    for number in range(4):
        other = build_family(anna, stage="assigned", head=helena, assistant=adam, name=f"Rodzina {number}")
        letter = court_services.court_request_register(
            actor=stefan,
            family_reference=other.reference,
            data=request_data(case_signature=f"I Nsm {number}/26"),
        )
        court_services.court_opinion_start(actor=adam, court_request=letter)
    after = [query_count(client, per_page=size) for size in (25, 50)]
    filtered = query_count(client, per_page=50, deadline="open", state="draft", sort="-court")
    assert len({*before, *after, filtered}) == 1
