"""The family page: a section nav leads to each section of the case, and every section is read in
a bounded number of queries, the same for a family with one visit as for one with fifty, for every
role that sees it (issues 13 and 14). Counted cold: the cache is emptied before each request.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import reset_queries
from django.urls import reverse
from django.utils import timezone

from assistants.models import VisitKind
from assistants.services import plans as plan_services
from cases import services
from cases.models import FamilyRole
from cases.selectors import family_sections
from conftest import build_family, person
from contacts import services as contact_services
from familysupport.models import AuditAction, AuditEvent, Role
from supportfamilies.tests.builders import build_support_family

# Every section of the family page, whatever the case holds (issue 14), counted with everything
# the request asks: the session, the user, the audit record of the read.
PAGE_QUERIES = 15
ALL_SECTIONS = ("data", "case", "contacts", "plan", "assessments", "court", "support", "path")


def url(family, section: str | None = None) -> str:
    address = reverse("cases:family_detail", args=[family.pk])
    return f"{address}?section={section}" if section else address


def visit(day: int) -> dict:
    return {
        "date": timezone.localdate(),  # the work began today
        "kind": VisitKind.HOME,
        "place": "mieszkanie rodziny",
        "duration_minutes": 30 + day,
        "present": "Matka",
        "activities": "Rozmowa",
        "tasks_until_next": "",
    }


def joint_visit(day: int) -> dict:
    return {
        "kind": "home",
        "date": timezone.localdate(),
        "time": None,
        "duration_minutes": 30 + day,
        "place": "mieszkanie rodziny",
        "others_present": "",
        "activities": "Wspólna wizyta",
        "agreements": "",
    }


def member(number: int) -> dict:
    return {
        "first_name": f"Dziecko{number}",
        "last_name": "Nowak",
        "role": FamilyRole.CHILD,
        "birth_date": datetime.date(2015, 3, 1),
        "pesel": "",
        "parental_authority": "",
        "in_foster_care": False,
    }


def counts(client, family, sections, django_assert_max_num_queries) -> dict[str, int]:
    """The queries of each section's page, cold; each within its bound."""
    found = {}
    for section in sections:
        cache.clear()
        reset_queries()
        with django_assert_max_num_queries(PAGE_QUERIES) as captured:
            response = client.get(url(family, section))
        assert response.status_code == 200, section
        found[section] = len(captured.captured_queries)
        assert found[section] >= 4, section  # counted for real: the session, the user, the family, the audit
    return found


def grow(family, *, worker, assistant, visits: int, members: int, withdrawn: int = 0) -> None:
    """Adds visits and members to the family; `withdrawn` of each are then withdrawn as entered by
    mistake (the path's section lists them with their reasons)."""
    added = [
        plan_services.visit_record(actor=assistant, family=family, data=visit(day + 1))
        for day in range(visits)
    ]
    people = [
        services.member_add(actor=worker, family=family, data=member(number)) for number in range(members)
    ]
    # The team's contacts (a joint visit of the worker and the assistant), notes, attachments.
    children = list(family.members.current())
    logged = [
        contact_services.contact_log(
            actor=worker,
            family=family,
            data={**joint_visit(day + 1), "participants": [assistant], "members_present": children},
        )
        for day in range(visits)
    ]
    for day in range(visits):
        contact_services.note_add(
            actor=worker,
            family=family,
            data={
                "date": timezone.localdate(),
                "text": f"Notatka {day}",
                "visibility": "worker" if day % 2 else "team",
            },
        )
    for item in added[:withdrawn]:
        plan_services.visit_withdraw(actor=assistant, visit=item, reason="Wizyta innej rodziny")
    for item in logged[:withdrawn]:
        contact_services.contact_withdraw(actor=worker, contact=item, reason="Kontakt innej rodziny")
    for person_added in people[:withdrawn]:
        services.member_withdraw(actor=worker, member=person_added, reason="Osoba z innej rodziny")


@pytest.fixture
def assigned(anna, helena, adam):
    """A family Adam works with, with one visit and its support family proposed."""
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="eligible")
    family = support_family.family
    grow(family, worker=anna, assistant=adam, visits=1, members=0)
    return family


@pytest.mark.parametrize("persona", ["anna", "adam", "helena"])
def test_every_section_costs_the_same_for_one_visit_and_for_fifty(
    request, persona, assigned, anna, adam, client_for, django_assert_max_num_queries
):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    sections = [item.key for item in family_sections(user, assigned)]
    small = counts(client, assigned, sections, django_assert_max_num_queries)
    grow(assigned, worker=anna, assistant=adam, visits=49, members=6, withdrawn=3)
    large = counts(client, assigned, sections, django_assert_max_num_queries)
    assert large == small
    path = client.get(url(assigned, "path")).content.decode()
    assert 'id="withdrawn-heading"' in path  # the withdrawn records, with their reasons
    assert "Osoba z innej rodziny" in path and "Wizyta innej rodziny" in path


def test_the_count_is_the_same_with_and_without_a_support_family(
    anna, helena, adam, client_for, django_assert_max_num_queries
):
    without = build_family(anna, stage="assigned", head=helena, assistant=adam, name="Rodzina Lis")
    with_one = build_support_family(anna, head=helena, assistant=adam, stage="signed").family
    for user in (adam, helena):
        client = client_for(user)
        sections = [item.key for item in family_sections(user, without)]
        assert counts(client, without, sections, django_assert_max_num_queries) == counts(
            client, with_one, sections, django_assert_max_num_queries
        )


def test_the_section_nav_leads_to_each_section_and_marks_the_current_one(assigned, adam, client_for):
    client = client_for(adam)
    page = client.get(url(assigned, "plan")).content.decode()
    assert 'aria-label="Sekcje sprawy"' in page
    assert f'aria-current="page" href="{url(assigned, "plan")}"' in page
    nav = page[page.index('aria-label="Sekcje sprawy"') :]
    nav = nav[: nav.index("</nav>")]
    assert nav.count('aria-current="page"') == 1
    for section in ("case", "assessments", "court", "support", "path"):
        assert f'href="{url(assigned, section)}"' in page
    assert f'href="{url(assigned)}"' in page  # the family's data, the page's first section
    assert 'id="visits-heading"' in page


def test_a_section_not_for_the_user_is_not_in_the_nav_and_answers_404(assigned, anna, client_for):
    client = client_for(anna)
    page = client.get(url(assigned)).content.decode()
    assert f'href="{url(assigned, "court")}"' not in page  # the court part is the assistant's and head's
    assert f'href="{url(assigned, "support")}"' not in page
    assert client.get(url(assigned, "court")).status_code == 404
    assert client.get(url(assigned, "no-such-section")).status_code == 404


def test_every_section_read_is_in_the_audit_record(assigned, helena, client_for):
    client = client_for(helena)
    before = AuditEvent.objects.filter(action=AuditAction.VIEW, family_id=assigned.pk).count()
    for section in ALL_SECTIONS:
        assert client.get(url(assigned, section)).status_code == 200
    after = AuditEvent.objects.filter(action=AuditAction.VIEW, family_id=assigned.pk, actor=helena).count()
    assert after - before == len(ALL_SECTIONS)


@pytest.fixture
def iwona(centre_a):
    """The data protection officer of centre A: the audit record, never the case."""
    return person("iwona", centre_a, Role.DPO)


@pytest.mark.parametrize("persona", ["stefan", "ada", "iwona", "bartosz"])
def test_others_find_no_family_page_in_a_few_queries(
    request, persona, assigned, client_for, django_assert_max_num_queries
):
    client = client_for(request.getfixturevalue(persona))
    for section in ALL_SECTIONS:
        with django_assert_max_num_queries(PAGE_QUERIES):
            assert client.get(url(assigned, section)).status_code == 404
