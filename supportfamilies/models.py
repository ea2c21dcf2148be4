"""Support families (rodziny wspierające), art. 29–31 of the Act: the candidate, its eligibility,
the establishment, the contract and the invoices the costs are reimbursed on."""

import datetime
from collections.abc import Mapping
from typing import TypedDict

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import ConsentForm
from familysupport.models import Centre, Versioned, Withdrawable
from familysupport.uploads import GeneratedPath


class _Precision(TypedDict):
    max_digits: int
    decimal_places: int


# Amounts of money, in PLN with grosze (a TypedDict, so the fields' keyword arguments stay typed).
MONEY: _Precision = {"max_digits": 12, "decimal_places": 2}


class SupportFamilyStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed, interview due")
    ELIGIBLE = "eligible", _("eligible, establishment due")
    INELIGIBLE = "ineligible", _("ineligible")
    ESTABLISHED = "established", _("established")
    WITHDRAWN = "withdrawn", _("proposal withdrawn")


class ProposalBasis(models.TextChoices):
    """Art. 29 ust. 3: the assistant proposes a support family at the family's request or with its consent."""

    REQUEST = "request", _("at the family's request")
    CONSENT = "consent", _("with the family's consent")


class HelpScope(models.TextChoices):
    """Art. 29 ust. 1: what a support family helps the family with."""

    CARE_UPBRINGING = "care_upbringing", _("care and upbringing of the child")
    HOUSEHOLD = "household", _("running the household")
    SOCIAL_ROLES = "social_roles", _("forming and fulfilling basic social roles")


class HelpForm(models.TextChoices):
    """The forms of help the centre lists for support families."""

    ADVICE = "advice", _("advice on care and upbringing of the children")
    SOCIAL_ROLES = "social_roles", _("forming and fulfilling basic social roles")
    FAMILY_TIME = "family_time", _("organising the family's time")
    LEARNING = "learning", _("help with learning")
    BUDGET = "budget", _("running the household budget")
    HOME = "home", _("running the home")


class Exclusion(models.TextChoices):
    """The seven circumstances in which a family cannot be a support family: the one list.

    The Act (art. 29–31) leaves the choice of a support family to the assistant and its
    establishment to the social worker's recognition; it lists no exclusions itself. These seven
    are the criteria the centres publish and the social worker checks in the interview (the seed:
    "Rodzina nie może pełnić funkcji rodziny wspierającej gdy: ..."; the test pins them to it).
    The interview's fields, the form, the service, the pages and the printed contract all read
    this list; none keeps its own.
    """

    ALCOHOL = "alcohol_problem", _("an alcohol problem")
    NO_INCOME = "no_stable_income", _("no stable source of income")
    UPBRINGING = "upbringing_problems", _("upbringing problems with their own children")
    PARENTAL_AUTHORITY = (
        "parental_authority",
        _("a member deprived of or limited in parental authority"),
    )
    MAINTENANCE = "maintenance_duty", _("a member not meeting a maintenance duty")
    CONVICTION = (
        "conviction",
        _("a member convicted of an offence prosecuted by public indictment"),
    )
    MENTAL = "mental_disorder", _("a mental disorder or illness")


def is_eligible(answers: Mapping[str, bool]) -> bool:
    """A candidate is eligible when none of the exclusions applies (`answers`: code -> applies)."""
    return not any(answers[code] for code in Exclusion.values)


class SupportFamily(Versioned):
    """A household from the child's close surroundings, from its proposal to its establishment.

    Versioned: its data (name, address, phone, relation) is corrected on a form
    (supportfamilies.services.support_family_update)."""

    # The statuses a support family can move to from each status; written once, used by the services.
    TRANSITIONS = {
        SupportFamilyStatus.PROPOSED: {
            SupportFamilyStatus.ELIGIBLE,
            SupportFamilyStatus.INELIGIBLE,
            SupportFamilyStatus.WITHDRAWN,
        },
        SupportFamilyStatus.ELIGIBLE: {SupportFamilyStatus.ESTABLISHED, SupportFamilyStatus.WITHDRAWN},
        SupportFamilyStatus.INELIGIBLE: set(),
        SupportFamilyStatus.ESTABLISHED: set(),
        SupportFamilyStatus.WITHDRAWN: set(),
    }

    centre = models.ForeignKey(Centre, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey(
        "cases.Family",
        verbose_name=_("supported family"),
        on_delete=models.PROTECT,
        related_name="support_families",
    )
    name = models.CharField(_("support family"), max_length=120, help_text=_("E.g. Anna and Jan Kowalski."))
    street = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=6)
    city = models.CharField(_("city"), max_length=100)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    relation = models.CharField(
        _("relation to the family or the child"),
        max_length=200,
        help_text=_("E.g. the child's grandparents, neighbours, the godmother."),
    )
    basis = models.CharField(_("proposed"), max_length=12, choices=ProposalBasis.choices)
    consent_given_by = models.CharField(_("request or consent given by"), max_length=200)
    consent_given_on = models.DateField(_("request or consent given on"))
    consent_form = models.CharField(_("form"), max_length=12, choices=ConsentForm.choices)
    consent_scan = models.FileField(
        _("scan of the request or consent"), upload_to=GeneratedPath("support-consents"), blank=True
    )
    reasons = models.TextField(
        _("why this family"), help_text=_("What the family needs and how they can help.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=SupportFamilyStatus.choices, default=SupportFamilyStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_on = models.DateField(_("proposed on"))
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("social worker conducting the interview"),
        on_delete=models.PROTECT,
        related_name="support_family_interviews",
    )
    # The head's establishment (art. 30 ust. 1), on the authorisation of the mayor or wójt.
    established_on = models.DateField(_("date of the decision"), null=True, blank=True)
    established_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("established by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    authorisation = models.CharField(
        _("authorisation of the mayor or wójt"),
        max_length=300,
        blank=True,
        help_text=_("E.g. upoważnienie Prezydenta m.st. Warszawy nr 123/2024 z dnia 10.01.2024."),
    )
    scope = models.JSONField(_("scope of help"), default=list, blank=True)
    help_forms = models.JSONField(_("forms of help"), default=list, blank=True)
    withdrawn_reason = models.CharField(_("reason for the withdrawal"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support family")
        verbose_name_plural = _("support families")
        ordering = ["-proposed_on", "-id"]
        indexes = [models.Index(fields=["centre", "status"])]

    def __str__(self) -> str:
        return self.name

    def get_scope_display(self) -> list[str]:
        labels = dict(HelpScope.choices)
        return [str(labels.get(code, code)) for code in self.scope]

    def get_help_forms_display(self) -> list[str]:
        labels = dict(HelpForm.choices)
        return [str(labels.get(code, code)) for code in self.help_forms]


class SupportFamilyMember(models.Model):
    support_family = models.ForeignKey(
        SupportFamily, verbose_name=_("support family"), on_delete=models.CASCADE, related_name="members"
    )
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=120)
    birth_date = models.DateField(_("date of birth"))
    role = models.CharField(_("place in the household"), max_length=120)

    class Meta:
        verbose_name = _("member of the support family")
        verbose_name_plural = _("members of the support family")
        ordering = ["birth_date", "id"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class EligibilityInterview(models.Model):
    """The social worker's interview with the candidate and the check of the seven exclusions.

    Each exclusion is answered (applies or not) with its basis: what the worker saw, heard or
    checked. Its two fields, `<code>` and `<code>_basis`, are made from the list below the class.
    Any exclusion that applies makes the candidate ineligible; eligibility is read from the
    answers, never stored beside them.
    """

    support_family = models.OneToOneField(
        SupportFamily, verbose_name=_("support family"), on_delete=models.CASCADE, related_name="interview"
    )
    conducted_on = models.DateField(_("date of the interview"))
    place = models.CharField(_("place"), max_length=200)
    findings = models.TextField(_("findings"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("date recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("interview with the candidate support family")
        verbose_name_plural = _("interviews with candidate support families")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.conducted_on:%d.%m.%Y}"

    @property
    def eligible(self) -> bool:
        return is_eligible({code: getattr(self, code) for code in Exclusion.values})

    def exclusions(self) -> list[tuple[str | Promise, bool, str]]:
        """(label, applies, basis) of each exclusion, in the order of the list."""
        return [
            (label, getattr(self, code), getattr(self, f"{code}_basis")) for code, label in Exclusion.choices
        ]

    def applying(self) -> list[str]:
        return [code for code in Exclusion.values if getattr(self, code)]


# One answer and its basis per exclusion: the fields follow the list, so a change to the list is a
# change to the table (and a migration), never a second list to keep in step.
for _code, _label in Exclusion.choices:
    EligibilityInterview.add_to_class(_code, models.BooleanField(_label))
    EligibilityInterview.add_to_class(f"{_code}_basis", models.TextField(_("basis")))
del _code, _label


class CostCategory(models.TextChoices):
    FOOD = "food", _("food and household goods")
    CHILD = "child", _("clothing and needs of the child")
    LEARNING = "learning", _("school supplies and learning")
    TRAVEL = "travel", _("travel")
    LEISURE = "leisure", _("leisure and culture")
    OTHER = "other", _("other costs agreed in the contract")


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SIGNED = "signed", _("signed")
    TERMINATED = "terminated", _("terminated")


class TerminationReason(models.TextChoices):
    AGREEMENT = "agreement", _("by agreement of the parties")
    BY_CENTRE = "by_centre", _("notice given by the centre")
    BY_SUPPORT_FAMILY = "by_support_family", _("notice given by the support family")
    NO_LONGER_NEEDED = "no_longer_needed", _("the family no longer needs the support")
    BREACH = "breach", _("breach of the contract")
    OTHER = "other", _("other")


class Contract(Versioned):
    """The contract with a support family (art. 30 ust. 2): scope, period, reimbursement and limits.

    Costs are reimbursed on invoices: only in the contract's categories, dated within its period,
    and never beyond its monthly or its total limit.
    """

    # The field each constraint speaks of when the database refuses a write (familysupport.constraints).
    CONSTRAINT_FIELDS = {"contract_period": "valid_to", "contract_limits": "monthly_limit"}

    TRANSITIONS = {
        ContractStatus.DRAFT: {ContractStatus.SIGNED},
        ContractStatus.SIGNED: {ContractStatus.TERMINATED},
        ContractStatus.TERMINATED: set(),
    }

    centre = models.ForeignKey(Centre, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+")
    support_family = models.ForeignKey(
        SupportFamily, verbose_name=_("support family"), on_delete=models.PROTECT, related_name="contracts"
    )
    number = models.CharField(_("contract number"), max_length=32)
    support_family_signatories = models.CharField(
        _("signing for the support family"), max_length=200, blank=True
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    scope = models.TextField(_("scope of help"), blank=True)
    categories = models.JSONField(_("categories of reimbursed costs"), default=list, blank=True)
    monthly_limit = models.DecimalField(_("monthly limit (PLN)"), **MONEY)
    total_limit = models.DecimalField(_("total limit (PLN)"), **MONEY)
    reimbursement_rules = models.TextField(_("rules of reimbursement"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ContractStatus.choices, default=ContractStatus.DRAFT
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed for the centre by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.CharField(
        _("reason for termination"), max_length=20, choices=TerminationReason.choices, blank=True
    )
    termination_details = models.TextField(_("details of the termination"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support family contract")
        verbose_name_plural = _("support family contracts")
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "number"],
                name="contract_number_unique_in_centre",
                violation_error_message=_("A contract with this number already exists in the centre."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")),
                name="contract_period",
                violation_error_message=_("The end of the contract cannot be before its start."),
            ),
            models.CheckConstraint(
                condition=Q(monthly_limit__gt=0, total_limit__gte=models.F("monthly_limit")),
                name="contract_limits",
                violation_error_message=_(
                    "The monthly limit must be more than zero and not more than the total limit."
                ),
            ),
        ]
        indexes = [models.Index(fields=["centre", "status", "valid_to"])]

    def __str__(self) -> str:
        return self.number

    def missing_parts(self) -> list[str]:
        """What the draft must still say before it is signed: who signs for the support family, the
        scope of help, the categories of reimbursed costs and the rules of reimbursement (a draft
        saves whatever of these is filled in; the period and the limits are part of every draft)."""
        return [
            str(field.verbose_name)
            for name in ("support_family_signatories", "scope", "categories", "reimbursement_rules")
            if isinstance(field := self._meta.get_field(name), models.Field)
            if not (
                getattr(self, name).strip() if isinstance(getattr(self, name), str) else getattr(self, name)
            )
        ]

    def get_categories_display(self) -> list[str]:
        labels = dict(CostCategory.choices)
        return [str(labels.get(code, code)) for code in self.categories]

    @property
    def last_day(self) -> datetime.date:
        """The last day whose costs the contract covers: its end, or the termination."""
        if self.terminated_on and self.terminated_on < self.valid_to:
            return self.terminated_on
        return self.valid_to


class InvoiceStatus(models.TextChoices):
    REGISTERED = "registered", _("registered, awaiting decision")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")
    PAID = "paid", _("paid")


# The invoices that count against the contract's limits.
COUNTED = (InvoiceStatus.APPROVED, InvoiceStatus.PAID)


class Invoice(Withdrawable):
    """An invoice of the support family's costs, to be reimbursed under its contract (art. 30 ust. 2)."""

    # The field each constraint speaks of when the database refuses a write (familysupport.constraints).
    CONSTRAINT_FIELDS = {"invoice_amount_positive": "amount", "invoice_unique_in_contract": "number"}

    TRANSITIONS = {
        InvoiceStatus.REGISTERED: {InvoiceStatus.APPROVED, InvoiceStatus.REFUSED},
        InvoiceStatus.APPROVED: {InvoiceStatus.PAID},
        InvoiceStatus.REFUSED: set(),
        InvoiceStatus.PAID: set(),
    }

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="invoices"
    )
    number = models.CharField(_("invoice number"), max_length=64)
    issuer = models.CharField(_("issued by"), max_length=200)
    issue_date = models.DateField(_("date of issue"))
    amount = models.DecimalField(_("amount (PLN)"), **MONEY)
    category = models.CharField(_("category"), max_length=12, choices=CostCategory.choices)
    description = models.CharField(_("what was bought"), max_length=300, blank=True)
    scan = models.FileField(_("scan of the invoice"), upload_to=GeneratedPath("invoices"))
    status = models.CharField(
        _("status"), max_length=12, choices=InvoiceStatus.choices, default=InvoiceStatus.REGISTERED
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )
    registered_on = models.DateField(_("registered on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for the refusal"), blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issue_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "issuer", "number"],
                condition=Q(withdrawn_at__isnull=True),
                name="invoice_unique_in_contract",
                violation_error_message=_(
                    "This issuer's invoice with this number is already registered under the contract."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="invoice_amount_positive",
                violation_error_message=_("The amount must be more than zero."),
            ),
        ]
        indexes = [models.Index(fields=["contract", "status", "issue_date"])]

    def __str__(self) -> str:
        return f"{self.number} ({self.issuer})"
