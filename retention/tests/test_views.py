"""The disposal protocols' pages: for the head and the data protection officer of the centre only;
another centre's protocol does not exist; the buttons follow the policies; the PDF reads right."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cases.models import Family
from conftest import confirm
from familysupport.models import AuditAction, AuditEvent
from retention import services
from retention.models import ProtocolStatus
from retention.tests.builders import archived_case, past_retention


@pytest.fixture
def protocol(anna, helena, centre_a):
    past_retention(archived_case(anna, head=helena))
    return services.disposal_propose(actor=None, centre=centre_a)


def url(name, protocol=None):
    return reverse(f"retention:{name}", args=[protocol.pk] if protocol else [])


@pytest.mark.parametrize("persona", ["helena", "iwona"])
def test_the_head_and_the_dpo_read_the_protocols(client_for, request, persona, protocol):
    client = client_for(request.getfixturevalue(persona))
    listing = client.get(url("protocol_list")).content.decode()
    assert protocol.number in listing
    page = client.get(url("protocol_detail", protocol)).content.decode()
    item = protocol.items.get()
    assert item.reference in page and "B10" in page
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="retention.disposalprotocol", object_id=str(protocol.pk)
    ).exists()


@pytest.mark.parametrize("persona", ["anna", "adam", "stefan", "ada"])
def test_other_roles_are_refused(client_for, request, persona, protocol):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(url("protocol_list")).status_code == 403
    for name in ("protocol_detail", "protocol_pdf", "protocol_carry_out"):
        assert client.get(url(name, protocol)).status_code == 403
    assert client.post(url("protocol_approve", protocol)).status_code == 403
    assert client.post(url("protocol_propose")).status_code == 403


@pytest.mark.parametrize("persona", ["bartosz", "bogna"])
def test_another_centres_protocol_does_not_exist(client_for, request, persona, protocol):
    client = client_for(request.getfixturevalue(persona))
    assert protocol.number not in client.get(url("protocol_list")).content.decode()
    for name in ("protocol_detail", "protocol_pdf"):
        assert client.get(url(name, protocol)).status_code == 404
    assert client.post(url("protocol_approve", protocol)).status_code == 404
    # Carrying out is the head's: another centre's head finds nothing, its DPO may not.
    carry_out = 404 if persona == "bartosz" else 403
    assert client.post(url("protocol_carry_out", protocol)).status_code == carry_out
    protocol.refresh_from_db()
    assert protocol.head_approved_by is None and protocol.dpo_approved_by is None


def test_each_approver_finds_their_button_and_approves(client_for, helena, iwona, protocol):
    button = url("protocol_approve", protocol)
    head = client_for(helena)
    assert button in head.get(url("protocol_detail", protocol)).content.decode()
    assert head.get(button).status_code == 200
    assert confirm(head, button).status_code == 302
    assert button not in head.get(url("protocol_detail", protocol)).content.decode()
    dpo = client_for(iwona)
    assert button in dpo.get(url("protocol_detail", protocol)).content.decode()
    confirm(dpo, button)
    protocol.refresh_from_db()
    assert protocol.status == ProtocolStatus.APPROVED
    assert (
        url("protocol_carry_out", protocol) not in dpo.get(url("protocol_detail", protocol)).content.decode()
    )


def test_the_head_confirms_before_the_disposal_is_carried_out(client_for, helena, iwona, protocol):
    family = protocol.items.get().family
    head = client_for(helena)
    assert (
        url("protocol_carry_out", protocol) not in head.get(url("protocol_detail", protocol)).content.decode()
    )
    refused = head.post(url("protocol_carry_out", protocol), follow=True).content.decode()
    assert "zarówno kierownik, jak i inspektor ochrony danych" in refused
    assert Family.objects.get(pk=family.pk).name == family.name
    services.protocol_approve(actor=helena, protocol=protocol)
    services.protocol_approve(actor=iwona, protocol=protocol)
    assert url("protocol_carry_out", protocol) in head.get(url("protocol_detail", protocol)).content.decode()
    summary = head.get(url("protocol_carry_out", protocol)).content.decode()
    assert "nie można cofnąć" in summary and family.reference in summary
    assert client_for(iwona).get(url("protocol_carry_out", protocol)).status_code == 403
    head = client_for(helena)
    response = confirm(head, url("protocol_carry_out", protocol))
    assert response.status_code == 302
    protocol.refresh_from_db()
    assert protocol.status == ProtocolStatus.CARRIED_OUT
    assert Family.objects.get(pk=family.pk).name != family.name


def test_the_head_lists_the_cases_due_now(client_for, helena, anna, centre_a):
    head = client_for(helena)
    assert "Brak spraw" in head.post(url("protocol_propose"), follow=True).content.decode()
    past_retention(archived_case(anna, head=helena))
    response = head.post(url("protocol_propose"))
    assert response.status_code == 302 and "/disposal-protocols/" in response["Location"]
    assert client_for(helena).get(url("protocol_propose")).status_code == 405


def test_the_protocol_pdf_in_the_archives_layout(client_for, helena, iwona, protocol):
    services.protocol_approve(actor=helena, protocol=protocol)
    response = client_for(iwona).get(url("protocol_pdf", protocol))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages
    )
    item = protocol.items.get()
    for expected in (
        "OPS Ochota",
        f"Protokół nr {protocol.number}",
        "brakowania dokumentacji niearchiwalnej",
        item.reference,
        "B10",
        item.retention_until.strftime("%d.%m.%Y"),
        "Kierownik ośrodka",
        "Inspektor ochrony danych",
        str(helena),
    ):
        assert expected in text, expected
    assert AuditEvent.objects.filter(
        action=AuditAction.DOWNLOAD, object_type="retention.disposalprotocol", object_id=str(protocol.pk)
    ).exists()


def test_the_family_page_of_a_disposed_case_says_so_and_shows_no_name(client_for, helena, iwona, protocol):
    family = protocol.items.get().family
    page = reverse("cases:family_detail", args=[family.pk])
    assert "Dane osobowe i dokumenty sprawy usunięto" not in client_for(helena).get(page).content.decode()
    services.protocol_approve(actor=helena, protocol=protocol)
    services.protocol_approve(actor=iwona, protocol=protocol)
    services.protocol_carry_out(actor=helena, protocol=protocol)
    content = client_for(helena).get(page).content.decode()
    assert "Dane osobowe i dokumenty sprawy usunięto" in content and protocol.number in content
    assert family.reference in content and family.name not in content and family.street not in content
