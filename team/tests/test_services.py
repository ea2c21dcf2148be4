"""Engaging a specialist, ending the engagement by hand and at its expiry: who may, the period,
the object rights granted and revoked, the audit record."""

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from cases.selectors import families_visible_to, family_visible
from familysupport.models import AuditAction, AuditEvent
from team import services
from team.models import MAX_ENGAGEMENT_DAYS, EngagementStatus, Specialist
from team.tests.conftest import engage, in_days


def test_the_responsible_worker_engages_a_specialist_who_then_sees_the_family(family, anna, marta):
    engagement = engage(anna, family, marta)
    assert engagement.status == EngagementStatus.ACTIVE
    assert engagement.centre_id == family.centre_id and engagement.engaged_by == anna
    assert family_visible(marta, family)
    assert list(families_visible_to(marta)) == [family]
    actions = set(AuditEvent.objects.filter(family_id=family.pk).values_list("action", "object_type"))
    assert (AuditAction.CREATE, "team.engagement") in actions
    assert (AuditAction.GRANT, "cases.family") in actions


def test_the_head_engages_a_specialist(family, helena, marta):
    engage(helena, family, marta)
    assert family_visible(marta, family)


@pytest.mark.parametrize("who", ["sam", "adam", "beata", "bartosz", "bozena", "stefan"])
def test_nobody_else_engages_a_specialist(request, family, marta, who):
    with pytest.raises(PermissionDenied):
        engage(request.getfixturevalue(who), family, marta)
    assert not family_visible(marta, family)


def test_an_assistant_of_the_family_does_not_engage_either(anna, helena, adam, marta, family_builder):
    assigned = family_builder(anna, stage="assigned", head=helena, assistant=adam, name="Rodzina Wójcik")
    with pytest.raises(PermissionDenied):
        engage(adam, assigned, marta)


def test_a_specialist_of_another_centre_is_refused(family, anna, natalia):
    with pytest.raises(ValidationError) as refused:
        engage(anna, family, natalia)
    assert "specialist" in refused.value.error_dict


def test_an_inactive_specialist_is_refused(family, anna, marta):
    Specialist.objects.filter(user=marta).update(active=False)
    with pytest.raises(ValidationError):
        engage(anna, family, marta)


def test_a_specialist_is_engaged_on_a_family_once_at_a_time(family, anna, helena, marta):
    engage(anna, family, marta)
    with pytest.raises(ValidationError) as refused:
        engage(helena, family, marta)
    assert "specialist" in refused.value.error_dict


@pytest.mark.parametrize(
    ("starts_in", "until_in", "field"),
    [
        (1, 30, "starts_on"),  # begins in the future
        (-10, -1, "until"),  # already over
        (-5, -6, "until"),  # ends before it starts
        (0, MAX_ENGAGEMENT_DAYS + 1, "until"),  # longer than a year
    ],
)
def test_the_period_must_be_sane(family, anna, marta, starts_in, until_in, field):
    with pytest.raises(ValidationError) as refused:
        engage(anna, family, marta, starts_in=starts_in, until_in=until_in)
    assert field in refused.value.error_dict
    assert not family.engagements.exists()


def test_a_period_of_a_year_from_today_and_of_one_day_are_allowed(family, anna, marta, beata):
    assert engage(anna, family, marta, starts_in=0, until_in=MAX_ENGAGEMENT_DAYS).until == in_days(
        MAX_ENGAGEMENT_DAYS
    )
    assert engage(anna, family, beata, starts_in=0, until_in=0).until == in_days(0)


def test_the_purpose_is_required(family, anna, marta):
    with pytest.raises(ValidationError) as refused:
        engage(anna, family, marta, purpose="   ")
    assert "purpose" in refused.value.error_dict


@pytest.mark.parametrize("who", ["anna", "helena", "marta"])
def test_the_worker_the_head_or_the_specialist_ends_the_engagement(request, engaged, family, marta, who):
    actor = request.getfixturevalue(who)
    services.engagement_end(actor=actor, engagement=engaged, reason="Konsultacje zakończone")
    engaged.refresh_from_db()
    assert engaged.status == EngagementStatus.ENDED
    assert engaged.ended_by == actor and engaged.end_reason == "Konsultacje zakończone"
    assert not family_visible(marta, family)
    assert list(families_visible_to(marta)) == []
    assert AuditEvent.objects.filter(
        family_id=family.pk, action=AuditAction.REVOKE, details__user_id=marta.pk
    ).exists()


@pytest.mark.parametrize("who", ["sam", "beata", "adam", "bartosz", "natalia"])
def test_nobody_else_ends_the_engagement(request, engaged, family, marta, who):
    with pytest.raises(PermissionDenied):
        services.engagement_end(actor=request.getfixturevalue(who), engagement=engaged, reason="Koniec")
    assert family_visible(marta, family)


def test_an_end_needs_a_reason_and_happens_once(engaged, anna):
    with pytest.raises(ValidationError) as refused:
        services.engagement_end(actor=anna, engagement=engaged, reason=" ")
    assert "reason" in refused.value.error_dict
    services.engagement_end(actor=anna, engagement=engaged, reason="Koniec")
    with pytest.raises(ValidationError):
        services.engagement_end(actor=anna, engagement=engaged, reason="Jeszcze raz")


def test_the_daily_command_ends_the_engagements_past_their_period(family, anna, marta, beata):
    over = engage(anna, family, marta, starts_in=-30, until_in=0)
    lasting = engage(anna, family, beata, starts_in=-30, until_in=1)
    out = StringIO()
    call_command("end_expired_engagements", stdout=out)
    assert out.getvalue().strip() == "Engagements ended: 0"  # today is still within the period
    assert over.__class__.objects.get(pk=over.pk).status == EngagementStatus.ACTIVE

    # A day later (the period as the rows have it, moved back one day).
    type(over).objects.filter(pk__in=[over.pk, lasting.pk]).update(starts_on=in_days(-31), until=in_days(-1))
    type(over).objects.filter(pk=lasting.pk).update(until=in_days(0))
    call_command("end_expired_engagements", stdout=StringIO())
    over.refresh_from_db()
    lasting.refresh_from_db()
    assert over.status == EngagementStatus.EXPIRED
    assert over.ended_on == in_days(-1) and over.ended_by is None
    assert lasting.status == EngagementStatus.ACTIVE
    assert not family_visible(marta, family) and family_visible(beata, family)
    assert AuditEvent.objects.filter(
        family_id=family.pk, action=AuditAction.REVOKE, actor=None, details__user_id=marta.pk
    ).exists()

    out = StringIO()
    call_command("end_expired_engagements", stdout=out)  # idempotent
    assert out.getvalue().strip() == "Engagements ended: 0"


def test_an_ended_engagement_leaves_room_for_a_new_one(engaged, family, anna, marta):
    services.engagement_end(actor=anna, engagement=engaged, reason="Pomyłka")
    again = engage(anna, family, marta)
    assert again.pk != engaged.pk and family_visible(marta, family)


def test_an_archived_case_takes_no_engagement(family, anna, marta):
    type(family).objects.filter(pk=family.pk).update(archived_on=in_days(0))
    family.refresh_from_db()
    with pytest.raises(ValidationError):
        engage(anna, family, marta)
