from functools import cached_property
from typing import TYPE_CHECKING, Any, NoReturn

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of the department; each is a Django group of the same name (migration 0002)."""

    SOCIAL_WORKER = "social_worker", _("Social worker")
    FAMILY_ASSISTANT = "family_assistant", _("Family assistant")
    HEAD = "head", _("Head of the centre")
    STAFF = "staff", _("Administrative staff")
    ADMIN = "admin", _("Administrator")
    DPO = "dpo", _("Data protection officer")
    SPECIALIST = "specialist", _("Specialist")


class Centre(models.Model):
    """A social assistance centre (ośrodek pomocy społecznej): the tenant of all case data."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(
        _("code"),
        max_length=8,
        unique=True,
        help_text=_("Short code used in family reference numbers, e.g. OCH."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    first_plan_days = models.PositiveSmallIntegerField(
        _("days to the first work plan"),
        default=30,
        help_text=_("The first work plan is due this many days after the assistant starts work."),
    )
    monitoring_months = models.PositiveSmallIntegerField(
        _("months of monitoring"),
        default=6,
        help_text=_("How long the family's functioning is monitored after the end of work."),
    )
    # Deadlines the Act leaves to the centre (familysupport/deadlines.py), in working days.
    request_decision_days = models.PositiveSmallIntegerField(
        _("working days for the head's decision on a request"), default=7
    )
    invoice_decision_days = models.PositiveSmallIntegerField(
        _("working days for a decision on an invoice"), default=10
    )
    # How many calendar days before each deadline it counts as due soon (shown and reminded).
    interview_soon_days = models.PositiveSmallIntegerField(_("interview: due soon (days before)"), default=3)
    request_decision_soon_days = models.PositiveSmallIntegerField(
        _("decision on a request: due soon (days before)"), default=2
    )
    first_plan_soon_days = models.PositiveSmallIntegerField(
        _("first work plan: due soon (days before)"), default=7
    )
    assessment_soon_days = models.PositiveSmallIntegerField(
        _("periodic assessment: due soon (days before)"), default=14
    )
    court_opinion_soon_days = models.PositiveSmallIntegerField(
        _("opinion for a court: due soon (days before)"), default=7
    )
    monitoring_end_soon_days = models.PositiveSmallIntegerField(
        _("end of monitoring: due soon (days before)"), default=14
    )
    contract_end_soon_days = models.PositiveSmallIntegerField(
        _("end of a support family contract: due soon (days before)"), default=30
    )
    invoice_decision_soon_days = models.PositiveSmallIntegerField(
        _("decision on an invoice: due soon (days before)"), default=3
    )
    monitoring_review_soon_days = models.PositiveSmallIntegerField(
        _("monitoring review: due soon (days before)"), default=7
    )
    letter_reply_soon_days = models.PositiveSmallIntegerField(
        _("reply to a letter: due soon (days before)"), default=7
    )
    conference_task_soon_days = models.PositiveSmallIntegerField(
        _("case conference task: due soon (days before)"), default=7
    )

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    centre = models.ForeignKey(
        Centre,
        verbose_name=_("centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Every person working with cases belongs to exactly one centre."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def group_names(self) -> frozenset[str]:
        """The names of the user's groups (the user of a request has them read with the user:
        familysupport.backends)."""
        return frozenset(self.groups.values_list("name", flat=True))

    @cached_property
    def roles(self) -> frozenset[str]:
        if not self.is_active or self.centre_id is None:
            return frozenset()
        return self.group_names

    def has_role(self, *roles: str) -> bool:
        """True when the user holds any of the given roles (code names)."""
        return not self.roles.isdisjoint(roles)

    if TYPE_CHECKING:
        # django_otp's OTPMiddleware gives the request's user this: whether the session passed
        # the second factor (familysupport/middleware.py).
        def is_verified(self) -> bool: ...


class AuditAction(models.TextChoices):
    VIEW = "view", _("viewed")
    DOWNLOAD = "download", _("downloaded")
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    SIGN = "sign", _("signed")
    SUBMIT = "submit", _("submitted")
    DECIDE = "decide", _("decided")
    ASSIGN = "assign", _("assigned")
    GRANT = "grant", _("access granted")
    REVOKE = "revoke", _("access revoked")
    WITHDRAW = "withdraw", _("withdrawn")
    LOGIN = "login", _("logged in")
    LOGOUT = "logout", _("logged out")
    LOGIN_FAILED = "login_failed", _("failed login")
    LOCKED_OUT = "locked_out", _("locked out")
    TWO_FACTOR_ON = "2fa_on", _("two-factor authentication set up")
    TWO_FACTOR_OFF = "2fa_off", _("two-factor authentication removed")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError("The audit record is append-only.")

    def delete(self) -> NoReturn:
        raise TypeError("The audit record is append-only.")


class AuditEvent(models.Model):
    """One read or change of case data: who, in which centre, what, when, from where.

    Append-only. `details` holds identifiers and outcomes, never personal data.
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("who"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    centre = models.ForeignKey(
        Centre, verbose_name=_("centre"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    family_id = models.BigIntegerField(_("family"), null=True, db_index=True)
    ip = models.GenericIPAddressField(_("address"), null=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("The audit record is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("The audit record is append-only.")


class ReminderSent(models.Model):
    """The day's reminder e-mail of deadlines sent to a user: at most one per user and day."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    items = models.PositiveSmallIntegerField(_("number of deadlines"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-day", "user_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "day"],
                name="one_reminder_per_user_and_day",
                violation_error_message=_("Today's reminder has already been sent."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day:%Y-%m-%d}"


class SubmittedForm(models.Model):
    """A form that created something, by the one-time token it was rendered with: the same form
    sent again (Back and submit, a double click, a retried request) creates nothing more and
    leads to what the first sending created (familysupport.forms.call_create_service)."""

    token = models.UUIDField(_("form token"), unique=True)
    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+")
    target_type = models.CharField(_("object type"), max_length=64, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("submitted form")
        verbose_name_plural = _("submitted forms")

    def __str__(self) -> str:
        return f"{self.user_id} {self.target_type} {self.target_id}"


class Versioned(models.Model):
    """A record people edit on a form: its version goes up with every save of its content
    (familysupport.audit.save_changes), so that a form drawn from an older version is refused
    instead of silently replacing what someone else saved meanwhile (familysupport.forms.VersionChecked).

    `VERSION_PARTS` names the parts of the record kept outside its row (the goals of a work plan):
    a change to them is a change of the record, listed under that name.
    """

    VERSION_PARTS: dict[str, Any] = {}

    lock_version = models.PositiveIntegerField(_("version of the record"), default=1, editable=False)

    class Meta:
        abstract = True


class WithdrawableQuerySet(models.QuerySet):
    def current(self) -> "WithdrawableQuerySet":
        """The records not withdrawn: what every list, count, statistic, document and export reads."""
        return self.filter(withdrawn_at__isnull=True)

    def withdrawn(self) -> "WithdrawableQuerySet":
        return self.filter(withdrawn_at__isnull=False)


class Withdrawable(models.Model):
    """A record entered by mistake can be withdrawn with a reason, by whom and when
    (familysupport.audit.withdraw): it stays in the record and the audit trail, and is gone from
    everything that reads `objects.current()` (lists, counts, statistics, documents, exports).
    Nothing is deleted; the retention erasers erase a withdrawn row's texts, the reason among them.
    """

    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        User,
        verbose_name=_("withdrawn by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    withdrawal_reason = models.TextField(_("reason for the withdrawal"), blank=True, editable=False)

    objects = WithdrawableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class StoredDeadline(models.Model):
    """One obligation of the register (familysupport.deadlines): its due date computed once, in
    Polish working days, when its step happens, and the day it was met.

    The rows are the register's copy of what each app's rule says (its deadlines.py): written in the
    transaction of the step that creates or meets the obligation (`deadlines.refresh`, called by
    `audit.record`), and recomputed by `manage.py recompute_deadlines` when the calendar or a
    centre's setting changes. `is_open` rows are what the start pages, "My deadlines", the
    reminders and the overdue filters read; the `counted` ones are the statistics' met and missed.
    """

    kind = models.CharField(_("kind"), max_length=40)
    # The object that carries the obligation (a report, an assignment, a court letter...).
    object_id = models.BigIntegerField(_("object"))
    centre = models.ForeignKey(Centre, verbose_name=_("centre"), on_delete=models.CASCADE, related_name="+")
    # The family (cases.Family: the foundation imports no app) and its reference, identifiers only.
    family_id = models.BigIntegerField(_("family"))
    family_reference = models.CharField(_("family reference"), max_length=32)
    # The person who owns it, or none when it is a role's of the centre (the head, staff).
    owner_id = models.BigIntegerField(_("owner"), null=True)
    owner_role = models.CharField(_("owner's role"), max_length=32)
    due = models.DateField(_("due date"))
    met_on = models.DateField(_("met on"), null=True)
    # Met on or before the due date (within the kind's grace).
    on_time = models.BooleanField(_("met on time"), default=False)
    # Still owed: on the owner's lists.
    is_open = models.BooleanField(_("open"))
    # Fell due (or will): counted among the met and missed; an obligation that lapsed is not.
    counted = models.BooleanField(_("counted"), default=True)

    class Meta:
        verbose_name = _("stored deadline")
        verbose_name_plural = _("stored deadlines")
        ordering = ["due", "kind", "object_id"]
        indexes = [
            models.Index(
                fields=["centre", "owner_id", "due"],
                condition=models.Q(is_open=True),
                name="deadline_open_owner_due",
            ),
            # The head's start page: each kind's first open rows by due date (deadlines.first_open
            # of a kind), and the open rows counted by kind and owner (open_counts), from the index.
            models.Index(
                fields=["centre", "kind", "due", "object_id", "owner_role", "owner_id"],
                condition=models.Q(is_open=True),
                name="deadline_open_kind_due",
            ),
            # The statistics' met and missed in a period, counted from the index.
            models.Index(
                fields=["centre", "due", "kind", "on_time", "met_on"],
                condition=models.Q(counted=True),
                name="deadline_counted_due",
            ),
            models.Index(fields=["family_id"], name="deadline_family"),
            models.Index(fields=["centre", "due"], name="deadline_centre_due"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} {self.due:%Y-%m-%d}"
