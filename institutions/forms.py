"""Forms of the cooperation with institutions: validation of input only; the services apply the rules."""

from typing import Any

from crispy_forms.layout import Column, Row
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from phonenumber_field.formfields import PhoneNumberField

from cases.forms import DateInput, _helper, _not_in_future
from familysupport.forms import SubmittedOnce, VersionChecked
from familysupport.models import User
from familysupport.uploads import safe_scan
from institutions.models import (
    CaseConference,
    ConferenceTask,
    FamilyContact,
    Institution,
    Letter,
)


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class _PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class InstitutionForm(SubmittedOnce, VersionChecked, forms.ModelForm):
    phone = PhoneNumberField(label=gettext_lazy("phone"), region="PL", required=False)

    class Meta:
        model = Institution
        fields = ["kind", "name", "address", "phone", "email", "contact_person"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("kind", css_class="col-md-4"), Column("name", css_class="col-md-8")),
            "address",
            Row(
                Column("phone", css_class="col-md-4"),
                Column("email", css_class="col-md-4"),
                Column("contact_person", css_class="col-md-4"),
            ),
        )

    def clean_phone(self) -> str:
        """Kept as a Polish office writes it: +48 22 100 20 30."""
        number = self.cleaned_data.get("phone")
        return number.as_international if number else ""


class FamilyContactForm(SubmittedOnce, forms.ModelForm):
    class Meta:
        model = FamilyContact
        fields = ["institution", "role", "person", "notes"]

    def __init__(self, *args: Any, institutions: QuerySet[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["institution"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = institutions
        self.helper = _helper(
            Row(Column("institution", css_class="col-md-6"), Column("role", css_class="col-md-6")),
            Row(Column("person", css_class="col-md-6"), Column("notes", css_class="col-md-6")),
        )


class LetterForm(SubmittedOnce, VersionChecked, forms.ModelForm):
    class Meta:
        model = Letter
        fields = ["institution", "kind", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args: Any, institutions: QuerySet[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["institution"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = institutions
        self.helper = _helper(
            Row(Column("institution", css_class="col-md-8"), Column("kind", css_class="col-md-4")),
            "subject",
            "body",
        )


class LetterSendForm(forms.Form):
    sent_on = forms.DateField(label=gettext_lazy("sent on"), widget=DateInput())
    reply_due = forms.DateField(
        label=gettext_lazy("reply due by"),
        widget=DateInput(),
        required=False,
        help_text=gettext_lazy("If a reply is awaited: it goes into your deadlines until it is recorded."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("sent_on", css_class="col-md-4"), Column("reply_due", css_class="col-md-4"))
        )

    def clean_sent_on(self) -> Any:
        return _not_in_future(self.cleaned_data["sent_on"])


class LetterReplyForm(forms.Form):
    reply_on = forms.DateField(label=gettext_lazy("reply received on"), widget=DateInput())
    reply_summary = forms.CharField(
        label=gettext_lazy("what the reply says"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    reply_scan = forms.FileField(
        label=gettext_lazy("scan of the reply"),
        required=False,
        help_text=gettext_lazy("PDF, JPEG or PNG, up to 10 MB."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("reply_on", "reply_summary", "reply_scan")

    def clean_reply_on(self) -> Any:
        return _not_in_future(self.cleaned_data["reply_on"])

    def clean_reply_scan(self) -> Any:
        scan = self.cleaned_data.get("reply_scan")
        return safe_scan(scan) if scan else scan


class ConferenceForm(SubmittedOnce, forms.ModelForm):
    team = _PeopleChoice(
        label=gettext_lazy("the centre's people present"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    institutions = forms.ModelMultipleChoiceField(
        label=gettext_lazy("institutions present"),
        queryset=Institution.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CaseConference
        fields = ["held_on", "place", "team", "institutions", "guests", "conclusions"]
        widgets = {
            "held_on": DateInput(),
            "guests": forms.Textarea(attrs={"rows": 3}),
            "conclusions": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(
        self, *args: Any, team: QuerySet[User], institutions: QuerySet[Institution], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        people = self.fields["team"]
        assert isinstance(people, forms.ModelMultipleChoiceField)
        people.queryset = team
        present = self.fields["institutions"]
        assert isinstance(present, forms.ModelMultipleChoiceField)
        present.queryset = institutions
        self.helper = _helper(
            Row(Column("held_on", css_class="col-md-4"), Column("place", css_class="col-md-8")),
            Row(Column("team", css_class="col-md-6"), Column("institutions", css_class="col-md-6")),
            "guests",
            "conclusions",
        )

    def clean_held_on(self) -> Any:
        return _not_in_future(self.cleaned_data["held_on"])


class ConferenceTaskForm(SubmittedOnce, forms.ModelForm):
    owner = _PersonChoice(label=gettext_lazy("owner"), queryset=User.objects.none())

    class Meta:
        model = ConferenceTask
        fields = ["description", "owner", "due_on"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args: Any, owners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = owners
        self.helper = _helper(
            "description",
            Row(Column("owner", css_class="col-md-6"), Column("due_on", css_class="col-md-4")),
        )
