"""The families and requests lists: filters, search, sorting, scope and a fixed query cost."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from guardian.shortcuts import assign_perm

from assistants.models import Assignment
from cases.models import Family, FamilyStatus, Report, RequestStatus
from conftest import build_family, days_ago, rewrite
from familysupport.access import FAMILY_PERMISSION
from familysupport.lists import COUNT_CAP
from familysupport.models import AuditEvent
from familysupport.search import normalised

FAMILIES = reverse("cases:family_list")
REQUESTS = reverse("cases:request_list")
PENDING = reverse("cases:requests_pending")
PESEL = "15230112345"


def get_list(client, url, params: dict):
    """The list page as a browser reaches it: the families list's search is posted (never in the
    address) and answered with the list under an opaque id of the text."""
    if url == FAMILIES and "q" in params:
        return client.post(url, params, follow=True)
    return client.get(url, params)


def rows(client, url, **params) -> list:
    response = get_list(client, url, params)
    assert response.status_code == 200
    return list(response.context["page"])


def names(client, **params) -> list[str]:
    return [family.name for family in rows(client, FAMILIES, **params)]


@pytest.fixture
def three(anna, sam, helena, adam):
    """Anna's plain reported family, Anna's urgent Blue Card family with Adam, Sam's family."""
    plain = build_family(anna, name="Rodzina Adamczyk")
    flagged = build_family(
        anna, stage="assigned", head=helena, assistant=adam, urgent=True, name="Rodzina Zając"
    )
    rewrite(Family.objects.filter(pk=flagged.pk), blue_card=True)
    other = build_family(sam, stage="interviewed", name="Rodzina Malinowska")
    return plain, flagged, other


class TestFamilyFilters:
    def test_the_head_sees_the_whole_centre_unfiltered(self, client_for, helena, three):
        assert sorted(names(client_for(helena))) == [
            "Rodzina Adamczyk",
            "Rodzina Malinowska",
            "Rodzina Zając",
        ]

    def test_status_narrows(self, client_for, helena, three):
        client = client_for(helena)
        assert names(client, status=FamilyStatus.INTERVIEWED) == ["Rodzina Malinowska"]
        assert names(client, status=FamilyStatus.ASSISTANT_ASSIGNED) == ["Rodzina Zając"]

    def test_social_worker_narrows(self, client_for, helena, sam, three):
        assert names(client_for(helena), social_worker=sam.pk) == ["Rodzina Malinowska"]

    def test_assistant_narrows_to_the_families_the_assistant_works_with_now(
        self, client_for, helena, adam, agata, three
    ):
        client = client_for(helena)
        assert names(client, assistant=adam.pk) == ["Rodzina Zając"]
        assert names(client, assistant=agata.pk) == []
        rewrite(Assignment.objects.all(), ended_on=days_ago(0))
        assert names(client, assistant=adam.pk) == []

    def test_urgent_and_blue_card_narrow(self, client_for, helena, three):
        client = client_for(helena)
        assert names(client, urgent="true") == ["Rodzina Zając"]
        assert names(client, blue_card="true") == ["Rodzina Zając"]
        assert sorted(names(client, urgent="false")) == ["Rodzina Adamczyk", "Rodzina Malinowska"]

    def test_the_row_shows_the_assistant_and_the_flags(self, client_for, helena, adam, three):
        response = client_for(helena).get(FAMILIES, {"urgent": "true"})
        (family,) = response.context["page"]
        assert family.urgent and [a.assistant.user for a in family.active_assignments] == [adam]
        assert str(adam) in response.content.decode()

    def test_filters_combine(self, client_for, helena, anna, three):
        client = client_for(helena)
        assert names(client, social_worker=anna.pk, status=FamilyStatus.REPORTED) == ["Rodzina Adamczyk"]
        assert names(client, social_worker=anna.pk, status=FamilyStatus.INTERVIEWED) == []

    @pytest.mark.parametrize(
        "query,expected",
        [
            ("zając", ["Rodzina Zając"]),  # the family's name, any case
            ("Malinowsk", ["Rodzina Malinowska"]),  # part of a member's surname
            ("ją", ["Rodzina Zając"]),  # shorter than a trigram: searched without the indexes
            ("nothing like it", []),
        ],
    )
    def test_search_by_name(self, client_for, helena, three, query, expected):
        assert names(client_for(helena), q=query) == expected

    def test_search_by_reference(self, client_for, helena, three):
        plain = three[0]
        assert names(client_for(helena), q=plain.reference) == ["Rodzina Adamczyk"]

    def test_search_by_pesel_finds_the_family(self, client_for, anna, helena, three):
        rewrite(three[0].members, pesel=PESEL)
        assert names(client_for(anna), q=PESEL) == ["Rodzina Adamczyk"]
        assert names(client_for(helena), q=f" {PESEL} ") == ["Rodzina Adamczyk"]
        assert names(client_for(helena), q=PESEL[:6]) == []  # a PESEL matches whole, not in part

    @pytest.mark.parametrize("persona", ["sam", "adam", "bozena", "bartosz", "borys"])
    def test_search_by_pesel_finds_nothing_outside_what_the_user_sees(
        self, client_for, request, three, persona
    ):
        rewrite(three[0].members, pesel=PESEL)
        response = get_list(client_for(request.getfixturevalue(persona)), FAMILIES, {"q": PESEL})
        assert response.status_code == 200 and list(response.context["page"]) == []
        assert three[0].reference not in response.content.decode()

    def test_the_pesel_searched_for_stays_out_of_the_audit_record(self, client_for, helena, three):
        rewrite(three[0].members, pesel=PESEL)
        get_list(client_for(helena), FAMILIES, {"q": PESEL})
        assert not any(PESEL in str(event.details) for event in AuditEvent.objects.all())


class TestFamilyScope:
    def test_a_social_worker_sees_only_their_families(self, client_for, anna, sam, three):
        assert sorted(names(client_for(anna))) == ["Rodzina Adamczyk", "Rodzina Zając"]
        assert names(client_for(sam)) == ["Rodzina Malinowska"]

    def test_an_assistant_sees_the_families_assigned(self, client_for, adam, agata, three):
        assert names(client_for(adam)) == ["Rodzina Zając"]
        assert names(client_for(agata)) == []

    @pytest.mark.parametrize("persona", ["bozena", "bartosz", "borys"])
    def test_the_other_centre_sees_nothing(self, client_for, request, helena, three, persona):
        client = client_for(request.getfixturevalue(persona))
        assert names(client) == []
        assert names(client, status=FamilyStatus.REPORTED) == []

    def test_people_of_another_centre_are_no_choice(self, client_for, helena, bozena, borys, three):
        response = client_for(helena).get(FAMILIES, {"social_worker": bozena.pk})
        assert list(response.context["page"]) == [] and "social_worker" in response.context["filter"].errors
        response = client_for(helena).get(FAMILIES, {"assistant": borys.pk})
        assert list(response.context["page"]) == [] and "assistant" in response.context["filter"].errors

    def test_the_choices_are_the_centres_people(self, client_for, helena, anna, sam, adam, bozena, three):
        form = client_for(helena).get(FAMILIES).context["filter"].form
        assert set(form.fields["social_worker"].queryset) == {anna, sam}
        assert list(form.fields["assistant"].queryset) == [adam]

    def test_the_archive_keeps_its_filters(self, client_for, helena, three):
        rewrite(Family.objects.filter(pk=three[2].pk), archived_on=days_ago(1), status=FamilyStatus.CLOSED)
        client = client_for(helena)
        assert names(client, archive="1") == ["Rodzina Malinowska"]
        assert names(client, archive="1", q="Zając") == []
        assert "Rodzina Malinowska" not in names(client)
        response = client.get(FAMILIES, {"archive": "1", "status": FamilyStatus.CLOSED})
        assert response.context["archived"] and 'name="archive"' in response.content.decode()


class TestFamilySorting:
    @pytest.mark.parametrize(
        "sort,expected",
        [
            ("name", ["Rodzina Adamczyk", "Rodzina Malinowska", "Rodzina Zając"]),
            ("-name", ["Rodzina Zając", "Rodzina Malinowska", "Rodzina Adamczyk"]),
            # the order of the statutory path: reported, interviewed, ..., assistant assigned
            ("status", ["Rodzina Adamczyk", "Rodzina Malinowska", "Rodzina Zając"]),
            ("-status", ["Rodzina Zając", "Rodzina Malinowska", "Rodzina Adamczyk"]),
            ("registered", ["Rodzina Adamczyk", "Rodzina Zając", "Rodzina Malinowska"]),
            ("-registered", ["Rodzina Malinowska", "Rodzina Zając", "Rodzina Adamczyk"]),
        ],
    )
    def test_sorting(self, client_for, helena, three, sort, expected):
        assert names(client_for(helena), sort=sort) == expected

    def test_sorting_by_reference_and_social_worker(self, client_for, helena, anna, sam, three):
        client = client_for(helena)
        families = rows(client, FAMILIES, sort="reference")
        assert [f.reference for f in families] == sorted(f.reference for f in families)
        workers = [f.social_worker for f in rows(client, FAMILIES, sort="-social_worker")]
        expected = sorted(workers, key=lambda user: (user.last_name, user.first_name), reverse=True)
        assert [w.last_name for w in workers] == [w.last_name for w in expected]

    def test_an_unknown_sort_falls_back_to_the_newest_first(self, client_for, helena, three):
        response = client_for(helena).get(FAMILIES, {"sort": "centre__name"})
        assert response.context["sort"] == "-registered"
        assert [f.name for f in response.context["page"]][0] == "Rodzina Malinowska"

    def test_the_headers_link_the_other_direction(self, client_for, helena, three):
        page = client_for(helena).get(FAMILIES, {"sort": "name", "status": "reported"}).content.decode()
        assert "?sort=-name&amp;status=reported" in page or "?status=reported&amp;sort=-name" in page
        assert 'aria-sort="ascending"' in page


class TestInvalidValues:
    @pytest.mark.parametrize(
        "params,field",
        [
            ({"status": "nonsense"}, "status"),
            ({"social_worker": "abc"}, "social_worker"),
            ({"social_worker": "999999"}, "social_worker"),
            ({"assistant": "1 OR 1=1"}, "assistant"),
            ({"urgent": "maybe"}, None),
        ],
    )
    def test_a_bad_filter_value_gives_the_form_and_no_rows(self, client_for, helena, three, params, field):
        response = client_for(helena).get(FAMILIES, params)
        assert response.status_code == 200
        if field:
            assert field in response.context["filter"].errors and list(response.context["page"]) == []
            assert "is-invalid" in response.content.decode()

    @pytest.mark.parametrize(
        "params", [{"page": "abc"}, {"page": "999"}, {"per_page": "100000"}, {"sort": "-"}]
    )
    def test_bad_paging_and_sorting_values_give_a_page(self, client_for, helena, three, params):
        response = client_for(helena).get(FAMILIES, params)
        assert response.status_code == 200 and response.context["page"].paginator.count == 3


# The cost of a list page: the same number of queries whatever the rows or the page size.


def _bulk_families(worker, assistant_user, head, count: int, start: int) -> None:
    """`count` more families of `worker`, every other one urgent and with an assistant (fast)."""
    families = Family.objects.bulk_create(
        Family(
            centre_id=worker.centre_id,
            reference=f"BULK/{start + n}",
            name=f"Rodzina Masowa {start + n}",
            search_name=normalised(f"Rodzina Masowa {start + n}"),  # as the services write it
            street="ul. Długa 1",
            postal_code="00-001",
            city="Warszawa",
            social_worker=worker,
            blue_card=bool(n % 3 == 0),
        )
        for n in range(count)
    )
    Report.objects.bulk_create(
        Report(
            family=f,
            centre_id=f.centre_id,
            received_on=days_ago(3),
            source="school",
            description="-",
            urgent=n % 2 == 0,
            registered_by=worker,
        )
        for n, f in enumerate(families)
    )
    Assignment.objects.bulk_create(
        Assignment(
            family=f, assistant=assistant_user.assistant_profile, started_on=days_ago(2), created_by=head
        )
        for f in families[::2]
    )
    assign_perm(FAMILY_PERMISSION, worker, Family.objects.filter(pk__in=[f.pk for f in families]))


def query_count(client, url, **params) -> int:
    if "q" in params:  # the search is posted first; the page is then counted as it is read
        url = get_list(client, url, params).redirect_chain[-1][0]
        params = {}
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200 and len(response.context["page"]) > 0
    return len(queries)


@pytest.mark.parametrize("persona", ["helena", "anna"])
def test_a_family_list_page_costs_the_same_whatever_the_rows_and_the_page_size(
    client_for, request, anna, helena, adam, persona
):
    client = client_for(request.getfixturevalue(persona))
    _bulk_families(anna, adam, helena, 2, 0)
    small = {size: query_count(client, FAMILIES, per_page=size) for size in (25, 50)}
    _bulk_families(anna, adam, helena, 60, 100)
    large = {size: query_count(client, FAMILIES, per_page=size) for size in (25, 50)}
    filtered = query_count(client, FAMILIES, per_page=50, urgent="true", q="Masowa", sort="social_worker")
    second_page = query_count(client, FAMILIES, per_page=25, page=2, sort="status")
    assert len({*small.values(), *large.values(), filtered, second_page}) == 1, (small, large)


# The requests list


@pytest.fixture
def requests_(anna, sam, bozena):
    """Anna: one draft, one submitted; Sam: one submitted; Bożena (centre B): one submitted."""
    draft = build_family(anna, stage="requested", name="Rodzina Szkicowa")
    submitted = build_family(anna, stage="submitted", name="Rodzina Złożona")
    sams = build_family(sam, stage="submitted", name="Rodzina Samowa")
    other = build_family(bozena, stage="submitted", name="Rodzina Bemowska")
    return {f.name: f.requests.get() for f in (draft, submitted, sams, other)}


def families_of(items) -> list[str]:
    return sorted(item.family.name for item in items)


class TestRequestList:
    def test_the_head_sees_every_request_of_the_centre(self, client_for, helena, requests_):
        assert families_of(rows(client_for(helena), REQUESTS)) == [
            "Rodzina Samowa",
            "Rodzina Szkicowa",
            "Rodzina Złożona",
        ]

    def test_a_social_worker_sees_the_requests_of_their_families(self, client_for, anna, sam, requests_):
        assert families_of(rows(client_for(anna), REQUESTS)) == ["Rodzina Szkicowa", "Rodzina Złożona"]
        assert families_of(rows(client_for(sam), REQUESTS)) == ["Rodzina Samowa"]

    def test_the_other_centre_sees_only_its_own(self, client_for, bartosz, bozena, requests_):
        assert families_of(rows(client_for(bartosz), REQUESTS)) == ["Rodzina Bemowska"]
        assert families_of(rows(client_for(bozena), REQUESTS)) == ["Rodzina Bemowska"]

    @pytest.mark.parametrize("persona", ["adam", "stefan", "ada"])
    def test_other_roles_have_no_requests_list(self, client_for, request, persona):
        assert client_for(request.getfixturevalue(persona)).get(REQUESTS).status_code == 403

    def test_status_and_search_narrow(self, client_for, helena, requests_):
        client = client_for(helena)
        assert families_of(rows(client, REQUESTS, status=RequestStatus.DRAFT)) == ["Rodzina Szkicowa"]
        reference = requests_["Rodzina Samowa"].family.reference
        assert families_of(rows(client, REQUESTS, q=reference)) == ["Rodzina Samowa"]
        other = requests_["Rodzina Bemowska"].family.reference
        assert rows(client, REQUESTS, q=other) == []  # another centre's reference finds nothing

    def test_a_bad_status_gives_the_form(self, client_for, helena, requests_):
        response = client_for(helena).get(REQUESTS, {"status": "approved-by-me"})
        assert response.status_code == 200 and list(response.context["page"]) == []
        assert "status" in response.context["filter"].errors

    def test_sorting(self, client_for, helena, requests_):
        client = client_for(helena)
        ordered = [item.family.reference for item in rows(client, REQUESTS, sort="reference")]
        assert ordered == sorted(ordered)
        assert [item.family.reference for item in rows(client, REQUESTS, sort="-reference")] == ordered[::-1]

    def test_the_pending_list_stays_the_submitted_ones_oldest_first(self, client_for, helena, requests_):
        client = client_for(helena)
        pending = rows(client, PENDING)
        assert families_of(pending) == ["Rodzina Samowa", "Rodzina Złożona"]
        assert [item.submitted_at for item in pending] == sorted(item.submitted_at for item in pending)
        reference = requests_["Rodzina Samowa"].family.reference
        assert families_of(rows(client, PENDING, q=reference)) == ["Rodzina Samowa"]

    def test_a_requests_page_costs_the_same_whatever_the_rows(self, client_for, helena, anna, requests_):
        client = client_for(helena)
        before = [
            query_count(client, url, per_page=size)
            for url, size in itertools.product((REQUESTS, PENDING), (25, 50))
        ]
        for number in range(3):
            build_family(anna, stage="submitted", name=f"Rodzina Kolejna {number}")
        after = [
            query_count(client, url, per_page=size)
            for url, size in itertools.product((REQUESTS, PENDING), (25, 50))
        ]
        assert before == after and before[0] == before[1] and before[2] == before[3]


def test_a_centre_past_the_cap_is_counted_as_more_than_a_thousand(client_for, anna, helena):
    Family.objects.bulk_create(
        Family(
            centre_id=anna.centre_id,
            reference=f"CAP/{n}",
            name=f"Rodzina {n}",
            street="ul. Długa 1",
            postal_code="00-001",
            city="Warszawa",
            social_worker=anna,
        )
        for n in range(COUNT_CAP + 1)
    )
    with CaptureQueriesContext(connection) as queries:
        response = client_for(helena).get(FAMILIES)
    assert "ponad 1\xa0000 rodzin" in response.content.decode()
    assert "Strona 1 z" not in response.content.decode()  # no last page named
    counts = [
        query["sql"] for query in queries if "COUNT(" in query["sql"] and "cases_family" in query["sql"]
    ]
    assert counts and all(f"LIMIT {COUNT_CAP + 1}" in sql for sql in counts)
