"""Institutions, letters and conferences made through the services, for the tests."""

import datetime

from django.utils import timezone

from familysupport.models import User
from institutions import services
from institutions.models import InstitutionKind, LetterKind

SCHOOL = {
    "kind": InstitutionKind.SCHOOL,
    "name": "Szkoła Podstawowa nr 12",
    "address": "ul. Grójecka 10, 02-021 Warszawa",
    "phone": "+48 22 100 20 30",
    "email": "sekretariat@sp12.example.pl",
    "contact_person": "Pedagog szkolny",
}
COURT = {
    "kind": InstitutionKind.COURT,
    "name": "Sąd Rejonowy dla Warszawy-Ochoty, III Wydział Rodzinny",
    "address": "ul. Kopińska 6/10, 02-315 Warszawa",
    "phone": "",
    "email": "",
    "contact_person": "Kurator zawodowy",
}


def institution(actor: User, **changes):
    return services.institution_add(actor=actor, centre=actor.centre, data={**SCHOOL, **changes})


def letter_data(institution, **changes) -> dict:
    return {
        "institution": institution,
        "kind": LetterKind.INFORMATION_REQUEST,
        "subject": "Prośba o informację o sytuacji szkolnej dziecka",
        "body": "Zwracamy się z prośbą o informację o frekwencji i zachowaniu ucznia.",
        **changes,
    }


def sent_letter(actor: User, family, institution, *, reply_in_days: int | None = 14, sent_on=None):
    letter = services.letter_create(actor=actor, family=family, data=letter_data(institution))
    sent_on = sent_on or timezone.localdate()
    reply_due = sent_on + datetime.timedelta(days=reply_in_days) if reply_in_days is not None else None
    return services.letter_send(actor=actor, letter=letter, sent_on=sent_on, reply_due=reply_due)


def conference(actor: User, family, *, held_on=None, team=(), institutions=()):
    return services.conference_record(
        actor=actor,
        family=family,
        data={
            "held_on": held_on or timezone.localdate(),
            "place": "siedziba OPS",
            "team": list(team),
            "institutions": list(institutions),
            "guests": "Jan Kowalski, pedagog szkolny",
            "conclusions": "Szkoła obejmie dziecko pomocą psychologiczno-pedagogiczną.",
        },
    )


def task(actor: User, conference, owner: User, *, due_in_days: int = 14, description="Rozmowa z wychowawcą"):
    return services.conference_task_add(
        actor=actor,
        conference=conference,
        data={
            "description": description,
            "owner": owner,
            "due_on": conference.held_on + datetime.timedelta(days=due_in_days),
        },
    )
