"""The family page on the demo: every section of every family page each user of the demo opens
(the families its manifest says they see) in at most 15 queries, cold; those who see no case
content (the data protection officer, staff, the administrator) find none, as cheaply."""

import pytest
from django.core.cache import cache
from django.db import reset_queries
from django.urls import reverse

from cases.models import Family
from cases.selectors import family_sections
from cases.tests.test_family_page import PAGE_QUERIES
from familysupport.models import Role, User

pytestmark = pytest.mark.slow

CASE_ROLES = {Role.SOCIAL_WORKER, Role.FAMILY_ASSISTANT, Role.HEAD, Role.SPECIALIST}


def role_of(entry: dict) -> str:
    (role,) = CASE_ROLES & set(entry["roles"])
    return role


@pytest.fixture
def manifest(demo, db):
    """The manifest of the demo the module shares (conftest.demo), each test in its own savepoint."""
    return demo


def test_every_section_of_every_family_page_of_the_demo_in_at_most_15_queries(
    client, manifest, django_assert_max_num_queries
):
    pages = set()
    for entry in manifest["users"]:
        if not CASE_ROLES & set(entry["roles"]):
            continue
        user = User.objects.get(username=entry["username"])
        client.force_login(user)
        for reference in entry["families"]:
            family = Family.objects.get(reference=reference)
            # The manifest lists the families a user meets on their pages; some of those (an
            # assistant's past month, a disposed case on the head's pages) open no family page.
            for section in family_sections(user, family):
                cache.clear()
                reset_queries()  # else a full query log counts nothing
                address = reverse("cases:family_detail", args=[family.pk]) + f"?section={section.key}"
                with django_assert_max_num_queries(PAGE_QUERIES):
                    response = client.get(address)
                assert response.status_code in (200, 404), (user.username, reference, section.key)
                if response.status_code == 200:
                    pages.add((role_of(entry), section.key))
    # Every role's every section was counted, and no role met a section outside its need-to-know:
    # the court part and the support family are not the social worker's nor the specialist's, the
    # monitoring plans the social worker's and the head's only, the institutions not the specialist's.
    common = {"data", "case", "plan", "assessments", "path", "team", "contacts", "services"}
    assert {role: {s for r, s in pages if r == role} for role in CASE_ROLES} == {
        Role.HEAD: common | {"court", "support", "monitoring", "institutions"},
        Role.SOCIAL_WORKER: common | {"monitoring", "institutions"},
        Role.FAMILY_ASSISTANT: common | {"court", "support", "institutions"},
        Role.SPECIALIST: common,
    }


def test_who_sees_no_case_content_finds_no_family_page(client, manifest, django_assert_max_num_queries):
    families = list(Family.objects.all())
    for entry in manifest["users"]:
        if CASE_ROLES & set(entry["roles"]):
            continue
        client.force_login(User.objects.get(username=entry["username"]))
        for family in families:
            reset_queries()
            with django_assert_max_num_queries(PAGE_QUERIES):
                assert client.get(reverse("cases:family_detail", args=[family.pk])).status_code == 404
