"""The shared list helper: sorting from an allowed list, page sizes, invalid filters."""

from django.db.models import F
from django.test import RequestFactory

from familysupport.lists import PAGE_SIZE, page_size_of, sort_order

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
