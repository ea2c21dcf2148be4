"""The services of the forms of work with the family (art. 10 ust. 3 of the Act; seeds 003 and
004): a service episode for each form of support the family is given (chosen in the analysis or
later), for the family or one of its members, by a provider (a specialist of the centre or an
institution of the directory), with its sessions and, at its end, its outcome."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import Analysis, Family, FamilyMember, SupportForm
from familysupport.models import Centre, Withdrawable
from institutions.models import Institution
from team.models import Specialist


class ServiceForm(models.TextChoices):
    """The forms of work with the family of art. 10 ust. 3 of the Act, as a service is given."""

    COUNSELLING = "counselling", _("consultation and counselling")
    SPECIALIST_COUNSELLING = "specialist_counselling", _("specialist counselling")
    FAMILY_THERAPY = "family_therapy", _("family therapy")
    CHILD_THERAPY = "child_therapy", _("a child's therapy")
    MEDIATION = "mediation", _("mediation")
    CARE_SERVICES = "care_services", _("care services")
    SPECIALIST_CARE = "specialist_care", _("specialist care services")
    LEGAL_AID = "legal_aid", _("legal aid, above all in family law")
    SUPPORT_GROUP = "support_group", _("support or self-help group")


# The service each form of support chosen in the analysis opens (cases.models.SupportForm); a
# day-support centre and a support family are not services of the centre's team (the support
# family has its own app, a day-support centre is an institution the family is referred to).
FORM_OF_SUPPORT = {
    SupportForm.COUNSELLING: ServiceForm.COUNSELLING,
    SupportForm.THERAPY: ServiceForm.FAMILY_THERAPY,
    SupportForm.MEDIATION: ServiceForm.MEDIATION,
    SupportForm.SERVICES: ServiceForm.CARE_SERVICES,
    SupportForm.LEGAL: ServiceForm.LEGAL_AID,
    SupportForm.SUPPORT_GROUP: ServiceForm.SUPPORT_GROUP,
}


class EpisodeStatus(models.TextChoices):
    PLANNED = "planned", _("planned: awaiting a provider")
    ONGOING = "ongoing", pgettext_lazy("service", "under way")
    ENDED = "ended", pgettext_lazy("service", "ended")


class Outcome(models.TextChoices):
    ACHIEVED = "achieved", _("its goals were achieved")
    PARTLY = "partly", _("its goals were partly achieved")
    NOT_ACHIEVED = "not_achieved", _("its goals were not achieved")
    GAVE_UP = "gave_up", _("the family gave up the service")
    NOT_TAKEN_UP = "not_taken_up", _("the service was not taken up")
    REFERRED = "referred", _("referred to another provider")


# The longest session the register takes (a day's workshop of a support group).
MAX_SESSION_MINUTES = 480
# The most sessions a service may plan at once (a year of weekly sessions).
MAX_PLANNED_SESSIONS = 60


class ServiceEpisode(models.Model):
    """One service of a form of work given to the family or one of its members."""

    TRANSITIONS = {
        EpisodeStatus.PLANNED: {EpisodeStatus.ONGOING, EpisodeStatus.ENDED},
        EpisodeStatus.ONGOING: {EpisodeStatus.ENDED},
        EpisodeStatus.ENDED: set(),
    }

    centre = models.ForeignKey(Centre, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey(
        Family, verbose_name=_("family"), on_delete=models.CASCADE, related_name="service_episodes"
    )
    form = models.CharField(_("form of work"), max_length=24, choices=ServiceForm.choices)
    # None: the service is for the whole family.
    member = models.ForeignKey(
        FamilyMember,
        verbose_name=_("for whom"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_episodes",
    )
    goal = models.TextField(_("what the service is for"), blank=True)
    # The analysis whose choice of other forms of support opened the service, if it did.
    analysis = models.ForeignKey(
        Analysis,
        verbose_name=_("analysis"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The provider: a specialist of the centre (engaged on the family) or an institution.
    specialist = models.ForeignKey(
        Specialist,
        verbose_name=_("specialist"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_episodes",
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_episodes",
    )
    referred_on = models.DateField(_("referral date"), null=True, blank=True)
    planned_sessions = models.PositiveSmallIntegerField(_("planned sessions"), null=True, blank=True)
    status = models.CharField(
        _("state"), max_length=12, choices=EpisodeStatus.choices, default=EpisodeStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("planned by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_summary = models.TextField(_("summary of the service"), blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(specialist__isnull=True) | Q(institution__isnull=True),
                name="service_one_provider",
                violation_error_message=_("A service has one provider: a specialist or an institution."),
            ),
            models.CheckConstraint(
                condition=Q(status="planned")
                | Q(referred_on__isnull=False, specialist__isnull=False)
                | Q(referred_on__isnull=False, institution__isnull=False)
                | Q(status="ended"),
                name="service_under_way_has_provider",
                violation_error_message=_("A service under way has its provider and referral date."),
            ),
        ]
        indexes = [models.Index(fields=["centre", "status"], name="service_centre_status")]

    def __str__(self) -> str:
        return str(self.get_form_display())

    @property
    def provider(self) -> Specialist | Institution | None:
        return self.specialist or self.institution

    @property
    def is_planned(self) -> bool:
        return self.status == EpisodeStatus.PLANNED

    @property
    def is_ongoing(self) -> bool:
        return self.status == EpisodeStatus.ONGOING


class ServiceSession(Withdrawable):
    """One session of a service: when, how long, whether the family (member) came, a short note
    the family's team reads."""

    episode = models.ForeignKey(
        ServiceEpisode, verbose_name=_("service"), on_delete=models.CASCADE, related_name="sessions"
    )
    held_on = models.DateField(_("date of the session"))
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    attended = models.BooleanField(_("attended"), default=True)
    note = models.CharField(_("short note"), max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("logged by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("session of a service")
        verbose_name_plural = _("sessions of services")
        ordering = ["held_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1) & Q(minutes__lte=MAX_SESSION_MINUTES),
                name="service_session_minutes",
                violation_error_message=_("A session lasts from 1 minute to 8 hours."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.held_on:%d.%m.%Y}"
