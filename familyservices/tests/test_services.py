"""The rules of the services of the forms of work: the analysis opens them, the referral names one
provider (a specialist only while engaged), sessions are logged while under way by the provider or
the worker, the end takes an outcome and may end the specialist's engagement; refusals included."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import SupportForm
from conftest import days_ago
from familyservices import services
from familyservices.models import EpisodeStatus, Outcome, ServiceEpisode
from familyservices.tests.conftest import family_with_other_support, refer, session
from familysupport.models import AuditAction, AuditEvent
from institutions.tests.builders import institution
from team import services as team_services
from team.models import EngagementStatus
from team.tests.conftest import engage

pytestmark = pytest.mark.django_db


def test_the_analysis_opens_a_planned_service_for_each_form_of_support_the_team_gives(anna):
    family = family_with_other_support(
        anna, SupportForm.COUNSELLING, SupportForm.LEGAL, SupportForm.DAY_SUPPORT, SupportForm.SUPPORT_FAMILY
    )
    episodes = family.service_episodes.all()
    assert sorted(episode.form for episode in episodes) == ["counselling", "legal_aid"]
    assert all(episode.status == EpisodeStatus.PLANNED and episode.member is None for episode in episodes)
    analysis = family.analyses.get()
    assert {episode.analysis_id for episode in episodes} == {analysis.pk}
    created = AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="familyservices.serviceepisode"
    )
    assert created.count() == 2


def test_an_analysis_for_an_assistant_opens_no_service(anna, family_builder):
    family = family_builder(anna, stage="analysed")
    assert not family.service_episodes.exists()


def test_the_worker_plans_a_service_for_a_child(anna, family):
    child = family.members.get(first_name="Ola")
    episode = services.episode_plan(
        actor=anna,
        family=family,
        form="child_therapy",
        member=child,
        goal="Terapia ADHD",
        planned_sessions=12,
    )
    assert (episode.status, episode.member, episode.planned_sessions) == (EpisodeStatus.PLANNED, child, 12)


def test_a_service_is_planned_for_a_member_of_the_family_only(anna, family, bozena):
    other = family_with_other_support(bozena, name="Rodzina Obca")
    stranger = other.members.first()
    with pytest.raises(ValidationError) as error:
        services.episode_plan(
            actor=anna, family=family, form="mediation", member=stranger, goal="", planned_sessions=None
        )
    assert "member" in error.value.message_dict


@pytest.mark.parametrize("persona", ["adam", "sam", "bozena", "marta"])
def test_only_the_worker_or_the_head_plans_a_service(request, family, persona):
    with pytest.raises(PermissionDenied):
        services.episode_plan(
            actor=request.getfixturevalue(persona),
            family=family,
            form="mediation",
            member=None,
            goal="",
            planned_sessions=None,
        )


def test_the_head_plans_a_service(helena, family):
    assert services.episode_plan(
        actor=helena, family=family, form="mediation", member=None, goal="", planned_sessions=None
    ).is_planned


def test_a_specialist_is_referred_a_service_only_while_engaged_on_the_family(anna, counselling, marta):
    with pytest.raises(ValidationError) as error:
        refer(anna, counselling, specialist=marta.specialist_profile)
    assert "specialist" in error.value.message_dict
    engage(anna, counselling.family, marta)
    episode = refer(anna, counselling, specialist=marta.specialist_profile)
    assert episode.status == EpisodeStatus.ONGOING
    assert episode.provider == marta.specialist_profile


def test_the_referral_names_one_provider(anna, legal_aid, engaged, marta):
    court = institution(anna)
    with pytest.raises(ValidationError):
        refer(anna, legal_aid)
    with pytest.raises(ValidationError):
        refer(anna, legal_aid, specialist=marta.specialist_profile, institution=court)
    assert refer(anna, legal_aid, institution=court).institution == court


def test_an_institution_of_another_centre_is_refused(anna, legal_aid, bozena):
    other = institution(bozena, name="Poradnia na Bemowie")
    with pytest.raises(ValidationError) as error:
        refer(anna, legal_aid, institution=other)
    assert "institution" in error.value.message_dict


def test_the_referral_cannot_be_in_the_future_nor_made_twice(anna, legal_aid):
    court = institution(anna)
    with pytest.raises(ValidationError) as error:
        refer(anna, legal_aid, institution=court, referred_on=days_ago(-1))
    assert "referred_on" in error.value.message_dict
    refer(anna, legal_aid, institution=court)
    with pytest.raises(ValidationError, match="ma już realizatora"):
        refer(anna, legal_aid, institution=court)


def test_the_provider_logs_sessions_and_others_of_the_team_do_not(anna, adam, beata, ongoing, marta):
    held = session(marta, ongoing, attended=True)
    missed = session(anna, ongoing, attended=False)
    assert (held.author, missed.author) == (marta, anna)
    engage(anna, ongoing.family, beata)
    for outsider in (adam, beata):
        with pytest.raises(PermissionDenied):
            session(outsider, ongoing)


def test_a_session_is_within_the_service_and_lasts_sensibly(marta, ongoing):
    for changes, field in (
        ({"on": days_ago(-1)}, "held_on"),
        ({"on": days_ago(30)}, "held_on"),  # before the referral 20 days ago
        ({"minutes": 0}, "minutes"),
        ({"minutes": 481}, "minutes"),
    ):
        with pytest.raises(ValidationError) as error:
            session(marta, ongoing, **changes)
        assert field in error.value.message_dict


def test_no_session_for_a_planned_service(anna, counselling):
    with pytest.raises(ValidationError, match="w trakcie trwania usługi"):
        session(anna, counselling)


def test_a_session_logged_by_mistake_is_withdrawn_by_its_author_with_a_reason(anna, marta, ongoing):
    logged = session(marta, ongoing)
    with pytest.raises(PermissionDenied):
        services.session_withdraw(actor=anna, session=logged, reason="Pomyłka")
    with pytest.raises(ValidationError):
        services.session_withdraw(actor=marta, session=logged, reason=" ")
    services.session_withdraw(actor=marta, session=logged, reason="Wpisana do złej rodziny")
    logged.refresh_from_db()
    assert logged.withdrawn_by == marta and logged.withdrawal_reason == "Wpisana do złej rodziny"
    assert not ongoing.sessions.current().exists()


def test_the_end_takes_an_outcome_and_ends_the_engagement_with_the_service(anna, marta, ongoing, engaged):
    session(marta, ongoing, on=days_ago(2))
    with pytest.raises(ValidationError) as error:
        services.episode_end(
            actor=marta,
            episode=ongoing,
            ended_on=days_ago(3),
            outcome=Outcome.ACHIEVED,
            summary="Cele osiągnięte",
        )
    assert "ended_on" in error.value.message_dict  # a session was held after it
    services.episode_end(
        actor=marta,
        episode=ongoing,
        ended_on=days_ago(0),
        outcome=Outcome.ACHIEVED,
        summary="Cele osiągnięte",
        end_engagement=True,
    )
    ongoing.refresh_from_db()
    engaged.refresh_from_db()
    assert (ongoing.status, ongoing.outcome, ongoing.ended_by) == (
        EpisodeStatus.ENDED,
        Outcome.ACHIEVED,
        marta,
    )
    assert engaged.status == EngagementStatus.ENDED
    with pytest.raises(ValidationError, match="już zakończona"):
        services.episode_end(
            actor=anna, episode=ongoing, ended_on=days_ago(0), outcome=Outcome.ACHIEVED, summary="Znowu"
        )


def test_the_engagement_stays_while_the_specialist_gives_the_family_another_service(
    anna, marta, ongoing, engaged
):
    other = services.episode_plan(
        actor=anna, family=ongoing.family, form="child_therapy", member=None, goal="", planned_sessions=None
    )
    refer(anna, other, specialist=marta.specialist_profile)
    services.episode_end(
        actor=anna,
        episode=ongoing,
        ended_on=days_ago(0),
        outcome=Outcome.PARTLY,
        summary="Część celów",
        end_engagement=True,
    )
    engaged.refresh_from_db()
    assert engaged.status == EngagementStatus.ACTIVE


def test_a_service_that_never_began_ends_as_not_taken_up(anna, counselling):
    with pytest.raises(ValidationError) as error:
        services.episode_end(
            actor=anna, episode=counselling, ended_on=days_ago(0), outcome=Outcome.ACHIEVED, summary="x"
        )
    assert "outcome" in error.value.message_dict
    services.episode_end(
        actor=anna,
        episode=counselling,
        ended_on=days_ago(0),
        outcome=Outcome.NOT_TAKEN_UP,
        summary="Rodzina odmówiła",
    )
    assert ServiceEpisode.objects.get(pk=counselling.pk).status == EpisodeStatus.ENDED


@pytest.mark.parametrize("persona", ["adam", "sam", "bozena", "beata"])
def test_only_the_worker_the_head_or_the_provider_ends_a_service(request, ongoing, persona):
    with pytest.raises(PermissionDenied):
        services.episode_end(
            actor=request.getfixturevalue(persona),
            episode=ongoing,
            ended_on=days_ago(0),
            outcome=Outcome.ACHIEVED,
            summary="x",
        )


def test_a_specialist_no_longer_engaged_logs_no_session(anna, marta, ongoing, engaged):
    team_services.engagement_end(actor=anna, engagement=engaged, reason="Koniec konsultacji")
    with pytest.raises(PermissionDenied):
        session(marta, ongoing)
