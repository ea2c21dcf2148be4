"""The two kinds of deadline of the cooperation with institutions: each stored at the date its rule
gives (the reply due date the author set; the task's due date agreed at the conference), owned by
the person who owes it, met by the step that meets it, and the same as a recompute of the register
stores; on "My deadlines" of its owner."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import build_family, days_ago
from familysupport import deadlines
from familysupport.models import Role, StoredDeadline
from institutions import services
from institutions.deadlines import CONFERENCE_TASK, LETTER_REPLY
from institutions.tests.builders import conference, institution, sent_letter, task

FIELDS = ("kind", "object_id", "centre_id", "family_id", "owner_id", "owner_role", "due", "met_on", "is_open")


def stored(kind: str) -> list[tuple]:
    return sorted(StoredDeadline.objects.filter(kind=kind).values_list(*FIELDS, "on_time"), key=str)


@pytest.fixture
def family(anna, helena, adam):
    return build_family(anna, stage="assigned", head=helena, assistant=adam)


def test_a_letters_reply_is_stored_at_the_reply_due_date_for_its_author(anna, adam, family):
    school = institution(anna)
    mine = sent_letter(anna, family, school, sent_on=days_ago(20), reply_in_days=14)  # overdue now
    his = sent_letter(adam, family, school, reply_in_days=30)
    rows = {row.object_id: row for row in StoredDeadline.objects.filter(kind=LETTER_REPLY)}
    computed_mine = days_ago(20) + datetime.timedelta(days=14)
    assert rows[mine.pk].due == computed_mine == mine.reply_due
    assert rows[his.pk].due == timezone.localdate() + datetime.timedelta(days=30)
    assert (rows[mine.pk].owner_id, rows[mine.pk].owner_role) == (anna.pk, Role.SOCIAL_WORKER)
    assert (rows[his.pk].owner_id, rows[his.pk].owner_role) == (adam.pk, Role.FAMILY_ASSISTANT)
    services.letter_reply_record(
        actor=anna, letter=mine, data={"reply_on": days_ago(1), "reply_summary": "Odpowiedź"}
    )
    row = StoredDeadline.objects.get(kind=LETTER_REPLY, object_id=mine.pk)
    assert (row.is_open, row.met_on, row.on_time) == (False, days_ago(1), False)  # late
    before = stored(LETTER_REPLY)
    deadlines.recompute()
    assert stored(LETTER_REPLY) == before


def test_a_conference_task_is_stored_at_its_due_date_for_its_owner(anna, adam, family):
    meeting = conference(anna, family, held_on=days_ago(30))
    late = task(anna, meeting, adam, due_in_days=10)
    coming = task(anna, meeting, anna, due_in_days=40)
    rows = {row.object_id: row for row in StoredDeadline.objects.filter(kind=CONFERENCE_TASK)}
    assert rows[late.pk].due == days_ago(30) + datetime.timedelta(days=10) == late.due_on
    assert rows[coming.pk].due == days_ago(30) + datetime.timedelta(days=40) == coming.due_on
    assert rows[late.pk].owner_id == adam.pk and rows[coming.pk].owner_id == anna.pk
    services.conference_task_complete(actor=anna, task=coming)
    row = StoredDeadline.objects.get(kind=CONFERENCE_TASK, object_id=coming.pk)
    assert (row.is_open, row.met_on, row.on_time) == (False, timezone.localdate(), True)
    before = stored(CONFERENCE_TASK)
    deadlines.recompute()
    assert stored(CONFERENCE_TASK) == before


def test_an_archived_case_owes_nothing_more(anna, family):
    meeting = conference(anna, family)
    task(anna, meeting, anna)
    family.archived_on = timezone.localdate()
    family.save(update_fields=["archived_on"])
    deadlines.refresh(family_id=family.pk)
    assert not StoredDeadline.objects.filter(kind=CONFERENCE_TASK, is_open=True).exists()


def test_the_owners_see_them_on_my_deadlines_and_others_do_not(client, anna, adam, sam, family):
    school = institution(anna)
    letter = sent_letter(anna, family, school, sent_on=days_ago(20), reply_in_days=14)
    meeting = conference(anna, family)
    adams = task(anna, meeting, adam, description="Rozmowa z wychowawcą")
    letter_page = reverse("institutions:letter_detail", args=[letter.pk])
    task_page = reverse("institutions:task_detail", args=[adams.pk])
    client.force_login(anna)
    page = client.get(reverse("my_deadlines")).content.decode()
    assert letter_page in page and task_page not in page
    client.force_login(adam)
    page = client.get(reverse("my_deadlines")).content.decode()
    assert task_page in page and letter_page not in page
    client.force_login(sam)
    page = client.get(reverse("my_deadlines")).content.decode()
    assert task_page not in page and letter_page not in page
