"""The demo's assistants and their work with the families assigned to them: work plans, visits,
assessments, courts' letters and opinions, handovers, ends of work and monitoring, through the same
services as the pages.
"""

import datetime

from assistants.models import CASELOAD_CAP, Assessment, AssistantProfile, CourtOpinion, CourtRequest
from assistants.services import assessments as assessments_services
from assistants.services import court as court_services
from assistants.services import lifecycle as lifecycle_services
from assistants.services import plans as plans_services
from cases.models import Family
from familysupport.models import Centre, Role, User
from tools.demo.people import CENTRES
from tools.demo.plan import DEADLINE_COURT_LETTERS, WITHDRAWN_STAGE

COURT = {"court": "Sąd Rejonowy dla Warszawy-Ochoty", "division": "III Wydział Rodzinny i Nieletnich"}


def ensure_profiles(code: str, centre: Centre, users: dict[str, User]) -> None:
    """Every assistant of the centre has their profile (qualifications, statements, cap)."""
    for person in CENTRES[code]["people"]:
        if Role.FAMILY_ASSISTANT not in person.roles:
            continue
        second = person.username.endswith("2")
        AssistantProfile.objects.get_or_create(
            user=users[person.username],
            defaults={
                "centre": centre,
                "qualification_route": "other_degree" if second else "degree",
                "qualification_details": "Magister pedagogiki, szkolenie asystentów rodziny (2021).",
                "not_deprived_of_parental_authority": True,
                "meets_maintenance_duty": True,
                "not_convicted": True,
                "statements_signed_on": datetime.date(2024, 1, 15),
                "employment_form": "civil_law" if second else "employment_task",
                "caseload_cap": 12 if second else CASELOAD_CAP,
            },
        )


def assistant_work(
    *,
    family: Family,
    head: User,
    stage: str,
    started_on: datetime.date,
    assistant: User,
    staff: User,
    court_letter: bool,
    today: datetime.date,
) -> None:
    """The assistant's work with an assigned showcase family; `court_letter`: a court asks for
    their opinion, which is at a stage of its own at each stage of the family."""
    day = lambda offset: started_on + datetime.timedelta(days=offset)  # noqa: E731
    if stage != "assigned_second":
        plan = plans_services.work_plan_create(actor=assistant, family=family)
        plans_services.work_plan_save(
            actor=assistant,
            plan=plan,
            data={
                "consulted_on": day(10),
                "foster_care_coordinator": "Iwona Sadowska, PCPR Warszawa",
                "child_help_plan": "Plan pomocy dziecku z 12.03 — wspólne spotkania co kwartał.",
            },
            goals=[
                {
                    "goal": "Regularne uczęszczanie dzieci do szkoły",
                    "actions": "Ustalenie planu dnia, kontakt z wychowawcą",
                    "performer": "family_member",
                    "performer_name": "matka",
                    "deadline": day(120),
                    "expected_effect": "Frekwencja powyżej 90%",
                    "status": "in_progress",
                },
                {
                    "goal": "Uporządkowanie budżetu domowego",
                    "actions": "Plan spłaty zaległości czynszowych",
                    "performer": "assistant",
                    "performer_name": "",
                    "deadline": day(180),
                    "expected_effect": "Brak nowych zaległości",
                    "status": "planned",
                },
            ],
        )
        plans_services.work_plan_accept(actor=assistant, plan=plan, accepted_by="Matka", accepted_on=day(14))
        for offset, kind in ((7, "home"), (21, "office"), (35, "phone"), (49, "home")):
            plans_services.visit_record(
                actor=assistant,
                family=family,
                data={
                    "date": min(day(offset), today),
                    "kind": kind,
                    "place": "mieszkanie rodziny",
                    "duration_minutes": 90 if kind == "home" else 30,
                    "present": "matka, dzieci",
                    "activities": "Omówienie realizacji planu pracy; pomoc w odrabianiu lekcji.",
                    "tasks_until_next": "Matka kontaktuje się z wychowawczynią.",
                },
            )
    else:
        # The new assistant's plan is still a draft: its goals are added and removed on its page.
        plan = plans_services.work_plan_create(actor=assistant, family=family)
        plans_services.work_plan_save(
            actor=assistant,
            plan=plan,
            data={"consulted_on": day(3)},
            goals=[
                {
                    "goal": "Powrót do regularnych wizyt u pediatry",
                    "actions": "Umówienie wizyt kontrolnych dzieci",
                    "performer": "family_member",
                    "performer_name": "ojciec",
                    "deadline": day(90),
                    "expected_effect": "Dzieci objęte opieką lekarską",
                    "status": "planned",
                },
            ],
        )
    if stage == WITHDRAWN_STAGE:
        visit = plans_services.visit_record(
            actor=assistant,
            family=family,
            data={
                "date": min(day(49), today),
                "kind": "home",
                "place": "mieszkanie rodziny",
                "duration_minutes": 90,
                "present": "matka, dzieci",
                "activities": "Omówienie realizacji planu pracy; pomoc w odrabianiu lekcji.",
                "tasks_until_next": "",
            },
        )
        plans_services.visit_withdraw(
            actor=assistant, visit=visit, reason="Ta sama wizyta zapisana dwa razy (drugi zapis omyłkowy)."
        )
    if stage in ("assigned", "monitoring", "closed"):
        plan = family.work_plans.get()
        assessment = assessments_services.assessment_create(
            actor=assistant,
            family=family,
            data={
                "period_from": started_on,
                "period_to": day(150) if stage == "assigned" else day(180),
                "goal_progress": {goal.pk: "Częściowa poprawa." for goal in plan.goals.all()},
                **{area: "Sytuacja stabilna, widoczna poprawa." for area in Assessment.AREAS},
                "cooperation": "Rodzina współpracuje.",
                "recommendation": "continue",
            },
        )
        assessments_services.assessment_submit(actor=assistant, assessment=assessment)
        if stage != "assigned":
            assessments_services.assessment_acknowledge(actor=head, assessment=assessment)
    if court_letter:
        court_request = court_services.court_request_register(
            actor=staff,
            family_reference=family.reference,
            data={
                **COURT,
                "case_signature": f"III Nsm {100 + family.pk}/26",
                "letter_date": today - datetime.timedelta(days=12),
                "received_on": today - datetime.timedelta(days=9),
                "deadline": today + datetime.timedelta(days=-2 if stage == "assigned_court" else 12),
                "request_text": "Sąd zwraca się o opinię o rodzinie i sytuacji małoletnich dzieci.",
                "scan": None,
            },
        )
        opinion = court_services.court_opinion_start(actor=assistant, court_request=court_request)
        if stage != "assigned_court":
            court_services.court_opinion_save(
                actor=assistant,
                opinion=opinion,
                data={
                    section: "Rodzina współpracuje z asystentem; sytuacja dzieci się poprawia."
                    for section in CourtOpinion.SECTIONS
                },
            )
            court_services.court_opinion_submit(actor=assistant, opinion=opinion)
        if stage == "assigned":
            court_services.court_opinion_approve(actor=head, opinion=opinion)
        if stage == WITHDRAWN_STAGE:
            duplicate = court_services.court_request_register(
                actor=staff,
                family_reference=family.reference,
                data={
                    **COURT,
                    "case_signature": f"III Nsm {100 + family.pk}/26",
                    "letter_date": today - datetime.timedelta(days=12),
                    "received_on": today - datetime.timedelta(days=8),
                    "deadline": today + datetime.timedelta(days=12),
                    "request_text": "Sąd zwraca się o opinię o rodzinie i sytuacji małoletnich dzieci.",
                    "scan": None,
                },
            )
            court_services.court_request_withdraw(
                actor=staff, court_request=duplicate, reason="To samo pismo sądu zarejestrowane po raz drugi."
            )
    if stage in ("monitoring", "closed"):
        lifecycle_services.work_end(
            actor=assistant,
            family=family,
            reason="goals_achieved",
            summary="Cele planu pracy zostały osiągnięte.",
            ended_on=day(240),
        )
        lifecycle_services.monitoring_note_add(
            actor=assistant, family=family, date=day(250), text="Rodzina funkcjonuje samodzielnie."
        )
    if stage == "closed":
        lifecycle_services.case_close(actor=head, family=family)


def handover_and_end(
    *,
    family: Family,
    head: User,
    assistant: User,
    successor: User | None,
    handed_over_on: datetime.date | None,
    ended_on: datetime.date | None,
    reason: str,
) -> None:
    """A history family handed over to `successor` and its work ended, when the history says so."""
    if handed_over_on is not None:
        lifecycle_services.assignment_reassign(
            actor=head, family=family, assistant=successor.assistant_profile, started_on=handed_over_on
        )
    if ended_on is not None:
        lifecycle_services.work_end(
            actor=assistant,
            family=family,
            reason=reason,
            summary="Praca z rodziną zakończona; szczegóły w dokumentacji asystenta.",
            ended_on=ended_on,
        )


def court_deadlines(*, families: dict[str, Family], head: User, staff: User, today: datetime.date) -> None:
    """A court's letter due soon for the first assistant (Sikora) and one overdue (Malinowski); the
    second one's overdue assessment and court opinion (Górski) stay, and the monitoring of Pietrzak
    ends soon. Staff: an issued opinion to dispatch soon (Malinowski's first letter) and one
    overdue (Sikora's, which the head signs off now)."""
    day = datetime.timedelta(days=1)
    sikora, malinowski = (families[surname] for surname in DEADLINE_COURT_LETTERS)
    for family, deadline, number in ((sikora, today + 4 * day, 300), (malinowski, today - 3 * day, 400)):
        court_services.court_request_register(
            actor=staff,
            family_reference=family.reference,
            data={
                **COURT,
                "case_signature": f"III Nsm {number + family.pk}/26",
                "letter_date": today - 10 * day,
                "received_on": today - 7 * day,
                "deadline": deadline,
                "request_text": "Sąd zwraca się o aktualną opinię o sytuacji rodziny.",
                "scan": None,
            },
        )
    families["Pietrzak"].work_ends.update(monitoring_until=today + 5 * day)

    malinowski_letter = CourtRequest.objects.filter(family=malinowski).order_by("id").first()
    sikora_letter = CourtRequest.objects.filter(family=sikora).order_by("id").first()
    CourtRequest.objects.filter(pk=malinowski_letter.pk).update(deadline=today + 3 * day)
    CourtRequest.objects.filter(pk=sikora_letter.pk).update(deadline=today - day)
    opinion = sikora_letter.opinions.get()
    court_services.court_opinion_approve(actor=head, opinion=opinion)
