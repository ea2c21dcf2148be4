"""Deterministic demo data in Polish: two centres, a user of every role, families at every step.

The showcase families go through the same services as the browser, so their state, object rights
and audit record are what real use would produce. Volume families (`--families N`) are written in
bulk for speed, with members and history in proportion.

This module runs the steps in order; each app's part is a module of its own (`cases`,
`assistants`, `supportfamilies`), the people are in `people` and the plan in `plan`. The seeder
builds every family from its plan (who is responsible, who is assigned, whether a court writes)
and records it, and the manifest is derived from that plan, never from the access layer.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from cases.models import Family
from familyservices.models import ServiceEpisode
from familysupport.figures import half_of, half_year, previous_half
from familysupport.models import Centre, User
from retention.models import DisposalItem
from team.models import Engagement
from tools.demo import assistants as demo_assistants
from tools.demo import cases as demo_cases
from tools.demo import contacts as demo_contacts
from tools.demo import monitoring as demo_monitoring
from tools.demo import retention as demo_retention
from tools.demo import team as demo_team
from tools.demo.familyservices import seed_services
from tools.demo.institutions import seed_institutions
from tools.demo.people import CENTRES, DEMO_PASSWORD, ensure_centre, username
from tools.demo.plan import (
    ASSISTANT_OF_STAGE,
    COURT_LETTER_STAGES,
    DEADLINE_COURT_LETTERS,
    DEADLINE_FAMILY,
    DEADLINE_WORKER,
    DISPOSAL,
    ENGAGEMENTS,
    HISTORY,
    SHOWCASE,
    WITHDRAWN_STAGE,
    DemoPlan,
    FamilyPlan,
    assistant,
    engager,
    manifest,
    worker,
)
from tools.demo.supportfamilies import seed_support_families

__all__ = ["CENTRES", "DEMO_PASSWORD", "DemoSeeder"]

# How long ago the assistant started work with each assigned family, so that the demo shows a
# plan due, an assessment due soon and one overdue, and a history to report on.
WORK_STARTED_DAYS_AGO = {
    "assigned": 170,
    "assigned_court": 200,
    "assigned_second": 20,
    "monitoring": 300,
    "closed": 330,
}


class DemoSeeder:
    def __init__(self, *, today: datetime.date | None = None):
        self.today = today or timezone.localdate()
        self.plan = DemoPlan()
        self._centres: dict[str, tuple[Centre, dict[str, User]]] = {}

    def ensure_centre(self, code: str) -> tuple[Centre, dict[str, User]]:
        """The centre and its people (assistants with their profiles), made once."""
        if code not in self._centres:
            centre, users = ensure_centre(code)
            demo_assistants.ensure_profiles(code, centre, users)
            demo_team.ensure_specialists(code, centre, users)
            self._centres[code] = centre, users
        return self._centres[code]

    # Showcase families through the services ----------------------------------------------------

    @transaction.atomic
    def seed_showcase(self, code: str) -> None:
        """A family at every step of the path, each built from its plan; support families at each stage."""
        centre, users = self.ensure_centre(code)
        planned = [
            self.plan.add(
                FamilyPlan(
                    centre=code,
                    name=f"Rodzina {surname}",
                    responsible=worker(code, worker_index),
                    assistants=(assistant(code, ASSISTANT_OF_STAGE[stage]),)
                    if stage in ASSISTANT_OF_STAGE
                    else (),
                    court_letter=stage in COURT_LETTER_STAGES,
                )
            )
            for surname, worker_index, stage in SHOWCASE
        ]
        if Family.objects.filter(centre=centre).exists():
            return
        head, staff = users[username(code, "kierownik")], users[username(code, "sekretariat")]
        for index, ((surname, _worker_index, stage), plan) in enumerate(zip(SHOWCASE, planned, strict=True)):
            received = self.today - datetime.timedelta(days=3 + 2 * index)
            if stage in WORK_STARTED_DAYS_AGO:  # the path began a month before the assistant did
                received = self.today - datetime.timedelta(days=WORK_STARTED_DAYS_AGO[stage] + 30)
            started_on = self.today - datetime.timedelta(days=WORK_STARTED_DAYS_AGO.get(stage, 0))
            family = demo_cases.showcase_family(
                worker=users[plan.responsible],
                head=head,
                assistant=users[plan.assistants[0]].assistant_profile if plan.assistants else None,
                surname=surname,
                stage=stage,
                index=index,
                received=received,
                started_on=started_on,
            )
            plan.reference = family.reference
            demo_contacts.team_work(
                family=family,
                worker=users[plan.responsible],
                assistant=users[plan.assistants[0]] if plan.assistants else None,
                stage=stage,
                withdrawn=stage == WITHDRAWN_STAGE,
                today=self.today,
            )
            if stage in WORK_STARTED_DAYS_AGO:
                demo_cases.date_path_back(family, received)
                demo_assistants.assistant_work(
                    family=family,
                    head=head,
                    stage=stage,
                    started_on=started_on,
                    assistant=users[plan.assistants[0]],
                    staff=staff,
                    court_letter=plan.court_letter,
                    today=self.today,
                )
            if stage == WITHDRAWN_STAGE:  # a record of each kind withdrawn as entered by mistake
                demo_cases.withdrawn_member(family, users[plan.responsible])
        seed_support_families(centre=centre, head=head, staff=staff, today=self.today)
        seed_institutions(centre=centre, head=head, today=self.today)

    # History for the half-year statistics ------------------------------------------------------

    def _history_dates(self, index: int) -> tuple[datetime.date, datetime.date | None, datetime.date | None]:
        """(start of work, handover, end of work) of HISTORY[index], placed in the previous and the
        current half-year whatever the day: the current one may have begun only today."""
        year, half = half_of(self.today)
        current, _end = half_year(year, half)
        previous, _end = half_year(*previous_half(year, half))
        span = (self.today - current).days
        day = datetime.timedelta
        return [
            (previous + day(20), None, previous + day(120)),
            (previous + day(60), None, current + day(span // 2)),
            (current + day(span // 4), None, current + day(3 * span // 4)),
            (previous + day(90), None, previous + day(150)),
            (previous + day(100), current + day(span // 3), None),
        ][index]

    @transaction.atomic
    def seed_history(self, code: str) -> None:
        """Families taken on, handed over and ended in the last two half-years, through the services."""
        centre, users = self.ensure_centre(code)
        planned = []
        for index, (surname, worker_index, assistant_index, _reason) in enumerate(HISTORY):
            _started_on, handed_over_on, _ended_on = self._history_dates(index)
            first = assistant(code, assistant_index)
            successor = assistant(code, 1 - assistant_index) if handed_over_on is not None else None
            planned.append(
                self.plan.add(
                    FamilyPlan(
                        centre=code,
                        name=f"Rodzina {surname}",
                        responsible=worker(code, worker_index),
                        assistants=(first, successor) if successor else (first,),
                    )
                )
            )
        if Family.objects.filter(centre=centre, name=f"Rodzina {HISTORY[0][0]}").exists():
            return
        head = users[username(code, "kierownik")]
        for index, ((surname, _worker, _assistant, reason), plan) in enumerate(
            zip(HISTORY, planned, strict=True)
        ):
            started_on, handed_over_on, ended_on = self._history_dates(index)
            first = users[plan.assistants[0]]
            family = demo_cases.history_family(
                worker=users[plan.responsible],
                head=head,
                assistant=first.assistant_profile,
                surname=surname,
                index=index,
                received=started_on - datetime.timedelta(days=35),
                started_on=started_on,
            )
            plan.reference = family.reference
            demo_assistants.handover_and_end(
                family=family,
                head=head,
                assistant=first,
                successor=users[plan.assistants[1]] if len(plan.assistants) > 1 else None,
                handed_over_on=handed_over_on,
                ended_on=ended_on,
                reason=reason,
            )

    # Deadlines due soon and overdue for every role ---------------------------------------------

    @transaction.atomic
    def seed_deadlines(self, code: str) -> None:
        """Move the showcase's dates so that every role meets a deadline due soon and one overdue
        on the start page and in the day's reminder (the register: familysupport/deadlines.py).

        Dates are moved as date_path_back does (demo only); new objects go through the services.
        """
        centre, users = self.ensure_centre(code)
        added = self.plan.add(
            FamilyPlan(
                centre=code, name=f"Rodzina {DEADLINE_FAMILY}", responsible=worker(code, DEADLINE_WORKER)
            )
        )
        for surname in DEADLINE_COURT_LETTERS:
            if planned := self.plan.named(code, f"Rodzina {surname}"):
                planned.court_letter = True
        if Family.objects.filter(centre=centre, name=f"Rodzina {DEADLINE_FAMILY}").exists():
            return
        families = {
            surname: Family.objects.get(centre=centre, name=f"Rodzina {surname}")
            for surname in ("Nowak", "Wróbel", "Król", "Jabłoński", "Malinowski", "Sikora", "Pietrzak")
        }
        family = demo_cases.worker_and_head_deadlines(
            centre=centre,
            families=families,
            worker=users[added.responsible],
            surname=DEADLINE_FAMILY,
            index=len(SHOWCASE),
            today=self.today,
        )
        added.reference = family.reference
        demo_assistants.court_deadlines(
            families=families,
            head=users[username(code, "kierownik")],
            staff=users[username(code, "sekretariat")],
            today=self.today,
        )

    # Monitoring of a child's situation ---------------------------------------------------------

    @transaction.atomic
    def seed_monitoring(self, code: str) -> None:
        """Monitoring plans of the social workers at each state (tools/demo/monitoring.py): one with
        a review overdue, one due soon, one ended, and one escalated to a request for an assistant
        on a family of its own."""
        centre, users = self.ensure_centre(code)
        added = self.plan.add(
            FamilyPlan(
                centre=code,
                name=f"Rodzina {demo_monitoring.ESCALATED_FAMILY}",
                responsible=worker(code, demo_monitoring.ESCALATED_WORKER),
            )
        )
        if Family.objects.filter(centre=centre, name=added.name).exists():
            return
        families = {
            surname: Family.objects.get(centre=centre, name=f"Rodzina {surname}")
            for surname, _state in demo_monitoring.PLANS
        }
        family = demo_monitoring.seed_monitoring(
            families=families,
            workers=[users[worker(code, 0)], users[worker(code, 1)]],
            head=users[username(code, "kierownik")],
            index=len(SHOWCASE) + 1,
            today=self.today,
        )
        added.reference = family.reference

    # The specialists engaged on families --------------------------------------------------------

    @transaction.atomic
    def seed_team(self, code: str) -> None:
        """Specialists engaged on showcase families through the services: engaged now, one
        engagement ended by hand, one expired (tools/demo/plan.py ENGAGEMENTS); and the team's
        contributions to a draft work plan."""
        centre, users = self.ensure_centre(code)
        for surname, post, _who, _purpose, state in ENGAGEMENTS:
            planned = self.plan.named(code, f"Rodzina {surname}")
            if planned is not None and state == "active":
                planned.specialists = (*planned.specialists, username(code, post))
        if Engagement.objects.filter(centre=centre).exists():
            return
        demo_team.seed_engagements(
            centre=centre,
            users=users,
            engagements=[
                (surname, username(code, post), engager(code, who), purpose, state)
                for surname, post, who, purpose, state in ENGAGEMENTS
            ],
            today=self.today,
        )
        demo_team.seed_contributions(
            centre=centre,
            users=users,
            psychologist=username(code, "psycholog"),
            pedagogue=username(code, "pedagog"),
        )

    # The services of the forms of work ----------------------------------------------------------

    @transaction.atomic
    def seed_services(self, code: str) -> None:
        """Services at each state on families the specialists are engaged on (demo/familyservices.py)."""
        centre, users = self.ensure_centre(code)
        if ServiceEpisode.objects.filter(centre=centre, referred_on__isnull=False).exists():
            return
        posts = {post: username(code, post) for post in ("psycholog", "prawnik", "terapeuta", "mediator")}
        seed_services(centre=centre, users=users, specialist=posts, today=self.today)

    # The disposal of cases whose retention has ended -------------------------------------------

    @transaction.atomic
    def seed_disposals(self, code: str) -> None:
        """Archived families past their retention on a disposal protocol at every state, through
        the services: one case disposed of, one held back by a court's letter."""
        centre, users = self.ensure_centre(code)
        planned = [
            self.plan.add(
                FamilyPlan(
                    centre=code,
                    name=f"Rodzina {surname}",
                    responsible=worker(code, worker_index),
                    court_letter=letter,
                )
            )
            for surname, worker_index, _state, letter in DISPOSAL
        ]
        disposed = DisposalItem.objects.filter(protocol__centre=centre, disposed_on__isnull=False).first()
        if disposed is not None:
            # A rerun: the disposed family's name is erased, so its reference is the protocol's.
            planned[0].reference = disposed.reference
            return
        families = demo_retention.seed_disposals(
            centre=centre,
            head=users[username(code, "kierownik")],
            dpo=users[username(code, "iod")],
            staff=users[username(code, "sekretariat")],
            workers=[users[worker(code, 0)], users[worker(code, 1)]],
            plan=DISPOSAL,
            today=self.today,
        )
        for plan, family in zip(planned, families, strict=True):
            plan.reference = family.reference

    # Volume families in bulk -------------------------------------------------------------------

    @transaction.atomic
    def seed_volume(self, code: str, total: int) -> int:
        """Top the centre up to `total` families; returns how many were added."""
        centre, users = self.ensure_centre(code)
        missing = total - Family.objects.filter(centre=centre).count()
        if missing <= 0:
            return 0
        families = demo_cases.families_in_bulk(
            centre=centre,
            workers=[users[worker(code, 0)], users[worker(code, 1)]],
            missing=missing,
            seed=f"{code}-{total}",
            today=self.today,
        )
        for family in families:
            self.plan.add(
                FamilyPlan(
                    centre=code,
                    name=family.name,
                    responsible=family.social_worker.username,
                    on_audit_record=False,
                    reference=family.reference,
                )
            )
        return missing

    # The manifest ------------------------------------------------------------------------------

    def manifest(self) -> dict:
        """Who meets which families, as the seeder planned it (tools/demo/plan.py)."""
        self.plan.match_database()
        return manifest(self.plan)
