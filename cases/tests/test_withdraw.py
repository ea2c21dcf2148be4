"""A person added to a family by mistake is withdrawn with a reason: kept in the record and the
audit trail, gone from the family's composition, its search, the statistics and the documents."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from assistants.services import plans as plan_services
from assistants.statistics import families_section
from assistants.tests.test_plans import PLAN_DATA, goal, text_of
from cases import selectors, services
from cases.models import FamilyMember, FamilyRole
from conftest import build_family, whole_family_page
from familysupport.models import AuditAction, AuditEvent

REASON = "Osoba z innej rodziny"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def family(anna, helena, adam):
    return build_family(anna, stage="assigned", head=helena, assistant=adam)


@pytest.fixture
def mistake(family, anna):
    return services.member_add(
        actor=anna,
        family=family,
        data={
            "first_name": "Zenobia",
            "last_name": "Pomyłkowska",
            "role": FamilyRole.CHILD,
            "birth_date": datetime.date(2016, 5, 1),
            "pesel": "16250112345",
            "parental_authority": "",
            "in_foster_care": False,
        },
    )


def withdraw_url(member) -> str:
    return reverse("cases:member_withdraw", args=[member.family_id, member.pk])


def found_by_surname(user) -> list[int]:
    families = selectors.search_families(selectors.family_list(user), "Pomyłkowska", centre_id=user.centre_id)
    return list(families.values_list("pk", flat=True))


def children(family) -> int:
    today = timezone.localdate()
    section = families_section(family.centre, today.replace(month=1, day=1), today)
    return next(row.value for row in section.rows if row.key == "children")


def test_the_worker_withdraws_the_person_and_they_leave_the_page_search_statistics_and_documents(
    client, family, anna, adam, mistake
):
    assert children(family) == 2
    assert found_by_surname(anna) == [family.pk]
    client.force_login(anna)
    assert client.post(withdraw_url(mistake), {"reason": REASON}).status_code == 302
    mistake.refresh_from_db()
    assert (mistake.withdrawal_reason, mistake.withdrawn_by) == (REASON, anna)
    event = AuditEvent.objects.get(action=AuditAction.WITHDRAW)
    assert (event.object_id, event.family_id) == (str(mistake.pk), family.pk)
    page = whole_family_page(client, family.pk)  # every section: the reason stands in the path's
    assert "Pomyłkowska" not in page and REASON in page
    assert client.get(reverse("cases:member_edit", args=[family.pk, mistake.pk])).status_code == 404
    assert found_by_surname(anna) == []
    assert children(family) == 1
    # The work plan printed for the family's signatures lists the members as they are.
    plan = plan_services.work_plan_create(actor=adam, family=family)
    plan_services.work_plan_save(
        actor=adam, plan=plan, data={**PLAN_DATA, "consulted_on": timezone.localdate()}, goals=[goal()]
    )
    client.force_login(adam)
    pdf = client.get(reverse("assistants:work_plan_pdf", args=[family.pk, plan.pk]))
    assert "Pomyłkowska" not in text_of(PdfReader(io.BytesIO(pdf.content)))
    assert FamilyMember.objects.filter(pk=mistake.pk).exists()


def test_the_pesel_can_then_be_given_to_the_right_person(family, anna, mistake):
    services.member_withdraw(actor=anna, member=mistake, reason=REASON)
    data = {
        "first_name": "Zenobia",
        "last_name": "Właściwa",
        "role": FamilyRole.CHILD,
        "birth_date": datetime.date(2016, 5, 1),
        "pesel": "16250112345",
        "parental_authority": "",
        "in_foster_care": False,
    }
    assert services.member_add(actor=anna, family=family, data=data).pk != mistake.pk


def test_the_edit_page_offers_it_to_the_worker(client, family, anna, mistake):
    client.force_login(anna)
    page = client.get(reverse("cases:member_edit", args=[family.pk, mistake.pk])).content.decode()
    assert withdraw_url(mistake) in page


@pytest.mark.parametrize("persona", ["sam", "helena", "adam", "stefan"])
def test_only_the_responsible_worker_withdraws(client, request, mistake, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.member_withdraw(actor=user, member=mistake, reason=REASON)
    client.force_login(user)
    assert client.post(withdraw_url(mistake), {"reason": REASON}).status_code in (403, 404)
    mistake.refresh_from_db()
    assert mistake.withdrawn_at is None


def test_another_centre_finds_nothing(client, mistake, bozena):
    client.force_login(bozena)
    assert client.post(withdraw_url(mistake), {"reason": REASON}).status_code == 404


def test_a_reason_is_required(client, anna, mistake):
    with pytest.raises(ValidationError, match="Say why"):
        services.member_withdraw(actor=anna, member=mistake, reason="")
    client.force_login(anna)
    client.post(withdraw_url(mistake), {"reason": ""})
    mistake.refresh_from_db()
    assert mistake.withdrawn_at is None


def test_an_archived_case_refuses_it(family, anna, helena, mistake):
    services.archive_family(actor=helena, family=family)
    with pytest.raises(ValidationError, match="archived"):
        services.member_withdraw(actor=anna, member=mistake, reason=REASON)


def test_a_withdrawn_person_is_not_corrected(anna, mistake):
    services.member_withdraw(actor=anna, member=mistake, reason=REASON)
    with pytest.raises(ValidationError, match="withdrawn"):
        services.member_withdraw(actor=anna, member=mistake, reason=REASON)
    with pytest.raises(ValidationError, match="withdrawn"):
        services.member_update(actor=anna, member=mistake, data={"first_name": "X"})
