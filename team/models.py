"""The centre's specialists (psychologists, pedagogues, lawyers, mediators, therapists) and their
engagements on families: a specialist sees a family only while engaged on it (seed 002; art. 10
ust. 3 of the Act: consultation and specialist counselling, therapy and mediation, legal aid)."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assistants.models import WorkPlan
from cases.models import Family, Interview
from familysupport.models import Centre, Role, User, Withdrawable


class Specialty(models.TextChoices):
    PSYCHOLOGIST = "psychologist", _("psychologist")
    PEDAGOGUE = "pedagogue", _("pedagogue")
    LAWYER = "lawyer", _("lawyer")
    MEDIATOR = "mediator", _("mediator")
    THERAPIST = "therapist", _("therapist")


class SpecialistQuerySet(models.QuerySet):
    def available(self) -> "SpecialistQuerySet":
        """The specialists who may be engaged: active, their account active."""
        return self.filter(active=True, user__is_active=True)


class Specialist(models.Model):
    """A member of a centre's team with a specialty (managed by the centre's administrator)."""

    user = models.OneToOneField(
        User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="specialist_profile"
    )
    centre = models.ForeignKey(Centre, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+")
    specialty = models.CharField(_("specialty"), max_length=16, choices=Specialty.choices)
    active = models.BooleanField(
        pgettext_lazy("specialist", "active"),
        default=True,
        help_text=_("Only an active specialist can be engaged on a family."),
    )

    objects = SpecialistQuerySet.as_manager()

    class Meta:
        verbose_name = _("specialist")
        verbose_name_plural = _("specialists")
        ordering = ["user__last_name", "user__first_name", "id"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_specialty_display()})"


class EngagementStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("engagement", "active")
    ENDED = "ended", pgettext_lazy("engagement", "ended")
    EXPIRED = "expired", pgettext_lazy("engagement", "expired")


# The longest period a specialist is engaged for at once; a longer work is a new engagement.
MAX_ENGAGEMENT_DAYS = 366


def latest_until(starts_on: datetime.date) -> datetime.date:
    """The last day an engagement starting on `starts_on` may run until (MAX_ENGAGEMENT_DAYS)."""
    return starts_on + datetime.timedelta(days=MAX_ENGAGEMENT_DAYS)


class EngagementQuerySet(models.QuerySet):
    def active(self) -> "EngagementQuerySet":
        """The engagements in force: the specialist has access to the family through them."""
        return self.filter(status=EngagementStatus.ACTIVE)

    def past_until(self, today: datetime.date | None = None) -> "EngagementQuerySet":
        """Active engagements whose period ended before `today` (the daily expiry ends them)."""
        return self.active().filter(until__lt=today or timezone.localdate())


class Engagement(models.Model):
    """A specialist engaged on a family, for a purpose and a period, by the family's responsible
    social worker or the head. While active, the specialist has object rights on the family."""

    TRANSITIONS = {
        EngagementStatus.ACTIVE: {EngagementStatus.ENDED, EngagementStatus.EXPIRED},
        EngagementStatus.ENDED: set(),
        EngagementStatus.EXPIRED: set(),
    }

    centre = models.ForeignKey(Centre, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey(
        Family, verbose_name=_("family"), on_delete=models.CASCADE, related_name="engagements"
    )
    specialist = models.ForeignKey(
        Specialist, verbose_name=_("specialist"), on_delete=models.PROTECT, related_name="engagements"
    )
    purpose = models.TextField(_("purpose of the engagement"))
    starts_on = models.DateField(_("from"))
    until = models.DateField(_("until"))
    status = models.CharField(
        _("state"), max_length=16, choices=EngagementStatus.choices, default=EngagementStatus.ACTIVE
    )
    engaged_by = models.ForeignKey(
        User, verbose_name=_("engaged by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # None when the daily expiry ended it.
    ended_by = models.ForeignKey(
        User, verbose_name=_("ended by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    end_reason = models.TextField(_("reason for the end"), blank=True)

    objects = EngagementQuerySet.as_manager()

    CONSTRAINT_FIELDS = {"engagement_until_after_start": "until"}

    class Meta:
        verbose_name = _("engagement of a specialist")
        verbose_name_plural = _("engagements of specialists")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "specialist"],
                condition=Q(status="active"),
                name="one_active_engagement_per_specialist_and_family",
                violation_error_message=_("The specialist is already engaged on this family."),
            ),
            models.CheckConstraint(
                condition=Q(until__gte=models.F("starts_on")),
                name="engagement_until_after_start",
                violation_error_message=_("The engagement cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["status", "until"], name="engagement_status_until")]

    def __str__(self) -> str:
        return f"{self.specialist} {self.starts_on:%Y-%m-%d}–{self.until:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.status == EngagementStatus.ACTIVE


class Contribution(Withdrawable):
    """A co-author's part of the family's diagnosis (the environmental interview) or of its work
    plan, written by someone of the team other than the document's author (seed 002: the
    consultants write the diagnosis and the plan with the worker and the assistant), shown on the
    document's page and print as theirs: who, in what role or specialty, when."""

    centre = models.ForeignKey(Centre, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey(
        Family, verbose_name=_("family"), on_delete=models.CASCADE, related_name="contributions"
    )
    interview = models.ForeignKey(
        Interview,
        verbose_name=_("interview"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contributions",
    )
    work_plan = models.ForeignKey(
        WorkPlan,
        verbose_name=_("work plan"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contributions",
    )
    text = models.TextField(_("contribution"))
    author = models.ForeignKey(User, verbose_name=_("co-author"), on_delete=models.PROTECT, related_name="+")
    # As the co-author was when writing: their role and, for a specialist, their specialty.
    author_role = models.CharField(_("co-author's role"), max_length=32, choices=Role.choices)
    specialty = models.CharField(_("specialty"), max_length=16, choices=Specialty.choices, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("co-author's contribution")
        verbose_name_plural = _("co-authors' contributions")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(interview__isnull=True, work_plan__isnull=False)
                | Q(interview__isnull=False, work_plan__isnull=True),
                name="contribution_to_one_document",
                violation_error_message=_("A contribution is part of one document."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.created_at:%d.%m.%Y}"

    @property
    def role_label(self) -> str:
        """The co-author's specialty, or their role, as it reads after their name: "(psycholog)"."""
        label = str(self.get_specialty_display() if self.specialty else self.get_author_role_display())
        return label[:1].lower() + label[1:]
