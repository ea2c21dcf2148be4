"""Forms of the assistants' work: validation of input only; the services apply the rules."""

from typing import Any

from crispy_forms.layout import Column, Fieldset, Row
from django import forms
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assistants.models import (
    Assessment,
    AssistantProfile,
    CourtOpinion,
    CourtRequest,
    DecisionOutcome,
    DispatchMethod,
    EndReason,
    GoalStatus,
    PlanComment,
    PlanGoal,
    Recommendation,
    Visit,
    WorkPlan,
)
from cases.forms import DateInput, _helper, _not_in_future
from familysupport.forms import SubmittedOnce, VersionChecked
from familysupport.uploads import safe_scan


class AssistantChoiceField(forms.ModelChoiceField):
    """An assistant of the centre, shown with the families they work with against their cap (the
    choices are `assistants_of_centre`, which annotates the caseload)."""

    def label_from_instance(self, obj: AssistantProfile) -> str:
        return _("%(name)s — families: %(count)d, cap: %(cap)d") % {
            "name": obj,
            "count": obj.active_families,
            "cap": obj.caseload_cap,
        }


class DecisionForm(SubmittedOnce, forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("decision"), choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    assistant = AssistantChoiceField(
        label=gettext_lazy("family assistant"), queryset=AssistantProfile.objects.none(), required=False
    )
    entity = forms.CharField(label=gettext_lazy("entity asked"), max_length=200, required=False)
    comment = forms.CharField(
        label=gettext_lazy("comment or reason"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, assistants, **kwargs):
        super().__init__(*args, **kwargs)
        assistant = self.fields["assistant"]
        assert isinstance(assistant, forms.ModelChoiceField)
        assistant.queryset = assistants
        self.helper = _helper()


class CourtRequestForm(SubmittedOnce, forms.ModelForm):
    """A court's letter as staff register it; the family is named by its reference number."""

    family_reference = forms.CharField(
        label=gettext_lazy("family's reference number"),
        max_length=32,
        help_text=gettext_lazy("As on the court's letter or the centre's file, e.g. OCH/2026/0001."),
    )

    class Meta:
        model = CourtRequest
        fields = [
            "court",
            "division",
            "case_signature",
            "letter_date",
            "received_on",
            "deadline",
            "request_text",
            "scan",
        ]
        widgets = {
            "letter_date": DateInput(),
            "received_on": DateInput(),
            "deadline": DateInput(),
            "request_text": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "court": gettext_lazy("E.g. Sąd Rejonowy dla Warszawy-Śródmieścia."),
            "division": gettext_lazy("E.g. III Wydział Rodzinny i Nieletnich."),
            "scan": gettext_lazy("The court's letter: PDF, JPEG or PNG, up to 10 MB."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(
                Column("family_reference", css_class="col-md-4"),
                Column("case_signature", css_class="col-md-4"),
            ),
            Row(Column("court", css_class="col-md-6"), Column("division", css_class="col-md-6")),
            Row(
                Column("letter_date", css_class="col-md-4"),
                Column("received_on", css_class="col-md-4"),
                Column("deadline", css_class="col-md-4"),
            ),
            "request_text",
            "scan",
        )

    def clean_letter_date(self):
        return _not_in_future(self.cleaned_data["letter_date"])

    def clean_received_on(self):
        return _not_in_future(self.cleaned_data["received_on"])

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan:
            scan = safe_scan(scan)
        return scan


class CourtOpinionForm(VersionChecked, forms.ModelForm):
    class Meta:
        model = CourtOpinion
        fields = list(CourtOpinion.SECTIONS)
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in CourtOpinion.SECTIONS}
        help_texts = {
            "basis_and_period": gettext_lazy("Since when and on what basis you work with the family."),
            "composition_and_sources": gettext_lazy(
                "Who the family are and what the opinion rests on: visits, documents, institutions."
            ),
            "conclusions": gettext_lazy("Your conclusions and recommendations for the court."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class CourtOpinionReturnForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("what should be corrected"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class CourtOpinionDispatchForm(forms.Form):
    dispatched_on = forms.DateField(label=gettext_lazy("dispatched on"), widget=DateInput())
    method = forms.ChoiceField(label=gettext_lazy("dispatch method"), choices=DispatchMethod.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("dispatched_on", css_class="col-md-4"), Column("method", css_class="col-md-8"))
        )

    def clean_dispatched_on(self):
        return _not_in_future(self.cleaned_data["dispatched_on"])


# Assistant profiles, periodic assessments, the end of work, monitoring and reassignment.


class AssistantProfileForm(VersionChecked, forms.ModelForm):
    class Meta:
        model = AssistantProfile
        fields = [
            "qualification_route",
            "qualification_details",
            "not_deprived_of_parental_authority",
            "meets_maintenance_duty",
            "not_convicted",
            "statements_signed_on",
            "employment_form",
            "caseload_cap",
        ]
        widgets = {
            "qualification_details": forms.Textarea(attrs={"rows": 4}),
            "statements_signed_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Fieldset(
                gettext_lazy("Qualifications (art. 12 of the Act)"),
                "qualification_route",
                "qualification_details",
            ),
            Fieldset(
                gettext_lazy("Statements (art. 12 of the Act)"),
                "not_deprived_of_parental_authority",
                "meets_maintenance_duty",
                "not_convicted",
                Row(Column("statements_signed_on", css_class="col-md-4")),
            ),
            Fieldset(
                gettext_lazy("Employment and caseload"),
                Row(
                    Column("employment_form", css_class="col-md-8"),
                    Column("caseload_cap", css_class="col-md-4"),
                ),
            ),
        )

    def clean_statements_signed_on(self):
        return _not_in_future(self.cleaned_data["statements_signed_on"])


GOAL_FIELD_PREFIX = "goal_"


class AssessmentForm(SubmittedOnce, VersionChecked, forms.ModelForm):
    """The periodic assessment; one progress field per goal of the current work plan."""

    class Meta:
        model = Assessment
        fields = ["period_from", "period_to", *Assessment.AREAS, "cooperation", "recommendation"]
        widgets = {
            "period_from": DateInput(),
            "period_to": DateInput(),
            "recommendation": forms.RadioSelect,
            **{name: forms.Textarea(attrs={"rows": 3}) for name in (*Assessment.AREAS, "cooperation")},
        }

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        recommendation = self.fields["recommendation"]
        assert isinstance(recommendation, forms.ChoiceField)
        recommendation.choices = Recommendation.choices
        progress = self.instance.goal_progress or {}
        self.goal_fields = []
        for goal in goals:
            name = f"{GOAL_FIELD_PREFIX}{goal.pk}"
            deadline = date_format(goal.deadline, "SHORT_DATE_FORMAT") if goal.deadline else "—"
            self.fields[name] = forms.CharField(
                label=goal.goal,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=progress.get(str(goal.pk), ""),
                required=False,  # a draft saves whatever is filled in; submitting asks for all
                help_text=format_html(
                    _("Deadline: {deadline}. Expected effect: {effect}"),
                    deadline=deadline,
                    effect=goal.expected_effect,
                ),
            )
            self.goal_fields.append(name)
        layout = [
            Row(Column("period_from", css_class="col-md-4"), Column("period_to", css_class="col-md-4")),
        ]
        if self.goal_fields:
            layout.append(Fieldset(gettext_lazy("Progress on the goals of the work plan"), *self.goal_fields))
        layout += [
            Fieldset(gettext_lazy("The family's situation"), *Assessment.AREAS),
            Fieldset(gettext_lazy("Cooperation and recommendation"), "cooperation", "recommendation"),
        ]
        self.helper = _helper(*layout)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        cleaned["goal_progress"] = {
            name.removeprefix(GOAL_FIELD_PREFIX): cleaned[name]
            for name in self.goal_fields
            if name in cleaned
        }
        return cleaned


class WorkEndForm(SubmittedOnce, forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("reason for ending"),
        choices=[(value, label) for value, label in EndReason.choices if value != EndReason.REASSIGNED],
        widget=forms.RadioSelect,
    )
    ended_on = forms.DateField(label=gettext_lazy("end of work"), widget=DateInput())
    summary = forms.CharField(
        label=gettext_lazy("summary of the work"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("What was achieved, what remains, and what the monitoring should watch."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("reason", Row(Column("ended_on", css_class="col-md-4")), "summary")

    def clean_ended_on(self):
        return _not_in_future(self.cleaned_data["ended_on"])


class MonitoringNoteForm(SubmittedOnce, forms.Form):
    date = forms.DateField(label=gettext_lazy("date"), widget=DateInput())
    text = forms.CharField(label=gettext_lazy("note"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Row(Column("date", css_class="col-md-4")), "text")

    def clean_date(self):
        return _not_in_future(self.cleaned_data["date"])


class ReassignForm(forms.Form):
    assistant = AssistantChoiceField(
        label=gettext_lazy("new family assistant"), queryset=AssistantProfile.objects.none()
    )
    started_on = forms.DateField(
        label=gettext_lazy("handover date"),
        widget=DateInput(),
        required=False,
        help_text=gettext_lazy("Today if left empty."),
    )

    def __init__(self, *args, assistants, **kwargs):
        super().__init__(*args, **kwargs)
        assistant = self.fields["assistant"]
        assert isinstance(assistant, forms.ModelChoiceField)
        assistant.queryset = assistants
        self.helper = _helper("assistant", Row(Column("started_on", css_class="col-md-4")))

    def clean_started_on(self):
        return _not_in_future(self.cleaned_data["started_on"])


# The work plan (art. 15 ust. 1 pkt 1–2) and the documentation of work (visits and contacts).


class WorkPlanForm(VersionChecked, forms.ModelForm):
    class Meta:
        model = WorkPlan
        fields = ["consulted_on", "foster_care_coordinator", "child_help_plan"]
        widgets = {"consulted_on": DateInput(), "child_help_plan": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "consulted_on": gettext_lazy(
                "The plan is drafted in consultation with the family's social worker (art. 15 ust. 1 pkt 1)."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(
                Column("consulted_on", css_class="col-md-4"),
                Column("foster_care_coordinator", css_class="col-md-8"),
            ),
            "child_help_plan",
        )

    def clean_consulted_on(self):
        return _not_in_future(self.cleaned_data["consulted_on"])


class GoalForm(VersionChecked, forms.ModelForm):
    """One goal of a draft plan, on a form of its own on the plan's page. The goals are part of the
    plan's version (WorkPlan.VERSION_PARTS): the form carries the plan's, not the goal's.

    Each goal's form on the page names its fields alike (`goal`, `actions`...), so give each an
    `auto_id` of its own (`goal_auto_id`)."""

    class Meta:
        model = PlanGoal
        fields = ["goal", "actions", "performer", "performer_name", "deadline", "expected_effect", "status"]
        widgets = {
            "deadline": DateInput(),
            "actions": forms.Textarea(attrs={"rows": 2}),
            "expected_effect": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"performer_name": gettext_lazy("The family member or the institution, by name.")}

    def __init__(self, *args, plan: WorkPlan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "goal",
            "actions",
            Row(
                Column("performer", css_class="col-md-4"),
                Column("performer_name", css_class="col-md-8"),
            ),
            Row(Column("deadline", css_class="col-md-4"), Column("status", css_class="col-md-4")),
            "expected_effect",
        )

    def record_version(self) -> int | None:
        return self.plan.lock_version


class GoalAddForm(SubmittedOnce, GoalForm):
    """A new goal of a draft plan: sent twice, it adds one goal."""


class GoalRemoveForm(VersionChecked):
    """The removal of a goal: only the plan's version its page was drawn from."""

    def __init__(self, *args, plan: WorkPlan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)

    def record_version(self) -> int | None:
        return self.plan.lock_version


NEW_GOAL_ID = "id_new_goal_%s"


def goal_auto_id(goal: PlanGoal) -> str:
    """The ids of the fields of a goal's form: one set per goal on the page."""
    return f"id_goal{goal.pk}_%s"


class WorkPlanAcceptForm(forms.Form):
    accepted_by = forms.CharField(
        label=gettext_lazy("signed by (family members)"),
        max_length=200,
        help_text=gettext_lazy("The family members who signed the plan, as on the signed copy."),
    )
    accepted_on = forms.DateField(label=gettext_lazy("signed by the family on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("accepted_by", css_class="col-md-8"), Column("accepted_on", css_class="col-md-4"))
        )

    def clean_accepted_on(self):
        return _not_in_future(self.cleaned_data["accepted_on"])


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("status"), choices=GoalStatus.choices)


class PlanCommentForm(SubmittedOnce, forms.ModelForm):
    class Meta:
        model = PlanComment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class VisitForm(SubmittedOnce, VersionChecked, forms.ModelForm):
    class Meta:
        model = Visit
        fields = ["date", "kind", "place", "duration_minutes", "present", "activities", "tasks_until_next"]
        widgets = {
            "date": DateInput(),
            "activities": forms.Textarea(attrs={"rows": 4}),
            "tasks_until_next": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(
                Column("date", css_class="col-md-3"),
                Column("kind", css_class="col-md-5"),
                Column("duration_minutes", css_class="col-md-4"),
            ),
            Row(Column("place", css_class="col-md-6"), Column("present", css_class="col-md-6")),
            "activities",
            "tasks_until_next",
        )

    def clean_date(self):
        return _not_in_future(self.cleaned_data["date"])
