"""Forms of the services: validation of input only; the services apply the rules."""

from crispy_forms.layout import Column, Row
from django import forms
from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy

from cases.forms import DateInput, _helper
from cases.models import Family, FamilyMember
from familyservices import selectors
from familyservices.models import (
    MAX_PLANNED_SESSIONS,
    MAX_SESSION_MINUTES,
    Outcome,
    ServiceEpisode,
    ServiceForm,
)
from familysupport.forms import SubmittedOnce
from institutions.models import Institution
from team.models import Specialist


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: FamilyMember) -> str:
        return f"{obj.first_name} {obj.last_name} ({obj.get_role_display()})"


class SpecialistChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Specialist) -> str:
        return f"{obj.user.get_full_name()} ({obj.get_specialty_display()})"


class _ServiceFields(forms.Form):
    member = MemberChoiceField(
        label=gettext_lazy("for whom"),
        queryset=FamilyMember.objects.current().none(),
        required=False,
        empty_label=gettext_lazy("the whole family"),
    )
    goal = forms.CharField(
        label=gettext_lazy("what the service is for"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    planned_sessions = forms.IntegerField(
        label=gettext_lazy("planned sessions"), min_value=1, max_value=MAX_PLANNED_SESSIONS, required=False
    )

    def _for_family(self, family: Family) -> None:
        self.fields["member"].queryset = selectors.family_members(family)  # type: ignore[attr-defined]


class EpisodeForm(SubmittedOnce, _ServiceFields):
    # No form is chosen for the worker: an empty choice, which the form refuses.
    form = forms.ChoiceField(
        label=gettext_lazy("form of work"), choices=[*BLANK_CHOICE_DASH, *ServiceForm.choices]
    )

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self._for_family(family)
        self.helper = _helper("form", "member", "goal", Row(Column("planned_sessions", css_class="col-md-4")))


class ReferForm(_ServiceFields):
    specialist = SpecialistChoiceField(
        label=gettext_lazy("specialist of the centre"),
        queryset=Specialist.objects.none(),
        required=False,
        help_text=gettext_lazy("A specialist engaged on the family (the Specialists section)."),
    )
    institution = forms.ModelChoiceField(
        label=gettext_lazy("or an institution"),
        queryset=Institution.objects.none(),
        required=False,
        help_text=gettext_lazy("An institution of the centre's directory."),
    )
    referred_on = forms.DateField(label=gettext_lazy("referral date"), widget=DateInput())

    def __init__(self, *args, episode: ServiceEpisode, **kwargs):
        super().__init__(*args, **kwargs)
        family = episode.family
        self._for_family(family)
        self.fields["specialist"].queryset = selectors.engaged_specialists(family)  # type: ignore[attr-defined]
        self.fields["institution"].queryset = selectors.centre_institutions(family)  # type: ignore[attr-defined]
        self.helper = _helper(
            "specialist",
            "institution",
            Row(
                Column("referred_on", css_class="col-md-4"), Column("planned_sessions", css_class="col-md-4")
            ),
            "member",
            "goal",
        )


class SessionForm(SubmittedOnce, forms.Form):
    held_on = forms.DateField(label=gettext_lazy("date of the session"), widget=DateInput())
    minutes = forms.IntegerField(
        label=gettext_lazy("duration (minutes)"), min_value=1, max_value=MAX_SESSION_MINUTES
    )
    attended = forms.BooleanField(
        label=gettext_lazy("the family (or the person) attended"), required=False, initial=True
    )
    note = forms.CharField(
        label=gettext_lazy("short note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The family's team reads it: what was worked on, no therapy notes."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("held_on", css_class="col-md-4"), Column("minutes", css_class="col-md-4")),
            "attended",
            "note",
        )


class EndForm(forms.Form):
    ended_on = forms.DateField(label=gettext_lazy("ended on"), widget=DateInput())
    outcome = forms.ChoiceField(
        label=gettext_lazy("outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    summary = forms.CharField(
        label=gettext_lazy("summary of the service"), widget=forms.Textarea(attrs={"rows": 4})
    )
    end_engagement = forms.BooleanField(
        label=gettext_lazy("the specialist's engagement on the family ends with the service"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Unless the specialist gives the family another service under way."),
    )

    def __init__(self, *args, episode: ServiceEpisode, **kwargs):
        super().__init__(*args, **kwargs)
        fields = [Row(Column("ended_on", css_class="col-md-4")), "outcome", "summary"]
        if episode.specialist_id is None:
            del self.fields["end_engagement"]
        else:
            fields.append("end_engagement")
        self.helper = _helper(*fields)
