"""The monitoring of a child's situation in a family at risk (art. 176 pkt 7 of the Act; seed 000),
kept by the family's social worker where no assistant works with the family: the plan (the
children concerned, what is watched, how often), its reviews, and its end or escalation."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import AssignmentRequest, Family, FamilyMember, Interview
from familysupport.models import Centre, Versioned, Withdrawable


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    ENDED = "ended", _("ended")
    ESCALATED = "escalated", _("escalated to a request for an assistant")


class Interval(models.TextChoices):
    WEEKS = "weeks", _("weeks")
    MONTHS = "months", _("months")


class PlanBasis(models.TextChoices):
    """Why the family is monitored by its social worker rather than worked with by an assistant."""

    OTHER_SUPPORT = "other_support", _("the analysis chose other forms of support")
    NO_SUPPORT = "no_support", _("the analysis found no support needed")
    REQUEST_REFUSED = "request_refused", _("the request for an assistant was refused")
    REFERRED = "referred", _("the request was referred to another entity")
    WORKER = "worker", _("the social worker's decision")


class PlanEndReason(models.TextChoices):
    SAFE = "safe", _("the child's situation no longer needs monitoring")
    MOVED_AWAY = "moved_away", _("the family moved away")
    OTHER_SUPPORT = "other_support", _("another institution took over")
    FOSTER_CARE = "foster_care", _("the child was placed in foster care")
    OTHER = "other", _("other")


class Situation(models.TextChoices):
    STABLE = "stable", _("stable")
    IMPROVING = "improving", _("improving")
    WORSE = "worse", _("worse")


class Escalation(models.TextChoices):
    NONE = "", _("none: the monitoring goes on")
    INTERVIEW_UPDATE = "interview_update", _("update of the environmental interview")
    ASSISTANT_REQUEST = "assistant_request", _("request for a family assistant")


# How often a child's situation may be reviewed, at the longest: the monitoring is of a child at
# risk, so a plan reviews it at least twice a year.
MAX_WEEKS = 26
MAX_MONTHS = 6


def review_due_after(day: datetime.date, *, every: int, interval: str) -> datetime.date:
    """The review that follows `day` by the plan's frequency (every N weeks or months).

    The one owner of the rule: the first review of a plan falls due this long after its start, and
    the next review's date a review proposes is at the latest this long after it.
    """
    step = relativedelta(weeks=every) if interval == Interval.WEEKS else relativedelta(months=every)
    due: datetime.date = day + step
    return due


class MonitoringPlan(Versioned):
    """The social worker's plan of monitoring a child's situation in the family."""

    TRANSITIONS = {
        PlanStatus.ACTIVE: {PlanStatus.ENDED, PlanStatus.ESCALATED},
        PlanStatus.ENDED: set(),
        PlanStatus.ESCALATED: set(),
    }

    family = models.ForeignKey(
        Family, verbose_name=_("family"), on_delete=models.CASCADE, related_name="monitoring_plans"
    )
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")
    basis = models.CharField(_("why the family is monitored"), max_length=16, choices=PlanBasis.choices)
    children = models.ManyToManyField(
        FamilyMember, verbose_name=_("children concerned"), related_name="monitoring_plans"
    )
    watched = models.TextField(_("what is watched"))
    every = models.PositiveSmallIntegerField(_("review every"))
    interval = models.CharField(_("unit"), max_length=8, choices=Interval.choices)
    started_on = models.DateField(_("start of the monitoring"))
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for the end"), max_length=16, choices=PlanEndReason.choices, blank=True
    )
    end_summary = models.TextField(_("summary"), blank=True)
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)

    class Meta:
        verbose_name = _("monitoring plan")
        verbose_name_plural = _("monitoring plans")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(status="active"),
                name="one_active_monitoring_plan_per_family",
                violation_error_message=_("The family already has an active monitoring plan."),
            ),
            models.CheckConstraint(
                condition=Q(every__gte=1),
                name="monitoring_plan_every_positive",
                violation_error_message=_("Reviews are held at least once per period."),
            ),
        ]
        indexes = [models.Index(fields=["centre", "status"], name="monitoring_plan_centre")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.started_on:%d.%m.%Y}"

    @property
    def is_active(self) -> bool:
        return self.status == PlanStatus.ACTIVE

    @property
    def closed_on(self) -> datetime.date | None:
        """The day the plan stopped owing reviews (ended or escalated)."""
        return self.ended_on or self.escalated_on

    def review_due_after(self, day: datetime.date) -> datetime.date:
        return review_due_after(day, every=self.every, interval=self.interval)

    def first_review_due(self) -> datetime.date:
        return self.review_due_after(self.started_on)

    def review_schedule(
        self, reviews: list["MonitoringReview"]
    ) -> list[tuple[datetime.date, "MonitoringReview | None"]]:
        """The reviews the plan owed, in order: (due date, the review that met it, or None).

        The first falls due a period after the start (`review_due_after`); each review meets the
        one owed and sets the date of the next (`next_review_on`); a review that escalates the plan
        to a request for an assistant sets none. `reviews`: the plan's current reviews, oldest first.
        """
        schedule: list[tuple[datetime.date, MonitoringReview | None]] = []
        due: datetime.date | None = self.first_review_due()
        for review in reviews:
            if due is None:
                break
            schedule.append((due, review))
            due = review.next_review_on
        if due is not None:
            schedule.append((due, None))
        return schedule


class MonitoringReview(Withdrawable):
    """One review of the child's situation under a monitoring plan."""

    plan = models.ForeignKey(
        MonitoringPlan, verbose_name=_("monitoring plan"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewed_on = models.DateField(_("date of the review"))
    findings = models.TextField(_("what was found"))
    situation = models.CharField(_("the child's situation"), max_length=12, choices=Situation.choices)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    escalation = models.CharField(_("escalation"), max_length=20, choices=Escalation.choices, blank=True)
    # What the escalation opened on the case's path.
    interview = models.ForeignKey(
        Interview,
        verbose_name=_("interview update"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    request = models.ForeignKey(
        AssignmentRequest,
        verbose_name=_("request for a family assistant"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("monitoring review")
        verbose_name_plural = _("monitoring reviews")
        ordering = ["reviewed_on", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.reviewed_on:%d.%m.%Y}"
