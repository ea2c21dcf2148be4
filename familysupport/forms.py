import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar, cast

from django import forms
from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext_lazy as _

from familysupport.audit import StaleVersion
from familysupport.constraints import constraint_refusal
from familysupport.models import SubmittedForm, User
from familysupport.money import format_amount, parse_amount

T = TypeVar("T")
M = TypeVar("M", bound=models.Model)


def call_service(form: forms.BaseForm, service: Callable[..., T], /, **kwargs: Any) -> T | None:
    """Run a service for a bound, valid form; a refusal becomes errors on the form.

    Returns the service's result, or None when it refused (the form then carries the message
    beside the field it concerns, and nothing was saved). An edit form (`VersionChecked`) passes
    the service the version it was drawn from; when someone saved the record since, the form
    says what they saved, keeps the user's input and now carries the version saved, so that
    sending it again is a deliberate save over it.
    """
    if isinstance(form, VersionChecked) and form.version is not None:
        kwargs["version"] = form.version
    try:
        return service(**kwargs)
    except IntegrityError as integrity:
        error = _refusal_of(integrity)
    except StaleVersion as stale:
        stale.record()  # after the service's transaction was undone, so that the note stays
        assert isinstance(form, VersionChecked)  # only such a form passes a version to check
        form.drawn_from(stale.current)
        error = stale
    except ValidationError as refused:
        error = refused
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
    return None


def _refusal_of(integrity: IntegrityError) -> ValidationError:
    """The database refused the write: the refusal of the constraint that did, in words; an error
    no constraint explains is a bug, and goes on as it is."""
    refusal = constraint_refusal(integrity)
    if refusal is None:
        raise integrity
    return refusal


class VersionChecked(forms.Form):
    """An edit form carries the version of the record it was drawn from (a hidden field), so
    that its save is refused when someone saved the record meanwhile (`call_service`,
    familysupport.audit.save_changes). Mixed into the ModelForm of a `Versioned` record; the
    version is kept out of `cleaned_data` (`self.version`)."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    version: int | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        drawn = self.record_version()
        if drawn is not None:
            self.initial.setdefault("lock_version", drawn)

    def record_version(self) -> int | None:
        """The version of the record the form is drawn from: its instance's (a form of a part kept
        outside the record's row, as a goal of a plan, answers the record's)."""
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is not None:
            version: int = instance.lock_version
            return version
        return None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.version = cleaned.pop("lock_version", None)
        return cleaned

    def drawn_from(self, version: int) -> None:
        """The form, with the user's input as sent, now answers the record's `version`."""
        data = cast(QueryDict | dict[str, Any], self.data).copy()  # a QueryDict keeps every choice
        data[self.add_prefix("lock_version")] = str(version)
        self.data = data


# What a form sent a second time is told: it created nothing more, here is what the first did.
ALREADY_SENT = _("This form had already been sent; here is what it created. Nothing was added twice.")


class SubmittedOnce(forms.Form):
    """A form that creates something carries a one-time token, made when the form is drawn, so that
    the same form sent twice creates one thing (`call_create_service`). Mixed into the form's
    class; the token is kept out of `cleaned_data` (`self.token`)."""

    submission = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
    token: uuid.UUID | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.token = cleaned.pop("submission", None)
        return cleaned


def call_create_service(
    form: SubmittedOnce, service: Callable[..., M], /, *, actor: User, **kwargs: Any
) -> tuple[M | None, bool]:
    """Run a service that creates an object, once per rendered form.

    Returns (the object, True) when this sending created it; (what the first sending of the same
    form created, False) when it had been sent before; (None, False) when the service refused (the
    form then carries the message, as with `call_service`). The token is recorded in the service's
    own transaction: a sending whose service refused leaves no trace, and of two sent at once the
    second waits for the first and then finds its object.
    """
    token = form.token
    if token is None:
        return call_service(form, service, actor=actor, **kwargs), True
    earlier = _created_by(token, actor)
    if earlier is not None:
        return cast(M, earlier), False
    try:
        with transaction.atomic():
            marker = SubmittedForm.objects.create(token=token, user=actor)
            created = call_service(form, _atomic(service), actor=actor, **kwargs)
            if created is None:
                raise _Refused
            marker.target_type, marker.target_id = created._meta.label_lower, str(created.pk)
            marker.save(update_fields=["target_type", "target_id"])
    except _Refused:
        return None, False
    except IntegrityError:
        earlier = _created_by(token, actor)
        if earlier is None:
            raise
        return cast(M, earlier), False
    return created, True


def say_created(request: HttpRequest, new: bool, success: str) -> None:
    """Say what the form created; or, for a form sent again, that nothing was added twice."""
    if new:
        messages.success(request, success)
    else:
        messages.info(request, ALREADY_SENT)


class _Refused(Exception):
    """The service refused: the token's row is rolled back with the rest."""


def _atomic(service: Callable[..., M]) -> Callable[..., M]:
    """The service in a savepoint of its own, so that its refusal undoes only its own writes."""

    def run(**kwargs: Any) -> M:
        with transaction.atomic():
            return service(**kwargs)

    return run


def _created_by(token: uuid.UUID, actor: User) -> models.Model | None:
    """What the form with this token, sent by `actor`, created (None if it created nothing)."""
    marker = SubmittedForm.objects.filter(token=token, user=actor).exclude(target_id="").first()
    if marker is None:
        return None
    created: models.Model | None = (
        apps.get_model(marker.target_type)._default_manager.filter(pk=marker.target_id).first()
    )
    return created


def call_draft_service(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[..., object],
    finish: Callable[..., object],
    /,
    *,
    finish_button: str,
    saved: str,
    finished: str,
    **kwargs: Any,
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


def call_transition(
    request: HttpRequest, service: Callable[..., T], /, *, success: str, **kwargs: Any
) -> T | None:
    """Run a service behind a button; report success or the refusal as a message."""
    try:
        result = service(**kwargs)
    except IntegrityError as integrity:
        error = _refusal_of(integrity)
    except ValidationError as refused:
        error = refused
    else:
        messages.success(request, success)
        return result
    for message in error.messages:
        messages.error(request, message)
    return None


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
        token: str = self.cleaned_data["token"]
        return token.strip()


# What a date input sends and shows, whatever the language.
ISO_DATE = "%Y-%m-%d"


def bootstrap(form: forms.Form) -> None:
    """Bootstrap's classes on a plain form's widgets (forms without a crispy layout)."""
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class AmountField(forms.DecimalField):
    """An amount in złoty as a person types it (familysupport.money.parse_amount), with grosze."""

    default_error_messages = {"invalid": _("Enter an amount in złoty, e.g. 6 000,00.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("localize", False)
        super().__init__(**kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # DecimalField is an IntegerField
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_amount(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | int | float):
            return format_amount(value)
        return value
