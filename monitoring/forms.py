"""Forms of the monitoring: validation of input only; the services apply the rules."""

from typing import cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy

from cases.forms import DateInput
from cases.models import Family, FamilyMember, FamilyRole
from familysupport.forms import SubmittedOnce, VersionChecked
from monitoring.models import Escalation, Interval, MonitoringPlan, PlanBasis, PlanEndReason, Situation


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.render_hidden_fields = True
    helper.layout = Layout(*layout)
    return helper


class ChildChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: FamilyMember) -> str:
        return f"{obj.first_name} {obj.last_name} ({obj.birth_date:%d.%m.%Y})"


def _children(family: Family):
    return (
        FamilyMember.objects.current()
        .filter(family=family, role=FamilyRole.CHILD)
        .order_by("birth_date", "id")
    )


class _PlanFields(forms.Form):
    children = ChildChoiceField(
        label=gettext_lazy("children concerned"),
        queryset=FamilyMember.objects.current().none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": gettext_lazy("Choose the child or children whose situation is monitored.")
        },
    )
    watched = forms.CharField(
        label=gettext_lazy("what is watched"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "E.g. school attendance, care and hygiene, the parents' sobriety, contacts with the school."
        ),
    )
    every = forms.IntegerField(label=gettext_lazy("review every"), min_value=1, max_value=26)
    interval = forms.ChoiceField(label=gettext_lazy("unit"), choices=Interval.choices)


class PlanForm(SubmittedOnce, _PlanFields):
    basis = forms.ChoiceField(label=gettext_lazy("why the family is monitored"), choices=PlanBasis.choices)
    started_on = forms.DateField(label=gettext_lazy("start of the monitoring"), widget=DateInput())

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["children"]).queryset = _children(family)
        self.helper = _helper(
            "basis",
            "children",
            "watched",
            Row(
                Column("every", css_class="col-md-3"),
                Column("interval", css_class="col-md-3"),
                Column("started_on", css_class="col-md-4"),
            ),
        )


class PlanEditForm(VersionChecked, forms.ModelForm, _PlanFields):
    class Meta:
        model = MonitoringPlan
        fields = ["children", "watched", "every", "interval"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"] = ChildChoiceField(
            label=gettext_lazy("children concerned"),
            queryset=_children(self.instance.family),
            widget=forms.CheckboxSelectMultiple,
        )
        self.helper = _helper(
            "children",
            "watched",
            Row(Column("every", css_class="col-md-3"), Column("interval", css_class="col-md-3")),
        )


class ReviewForm(SubmittedOnce, forms.Form):
    reviewed_on = forms.DateField(label=gettext_lazy("date of the review"), widget=DateInput())
    findings = forms.CharField(label=gettext_lazy("what was found"), widget=forms.Textarea(attrs={"rows": 5}))
    situation = forms.ChoiceField(
        label=gettext_lazy("the child's situation"), choices=Situation.choices, widget=forms.RadioSelect
    )
    next_review_on = forms.DateField(
        label=gettext_lazy("next review"),
        widget=DateInput(),
        required=False,
        help_text=gettext_lazy("Not needed when the review asks for a family assistant."),
    )
    escalation = forms.ChoiceField(
        label=gettext_lazy("escalation"),
        choices=Escalation.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "An interview update opens a draft update of the environmental interview; a request for an "
            "assistant opens the draft request and ends the reviews of this plan."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("reviewed_on", css_class="col-md-4")),
            "findings",
            "situation",
            Row(Column("next_review_on", css_class="col-md-4")),
            "escalation",
        )


class PlanEndForm(forms.Form):
    ended_on = forms.DateField(label=gettext_lazy("ended on"), widget=DateInput())
    reason = forms.ChoiceField(
        label=gettext_lazy("reason for the end"), choices=PlanEndReason.choices, widget=forms.RadioSelect
    )
    summary = forms.CharField(label=gettext_lazy("summary"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Row(Column("ended_on", css_class="col-md-4")), "reason", "summary")
