"""The Django admin manages centres, users and their roles; it exposes no case content."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from familysupport import deadlines
from familysupport.models import Centre, User

# The centre's settings the stored due dates are computed from (familysupport.deadlines).
DATED_BY_CENTRE = ("first_plan_days", "request_decision_days", "invoice_decision_days")


def _staff_member(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the admin site lets only signed-in staff in
    return user


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    fieldsets = (
        (None, {"fields": ("name", "code", "address")}),
        (
            _("Deadlines"),
            {
                "fields": (
                    "first_plan_days",
                    "monitoring_months",
                    "request_decision_days",
                    "invoice_decision_days",
                )
            },
        ),
        (
            _("Due soon: days before each deadline"),
            {
                "fields": (
                    "interview_soon_days",
                    "request_decision_soon_days",
                    "first_plan_soon_days",
                    "assessment_soon_days",
                    "court_opinion_soon_days",
                    "monitoring_end_soon_days",
                    "contract_end_soon_days",
                    "invoice_decision_soon_days",
                    "monitoring_review_soon_days",
                    "letter_reply_soon_days",
                    "conference_task_soon_days",
                )
            },
        ),
    )

    def save_model(self, request: HttpRequest, obj: Centre, form: forms.ModelForm, change: bool) -> None:
        """A change of the centre's days dates its stored deadlines anew, in the same transaction
        (the monitoring months date only the work ended from now on, as a closed step keeps its date)."""
        super().save_model(request, obj, form, change)
        if change and set(form.changed_data) & set(DATED_BY_CENTRE):
            deadlines.recompute(centre=obj)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "centre", "is_active"]
    list_filter = ["centre", "groups", "is_active"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Centre and roles"), {"fields": ("centre", "groups", "is_active", "is_staff")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"fields": ("username", "centre", "password1", "password2")}),)

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        """An administrator manages the users of their own centre only."""
        users = super().get_queryset(request)
        if request.user.is_superuser:
            return users
        return users.filter(centre_id=_staff_member(request).centre_id)

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField | None:
        if db_field.name == "centre" and not request.user.is_superuser:
            centre_id = _staff_member(request).centre_id
            kwargs["queryset"] = (
                Centre.objects.none() if centre_id is None else Centre.objects.filter(pk=centre_id)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# django-otp registers its devices in the admin, where their secret keys would show; devices are
# managed only by their owners on the two-factor pages.
admin.site.unregister(TOTPDevice)
