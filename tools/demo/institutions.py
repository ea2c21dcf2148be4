"""Institutions in the demo (seed_demo): the centre's directory, the families' contacts, letters at
each state (a draft, sent and awaiting its reply, replied, the reply overdue, one withdrawn) and a
case conference whose tasks are done, overdue and coming, through the same services as the pages.

Called by tools.demo.DemoSeeder for each centre, after its showcase families exist. Everything is
written by people who already work on the family (its social worker, its assistant, the head), so
nobody meets a family reference the manifest does not already give them; staff's register of
outgoing letters names no family.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from assistants.selectors.lifecycle import active_assignment
from cases.models import Family
from institutions import services
from institutions.models import ContactRole, InstitutionKind, LetterKind
from tools.demo.scans import scan_pdf

DIRECTORY = [
    (
        InstitutionKind.SCHOOL,
        "Szkoła Podstawowa nr 12 im. Marii Konopnickiej",
        "ul. Grójecka 93, 02-101 Warszawa",
        "+48 22 822 33 44",
        "sekretariat@sp12.example.pl",
        "Pedagog szkolny",
    ),
    (
        InstitutionKind.SCHOOL,
        "Przedszkole nr 5 „Słoneczko”",
        "ul. Białobrzeska 21, 02-325 Warszawa",
        "+48 22 823 10 20",
        "",
        "Dyrektor przedszkola",
    ),
    (
        InstitutionKind.COURT,
        "Sąd Rejonowy dla Warszawy-Ochoty, III Wydział Rodzinny i Nieletnich",
        "ul. Kopińska 6/10, 02-315 Warszawa",
        "+48 22 517 01 00",
        "",
        "Kurator zawodowy",
    ),
    (
        InstitutionKind.POLICE,
        "Komenda Rejonowa Policji Warszawa VII",
        "ul. Grenadierów 73/75, 04-007 Warszawa",
        "+48 22 603 72 55",
        "",
        "Dzielnicowy rewiru 3",
    ),
    (
        InstitutionKind.PCPR,
        "Warszawskie Centrum Pomocy Rodzinie",
        "ul. Nowogrodzka 43, 00-691 Warszawa",
        "+48 22 622 40 22",
        "sekretariat@wcpr.example.pl",
        "Koordynator rodzinnej pieczy zastępczej",
    ),
    (
        InstitutionKind.HEALTH,
        "Przychodnia Rejonowa przy ul. Szczęśliwickiej",
        "ul. Szczęśliwicka 36, 02-353 Warszawa",
        "+48 22 822 00 11",
        "",
        "Pielęgniarka środowiskowa",
    ),
    (
        InstitutionKind.COUNSELLING,
        "Poradnia Psychologiczno-Pedagogiczna nr 10",
        "ul. Radomska 13/21, 02-323 Warszawa",
        "+48 22 822 35 09",
        "poradnia10@example.pl",
        "Psycholog",
    ),
    (
        InstitutionKind.DAY_SUPPORT,
        "Placówka Wsparcia Dziennego „Przystań”",
        "ul. Korotyńskiego 19, 02-121 Warszawa",
        "+48 22 668 11 22",
        "",
        "Wychowawca",
    ),
    (
        InstitutionKind.NGO,
        "Stowarzyszenie Pomocy Rodzinie „Razem”",
        "ul. Barska 28/30, 02-315 Warszawa",
        "",
        "kontakt@razem.example.org",
        "Koordynatorka grupy wsparcia",
    ),
]
# Closed down: deactivated, still in the directory.
CLOSED = (
    InstitutionKind.OTHER,
    "Świetlica parafialna przy ul. Dickensa",
    "ul. Dickensa 27, 02-382 Warszawa",
    "",
    "",
    "",
)


def _letter(actor, family, institution, kind, subject, body):
    return services.letter_create(
        actor=actor,
        family=family,
        data={"institution": institution, "kind": kind, "subject": subject, "body": body},
    )


def seed_institutions(*, centre, head, today: datetime.date) -> None:
    """The directory of the centre and the cooperation of two families with its institutions."""
    keeper = Family.objects.filter(centre=centre, name="Rodzina Malinowski").get().social_worker
    made = [
        services.institution_add(
            actor=keeper,
            centre=centre,
            data={
                "kind": kind,
                "name": name,
                "address": address,
                "phone": phone,
                "email": email,
                "contact_person": person,
            },
        )
        for kind, name, address, phone, email, person in [*DIRECTORY, CLOSED]
    ]
    school, _kindergarten, court, _police, pcpr, _health, counselling, _day, _ngo, closed = made
    services.institution_deactivate(actor=head, institution=closed)

    malinowski = Family.objects.get(centre=centre, name="Rodzina Malinowski")
    gorski = Family.objects.get(centre=centre, name="Rodzina Górski")
    worker = malinowski.social_worker
    assistant = active_assignment(malinowski).assistant.user
    gorski_assistant = active_assignment(gorski).assistant.user

    # The families' contacts: a school, a curator, a PCPR coordinator; one entered by mistake.
    for family, institution, role, person in [
        (malinowski, school, ContactRole.SCHOOL, "Anna Wiśniewska, wychowawczyni kl. 3b"),
        (malinowski, court, ContactRole.CURATOR, "Krzysztof Lis, kurator zawodowy"),
        (gorski, pcpr, ContactRole.PCPR_COORDINATOR, "Joanna Kamińska"),
        (gorski, counselling, ContactRole.COUNSELLOR, ""),
    ]:
        services.family_contact_add(
            actor=family.social_worker,
            family=family,
            data={"institution": institution, "role": role, "person": person},
        )
    mistaken = services.family_contact_add(
        actor=worker,
        family=malinowski,
        data={"institution": court, "role": ContactRole.CURATOR, "person": "Jan Nowicki"},
    )
    services.family_contact_withdraw(
        actor=worker, contact=mistaken, reason="Kurator innej rodziny, wpisany omyłkowo."
    )

    # Letters: replied, its reply overdue, awaiting it, a draft; a referral by the assistant; one withdrawn.
    replied = _letter(
        worker,
        malinowski,
        school,
        LetterKind.INFORMATION_REQUEST,
        "Prośba o informację o sytuacji szkolnej syna",
        "Uprzejmie prosimy o informację o frekwencji, wynikach w nauce i zachowaniu ucznia "
        "w bieżącym semestrze.",
    )
    services.letter_send(
        actor=worker,
        letter=replied,
        sent_on=today - datetime.timedelta(days=40),
        reply_due=today - datetime.timedelta(days=26),
    )
    services.letter_reply_record(
        actor=worker,
        letter=replied,
        data={
            "reply_on": today - datetime.timedelta(days=30),
            "reply_summary": "Frekwencja 82%, trudności z matematyką; szkoła proponuje zajęcia wyrównawcze.",
            "reply_scan": SimpleUploadedFile(
                "odpowiedz.pdf", scan_pdf("odpowiedz szkoly"), content_type="application/pdf"
            ),
        },
    )
    overdue = _letter(
        worker,
        malinowski,
        court,
        LetterKind.LETTER,
        "Informacja o przebiegu pracy z rodziną",
        "Informujemy o podjętych działaniach i prosimy o informację o terminie posiedzenia.",
    )
    services.letter_send(
        actor=worker,
        letter=overdue,
        sent_on=today - datetime.timedelta(days=30),
        reply_due=today - datetime.timedelta(days=9),
    )
    _letter(
        worker,
        malinowski,
        counselling,
        LetterKind.REFERRAL,
        "Skierowanie na diagnozę psychologiczną",
        "Kierujemy dziecko na diagnozę w związku z trudnościami w koncentracji.",
    )
    referral = _letter(
        gorski_assistant,
        gorski,
        counselling,
        LetterKind.REFERRAL,
        "Skierowanie na konsultację logopedyczną",
        "Kierujemy dziecko na konsultację logopedyczną; rodzina wyraziła zgodę.",
    )
    services.letter_send(
        actor=gorski_assistant,
        letter=referral,
        sent_on=today - datetime.timedelta(days=5),
        reply_due=today + datetime.timedelta(days=3),
    )
    wrong = _letter(
        worker,
        malinowski,
        pcpr,
        LetterKind.LETTER,
        "Pismo w sprawie rodziny",
        "Pismo przygotowane dla innej rodziny.",
    )
    services.letter_withdraw(actor=worker, letter=wrong, reason="Pismo dotyczyło innej rodziny.")

    # A case conference with the school and the counselling centre: a task done, one overdue, one coming.
    held_on = today - datetime.timedelta(days=20)
    conference = services.conference_record(
        actor=worker,
        family=malinowski,
        data={
            "held_on": held_on,
            "place": "siedziba OPS, pokój 12",
            "team": [worker, assistant, head],
            "institutions": [school, counselling],
            "guests": "Anna Wiśniewska, wychowawczyni\nMagdalena Zielińska, psycholog poradni",
            "conclusions": "Szkoła obejmie syna zajęciami wyrównawczymi; poradnia przyjmie go na diagnozę; "
            "asystent wesprze matkę w organizacji dnia dzieci.",
        },
    )
    # Recorded on the wrong family's page and withdrawn.
    wrong_meeting = services.conference_record(
        actor=gorski.social_worker,
        family=gorski,
        data={"held_on": today - datetime.timedelta(days=2), "conclusions": "Notatka z innej sprawy."},
    )
    services.conference_withdraw(
        actor=gorski.social_worker, conference=wrong_meeting, reason="Konferencja dotyczyła innej rodziny."
    )
    for owner, description, days, done in [
        (assistant, "Ustalić z matką plan dnia dzieci", 10, True),
        (worker, "Złożyć w poradni wniosek o diagnozę", 15, False),
        (assistant, "Sprawdzić z wychowawczynią udział w zajęciach wyrównawczych", 40, False),
    ]:
        task = services.conference_task_add(
            actor=worker,
            conference=conference,
            data={
                "description": description,
                "owner": owner,
                "due_on": held_on + datetime.timedelta(days=days),
            },
        )
        if done:
            services.conference_task_complete(actor=owner, task=task)
