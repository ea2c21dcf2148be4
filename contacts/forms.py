from typing import cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from cases.forms import DateInput, _helper, _not_in_future
from cases.models import Family, FamilyMember
from contacts.models import Attachment, CaseNote, Contact
from contacts.selectors import present_members, team_of
from familysupport.forms import SubmittedOnce, VersionChecked
from familysupport.models import User
from familysupport.uploads import safe_scan


class TeamMemberField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


class MemberField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: FamilyMember) -> str:
        return f"{obj.first_name} {obj.last_name} ({obj.get_role_display()})"


class ContactForm(SubmittedOnce, VersionChecked, forms.ModelForm):
    """A contact with the family: the one who logs it took part; the others of the team who took
    part are ticked (a joint visit is one contact)."""

    participants = TeamMemberField(
        label=gettext_lazy("Others of the team who took part"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("You are recorded as a participant of the contact you log."),
    )
    members_present = MemberField(
        label=gettext_lazy("Family members present"),
        queryset=FamilyMember.objects.current().none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Contact
        fields = [
            "kind",
            "date",
            "time",
            "duration_minutes",
            "place",
            "participants",
            "members_present",
            "others_present",
            "activities",
            "agreements",
        ]
        widgets = {
            "date": DateInput(),
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "activities": forms.Textarea(attrs={"rows": 4}),
            "agreements": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, family: Family, logger: User, **kwargs):
        super().__init__(*args, **kwargs)
        team: QuerySet[User] = team_of(family)
        if self.instance.pk is not None:  # those named before stay named, also once their work ended
            named = self.instance.participants.values("pk")
            team = User.objects.filter(Q(pk__in=team.values("pk")) | Q(pk__in=named))
            self.initial["participants"] = [
                pk for pk in self.instance.participants.values_list("pk", flat=True) if pk != logger.pk
            ]
            self.initial["members_present"] = list(self.instance.members_present.values_list("pk", flat=True))
        participants = cast(forms.ModelMultipleChoiceField, self.fields["participants"])
        participants.queryset = team.exclude(pk=logger.pk).order_by("last_name", "first_name", "pk")
        members = cast(forms.ModelMultipleChoiceField, self.fields["members_present"])
        members.queryset = present_members(family)
        self.helper = _helper(
            "kind",
            "date",
            "time",
            "duration_minutes",
            "place",
            "participants",
            "members_present",
            "others_present",
            "activities",
            "agreements",
        )

    def clean_date(self):
        return _not_in_future(self.cleaned_data["date"])


class NoteForm(SubmittedOnce, VersionChecked, forms.ModelForm):
    class Meta:
        model = CaseNote
        fields = ["date", "text", "visibility"]
        widgets = {
            "date": DateInput(),
            "text": forms.Textarea(attrs={"rows": 5}),
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("date", "text", "visibility")

    def clean_date(self):
        return _not_in_future(self.cleaned_data["date"])


class AttachmentForm(SubmittedOnce, forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["kind", "title", "dated", "file", "visibility"]
        widgets = {"dated": DateInput(), "visibility": forms.RadioSelect}
        help_texts = {
            "file": gettext_lazy("A PDF file or a JPEG or PNG image."),
            "title": gettext_lazy("What the document is, e.g. a certificate from the school."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("kind", "title", "dated", "file", "visibility")

    def clean_dated(self):
        return _not_in_future(self.cleaned_data["dated"])

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        return safe_scan(upload) if upload else upload
