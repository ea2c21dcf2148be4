"""Irreversible steps are confirmed: signing, submitting, issuing, deciding, ending, closing.

The button of such a step leads first to its confirm page (`confirm_page`): a summary of what
will be signed or sent, one plain sentence saying what will be locked afterwards, and a confirm
button. Only that button's POST (`confirmed`) performs the step, through its service, which asks
its policy, checks the state and writes the audit record as before; any other request (the page
opened, the old button sent, a form sent once) changes nothing. A step with a form (a decision,
the end of work) is confirmed with the form's data carried along, as sent.

The confirm page is drawn by the step's own view, behind the access layer, from the object that
view fetched for the user: it shows nothing the user could not see on the object's own page.
"""

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from familysupport.money import format_money
from familysupport.policies import ALLOWED, Verdict

# The name and value the confirm page's button sends; nothing else performs the step.
CONFIRMED = "confirmed"
CONFIRMED_VALUE = "yes"
# What the confirm page does not carry over from the request it was drawn for.
_NOT_CARRIED = {"csrfmiddlewaretoken", CONFIRMED}

Summary = Sequence[tuple[Any, Any]]


def confirmed(request: HttpRequest) -> bool:
    """The user pressed the confirm page's button (a POST carrying the confirmation)."""
    return request.method == "POST" and request.POST.get(CONFIRMED) == CONFIRMED_VALUE


def shown(value: Any) -> str:
    """A value of the summary as the page shows it: dates the Polish way, amounts in złoty, a
    choice by its label, an empty value as a dash."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return format_money(value)
    if isinstance(value, list | tuple | models.QuerySet):
        return ", ".join(shown(item) for item in value)
    return str(value)


def form_summary(form: forms.BaseForm, fields: Iterable[str] | None = None) -> list[tuple[Any, str]]:
    """What a valid form will record, field by field: its label and the value as chosen."""
    rows = []
    for name in fields or form.fields:
        field = form.fields[name]
        if field.widget.is_hidden:
            continue
        value = form.cleaned_data.get(name)
        if isinstance(field, forms.ModelChoiceField):
            pass  # the object itself, shown by its str
        elif isinstance(field, forms.ChoiceField):
            labels = {str(key): label for key, label in cast(Iterable[tuple[Any, Any]], field.choices)}
            if isinstance(value, list | tuple):
                value = [labels.get(str(item), item) for item in value]
            elif value not in (None, ""):
                value = labels.get(str(value), value)
        rows.append((field.label or name, shown(value)))
    return rows


def confirm_page(
    request: HttpRequest,
    *,
    title: str,
    summary: Summary,
    locks: str,
    button: str,
    back: str,
    verdict: Verdict = ALLOWED,
    missing: Sequence[str] = (),
    header: str | None = None,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """The confirm page of a step: `summary` (label, value) of what the step records, the sentence
    `locks` of what will be locked after it, and the button `button` that performs it (back to
    `back` otherwise). When the step cannot be taken now (`verdict`'s reason, or the `missing`
    parts of a draft), the page says why instead of offering the button. `header` is a template
    included above the title (the family's breadcrumbs), drawn with `context`."""
    carried = [
        (name, value)
        for name in request.POST
        if name not in _NOT_CARRIED
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "_confirm.html",
        {
            **(context or {}),
            "title": title,
            "summary": [(label, shown(value)) for label, value in summary],
            "locks": locks,
            "button": button,
            "back": back,
            "verdict": verdict,
            "missing": missing,
            "header": header,
            "carried": carried,
            "confirmed_name": CONFIRMED,
            "confirmed_value": CONFIRMED_VALUE,
        },
    )
