"""The centre's administrator records each specialist's specialty in the Django admin, for the
specialists of their own centre only."""

from django.contrib.auth.models import Permission
from django.urls import reverse

from familysupport.models import User
from team.models import Specialist, Specialty


def _administrator(ada) -> User:
    ada.is_staff = True
    ada.save(update_fields=["is_staff"])
    ada.user_permissions.set(
        Permission.objects.filter(content_type__app_label="team", codename__endswith="specialist")
    )
    return User.objects.get(pk=ada.pk)


def test_the_administrator_lists_and_edits_the_specialists_of_their_centre_only(client, ada, marta, natalia):
    client.force_login(_administrator(ada))
    listed = client.get(reverse("admin:team_specialist_changelist"))
    assert list(listed.context["cl"].queryset) == [marta.specialist_profile]
    other = client.get(reverse("admin:team_specialist_change", args=[natalia.specialist_profile.pk]))
    assert other.status_code == 302  # not found in the centre's list: back to the index
    page = client.get(reverse("admin:team_specialist_change", args=[marta.specialist_profile.pk]))
    assert list(page.context["adminform"].form.fields["centre"].queryset) == [ada.centre]
    response = client.post(
        reverse("admin:team_specialist_change", args=[marta.specialist_profile.pk]),
        {"user": marta.pk, "centre": ada.centre_id, "specialty": Specialty.THERAPIST, "active": "on"},
    )
    assert response.status_code == 302
    assert Specialist.objects.get(user=marta).specialty == Specialty.THERAPIST
