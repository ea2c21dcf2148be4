"""Forms of the team: validation of input only; the services apply the rules."""

from crispy_forms.layout import Column, Row
from django import forms
from django.utils.translation import gettext_lazy

from cases.forms import DateInput, _helper
from familysupport.forms import SubmittedOnce
from team.models import Specialist


class SpecialistChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Specialist) -> str:
        return str(obj)


class EngagementForm(SubmittedOnce, forms.Form):
    specialist = SpecialistChoiceField(label=gettext_lazy("specialist"), queryset=Specialist.objects.none())
    purpose = forms.CharField(
        label=gettext_lazy("purpose of the engagement"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "What the specialist does with the family: counselling, mediation, legal advice..."
        ),
    )
    starts_on = forms.DateField(label=gettext_lazy("from"), widget=DateInput())
    until = forms.DateField(
        label=gettext_lazy("until"),
        widget=DateInput(),
        help_text=gettext_lazy("At most a year; the engagement ends by itself after this day."),
    )

    def __init__(self, *args, specialists, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["specialist"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = specialists
        self.helper = _helper(
            "specialist",
            "purpose",
            Row(Column("starts_on", css_class="col-md-4"), Column("until", css_class="col-md-4")),
        )


class EngagementEndForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("reason for the end"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The specialist's access to the family ends with the engagement."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("reason")


class ContributionForm(SubmittedOnce, forms.Form):
    text = forms.CharField(
        label=gettext_lazy("contribution"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Your part of the document, shown as yours: what you found and recommend."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("text")
