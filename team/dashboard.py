"""The team's parts of the start page (registered in TeamConfig.ready as START_PANELS): the
specialist's engagements, and the head's load of the centre's specialists."""

import datetime

from familysupport.models import Role, User
from familysupport.panels import DASHBOARD_ROWS, Panel
from team.selectors import engagements_of, specialists_load


def specialist_panel(user: User, today: datetime.date, *, mine: list, counts: list) -> dict:
    engagements = engagements_of(user)
    return {"engagements": list(engagements[:DASHBOARD_ROWS]), "engagement_count": engagements.count()}


def head_specialists_panel(user: User, today: datetime.date, *, mine: list, counts: list) -> dict:
    assert user.centre_id is not None  # a role holder has a centre
    return {"specialists_load": list(specialists_load(user.centre_id))}


PANELS = (
    Panel(
        "specialist",
        part="specialist",
        roles=(Role.SPECIALIST,),
        order=25,
        template="team/_panel_specialist.html",
        context=specialist_panel,
    ),
    Panel(
        "head_specialists",
        part="head",
        roles=(Role.HEAD,),
        order=45,
        template="team/_panel_head_specialists.html",
        context=head_specialists_panel,
    ),
)
