"""The services' personas (the team's specialists: Marta the psychologist and Beata the pedagogue
in centre A, Natalia the psychologist in centre B) and a family given other forms of support."""

import pytest

from cases import services as case_services
from cases.models import AnalysisConclusion, Family, SupportForm
from conftest import build_family, days_ago
from familyservices import services
from familyservices.models import ServiceEpisode
from team.tests.conftest import beata, engage, marta, natalia  # noqa: F401 (fixtures)

__all__ = ["beata", "marta", "natalia"]


def family_with_other_support(worker, *forms: str, name: str = "Rodzina Lis") -> Family:
    """A family whose analysis chose other forms of support (by default counselling and legal aid)."""
    family = build_family(worker, stage="interviewed", name=name)
    case_services.analysis_record(
        actor=worker,
        family=family,
        conclusion=AnalysisConclusion.OTHER_SUPPORT,
        support_forms=list(forms or (SupportForm.COUNSELLING, SupportForm.LEGAL)),
        justification="Wystarczy poradnictwo i pomoc prawna",
    )
    family.refresh_from_db()
    return family


def refer(actor, episode: ServiceEpisode, *, specialist=None, institution=None, **changes) -> ServiceEpisode:
    return services.episode_refer(
        actor=actor,
        episode=episode,
        specialist=specialist,
        institution=institution,
        referred_on=changes.pop("referred_on", days_ago(20)),
        planned_sessions=changes.pop("planned_sessions", 10),
        member=changes.pop("member", None),
        goal=changes.pop("goal", "Wzmocnienie kompetencji rodzicielskich"),
    )


def session(actor, episode: ServiceEpisode, *, on=None, attended: bool = True, **changes):
    return services.session_log(
        actor=actor,
        episode=episode,
        held_on=on or days_ago(1),
        minutes=changes.pop("minutes", 50),
        attended=attended,
        note=changes.pop("note", "Rozmowa o rutynie dnia"),
    )


@pytest.fixture
def family(anna):
    return family_with_other_support(anna)


@pytest.fixture
def counselling(family) -> ServiceEpisode:
    return family.service_episodes.get(form="counselling")


@pytest.fixture
def legal_aid(family) -> ServiceEpisode:
    return family.service_episodes.get(form="legal_aid")


@pytest.fixture
def engaged(anna, family, marta):
    return engage(anna, family, marta)


@pytest.fixture
def ongoing(anna, counselling, engaged, marta) -> ServiceEpisode:
    """The counselling referred to Marta, engaged on the family."""
    return refer(anna, counselling, specialist=marta.specialist_profile)
