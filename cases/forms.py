"""Forms of the family's case: validation of input only; the services apply the rules of the path."""

import datetime
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from localflavor.pl.forms import PLPESELField, PLPostalCodeField

from cases.models import (
    AnalysisConclusion,
    AssignmentRequest,
    Consent,
    ConsentBasis,
    Family,
    FamilyMember,
    Interview,
    Problem,
    Report,
    SupportForm,
)
from familysupport.forms import SubmittedOnce, VersionChecked
from familysupport.models import Role, User
from familysupport.uploads import safe_scan


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    # A layout names the fields people fill in; the hidden ones (the version an edit form was
    # drawn from, the one-time token of a form that creates) go along all the same.
    helper.render_hidden_fields = True
    if layout:
        helper.layout = Layout(*layout)
    return helper


def _not_in_future(value: datetime.date | None) -> datetime.date | None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))
    return value


class FamilyForm(VersionChecked, forms.ModelForm):
    postal_code = PLPostalCodeField(label=gettext_lazy("postal code"))

    class Meta:
        model = Family
        fields = ["name", "street", "postal_code", "city", "blue_card"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "name",
            Row(
                Column("street", css_class="col-md-6"),
                Column("postal_code", css_class="col-md-2"),
                Column("city", css_class="col-md-4"),
            ),
            "blue_card",
        )


class ReportForm(SubmittedOnce, forms.ModelForm):
    class Meta:
        model = Report
        fields = ["received_on", "source", "description", "urgent", "intervention"]
        widgets = {
            "received_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "intervention": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("received_on", css_class="col-md-4"), Column("source", css_class="col-md-8")),
            "description",
            "urgent",
            "intervention",
        )

    def clean_received_on(self):
        return _not_in_future(self.cleaned_data["received_on"])


class MemberForm(SubmittedOnce, VersionChecked, forms.ModelForm):
    pesel = PLPESELField(label=gettext_lazy("PESEL"), required=False)

    class Meta:
        model = FamilyMember
        fields = [
            "first_name",
            "last_name",
            "role",
            "birth_date",
            "pesel",
            "parental_authority",
            "in_foster_care",
        ]
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("first_name"), Column("last_name")),
            Row(Column("role"), Column("birth_date"), Column("pesel")),
            Row(Column("parental_authority"), Column("in_foster_care")),
        )

    def clean_birth_date(self):
        return _not_in_future(self.cleaned_data["birth_date"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        pesel, birth_date = cleaned.get("pesel"), cleaned.get("birth_date")
        if pesel and birth_date and _pesel_birth_date(pesel) != birth_date:
            self.add_error("pesel", _("The PESEL number does not match the date of birth."))
        return cleaned


def _pesel_birth_date(pesel: str) -> datetime.date | None:
    """The birth date a PESEL number encodes (the month carries the century)."""
    year, month, day = int(pesel[0:2]), int(pesel[2:4]), int(pesel[4:6])
    century = {0: 1900, 20: 2000, 40: 2100, 60: 2200, 80: 1800}[month - month % 20]
    try:
        return datetime.date(century + year, month % 20, day)
    except ValueError:
        return None


class InterviewForm(VersionChecked, forms.ModelForm):
    problems = forms.MultipleChoiceField(
        label=gettext_lazy("problems"),
        choices=Problem.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Interview
        fields = list(Interview.SECTIONS)
        widgets = {
            "conducted_on": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in Interview.SECTIONS
                if name not in ("conducted_on", "place", "problems")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Fieldset(
                gettext_lazy("The interview"),
                Row(Column("conducted_on", css_class="col-md-4"), Column("place", css_class="col-md-8")),
                "present",
            ),
            Fieldset(
                gettext_lazy("The family's situation"),
                "composition",
                "housing",
                "income",
                "health",
                "work_education",
                "care_upbringing",
            ),
            Fieldset(gettext_lazy("Problems"), "problems", "problems_description"),
            Fieldset(gettext_lazy("Needs and conclusions"), "needs", "diagnosis"),
        )

    def clean_conducted_on(self):
        return _not_in_future(self.cleaned_data["conducted_on"])


class AnalysisForm(SubmittedOnce, forms.Form):
    conclusion = forms.ChoiceField(
        label=gettext_lazy("conclusion"), choices=AnalysisConclusion.choices, widget=forms.RadioSelect
    )
    support_forms = forms.MultipleChoiceField(
        label=gettext_lazy("other forms of support"),
        choices=SupportForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Required when the conclusion is other forms of support."),
    )
    justification = forms.CharField(
        label=gettext_lazy("justification"), widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ConsentForm(SubmittedOnce, forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["basis", "given_on", "given_by", "form", "court", "case_signature", "notes", "scan"]
        widgets = {"given_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "given_by": gettext_lazy("For consent: the person or persons who consented."),
            "court": gettext_lazy("For a court's obligation."),
            "scan": gettext_lazy(
                "The signed consent or the court's decision: PDF, JPEG or PNG, up to 10 MB."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The basis is required: radio buttons of its choices, without the form's empty one.
        self.fields["basis"].widget = forms.RadioSelect(choices=ConsentBasis.choices)
        self.helper = _helper(
            "basis",
            Row(Column("given_on", css_class="col-md-4"), Column("given_by", css_class="col-md-8")),
            "form",
            Row(Column("court", css_class="col-md-8"), Column("case_signature", css_class="col-md-4")),
            "notes",
            "scan",
        )

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan:
            scan = safe_scan(scan)
        return scan


class RequestForm(SubmittedOnce, VersionChecked, forms.ModelForm):
    class Meta:
        model = AssignmentRequest
        fields = ["consent", "justification"]
        widgets = {"justification": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        consent = self.fields["consent"]
        assert isinstance(consent, forms.ModelChoiceField)
        consent.queryset = family.consents.all()
        consent.empty_label = None
        self.helper = _helper()


class SocialWorkerForm(forms.Form):
    social_worker = forms.ModelChoiceField(
        label=gettext_lazy("responsible social worker"), queryset=User.objects.none()
    )

    def __init__(self, *args, centre_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        social_worker = self.fields["social_worker"]
        assert isinstance(social_worker, forms.ModelChoiceField)
        social_worker.queryset = User.objects.filter(
            centre_id=centre_id, is_active=True, groups__name=Role.SOCIAL_WORKER
        ).order_by("last_name", "first_name")
        self.helper = _helper()
