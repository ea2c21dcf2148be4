"""The contacts' personas: Anna's family, which Adam works with; Sara, a psychologist of the
centre, engaged on it by the head (team.services); Piotr, a specialist of the centre who is not engaged."""

import datetime

import pytest

from conftest import build_family, person
from familysupport.models import Role
from team.models import Specialist, Specialty
from team.services import engagement_start


@pytest.fixture
def family(anna, helena, adam):
    return build_family(anna, stage="assigned", head=helena, assistant=adam)


@pytest.fixture
def other_family(anna, helena):
    return build_family(anna, stage="reported", head=helena, name="Rodzina Lis")


@pytest.fixture
def sara(centre_a, family, helena):
    """A psychologist engaged on the family."""
    user = person("sara", centre_a, Role.SPECIALIST)
    specialist = Specialist.objects.create(user=user, centre=centre_a, specialty=Specialty.PSYCHOLOGIST)
    today = datetime.date.today()
    engagement_start(
        actor=helena,
        family=family,
        specialist=specialist,
        purpose="Konsultacja psychologiczna",
        starts_on=today,
        until=today + datetime.timedelta(days=90),
    )
    return user


@pytest.fixture
def piotr(centre_a):
    """A specialist of the centre not engaged on the family."""
    return person("piotr", centre_a, Role.SPECIALIST)


def contact_data(**changes):
    data = {
        "kind": "home",
        "date": datetime.date.today() - datetime.timedelta(days=1),
        "time": datetime.time(10, 30),
        "duration_minutes": 60,
        "place": "mieszkanie rodziny",
        "participants": [],
        "members_present": [],
        "others_present": "",
        "activities": "Rozmowa o planie dnia dzieci",
        "agreements": "Matka umówi wizytę w poradni",
    }
    return {**data, **changes}


def note_data(**changes):
    return {
        "date": datetime.date.today(),
        "text": "Telefon od pedagoga szkolnego",
        "visibility": "team",
        **changes,
    }
