"""The demo's services of the forms of work (art. 10 ust. 3), through the same services as the
pages, on showcase families whose specialists seed_team engaged: in each centre a service awaiting
its provider (the counselling the analysis of Michalski chose), specialist counselling of the
psychologist under way with sessions held, missed and one withdrawn, legal aid of the lawyer, a
child's therapy referred to the counselling centre of the directory, a mediation just referred, and
a family therapy ended with its goals achieved.

Called by tools.demo.DemoSeeder.seed_services for each centre, after seed_team. Everything is
written by people who already work on the family (its social worker, its engaged specialists), so
nobody meets a family reference the manifest does not already give them.
"""

import datetime

from cases.models import Family, FamilyRole
from familyservices import services
from familyservices.models import Outcome, ServiceEpisode
from familysupport.models import Centre, User
from institutions.models import Institution, InstitutionKind


def _referred(
    family: Family,
    *,
    form: str,
    goal: str,
    referred_on: datetime.date,
    planned_sessions: int,
    specialist: User | None = None,
    institution: Institution | None = None,
    child: bool = False,
) -> ServiceEpisode:
    worker = family.social_worker
    member = (
        family.members.current().filter(role=FamilyRole.CHILD).order_by("birth_date").first()
        if child
        else None
    )
    episode = services.episode_plan(
        actor=worker, family=family, form=form, member=member, goal=goal, planned_sessions=planned_sessions
    )
    return services.episode_refer(
        actor=worker,
        episode=episode,
        specialist=specialist.specialist_profile if specialist else None,
        institution=institution,
        referred_on=referred_on,
        planned_sessions=planned_sessions,
        member=member,
        goal=goal,
    )


def _sessions(actor: User, episode: ServiceEpisode, held: list[tuple[datetime.date, bool, str]]) -> list:
    return [
        services.session_log(actor=actor, episode=episode, held_on=on, minutes=50, attended=came, note=note)
        for on, came, note in held
    ]


def seed_services(
    *, centre: Centre, users: dict[str, User], specialist: dict[str, str], today: datetime.date
) -> None:
    """`specialist`: the login of each specialist of the centre by post ("psycholog")."""
    day = datetime.timedelta
    family = {
        surname: Family.objects.get(centre=centre, name=f"Rodzina {surname}")
        for surname in ("Malinowski", "Zając", "Michalski", "Kubiak")
    }
    psychologist, lawyer = users[specialist["psycholog"]], users[specialist["prawnik"]]
    therapist, mediator = users[specialist["terapeuta"]], users[specialist["mediator"]]

    counselling = _referred(
        family["Malinowski"],
        form="specialist_counselling",
        goal="Wsparcie matki w radzeniu sobie ze stresem i w konsekwentnym wychowaniu dzieci.",
        referred_on=today - day(13),
        planned_sessions=8,
        specialist=psychologist,
    )
    held = _sessions(
        psychologist,
        counselling,
        [
            (today - day(12), True, "Pierwsza konsultacja: cele pracy, rutyna dnia dzieci."),
            (today - day(8), True, "Rozmowa o stawianiu granic; matka prowadzi dzienniczek."),
            (today - day(5), False, "Matka nie przyszła; telefonicznie przełożyła spotkanie."),
            (today - day(1), True, "Omówienie dzienniczka; lepsza organizacja poranków."),
        ],
    )
    mistaken = services.session_log(
        actor=psychologist, episode=counselling, held_on=today - day(1), minutes=50, attended=True, note=""
    )
    services.session_withdraw(actor=psychologist, session=mistaken, reason="Sesja wpisana podwójnie.")
    assert len(held) == 4

    legal = _referred(
        family["Zając"],
        form="legal_aid",
        goal="Pomoc w przygotowaniu pozwu o alimenty i wniosku o uregulowanie kontaktów z ojcem dzieci.",
        referred_on=today - day(10),
        planned_sessions=3,
        specialist=lawyer,
    )
    _sessions(lawyer, legal, [(today - day(9), True, "Omówienie dokumentów; lista brakujących zaświadczeń.")])

    clinic = (
        Institution.objects.filter(centre=centre, kind=InstitutionKind.COUNSELLING).order_by("id").first()
    )
    therapy = _referred(
        family["Zając"],
        form="child_therapy",
        goal="Diagnoza i terapia trudności w czytaniu i pisaniu.",
        referred_on=today - day(20),
        planned_sessions=10,
        institution=clinic,
        child=True,
    )
    # The counselling centre reports the sessions to the social worker, who logs them.
    _sessions(
        family["Zając"].social_worker, therapy, [(today - day(6), True, "Poradnia: pierwsza sesja terapii.")]
    )

    _referred(
        family["Kubiak"],
        form="mediation",
        goal="Porozumienie rodziców w sprawie opieki nad dziećmi.",
        referred_on=today - day(2),
        planned_sessions=4,
        specialist=mediator,
    )

    ended = _referred(
        family["Michalski"],
        form="family_therapy",
        goal="Odbudowa komunikacji w rodzinie po rozstaniu rodziców.",
        referred_on=today - day(13),
        planned_sessions=3,
        specialist=therapist,
    )
    _sessions(
        therapist,
        ended,
        [
            (today - day(12), True, "Sesja rodzinna: zasady rozmowy przy dzieciach."),
            (today - day(7), True, "Sesja rodzinna: plan wspólnych weekendów."),
            (today - day(3), True, "Podsumowanie: rodzice ustalili stałe zasady kontaktów."),
        ],
    )
    # The therapist stays engaged on the family (the engagement runs on, seed_team).
    services.episode_end(
        actor=therapist,
        episode=ended,
        ended_on=today - day(3),
        outcome=Outcome.ACHIEVED,
        summary="Rodzice porozumiewają się bez konfliktów przy dzieciach; cele terapii osiągnięte.",
        end_engagement=False,
    )
