"""The team's personas: in centre A (Ochota) Marta the psychologist and Beata the pedagogue, in
centre B (Bemowo) Natalia the psychologist; and an engagement made through the service."""

import datetime

import pytest
from django.utils import timezone

from conftest import person
from familysupport.models import Role, User
from team import services
from team.models import Engagement, Specialist, Specialty


def specialist(username: str, centre, specialty: str) -> User:
    user = person(username, centre, Role.SPECIALIST)
    Specialist.objects.create(user=user, centre=centre, specialty=specialty)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def marta(centre_a) -> User:
    return specialist("marta", centre_a, Specialty.PSYCHOLOGIST)


@pytest.fixture
def beata(centre_a) -> User:
    return specialist("beata", centre_a, Specialty.PEDAGOGUE)


@pytest.fixture
def natalia(centre_b) -> User:
    return specialist("natalia", centre_b, Specialty.PSYCHOLOGIST)


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def engage(
    actor: User, family, user: User, *, starts_in: int = -1, until_in: int = 60, **changes
) -> Engagement:
    return services.engagement_start(
        actor=actor,
        family=family,
        specialist=user.specialist_profile,
        purpose=changes.pop("purpose", "Konsultacje psychologiczne dla matki"),
        starts_on=in_days(starts_in),
        until=in_days(until_in),
    )


@pytest.fixture
def family(anna, family_builder):
    """Anna's family, reported."""
    return family_builder(anna, name="Rodzina Lis")


@pytest.fixture
def engaged(family, anna, marta) -> Engagement:
    """Marta engaged on Anna's family by Anna."""
    return engage(anna, family, marta)
