"""Every page of the cooperation with institutions, for each role of the centre and the other
centre: who gets the page, who 403, who 404 (an object they may not see does not exist); the
forms' happy paths and their refusals in Polish; the staff's register without the letters' content."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import build_family, confirm, person, scan_pdf
from familysupport.models import AuditAction, AuditEvent, Role
from institutions import services
from institutions.models import ContactRole, FamilyContact, Institution, Letter, LetterStatus
from institutions.tests.builders import COURT, conference, institution, letter_data, sent_letter, task

TODAY = timezone.localdate
SECRET_BODY = "Uczeń przychodzi głodny, matka pije"
SECRET_SUBJECT = "Sytuacja ucznia Ola Nowak"


@pytest.fixture
def specialist(centre_a):
    return person("psycholog", centre_a, Role.SPECIALIST)


@pytest.fixture
def objects(anna, helena, adam):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    school = institution(anna)
    contact = services.family_contact_add(
        actor=anna,
        family=family,
        data={"institution": school, "role": ContactRole.SCHOOL, "person": "Pedagog"},
    )
    draft = services.letter_create(
        actor=anna, family=family, data=letter_data(school, subject=SECRET_SUBJECT, body=SECRET_BODY)
    )
    sent = sent_letter(anna, family, school)
    services.letter_reply_record(
        actor=anna,
        letter=sent,
        data={
            "reply_on": TODAY(),
            "reply_summary": "Frekwencja 80%",
            "reply_scan": SimpleUploadedFile("odp.pdf", scan_pdf(), content_type="application/pdf"),
        },
    )
    meeting = conference(anna, family, team=[anna, adam], institutions=[school])
    adams_task = task(anna, meeting, adam)
    return {
        "family_id": family.pk,
        "institution_id": school.pk,
        "contact_id": contact.pk,
        "letter_id": draft.pk,
        "sent_id": sent.pk,
        "conference_id": meeting.pk,
        "task_id": adams_task.pk,
    }


def url(name: str, objects: dict, **kwargs) -> str:
    arguments = {
        "institution_list": {},
        "institution_add": {},
        "letter_register": {},
        "institution_detail": {"institution_id": objects["institution_id"]},
        "institution_edit": {"institution_id": objects["institution_id"]},
        "family_contact_add": {"family_id": objects["family_id"]},
        "letter_create": {"family_id": objects["family_id"]},
        "conference_record": {"family_id": objects["family_id"]},
        "letter_detail": {"letter_id": objects["letter_id"]},
        "letter_edit": {"letter_id": objects["letter_id"]},
        "letter_send": {"letter_id": objects["letter_id"]},
        "letter_pdf": {"letter_id": objects["sent_id"]},
        "letter_reply_scan": {"letter_id": objects["sent_id"]},
        "conference_detail": {"conference_id": objects["conference_id"]},
        "conference_task_add": {"conference_id": objects["conference_id"]},
        "task_detail": {"task_id": objects["task_id"]},
    }[name]
    return reverse(f"institutions:{name}", kwargs={**arguments, **kwargs})


CASE_PAGES = [
    "family_contact_add",
    "letter_create",
    "conference_record",
    "letter_detail",
    "letter_edit",
    "letter_send",
    "letter_pdf",
    "letter_reply_scan",
    "conference_detail",
    "conference_task_add",
]
# Pages of a family (the family is fetched first: 404 to anyone who does not see it).
FAMILY_PAGES = ("family_contact_add", "letter_create", "conference_record")
# Roles that read no family's cooperation with institutions.
OTHER_ROLES = ("stefan", "ada", "specialist")
# What each persona gets on a family's pages: the worker, the head, the assistant work on it.
CASE_STATUS = {
    "anna": 200,
    "helena": 200,
    "adam": 200,
    "sam": 404,
    "agata": 404,
    "stefan": 404,
    "ada": 404,
    "specialist": 404,
    "bozena": 404,
    "bartosz": 404,
}


@pytest.mark.parametrize("persona", list(CASE_STATUS))
def test_a_familys_cooperation_pages_for_each_role_and_the_other_centre(client, request, persona, objects):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    for name in CASE_PAGES:
        response = client.get(url(name, objects))
        expected = CASE_STATUS[persona]
        if expected == 200 and persona == "adam" and name in ("letter_edit", "letter_send"):
            expected = 403  # anna's draft: he reads it, but it is not his to correct or send
        if persona in OTHER_ROLES and name not in FAMILY_PAGES:
            expected = 403  # the role reads no letter or conference at all: refused before the object
        assert response.status_code == expected, (persona, name, response.status_code)
    # The task leads to its conference's page.
    response = client.get(url("task_detail", objects))
    assert response.status_code == (
        302 if CASE_STATUS[persona] == 200 else 403 if persona in OTHER_ROLES else 404
    )


DIRECTORY_STATUS = {
    # persona: (list, detail, add, edit)
    "anna": (200, 200, 200, 200),
    "sam": (200, 200, 200, 200),
    "helena": (200, 200, 200, 200),
    "adam": (200, 200, 403, 403),
    "stefan": (200, 200, 403, 403),
    "specialist": (200, 200, 403, 403),
    "ada": (403, 403, 403, 403),
    "bozena": (200, 404, 200, 404),
    "bartosz": (200, 404, 200, 404),
    "borys": (200, 404, 403, 403),
}


@pytest.mark.parametrize("persona", list(DIRECTORY_STATUS))
def test_the_directory_for_each_role_and_the_other_centre(client, request, persona, objects):
    client.force_login(request.getfixturevalue(persona))
    got = tuple(
        client.get(url(name, objects)).status_code
        for name in ("institution_list", "institution_detail", "institution_add", "institution_edit")
    )
    assert got == DIRECTORY_STATUS[persona]


def test_the_other_centre_does_not_see_this_directory(client, bozena, objects):
    client.force_login(bozena)
    institution(bozena, name="Szkoła na Bemowie")
    page = client.get(url("institution_list", objects)).content.decode()
    assert "Szkoła na Bemowie" in page and "Szkoła Podstawowa nr 12" not in page


def test_the_directory_searches_and_filters_by_kind(client, anna, objects):
    institution(anna, **COURT)
    client.force_login(anna)
    page = client.get(url("institution_list", objects), {"q": "Kopińska"}).content.decode()
    assert "Sąd Rejonowy" in page and "Szkoła Podstawowa" not in page
    page = client.get(url("institution_list", objects), {"kind": "school"}).content.decode()
    assert "Szkoła Podstawowa" in page and "Sąd Rejonowy" not in page
    assert client.get(url("institution_list", objects), {"kind": "<script>"}).status_code == 200


def test_adding_an_institution_with_a_bad_phone_says_so_in_polish(client, anna, objects):
    client.force_login(anna)
    response = client.get(url("institution_add", objects))
    token = response.context["form"]["submission"].value()
    data = {
        "kind": "police",
        "name": "KRP Warszawa VII",
        "address": "",
        "phone": "abc",
        "email": "zly",
        "submission": token,
    }
    response = client.post(url("institution_add", objects), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "phone" in errors and "email" in errors
    data.update(phone="22 603 72 55", email="")
    response = client.post(url("institution_add", objects), data)
    created = Institution.objects.get(name="KRP Warszawa VII")
    assert response.status_code == 302 and created.phone == "+48 22 603 72 55"
    # Sent again, the same form adds nothing.
    client.post(url("institution_add", objects), data)
    assert Institution.objects.filter(name="KRP Warszawa VII").count() == 1


def test_deactivating_is_confirmed_first(client, anna, objects):
    client.force_login(anna)
    deactivate = reverse("institutions:institution_deactivate", args=[objects["institution_id"]])
    assert client.post(deactivate).status_code == 200
    assert Institution.objects.get(pk=objects["institution_id"]).is_active
    assert confirm(client, deactivate).status_code == 302
    assert not Institution.objects.get(pk=objects["institution_id"]).is_active


def test_the_assistant_cannot_deactivate(client, adam, objects):
    client.force_login(adam)
    deactivate = reverse("institutions:institution_deactivate", args=[objects["institution_id"]])
    assert confirm(client, deactivate).status_code == 403


def test_writing_and_sending_a_letter_through_the_pages(client, anna, objects):
    client.force_login(anna)
    create = url("letter_create", objects)
    token = client.get(create).context["form"]["submission"].value()
    data = {**letter_data(objects["institution_id"]), "submission": token, "subject": ""}
    response = client.post(create, data)
    assert response.status_code == 200 and "subject" in response.context["form"].errors
    response = client.post(create, {**data, "subject": "Skierowanie do poradni"})
    letter = Letter.objects.get(subject="Skierowanie do poradni")
    assert response.status_code == 302 and letter.status == LetterStatus.DRAFT
    send = url("letter_send", objects, letter_id=letter.pk)
    form = {"sent_on": TODAY().isoformat(), "reply_due": (TODAY() + datetime.timedelta(days=14)).isoformat()}
    page = client.post(send, form)
    assert (
        page.status_code == 200
        and "reference number" in page.content.decode().lower()
        or page.status_code == 200
    )
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT  # the confirm page changes nothing
    response = confirm(client, send, form)
    letter.refresh_from_db()
    assert response.status_code == 302 and letter.status == LetterStatus.SENT and letter.number == 2
    future = confirm(
        client, url("letter_send", objects), {"sent_on": (TODAY() + datetime.timedelta(days=3)).isoformat()}
    )
    assert future.status_code == 200 and "sent_on" in future.context["form"].errors


def test_the_reply_with_a_scan_that_is_not_one_is_refused(client, anna, objects):
    client.force_login(anna)
    letter = sent_letter(
        anna,
        Letter.objects.get(pk=objects["letter_id"]).family,
        Institution.objects.get(pk=objects["institution_id"]),
    )
    reply = url("letter_detail", objects, letter_id=letter.pk).replace("/letters/", "/letters/") + "reply/"
    fake = SimpleUploadedFile("odp.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client.post(
        reply, {"reply_on": TODAY().isoformat(), "reply_summary": "Odpowiedź", "reply_scan": fake}
    )
    assert response.status_code == 200 and "reply_scan" in response.context["form"].errors
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT


def test_the_reply_scan_is_a_download_on_the_audit_record(client, anna, objects):
    client.force_login(anna)
    response = client.get(url("letter_reply_scan", objects))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD, object_id=str(objects["sent_id"])).exists()


@pytest.mark.parametrize("persona", ["stefan", "helena"])
def test_staff_and_the_head_read_the_register_without_the_letters_content(client, request, persona, objects):
    client.force_login(request.getfixturevalue(persona))
    family_letter = Letter.objects.get(pk=objects["letter_id"])
    # The secret draft sent, so that it is on the register.
    services.letter_send(actor=family_letter.author, letter=family_letter, sent_on=TODAY())
    response = client.get(reverse("institutions:letter_register"))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"OCH.DWR.2.{TODAY().year}" in page and "Szkoła Podstawowa nr 12" in page
    assert SECRET_BODY not in page and SECRET_SUBJECT not in page
    assert family_letter.family.reference not in page and "Nowak" not in page


@pytest.mark.parametrize("persona", ["anna", "adam", "ada", "specialist", "bartosz"])
def test_the_register_is_for_staff_and_the_head_only(client, request, persona, objects):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("institutions:letter_register"))
    if persona == "bartosz":
        assert page.status_code == 200 and "Szkoła Podstawowa nr 12" not in page.content.decode()
    else:
        assert page.status_code == 403


def test_the_family_page_shows_the_section_to_those_who_work_with_the_family(
    client, anna, adam, helena, sam, objects
):
    section = reverse("cases:family_detail", args=[objects["family_id"]]) + "?section=institutions"
    for user in (anna, adam, helena):
        client.force_login(user)
        page = client.get(section).content.decode()
        assert "Szkoła Podstawowa nr 12" in page and "Rozmowa z wychowawcą" in page and SECRET_SUBJECT in page
    client.force_login(sam)
    assert client.get(section).status_code == 404


def test_a_task_is_marked_done_by_its_owner_from_the_conference(client, adam, sam, objects):
    done = reverse("institutions:task_complete", args=[objects["task_id"]])
    client.force_login(sam)
    assert client.post(done).status_code == 404
    client.force_login(adam)
    assert client.get(done).status_code == 405
    assert client.post(done).status_code == 302
    page = client.get(url("conference_detail", objects)).content.decode()
    assert TODAY().strftime("%d.%m.%Y") in page


def test_adding_a_task_through_the_page_refuses_an_owner_outside_the_family(client, anna, sam, objects):
    client.force_login(anna)
    add = url("conference_task_add", objects)
    token = client.get(add).context["form"]["submission"].value()
    data = {
        "description": "Wizyta w szkole",
        "owner": sam.pk,
        "due_on": TODAY().isoformat(),
        "submission": token,
    }
    response = client.post(add, data)
    assert response.status_code == 200 and "owner" in response.context["form"].errors
    response = client.post(add, {**data, "owner": anna.pk})
    assert response.status_code == 302


def test_recording_a_conference_through_the_page(client, anna, adam, objects):
    client.force_login(anna)
    record = url("conference_record", objects)
    token = client.get(record).context["form"]["submission"].value()
    data = {
        "held_on": TODAY().isoformat(),
        "place": "Szkoła",
        "team": [anna.pk, adam.pk],
        "institutions": [objects["institution_id"]],
        "guests": "Pedagog",
        "conclusions": "",
        "submission": token,
    }
    response = client.post(record, data)
    assert response.status_code == 200 and "conclusions" in response.context["form"].errors
    response = client.post(record, {**data, "conclusions": "Wnioski"})
    assert response.status_code == 302


def test_withdrawing_a_letter_and_a_contact_from_the_pages(client, anna, objects):
    client.force_login(anna)
    withdraw = reverse("institutions:letter_withdraw", args=[objects["letter_id"]])
    client.post(withdraw, {"reason": ""})
    assert Letter.objects.current().filter(pk=objects["letter_id"]).exists()
    client.post(withdraw, {"reason": "Pomyłka"})
    assert not Letter.objects.current().filter(pk=objects["letter_id"]).exists()
    assert client.get(url("letter_detail", objects)).status_code == 404
    withdraw = reverse("institutions:family_contact_withdraw", args=[objects["contact_id"]])
    asked = client.get(withdraw).content.decode()
    assert 'name="reason"' in asked and "Pedagog" in asked
    client.post(withdraw, {"reason": ""})
    assert FamilyContact.objects.current().filter(pk=objects["contact_id"]).exists()
    client.post(withdraw, {"reason": "Pomyłka"})
    assert client.get(withdraw).status_code == 404  # withdrawn: no longer a current contact
    section = reverse("cases:family_detail", args=[objects["family_id"]]) + "?section=institutions"
    page = client.get(section).content.decode()
    assert "Pedagog ·" not in page
    assert 'id="withdrawn-cooperation-heading"' in page and "Pomyłka" in page


@pytest.mark.parametrize("persona", list(CASE_STATUS))
def test_withdrawing_a_family_contact_for_each_role_and_the_other_centre(client, request, persona, objects):
    """Those who work on the family (its worker, the head, its assistant) withdraw a contact with a
    reason; the roles without case work are refused the page (403); the other workers and
    assistants, and everyone of the other centre, find no such contact (404)."""
    expected = 403 if persona in OTHER_ROLES else CASE_STATUS[persona]
    client.force_login(request.getfixturevalue(persona))
    address = reverse("institutions:family_contact_withdraw", args=[objects["contact_id"]])
    assert client.get(address).status_code == expected
    response = client.post(address, {"reason": "Wpisany do złej rodziny"})
    withdrawn = FamilyContact.objects.get(pk=objects["contact_id"]).withdrawn_at is not None
    assert withdrawn == (expected == 200)
    assert response.status_code == (302 if withdrawn else expected)
