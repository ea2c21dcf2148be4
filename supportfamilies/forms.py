"""Forms of the support families' path: validation of input only; the services apply the rules."""

import datetime
from typing import Any

from crispy_forms.layout import Column, Fieldset, Row
from django import forms
from django.utils.translation import gettext_lazy
from localflavor.pl.forms import PLPostalCodeField
from phonenumber_field.formfields import PhoneNumberField

from cases.forms import DateInput, _helper, _not_in_future
from familysupport.forms import AmountField, SubmittedOnce, VersionChecked
from familysupport.models import Role, User
from familysupport.uploads import safe_scan
from supportfamilies.models import (
    Contract,
    CostCategory,
    EligibilityInterview,
    Exclusion,
    HelpForm,
    HelpScope,
    Invoice,
    SupportFamily,
    SupportFamilyMember,
    TerminationReason,
)


def _check_scan(form: forms.BaseForm, field: str) -> Any:
    scan = form.cleaned_data.get(field)
    if scan:
        scan = safe_scan(scan)
    return scan


class _HouseholdData(forms.Form):
    """The support family's postal code and phone, checked alike on the proposal and its correction."""

    postal_code = PLPostalCodeField(label=gettext_lazy("postal code"))
    phone = PhoneNumberField(label=gettext_lazy("phone"), region="PL", required=False)

    def clean_phone(self) -> str:
        """Kept as a Polish office writes it: +48 600 100 200 (an abroad number in its own form)."""
        number = self.cleaned_data.get("phone")
        return number.as_international if number else ""


def _household_layout() -> tuple[Any, ...]:
    return (
        "name",
        Row(
            Column("street", css_class="col-md-6"),
            Column("postal_code", css_class="col-md-2"),
            Column("city", css_class="col-md-4"),
        ),
        Row(Column("phone", css_class="col-md-4"), Column("relation", css_class="col-md-8")),
    )


class ProposalForm(SubmittedOnce, _HouseholdData, VersionChecked, forms.ModelForm):
    class Meta:
        model = SupportFamily
        fields = [
            "name",
            "street",
            "postal_code",
            "city",
            "phone",
            "relation",
            "reasons",
            "basis",
            "consent_given_by",
            "consent_given_on",
            "consent_form",
            "consent_scan",
            "interviewer",
        ]
        widgets = {"consent_given_on": DateInput(), "reasons": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"consent_scan": gettext_lazy("PDF, JPEG or PNG, up to 10 MB.")}

    def __init__(self, *args, centre_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        interviewer = self.fields["interviewer"]
        assert isinstance(interviewer, forms.ModelChoiceField)
        interviewer.queryset = User.objects.filter(
            centre_id=centre_id, is_active=True, groups__name=Role.SOCIAL_WORKER
        ).order_by("last_name", "first_name")
        self.helper = _helper(
            Fieldset(
                gettext_lazy("The candidate household"),
                *_household_layout(),
                "reasons",
            ),
            Fieldset(
                gettext_lazy("The family's request or consent"),
                Row(
                    Column("basis", css_class="col-md-4"),
                    Column("consent_given_by", css_class="col-md-4"),
                    Column("consent_given_on", css_class="col-md-2"),
                    Column("consent_form", css_class="col-md-2"),
                ),
                "consent_scan",
            ),
            "interviewer",
        )

    def clean_consent_given_on(self):
        return _not_in_future(self.cleaned_data["consent_given_on"])

    def clean_consent_scan(self):
        return _check_scan(self, "consent_scan")


class SupportFamilyForm(_HouseholdData, VersionChecked, forms.ModelForm):
    """The support family's data corrected later; the status and the consent stay as recorded."""

    class Meta:
        model = SupportFamily
        fields = ["name", "street", "postal_code", "city", "phone", "relation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(*_household_layout())


class SupportMemberForm(SubmittedOnce, forms.ModelForm):
    class Meta:
        model = SupportFamilyMember
        fields = ["first_name", "last_name", "birth_date", "role"]
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("reason for the withdrawal"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


ANSWERS = [("no", gettext_lazy("does not apply")), ("yes", gettext_lazy("applies"))]


class EligibilityInterviewForm(SubmittedOnce, forms.ModelForm):
    """The interview and one answer with its basis for each of the seven exclusions."""

    class Meta:
        model = EligibilityInterview
        fields = [
            "conducted_on",
            "place",
            "findings",
            *[name for code in Exclusion.values for name in (code, f"{code}_basis")],
        ]
        widgets = {
            "conducted_on": DateInput(),
            "findings": forms.Textarea(attrs={"rows": 4}),
            **{f"{code}_basis": forms.Textarea(attrs={"rows": 2}) for code in Exclusion.values},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in Exclusion.choices:
            self.fields[code] = forms.TypedChoiceField(
                label=label,
                choices=ANSWERS,
                coerce=lambda value: value == "yes",
                widget=forms.RadioSelect,
            )
            self.fields[f"{code}_basis"].label = gettext_lazy("basis of the answer")
        self.helper = _helper(
            Row(Column("conducted_on", css_class="col-md-3"), Column("place", css_class="col-md-9")),
            "findings",
            Fieldset(
                gettext_lazy("Exclusions: the family cannot be a support family when"),
                *[
                    Row(Column(code, css_class="col-md-5"), Column(f"{code}_basis", css_class="col-md-7"))
                    for code in Exclusion.values
                ],
            ),
        )

    def clean_conducted_on(self):
        return _not_in_future(self.cleaned_data["conducted_on"])


class EstablishForm(forms.Form):
    established_on = forms.DateField(label=gettext_lazy("date of the decision"), widget=DateInput())
    authorisation = forms.CharField(
        label=gettext_lazy("authorisation of the mayor or wójt"),
        max_length=300,
        help_text=SupportFamily._meta.get_field("authorisation").help_text,
    )
    scope = forms.MultipleChoiceField(
        label=gettext_lazy("scope of help"), choices=HelpScope.choices, widget=forms.CheckboxSelectMultiple
    )
    help_forms = forms.MultipleChoiceField(
        label=gettext_lazy("forms of help"), choices=HelpForm.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_established_on(self):
        return _not_in_future(self.cleaned_data["established_on"])


class ContractForm(SubmittedOnce, VersionChecked, forms.ModelForm):
    categories = forms.MultipleChoiceField(
        label=gettext_lazy("categories of reimbursed costs"),
        choices=CostCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,  # a draft saves whatever is filled in; signing asks for the categories
    )

    class Meta:
        model = Contract
        fields = [
            "support_family_signatories",
            "valid_from",
            "valid_to",
            "scope",
            "categories",
            "monthly_limit",
            "total_limit",
            "reimbursement_rules",
        ]
        field_classes = {"monthly_limit": AmountField, "total_limit": AmountField}
        widgets = {
            "valid_from": DateInput(),
            "valid_to": DateInput(),
            "scope": forms.Textarea(attrs={"rows": 4}),
            "reimbursement_rules": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "support_family_signatories",
            Row(Column("valid_from", css_class="col-md-3"), Column("valid_to", css_class="col-md-3")),
            "scope",
            Fieldset(
                gettext_lazy("Reimbursement of costs"),
                "categories",
                Row(
                    Column("monthly_limit", css_class="col-md-3"), Column("total_limit", css_class="col-md-3")
                ),
                "reimbursement_rules",
            ),
        )


class ContractSignForm(forms.Form):
    signed_on = forms.DateField(label=gettext_lazy("signed on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_signed_on(self):
        return _not_in_future(self.cleaned_data["signed_on"])


class ContractTerminateForm(forms.Form):
    terminated_on = forms.DateField(label=gettext_lazy("terminated on"), widget=DateInput())
    reason = forms.ChoiceField(label=gettext_lazy("reason"), choices=TerminationReason.choices)
    details = forms.CharField(
        label=gettext_lazy("details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class InvoiceForm(SubmittedOnce, forms.ModelForm):
    class Meta:
        model = Invoice
        fields = ["number", "issuer", "issue_date", "amount", "category", "description", "scan"]
        # Amounts are typed the way they are written: 6 000,00 (familysupport.money).
        field_classes = {"amount": AmountField}
        widgets = {"issue_date": DateInput()}
        help_texts = {"scan": gettext_lazy("PDF, JPEG or PNG, up to 10 MB.")}

    def __init__(self, *args, contract: Contract, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = set(contract.categories)
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [(code, label) for code, label in CostCategory.choices if code in allowed]
        self.helper = _helper(
            Row(Column("number", css_class="col-md-4"), Column("issuer", css_class="col-md-8")),
            Row(
                Column("issue_date", css_class="col-md-4"),
                Column("amount", css_class="col-md-4"),
                Column("category", css_class="col-md-4"),
            ),
            "description",
            "scan",
        )

    def clean_issue_date(self):
        return _not_in_future(self.cleaned_data["issue_date"])

    def clean_scan(self):
        return _check_scan(self, "scan")


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("reason for the refusal"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class PaidForm(forms.Form):
    paid_on = forms.DateField(label=gettext_lazy("paid on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_paid_on(self):
        return _not_in_future(self.cleaned_data["paid_on"])


class ExportForm(forms.Form):
    """The period of the reimbursement list: invoices approved between the two dates."""

    date_from = forms.DateField(label=gettext_lazy("approved from"), widget=DateInput())
    date_to = forms.DateField(label=gettext_lazy("approved to"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", gettext_lazy("The end of the period cannot be before its start."))
        if start and end and end - start > datetime.timedelta(days=3660):
            self.add_error("date_to", gettext_lazy("Choose a period of at most ten years."))
        return data
