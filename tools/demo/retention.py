"""The demo's disposal of cases: archived families whose retention has ended, on a disposal
protocol at every state (tools/demo/plan.py DISPOSAL), one case disposed of and one held back."""

import datetime

from dateutil.relativedelta import relativedelta

from assistants.services import court as court_services
from cases import services
from cases.models import Family
from familysupport.models import Centre, User
from retention import services as retention_services
from tools.demo.cases import showcase_family

# The showcase's numbering goes on after its own families and the deadlines' family; these
# numbers give valid birthdays and no Niebieska Karta flag (which would hold the case back).
INDICES = (18, 19, 20, 22, 23)


def retired_family(
    *,
    worker: User,
    head: User,
    staff: User,
    surname: str,
    index: int,
    court_letter: bool,
    today: datetime.date,
) -> Family:
    """A family whose path ended in other forms of support, archived eleven years ago (demo only:
    the dates are moved back as date_path_back does), its court's letter, if any, still open."""
    family = showcase_family(
        worker=worker,
        head=head,
        assistant=None,
        surname=surname,
        stage="no_assistant",
        index=index,
        received=today - datetime.timedelta(days=30),
        started_on=today,
    )
    if court_letter:
        court_services.court_request_register(
            actor=staff,
            family_reference=family.reference,
            data={
                "court": "Sąd Rejonowy dla Warszawy-Mokotowa",
                "division": "VI Wydział Rodzinny i Nieletnich",
                "case_signature": f"VI Nsm {100 + family.pk}/26",
                "letter_date": today - datetime.timedelta(days=12),
                "received_on": today - datetime.timedelta(days=9),
                "deadline": today + datetime.timedelta(days=21),
                "request_text": "Sąd prosi o informację o pracy ośrodka z rodziną w latach ubiegłych.",
                "scan": None,
            },
        )
    services.family_archive(actor=head, family=family)
    archived_on = today - relativedelta(years=11)
    Family.objects.filter(pk=family.pk).update(
        archived_on=archived_on, retention_until=archived_on + relativedelta(years=10)
    )
    family.refresh_from_db()
    return family


def seed_disposals(
    *, centre: Centre, head: User, dpo: User, staff: User, workers: list[User], plan, today: datetime.date
) -> list[Family]:
    """Each DISPOSAL family archived long ago, then the protocols in the order the days would bring
    them: the first carried out, the next approved by both, one approved by the head, one proposed."""
    made = []
    for (surname, worker_index, state, letter), index in zip(plan, INDICES, strict=True):
        family = retired_family(
            worker=workers[worker_index],
            head=head,
            staff=staff,
            surname=surname,
            index=index,
            court_letter=letter,
            today=today,
        )
        made.append(family)
        following = plan[len(made)][2] if len(made) < len(plan) else None
        if following == state:
            continue  # the next family goes on the same protocol
        protocol = retention_services.disposal_propose(actor=None, centre=centre)
        if state in ("carried_out", "approved", "head_approved"):
            retention_services.protocol_approve(actor=head, protocol=protocol)
        if state in ("carried_out", "approved"):
            retention_services.protocol_approve(actor=dpo, protocol=protocol)
        if state == "carried_out":
            retention_services.protocol_carry_out(actor=head, protocol=protocol)
    return made
