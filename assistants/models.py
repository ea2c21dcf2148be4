from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from familysupport.models import Centre

# Art. 15 ust. 4: an assistant works with at most 15 families at the same time.
STATUTORY_CAP = 15


class AssistantProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="assistant_profile",
    )
    centre = models.ForeignKey(
        Centre, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="assistants"
    )
    caseload_cap = models.PositiveSmallIntegerField(
        _("maximum number of families"),
        default=STATUTORY_CAP,
        validators=[MinValueValidator(1), MaxValueValidator(STATUTORY_CAP)],
        help_text=_("At most 15 (art. 15 ust. 4); the head may set fewer for difficult cases."),
    )

    class Meta:
        verbose_name = _("family assistant")
        verbose_name_plural = _("family assistants")
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(caseload_cap__gte=1, caseload_cap__lte=STATUTORY_CAP),
                name="assistant_cap_within_statute",
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class Assignment(models.Model):
    """A family assistant working with a family, from the head's decision to the end of work."""

    family = models.ForeignKey(
        "cases.Family", verbose_name=_("family"), on_delete=models.CASCADE, related_name="assignments"
    )
    assistant = models.ForeignKey(
        AssistantProfile,
        verbose_name=_("family assistant"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    decision = models.OneToOneField(
        "cases.Decision",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignment",
    )
    started_on = models.DateField(_("start of work"))
    ended_on = models.DateField(_("end of work"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(ended_on__isnull=True),
                name="one_active_assignment_per_family",
            )
        ]
        indexes = [models.Index(fields=["assistant", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.assistant} — {self.family.reference}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None
