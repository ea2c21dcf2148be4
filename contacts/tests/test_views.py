"""Every page of the team's record for each role and the other centre: the team and the head read,
the team writes, everyone else (another worker, staff, the administrator, the data protection
officer, the other centre) gets 404, as if the family did not exist."""

import datetime
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import person
from contacts import services
from contacts.models import Attachment, CaseNote, Contact
from contacts.tests.conftest import contact_data, note_data
from familysupport.models import Role
from tools.demo.scans import scan_pdf

OUTSIDERS = ("sam", "stefan", "ada", "dpo", "bozena", "bartosz", "piotr")


@pytest.fixture
def dpo(centre_a):
    return person("dora", centre_a, Role.DPO)


@pytest.fixture
def record(anna, adam, family):
    contact = services.contact_log(
        actor=anna, family=family, data=contact_data(participants=[adam], date=datetime.date.today())
    )
    note = services.note_add(actor=anna, family=family, data=note_data())
    restricted = services.note_add(
        actor=anna, family=family, data=note_data(visibility="worker", text="Poufne")
    )
    upload = SimpleUploadedFile("skan.pdf", scan_pdf(), content_type="application/pdf")
    attachment = services.attachment_add(
        actor=anna,
        family=family,
        data={
            "kind": "letter",
            "title": "Pismo ze szkoły",
            "dated": datetime.date.today(),
            "visibility": "worker",
            "file": upload,
        },
    )
    return {"contact": contact, "note": note, "restricted": restricted, "attachment": attachment}


def pages(family, record):
    f = family.pk
    return {
        "contact_list": reverse("contacts:contact_list", args=[f]),
        "contact_add": reverse("contacts:contact_add", args=[f]),
        "contact_edit": reverse("contacts:contact_edit", args=[f, record["contact"].pk]),
        "note_list": reverse("contacts:note_list", args=[f]),
        "note_add": reverse("contacts:note_add", args=[f]),
        "note_edit": reverse("contacts:note_edit", args=[f, record["note"].pk]),
        "attachment_list": reverse("contacts:attachment_list", args=[f]),
        "attachment_add": reverse("contacts:attachment_add", args=[f]),
        "attachment_detail": reverse("contacts:attachment_detail", args=[f, record["attachment"].pk]),
        "attachment_download": reverse("contacts:attachment_download", args=[f, record["attachment"].pk]),
    }


# What each reader gets on each page: 200, 403 (theirs to read, not to do), 404 (not theirs to see).
EXPECTED = {
    "anna": dict.fromkeys(
        (
            "contact_list",
            "contact_add",
            "contact_edit",
            "note_list",
            "note_add",
            "note_edit",
            "attachment_list",
            "attachment_add",
            "attachment_detail",
            "attachment_download",
        ),
        200,
    ),
    "adam": {
        "contact_list": 200,
        "contact_add": 200,
        "contact_edit": 403,
        "note_list": 200,
        "note_add": 200,
        "note_edit": 403,
        "attachment_list": 200,
        "attachment_add": 200,
        # The attachment is for the social worker and the head only.
        "attachment_detail": 404,
        "attachment_download": 404,
    },
    "sara": {
        "contact_list": 200,
        "contact_add": 200,
        "contact_edit": 403,
        "note_list": 200,
        "note_add": 200,
        "note_edit": 403,
        "attachment_list": 200,
        "attachment_add": 200,
        "attachment_detail": 404,
        "attachment_download": 404,
    },
    "helena": {
        "contact_list": 200,
        "contact_add": 403,
        "contact_edit": 403,
        "note_list": 200,
        "note_add": 200,
        "note_edit": 403,
        "attachment_list": 200,
        "attachment_add": 200,
        "attachment_detail": 200,
        "attachment_download": 200,
    },
}


@pytest.mark.parametrize("who", [*EXPECTED, *OUTSIDERS])
def test_each_page_for_each_role_and_the_other_centre(request, who, family, record, sara, client_for):
    user = request.getfixturevalue(who)
    client = client_for(user)
    expected = EXPECTED.get(who, {})
    for name, address in pages(family, record).items():
        assert client.get(address).status_code == expected.get(name, 404), (who, name)


@pytest.mark.parametrize("who", ["adam", "sara", "helena", *OUTSIDERS])
def test_withdrawals_are_the_authors(request, who, family, record, sara, client_for):
    client = client_for(request.getfixturevalue(who))
    f = family.pk
    for address in (
        reverse("contacts:contact_withdraw", args=[f, record["contact"].pk]),
        reverse("contacts:note_withdraw", args=[f, record["note"].pk]),
        reverse("contacts:attachment_withdraw", args=[f, record["attachment"].pk]),
    ):
        assert client.post(address, {"reason": "Pomyłka"}).status_code in (302, 403, 404)
    assert Contact.objects.current().count() == 1
    assert CaseNote.objects.current().count() == 2
    assert Attachment.objects.current().count() == 1


def test_the_social_worker_logs_a_joint_visit_once_however_often_the_form_is_sent(
    anna, adam, family, client_for
):
    client = client_for(anna)
    child = family.members.current().get()
    form = {
        "submission": str(uuid.uuid4()),
        "kind": "home",
        "date": datetime.date.today().isoformat(),
        "time": "10:00",
        "duration_minutes": "90",
        "place": "mieszkanie rodziny",
        "participants": [str(adam.pk)],
        "members_present": [str(child.pk)],
        "activities": "Wspólna wizyta z asystentem",
        "agreements": "",
    }
    address = reverse("contacts:contact_add", args=[family.pk])
    assert client.post(address, form).status_code == 302
    assert client.post(address, form).status_code == 302
    contact = Contact.objects.get()
    assert set(contact.participants.all()) == {anna, adam}
    log = client.get(reverse("contacts:contact_list", args=[family.pk])).content.decode()
    assert "Wspólna wizyta z asystentem" in log and str(adam) in log


def test_bad_input_is_said_on_the_form(anna, family, client_for):
    client = client_for(anna)
    response = client.post(
        reverse("contacts:contact_add", args=[family.pk]),
        {"kind": "home", "date": "2099-01-01", "duration_minutes": "0", "activities": ""},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Data nie może być późniejsza niż dzisiejsza." in page
    assert Contact.objects.count() == 0


def test_a_stale_correction_is_refused_on_the_form(anna, family, record, client_for):
    client = client_for(anna)
    contact = record["contact"]
    services.contact_update(actor=anna, contact=contact, data=contact_data(place="szkoła"), version=1)
    response = client.post(
        reverse("contacts:contact_edit", args=[family.pk, contact.pk]),
        {
            "lock_version": "1",
            "kind": "home",
            "date": datetime.date.today().isoformat(),
            "duration_minutes": "30",
            "place": "poradnia",
            "activities": "Rozmowa",
        },
    )
    assert response.status_code == 200
    contact.refresh_from_db()
    assert contact.place == "szkoła"


def test_the_family_page_shows_the_log_notes_and_attachments_by_visibility(
    adam, anna, family, record, client_for
):
    address = reverse("cases:family_detail", args=[family.pk]) + "?section=contacts"
    for_adam = client_for(adam).get(address).content.decode()
    assert "Rozmowa o planie dnia dzieci" in for_adam
    assert "Telefon od pedagoga szkolnego" in for_adam and "Poufne" not in for_adam
    assert "Pismo ze szkoły" not in for_adam
    for_anna = client_for(anna).get(address).content.decode()
    assert "Poufne" in for_anna and "Pismo ze szkoły" in for_anna


def test_the_social_workers_start_page_counts_this_months_contacts(anna, family, record, client_for):
    page = client_for(anna).get(reverse("home")).content.decode()
    assert "Moje kontakty z rodzinami" in page
    assert "1 kontakt w tym miesiącu" in page
