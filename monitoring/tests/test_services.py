"""The rules of the monitoring: who sets up a plan and when, the reviews and their stored
deadlines, the escalation in one step, the end, and the refusals."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from cases import services as case_services
from cases.models import AnalysisConclusion, FamilyStatus, InterviewStatus, RequestStatus
from conftest import build_family, days_ago, rewrite
from familysupport.models import AuditEvent, StoredDeadline
from monitoring import services
from monitoring.deadlines import REVIEW
from monitoring.models import Escalation, Interval, MonitoringPlan, PlanStatus, review_due_after
from monitoring.tests.builders import family_without_assistant, make_plan, plan_data, review


def stored(plan, **filters):
    return StoredDeadline.objects.filter(kind=REVIEW, object_id=plan.pk, **filters).order_by("due")


@pytest.fixture(autouse=True)
def in_english():
    """The refusals are matched by their English source text (the pages show them in Polish)."""
    with translation.override("en"):
        yield


@pytest.fixture
def family(anna):
    return family_without_assistant(anna)


class TestSettingUp:
    def test_the_responsible_worker_sets_up_a_plan_for_the_children(self, anna, family):
        plan = make_plan(anna, family)
        assert plan.status == PlanStatus.ACTIVE
        assert [child.first_name for child in plan.children.all()] == ["Ola"]
        assert AuditEvent.objects.filter(
            object_type="monitoring.monitoringplan", object_id=str(plan.pk)
        ).exists()

    def test_the_first_review_is_stored_a_period_after_the_start(self, anna, family):
        plan = make_plan(
            anna, family, started_on=datetime.date(2026, 1, 31), every=1, interval=Interval.MONTHS
        )
        (row,) = stored(plan)
        # Written out: a month after 31 January is the last day of February.
        assert row.due == datetime.date(2026, 2, 28) == plan.first_review_due()
        assert row.is_open and row.owner_id == anna.pk and row.owner_role == "social_worker"

    def test_weeks_count_as_weeks(self, anna, family):
        plan = make_plan(anna, family, started_on=datetime.date(2026, 3, 2), every=2, interval=Interval.WEEKS)
        assert stored(plan).get().due == datetime.date(2026, 3, 16)

    def test_another_social_worker_may_not(self, sam, family):
        with pytest.raises(PermissionDenied):
            make_plan(sam, family)

    def test_the_head_may_not(self, helena, family):
        with pytest.raises(PermissionDenied):
            make_plan(helena, family)

    def test_the_worker_of_another_centre_may_not(self, bozena, family):
        with pytest.raises(PermissionDenied):
            make_plan(bozena, family)

    def test_not_for_a_family_an_assistant_works_with(self, anna, helena, adam):
        assigned = build_family(anna, stage="assigned", head=helena, assistant=adam)
        with pytest.raises(ValidationError, match="assistant works with the family"):
            make_plan(anna, assigned)

    def test_one_active_plan_per_family(self, anna, family):
        make_plan(anna, family)
        with pytest.raises(ValidationError, match="already has an active monitoring plan"):
            make_plan(anna, family)

    def test_the_children_must_be_the_familys_children(self, anna, family):
        other = family_without_assistant(anna, name="Rodzina Lis")
        with pytest.raises(ValidationError) as refused:
            make_plan(anna, family, children=list(other.members.all()))
        assert "children" in refused.value.error_dict

    def test_without_a_child_it_is_refused(self, anna, family):
        with pytest.raises(ValidationError) as refused:
            make_plan(anna, family, children=[])
        assert "children" in refused.value.error_dict

    def test_reviews_are_at_least_every_six_months(self, anna, family):
        with pytest.raises(ValidationError) as refused:
            make_plan(anna, family, every=7, interval=Interval.MONTHS)
        assert "every" in refused.value.error_dict

    def test_it_cannot_start_in_the_future(self, anna, family):
        with pytest.raises(ValidationError) as refused:
            make_plan(anna, family, started_on=days_ago(-1))
        assert "started_on" in refused.value.error_dict

    def test_not_on_an_archived_case(self, anna, helena, family):
        case_services.family_archive(actor=helena, family=family)
        with pytest.raises(ValidationError, match="archived"):
            make_plan(anna, family)


class TestReviews:
    def test_a_review_meets_the_deadline_and_stores_the_next_in_one_step(self, anna, family):
        plan = make_plan(anna, family, started_on=days_ago(40))
        first_due = plan.first_review_due()
        logged = review(anna, plan, on=days_ago(2), next_on=days_ago(2) + datetime.timedelta(days=20))
        met, owed = stored(plan)
        assert (met.due, met.met_on, met.is_open, met.on_time) == (first_due, days_ago(2), False, False)
        assert (owed.due, owed.is_open) == (logged.next_review_on, True)

    def test_the_stored_next_review_equals_the_computed_one(self, anna, family):
        plan = make_plan(anna, family, started_on=days_ago(20), every=3, interval=Interval.WEEKS)
        on = days_ago(1)
        review(anna, plan, on=on)
        owed = stored(plan, is_open=True).get()
        assert (
            owed.due == on + relativedelta(weeks=3) == review_due_after(on, every=3, interval=Interval.WEEKS)
        )

    def test_the_next_review_may_not_be_later_than_the_plan_allows(self, anna, family):
        plan = make_plan(anna, family)
        with pytest.raises(ValidationError) as refused:
            review(anna, plan, next_on=days_ago(0) + relativedelta(months=1, days=1))
        assert "next_review_on" in refused.value.error_dict
        assert not plan.reviews.exists()

    def test_the_next_review_follows_the_review(self, anna, family):
        plan = make_plan(anna, family)
        with pytest.raises(ValidationError) as refused:
            review(anna, plan, next_on=days_ago(0))
        assert "next_review_on" in refused.value.error_dict

    def test_a_review_cannot_be_in_the_future_or_before_the_start(self, anna, family):
        plan = make_plan(anna, family, started_on=days_ago(10))
        for day in (days_ago(-1), days_ago(11)):
            with pytest.raises(ValidationError) as refused:
                review(anna, plan, on=day, next_on=day + datetime.timedelta(days=7))
            assert "reviewed_on" in refused.value.error_dict

    def test_what_was_found_is_required(self, anna, family):
        plan = make_plan(anna, family)
        with pytest.raises(ValidationError) as refused:
            review(anna, plan, findings="  ")
        assert "findings" in refused.value.error_dict

    def test_only_the_responsible_worker_logs_a_review(self, anna, sam, helena, family):
        plan = make_plan(anna, family)
        for other in (sam, helena):
            with pytest.raises(PermissionDenied):
                review(other, plan)

    def test_withdrawing_the_review_makes_the_review_it_met_owed_again(self, anna, family):
        plan = make_plan(anna, family, started_on=days_ago(20))
        logged = review(anna, plan, on=days_ago(1))
        services.review_withdraw(actor=anna, review=logged, reason="Wpisany do złej rodziny")
        assert [(row.due, row.is_open) for row in stored(plan)] == [(plan.first_review_due(), True)]

    def test_only_the_newest_review_is_withdrawn(self, anna, family):
        plan = make_plan(anna, family, started_on=days_ago(30))
        first = review(anna, plan, on=days_ago(20))
        review(anna, plan, on=days_ago(5))
        with pytest.raises(ValidationError, match="newest"):
            services.review_withdraw(actor=anna, review=first, reason="Pomyłka")


class TestEscalation:
    def test_a_request_for_an_assistant_is_opened_and_the_plan_escalated(self, anna, family):
        plan = make_plan(anna, family)
        logged = review(anna, plan, situation="worse", escalation=Escalation.ASSISTANT_REQUEST, next_on=None)
        plan.refresh_from_db()
        family.refresh_from_db()
        assert plan.status == PlanStatus.ESCALATED and plan.escalated_on == logged.reviewed_on
        assert logged.request.status == RequestStatus.DRAFT and logged.request.family == family
        assert logged.request.analysis.conclusion == AnalysisConclusion.ASSISTANT
        assert family.status == FamilyStatus.ANALYSED
        # No review is owed any more: the one met was the last.
        assert not stored(plan, is_open=True).exists()

    def test_an_open_request_is_the_one_opened(self, anna):
        family = build_family(anna, stage="requested")
        plan = make_plan(anna, family)
        logged = review(anna, plan, escalation=Escalation.ASSISTANT_REQUEST, next_on=None)
        assert logged.request == family.requests.get()

    def test_without_a_consent_the_analysis_is_recorded_and_the_request_waits_for_it(self, anna):
        family = family_without_assistant(anna, consent=False)
        plan = make_plan(anna, family)
        logged = review(anna, plan, escalation=Escalation.ASSISTANT_REQUEST, next_on=None)
        family.refresh_from_db()
        assert logged.request is None and family.status == FamilyStatus.ANALYSED

    def test_after_a_refused_request_it_is_refused_with_the_reason(self, anna, helena):
        family = build_family(anna, stage="submitted")
        from assistants.services.lifecycle import assignment_request_decide

        assignment_request_decide(
            actor=helena, request=family.requests.get(), outcome="refuse", comment="Brak podstaw"
        )
        family.refresh_from_db()
        plan = make_plan(anna, family)
        with pytest.raises(ValidationError) as refused:
            review(anna, plan, escalation=Escalation.ASSISTANT_REQUEST, next_on=None)
        assert "escalation" in refused.value.error_dict
        plan.refresh_from_db()
        assert plan.status == PlanStatus.ACTIVE and not plan.reviews.exists()

    def test_an_interview_update_is_opened_and_the_monitoring_goes_on(self, anna, family):
        plan = make_plan(anna, family)
        logged = review(anna, plan, escalation=Escalation.INTERVIEW_UPDATE)
        assert logged.interview.status == InterviewStatus.DRAFT and logged.interview.updates is not None
        plan.refresh_from_db()
        assert plan.status == PlanStatus.ACTIVE
        assert stored(plan, is_open=True).get().due == logged.next_review_on


class TestEnd:
    def test_ending_owes_no_more_reviews(self, anna, family):
        plan = make_plan(anna, family)
        services.plan_end(
            actor=anna, plan=plan, ended_on=days_ago(0), reason="safe", summary="Sytuacja stabilna"
        )
        plan.refresh_from_db()
        assert plan.status == PlanStatus.ENDED
        assert not stored(plan, is_open=True).exists()

    def test_an_ended_plan_takes_no_review(self, anna, family):
        plan = make_plan(anna, family)
        services.plan_end(actor=anna, plan=plan, ended_on=days_ago(0), reason="safe", summary="Stabilna")
        with pytest.raises(ValidationError, match="has ended"):
            review(anna, plan)

    def test_a_review_overdue_when_the_plan_ended_counts_as_missed(self, anna, family):
        plan = make_plan(anna, family, started_on=days_ago(60))
        services.plan_end(actor=anna, plan=plan, ended_on=days_ago(0), reason="moved_away", summary="Wyjazd")
        (row,) = stored(plan)
        assert row.counted and not row.is_open and row.met_on is None

    def test_only_the_responsible_worker_ends_it(self, sam, helena, anna, family):
        plan = make_plan(anna, family)
        for other in (sam, helena):
            with pytest.raises(PermissionDenied):
                services.plan_end(actor=other, plan=plan, ended_on=days_ago(0), reason="safe", summary="x")

    def test_a_summary_is_required(self, anna, family):
        plan = make_plan(anna, family)
        with pytest.raises(ValidationError) as refused:
            services.plan_end(actor=anna, plan=plan, ended_on=days_ago(0), reason="safe", summary=" ")
        assert "summary" in refused.value.error_dict


class TestEditing:
    def test_the_worker_corrects_the_frequency_and_the_deadline_follows(self, anna, family):
        plan = make_plan(anna, family, started_on=days_ago(10))
        services.plan_update(
            actor=anna, plan=plan, data={**plan_data(family), "every": 2, "interval": Interval.WEEKS}
        )
        assert stored(plan).get().due == days_ago(10) + relativedelta(weeks=2)

    def test_a_stale_save_is_refused(self, anna, family):
        plan = make_plan(anna, family)
        services.plan_update(actor=anna, plan=plan, data={**plan_data(family), "watched": "Nowe"}, version=1)
        with pytest.raises(ValidationError):
            services.plan_update(
                actor=anna, plan=plan, data={**plan_data(family), "watched": "Stare"}, version=1
            )
        plan.refresh_from_db()
        assert plan.watched == "Nowe"


def test_an_archived_case_owes_no_review(anna, helena, family):
    plan = make_plan(anna, family, started_on=days_ago(60))
    case_services.family_archive(actor=helena, family=family)
    assert not stored(plan, is_open=True).exists()


def test_the_stored_rows_equal_a_recomputation(anna, family):
    plan = make_plan(anna, family, started_on=days_ago(70))
    review(anna, plan, on=days_ago(30))
    before = list(stored(plan).values_list("due", "met_on", "is_open", "counted"))
    rewrite(MonitoringPlan.objects.filter(pk=plan.pk), watched="x")
    assert list(stored(plan).values_list("due", "met_on", "is_open", "counted")) == before
