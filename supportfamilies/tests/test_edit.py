"""Correcting a support family's data: the head or the family's assistant, while the support family
is proposed, eligible or established; a stale form is refused and keeps both versions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import rewrite
from familysupport.models import AuditAction, AuditEvent
from supportfamilies import services
from supportfamilies.models import SupportFamily
from supportfamilies.tests.builders import PROPOSAL, build_support_family

NEW_ADDRESS = {"street": "ul. Grójecka 5", "postal_code": "02-001", "city": "Warszawa"}


def fresh(support_family: SupportFamily) -> SupportFamily:
    return SupportFamily.objects.get(pk=support_family.pk)


def edit_url(support_family: SupportFamily) -> str:
    return reverse("supportfamilies:support_family_edit", args=[support_family.pk])


def detail_url(support_family: SupportFamily) -> str:
    return reverse("supportfamilies:support_family_detail", args=[support_family.pk])


def form_data(support_family: SupportFamily, **changes) -> dict:
    data = {
        field: PROPOSAL[field] for field in ("name", "street", "postal_code", "city", "phone", "relation")
    }
    return {**data, "lock_version": support_family.lock_version, **changes}


@pytest.fixture
def proposed(anna, helena, adam) -> SupportFamily:
    return build_support_family(anna, head=helena, assistant=adam, stage="proposed")


@pytest.mark.parametrize("stage", ["proposed", "eligible", "established", "signed"])
def test_the_assistant_corrects_the_address_and_phone(client, anna, helena, adam, stage):
    support_family = build_support_family(anna, head=helena, assistant=adam, stage=stage)
    client.force_login(adam)
    assert client.get(edit_url(support_family)).status_code == 200
    response = client.post(
        edit_url(support_family), form_data(fresh(support_family), phone="600100200", **NEW_ADDRESS)
    )
    assert response.status_code == 302 and response["Location"] == detail_url(support_family)
    stored = fresh(support_family)
    assert (stored.street, stored.postal_code, stored.phone) == (
        "ul. Grójecka 5",
        "02-001",
        "+48 600 100 200",
    )
    assert stored.status == support_family.status  # the status is not the form's
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="supportfamilies.supportfamily")
    assert (event.actor, event.family_id) == (adam, support_family.family_id)
    assert event.details["fields"] == ["street", "postal_code", "phone"]


def test_the_head_corrects_the_name(client, helena, proposed):
    client.force_login(helena)
    client.post(edit_url(proposed), form_data(proposed, name="Anna i Jan Kowalscy-Nowak"))
    assert fresh(proposed).name == "Anna i Jan Kowalscy-Nowak"


def test_the_form_leaves_out_the_status_and_the_consent(client, adam, proposed):
    client.force_login(adam)
    form = client.get(edit_url(proposed)).context["form"]
    assert set(form.fields) == {"name", "street", "postal_code", "city", "phone", "relation", "lock_version"}


@pytest.mark.parametrize("persona", ["agata", "bartosz", "borys"])
def test_one_who_may_not_see_it_gets_404_and_changes_nothing(client, request, persona, proposed):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(edit_url(proposed)).status_code == 404
    assert client.post(edit_url(proposed), form_data(proposed, name="Obcy")).status_code == 404
    assert fresh(proposed).name == PROPOSAL["name"]


@pytest.mark.parametrize("persona", ["anna", "stefan", "ada"])
def test_other_roles_are_refused(client, request, persona, proposed):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(edit_url(proposed), form_data(proposed, name="Obcy")).status_code == 403
    assert fresh(proposed).name == PROPOSAL["name"]


def test_the_service_refuses_one_whose_step_it_is_not(anna, proposed):
    with pytest.raises(PermissionDenied):
        services.support_family_update(actor=anna, support_family=proposed, data={"name": "Obcy"})


@pytest.mark.parametrize("stage", ["ineligible", "withdrawn"])
def test_a_closed_proposal_is_not_corrected(client, anna, helena, adam, stage):
    if stage == "withdrawn":
        support_family = build_support_family(anna, head=helena, assistant=adam, stage="proposed")
        services.support_family_withdraw(actor=adam, support_family=support_family, reason="Rezygnacja")
    else:
        support_family = build_support_family(anna, head=helena, assistant=adam, stage=stage)
    client.force_login(adam)
    assert (
        'href="' + edit_url(support_family) + '"'
        not in client.get(detail_url(support_family)).content.decode()
    )
    response = client.post(
        edit_url(support_family), form_data(fresh(support_family), name="Inni"), follow=True
    )
    assert response.redirect_chain[-1][0] == detail_url(support_family)
    assert "jej danych nie można już zmienić" in response.content.decode()
    with pytest.raises(ValidationError):
        services.support_family_update(actor=adam, support_family=support_family, data={"name": "Inni"})
    assert fresh(support_family).name == PROPOSAL["name"]


def test_the_link_is_shown_to_whom_the_policy_allows(client, anna, helena, adam, proposed):
    link = 'href="' + edit_url(proposed) + '"'
    for persona, shown in ((adam, True), (helena, True)):
        client.force_login(persona)
        page = client.get(detail_url(proposed)).content.decode()
        assert (link in page) is shown
        assert "Popraw dane" in page
    rewrite(type(proposed.family).objects.filter(pk=proposed.family_id), archived_on=timezone.localdate())
    client.force_login(adam)
    assert link not in client.get(detail_url(proposed)).content.decode()


def test_a_phone_that_is_not_a_number_is_refused_in_polish(client, adam, proposed):
    client.force_login(adam)
    response = client.post(edit_url(proposed), form_data(proposed, phone="abc"))
    assert response.status_code == 200
    assert "Wprowadź poprawny numer telefonu" in response.content.decode()
    assert fresh(proposed).phone == ""


def test_an_emptied_required_field_is_refused_on_the_form(client, adam, proposed):
    client.force_login(adam)
    response = client.post(edit_url(proposed), form_data(proposed, relation="  "))
    assert response.status_code == 200 and response.context["form"].errors["relation"]
    assert fresh(proposed).relation == PROPOSAL["relation"]


class TestTwoPeopleAtOnce:
    def test_the_second_save_is_refused_and_both_versions_are_kept(self, client, helena, adam, proposed):
        drawn = fresh(proposed)
        client.force_login(helena)
        assert client.post(edit_url(proposed), form_data(drawn, name="Kowalscy-Nowak")).status_code == 302
        client.force_login(adam)
        second = client.post(edit_url(proposed), form_data(drawn, phone="600100200"))
        assert second.status_code == 200
        page = second.content.decode()
        assert "Ktoś zapisał te dane po otwarciu przez Ciebie formularza" in page
        assert "Rodzina wspierająca — zapisane teraz: Kowalscy-Nowak" in page
        assert second.context["form"]["phone"].value() == "600100200"  # the second person's own input
        assert second.context["form"]["name"].value() == PROPOSAL["name"]
        stored = fresh(proposed)
        assert (stored.name, stored.phone) == ("Kowalscy-Nowak", "")
        assert AuditEvent.objects.filter(
            object_id=str(proposed.pk), actor=adam, details__outcome="refused_stale"
        ).exists()

    def test_sending_the_refused_form_again_saves_over_the_new_version(self, client, helena, adam, proposed):
        drawn = fresh(proposed)
        client.force_login(helena)
        client.post(edit_url(proposed), form_data(drawn, name="Kowalscy-Nowak"))
        client.force_login(adam)
        refused = client.post(edit_url(proposed), form_data(drawn, phone="600100200"))
        again = client.post(edit_url(proposed), dict(refused.context["form"].data.items()))
        assert again.status_code == 302
        stored = fresh(proposed)
        assert (stored.name, stored.phone) == (PROPOSAL["name"], "+48 600 100 200")
