"""The Django admin manages centres, users and their roles; it exposes no case content."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from familysupport.models import Centre, User


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
                )
            },
        ),
    )


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

    def get_queryset(self, request):
        """An administrator manages the users of their own centre only."""
        users = super().get_queryset(request)
        if request.user.is_superuser:
            return users
        return users.filter(centre_id=request.user.centre_id)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "centre" and not request.user.is_superuser:
            kwargs["queryset"] = Centre.objects.filter(pk=request.user.centre_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# django-otp registers its devices in the admin, where their secret keys would show; devices are
# managed only by their owners on the two-factor pages.
admin.site.unregister(TOTPDevice)
