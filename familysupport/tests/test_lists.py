"""The shared list helper: sorting from an allowed list, page sizes, invalid filters."""

from django.db import connection
from django.db.models import F
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from familysupport import lists
from familysupport.lists import PAGE_SIZE, CappedPaginator, page_size_of, paginate, sort_order
from familysupport.models import Centre

SORTS = {
    "name": ("name", "reference"),
    "registered": "created_at",
    "worker": F("social_worker__last_name").asc(),
}


def test_an_allowed_key_sorts_ascending_and_ends_on_the_primary_key():
    assert sort_order("name", SORTS, "-registered") == ("name", ["name", "reference", "pk"])


def test_a_leading_minus_reverses_every_field():
    assert sort_order("-name", SORTS, "-registered") == ("-name", ["-name", "-reference", "-pk"])


def test_anything_else_falls_back_to_the_default():
    for value in (None, "", "-", "password", "name;drop", "--name", "centre__name"):
        assert sort_order(value, SORTS, "-registered") == ("-registered", ["-created_at", "-pk"])


def test_an_expression_is_reversed_without_changing_the_table():
    sort, order = sort_order("-worker", SORTS, "name")
    assert sort == "-worker" and order[0].descending and not SORTS["worker"].descending


def test_only_the_offered_page_sizes_are_taken():
    factory = RequestFactory()
    assert page_size_of(factory.get("/", {"per_page": "50"})) == 50
    for value in ("100000", "0", "-25", "abc", ""):
        assert page_size_of(factory.get("/", {"per_page": value})) == PAGE_SIZE


def test_a_list_counts_no_further_than_a_person_reads(db, monkeypatch):
    monkeypatch.setattr(lists, "COUNT_CAP", 3)
    for n in range(5):
        Centre.objects.create(name=f"OPS {n}", code=f"C{n}")
    with CaptureQueriesContext(connection) as queries:
        page = paginate(Centre.objects.order_by("pk"), 2, "1")
        assert page.paginator.capped and page.paginator.count == 4
    assert "LIMIT 4" in queries[0]["sql"]  # the count reads at most the cap and one more row
    assert len(paginate(Centre.objects.order_by("pk"), 2, "99")) == 2  # its pages end at the cap


def test_a_list_under_the_cap_counts_exactly():
    page = paginate(list(range(7)), 5, "2")
    assert not page.paginator.capped and page.paginator.count == 7 and list(page) == [5, 6]


def test_the_cap_is_written_as_the_language_writes_numbers():
    with translation.override("pl"):
        assert CappedPaginator([], 1).cap == "1\xa0000"
    with translation.override("en"):
        assert CappedPaginator([], 1).cap == "1,000"
