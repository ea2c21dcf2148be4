"""The rules of the cooperation with institutions, through the services: who may do what, what the
state allows, what is refused, and the audit record of each step."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import build_family, days_ago, person
from familysupport.audit import StaleVersion
from familysupport.models import AuditEvent, Role, StoredDeadline
from institutions import services
from institutions.deadlines import CONFERENCE_TASK, LETTER_REPLY
from institutions.models import ContactRole, Institution, Letter, LetterStatus
from institutions.tests.builders import COURT, conference, institution, letter_data, sent_letter, task

TODAY = timezone.localdate


@pytest.fixture
def family(anna, helena, adam):
    return build_family(anna, stage="assigned", head=helena, assistant=adam)


@pytest.fixture
def school(anna):
    return institution(anna)


class TestDirectory:
    def test_a_social_worker_and_the_head_keep_the_directory(self, anna, helena):
        school = institution(anna)
        court = institution(helena, **COURT)
        assert {school.centre_id, court.centre_id} == {anna.centre_id}
        assert AuditEvent.objects.filter(object_type="institutions.institution", action="create").count() == 2

    @pytest.mark.parametrize("persona", ["adam", "stefan", "ada"])
    def test_other_roles_cannot_add_an_institution(self, request, persona):
        user = request.getfixturevalue(persona)
        with pytest.raises(PermissionDenied):
            institution(user)

    def test_the_head_of_another_centre_cannot_add_to_this_directory(self, anna, bartosz):
        with pytest.raises(PermissionDenied):
            services.institution_add(actor=bartosz, centre=anna.centre, data=dict(COURT))

    def test_a_name_and_a_kind_are_required(self, anna):
        with pytest.raises(ValidationError) as refused:
            institution(anna, name=" ", kind="spaceship")
        assert set(refused.value.message_dict) == {"name", "kind"}

    def test_a_correction_from_an_older_form_is_refused(self, anna, sam, school):
        services.institution_update(actor=sam, institution=school, data={"name": "SP nr 12"}, version=1)
        with pytest.raises(StaleVersion):
            services.institution_update(actor=anna, institution=school, data={"name": "SP 12"}, version=1)
        school.refresh_from_db()
        assert school.name == "SP nr 12" and school.lock_version == 2

    def test_a_deactivated_institution_stays_but_is_offered_no_more(self, anna, family, school):
        contact = services.family_contact_add(
            actor=anna,
            family=family,
            data={"institution": school, "role": ContactRole.SCHOOL, "person": "Pedagog"},
        )
        services.institution_deactivate(actor=anna, institution=school)
        school.refresh_from_db()
        assert not school.is_active and school.deactivated_on == TODAY()
        assert Institution.objects.filter(pk=school.pk).exists()
        contact.refresh_from_db()
        assert contact.institution_id == school.pk
        with pytest.raises(ValidationError) as refused:
            services.letter_create(actor=anna, family=family, data=letter_data(school))
        assert "institution" in refused.value.message_dict
        with pytest.raises(ValidationError):
            services.institution_deactivate(actor=anna, institution=school)
        with pytest.raises(ValidationError):
            services.institution_update(actor=anna, institution=school, data={"name": "x"})


class TestFamilyContacts:
    def test_the_worker_and_the_assistant_add_the_familys_contacts(self, anna, adam, family, school):
        court = institution(anna, **COURT)
        services.family_contact_add(
            actor=anna, family=family, data={"institution": school, "role": ContactRole.SCHOOL, "person": ""}
        )
        services.family_contact_add(
            actor=adam,
            family=family,
            data={"institution": court, "role": ContactRole.CURATOR, "person": "Ewa Nowa"},
        )
        assert family.institution_contacts.current().count() == 2

    def test_another_social_worker_and_staff_cannot(self, sam, stefan, family, school):
        for user in (sam, stefan):
            with pytest.raises(PermissionDenied):
                services.family_contact_add(
                    actor=user, family=family, data={"institution": school, "role": ContactRole.SCHOOL}
                )

    def test_another_centres_institution_is_refused(self, anna, bozena, family):
        theirs = institution(bozena)
        with pytest.raises(ValidationError) as refused:
            services.family_contact_add(
                actor=anna, family=family, data={"institution": theirs, "role": ContactRole.SCHOOL}
            )
        assert "institution" in refused.value.message_dict

    def test_a_contact_entered_by_mistake_is_withdrawn_with_a_reason(self, anna, family, school):
        contact = services.family_contact_add(
            actor=anna, family=family, data={"institution": school, "role": ContactRole.SCHOOL}
        )
        with pytest.raises(ValidationError):
            services.family_contact_withdraw(actor=anna, contact=contact, reason=" ")
        services.family_contact_withdraw(actor=anna, contact=contact, reason="Zła szkoła")
        assert family.institution_contacts.current().count() == 0
        assert family.institution_contacts.withdrawn().get().withdrawal_reason == "Zła szkoła"


class TestLetters:
    def test_a_letter_is_a_draft_until_sent_then_it_has_the_centres_number(self, anna, family, school):
        letter = services.letter_create(actor=anna, family=family, data=letter_data(school))
        assert letter.status == LetterStatus.DRAFT and letter.reference == ""
        letter = services.letter_send(actor=anna, letter=letter, sent_on=TODAY(), reply_due=None)
        year = TODAY().year
        assert (letter.status, letter.number, letter.reference) == (LetterStatus.SENT, 1, f"OCH.DWR.1.{year}")
        second = sent_letter(anna, family, school)
        assert second.number == 2

    def test_the_numbers_start_again_each_year_and_in_each_centre(self, anna, bozena, family, school):
        last_year = TODAY().replace(year=TODAY().year - 1, month=12, day=30)
        old = sent_letter(anna, family, school, sent_on=last_year)
        new = sent_letter(anna, family, school)
        family_b = build_family(bozena)
        theirs = sent_letter(bozena, family_b, institution(bozena))
        assert (old.number, old.year) == (1, last_year.year)
        assert (new.number, new.year) == (1, TODAY().year)
        assert theirs.number == 1 and theirs.reference.startswith("BEM.")

    def test_a_sent_letter_is_fixed(self, anna, family, school):
        letter = sent_letter(anna, family, school)
        with pytest.raises(ValidationError):
            services.letter_update(actor=anna, letter=letter, data={"subject": "Inny"})
        with pytest.raises(ValidationError):
            services.letter_send(actor=anna, letter=letter, sent_on=TODAY())

    def test_sending_refuses_a_future_date_and_a_reply_due_before_it(self, anna, family, school):
        letter = services.letter_create(actor=anna, family=family, data=letter_data(school))
        with pytest.raises(ValidationError) as refused:
            services.letter_send(actor=anna, letter=letter, sent_on=TODAY() + datetime.timedelta(days=1))
        assert "sent_on" in refused.value.message_dict
        with pytest.raises(ValidationError) as refused:
            services.letter_send(actor=anna, letter=letter, sent_on=TODAY(), reply_due=days_ago(1))
        assert "reply_due" in refused.value.message_dict
        letter.refresh_from_db()
        assert letter.number is None

    def test_the_assistant_writes_letters_but_not_one_who_left(self, anna, adam, agata, family, school):
        letter = services.letter_create(actor=adam, family=family, data=letter_data(school))
        assert letter.author_role == Role.FAMILY_ASSISTANT
        with pytest.raises(PermissionDenied):
            services.letter_create(actor=agata, family=family, data=letter_data(school))
        with pytest.raises(PermissionDenied):
            services.letter_send(actor=agata, letter=letter, sent_on=TODAY())

    @pytest.mark.parametrize("persona", ["sam", "stefan", "ada", "bartosz"])
    def test_others_cannot_write_a_letter(self, request, persona, family, school):
        with pytest.raises(PermissionDenied):
            services.letter_create(
                actor=request.getfixturevalue(persona), family=family, data=letter_data(school)
            )

    def test_a_specialist_cannot_write_a_letter(self, centre_a, family, school):
        specialist = person("psycholog", centre_a, Role.SPECIALIST)
        with pytest.raises(PermissionDenied):
            services.letter_create(actor=specialist, family=family, data=letter_data(school))

    def test_the_reply_meets_the_reply_deadline(self, anna, family, school):
        letter = sent_letter(anna, family, school, reply_in_days=14)
        row = StoredDeadline.objects.get(kind=LETTER_REPLY, object_id=letter.pk)
        assert (row.is_open, row.owner_id, row.owner_role, row.due) == (
            True,
            anna.pk,
            Role.SOCIAL_WORKER,
            letter.reply_due,
        )
        with pytest.raises(ValidationError) as refused:
            services.letter_reply_record(
                actor=anna, letter=letter, data={"reply_on": TODAY(), "reply_summary": " "}
            )
        assert "reply_summary" in refused.value.message_dict
        services.letter_reply_record(
            actor=anna, letter=letter, data={"reply_on": TODAY(), "reply_summary": "Uczeń opuścił 20 dni."}
        )
        row = StoredDeadline.objects.get(kind=LETTER_REPLY, object_id=letter.pk)
        assert (row.is_open, row.met_on, row.on_time) == (False, TODAY(), True)
        with pytest.raises(ValidationError):
            services.letter_reply_record(
                actor=anna, letter=letter, data={"reply_on": TODAY(), "reply_summary": "x"}
            )

    def test_a_reply_cannot_come_before_the_letter(self, anna, family, school):
        letter = sent_letter(anna, family, school, sent_on=days_ago(2))
        with pytest.raises(ValidationError) as refused:
            services.letter_reply_record(
                actor=anna, letter=letter, data={"reply_on": days_ago(5), "reply_summary": "x"}
            )
        assert "reply_on" in refused.value.message_dict

    def test_a_letter_without_a_reply_due_date_owes_nothing(self, anna, family, school):
        letter = sent_letter(anna, family, school, reply_in_days=None)
        assert not StoredDeadline.objects.filter(kind=LETTER_REPLY, object_id=letter.pk).exists()

    def test_a_withdrawn_letter_keeps_its_number_and_leaves_the_deadlines(self, anna, family, school):
        letter = sent_letter(anna, family, school)
        services.letter_withdraw(actor=anna, letter=letter, reason="Pismo do innej rodziny")
        assert not StoredDeadline.objects.filter(kind=LETTER_REPLY, object_id=letter.pk).exists()
        assert sent_letter(anna, family, school).number == 2
        assert Letter.objects.withdrawn().get().number == 1

    def test_every_step_is_on_the_audit_record_with_the_family(self, anna, family, school):
        letter = sent_letter(anna, family, school)
        events = AuditEvent.objects.filter(object_type="institutions.letter", object_id=str(letter.pk))
        assert set(events.values_list("action", flat=True)) == {"create", "submit"}
        assert set(events.values_list("family_id", flat=True)) == {family.pk}


class TestConferences:
    def test_a_conference_with_tasks_puts_each_on_its_owners_deadlines(
        self, anna, adam, helena, family, school
    ):
        meeting = conference(anna, family, team=[anna, adam], institutions=[school])
        first = task(anna, meeting, adam, due_in_days=7)
        second = task(anna, meeting, anna, due_in_days=21)
        rows = {row.object_id: row for row in StoredDeadline.objects.filter(kind=CONFERENCE_TASK)}
        assert (rows[first.pk].owner_id, rows[first.pk].owner_role) == (adam.pk, Role.FAMILY_ASSISTANT)
        assert (rows[second.pk].owner_id, rows[second.pk].owner_role) == (anna.pk, Role.SOCIAL_WORKER)
        services.conference_task_complete(actor=adam, task=first)
        row = StoredDeadline.objects.get(kind=CONFERENCE_TASK, object_id=first.pk)
        assert (row.is_open, row.met_on) == (False, TODAY())
        with pytest.raises(ValidationError):
            services.conference_task_complete(actor=helena, task=first)

    def test_a_task_is_owned_only_by_someone_working_on_the_family(self, anna, sam, agata, stefan, family):
        meeting = conference(anna, family)
        for owner in (sam, agata, stefan):
            with pytest.raises(ValidationError) as refused:
                task(anna, meeting, owner)
            assert "owner" in refused.value.message_dict

    def test_a_task_cannot_be_due_before_the_conference(self, anna, family):
        meeting = conference(anna, family, held_on=days_ago(3))
        with pytest.raises(ValidationError) as refused:
            task(anna, meeting, anna, due_in_days=-1)
        assert "due_on" in refused.value.message_dict

    def test_another_owner_cannot_mark_a_task_done_but_the_worker_and_head_can(
        self, anna, adam, helena, sam, family
    ):
        meeting = conference(anna, family)
        adams = task(anna, meeting, adam)
        with pytest.raises(PermissionDenied):
            services.conference_task_complete(actor=sam, task=adams)
        services.conference_task_complete(actor=helena, task=adams)

    def test_a_conference_cannot_be_held_in_the_future(self, anna, family):
        with pytest.raises(ValidationError) as refused:
            conference(anna, family, held_on=TODAY() + datetime.timedelta(days=2))
        assert "held_on" in refused.value.message_dict

    def test_a_withdrawn_conference_takes_its_tasks_off_the_deadlines(self, anna, family):
        meeting = conference(anna, family)
        task(anna, meeting, anna)
        services.conference_withdraw(actor=anna, conference=meeting, reason="Wpisana do złej rodziny")
        assert not StoredDeadline.objects.filter(kind=CONFERENCE_TASK).exists()
        with pytest.raises(ValidationError):
            task(anna, meeting, anna)

    def test_nothing_changes_in_an_archived_case(self, anna, family, school):
        meeting = conference(anna, family)
        family.archived_on = TODAY()
        family.save(update_fields=["archived_on"])
        with pytest.raises(ValidationError):
            services.letter_create(actor=anna, family=family, data=letter_data(school))
        with pytest.raises(ValidationError):
            task(anna, meeting, anna)
