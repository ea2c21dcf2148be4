"""The demo's contact log, case notes and attachments: joint home visits of the social worker and
the assistant, phone contacts, a note for the whole team and one for the social worker and the
head only, an attachment, and a contact withdrawn as logged by mistake."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Family
from contacts import services as contact_services
from familysupport.models import User
from tools.demo.scans import scan_pdf

# The stages whose family the social worker and the assistant visit together.
JOINT_VISIT_STAGES = ("assigned", "assigned_court", "monitoring")
# The stages whose family the social worker phones (without an assistant, too).
PHONE_STAGES = ("interviewed", "analysed", "assigned", "assigned_court")
# The texts of the demo's notes (the crawl checks who meets them).
TEAM_NOTE = "Pedagog szkolny przekazał, że frekwencja dzieci się poprawia."
WORKER_NOTE = "Poufne: matka zgłosiła obawy dotyczące byłego partnera."
JOINT_VISIT = "Wspólna wizyta pracownika socjalnego i asystenta: omówienie sytuacji mieszkaniowej."


def _contact(worker: User, family: Family, day: datetime.date, **data: object) -> object:
    return contact_services.contact_log(
        actor=worker,
        family=family,
        data={
            "date": day,
            "time": datetime.time(10, 0),
            "place": "",
            "others_present": "",
            "agreements": "",
            "participants": [],
            "members_present": [],
            **data,
        },
    )


def team_work(
    *, family: Family, worker: User, assistant: User | None, stage: str, withdrawn: bool, today: datetime.date
) -> None:
    """The team's contacts with a showcase family, its notes and an attachment."""
    members = list(family.members.current())
    if stage in JOINT_VISIT_STAGES and assistant is not None:
        for days_ago in (40, 5):
            _contact(
                assistant if days_ago == 40 else worker,
                family,
                today - datetime.timedelta(days=days_ago),
                kind="home",
                duration_minutes=90,
                place="mieszkanie rodziny",
                participants=[worker, assistant],
                members_present=members,
                activities=JOINT_VISIT,
                agreements="Matka złoży wniosek o dodatek mieszkaniowy do końca miesiąca.",
            )
    if stage in PHONE_STAGES:
        _contact(
            worker,
            family,
            today,
            kind="phone",
            duration_minutes=15,
            place="telefon do matki",
            members_present=members[:1],
            activities="Rozmowa telefoniczna: potwierdzenie terminu wizyty.",
        )
    if stage == "assigned":
        contact_services.note_add(
            actor=worker, family=family, data={"date": today, "text": TEAM_NOTE, "visibility": "team"}
        )
        contact_services.note_add(
            actor=worker, family=family, data={"date": today, "text": WORKER_NOTE, "visibility": "worker"}
        )
        contact_services.attachment_add(
            actor=worker,
            family=family,
            data={
                "kind": "certificate",
                "title": "Zaświadczenie ze szkoły o frekwencji",
                "dated": today,
                "visibility": "team",
                "file": SimpleUploadedFile("zaswiadczenie.pdf", scan_pdf("zaswiadczenie"), "application/pdf"),
            },
        )
    if withdrawn:
        mistaken = _contact(
            worker,
            family,
            today - datetime.timedelta(days=1),
            kind="centre",
            duration_minutes=30,
            place="ośrodek",
            activities="Spotkanie w ośrodku.",
        )
        contact_services.contact_withdraw(
            actor=worker, contact=mistaken, reason="Kontakt zapisany w niewłaściwej rodzinie."
        )
