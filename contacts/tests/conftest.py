"""The contacts' personas: Anna's family, which Adam works with; Sara, a psychologist of the
centre, engaged on it the way the specialists' app will engage her (an object right on the family
and the specialists' circle); Piotr, a specialist of the centre who is not engaged."""

import datetime

import pytest
from django.db.models import Q

from cases.selectors import FamilyCircle
from conftest import build_family, person
from familysupport import registry
from familysupport.access import family_access_grant
from familysupport.models import Role


@pytest.fixture
def family(anna, helena, adam):
    return build_family(anna, stage="assigned", head=helena, assistant=adam)


@pytest.fixture
def other_family(anna, helena):
    return build_family(anna, stage="reported", head=helena, name="Rodzina Lis")


@pytest.fixture
def specialists_circle():
    """The circle the specialists' app registers, until it does: the families a specialist has a
    right on."""
    from cases.models import FamilyUserObjectPermission

    circle = FamilyCircle(
        Role.SPECIALIST,
        lambda user: Q(
            pk__in=FamilyUserObjectPermission.objects.filter(user=user).values("content_object_id")
        ),
    )
    kinds = registry._items[registry.FAMILY_CIRCLES]
    added = not any(item.role == Role.SPECIALIST for item in kinds)
    if added:
        kinds.append(circle)
    yield
    if added:
        kinds.remove(circle)


@pytest.fixture
def sara(centre_a, family, helena, specialists_circle):
    """A psychologist engaged on the family."""
    user = person("sara", centre_a, Role.SPECIALIST)
    family_access_grant(actor=helena, user=user, family=family)
    return user


@pytest.fixture
def piotr(centre_a, specialists_circle):
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
