from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familysupport.models import AuditAction, User


def call_service(form: forms.Form, service, /, **kwargs):
    """Run a service for a bound, valid form; a refusal becomes errors on the form.

    Returns the service's result, or None when it refused (the form then carries the message
    beside the field it concerns, and nothing was saved).
    """
    try:
        return service(**kwargs)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


def call_draft_service(
    request: HttpRequest,
    form: forms.Form,
    save,
    finish,
    /,
    *,
    finish_button: str,
    saved: str,
    finished: str,
    **kwargs,
) -> bool:
    """Save a draft from a valid form and, when the finishing button was pressed, finish it too.

    Returns False when the save was refused (the form then carries the errors); True otherwise,
    whether or not the finishing step went through (its refusal is reported as a message).
    """
    if call_service(form, save, data=form.cleaned_data, **kwargs) is None:
        return False
    if finish_button in request.POST:
        call_transition(request, finish, success=finished, **kwargs)
    else:
        messages.success(request, saved)
    return True


def call_transition(request: HttpRequest, service, /, *, success: str, **kwargs):
    """Run a service behind a button; report success or the refusal as a message."""
    try:
        result = service(**kwargs)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return None
    messages.success(request, success)
    return result


class TwoFactorCodeForm(forms.Form):
    """The six-digit code from the user's authenticator app."""

    token = forms.RegexField(
        label=_("Code from the authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits the app shows.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip()


class AuditFilterForm(forms.Form):
    """Filters of the centre's audit record; every field is optional."""

    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    actor = forms.ModelChoiceField(label=_("User"), queryset=User.objects.none(), required=False)
    action = forms.ChoiceField(label=_("Action"), choices=[("", "—"), *AuditAction.choices], required=False)
    reference = forms.CharField(label=_("Family reference"), max_length=32, required=False)

    def __init__(self, *args, centre_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = User.objects.filter(centre_id=centre_id).order_by(
            "last_name", "first_name", "username"
        )
        _bootstrap(self)


class PersonLookupForm(forms.Form):
    """A person by PESEL or by the id of their record; the PESEL is never stored."""

    pesel = forms.CharField(label=_("PESEL"), max_length=11, required=False)
    member = forms.IntegerField(label=_("Person's record number"), min_value=1, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


# What a date input sends and shows, whatever the language.
ISO_DATE = "%Y-%m-%d"


class StatisticsPeriodForm(forms.Form):
    """The period of the statistics: any start and end date, both inclusive."""

    # Older than any register this system holds; a typo of the year should not go unnoticed.
    EARLIEST_YEAR = 2000

    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        # Figures of the far future mean nothing, and its dates overflow the calendar's arithmetic.
        latest_year = timezone.localdate().year + 1
        for name, day in (("start", start), ("end", end)):
            if day is not None and not self.EARLIEST_YEAR <= day.year <= latest_year:
                self.add_error(
                    name,
                    _("Enter a date from %(earliest)d to the end of %(latest)d.")
                    % {"earliest": self.EARLIEST_YEAR, "latest": latest_year},
                )
        if start and end and start > end:
            self.add_error("end", _("The end of the period cannot be before its start."))
        return cleaned


def _bootstrap(form: forms.Form) -> None:
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)
