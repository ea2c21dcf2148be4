"""The demo's specialists (their specialty recorded) and their engagements on showcase families,
through the same services as the pages: engaged now, one ended by hand, one expired."""

import datetime

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
