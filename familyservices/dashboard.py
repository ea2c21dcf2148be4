"""The services app's parts of the start page (registered in FamilyServicesConfig.ready as
START_PANELS): the specialist's services and sessions this month; the head's services by form and
the sessions held this month."""

import datetime

from django.db.models import Count, Q

from familyservices.models import ServiceForm
from familyservices.selectors import provider_services, services_by_form, sessions_in
from familysupport.models import Role, User
from familysupport.panels import DASHBOARD_ROWS, Panel


def _month(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    return today.replace(day=1), today


def specialist_services_panel(user: User, today: datetime.date, *, mine: list, counts: list) -> dict:
    """The services the specialist gives now, and their sessions this month."""
    assert user.centre_id is not None  # a role holder has a centre
    services = provider_services(user)
    start, end = _month(today)
    sessions = (
        sessions_in(user.centre_id, start, end)
        .filter(episode__specialist__user=user)
        .aggregate(held=Count("pk", filter=Q(attended=True)), missed=Count("pk", filter=Q(attended=False)))
    )
    return {
        "services": list(services[:DASHBOARD_ROWS]),
        "service_count": services.count(),
        "sessions_held": sessions["held"],
        "sessions_missed": sessions["missed"],
    }


def head_services_panel(user: User, today: datetime.date, *, mine: list, counts: list) -> dict:
    """The centre's services planned and under way by form, and the sessions of this month."""
    assert user.centre_id is not None  # a role holder has a centre
    labels = dict(ServiceForm.choices)
    start, end = _month(today)
    sessions = sessions_in(user.centre_id, start, end).aggregate(
        held=Count("pk", filter=Q(attended=True)), missed=Count("pk", filter=Q(attended=False))
    )
    return {
        "services_by_form": [
            {**row, "label": labels.get(row["form"], row["form"])} for row in services_by_form(user.centre_id)
        ],
        "sessions_held": sessions["held"],
        "sessions_missed": sessions["missed"],
    }


PANELS = (
    Panel(
        "specialist_services",
        part="specialist",
        roles=(Role.SPECIALIST,),
        order=26,
        template="familyservices/_panel_specialist.html",
        context=specialist_services_panel,
    ),
    Panel(
        "head_services",
        part="head",
        roles=(Role.HEAD,),
        order=46,
        template="familyservices/_panel_head.html",
        context=head_services_panel,
    ),
)
