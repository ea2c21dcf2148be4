import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from familysupport.models import Centre, Versioned, Withdrawable
from familysupport.uploads import GeneratedPath
from familysupport.workdays import add_working_days

# The environmental interview follows the report (art. 11): within these working days of it.
INTERVIEW_DAYS = 14
INTERVIEW_DAYS_URGENT = 2  # a child's life, health or safety is at risk


def interview_due(received_on: datetime.date, *, urgent: bool) -> datetime.date:
    """Art. 11: the interview follows the report; 14 working days, 2 when a child is at risk.

    The one owner of the rule: the family's next step, the deadline register, its statistics'
    window and the demo data all date the interview by it.
    """
    return add_working_days(received_on, INTERVIEW_DAYS_URGENT if urgent else INTERVIEW_DAYS)


class FamilyStatus(models.TextChoices):
    """Where a family stands on the statutory path (art. 10–11 of the Act)."""

    REPORTED = "reported", _("Report received, interview due")
    INTERVIEWED = "interviewed", _("Interview signed, analysis due")
    ANALYSED = "analysed", _("Assistant needed, request due")
    NO_ASSISTANT = "no_assistant", _("Other forms of support")
    REQUEST_SUBMITTED = "request_submitted", _("Request awaiting the head's decision")
    REQUEST_RETURNED = "request_returned", _("Request returned for completion")
    REQUEST_REFUSED = "request_refused", _("Request refused")
    REFERRED = "referred", _("Referred to another entity")
    ASSISTANT_ASSIGNED = "assistant_assigned", _("Family assistant assigned")
    MONITORING = "monitoring", _("Work ended, monitoring")
    CLOSED = "closed", _("Case closed")


class Family(Versioned):
    # The statutory path (art. 10–11 and 15): where a family can go from each status. Written once;
    # cases and assistants change the status only through familysupport.transitions.move.
    TRANSITIONS = {
        FamilyStatus.REPORTED: {FamilyStatus.INTERVIEWED},
        FamilyStatus.INTERVIEWED: {FamilyStatus.ANALYSED, FamilyStatus.NO_ASSISTANT},
        # A later analysis may conclude otherwise; the request follows an analysis asking for one.
        FamilyStatus.ANALYSED: {FamilyStatus.NO_ASSISTANT, FamilyStatus.REQUEST_SUBMITTED},
        # A new report reopens a path that ended without an assistant (cases.services.report_register).
        FamilyStatus.NO_ASSISTANT: {FamilyStatus.ANALYSED, FamilyStatus.REPORTED},
        # The head's decision (art. 11 ust. 2).
        FamilyStatus.REQUEST_SUBMITTED: {
            FamilyStatus.ASSISTANT_ASSIGNED,
            FamilyStatus.REFERRED,
            FamilyStatus.REQUEST_RETURNED,
            FamilyStatus.REQUEST_REFUSED,
        },
        FamilyStatus.REQUEST_RETURNED: {FamilyStatus.REQUEST_SUBMITTED},
        FamilyStatus.REQUEST_REFUSED: {FamilyStatus.REPORTED},
        FamilyStatus.REFERRED: set(),
        FamilyStatus.ASSISTANT_ASSIGNED: {FamilyStatus.MONITORING},
        FamilyStatus.MONITORING: {FamilyStatus.CLOSED},
        FamilyStatus.CLOSED: set(),
    }

    centre = models.ForeignKey(
        Centre, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="families"
    )
    reference = models.CharField(_("reference number"), max_length=32)
    name = models.CharField(_("family name"), max_length=120)
    # The name as the search compares it (familysupport.search.normalised), written with it by the
    # services: SQLite's search reads it; PostgreSQL normalises the name itself.
    search_name = models.CharField(max_length=120, editable=False, default="")
    street = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=6)
    city = models.CharField(_("city"), max_length=100)
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible social worker"),
        on_delete=models.PROTECT,
        related_name="families_responsible",
    )
    status = models.CharField(
        _("status"), max_length=24, choices=FamilyStatus.choices, default=FamilyStatus.REPORTED
    )
    blue_card = models.BooleanField(
        _("Blue Card (Niebieska Karta) procedure"),
        default=False,
        help_text=_("A Niebieska Karta procedure is open in this family."),
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    # A closed case is archived: it leaves the working lists, is read-only, and is kept until
    # the end of the retention period (settings.RETENTION_YEARS).
    archived_on = models.DateField(_("archived on"), null=True, blank=True)
    retention_until = models.DateField(_("kept until"), null=True, blank=True)

    class Meta:
        verbose_name = _("family")
        verbose_name_plural = _("families")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "reference"],
                name="family_reference_unique_in_centre",
                violation_error_message=_(
                    "A family with this reference number already exists in the centre."
                ),
            )
        ]
        indexes = [
            models.Index(fields=["centre", "status"]),
            # The working list, newest first, a page at a time: read in index order, no sort.
            models.Index(
                fields=["centre", "-created_at", "-id"],
                condition=models.Q(archived_on__isnull=True),
                name="family_working_list",
            ),
            # The social worker's working list (cases.selectors.families_visible_to), in the same order.
            models.Index(
                fields=["social_worker", "-created_at", "-id"],
                condition=models.Q(archived_on__isnull=True),
                name="family_worker_list",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"

    @property
    def is_archived(self) -> bool:
        return self.archived_on is not None


class FamilyUserObjectPermission(UserObjectPermissionBase):
    """Object rights on a family (django-guardian, direct foreign key)."""

    content_object = models.ForeignKey(Family, on_delete=models.CASCADE)


class ReferenceCounter(models.Model):
    """The last reference number issued per centre and year; locked while a new one is taken."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "year"],
                name="reference_counter_unique",
                violation_error_message=_("The reference number could not be given; try again."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.centre_id}/{self.year}: {self.last}"


class FamilyRole(models.TextChoices):
    MOTHER = "mother", _("mother")
    FATHER = "father", _("father")
    CHILD = "child", _("child")
    LEGAL_GUARDIAN = "legal_guardian", _("legal guardian")
    PARTNER = "partner", _("parent's partner")
    GRANDPARENT = "grandparent", _("grandparent")
    SIBLING = "sibling", _("adult sibling")
    OTHER = "other", _("other household member")


class ParentalAuthority(models.TextChoices):
    NOT_APPLICABLE = "", _("not applicable")
    FULL = "full", _("full")
    LIMITED = "limited", _("limited")
    SUSPENDED = "suspended", _("suspended")
    DEPRIVED = "deprived", _("deprived")


class FamilyMember(Withdrawable, Versioned):
    family = models.ForeignKey(
        Family, verbose_name=_("family"), on_delete=models.CASCADE, related_name="members"
    )
    # Kept beside the family so a PESEL number can be unique within the centre.
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=120)
    # As Family.search_name, of the surname.
    search_last_name = models.CharField(max_length=120, editable=False, default="")
    role = models.CharField(_("place in the family"), max_length=16, choices=FamilyRole.choices)
    birth_date = models.DateField(_("date of birth"))
    pesel = models.CharField(_("PESEL"), max_length=11, blank=True)
    parental_authority = models.CharField(
        _("parental authority"),
        max_length=12,
        choices=ParentalAuthority.choices,
        blank=True,
        default=ParentalAuthority.NOT_APPLICABLE,
    )
    in_foster_care = models.BooleanField(_("placed in foster care"), default=False)

    class Meta:
        verbose_name = _("family member")
        verbose_name_plural = _("family members")
        ordering = ["birth_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "pesel"],
                condition=~Q(pesel="") & Q(withdrawn_at__isnull=True),
                name="member_pesel_unique_in_centre",
                violation_error_message=_("A person with this PESEL is already registered in the centre."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ReportSource(models.TextChoices):
    SCHOOL = "school", _("school or kindergarten")
    POLICE = "police", _("police")
    COURT = "court", _("court")
    HEALTH = "health", _("health service")
    FAMILY = "family", _("the family itself")
    BLUE_CARD = "blue_card", _("Niebieska Karta procedure")
    ANONYMOUS = "anonymous", _("anonymous")
    OTHER = "other", _("other")


class Report(models.Model):
    """A report (zgłoszenie) that the centre learned of a family in difficulty."""

    family = models.ForeignKey(
        Family, verbose_name=_("family"), on_delete=models.CASCADE, related_name="reports"
    )
    # The family's centre, kept beside it (cases.services) so that the head's pages and the
    # statistics count a centre's reports by an index, not by a join over the installation's.
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("date received"))
    source = models.CharField(_("source"), max_length=16, choices=ReportSource.choices)
    description = models.TextField(_("description"))
    urgent = models.BooleanField(
        _("urgent"),
        default=False,
        help_text=_("A child's life, health or safety is threatened."),
    )
    intervention = models.TextField(
        _("intervention undertaken"),
        blank=True,
        help_text=_("Required for an urgent report: what was done to protect the child."),
    )
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["received_on", "id"]
        # Lists and dashboards mark the families with an urgent report: few, found without a scan.
        indexes = [
            models.Index(fields=["family"], condition=models.Q(urgent=True), name="report_urgent"),
            models.Index(fields=["centre", "received_on"], name="report_in_centre"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.received_on:%d.%m.%Y}"


class Problem(models.TextChoices):
    POVERTY = "poverty", _("poverty")
    UNEMPLOYMENT = "unemployment", _("unemployment")
    HELPLESSNESS = "helplessness", _("helplessness in care and upbringing")
    ALCOHOL = "alcohol", _("alcohol addiction")
    DRUGS = "drugs", _("drug addiction")
    VIOLENCE = "violence", _("domestic violence")
    DISABILITY = "disability", _("disability")
    ILLNESS = "illness", _("long-term or serious illness")
    HOUSING = "housing", _("housing problems")
    LARGE_FAMILY = "large_family", _("large family")
    SINGLE_PARENT = "single_parent", _("single parenthood")
    PRISON = "prison", _("difficulty after leaving prison")
    OTHER = "other", _("other")


class InterviewStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SIGNED = "signed", _("signed")


class Interview(Versioned):
    """The environmental interview (wywiad środowiskowy), art. 11 ust. 1 of the Act."""

    # What the social worker fills in, in the order of the form and the protocol.
    SECTIONS = (
        "conducted_on",
        "place",
        "present",
        "composition",
        "housing",
        "income",
        "health",
        "work_education",
        "care_upbringing",
        "problems",
        "problems_description",
        "needs",
        "diagnosis",
    )
    # A signed interview is locked; a change is an update, a new interview (interview_update_start).
    TRANSITIONS = {InterviewStatus.DRAFT: {InterviewStatus.SIGNED}, InterviewStatus.SIGNED: set()}
    # The sections that must be filled before the interview can be signed.
    REQUIRED_SECTIONS = (
        "conducted_on",
        "place",
        "present",
        "composition",
        "housing",
        "income",
        "care_upbringing",
        "diagnosis",
    )

    family = models.ForeignKey(
        Family, verbose_name=_("family"), on_delete=models.CASCADE, related_name="interviews"
    )
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")  # as Report.centre
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="interviews"
    )
    updates = models.ForeignKey(
        "self",
        verbose_name=_("update of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="updated_by",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=InterviewStatus.choices, default=InterviewStatus.DRAFT
    )
    conducted_on = models.DateField(_("date of the interview"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    present = models.TextField(_("persons present"), blank=True)
    composition = models.TextField(_("family composition"), blank=True)
    housing = models.TextField(_("housing conditions"), blank=True)
    income = models.TextField(_("income and material situation"), blank=True)
    health = models.TextField(_("health"), blank=True)
    work_education = models.TextField(_("work and education"), blank=True)
    care_upbringing = models.TextField(_("care and upbringing functions"), blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    problems_description = models.TextField(_("description of the problems"), blank=True)
    needs = models.TextField(_("needs and expectations of the family"), blank=True)
    diagnosis = models.TextField(_("diagnosis and conclusions of the social worker"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("date signed"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("environmental interview")
        verbose_name_plural = _("environmental interviews")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(status="draft"),
                name="one_interview_draft_per_family",
                violation_error_message=_(
                    "The family already has an interview in progress; continue that one."
                ),
            )
        ]
        # The centre's interviews carried out in a period (cases.statistics), counted from the index.
        indexes = [
            models.Index(
                fields=["centre", "conducted_on", "updates"],
                condition=Q(status="signed"),
                name="interview_signed_in_centre",
            )
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @property
    def is_signed(self) -> bool:
        return self.status == InterviewStatus.SIGNED

    def get_problems_display(self) -> list[str]:
        labels = dict(Problem.choices)
        return [str(labels.get(code, code)) for code in self.problems]

    @classmethod
    def section_label(cls, name: str) -> str | Promise:
        """The heading of a section (one of SECTIONS): its field's name."""
        field = cls._meta.get_field(name)
        assert isinstance(field, models.Field)  # the sections are the interview's own columns
        return field.verbose_name

    def missing_sections(self) -> list[str]:
        """The headings of the required sections not yet filled in; the interview is signed only
        when there are none (a draft saves whatever is filled in)."""
        return [str(self.section_label(name)) for name in self.REQUIRED_SECTIONS if not getattr(self, name)]


class AnalysisConclusion(models.TextChoices):
    ASSISTANT = "assistant", _("a family assistant is needed")
    OTHER_SUPPORT = "other_support", _("other forms of support")
    NO_SUPPORT = "no_support", _("no support needed")


class SupportForm(models.TextChoices):
    """Forms of work with the family (art. 10 ust. 3 of the Act) besides an assistant."""

    COUNSELLING = "counselling", _("consultation and specialist counselling")
    THERAPY = "therapy", _("therapy")
    MEDIATION = "mediation", _("mediation")
    SERVICES = "services", _("services for families with children")
    LEGAL = "legal", _("legal help")
    SUPPORT_GROUP = "support_group", _("support or self-help groups")
    DAY_SUPPORT = "day_support", _("day-support centre")
    SUPPORT_FAMILY = "support_family", _("support family")


class Analysis(models.Model):
    """The worker's analysis of the family's situation after the interview (art. 11 ust. 1)."""

    family = models.ForeignKey(
        Family, verbose_name=_("family"), on_delete=models.CASCADE, related_name="analyses"
    )
    interview = models.ForeignKey(
        Interview, verbose_name=_("interview"), on_delete=models.PROTECT, related_name="analyses"
    )
    conclusion = models.CharField(_("conclusion"), max_length=16, choices=AnalysisConclusion.choices)
    support_forms = models.JSONField(_("other forms of support"), default=list, blank=True)
    justification = models.TextField(_("justification"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("date recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("analysis")
        verbose_name_plural = _("analyses")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.get_conclusion_display()

    def get_support_forms_display(self) -> list[str]:
        labels = dict(SupportForm.choices)
        return [str(labels.get(code, code)) for code in self.support_forms]


class ConsentBasis(models.TextChoices):
    CONSENT = "consent", _("consent of the family (art. 8 ust. 3)")
    MINOR_PARENT = (
        "minor_parent",
        _("minor parent leaving a youth or correctional facility (art. 11 ust. 1a)"),
    )
    COURT = "court", _("court obligation to work with an assistant (art. 109 § 2 pkt 1 KRO)")


class ConsentForm(models.TextChoices):
    WRITTEN = "written", _("written")
    ORAL = "oral", _("oral, recorded by the worker")
    ELECTRONIC = "electronic", _("electronic")


class Consent(models.Model):
    """The basis on which the family is supported: its consent, or a statutory exception."""

    family = models.ForeignKey(
        Family, verbose_name=_("family"), on_delete=models.CASCADE, related_name="consents"
    )
    basis = models.CharField(_("basis"), max_length=16, choices=ConsentBasis.choices)
    given_by = models.CharField(_("given by"), max_length=200, blank=True)
    given_on = models.DateField(_("date"))
    form = models.CharField(_("form"), max_length=12, choices=ConsentForm.choices, blank=True)
    court = models.CharField(_("court"), max_length=200, blank=True)
    case_signature = models.CharField(_("case signature (sygn. akt)"), max_length=64, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    scan = models.FileField(_("scan"), upload_to=GeneratedPath("consents"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consent or basis")
        verbose_name_plural = _("consents and bases")
        ordering = ["given_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_basis_display()}, {self.given_on:%d.%m.%Y}"


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned for completion")
    DECIDED = "decided", _("decided")


class AssignmentRequest(Versioned):
    """The social worker's request to the head for a family assistant (art. 11 ust. 1)."""

    # The statuses a request can move to from each status; written once, used by the services.
    TRANSITIONS = {
        RequestStatus.DRAFT: {RequestStatus.SUBMITTED},
        RequestStatus.SUBMITTED: {RequestStatus.RETURNED, RequestStatus.DECIDED},
        RequestStatus.RETURNED: {RequestStatus.SUBMITTED},
        RequestStatus.DECIDED: set(),
    }

    family = models.ForeignKey(
        Family, verbose_name=_("family"), on_delete=models.CASCADE, related_name="requests"
    )
    interview = models.ForeignKey(
        Interview, verbose_name=_("interview"), on_delete=models.PROTECT, related_name="+"
    )
    analysis = models.ForeignKey(
        Analysis, verbose_name=_("analysis"), on_delete=models.PROTECT, related_name="+"
    )
    consent = models.ForeignKey(
        Consent, verbose_name=_("consent or basis"), on_delete=models.PROTECT, related_name="+"
    )
    justification = models.TextField(_("justification"))
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("date submitted"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("request for a family assistant")
        verbose_name_plural = _("requests for a family assistant")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.family.reference}"
