"""The family search: any case, any diacritics, per column within the centre; and a PESEL (or a
surname) searched for never stands in an address, the browser's history or a log."""

import importlib
import logging
from urllib.parse import unquote

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.models import Family, FamilyMember
from conftest import build_family, rewrite
from familysupport.search import normalised

FAMILIES = reverse("cases:family_list")
PESEL = "15230112345"
POLISH = "ĄĆĘŁŃÓŚŹŻąćęłńóśźż"


def search(client, text: str, **filters):
    """Search as the browser does: post the form, follow to the list."""
    return client.post(FAMILIES, {"q": text, **filters}, follow=True)


def found(client, text: str, **filters) -> list[str]:
    response = search(client, text, **filters)
    assert response.status_code == 200
    return sorted(family.name for family in response.context["page"])


@pytest.mark.parametrize(
    "text,expected",
    [("Żółć", "zolc"), ("ŁUKASZ Wójcik", "lukasz wojcik"), (POLISH, "acelnoszzacelnoszz"), ("abc", "abc")],
)
def test_the_normaliser_drops_case_and_diacritics(text, expected):
    assert normalised(text) == expected


def test_the_database_normalises_as_the_search_does(db, anna):
    """PostgreSQL normalises the column itself (unaccent); SQLite reads the copy the services wrote.
    Either way it must equal what the searched text is normalised to."""
    family = build_family(anna, name=f"Rodzina {POLISH}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT fs_search_normalised(%s)", [family.name])
            assert cursor.fetchone()[0] == normalised(family.name)
    else:
        assert Family.objects.get(pk=family.pk).search_name == normalised(family.name)
    assert FamilyMember.objects.get(family=family).search_last_name == normalised(POLISH)


@pytest.fixture
def zolc(anna, bozena):
    """Anna's family Żółć with a member Łęcka; a family of the same name in centre B."""
    family = build_family(anna, name="Rodzina Żółć")
    rewrite(family.members, last_name="Łęcka", search_last_name=normalised("Łęcka"))
    build_family(bozena, name="Rodzina Żółć")
    build_family(anna, name="Rodzina Nowak")
    return family


@pytest.mark.parametrize("text", ["zolc", "ZOLC", "żółć", "Żółć", "rodzina zol", "olć"])
def test_the_name_is_found_ignoring_case_and_diacritics(client_for, helena, zolc, text):
    assert found(client_for(helena), text) == ["Rodzina Żółć"]


@pytest.mark.parametrize("text", ["lecka", "ŁĘCKA", "łęc", "ęc"])
def test_a_members_surname_is_found_ignoring_case_and_diacritics(client_for, anna, zolc, text):
    assert found(client_for(anna), text) == ["Rodzina Żółć"]


def test_another_centres_family_is_not_found(client_for, bartosz, zolc):
    response = search(client_for(bartosz), "zolc")
    assert [family.centre_id for family in response.context["page"]] == [bartosz.centre_id]


def test_a_renamed_family_is_found_by_its_new_name(client_for, anna, zolc):
    data = {"name": "Rodzina Śliwińska", "street": "ul. Długa 1", "postal_code": "00-001", "city": "Warszawa"}
    services.family_update(actor=anna, family=zolc, data={**data, "blue_card": False})
    client = client_for(anna)
    assert found(client, "sliwinska") == ["Rodzina Śliwińska"]
    assert found(client, "rodzina zolc") == []


def test_every_column_is_searched_within_the_centre(client_for, helena, zolc):
    """The reference, the name, the surnames and the PESEL: each its own subquery bounded by the
    centre, so that an index serves each and the centre's size, not the installation's, sets the cost."""
    client = client_for(helena)
    url = search(client, "zolc").redirect_chain[-1][0]
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    searching = [q["sql"] for q in queries if "cases_familymember" in q["sql"]]  # the count and the page
    assert len(searching) == 2
    for sql in searching:
        assert sql.count("centre_id") >= 5  # the list's own, and one in each of four subqueries


def test_the_migration_fills_the_copies_of_rows_already_there(db, anna):
    family = build_family(anna, name="Rodzina Źdźbło")
    rewrite(Family.objects.filter(pk=family.pk), search_name="")
    rewrite(family.members, search_last_name="")
    migration = importlib.import_module("cases.migrations.0004_search_ignores_diacritics")
    migration.fill(apps, None)
    assert Family.objects.get(pk=family.pk).search_name == "rodzina zdzblo"
    assert FamilyMember.objects.get(family=family).search_last_name == "zdzblo"


# A PESEL (or a surname) searched for stays out of addresses and logs.


@pytest.fixture
def with_pesel(anna):
    family = build_family(anna, name="Rodzina Peselowa")
    rewrite(family.members, pesel=PESEL)
    return family


def test_a_pesel_searched_for_finds_the_family_and_stays_out_of_the_address(
    client_for, anna, with_pesel, caplog
):
    client = client_for(anna)
    caplog.set_level(logging.DEBUG)
    response = client.post(FAMILIES, {"q": PESEL, "status": "reported"})
    assert response.status_code == 302
    address = response["Location"]
    assert PESEL not in unquote(address) and "search=" in address and "status=reported" in address
    page = client.get(address)
    assert [family.name for family in page.context["page"]] == ["Rodzina Peselowa"]
    lines = [
        f"POST {FAMILIES} HTTP/1.1",
        f"GET {page.request['PATH_INFO']}?{page.request['QUERY_STRING']} HTTP/1.1",
    ]
    assert not [line for line in lines if PESEL in unquote(line)], lines
    assert not [record for record in caplog.records if PESEL in record.getMessage()]
    # The box shows what was searched for, in the page's body.
    assert f'value="{PESEL}"' in page.content.decode()


def test_the_pages_links_keep_the_search_by_its_id_only(client_for, anna, with_pesel):
    page = search(client_for(anna), PESEL)
    html = page.content.decode()
    assert PESEL not in unquote(page.redirect_chain[-1][0])
    hrefs = [part.split('"')[0] for part in html.split('href="')[1:]]
    assert not [href for href in hrefs if PESEL in unquote(href)]


def test_a_pesel_typed_into_the_address_is_not_searched_for(client_for, anna, with_pesel):
    page = client_for(anna).get(FAMILIES, {"q": "Nonexistent"})
    assert len(page.context["page"]) == 1  # the list, unsearched


def test_another_sessions_search_id_finds_no_text(client, client_for, anna, sam, with_pesel):
    address = client_for(anna).post(FAMILIES, {"q": PESEL})["Location"]
    client.logout()
    client.force_login(anna)  # a new session of the same person
    page = client.get(address)
    assert page.status_code == 200 and f'value="{PESEL}"' not in page.content.decode()
