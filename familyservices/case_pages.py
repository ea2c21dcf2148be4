"""What the services app adds to the pages of cases (declared in FamilyServicesConfig.ready()): the
family page's section of its services, their steps on the family's path, the next step (a planned
service awaiting its provider), and the sessions withdrawn as logged by mistake."""

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Family
from cases.selectors import (
    FamilyPathPart,
    FamilySection,
    NextStep,
    PathSource,
    WithdrawnKind,
    WithdrawnRecord,
    path_rows,
)
from familyservices import policies
from familyservices.models import EpisodeStatus, ServiceForm, ServiceSession
from familyservices.selectors import family_episodes
from familysupport.models import User

SHARED = "familyservices.episodes"
_FORMS = dict(ServiceForm.choices)


def _episodes(family: Family, shared: dict) -> list:
    if SHARED not in shared:
        shared[SHARED] = family_episodes(family)
    episodes: list = shared[SHARED]
    return episodes


def _section(user: User, family: Family, shared: dict) -> dict:
    return {"service_episodes": _episodes(family, shared)}


def next_step(user: User | None, family: Family, shared: dict) -> NextStep | None:
    """A planned service awaiting its provider, to the worker or head who refers it."""
    if user is None or not policies.can_plan_service(user, family):
        return None
    planned = next((item for item in _episodes(family, shared) if item.is_planned), None)
    if planned is None:
        return None
    return NextStep(
        _("Refer the service to its provider: %(form)s") % {"form": planned.get_form_display()},
        url=reverse("familyservices:episode_refer", args=[family.pk, planned.pk]),
    )


def _form(row: dict) -> str:
    return str(_FORMS.get(row["path_code"], row["path_code"]))


PATH_SOURCES = (
    PathSource(
        rows=lambda family: path_rows(
            family.service_episodes.filter(referred_on__isnull=False),
            on=F("referred_on"),
            code=F("form"),
        ),
        label=lambda row: _("Service referred to its provider: %(form)s") % {"form": _form(row)},
    ),
    PathSource(
        rows=lambda family: path_rows(
            family.service_episodes.filter(status=EpisodeStatus.ENDED),
            on=F("ended_on"),
            actor=F("ended_by_id"),
            code=F("form"),
        ),
        label=lambda row: _("Service ended: %(form)s") % {"form": _form(row)},
    ),
)


def _withdrawn_sessions(user: User, family: Family) -> list[WithdrawnRecord]:
    if not policies.can_view_services(user, family):
        return []
    what = _("session of a service of %(date)s")
    return [
        WithdrawnRecord.of(session, what % {"date": session.held_on.strftime("%d.%m.%Y")})
        for session in ServiceSession.objects.withdrawn()
        .filter(episode__family=family, episode__centre_id=family.centre_id)
        .select_related("withdrawn_by")
    ]


WITHDRAWN_RECORDS = (WithdrawnKind("familyservices.sessions", _withdrawn_sessions, order=40),)

FAMILY_PATH = FamilyPathPart(key="familyservices", sources=PATH_SOURCES, next_step=next_step, order=40)
FAMILY_SECTIONS = (
    FamilySection(
        "services",
        45,
        "familyservices/_family_services.html",
        _section,
        label=gettext_lazy("Services and forms of work"),
        shown=policies.can_view_services,
    ),
)
