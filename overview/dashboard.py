"""What the start page shows each role, read at a fixed number of queries whatever the caseload.

The page is composed of the panels the apps declare (familysupport.panels, registered as
START_PANELS): the overview reads the user's own deadlines once, and for the head the centre's
counted by owner, hands them to every panel of the user's roles, and draws the panels in order.
What belongs to no one app stays here: the user's own deadlines needing attention, and the head's
overdue deadlines of the centre under their owners.
"""

import datetime

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from cases.dashboard import family_list_url
from familysupport import registry
from familysupport.deadlines import (
    ATTENTION,
    OVERDUE,
    Deadline,
    OpenList,
    OwnerCount,
    first_open_lists,
    needing_attention,
    open_counts,
    owner_name,
    summary_of,
    summary_of_deadlines,
)
from familysupport.models import Role, User
from familysupport.panels import DASHBOARD_ROWS, Panel
from overview.deadlines import deadlines_for


def panels() -> list[Panel]:
    """Every part of the start page the apps registered, in order."""
    return registry.contributions(registry.START_PANELS)


def _overdue_groups(counts: list[OwnerCount], first: list[Deadline], people: dict[int, User]) -> list[dict]:
    """The centre's overdue deadlines under their owners: each owner's count, with the owner's items
    among the centre's first overdue ones."""
    groups: dict[str, dict] = {}
    for count in counts:
        if not count.overdue:
            continue
        name = owner_name(count.owner_id, count.owner_role, people)
        if name not in groups:
            url = family_list_url(overdue="true")
            if count.owner_id in people and count.owner_role == Role.FAMILY_ASSISTANT:
                url = family_list_url(assistant=count.owner_id, overdue="true")
            elif count.owner_id in people and count.owner_role == Role.SOCIAL_WORKER:
                url = family_list_url(social_worker=count.owner_id, overdue="true")
            groups[name] = {"owner": name, "items": [], "count": 0, "url": url}
        groups[name]["count"] += count.overdue
    for deadline in first:
        groups[owner_name(deadline.owner_id, deadline.owner_role, people)]["items"].append(deadline)
    return [groups[name] for name in sorted(groups)]


def head_overdue_lists(user: User, today: datetime.date) -> dict[str, OpenList]:
    return {"overdue": OpenList(DASHBOARD_ROWS, states=OVERDUE)}


def head_overdue_panel(
    user: User,
    today: datetime.date,
    *,
    mine: list,
    counts: list[OwnerCount],
    lists: dict[str, list[Deadline]],
) -> dict:
    """Every kind's overdue deadlines of the centre, under their owners: counted by the database,
    with only the centre's first items loaded."""
    centre_id = user.centre_id
    assert centre_id is not None  # the head's panel: a role holder has a centre
    people = {person.pk: person for person in User.objects.filter(centre_id=centre_id)}
    return {
        "overdue_groups": _overdue_groups(counts, lists["overdue"], people),
        "overdue_count": sum(count.overdue for count in counts),
        "overdue_url": family_list_url(overdue="true"),
    }


PANELS = (
    Panel(
        "head_overdue",
        part="head",
        roles=(Role.HEAD,),
        order=50,
        template="overview/_panel_head_overdue.html",
        context=head_overdue_panel,
        lists=head_overdue_lists,
    ),
)


# The overview's own list among the panels' lists of the head's page.
OWN = ""


def _read_lists(
    user: User, today: datetime.date, shown: list[Panel], own: OpenList | None
) -> dict[tuple[str, str], list[Deadline]]:
    """The lists of the centre's open deadlines the shown panels ask for (and the user's own, if
    given), by (panel, name): read in one query."""
    wanted = {} if own is None else {(OWN, "attention"): own}
    for panel in shown:
        if panel.lists is not None:
            wanted.update({(panel.key, name): each for name, each in panel.lists(user, today).items()})
    if not wanted:
        return {}
    centre = user.centre
    assert centre is not None  # a role holder has a centre (`User.roles` is empty without one)
    found = first_open_lists(
        centre, {f"{key}:{name}": each for (key, name), each in wanted.items()}, today=today
    )
    return {(key, name): found[f"{key}:{name}"] for key, name in wanted}


def dashboard_for(user: User, *, today: datetime.date | None = None) -> dict:
    """The start page's context: the user's own deadlines first, then each panel of their roles.

    A person's own items are few and are loaded; the head's are the centre's, so the head's page
    counts them in the database (one query), and reads the first of the head's own items and of
    every panel's lists together (one query).
    """
    today = today or timezone.localdate()
    context: dict = {"today": today, "panels": [], "has_case_work": False}
    if user.centre_id is None:
        return context
    shown = [panel for panel in panels() if panel.shown_to(user)]
    counts: list[OwnerCount] = []
    if user.has_role(Role.HEAD):
        centre = user.centre
        assert centre is not None  # its id is checked above
        counts = open_counts(centre, today=today)
        lists = _read_lists(user, today, shown, OpenList(DASHBOARD_ROWS, owner=user, states=ATTENTION))
        context["attention"] = lists[OWN, "attention"]
        own = [count for count in counts if count.is_owned_by(user)]
        context["attention_summary"] = summary_of(own, states=ATTENTION)
        # The head's work in another role (rare) is the person's own.
        other_roles = user.has_role(Role.SOCIAL_WORKER, Role.FAMILY_ASSISTANT, Role.STAFF)
        mine = deadlines_for(user, today=today) if other_roles else []
    else:
        lists = _read_lists(user, today, shown, None)
        mine = deadlines_for(user, today=today)
        context["attention"] = needing_attention(mine)
        context["attention_summary"] = summary_of_deadlines(context["attention"])
    for panel in shown:
        extra = {}
        if panel.lists is not None:
            extra["lists"] = {name: found for (key, name), found in lists.items() if key == panel.key}
        figures = panel.context(user, today, mine=mine, counts=counts, **extra)
        part = context.setdefault(panel.part, {})
        if clash := part.keys() & figures.keys():
            raise ImproperlyConfigured(f"Start panel {panel.key} repeats {sorted(clash)} of {panel.part}")
        part.update(figures)
        context["panels"].append(panel)
    context["has_case_work"] = bool(context["panels"])
    return context
