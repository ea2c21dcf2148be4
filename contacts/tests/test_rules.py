"""The rules of the team's record: who logs a contact, who may be named in it, which members were
present, corrections, stale saves, withdrawals, and who reads which note and attachment."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import services as case_services
from cases.models import Family
from contacts import policies, selectors, services
from contacts.models import Contact
from contacts.tests.conftest import contact_data, note_data
from familysupport.audit import StaleVersion
from familysupport.models import AuditAction, AuditEvent, User
from tools.demo.scans import scan_pdf


def fresh(family: Family) -> Family:
    return Family.objects.get(pk=family.pk)


def test_a_joint_home_visit_is_one_contact_naming_every_worker(anna, adam, sara, family):
    child = family.members.current().get()
    contact = services.contact_log(
        actor=anna, family=family, data=contact_data(participants=[adam, sara], members_present=[child])
    )
    assert Contact.objects.filter(family=family).count() == 1
    assert set(contact.participants.all()) == {anna, adam, sara}
    assert list(contact.members_present.all()) == [child]
    assert contact.logged_by == anna
    event = AuditEvent.objects.get(object_type="contacts.contact", object_id=str(contact.pk))
    assert event.action == AuditAction.CREATE and event.family_id == family.pk


def test_the_one_who_logs_is_a_participant(adam, family):
    contact = services.contact_log(actor=adam, family=family, data=contact_data(kind="phone"))
    assert list(contact.participants.all()) == [adam]


@pytest.mark.parametrize("who", ["helena", "sam", "stefan", "ada", "bozena", "piotr"])
def test_only_the_team_logs_a_contact(request, who, family):
    with pytest.raises(PermissionDenied):
        services.contact_log(actor=request.getfixturevalue(who), family=fresh(family), data=contact_data())
    assert not Contact.objects.exists()


def test_an_engaged_specialist_logs_a_contact(sara, family):
    contact = services.contact_log(actor=sara, family=fresh(family), data=contact_data(kind="centre"))
    assert list(contact.participants.all()) == [sara]


@pytest.mark.parametrize("who", ["helena", "sam", "bozena", "piotr", "agata"])
def test_only_the_familys_team_can_be_named_as_participants(request, anna, who, family):
    outsider = request.getfixturevalue(who)
    with pytest.raises(ValidationError) as refused:
        services.contact_log(actor=anna, family=family, data=contact_data(participants=[outsider]))
    assert "participants" in refused.value.error_dict
    assert not Contact.objects.exists()


def test_the_team_offered_on_the_form_is_who_the_rule_accepts(
    anna, adam, sara, piotr, sam, helena, agata, family
):
    everyone = User.objects.filter(centre=family.centre)
    expected = {user for user in everyone if policies.works_with(User.objects.get(pk=user.pk), fresh(family))}
    assert set(selectors.team_of(family)) == expected == {anna, adam, sara}


def test_members_present_must_be_of_the_family(anna, family, other_family):
    stranger = other_family.members.current().get()
    with pytest.raises(ValidationError) as refused:
        services.contact_log(actor=anna, family=family, data=contact_data(members_present=[stranger]))
    assert "members_present" in refused.value.error_dict


def test_a_withdrawn_member_cannot_be_named_present(anna, family):
    child = family.members.current().get()
    case_services.member_withdraw(actor=anna, member=child, reason="Osoba z innej rodziny")
    child.refresh_from_db()
    with pytest.raises(ValidationError):
        services.contact_log(actor=anna, family=family, data=contact_data(members_present=[child]))


def test_a_contact_in_the_future_is_refused(anna, family):
    with pytest.raises(ValidationError):
        services.contact_log(
            actor=anna,
            family=family,
            data=contact_data(date=datetime.date.today() + datetime.timedelta(days=2)),
        )


def test_the_logger_corrects_the_contact_and_its_participants(anna, adam, family):
    contact = services.contact_log(actor=anna, family=family, data=contact_data())
    services.contact_update(
        actor=anna, contact=contact, data=contact_data(participants=[adam], duration_minutes=90), version=1
    )
    contact.refresh_from_db()
    assert contact.duration_minutes == 90 and contact.lock_version == 2
    assert set(contact.participants.all()) == {anna, adam}
    event = AuditEvent.objects.get(
        action=AuditAction.UPDATE, object_type="contacts.contact", object_id=str(contact.pk)
    )
    assert set(event.details["fields"]) == {"duration_minutes", "participants"}


def test_another_participant_does_not_correct_it(anna, adam, family):
    contact = services.contact_log(actor=anna, family=family, data=contact_data(participants=[adam]))
    contact.family = fresh(family)
    with pytest.raises(PermissionDenied):
        services.contact_update(actor=adam, contact=contact, data=contact_data(duration_minutes=5))


def test_a_stale_save_is_refused_and_writes_nothing(anna, family):
    contact = services.contact_log(actor=anna, family=family, data=contact_data())
    services.contact_update(actor=anna, contact=contact, data=contact_data(place="szkoła"), version=1)
    with pytest.raises(StaleVersion):
        services.contact_update(actor=anna, contact=contact, data=contact_data(place="poradnia"), version=1)
    contact.refresh_from_db()
    assert contact.place == "szkoła" and contact.lock_version == 2


def test_a_withdrawn_contact_leaves_the_log_and_the_count(anna, helena, family):
    contact = services.contact_log(actor=anna, family=family, data=contact_data(date=datetime.date.today()))
    assert selectors.contacts_this_month(anna, datetime.date.today()) == 1
    with pytest.raises(ValidationError):
        services.contact_withdraw(actor=anna, contact=contact, reason=" ")
    with pytest.raises(PermissionDenied):
        services.contact_withdraw(actor=helena, contact=contact, reason="Pomyłka")
    services.contact_withdraw(actor=anna, contact=contact, reason="Wpis w złej rodzinie")
    contact.refresh_from_db()
    assert contact.is_withdrawn and contact.withdrawal_reason == "Wpis w złej rodzinie"
    assert list(selectors.family_contacts(anna, family)) == []
    assert selectors.contacts_this_month(anna, datetime.date.today()) == 0
    with pytest.raises(ValidationError):
        services.contact_update(actor=anna, contact=contact, data=contact_data())
    with pytest.raises(ValidationError):
        services.contact_withdraw(actor=anna, contact=contact, reason="Jeszcze raz")


def test_the_log_is_read_by_the_team_and_the_head_only(
    anna, adam, sara, helena, sam, stefan, ada, piotr, family
):
    services.contact_log(actor=anna, family=family, data=contact_data())
    for user in (anna, adam, sara, helena):
        assert policies.can_view_contacts(user, fresh(family)), user
        assert selectors.family_contacts(user, fresh(family)).count() == 1
    for user in (sam, stefan, ada, piotr):
        assert not policies.can_view_contacts(user, fresh(family)), user
        assert selectors.family_contacts(user, fresh(family)).count() == 0


def test_the_contacts_of_the_month_count_the_workers_own(anna, adam, family):
    today = datetime.date.today()
    services.contact_log(actor=anna, family=family, data=contact_data(date=today, participants=[adam]))
    services.contact_log(actor=adam, family=family, data=contact_data(date=today))
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    services.contact_log(actor=anna, family=family, data=contact_data(date=last_month))
    assert selectors.contacts_this_month(anna, today) == 1
    assert selectors.contacts_this_month(adam, today) == 2


# Notes and attachments -----------------------------------------------------------------------


@pytest.fixture
def notes(anna, sara, family):
    team = services.note_add(actor=anna, family=family, data=note_data())
    restricted = services.note_add(
        actor=anna, family=family, data=note_data(visibility="worker", text="Poufne")
    )
    own = services.note_add(
        actor=sara, family=fresh(family), data=note_data(visibility="worker", text="Sara")
    )
    return team, restricted, own


def test_a_note_for_the_worker_is_read_by_the_worker_the_head_and_its_author(
    anna, adam, sara, helena, stefan, bozena, notes, family
):
    team, restricted, own = notes
    readable = {
        user.username: {note.pk for note in selectors.family_notes(user, fresh(family))}
        for user in (anna, adam, sara, helena, stefan, bozena)
    }
    assert readable == {
        "anna": {team.pk, restricted.pk, own.pk},
        "helena": {team.pk, restricted.pk, own.pk},
        "adam": {team.pk},
        "sara": {team.pk, own.pk},
        "stefan": set(),
        "bozena": set(),
    }
    for user in (anna, adam, sara, helena, stefan):
        for note in notes:
            note.family = fresh(family)
            assert bool(policies.can_read_note(user, note)) == (note.pk in readable[user.username])


def test_staff_and_the_head_of_another_centre_write_no_note(stefan, bartosz, family):
    for user in (stefan, bartosz):
        with pytest.raises(PermissionDenied):
            services.note_add(actor=user, family=fresh(family), data=note_data())


def test_the_author_corrects_a_note_and_a_stale_save_is_refused(anna, notes):
    team = notes[0]
    services.note_update(actor=anna, note=team, data=note_data(text="Poprawione"), version=1)
    with pytest.raises(StaleVersion):
        services.note_update(actor=anna, note=team, data=note_data(text="Inne"), version=1)
    team.refresh_from_db()
    assert team.text == "Poprawione"


def test_another_person_does_not_correct_or_withdraw_a_note(helena, notes):
    with pytest.raises(PermissionDenied):
        services.note_update(actor=helena, note=notes[0], data=note_data(text="X"))
    with pytest.raises(PermissionDenied):
        services.note_withdraw(actor=helena, note=notes[0], reason="X")


def test_a_withdrawn_note_is_gone_from_the_notes(anna, notes, family):
    services.note_withdraw(actor=anna, note=notes[0], reason="Notatka innej rodziny")
    assert notes[0].pk not in {note.pk for note in selectors.family_notes(anna, fresh(family))}


def attach(user, family, visibility="team"):
    upload = SimpleUploadedFile("skan.pdf", scan_pdf(), content_type="application/pdf")
    return services.attachment_add(
        actor=user,
        family=family,
        data={
            "kind": "certificate",
            "title": "Zaświadczenie ze szkoły",
            "dated": datetime.date.today(),
            "visibility": visibility,
            "file": upload,
        },
    )


def test_an_attachment_for_the_worker_is_not_read_by_the_assistant(anna, adam, helena, family):
    restricted = attach(anna, family, visibility="worker")
    team = attach(anna, family)
    assert set(selectors.family_attachments(adam, fresh(family))) == {team}
    assert set(selectors.family_attachments(helena, fresh(family))) == {team, restricted}


def test_an_attachment_is_withdrawn_by_who_attached_it(anna, adam, family):
    attachment = attach(anna, family)
    attachment.family = fresh(family)
    with pytest.raises(PermissionDenied):
        services.attachment_withdraw(actor=adam, attachment=attachment, reason="X")
    services.attachment_withdraw(actor=anna, attachment=attachment, reason="Dokument innej rodziny")
    assert not selectors.family_attachments(anna, fresh(family)).exists()


def test_nothing_is_added_to_an_archived_case(anna, family):
    Family.objects.filter(pk=family.pk).update(archived_on=datetime.date.today())
    with pytest.raises(ValidationError, match="zarchiwizowana"):
        services.contact_log(actor=anna, family=fresh(family), data=contact_data())
    with pytest.raises(ValidationError, match="zarchiwizowana"):
        services.note_add(actor=anna, family=fresh(family), data=note_data())
