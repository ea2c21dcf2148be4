"""The daily reminders: one e-mail per owner and day, identifiers only, never twice."""

import datetime
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError

from assistants.services import court as court_services
from assistants.tests.test_court import request_data
from conftest import build_family, days_ago
from familysupport.models import ReminderSent
from overview.reminders import reminder_send

PESEL = "15230112345"


@pytest.fixture
def with_email(anna, helena, adam, stefan, sam):
    for user in (anna, helena, adam, stefan, sam):
        user.email = f"{user.username}@ops.example"
        user.save(update_fields=["email"])


def run(day=None):
    out = StringIO()
    call_command("send_reminders", *([f"--date={day.isoformat()}"] if day else []), stdout=out)
    return out.getvalue()


def test_each_owner_gets_one_email_of_overdue_and_due_soon_items(with_email, anna, helena, adam, stefan):
    family = build_family(anna, received_on=days_ago(40))
    build_family(anna, received_on=days_ago(40), name="Rodzina Lis")
    assigned = build_family(anna, stage="assigned", head=helena, assistant=adam, name="Rodzina Wilk")
    court_services.court_request_register(
        actor=stefan, family_reference=assigned.reference, data=request_data(deadline=days_ago(-2))
    )
    run()
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["adam@ops.example", "anna@ops.example"]
    (to_anna,) = [message for message in mail.outbox if message.to == ["anna@ops.example"]]
    assert family.reference in to_anna.body and f"/families/{family.pk}/" in to_anna.body
    assert ReminderSent.objects.get(user=anna).items == 2


def test_running_twice_on_one_day_sends_nothing_twice(with_email, anna):
    build_family(anna, received_on=days_ago(40))
    run()
    run()
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.filter(user=anna).count() == 1


def test_the_next_day_sends_again(with_email, anna):
    build_family(anna, received_on=days_ago(40))
    today = datetime.date.today()
    run(today)
    run(today + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2


def test_one_reminder_per_user_and_day_holds_in_the_database(anna):
    ReminderSent.objects.create(user=anna, day=datetime.date(2026, 11, 23), items=1)
    with pytest.raises(IntegrityError):
        ReminderSent.objects.create(user=anna, day=datetime.date(2026, 11, 23), items=2)


def test_mail_carries_no_names_or_pesel(with_email, anna):
    from cases import services

    family = build_family(anna, received_on=days_ago(40), name="Rodzina Żółkiewskich")
    member = family.members.get()
    services.member_update(
        actor=anna,
        member=member,
        data={
            "first_name": "Ola",
            "last_name": "Żółkiewska",
            "role": member.role,
            "birth_date": member.birth_date,
            "pesel": PESEL,
            "parental_authority": "",
            "in_foster_care": False,
        },
    )
    run()
    (message,) = mail.outbox
    text = message.subject + message.body
    for secret in ("Żółkiewsk", "Ola", PESEL, anna.first_name, anna.last_name, family.street):
        assert secret not in text
    assert re.search(r"OCH/\d{4}/\d{4}", text)


def test_nothing_is_sent_without_due_items_or_address(anna, sam):
    build_family(anna, received_on=days_ago(1))  # due, not yet soon
    build_family(sam, received_on=days_ago(40), name="Rodzina Lis")  # sam has no address
    run()
    assert mail.outbox == []
    assert reminder_send(user=anna, today=datetime.date.today()) == 0


def test_a_failed_sending_is_tried_again(with_email, anna, monkeypatch):
    build_family(anna, received_on=days_ago(40))

    def broken(self, *args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    run()
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    run()
    assert len(mail.outbox) == 1
