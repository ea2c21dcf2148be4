"""The demo's families along the path of the cases app: report, interview, analysis, consent,
request and the head's decision, through the same services as the pages; and the volume families,
written in bulk.
"""

import datetime
import random

from django.contrib.auth.models import Permission
from django.utils import timezone
from faker import Faker

from assistants.deadlines import request_decision_due
from assistants.models import Decision, DecisionOutcome
from assistants.services import lifecycle as lifecycle_services
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
    interview_due,
)
from familysupport.models import Centre, User
from familysupport.search import normalised
from familysupport.workdays import add_working_days

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

# The head's decision at each stage past the request that assigns no assistant.
DECISIONS = {
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
}

REQUEST_JUSTIFICATION = "Wnoszę o przydzielenie asystenta rodziny zgodnie z analizą sytuacji rodziny."


def showcase_family(
    *,
    worker: User,
    head: User,
    assistant,
    surname: str,
    stage: str,
    index: int,
    received: datetime.date,
    started_on: datetime.date,
) -> Family:
    """A showcase family carried along the path up to `stage`; `assistant` (a profile, or None)
    is the one the head assigns, from `started_on`."""
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
            "intervention": "Wizyta interwencyjna z policją; dzieci bezpieczne u babci." if urgent else "",
        },
    )
    add_members(family, worker, surname, index)
    if stage.startswith("reported"):
        return family
    interview = services.interview_start(actor=worker, family=family)
    services.interview_save_draft(actor=worker, interview=interview, data=interview_data(received))
    if stage == "interview_draft":
        return family
    services.interview_sign(actor=worker, interview=interview)
    if stage == "interviewed":
        return family
    if stage == "no_assistant":
        services.analysis_record(
            actor=worker,
            family=family,
            conclusion=AnalysisConclusion.OTHER_SUPPORT,
            support_forms=["counselling", "day_support"],
            justification="Rodzina wymaga poradnictwa i wsparcia dzieci w świetlicy.",
        )
        return family
    services.analysis_record(
        actor=worker,
        family=family,
        conclusion=AnalysisConclusion.ASSISTANT,
        support_forms=[],
        justification="Bezradność w sprawach opiekuńczo-wychowawczych; "
        "rodzina potrzebuje stałego wsparcia asystenta.",
    )
    if stage == "analysed":
        return family
    consent = services.consent_record(
        actor=worker, family=family, data=consent_data(stage, surname, received)
    )
    request = services.assignment_request_create(
        actor=worker, family=family, consent=consent, justification=REQUEST_JUSTIFICATION
    )
    if stage == "request_draft":
        return family
    services.assignment_request_submit(actor=worker, request=request)
    if stage.startswith("request_submitted"):
        return family
    if assistant is not None:
        decision = {"outcome": DecisionOutcome.ASSIGN, "assistant": assistant}
    else:
        decision = DECISIONS[stage]
    lifecycle_services.assignment_request_decide(
        actor=head, request=request, started_on=started_on, **decision
    )
    return family


def history_family(
    *,
    worker: User,
    head: User,
    assistant,
    surname: str,
    index: int,
    received: datetime.date,
    started_on: datetime.date,
) -> Family:
    """A family of the history, from the report to the assignment of `assistant` (a profile)."""
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
    add_members(family, worker, surname, 20 + index)
    interview = services.interview_start(actor=worker, family=family)
    services.interview_save_draft(actor=worker, interview=interview, data=interview_data(received))
    services.interview_sign(actor=worker, interview=interview)
    services.analysis_record(
        actor=worker,
        family=family,
        conclusion=AnalysisConclusion.ASSISTANT,
        support_forms=[],
        justification="Rodzina potrzebuje stałego wsparcia asystenta rodziny.",
    )
    consent = services.consent_record(actor=worker, family=family, data=consent_data("", surname, received))
    request = services.assignment_request_create(
        actor=worker, family=family, consent=consent, justification=REQUEST_JUSTIFICATION
    )
    services.assignment_request_submit(actor=worker, request=request)
    lifecycle_services.assignment_request_decide(
        actor=head,
        request=request,
        outcome=DecisionOutcome.ASSIGN,
        assistant=assistant,
        started_on=started_on,
    )
    date_path_back(family, received)
    return family


def date_path_back(family: Family, received: datetime.date) -> None:
    """Give the steps the services stamped "now" the dates they would have had (demo only; the
    audit record keeps the real times)."""

    def moment(days: int) -> datetime.datetime:
        return timezone.make_aware(
            datetime.datetime.combine(received, datetime.time(10)) + datetime.timedelta(days=days)
        )

    family.interviews.update(signed_at=moment(3))
    family.analyses.update(created_at=moment(5))
    family.requests.update(submitted_at=moment(8))
    Decision.objects.filter(request__family=family).update(decided_at=moment(28))


def withdrawn_member(family: Family, worker: User) -> None:
    """A person added to the family by mistake and withdrawn, with the reason, by its worker."""
    member = services.member_add(
        actor=worker,
        family=family,
        data={
            "first_name": "Krystyna",
            "last_name": "Omyłkowska",
            "role": FamilyRole.OTHER,
            "birth_date": datetime.date(1961, 4, 2),
            "pesel": "",
            "parental_authority": "",
            "in_foster_care": False,
        },
    )
    services.member_withdraw(
        actor=worker, member=member, reason="Sąsiadka wpisana omyłkowo do składu rodziny podczas wywiadu."
    )


def add_members(family: Family, worker: User, surname: str, index: int) -> None:
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
                "first_name": ["Zuzanna", "Jakub", "Julia", "Szymon", "Maja", "Filip"][(index + child) % 6],
                "last_name": surname,
                "role": FamilyRole.CHILD,
                "birth_date": datetime.date(2012 + child * 3, 1 + (index + child) % 12, 10 + child),
                "pesel": "",
                "parental_authority": ParentalAuthority.NOT_APPLICABLE,
                "in_foster_care": child == 2,
            },
        )


def interview_data(received: datetime.date) -> dict:
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


def consent_data(stage: str, surname: str, received: datetime.date) -> dict:
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


# Deadlines due soon and overdue ----------------------------------------------------------------


def latest_start(due_of, due_on: datetime.date) -> datetime.date:
    """The latest start whose deadline (by the register's own rule) falls on or before `due_on`."""
    start = due_on
    while due_of(start) > due_on:
        start -= datetime.timedelta(days=1)
    return start


def move_report(family: Family, received: datetime.date) -> None:
    """The family's report (and the interview answering it) on another day (demo only)."""
    family.reports.update(received_on=received)
    family.interviews.update(conducted_on=add_working_days(received, 1))


def worker_and_head_deadlines(
    *,
    centre: Centre,
    families: dict[str, Family],
    worker: User,
    surname: str,
    index: int,
    today: datetime.date,
) -> Family:
    """An interview due soon and one overdue for each social worker (Nowak, Wróbel, and a family
    `worker` registers now, which is returned), and for the head one request waiting too long
    (Król) and one to decide soon (Jabłoński)."""
    day = datetime.timedelta(days=1)

    def received_for(due_on: datetime.date, urgent: bool = False) -> datetime.date:
        return latest_start(lambda received: interview_due(received, urgent=urgent), due_on)

    # Wiśniewski's urgent interview is overdue already for the first worker.
    move_report(families["Nowak"], received_for(today + 2 * day))
    move_report(families["Wróbel"], received_for(today - 3 * day))
    added = services.family_register(
        actor=worker,
        family={
            "name": f"Rodzina {surname}",
            "street": "ul. Opaczewska 12",
            "postal_code": "02-201",
            "city": "Warszawa",
            "blue_card": False,
        },
        report={
            "received_on": received_for(today + 2 * day),
            "source": ReportSource.SCHOOL,
            "description": "Wychowawczyni zgłasza zaniedbania w opiece nad dziećmi.",
            "urgent": False,
            "intervention": "",
        },
    )
    add_members(added, worker, surname, index)

    def submitted_for(due_on: datetime.date) -> datetime.date:
        return latest_start(lambda submitted: request_decision_due(submitted, centre), due_on)

    for name, due_on in (("Król", today - 5 * day), ("Jabłoński", today + day)):
        received = submitted_for(due_on) - 8 * day  # date_path_back submits 8 days after
        move_report(families[name], received)
        date_path_back(families[name], received)
    return added


# Volume families in bulk -----------------------------------------------------------------------


def families_in_bulk(*, centre: Centre, workers: list[User], missing: int, seed: str, today: datetime.date):
    """`missing` more families in the centre, with members and history in proportion, written in
    bulk for speed (no services, so no audit record); returns them, each with its worker."""
    fake = Faker("pl_PL")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    year = today.year
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
        name = f"Rodzina {fake.last_name()}"
        families.append(
            Family(
                centre=centre,
                reference=f"{centre.code}/{year}/{start + n + 1:04d}",
                name=name,
                search_name=normalised(name),
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
        Family.objects.filter(centre=centre, reference__in=[f.reference for f in families])
        .select_related("social_worker")
        .order_by("id")
    )
    permission = Permission.objects.get(content_type__app_label="cases", codename="view_family")
    FamilyUserObjectPermission.objects.bulk_create(
        [
            FamilyUserObjectPermission(user_id=f.social_worker_id, permission=permission, content_object=f)
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
                search_last_name=normalised(surname),
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
                    search_last_name=normalised(surname),
                    role=FamilyRole.CHILD,
                    birth_date=fake.date_of_birth(minimum_age=0, maximum_age=17),
                )
            )
        reports.append(
            Report(
                family=family,
                centre=centre,
                received_on=today - datetime.timedelta(days=rng.randint(1, 700)),
                source=rng.choice(ReportSource.values),
                urgent=False,
                description="Zgłoszenie o trudnościach w wypełnianiu funkcji opiekuńczo-wychowawczych.",
                registered_by_id=family.social_worker_id,
            )
        )
    FamilyMember.objects.bulk_create(members, batch_size=5000)
    Report.objects.bulk_create(reports, batch_size=5000)
    data = interview_data(today - datetime.timedelta(days=30))
    interviews = [
        Interview(
            family=report.family,
            centre=centre,
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
                # A form the team opens no service of: bulk rows skip the analysis' follow-ups.
                support_forms=["day_support"],
                justification="Wystarczające jest wsparcie dzieci w placówce wsparcia dziennego.",
            )
            for interview in interviews
            if interview.family.status == FamilyStatus.NO_ASSISTANT
        ],
        batch_size=2000,
    )
    return families
