"""The services app's section of the centre's figures (registered in FamilyServicesConfig.ready as
a STATISTICS_SECTION, familysupport.figures): the families given each form of work (art. 10
ust. 3), the sessions held and missed, the services ended with their goals achieved."""

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from familyservices.models import EpisodeStatus, Outcome, ServiceEpisode, ServiceForm, ServiceSession
from familysupport.figures import Row, Section, SectionBuilder
from familysupport.models import Centre


def services_section(centre: Centre, start: datetime.date, end: datetime.date) -> Section:
    """A service counts for the period when it was under way on at least one of its days (from
    its referral to its end); a family counts once per form however many services of it it had."""
    ran = Q(referred_on__isnull=False, referred_on__lte=end) & (
        Q(status=EpisodeStatus.ONGOING) | Q(ended_on__gte=start)
    )
    ended = Q(status=EpisodeStatus.ENDED, ended_on__gte=start, ended_on__lte=end)
    # One query for the services: the families given each form, and the services ended.
    totals = ServiceEpisode.objects.filter(centre=centre).aggregate(
        families=Count("family", filter=ran, distinct=True),
        ended=Count("pk", filter=ended),
        achieved=Count("pk", filter=ended & Q(outcome__in=(Outcome.ACHIEVED, Outcome.PARTLY))),
        **{
            f"form_{code}": Count("family", filter=ran & Q(form=code), distinct=True)
            for code in ServiceForm.values
        },
    )
    sessions = (
        ServiceSession.objects.current()
        .filter(episode__centre=centre, held_on__gte=start, held_on__lte=end)
        .aggregate(held=Count("pk", filter=Q(attended=True)), missed=Count("pk", filter=Q(attended=False)))
    )
    rows = [Row("families", _("Families given services of the forms of work"), totals["families"])]
    rows += [
        Row(f"form_{code}", label, totals[f"form_{code}"], indent=1) for code, label in ServiceForm.choices
    ]
    rows += [
        Row("sessions_held", _("Sessions held"), sessions["held"]),
        Row("sessions_missed", _("Sessions missed"), sessions["missed"]),
        Row("ended", _("Services ended"), totals["ended"]),
        Row("achieved", _("of which the goals achieved or partly achieved"), totals["achieved"], indent=1),
    ]
    return Section("services", _("Services of the forms of work (art. 10 ust. 3)"), rows)


SECTIONS = (SectionBuilder("services", order=57, build=services_section),)
