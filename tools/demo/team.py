"""The demo's specialists (their specialty recorded) and their engagements on showcase families,
through the same services as the pages: engaged now, one ended by hand, one expired."""

import datetime

from assistants.models import PlanStatus
from cases.models import Family
from familysupport.models import Centre, Role, User
from team import services as team_services
from team.models import Engagement, Specialist, Specialty
from tools.demo.people import CENTRES

# The specialty of each demo specialist, by the post in their login ("ochota.psycholog").
SPECIALTY_OF_POST = {
    "psycholog": Specialty.PSYCHOLOGIST,
    "pedagog": Specialty.PEDAGOGUE,
    "prawnik": Specialty.LAWYER,
    "mediator": Specialty.MEDIATOR,
    "terapeuta": Specialty.THERAPIST,
}


def ensure_specialists(code: str, centre: Centre, users: dict[str, User]) -> None:
    """Every specialist of the centre has their profile with the specialty."""
    for person in CENTRES[code]["people"]:
        if Role.SPECIALIST not in person.roles:
            continue
        Specialist.objects.get_or_create(
            user=users[person.username],
            defaults={"centre": centre, "specialty": SPECIALTY_OF_POST[person.username.split(".")[1]]},
        )


def seed_engagements(
    *,
    centre: Centre,
    users: dict[str, User],
    engagements: list[tuple[str, str, str, str, str]],
    today: datetime.date,
) -> None:
    """Each (family surname, specialist, who engages, purpose, state) through the services: an
    "active" engagement runs for three months from a fortnight ago, an "ended" one is ended by the
    one who engaged it, an "expired" one ran until yesterday and is ended by the daily expiry."""
    for surname, specialist, engager, purpose, state in engagements:
        family = Family.objects.get(centre=centre, name=f"Rodzina {surname}")
        actor = users[engager]
        engagement = team_services.engagement_start(
            actor=actor,
            family=family,
            specialist=users[specialist].specialist_profile,
            purpose=purpose,
            starts_on=today - datetime.timedelta(days=14 if state == "active" else 60),
            until=today + datetime.timedelta(days=90) if state == "active" else today,
        )
        if state == "ended":
            team_services.engagement_end(
                actor=actor,
                engagement=engagement,
                reason="Konsultacja odbyta; dalsze wsparcie prowadzi mediator.",
            )
        elif state == "expired":
            # Its period ended yesterday (moved back as date_path_back does, demo only).
            Engagement.objects.filter(pk=engagement.pk).update(until=today - datetime.timedelta(days=1))
            team_services.engagement_expire(engagement=engagement, today=today)


def seed_contributions(*, centre: Centre, users: dict[str, User], psychologist: str, pedagogue: str) -> None:
    """The team co-writes the diagnosis and the plan (seed 002): the pedagogue's part of the
    diagnosis in Wróbel's draft interview; the social worker's and the psychologist's parts of
    Sikora's draft work plan, shown as theirs, and a part the psychologist withdrew as written by
    mistake."""
    interview = Family.objects.get(centre=centre, name="Rodzina Wróbel").interviews.get(status="draft")
    team_services.contribution_add(
        actor=users[pedagogue],
        interview=interview,
        text="Konsultacja pedagogiczna: córka ma zaległości w czytaniu; wskazana diagnoza w poradni "
        "psychologiczno-pedagogicznej i zajęcia wyrównawcze w szkole.",
    )
    family = Family.objects.get(centre=centre, name="Rodzina Sikora")
    plan = family.work_plans.get(status=PlanStatus.DRAFT)
    team_services.contribution_add(
        actor=family.social_worker,
        work_plan=plan,
        text="Z wywiadu: matka sama wychowuje troje dzieci; najpilniejsze jest uregulowanie zaległości "
        "czynszowych i stała opieka nad najmłodszym po lekcjach.",
    )
    specialist = users[psychologist]
    team_services.contribution_add(
        actor=specialist,
        work_plan=plan,
        text="Konsultacja psychologiczna: starszy syn reaguje wycofaniem na zmiany w domu. Rekomenduję "
        "stałe pory dnia i konsultację w poradni psychologiczno-pedagogicznej.",
    )
    mistaken = team_services.contribution_add(
        actor=specialist, work_plan=plan, text="Notatka do innej rodziny."
    )
    team_services.contribution_withdraw(
        actor=specialist, contribution=mistaken, reason="Wpisane do planu niewłaściwej rodziny."
    )
