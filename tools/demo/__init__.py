"""Deterministic demo data in Polish: two centres, a user of every role, families at every step.

The showcase families go through the same services as the browser, so their state, object rights
and audit record are what real use would produce. Volume families (`--families N`) are written in
bulk for speed, with members and history in proportion.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from faker import Faker

from assistants.models import (
    CASELOAD_CAP,
    Assessment,
    AssistantProfile,
    CourtOpinion,
    CourtRequest,
    Decision,
    DecisionOutcome,
)
from assistants.selectors.court import court_requests_visible_to
from assistants.services import assessments as assessment_services
from assistants.services import court as court_services
from assistants.services import lifecycle as lifecycle_services
from assistants.services import plans as plan_services
from cases import services
from cases.models import (
    Analysis,
    AnalysisConclusion,
    ConsentBasis,
    Family,
    FamilyMember,
    FamilyRole,
    FamilyStatus,
    FamilyUserObjectPermission,
    Interview,
    InterviewStatus,
    ParentalAuthority,
    ReferenceCounter,
    Report,
    ReportSource,
)
from cases.selectors import families_visible_to, interview_due_date
from familysupport.deadlines import request_decision_due
from familysupport.models import Centre, Role, User
from familysupport.workdays import add_working_days
from overview.selectors import audited_families
from overview.statistics import half_of, half_year, previous_half
from tools.demo.supportfamilies import seed_support_families

DEMO_PASSWORD = "Wsparcie-Demo-2026"


@dataclass(frozen=True)
class Person:
    username: str
    first_name: str
    last_name: str
    roles: tuple[str, ...]


CENTRES = {
    "OCH": {
        "name": "OPS Ochota",
        "address": "ul. Grójecka 17a, 02-021 Warszawa",
        "people": [
            Person("ochota.kierownik", "Małgorzata", "Nowicka", (Role.HEAD,)),
            Person("ochota.socjalny1", "Anna", "Kowalczyk", (Role.SOCIAL_WORKER,)),
            Person("ochota.socjalny2", "Piotr", "Zieliński", (Role.SOCIAL_WORKER,)),
            Person("ochota.asystent1", "Katarzyna", "Wójcik", (Role.FAMILY_ASSISTANT,)),
            Person("ochota.asystent2", "Tomasz", "Lewandowski", (Role.FAMILY_ASSISTANT,)),
            Person("ochota.sekretariat", "Ewa", "Mazur", (Role.STAFF,)),
            Person("ochota.admin", "Jan", "Krawczyk", (Role.ADMIN,)),
            Person("ochota.iod", "Iwona", "Duda", (Role.DPO,)),
        ],
    },
    "BEM": {
        "name": "OPS Bemowo",
        "address": "ul. Rozłogi 10, 01-310 Warszawa",
        "people": [
            Person("bemowo.kierownik", "Grzegorz", "Pawlak", (Role.HEAD,)),
            Person("bemowo.socjalny1", "Joanna", "Dąbrowska", (Role.SOCIAL_WORKER,)),
            Person("bemowo.socjalny2", "Michał", "Szymański", (Role.SOCIAL_WORKER,)),
            Person("bemowo.asystent1", "Agnieszka", "Jankowska", (Role.FAMILY_ASSISTANT,)),
            Person("bemowo.asystent2", "Paweł", "Wojciechowski", (Role.FAMILY_ASSISTANT,)),
            Person("bemowo.sekretariat", "Barbara", "Kamińska", (Role.STAFF,)),
            Person("bemowo.admin", "Krzysztof", "Kaczmarek", (Role.ADMIN,)),
            Person("bemowo.iod", "Daniel", "Sowa", (Role.DPO,)),
        ],
    },
}

# One showcase family for every step of the path: (surname, worker index, stage).
SHOWCASE = [
    ("Nowak", 0, "reported"),
    ("Wiśniewski", 0, "reported_urgent"),
    ("Wróbel", 1, "interview_draft"),
    ("Kubiak", 0, "interviewed"),
    ("Michalski", 1, "no_assistant"),
    ("Grabowski", 0, "analysed"),
    ("Zając", 1, "request_draft"),
    ("Król", 0, "request_submitted"),
    ("Jabłoński", 1, "request_submitted_minor_parent"),
    ("Majewski", 0, "request_returned"),
    ("Olszewski", 1, "request_refused"),
    ("Stępień", 0, "referred"),
    ("Malinowski", 0, "assigned"),
    ("Górski", 1, "assigned_court"),
    ("Sikora", 0, "assigned_second"),
    ("Pietrzak", 1, "monitoring"),
    ("Wieczorek", 0, "closed"),
]

# How long ago the assistant started work with each assigned family, so that the demo shows a
# plan due, an assessment due soon and one overdue, and a history to report on.
WORK_STARTED_DAYS_AGO = {
    "assigned": 170,
    "assigned_court": 200,
    "assigned_second": 20,
    "monitoring": 300,
    "closed": 330,
}

# Families whose work with an assistant lies in the last two half-years, so that the statistics of
# either half-year have assistants assigned, a handover and ends of work for several reasons:
# (surname, worker index, assistant index, reason the work ended, or "" while it goes on).
HISTORY = [
    ("Kaczmarczyk", 0, 0, "stopped_cooperating"),
    ("Adamczyk", 1, 1, "moved_away"),
    ("Sadowski", 0, 1, "foster_care"),
    ("Zawadzki", 1, 0, "refused"),
    ("Chmielewski", 0, 1, ""),
]

# The family registered by seed_deadlines, so that both social workers have an interview due soon.
DEADLINE_FAMILY = "Pawłowski"

STREETS = [
    "ul. Grójecka",
    "ul. Banacha",
    "ul. Kaliska",
    "ul. Białobrzeska",
    "ul. Powstańców Śląskich",
    "ul. Górczewska",
    "ul. Dywizjonu 303",
    "ul. Radiowa",
    "ul. Szczęśliwicka",
    "ul. Lazurowa",
]


class DemoSeeder:
    def __init__(self, *, today: datetime.date | None = None):
        self.today = today or timezone.localdate()

    # Users and centres -------------------------------------------------------------------------

    def ensure_centre(self, code: str) -> tuple[Centre, dict[str, User]]:
        spec = CENTRES[code]
        centre, _ = Centre.objects.get_or_create(
            code=code, defaults={"name": spec["name"], "address": spec["address"]}
        )
        users = {}
        password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow by design
        for person in spec["people"]:
            user = User.objects.filter(username=person.username).first()
            if user is None:
                user = User(
                    username=person.username,
                    first_name=person.first_name,
                    last_name=person.last_name,
                    centre=centre,
                    email=f"{person.username}@example.invalid",
                    is_staff=Role.ADMIN in person.roles,
                )
                user.password = password
                user.save()
                user.groups.set(Group.objects.filter(name__in=person.roles))
            if Role.FAMILY_ASSISTANT in person.roles:
                second = person.username.endswith("2")
                AssistantProfile.objects.get_or_create(
                    user=user,
                    defaults={
                        "centre": centre,
                        "qualification_route": "other_degree" if second else "degree",
                        "qualification_details": "Magister pedagogiki, szkolenie asystentów rodziny (2021).",
                        "not_deprived_of_parental_authority": True,
                        "meets_maintenance_duty": True,
                        "not_convicted": True,
                        "statements_signed_on": datetime.date(2024, 1, 15),
                        "employment_form": "civil_law" if second else "employment_task",
                        "caseload_cap": 12 if second else CASELOAD_CAP,
                    },
                )
            users[person.username] = user
        return centre, users

    # Showcase families through the services ----------------------------------------------------

    @transaction.atomic
    def seed_showcase(self, code: str) -> None:
        centre, users = self.ensure_centre(code)
        if Family.objects.filter(centre=centre).exists():
            return
        prefix = code_prefix(code)
        head = users[f"{prefix}.kierownik"]
        workers = [users[f"{prefix}.socjalny1"], users[f"{prefix}.socjalny2"]]
        assistants = [
            users[f"{prefix}.asystent1"].assistant_profile,
            users[f"{prefix}.asystent2"].assistant_profile,
        ]
        for index, (surname, worker_index, stage) in enumerate(SHOWCASE):
            self._showcase_family(
                centre=centre,
                head=head,
                worker=workers[worker_index],
                assistants=assistants,
                surname=surname,
                stage=stage,
                index=index,
                staff=users[f"{prefix}.sekretariat"],
            )
        self._support_families(centre=centre, head=head, staff=users[f"{prefix}.sekretariat"])

    def _support_families(self, *, centre, head, staff) -> None:
        """Support families at each stage (tools/demo/supportfamilies.py), through their services."""
        seed_support_families(centre=centre, head=head, staff=staff, today=self.today)

    def _showcase_family(self, *, centre, head, worker, assistants, surname, stage, index, staff) -> None:
        received = self.today - datetime.timedelta(days=3 + 2 * index)
        if stage in WORK_STARTED_DAYS_AGO:  # the path began a month before the assistant did
            received = self.today - datetime.timedelta(days=WORK_STARTED_DAYS_AGO[stage] + 30)
        urgent = stage == "reported_urgent"
        family = services.family_register(
            actor=worker,
            family={
                "name": f"Rodzina {surname}",
                "street": f"{STREETS[index % len(STREETS)]} {index + 3}",
                "postal_code": f"02-0{10 + index:02d}",
                "city": "Warszawa",
                "blue_card": index % 5 == 1,
            },
            report={
                "received_on": received,
                "source": list(ReportSource.values)[index % 8],
                "description": "Szkoła zgłasza częste nieobecności dzieci i zaniedbania w opiece.",
                "urgent": urgent,
                "intervention": "Wizyta interwencyjna z policją; dzieci bezpieczne u babci."
                if urgent
                else "",
            },
        )
        self._members(family, worker, surname, index)
        if stage.startswith("reported"):
            return
        interview = services.interview_start(actor=worker, family=family)
        services.interview_save_draft(actor=worker, interview=interview, data=self._interview_data(received))
        if stage == "interview_draft":
            return
        services.interview_sign(actor=worker, interview=interview)
        if stage == "interviewed":
            return
        if stage == "no_assistant":
            services.analysis_record(
                actor=worker,
                family=family,
                conclusion=AnalysisConclusion.OTHER_SUPPORT,
                support_forms=["counselling", "day_support"],
                justification="Rodzina wymaga poradnictwa i wsparcia dzieci w świetlicy.",
            )
            return
        services.analysis_record(
            actor=worker,
            family=family,
            conclusion=AnalysisConclusion.ASSISTANT,
            support_forms=[],
            justification="Bezradność w sprawach opiekuńczo-wychowawczych; "
            "rodzina potrzebuje stałego wsparcia asystenta.",
        )
        if stage == "analysed":
            return
        consent = services.consent_record(
            actor=worker, family=family, data=self._basis(stage, surname, received)
        )
        request = services.assignment_request_create(
            actor=worker,
            family=family,
            consent=consent,
            justification="Wnoszę o przydzielenie asystenta rodziny zgodnie z analizą sytuacji rodziny.",
        )
        if stage == "request_draft":
            return
        services.assignment_request_submit(actor=worker, request=request)
        if stage.startswith("request_submitted"):
            return
        decision = {
            "monitoring": {"outcome": DecisionOutcome.ASSIGN, "assistant": assistants[1]},
            "closed": {"outcome": DecisionOutcome.ASSIGN, "assistant": assistants[0]},
            "request_returned": {
                "outcome": DecisionOutcome.RETURN,
                "comment": "Proszę uzupełnić uzasadnienie o sytuację szkolną dzieci.",
            },
            "request_refused": {
                "outcome": DecisionOutcome.REFUSE,
                "comment": "Rodzina korzysta już ze wsparcia innego podmiotu.",
            },
            "referred": {
                "outcome": DecisionOutcome.MUNICIPAL_UNIT,
                "entity": "Centrum Usług Społecznych m.st. Warszawy",
            },
            "assigned": {"outcome": DecisionOutcome.ASSIGN, "assistant": assistants[0]},
            "assigned_court": {"outcome": DecisionOutcome.ASSIGN, "assistant": assistants[1]},
            "assigned_second": {"outcome": DecisionOutcome.ASSIGN, "assistant": assistants[0]},
        }[stage]
        started_on = self.today - datetime.timedelta(days=WORK_STARTED_DAYS_AGO.get(stage, 0))
        lifecycle_services.assignment_request_decide(
            actor=head, request=request, started_on=started_on, **decision
        )
        if stage in WORK_STARTED_DAYS_AGO:
            self._date_path_back(family, received)
            self._assistant_work(
                family=family,
                head=head,
                stage=stage,
                started_on=started_on,
                assistant=decision["assistant"].user,
                staff=staff,
            )

    @staticmethod
    def _date_path_back(family, received: datetime.date) -> None:
        """Give the steps the services stamped "now" the dates they would have had (demo only;
        the audit record keeps the real times)."""

        def moment(days: int) -> datetime.datetime:
            return timezone.make_aware(
                datetime.datetime.combine(received, datetime.time(10)) + datetime.timedelta(days=days)
            )

        family.interviews.update(signed_at=moment(3))
        family.analyses.update(created_at=moment(5))
        family.requests.update(submitted_at=moment(8))
        Decision.objects.filter(request__family=family).update(decided_at=moment(28))

    def _assistant_work(self, *, family, head, stage, started_on, assistant, staff) -> None:
        """The assistant's work with an assigned family, through the same services as the pages."""
        day = lambda offset: started_on + datetime.timedelta(days=offset)  # noqa: E731
        if stage != "assigned_second":
            plan = plan_services.work_plan_create(actor=assistant, family=family)
            plan_services.work_plan_save(
                actor=assistant,
                plan=plan,
                data={
                    "consulted_on": day(10),
                    "foster_care_coordinator": "Iwona Sadowska, PCPR Warszawa",
                    "child_help_plan": "Plan pomocy dziecku z 12.03 — wspólne spotkania co kwartał.",
                },
                goals=[
                    {
                        "goal": "Regularne uczęszczanie dzieci do szkoły",
                        "actions": "Ustalenie planu dnia, kontakt z wychowawcą",
                        "performer": "family_member",
                        "performer_name": "matka",
                        "deadline": day(120),
                        "expected_effect": "Frekwencja powyżej 90%",
                        "status": "in_progress",
                    },
                    {
                        "goal": "Uporządkowanie budżetu domowego",
                        "actions": "Plan spłaty zaległości czynszowych",
                        "performer": "assistant",
                        "performer_name": "",
                        "deadline": day(180),
                        "expected_effect": "Brak nowych zaległości",
                        "status": "planned",
                    },
                ],
            )
            plan_services.work_plan_accept(
                actor=assistant, plan=plan, accepted_by="Matka", accepted_on=day(14)
            )
            for offset, kind in ((7, "home"), (21, "office"), (35, "phone"), (49, "home")):
                plan_services.visit_record(
                    actor=assistant,
                    family=family,
                    data={
                        "date": min(day(offset), self.today),
                        "kind": kind,
                        "place": "mieszkanie rodziny",
                        "duration_minutes": 90 if kind == "home" else 30,
                        "present": "matka, dzieci",
                        "activities": "Omówienie realizacji planu pracy; pomoc w odrabianiu lekcji.",
                        "tasks_until_next": "Matka kontaktuje się z wychowawczynią.",
                    },
                )
        if stage in ("assigned", "monitoring", "closed"):
            plan = family.work_plans.get()
            assessment = assessment_services.assessment_create(
                actor=assistant,
                family=family,
                data={
                    "period_from": started_on,
                    "period_to": day(150) if stage == "assigned" else day(180),
                    "goal_progress": {goal.pk: "Częściowa poprawa." for goal in plan.goals.all()},
                    **{area: "Sytuacja stabilna, widoczna poprawa." for area in Assessment.AREAS},
                    "cooperation": "Rodzina współpracuje.",
                    "recommendation": "continue",
                },
            )
            assessment_services.assessment_submit(actor=assistant, assessment=assessment)
            if stage != "assigned":
                assessment_services.assessment_acknowledge(actor=head, assessment=assessment)
        if stage in ("assigned", "assigned_court", "assigned_second"):
            court_request = court_services.court_request_register(
                actor=staff,
                family_reference=family.reference,
                data={
                    "court": "Sąd Rejonowy dla Warszawy-Ochoty",
                    "division": "III Wydział Rodzinny i Nieletnich",
                    "case_signature": f"III Nsm {100 + family.pk}/26",
                    "letter_date": self.today - datetime.timedelta(days=12),
                    "received_on": self.today - datetime.timedelta(days=9),
                    "deadline": self.today + datetime.timedelta(days=-2 if stage == "assigned_court" else 12),
                    "request_text": "Sąd zwraca się o opinię o rodzinie i sytuacji małoletnich dzieci.",
                    "scan": None,
                },
            )
            opinion = court_services.court_opinion_start(actor=assistant, court_request=court_request)
            if stage != "assigned_court":
                court_services.court_opinion_save(
                    actor=assistant,
                    opinion=opinion,
                    data={
                        section: "Rodzina współpracuje z asystentem; sytuacja dzieci się poprawia."
                        for section in CourtOpinion.SECTIONS
                    },
                )
                court_services.court_opinion_submit(actor=assistant, opinion=opinion)
            if stage == "assigned":
                court_services.court_opinion_approve(actor=head, opinion=opinion)
        if stage in ("monitoring", "closed"):
            lifecycle_services.work_end(
                actor=assistant,
                family=family,
                reason="goals_achieved",
                summary="Cele planu pracy zostały osiągnięte.",
                ended_on=day(240),
            )
            lifecycle_services.monitoring_note_add(
                actor=assistant, family=family, date=day(250), text="Rodzina funkcjonuje samodzielnie."
            )
        if stage == "closed":
            lifecycle_services.case_close(actor=head, family=family)

    def _members(self, family, worker, surname, index) -> None:
        born = datetime.date(1985 + index % 10, 1 + index % 12, 5 + index)
        female = surname[:-1] + "a" if surname.endswith("i") else surname
        services.member_add(
            actor=worker,
            family=family,
            data={
                "first_name": ["Monika", "Agata", "Beata", "Karolina", "Dorota"][index % 5],
                "last_name": female,
                "role": FamilyRole.MOTHER,
                "birth_date": born,
                "pesel": "",
                "parental_authority": ParentalAuthority.LIMITED if index % 4 == 0 else ParentalAuthority.FULL,
                "in_foster_care": False,
            },
        )
        for child in range(1 + index % 3):
            services.member_add(
                actor=worker,
                family=family,
                data={
                    "first_name": ["Zuzanna", "Jakub", "Julia", "Szymon", "Maja", "Filip"][
                        (index + child) % 6
                    ],
                    "last_name": surname,
                    "role": FamilyRole.CHILD,
                    "birth_date": datetime.date(2012 + child * 3, 1 + (index + child) % 12, 10 + child),
                    "pesel": "",
                    "parental_authority": ParentalAuthority.NOT_APPLICABLE,
                    "in_foster_care": child == 2,
                },
            )

    def _interview_data(self, received: datetime.date) -> dict:
        return {
            "conducted_on": add_working_days(received, 1),
            "place": "mieszkanie rodziny",
            "present": "Matka i dzieci.",
            "composition": "Matka samotnie wychowująca dzieci w wieku szkolnym.",
            "housing": "Mieszkanie komunalne, dwa pokoje, zawilgocone; brak miejsca do nauki.",
            "income": "Zasiłek rodzinny i świadczenie wychowawcze; zaległości czynszowe.",
            "health": "Matka leczy się na depresję; dzieci zdrowe.",
            "work_education": "Matka bez pracy od roku, wykształcenie zawodowe.",
            "care_upbringing": "Trudności z ustaleniem zasad i rytmu dnia; nieobecności w szkole.",
            "problems": ["helplessness", "poverty", "single_parent"],
            "problems_description": "Bezradność w sprawach opiekuńczo-wychowawczych, ubóstwo.",
            "needs": "Pomoc w organizacji dnia, wsparcie w nauce dzieci, pomoc w spłacie zaległości.",
            "diagnosis": "Rodzina wymaga wsparcia asystenta rodziny; matka deklaruje współpracę.",
        }

    def _basis(self, stage: str, surname: str, received: datetime.date) -> dict:
        given_on = add_working_days(received, 2)
        if stage == "request_submitted_minor_parent":
            return {
                "basis": ConsentBasis.MINOR_PARENT,
                "given_on": given_on,
                "given_by": "",
                "form": "",
                "court": "",
                "case_signature": "",
                "notes": "Małoletnia matka opuszcza młodzieżowy ośrodek wychowawczy.",
                "scan": None,
            }
        if stage == "assigned_court":
            return {
                "basis": ConsentBasis.COURT,
                "given_on": given_on,
                "given_by": "",
                "form": "",
                "court": "Sąd Rejonowy dla Warszawy-Mokotowa, III Wydział Rodzinny i Nieletnich",
                "case_signature": "III Nsm 245/26",
                "notes": "",
                "scan": None,
            }
        return {
            "basis": ConsentBasis.CONSENT,
            "given_on": given_on,
            "given_by": f"Matka, {surname}",
            "form": "written",
            "court": "",
            "case_signature": "",
            "notes": "",
            "scan": None,
        }

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
        if Family.objects.filter(centre=centre, name=f"Rodzina {HISTORY[0][0]}").exists():
            return
        prefix = code_prefix(code)
        head = users[f"{prefix}.kierownik"]
        workers = [users[f"{prefix}.socjalny1"], users[f"{prefix}.socjalny2"]]
        assistants = [users[f"{prefix}.asystent1"], users[f"{prefix}.asystent2"]]
        for index, (surname, worker_index, assistant_index, reason) in enumerate(HISTORY):
            worker, assistant = workers[worker_index], assistants[assistant_index]
            started_on, handed_over_on, ended_on = self._history_dates(index)
            received = started_on - datetime.timedelta(days=35)
            family = services.family_register(
                actor=worker,
                family={
                    "name": f"Rodzina {surname}",
                    "street": f"{STREETS[index % len(STREETS)]} {index + 40}",
                    "postal_code": f"02-1{10 + index:02d}",
                    "city": "Warszawa",
                    "blue_card": False,
                },
                report={
                    "received_on": received,
                    "source": ReportSource.SCHOOL,
                    "description": "Szkoła zgłasza trudności dzieci i zaniedbania w opiece.",
                    "urgent": False,
                    "intervention": "",
                },
            )
            self._members(family, worker, surname, 20 + index)
            interview = services.interview_start(actor=worker, family=family)
            services.interview_save_draft(
                actor=worker, interview=interview, data=self._interview_data(received)
            )
            services.interview_sign(actor=worker, interview=interview)
            services.analysis_record(
                actor=worker,
                family=family,
                conclusion=AnalysisConclusion.ASSISTANT,
                support_forms=[],
                justification="Rodzina potrzebuje stałego wsparcia asystenta rodziny.",
            )
            consent = services.consent_record(
                actor=worker, family=family, data=self._basis("", surname, received)
            )
            request = services.assignment_request_create(
                actor=worker,
                family=family,
                consent=consent,
                justification="Wnoszę o przydzielenie asystenta rodziny zgodnie z analizą sytuacji rodziny.",
            )
            services.assignment_request_submit(actor=worker, request=request)
            lifecycle_services.assignment_request_decide(
                actor=head,
                request=request,
                outcome=DecisionOutcome.ASSIGN,
                assistant=assistant.assistant_profile,
                started_on=started_on,
            )
            self._date_path_back(family, received)
            if handed_over_on is not None:
                lifecycle_services.assignment_reassign(
                    actor=head,
                    family=family,
                    assistant=assistants[1 - assistant_index].assistant_profile,
                    started_on=handed_over_on,
                )
            if ended_on is not None:
                lifecycle_services.work_end(
                    actor=assistant,
                    family=family,
                    reason=reason,
                    summary="Praca z rodziną zakończona; szczegóły w dokumentacji asystenta.",
                    ended_on=ended_on,
                )

    # Deadlines due soon and overdue for every role ---------------------------------------------

    @transaction.atomic
    def seed_deadlines(self, code: str) -> None:
        """Move the showcase's dates so that every role meets a deadline due soon and one overdue
        on the start page and in the day's reminder (the register: familysupport/deadlines.py).

        Dates are moved as _date_path_back does (demo only); new objects go through the services.
        """
        centre, users = self.ensure_centre(code)
        if Family.objects.filter(centre=centre, name=f"Rodzina {DEADLINE_FAMILY}").exists():
            return
        prefix = code_prefix(code)
        head, staff = users[f"{prefix}.kierownik"], users[f"{prefix}.sekretariat"]
        day = datetime.timedelta(days=1)
        today = self.today
        family = {
            surname: Family.objects.get(centre=centre, name=f"Rodzina {surname}")
            for surname in ("Nowak", "Wróbel", "Król", "Jabłoński", "Malinowski", "Sikora", "Pietrzak")
        }

        def received_for(due_on: datetime.date, urgent: bool = False) -> datetime.date:
            return _latest_start(
                lambda received: interview_due_date(Report(received_on=received, urgent=urgent)), due_on
            )

        # Social workers: an interview due soon and one overdue each (Wiśniewski's urgent one is
        # overdue already for the first worker).
        self._move_report(family["Nowak"], received_for(today + 2 * day))
        self._move_report(family["Wróbel"], received_for(today - 3 * day))
        worker = users[f"{prefix}.socjalny2"]
        received = received_for(today + 2 * day)
        added = services.family_register(
            actor=worker,
            family={
                "name": f"Rodzina {DEADLINE_FAMILY}",
                "street": "ul. Opaczewska 12",
                "postal_code": "02-201",
                "city": "Warszawa",
                "blue_card": False,
            },
            report={
                "received_on": received,
                "source": ReportSource.SCHOOL,
                "description": "Wychowawczyni zgłasza zaniedbania w opiece nad dziećmi.",
                "urgent": False,
                "intervention": "",
            },
        )
        self._members(added, worker, DEADLINE_FAMILY, len(SHOWCASE))

        # The head: one request waiting too long, one to decide soon.
        def submitted_for(due_on: datetime.date) -> datetime.date:
            return _latest_start(lambda submitted: request_decision_due(submitted, centre), due_on)

        for surname, due_on in (("Król", today - 5 * day), ("Jabłoński", today + day)):
            received = submitted_for(due_on) - 8 * day  # _date_path_back submits 8 days after
            self._move_report(family[surname], received)
            self._date_path_back(family[surname], received)

        # Assistants: a court's letter due soon for the first (Sikora) and one overdue (Malinowski);
        # the second one's overdue assessment and court opinion (Górski) stay, and the monitoring of
        # Pietrzak ends soon.
        for surname, deadline, number in (
            ("Sikora", today + 4 * day, 300),
            ("Malinowski", today - 3 * day, 400),
        ):
            court_services.court_request_register(
                actor=staff,
                family_reference=family[surname].reference,
                data={
                    "court": "Sąd Rejonowy dla Warszawy-Ochoty",
                    "division": "III Wydział Rodzinny i Nieletnich",
                    "case_signature": f"III Nsm {number + family[surname].pk}/26",
                    "letter_date": today - 10 * day,
                    "received_on": today - 7 * day,
                    "deadline": deadline,
                    "request_text": "Sąd zwraca się o aktualną opinię o sytuacji rodziny.",
                    "scan": None,
                },
            )
        family["Pietrzak"].work_ends.update(monitoring_until=today + 5 * day)

        # Staff: an issued opinion to dispatch soon (Malinowski's first letter) and one overdue
        # (Sikora's, which the head signs off now).
        malinowski_letter = CourtRequest.objects.filter(family=family["Malinowski"]).order_by("id").first()
        sikora_letter = CourtRequest.objects.filter(family=family["Sikora"]).order_by("id").first()
        CourtRequest.objects.filter(pk=malinowski_letter.pk).update(deadline=today + 3 * day)
        CourtRequest.objects.filter(pk=sikora_letter.pk).update(deadline=today - day)
        opinion = sikora_letter.opinions.get()
        court_services.court_opinion_approve(actor=head, opinion=opinion)

    @staticmethod
    def _move_report(family, received: datetime.date) -> None:
        """The family's report (and the interview answering it) on another day (demo only)."""
        family.reports.update(received_on=received)
        family.interviews.update(conducted_on=add_working_days(received, 1))

    # Volume families in bulk -------------------------------------------------------------------

    @transaction.atomic
    def seed_volume(self, code: str, total: int) -> int:
        """Top the centre up to `total` families; returns how many were added."""
        centre, users = self.ensure_centre(code)
        missing = total - Family.objects.filter(centre=centre).count()
        if missing <= 0:
            return 0
        prefix = code_prefix(code)
        workers = [users[f"{prefix}.socjalny1"], users[f"{prefix}.socjalny2"]]
        fake = Faker("pl_PL")
        fake.seed_instance(f"{code}-{total}")
        rng = random.Random(f"{code}-{total}")
        year = self.today.year
        counter, _ = ReferenceCounter.objects.get_or_create(centre=centre, year=year)
        start = counter.last
        counter.last += missing
        counter.save(update_fields=["last"])

        statuses = [
            FamilyStatus.REPORTED,
            FamilyStatus.INTERVIEWED,
            FamilyStatus.NO_ASSISTANT,
            FamilyStatus.NO_ASSISTANT,
        ]
        families = []
        for n in range(missing):
            families.append(
                Family(
                    centre=centre,
                    reference=f"{code}/{year}/{start + n + 1:04d}",
                    name=f"Rodzina {fake.last_name()}",
                    street=f"{fake.street_prefix()} {fake.street_name()} {rng.randint(1, 120)}",
                    postal_code=f"0{rng.randint(0, 9)}-{rng.randint(100, 999)}",
                    city="Warszawa",
                    social_worker=workers[n % len(workers)],
                    status=statuses[n % len(statuses)],
                    blue_card=n % 11 == 0,
                )
            )
        Family.objects.bulk_create(families, batch_size=2000)
        families = list(
            Family.objects.filter(centre=centre, reference__in=[f.reference for f in families]).order_by("id")
        )
        permission = Permission.objects.get(content_type__app_label="cases", codename="view_family")
        FamilyUserObjectPermission.objects.bulk_create(
            [
                FamilyUserObjectPermission(
                    user_id=f.social_worker_id, permission=permission, content_object=f
                )
                for f in families
            ],
            batch_size=5000,
        )
        members, reports = [], []
        for family in families:
            surname = family.name.removeprefix("Rodzina ")
            members.append(
                FamilyMember(
                    family=family,
                    centre=centre,
                    first_name=fake.first_name_female(),
                    last_name=surname,
                    role=FamilyRole.MOTHER,
                    birth_date=fake.date_of_birth(minimum_age=22, maximum_age=50),
                    parental_authority=ParentalAuthority.FULL,
                )
            )
            for _child in range(rng.randint(1, 3)):
                members.append(
                    FamilyMember(
                        family=family,
                        centre=centre,
                        first_name=fake.first_name(),
                        last_name=surname,
                        role=FamilyRole.CHILD,
                        birth_date=fake.date_of_birth(minimum_age=0, maximum_age=17),
                    )
                )
            reports.append(
                Report(
                    family=family,
                    received_on=self.today - datetime.timedelta(days=rng.randint(1, 700)),
                    source=rng.choice(ReportSource.values),
                    urgent=False,
                    description="Zgłoszenie o trudnościach w wypełnianiu funkcji opiekuńczo-wychowawczych.",
                    registered_by_id=family.social_worker_id,
                )
            )
        FamilyMember.objects.bulk_create(members, batch_size=5000)
        Report.objects.bulk_create(reports, batch_size=5000)
        data = self._interview_data(self.today - datetime.timedelta(days=30))
        interviews = [
            Interview(
                family=report.family,
                report=report,
                author_id=report.registered_by_id,
                status=InterviewStatus.SIGNED,
                signed_at=timezone.now(),
                **data,
            )
            for report in reports
            if report.family.status != FamilyStatus.REPORTED
        ]
        Interview.objects.bulk_create(interviews, batch_size=2000)
        Analysis.objects.bulk_create(
            [
                Analysis(
                    family=interview.family,
                    interview=interview,
                    author_id=interview.author_id,
                    conclusion=AnalysisConclusion.OTHER_SUPPORT,
                    support_forms=["counselling"],
                    justification="Wystarczające jest poradnictwo specjalistyczne.",
                )
                for interview in interviews
                if interview.family.status == FamilyStatus.NO_ASSISTANT
            ],
            batch_size=2000,
        )
        return missing

    # The manifest ------------------------------------------------------------------------------

    def manifest(self) -> dict:
        """Who may see which families, as the access layer decides it."""
        users = []
        for user in User.objects.filter(centre__isnull=False).select_related("centre").order_by("username"):
            users.append(
                {
                    "username": user.username,
                    "roles": sorted(user.roles),
                    "centre": user.centre.name,
                    "families": sorted(families_named_to(user)),
                }
            )
        families = [
            {"reference": reference, "centre": centre}
            for reference, centre in Family.objects.order_by("centre__name", "reference").values_list(
                "reference", "centre__name"
            )
        ]
        return {"password": DEMO_PASSWORD, "users": users, "families": families}


def families_named_to(user: User) -> set[str]:
    """References of every family whose name or reference the user meets on any page: the
    families the access layer lets them open, the families on their centre's court register,
    (for the data protection officer and the head) the families in their centre's audit record,
    and (for an assistant) the families of their own monthly reports, past months included."""
    visible = set(families_visible_to(user).values_list("reference", flat=True))
    registered = set(court_requests_visible_to(user).values_list("family__reference", flat=True))
    audited = set(audited_families(user).values_list("reference", flat=True))
    worked = set(
        Family.objects.filter(centre_id=user.centre_id)
        .filter(Q(assignments__assistant__user=user) | Q(visits__assistant=user))
        .values_list("reference", flat=True)
    )
    return visible | registered | audited | worked


def _latest_start(due_of, due_on: datetime.date) -> datetime.date:
    """The latest start whose deadline (by the register's own rule) falls on or before `due_on`."""
    start = due_on
    while due_of(start) > due_on:
        start -= datetime.timedelta(days=1)
    return start


def code_prefix(code: str) -> str:
    return {"OCH": "ochota", "BEM": "bemowo"}[code]
