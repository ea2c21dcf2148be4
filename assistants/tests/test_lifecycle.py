"""Assistant profiles, periodic assessments, the end of work, monitoring and handover: the services."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from assistants.models import (
    Assessment,
    AssessmentStatus,
    Assignment,
    EndReason,
    MonitoringNote,
    Performer,
    PlanGoal,
    PlanStatus,
    QualificationRoute,
    Recommendation,
    WorkEnd,
    WorkPlan,
)
from assistants.selectors import assessments as assessment_selectors
from assistants.selectors import lifecycle as lifecycle_selectors
from assistants.services import assessments as assessment_services
from assistants.services import lifecycle as lifecycle_services
from cases.models import FamilyStatus
from cases.selectors import families_visible_to
from conftest import build_family, days_ago, rewrite
from familysupport.models import AuditAction, AuditEvent

TODAY = timezone.localdate
SIX_MONTHS = relativedelta(months=6)


def start_back(family, days: int) -> Assignment:
    """Move the start of the family's active assignment `days` into the past."""
    rewrite(Assignment.objects.filter(family=family, ended_on__isnull=True), started_on=days_ago(days))
    return family.assignments.get(ended_on__isnull=True)


def accepted_plan(family, author, goals=("Regularne posiłki dzieci", "Żłobek dla najmłodszego")) -> WorkPlan:
    assignment = family.assignments.get(ended_on__isnull=True)
    version = family.work_plans.count() + 1
    plan = WorkPlan.objects.create(
        family=family,
        assignment=assignment,
        version=version,
        status=PlanStatus.ACCEPTED,
        accepted_by="Matka",
        accepted_on=days_ago(100),
        author=author,
    )
    for text in goals:
        PlanGoal.objects.create(
            plan=plan,
            goal=text,
            actions="Wspólne planowanie jadłospisu",
            performer=Performer.FAMILY_MEMBER,
            deadline=days_ago(-30),
            expected_effect="Dzieci jedzą trzy posiłki dziennie",
        )
    return plan


def assessment_data(**changes) -> dict:
    data = {
        "period_from": days_ago(180),
        "period_to": days_ago(1),
        "goal_progress": {},
        **{area: f"Opis obszaru {area}: poprawa, źródło — rozmowa z matką" for area in Assessment.AREAS},
        "cooperation": "Rodzina współpracuje chętnie",
        "recommendation": Recommendation.CONTINUE,
    }
    data.update(changes)
    return data


def audited(action, target, **details) -> bool:
    events = AuditEvent.objects.filter(
        action=action, object_type=target._meta.label_lower, object_id=str(target.pk)
    )
    return any(all(event.details.get(key) == value for key, value in details.items()) for event in events)


@pytest.fixture
def family(anna, helena, adam):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    start_back(family, 200)
    return family


def end_work(actor, family, **changes):
    data = {"reason": EndReason.GOALS_ACHIEVED, "summary": "Cele planu osiągnięte", "ended_on": days_ago(1)}
    data.update(changes)
    return lifecycle_services.work_end(actor=actor, family=family, **data)


# Assistant profile (art. 12) and cap (art. 15 ust. 4)

PROFILE = {
    "qualification_route": "degree",
    "qualification_details": "Magister pedagogiki, UW 2015",
    "not_deprived_of_parental_authority": True,
    "meets_maintenance_duty": True,
    "not_convicted": True,
    "statements_signed_on": datetime.date(2026, 1, 5),
    "employment_form": "employment_task",
    "caseload_cap": 10,
}


class TestAssistantProfile:
    def test_head_records_qualifications_statements_and_cap(self, helena, adam):
        profile = lifecycle_services.assistant_profile_update(
            actor=helena, profile=adam.assistant_profile, data=PROFILE
        )
        profile.refresh_from_db()
        assert profile.caseload_cap == 10 and profile.statements_complete
        assert profile.qualification_route == QualificationRoute.DEGREE
        assert audited(AuditAction.UPDATE, profile)
        event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(profile.pk))
        assert "Magister" not in str(event.details)  # the audit holds field names, not the text

    def test_cap_cannot_fall_below_the_families_the_assistant_works_with(self, anna, helena, adam):
        build_family(anna, stage="assigned", head=helena, assistant=adam)
        build_family(anna, stage="assigned", head=helena, assistant=adam, name="Rodzina Wiśniewskich")
        with pytest.raises(ValidationError) as error, translation.override("en"):
            lifecycle_services.assistant_profile_update(
                actor=helena, profile=adam.assistant_profile, data={**PROFILE, "caseload_cap": 1}
            )
        assert "2 families" in error.value.message_dict["caseload_cap"][0]
        assert adam.assistant_profile.__class__.objects.get(pk=adam.assistant_profile.pk).caseload_cap == 15
        # Exactly the number of active families is allowed.
        lifecycle_services.assistant_profile_update(
            actor=helena, profile=adam.assistant_profile, data={**PROFILE, "caseload_cap": 2}
        )

    @pytest.mark.parametrize("cap", [0, 16])
    def test_cap_stays_within_the_statute(self, helena, adam, cap):
        with pytest.raises(ValidationError) as error:
            lifecycle_services.assistant_profile_update(
                actor=helena, profile=adam.assistant_profile, data={**PROFILE, "caseload_cap": cap}
            )
        assert "caseload_cap" in error.value.message_dict

    def test_statements_cannot_be_signed_in_the_future(self, helena, adam):
        with pytest.raises(ValidationError) as error:
            lifecycle_services.assistant_profile_update(
                actor=helena,
                profile=adam.assistant_profile,
                data={**PROFILE, "statements_signed_on": days_ago(-1)},
            )
        assert "statements_signed_on" in error.value.message_dict

    @pytest.mark.parametrize("persona", ["adam", "anna", "bartosz"])
    def test_only_the_head_of_the_same_centre_edits_a_profile(self, request, adam, persona):
        with pytest.raises(PermissionDenied):
            lifecycle_services.assistant_profile_update(
                actor=request.getfixturevalue(persona), profile=adam.assistant_profile, data=PROFILE
            )

    def test_caseload_counts_active_and_monitored_families(self, anna, helena, adam, agata, family):
        build_family(anna, stage="assigned", head=helena, assistant=adam, name="Rodzina Wiśniewskich")
        end_work(adam, family)
        rows = {row.user_id: row for row in lifecycle_selectors.caseload_of_centre(helena.centre_id)}
        assert (rows[adam.pk].active_families, rows[adam.pk].monitoring_families) == (1, 1)
        assert (rows[agata.pk].active_families, rows[agata.pk].monitoring_families) == (0, 0)


# Periodic assessment (art. 15 ust. 1 pkt 16)


class TestAssessmentDue:
    def test_first_assessment_is_due_six_months_after_the_start(self, family):
        Assignment.objects.filter(family=family).update(started_on=datetime.date(2025, 8, 31))
        assert assessment_selectors.next_assessment_due(family.assignments.get()) == datetime.date(
            2026, 2, 28
        )

    def test_a_draft_does_not_count(self, family, adam):
        assignment = family.assignments.get()
        assessment_services.assessment_create(
            actor=adam, family=family, data=assessment_data(period_to=days_ago(20))
        )
        assert assessment_selectors.next_assessment_due(assignment) == assignment.started_on + SIX_MONTHS
        assert (
            assessment_selectors.next_assessment_due(assignment) < TODAY()
        )  # 200 days since the start: overdue

    def test_then_six_months_after_the_last_submitted_period(self, family, adam):
        assignment = family.assignments.get()
        first = assessment_services.assessment_create(
            actor=adam, family=family, data=assessment_data(period_to=days_ago(20))
        )
        assessment_services.assessment_submit(actor=adam, assessment=first)
        assert assessment_selectors.next_assessment_due(assignment) == days_ago(20) + SIX_MONTHS

    def test_the_latest_period_counts_not_the_order_of_submission(self, family, adam):
        assignment = family.assignments.get()
        later = assessment_services.assessment_create(
            actor=adam, family=family, data=assessment_data(period_from=days_ago(100), period_to=days_ago(5))
        )
        assessment_services.assessment_submit(actor=adam, assessment=later)
        earlier = assessment_services.assessment_create(
            actor=adam,
            family=family,
            data=assessment_data(period_from=days_ago(190), period_to=days_ago(101)),
        )
        assessment_services.assessment_submit(actor=adam, assessment=earlier)
        assert assessment_selectors.next_assessment_due(assignment) == days_ago(5) + SIX_MONTHS


class TestAssessment:
    def test_assistant_drafts_an_assessment_against_the_current_plan(self, family, adam):
        accepted_plan(family, adam, goals=("Stary cel",))
        plan = accepted_plan(family, adam)
        WorkPlan.objects.create(family=family, assignment=family.assignments.get(), version=3, author=adam)
        goals = list(plan.goals.all())
        assessment = assessment_services.assessment_create(
            actor=adam,
            family=family,
            data=assessment_data(
                goal_progress={goals[0].pk: "Posiłki regularne", goals[1].pk: "Złożono wniosek"}
            ),
        )
        assert assessment.status == AssessmentStatus.DRAFT and assessment.plan == plan  # newest accepted
        assert assessment.goal_progress == {
            str(goals[0].pk): "Posiłki regularne",
            str(goals[1].pk): "Złożono wniosek",
        }
        assert audited(AuditAction.CREATE, assessment)

    def test_without_an_accepted_plan_the_assessment_rests_on_none(self, family, adam):
        WorkPlan.objects.create(family=family, assignment=family.assignments.get(), author=adam)  # draft
        assessment = assessment_services.assessment_create(actor=adam, family=family, data=assessment_data())
        assert assessment.plan is None

    def test_progress_on_a_goal_of_another_plan_is_refused(self, family, adam):
        old = accepted_plan(family, adam, goals=("Stary cel",))
        accepted_plan(family, adam)
        with pytest.raises(ValidationError) as error:
            assessment_services.assessment_create(
                actor=adam,
                family=family,
                data=assessment_data(goal_progress={old.goals.get().pk: "x"}),
            )
        assert "goal_progress" in error.value.message_dict

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"period_to": days_ago(-1)}, "period_to"),
            ({"period_from": days_ago(10), "period_to": days_ago(20)}, "period_from"),
            ({"period_from": days_ago(300)}, "period_from"),  # before the assistant started work
        ],
    )
    def test_the_period_must_make_sense(self, family, adam, changes, field):
        with pytest.raises(ValidationError) as error:
            assessment_services.assessment_create(actor=adam, family=family, data=assessment_data(**changes))
        assert field in error.value.message_dict
        assert not Assessment.objects.exists()

    @pytest.mark.parametrize("persona", ["agata", "helena", "anna", "borys"])
    def test_only_the_active_assistant_drafts_it(self, request, family, persona):
        with pytest.raises(PermissionDenied):
            assessment_services.assessment_create(
                actor=request.getfixturevalue(persona), family=family, data=assessment_data()
            )

    def test_one_draft_at_a_time(self, family, adam):
        assessment_services.assessment_create(actor=adam, family=family, data=assessment_data())
        with pytest.raises(ValidationError):
            assessment_services.assessment_create(actor=adam, family=family, data=assessment_data())

    def test_submitting_needs_progress_on_every_goal(self, family, adam):
        plan = accepted_plan(family, adam)
        first = plan.goals.first()
        assessment = assessment_services.assessment_create(
            actor=adam, family=family, data=assessment_data(goal_progress={first.pk: "Postęp"})
        )
        with pytest.raises(ValidationError):
            assessment_services.assessment_submit(actor=adam, assessment=assessment)
        assessment_services.assessment_update(
            actor=adam,
            assessment=assessment,
            data=assessment_data(goal_progress={goal.pk: "Postęp" for goal in plan.goals.all()}),
        )
        assert audited(AuditAction.UPDATE, assessment)
        assessment_services.assessment_submit(actor=adam, assessment=assessment)
        assessment.refresh_from_db()
        assert assessment.status == AssessmentStatus.SUBMITTED and assessment.submitted_at is not None
        assert audited(AuditAction.SUBMIT, assessment)

    def test_a_submitted_assessment_stays_as_the_head_got_it(self, family, adam):
        assessment = assessment_services.assessment_create(actor=adam, family=family, data=assessment_data())
        assessment_services.assessment_submit(actor=adam, assessment=assessment)
        with pytest.raises(ValidationError):
            assessment_services.assessment_update(
                actor=adam, assessment=assessment, data=assessment_data(cooperation="Zmiana")
            )
        with pytest.raises(ValidationError):
            assessment_services.assessment_submit(actor=adam, assessment=assessment)

    def test_head_acknowledges_a_submitted_assessment(self, family, adam, helena):
        assessment = assessment_services.assessment_create(actor=adam, family=family, data=assessment_data())
        with pytest.raises(ValidationError):
            assessment_services.assessment_acknowledge(
                actor=helena, assessment=assessment
            )  # not yet submitted
        assessment_services.assessment_submit(actor=adam, assessment=assessment)
        assessment_services.assessment_acknowledge(actor=helena, assessment=assessment)
        assessment.refresh_from_db()
        assert assessment.status == AssessmentStatus.ACKNOWLEDGED
        assert assessment.acknowledged_by == helena and assessment.acknowledged_at is not None
        assert audited(AuditAction.SIGN, assessment, outcome="acknowledged")
        with pytest.raises(ValidationError):
            assessment_services.assessment_acknowledge(actor=helena, assessment=assessment)

    @pytest.mark.parametrize("persona", ["adam", "anna", "bartosz"])
    def test_only_the_head_of_the_centre_acknowledges(self, request, family, adam, persona):
        assessment = assessment_services.assessment_create(actor=adam, family=family, data=assessment_data())
        assessment_services.assessment_submit(actor=adam, assessment=assessment)
        with pytest.raises(PermissionDenied):
            assessment_services.assessment_acknowledge(
                actor=request.getfixturevalue(persona), assessment=assessment
            )


# End of work and monitoring


class TestWorkEnd:
    def test_assistant_ends_the_work_and_monitoring_begins(self, family, adam, centre_a):
        ended = end_work(adam, family)
        assignment = family.assignments.get()
        family.refresh_from_db()
        assert assignment.ended_on == days_ago(1) and assignment.end_reason == EndReason.GOALS_ACHIEVED
        assert family.status == FamilyStatus.MONITORING
        assert ended.monitoring_until == days_ago(1) + SIX_MONTHS
        assert audited(AuditAction.CREATE, ended, reason=EndReason.GOALS_ACHIEVED)
        # The place in the caseload is free, and the assistant still reads the case.
        assert lifecycle_selectors.caseload_of_centre(centre_a.pk).get(user=adam).active_families == 0
        assert families_visible_to(adam).filter(pk=family.pk).exists()

    def test_the_centres_monitoring_period_is_used(self, family, adam, centre_a):
        centre_a.monitoring_months = 3
        centre_a.save()
        family.refresh_from_db()
        ended = end_work(adam, family)
        assert ended.monitoring_until == days_ago(1) + relativedelta(months=3)

    def test_head_may_end_the_work(self, family, helena):
        ended = end_work(helena, family, reason=EndReason.MOVED_AWAY)
        assert ended.author == helena and ended.reason == EndReason.MOVED_AWAY

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"reason": EndReason.REASSIGNED}, "reason"),
            ({"reason": "bored"}, "reason"),
            ({"ended_on": days_ago(-1)}, "ended_on"),
            ({"ended_on": days_ago(201)}, "ended_on"),  # before the start
            ({"summary": "  "}, "summary"),
        ],
    )
    def test_refusals(self, family, adam, changes, field):
        with pytest.raises(ValidationError) as error:
            end_work(adam, family, **changes)
        assert field in error.value.message_dict
        assert family.assignments.get().ended_on is None and not WorkEnd.objects.exists()

    @pytest.mark.parametrize("persona", ["agata", "anna", "bartosz", "stefan"])
    def test_others_cannot_end_the_work(self, request, family, persona):
        with pytest.raises(PermissionDenied):
            end_work(request.getfixturevalue(persona), family)

    def test_work_that_has_ended_cannot_end_again(self, family, adam, helena):
        end_work(adam, family)
        with pytest.raises(ValidationError):
            end_work(helena, family)


class TestMonitoring:
    def note(self, actor, family, **changes):
        data = {"date": TODAY(), "text": "Rodzina radzi sobie; dzieci chodzą do szkoły"}
        data.update(changes)
        return lifecycle_services.monitoring_note_add(actor=actor, family=family, **data)

    def test_former_assistant_and_responsible_worker_write_notes_during_monitoring(self, family, adam, anna):
        end_work(adam, family)
        mine = self.note(adam, family)
        theirs = self.note(anna, family)
        assert MonitoringNote.objects.count() == 2 and mine.author == adam and theirs.author == anna
        assert audited(AuditAction.CREATE, mine)

    def test_no_notes_before_the_work_ends(self, family, adam, anna):
        for actor in (adam, anna):
            with pytest.raises(ValidationError):
                self.note(actor, family)

    def test_no_notes_after_the_case_is_closed(self, family, adam, helena):
        end_work(adam, family)
        lifecycle_services.case_close(actor=helena, family=family)
        with pytest.raises(ValidationError):
            self.note(adam, family)

    @pytest.mark.parametrize("persona", ["agata", "helena", "sam", "bozena"])
    def test_others_write_no_notes(self, request, family, adam, persona):
        end_work(adam, family)
        with pytest.raises(PermissionDenied):
            self.note(request.getfixturevalue(persona), family)

    @pytest.mark.parametrize("days", [-1, 2])
    def test_the_note_falls_within_the_monitoring(self, family, adam, days):
        end_work(adam, family)  # ended yesterday: two days ago is before the monitoring
        with pytest.raises(ValidationError) as error:
            self.note(adam, family, date=days_ago(days))
        assert "date" in error.value.message_dict


class TestCaseClose:
    def test_head_closes_the_case_and_the_former_assistant_loses_access(self, family, adam, helena, anna):
        ended = end_work(adam, family)
        lifecycle_services.case_close(actor=helena, family=family)
        ended.refresh_from_db()
        family.refresh_from_db()
        assert ended.closed_on == TODAY() and family.status == FamilyStatus.CLOSED
        assert not families_visible_to(adam).filter(pk=family.pk).exists()
        assert families_visible_to(anna).filter(pk=family.pk).exists()
        assert audited(AuditAction.UPDATE, ended, outcome="closed")
        assert audited(AuditAction.REVOKE, family, user_id=adam.pk)

    def test_a_case_not_in_monitoring_cannot_be_closed(self, family, helena):
        with pytest.raises(ValidationError):
            lifecycle_services.case_close(actor=helena, family=family)

    @pytest.mark.parametrize("persona", ["adam", "anna", "bartosz"])
    def test_only_the_head_closes_it(self, request, family, adam, persona):
        end_work(adam, family)
        with pytest.raises(PermissionDenied):
            lifecycle_services.case_close(actor=request.getfixturevalue(persona), family=family)

    def test_the_system_waits_for_the_end_of_the_monitoring(self, family, adam):
        end_work(adam, family)
        with pytest.raises(ValidationError):
            lifecycle_services.case_close(actor=None, family=family)


class TestCloseEndedMonitoringCommand:
    def test_closes_every_case_whose_monitoring_ended_once(
        self, anna, helena, adam, family, bozena, bartosz, borys
    ):
        over = end_work(adam, family)
        WorkEnd.objects.filter(pk=over.pk).update(monitoring_until=days_ago(1))
        ongoing_family = build_family(
            anna, stage="assigned", head=helena, assistant=adam, name="Rodzina Wiśniewskich"
        )
        start_back(ongoing_family, 10)
        ongoing = end_work(adam, ongoing_family)
        other_centre = build_family(bozena, stage="assigned", head=bartosz, assistant=borys)
        start_back(other_centre, 10)
        other = end_work(borys, other_centre)
        WorkEnd.objects.filter(pk=other.pk).update(monitoring_until=days_ago(3))

        call_command("close_ended_monitoring")
        call_command("close_ended_monitoring")

        for work_end, closed in ((over, True), (ongoing, False), (other, True)):
            work_end.refresh_from_db()
            work_end.family.refresh_from_db()
            assert (work_end.closed_on is not None) is closed
            assert (work_end.family.status == FamilyStatus.CLOSED) is closed
        assert not families_visible_to(adam).filter(pk=family.pk).exists()
        assert families_visible_to(adam).filter(pk=ongoing_family.pk).exists()
        closes = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type="assistants.workend")
        assert closes.count() == 2 and all(event.actor_id is None for event in closes)
        assert AuditEvent.objects.filter(action=AuditAction.REVOKE, actor__isnull=True).count() == 2

    def test_reports_how_many_it_closed(self, family, adam, capsys):
        over = end_work(adam, family)
        WorkEnd.objects.filter(pk=over.pk).update(monitoring_until=days_ago(1))
        call_command("close_ended_monitoring")
        call_command("close_ended_monitoring")
        assert capsys.readouterr().out.splitlines() == ["Cases closed: 1", "Cases closed: 0"]


# Handover to another assistant


class TestReassign:
    def test_head_hands_the_family_over_and_the_old_assistant_loses_access(self, family, helena, adam, agata):
        old = family.assignments.get()
        new = lifecycle_services.assignment_reassign(
            actor=helena, family=family, assistant=agata.assistant_profile
        )
        old.refresh_from_db()
        assert old.ended_on == TODAY() and old.end_reason == EndReason.REASSIGNED
        assert not WorkEnd.objects.exists()  # no monitoring: the work goes on
        assert new.assistant.user == agata and new.is_active and new.started_on == TODAY()
        family.refresh_from_db()
        assert family.status == FamilyStatus.ASSISTANT_ASSIGNED
        assert not families_visible_to(adam).filter(pk=family.pk).exists()
        assert families_visible_to(agata).filter(pk=family.pk).exists()
        assert audited(AuditAction.UPDATE, old, end_reason="reassigned")
        assert audited(AuditAction.ASSIGN, new)
        assert audited(AuditAction.REVOKE, family, user_id=adam.pk)
        assert audited(AuditAction.GRANT, family, user_id=agata.pk)

    def test_the_new_assistants_cap_holds(self, anna, family, helena, adam, agata):
        build_family(anna, stage="assigned", head=helena, assistant=agata, name="Rodzina Wiśniewskich")
        agata.assistant_profile.__class__.objects.filter(pk=agata.assistant_profile.pk).update(caseload_cap=1)
        with pytest.raises(ValidationError) as error, translation.override("en"):
            lifecycle_services.assignment_reassign(
                actor=helena, family=family, assistant=agata.assistant_profile
            )
        assert "cap is 1" in error.value.message_dict["assistant"][0]
        assignment = family.assignments.get(ended_on__isnull=True)
        assert assignment.assistant.user == adam  # nothing changed
        assert families_visible_to(adam).filter(pk=family.pk).exists()

    def test_not_to_the_same_assistant(self, family, helena, adam):
        with pytest.raises(ValidationError):
            lifecycle_services.assignment_reassign(
                actor=helena, family=family, assistant=adam.assistant_profile
            )

    def test_not_to_an_assistant_of_another_centre(self, family, helena, borys):
        with pytest.raises(ValidationError):
            lifecycle_services.assignment_reassign(
                actor=helena, family=family, assistant=borys.assistant_profile
            )
        assert family.assignments.get(ended_on__isnull=True).assistant.user.username == "adam"

    @pytest.mark.parametrize("changes", [{"started_on": days_ago(-1)}, {"started_on": days_ago(201)}])
    def test_the_handover_date_makes_sense(self, family, helena, agata, changes):
        with pytest.raises(ValidationError):
            lifecycle_services.assignment_reassign(
                actor=helena, family=family, assistant=agata.assistant_profile, **changes
            )

    def test_a_family_without_an_assistant_cannot_be_handed_over(self, family, helena, adam, agata):
        end_work(adam, family)
        with pytest.raises(ValidationError):
            lifecycle_services.assignment_reassign(
                actor=helena, family=family, assistant=agata.assistant_profile
            )

    @pytest.mark.parametrize("persona", ["adam", "anna", "bartosz"])
    def test_only_the_head_hands_over(self, request, family, agata, persona):
        with pytest.raises(PermissionDenied):
            lifecycle_services.assignment_reassign(
                actor=request.getfixturevalue(persona), family=family, assistant=agata.assistant_profile
            )
