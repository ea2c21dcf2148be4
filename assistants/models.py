import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from familysupport.models import Centre, Versioned, Withdrawable
from familysupport.uploads import GeneratedPath

# Art. 15 ust. 4: an assistant works with at most 15 families at the same time. The one place the
# number is written: the profile's field and constraint, the services, the forms and the pages
# (passed to the templates) all read it.
CASELOAD_CAP = 15
# An assignment whose work goes on: it counts towards the assistant's caseload (art. 15 ust. 4).
ACTIVE = Q(ended_on__isnull=True)
# Art. 15 ust. 1 pkt 16: the assistant assesses the family's situation at least every six months.
ASSESSMENT_MONTHS = 6


class QualificationRoute(models.TextChoices):
    """Art. 12 ust. 1 of the Act: the three routes to the job of a family assistant."""

    DEGREE = "degree", _("degree in pedagogy, psychology, sociology, family studies or social work")
    OTHER_DEGREE = (
        "other_degree",
        _("other degree, family assistant training and 1 year of work with children or families"),
    )
    SECONDARY = (
        "secondary",
        _("secondary education, family assistant training and 3 years of work with children or families"),
    )


class EmploymentForm(models.TextChoices):
    EMPLOYMENT_TASK = "employment_task", _("employment contract, task-based working time")
    EMPLOYMENT = "employment", _("employment contract")
    CIVIL_LAW = "civil_law", _("civil-law contract")
    COMMISSIONED = "commissioned", _("employed by a commissioned entity")


class AssistantProfileQuerySet(models.QuerySet):
    def with_caseload(self) -> "AssistantProfileQuerySet":
        """Each assistant with `active_families`: the families they work with now, the caseload that
        art. 15 ust. 4 caps. A subquery, so that it adds no row and composes with other counts."""
        active = (
            Assignment.objects.active()
            .filter(assistant=OuterRef("pk"))
            .order_by()
            .values("assistant")
            .annotate(count=Count("pk"))
            .values("count")
        )
        caseload: AssistantProfileQuerySet = self.annotate(active_families=Coalesce(Subquery(active), 0))
        return caseload


class AssistantProfile(Versioned):
    # The field its constraint speaks of when the database refuses a write (familysupport.constraints).
    CONSTRAINT_FIELDS = {"assistant_cap_within_statute": "caseload_cap"}

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
        default=CASELOAD_CAP,
        validators=[MinValueValidator(1), MaxValueValidator(CASELOAD_CAP)],
        help_text=format_lazy(
            _("At most {cap} (art. 15 ust. 4); the head may set fewer for difficult cases."), cap=CASELOAD_CAP
        ),
    )
    qualification_route = models.CharField(
        _("qualifications (art. 12)"), max_length=16, choices=QualificationRoute.choices, blank=True
    )
    qualification_details = models.TextField(_("diplomas, training and experience"), blank=True)
    not_deprived_of_parental_authority = models.BooleanField(
        _("statement: not deprived of, limited in or suspended in parental authority"), default=False
    )
    meets_maintenance_duty = models.BooleanField(
        _("statement: meets any maintenance duty set by an enforcement title"), default=False
    )
    not_convicted = models.BooleanField(
        _("statement: not convicted of an intentional offence"), default=False
    )
    statements_signed_on = models.DateField(_("statements signed on"), null=True, blank=True)
    employment_form = models.CharField(
        _("form of employment"), max_length=16, choices=EmploymentForm.choices, blank=True
    )

    objects = AssistantProfileQuerySet.as_manager()

    if TYPE_CHECKING:
        # What AssistantProfileQuerySet.with_caseload annotates (the forms and the pages read it).
        active_families: int

    class Meta:
        verbose_name = _("family assistant")
        verbose_name_plural = _("family assistants")
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(caseload_cap__gte=1, caseload_cap__lte=CASELOAD_CAP),
                name="assistant_cap_within_statute",
                violation_error_message=_(
                    "The cap of an assistant's families is at least one and at most what the Act allows "
                    "(art. 15 ust. 4)."
                ),
            )
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def statements_complete(self) -> bool:
        return (
            self.not_deprived_of_parental_authority
            and self.meets_maintenance_duty
            and self.not_convicted
            and self.statements_signed_on is not None
        )


class DecisionOutcome(models.TextChoices):
    ASSIGN = "assign", _("assign an assistant of the centre")
    MUNICIPAL_UNIT = "municipal_unit", _("ask the municipal unit organising work with families")
    COMMISSIONED = "commissioned", _("ask the entity commissioned by the municipality")
    RETURN = "return", _("return to the social worker for completion")
    REFUSE = "refuse", _("refuse")


class Decision(models.Model):
    """The head's decision on a request (art. 11 ust. 2); a return keeps the request open."""

    request = models.ForeignKey(
        "cases.AssignmentRequest",
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    outcome = models.CharField(_("decision"), max_length=16, choices=DecisionOutcome.choices)
    assistant = models.ForeignKey(
        AssistantProfile,
        verbose_name=_("family assistant"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    entity = models.CharField(_("entity asked"), max_length=200, blank=True)
    comment = models.TextField(_("comment or reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("date decided"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["decided_at", "id"]
        constraints = [
            # A request is decided once; only returns for completion may precede that decision.
            models.UniqueConstraint(
                fields=["request"],
                condition=~Q(outcome="return"),
                name="one_final_decision_per_request",
                violation_error_message=_("This request has already been decided."),
            )
        ]

    def __str__(self) -> str:
        return self.get_outcome_display()


class EndReason(models.TextChoices):
    GOALS_ACHIEVED = "goals_achieved", _("the goals of the work plan were achieved")
    STOPPED_COOPERATING = "stopped_cooperating", _("the family stopped cooperating")
    REFUSED = "refused", _("the family refused further work")
    MOVED_AWAY = "moved_away", _("the family moved away")
    FOSTER_CARE = "foster_care", _("a child was placed in foster care")
    COURT = "court", _("a court's decision")
    REASSIGNED = "reassigned", _("another assistant took over")
    OTHER = "other", _("other")


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def active(self) -> "AssignmentQuerySet":
        """The assignments whose work goes on (not ended): the assistants' caseload, art. 15 ust. 4."""
        return self.filter(ACTIVE)

    def with_access(self) -> "AssignmentQuerySet":
        """The assignments whose assistant may open the family's pages: the work goes on, or it
        ended and the monitoring after it is not closed yet. A handover ends the access at once."""
        return self.filter(ACTIVE | Q(work_end__isnull=False, work_end__closed_on__isnull=True))

    def during(self, first: datetime.date, last: datetime.date) -> "AssignmentQuerySet":
        """The assignments whose work covered at least one day from `first` to `last` (both included)."""
        return self.filter(started_on__lte=last).filter(ACTIVE | Q(ended_on__gte=first))


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
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignment",
    )
    started_on = models.DateField(_("start of work"))
    ended_on = models.DateField(_("end of work"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for ending"), max_length=24, choices=EndReason.choices, blank=True
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"],
                condition=ACTIVE,
                name="one_active_assignment_per_family",
                violation_error_message=_("An assistant is already working with this family."),
            )
        ]
        indexes = [models.Index(fields=["assistant", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.assistant} — {self.family.reference}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ACCEPTED = "accepted", _("accepted by the family")


class WorkPlan(Versioned):
    """The work plan with the family (art. 15 ust. 1 pkt 1, ust. 3); each revision is a new version."""

    # Accepted, the plan stays as the family signed it; a change is a new version (work_plan_revise).
    TRANSITIONS = {PlanStatus.DRAFT: {PlanStatus.ACCEPTED}, PlanStatus.ACCEPTED: set()}
    # The goals are rows of their own; changing them changes the plan (work_plan_save).
    VERSION_PARTS = {"goals": _("goals")}

    family = models.ForeignKey(
        "cases.Family", verbose_name=_("family"), on_delete=models.CASCADE, related_name="work_plans"
    )
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.PROTECT, related_name="work_plans"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    revises = models.ForeignKey(
        "self",
        verbose_name=_("revision of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    consulted_on = models.DateField(_("consulted with the social worker on"), null=True, blank=True)
    foster_care_coordinator = models.CharField(
        _("foster-care coordinator"),
        max_length=200,
        blank=True,
        help_text=_("When a child of the family is in foster care."),
    )
    child_help_plan = models.TextField(
        _("the child's help plan"),
        blank=True,
        help_text=_("How this plan is coordinated with the help plan of the child in foster care."),
    )
    accepted_by = models.CharField(_("signed by (family members)"), max_length=200, blank=True)
    accepted_on = models.DateField(_("signed by the family on"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("date created"), auto_now_add=True)

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "version"],
                name="work_plan_version_unique",
                violation_error_message=_("This version of the work plan already exists; reload the page."),
            ),
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(status="draft"),
                name="one_work_plan_draft_per_family",
                violation_error_message=_("The family already has a draft work plan; continue that one."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} v{self.version}"

    def get_goals_display(self) -> list[str]:
        return [goal.goal for goal in self.goals.all()]

    def missing_parts(self) -> list[str]:
        """What the draft must still say before the family signs it: at least one goal, and for
        each goal the actions, who carries them out, the deadline and the expected effect (art. 15
        ust. 3). A draft saves each goal with whatever of it is filled in. The goals are numbered
        as the plan's page lists them."""
        goals = list(self.goals.all())
        if not goals:
            return [str(_("at least one goal"))]
        return [
            str(
                _("Goal %(number)d “%(goal)s”: %(part)s")
                % {"number": number, "goal": goal.goal, "part": part}
            )
            for number, goal in enumerate(goals, start=1)
            for part in goal.missing_parts()
        ]


class Performer(models.TextChoices):
    FAMILY_MEMBER = "family_member", _("a family member")
    ASSISTANT = "assistant", _("the family assistant")
    INSTITUTION = "institution", _("an institution")


class GoalStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    ACHIEVED = "achieved", _("achieved")
    NOT_ACHIEVED = "not_achieved", _("not achieved")


class PlanGoal(models.Model):
    plan = models.ForeignKey(
        WorkPlan, verbose_name=_("work plan"), on_delete=models.CASCADE, related_name="goals"
    )
    # A draft plan saves a goal with whatever of it is filled in (its wording at least); the family
    # signs a plan whose every goal is complete (WorkPlan.missing_parts).
    goal = models.CharField(_("goal"), max_length=300)
    actions = models.TextField(_("actions"), blank=True)
    performer = models.CharField(_("carried out by"), max_length=16, choices=Performer.choices, blank=True)
    performer_name = models.CharField(_("who exactly"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    expected_effect = models.TextField(_("expected effect"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=GoalStatus.choices, default=GoalStatus.PLANNED
    )

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        # A goal of a draft without its deadline yet comes after those with one.
        ordering = [F("deadline").asc(nulls_last=True), "id"]

    def __str__(self) -> str:
        return self.goal

    def missing_parts(self) -> list[str]:
        """What the goal must still say before the family signs the plan (art. 15 ust. 3: the
        actions, who carries them out, the deadline and the expected effect)."""
        missing = []
        if not self.actions.strip():
            missing.append(_("no actions"))
        if not self.performer:
            missing.append(_("no one named to carry it out"))
        elif self.performer != Performer.ASSISTANT and not self.performer_name.strip():
            missing.append(_("not said which family member or institution carries it out"))
        if self.deadline is None:
            missing.append(_("no deadline"))
        if not self.expected_effect.strip():
            missing.append(_("no expected effect"))
        return [str(part) for part in missing]


class PlanComment(models.Model):
    """The responsible social worker's comment on a work plan (art. 15 ust. 3: in consultation)."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on the work plan")
        verbose_name_plural = _("comments on the work plan")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author} {self.created_at:%Y-%m-%d}"


class VisitKind(models.TextChoices):
    HOME = "home", _("home visit")
    OFFICE = "office", _("meeting at the office")
    PHONE = "phone", _("phone call")
    ACCOMPANYING = "accompanying", _("accompanying to an institution")
    OTHER = "other", _("other")


class Visit(Withdrawable, Versioned):
    """The documentation of work with the family: one visit or contact (art. 15 ust. 1 pkt 15)."""

    family = models.ForeignKey(
        "cases.Family", verbose_name=_("family"), on_delete=models.CASCADE, related_name="visits"
    )
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="visits")
    assistant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("family assistant"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind of contact"), max_length=16, choices=VisitKind.choices)
    place = models.CharField(_("place"), max_length=200)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(720)]
    )
    present = models.CharField(_("persons present"), max_length=300)
    activities = models.TextField(_("what was done"))
    tasks_until_next = models.TextField(_("tasks until the next meeting"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visit or contact")
        verbose_name_plural = _("visits and contacts")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["assistant", "date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d.%m.%Y}"


class Recommendation(models.TextChoices):
    CONTINUE = "continue", _("continue the work")
    REVISE = "revise", _("revise the work plan")
    END = "end", _("end the work with the family")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted to the head")
    ACKNOWLEDGED = "acknowledged", _("acknowledged by the head")


class Assessment(Versioned):
    """The periodic assessment of the family's situation (art. 15 ust. 1 pkt 16), every 6 months."""

    AREAS = ("care_upbringing", "household", "finances", "health", "work", "housing", "safety")
    # The statuses an assessment can move to from each status: the head acknowledges what was submitted.
    TRANSITIONS = {
        AssessmentStatus.DRAFT: {AssessmentStatus.SUBMITTED},
        AssessmentStatus.SUBMITTED: {AssessmentStatus.ACKNOWLEDGED},
        AssessmentStatus.ACKNOWLEDGED: set(),
    }

    family = models.ForeignKey(
        "cases.Family", verbose_name=_("family"), on_delete=models.CASCADE, related_name="assessments"
    )
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="assessments")
    plan = models.ForeignKey(
        WorkPlan,
        verbose_name=_("work plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    goal_progress = models.JSONField(_("progress on the goals"), default=dict, blank=True)
    care_upbringing = models.TextField(_("care and upbringing"), blank=True)
    household = models.TextField(_("running the household"), blank=True)
    finances = models.TextField(_("finances"), blank=True)
    health = models.TextField(_("health"), blank=True)
    work = models.TextField(_("work and education"), blank=True)
    housing = models.TextField(_("housing"), blank=True)
    safety = models.TextField(_("safety of the children"), blank=True)
    cooperation = models.TextField(_("the family's cooperation"), blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=12, choices=Recommendation.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("date submitted"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("date acknowledged"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("periodic assessment")
        verbose_name_plural = _("periodic assessments")
        ordering = ["-period_to", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.period_to:%d.%m.%Y}"

    @classmethod
    def area_label(cls, name: str) -> str | Promise:
        """The heading of an area of the family's situation (one of AREAS): its field's name."""
        field = cls._meta.get_field(name)
        assert isinstance(field, models.Field)  # the areas are the assessment's own columns
        return field.verbose_name

    def missing_parts(self) -> list[str]:
        """What must still be written before the assessment is submitted: each area of the family's
        situation, the cooperation, the recommendation, and the progress on each goal of the plan
        it rests on (a draft saves whatever is filled in)."""
        missing = [
            str(self.area_label(name))
            for name in (*self.AREAS, "cooperation", "recommendation")
            if not getattr(self, name).strip()
        ]
        if self.plan is not None:
            missing += [
                str(_("progress on the goal “%(goal)s”") % {"goal": goal.goal})
                for goal in self.plan.goals.all()
                if not (self.goal_progress or {}).get(str(goal.pk), "").strip()
            ]
        return missing


class CourtRequest(Withdrawable):
    """A court's letter asking for an opinion about the family (art. 15 ust. 1 pkt 14)."""

    centre = models.ForeignKey(Centre, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey(
        "cases.Family", verbose_name=_("family"), on_delete=models.PROTECT, related_name="court_requests"
    )
    court = models.CharField(_("court"), max_length=200)
    division = models.CharField(_("division"), max_length=200)
    case_signature = models.CharField(_("case signature (sygn. akt)"), max_length=64)
    letter_date = models.DateField(_("date of the court's letter"))
    received_on = models.DateField(_("date received"))
    deadline = models.DateField(_("deadline"))
    request_text = models.TextField(_("what the court asks"))
    scan = models.FileField(_("scan of the letter"), upload_to=GeneratedPath("court"), blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("court request")
        verbose_name_plural = _("court requests")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["centre", "deadline"])]

    def __str__(self) -> str:
        return f"{self.court}, {self.case_signature}"


class OpinionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for sign-off")
    RETURNED = "returned", _("returned by the head")
    APPROVED = "approved", _("signed off by the head")
    ISSUED = "issued", _("issued")


class DispatchMethod(models.TextChoices):
    POST = "post", _("registered post")
    EPUAP = "epuap", _("ePUAP")
    COURIER = "courier", _("courier")
    IN_PERSON = "in_person", _("delivered in person")


class CourtOpinion(Versioned):
    """The assistant's opinion about the family and its members for a court; issued, it is immutable."""

    SECTIONS = (
        "basis_and_period",
        "composition_and_sources",
        "care_upbringing",
        "housing",
        "material_situation",
        "health",
        "plan_progress",
        "children",
        "conclusions",
    )
    # The statuses an opinion can move to from each status; written once, used by the services.
    TRANSITIONS = {
        OpinionStatus.DRAFT: {OpinionStatus.SUBMITTED},
        OpinionStatus.SUBMITTED: {OpinionStatus.RETURNED, OpinionStatus.APPROVED},
        OpinionStatus.RETURNED: {OpinionStatus.SUBMITTED},
        OpinionStatus.APPROVED: {OpinionStatus.ISSUED},
        OpinionStatus.ISSUED: set(),
    }

    court_request = models.ForeignKey(
        CourtRequest, verbose_name=_("court request"), on_delete=models.PROTECT, related_name="opinions"
    )
    family = models.ForeignKey(
        "cases.Family", verbose_name=_("family"), on_delete=models.PROTECT, related_name="court_opinions"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=OpinionStatus.choices, default=OpinionStatus.DRAFT
    )
    basis_and_period = models.TextField(_("basis and period of cooperation"), blank=True)
    composition_and_sources = models.TextField(_("family composition and sources of information"), blank=True)
    care_upbringing = models.TextField(_("care and upbringing"), blank=True)
    housing = models.TextField(_("housing"), blank=True)
    material_situation = models.TextField(_("material situation"), blank=True)
    health = models.TextField(_("health"), blank=True)
    plan_progress = models.TextField(_("progress against the work plan"), blank=True)
    children = models.TextField(_("the children's situation"), blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    head_comment = models.TextField(_("the head's comment"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("date signed off"), null=True, blank=True)
    issued_at = models.DateTimeField(_("date issued"), null=True, blank=True)
    pdf = models.FileField(_("issued document"), upload_to=GeneratedPath("opinions"), blank=True)
    pdf_sha256 = models.CharField(_("document checksum"), max_length=64, blank=True)
    dispatched_on = models.DateField(_("dispatched on"), null=True, blank=True)
    dispatch_method = models.CharField(
        _("dispatch method"), max_length=12, choices=DispatchMethod.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("court opinion")
        verbose_name_plural = _("court opinions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["court_request", "version"],
                name="opinion_version_unique",
                violation_error_message=_("This version of the opinion already exists; reload the page."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} v{self.version}"

    @classmethod
    def section_label(cls, name: str) -> str | Promise:
        """The heading of a section (one of SECTIONS): its field's name."""
        field = cls._meta.get_field(name)
        assert isinstance(field, models.Field)  # the sections are the opinion's own columns
        return field.verbose_name

    def missing_sections(self) -> list[str]:
        """The headings of the sections not yet written; the opinion is submitted only when there
        are none (a draft saves whatever is filled in)."""
        return [str(self.section_label(name)) for name in self.SECTIONS if not getattr(self, name).strip()]


class MonitoringNote(models.Model):
    """A note on the family's functioning during the monitoring after the end of work."""

    family = models.ForeignKey(
        "cases.Family", verbose_name=_("family"), on_delete=models.CASCADE, related_name="monitoring_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("monitoring note")
        verbose_name_plural = _("monitoring notes")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.date:%d.%m.%Y}"


class WorkEnd(models.Model):
    """The end of the assistant's work with the family and the monitoring that follows it."""

    family = models.ForeignKey(
        "cases.Family", verbose_name=_("family"), on_delete=models.CASCADE, related_name="work_ends"
    )
    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT, related_name="work_end")
    ended_on = models.DateField(_("end of work"))
    reason = models.CharField(_("reason"), max_length=24, choices=EndReason.choices)
    summary = models.TextField(_("summary of the work"))
    monitoring_until = models.DateField(_("monitoring until"))
    closed_on = models.DateField(_("case closed on"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("end of work")
        verbose_name_plural = _("ends of work")
        ordering = ["-ended_on", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.ended_on:%d.%m.%Y}"
