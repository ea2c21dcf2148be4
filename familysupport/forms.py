from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


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
