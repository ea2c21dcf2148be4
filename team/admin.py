"""The centre's administrator records each specialist's specialty, as they manage users."""

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from familysupport.models import Centre, Role, User
from team.models import Specialist


def _centre_id(request: HttpRequest) -> int | None:
    user = request.user
    assert isinstance(user, User)  # the admin site lets only signed-in staff in
    return user.centre_id


@admin.register(Specialist)
class SpecialistAdmin(admin.ModelAdmin):
    list_display = ["user", "specialty", "centre", "active"]
    list_filter = ["specialty", "active"]
    fields = ["user", "centre", "specialty", "active"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Specialist]:
        """An administrator manages the specialists of their own centre only."""
        specialists = super().get_queryset(request).select_related("user", "centre")
        if request.user.is_superuser:
            return specialists
        return specialists.filter(centre_id=_centre_id(request))

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField | None:
        if not request.user.is_superuser:
            centre_id = _centre_id(request) or 0  # no centre: no choice
            if db_field.name == "centre":
                kwargs["queryset"] = Centre.objects.filter(pk=centre_id)
            elif db_field.name == "user":
                kwargs["queryset"] = User.objects.filter(centre_id=centre_id, groups__name=Role.SPECIALIST)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
