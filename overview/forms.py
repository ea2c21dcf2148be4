"""Forms of the overview: the audit record's filters, the person lookup, the statistics' period."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familysupport.forms import ISO_DATE, bootstrap
from familysupport.models import AuditAction, User


class AuditFilterForm(forms.Form):
    """Filters of the centre's audit record; every field is optional."""

    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    actor = forms.ModelChoiceField(label=_("User"), queryset=User.objects.none(), required=False)
    action = forms.ChoiceField(label=_("Action"), choices=[("", "—"), *AuditAction.choices], required=False)
    reference = forms.CharField(label=_("Family reference"), max_length=32, required=False)

    def __init__(self, *args: Any, centre_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor = self.fields["actor"]
        assert isinstance(actor, forms.ModelChoiceField)
        actor.queryset = User.objects.filter(centre_id=centre_id).order_by(
            "last_name", "first_name", "username"
        )
        bootstrap(self)


class PersonLookupForm(forms.Form):
    """A person by PESEL or by the id of their record; the PESEL is never stored."""

    pesel = forms.CharField(label=_("PESEL"), max_length=11, required=False)
    member = forms.IntegerField(label=_("Person's record number"), min_value=1, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class StatisticsPeriodForm(forms.Form):
    """The period of the statistics: any start and end date, both inclusive."""

    # Older than any register this system holds; a typo of the year should not go unnoticed.
    EARLIEST_YEAR = 2000

    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
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
