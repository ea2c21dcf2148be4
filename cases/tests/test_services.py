import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from assistants.models import Assignment, Decision, DecisionOutcome
from assistants.services import lifecycle as lifecycle_services
from cases import selectors, services
from cases.models import (
    AnalysisConclusion,
    AssignmentRequest,
    ConsentBasis,
    FamilyStatus,
    Interview,
    InterviewStatus,
    RequestStatus,
)
from conftest import INTERVIEW_DATA, basis_data, build_family, days_ago
from familysupport.models import AuditAction, AuditEvent


def audit_actions(family, action):
    return AuditEvent.objects.filter(family_id=family.pk, action=action)


class TestFamilyRegister:
    def test_worker_becomes_responsible_and_sees_the_family(self, anna, sam):
        family = build_family(anna)
        assert family.social_worker == anna
        assert family.status == FamilyStatus.REPORTED
        assert family.reference == f"OCH/{days_ago(5).year}/0001"
        assert list(selectors.families_visible_to(anna)) == [family]
        assert list(selectors.families_visible_to(sam)) == []
        assert audit_actions(family, AuditAction.CREATE).filter(actor=anna).exists()

    def test_references_are_numbered_per_centre_and_year(self, anna, bozena):
        first, second = build_family(anna), build_family(anna)
        other = build_family(bozena)
        year = days_ago(5).year
        assert [first.reference, second.reference] == [f"OCH/{year}/0001", f"OCH/{year}/0002"]
        assert other.reference == f"BEM/{year}/0001"

    def test_urgent_report_needs_the_intervention(self, anna):
        with pytest.raises(ValidationError) as error:
            services.family_register(
                actor=anna,
                family={
                    "name": "Rodzina X",
                    "street": "ul. A 1",
                    "postal_code": "00-001",
                    "city": "Warszawa",
                    "blue_card": False,
                },
                report={
                    "received_on": days_ago(1),
                    "source": "police",
                    "description": "x",
                    "urgent": True,
                    "intervention": " ",
                },
            )
        assert "intervention" in error.value.message_dict

    def test_only_a_social_worker_registers(self, helena, adam, stefan):
        for user in (helena, adam, stefan):
            with pytest.raises(PermissionDenied):
                build_family(user)


class TestMembers:
    def test_pesel_is_unique_within_the_centre_only(self, anna, bozena):
        family, other = build_family(anna), build_family(anna, name="Rodzina Kot")
        data = {
            "first_name": "Jan",
            "last_name": "Nowak",
            "role": "father",
            "birth_date": datetime.date(1980, 1, 1),
            "pesel": "80010112349",
            "parental_authority": "full",
            "in_foster_care": False,
        }
        services.member_add(actor=anna, family=family, data=data)
        with pytest.raises(ValidationError) as error:
            services.member_add(actor=anna, family=other, data=data)
        assert "pesel" in error.value.message_dict
        services.member_add(actor=bozena, family=build_family(bozena), data=data)

    def test_another_worker_cannot_add_members(self, anna, sam):
        family = build_family(anna)
        with pytest.raises(PermissionDenied):
            services.member_add(actor=sam, family=family, data={})


class TestInterview:
    def test_due_in_14_working_days_or_2_when_urgent(self, anna):
        # Thursday 30 April 2026: 1 and 3 May are holidays, 2-3 May a weekend.
        family = build_family(anna, received_on=datetime.date(2026, 4, 30))
        urgent = build_family(anna, urgent=True, received_on=datetime.date(2026, 4, 30))
        assert selectors.interview_due_date(family.reports.get()) == datetime.date(2026, 5, 21)
        assert selectors.interview_due_date(urgent.reports.get()) == datetime.date(2026, 5, 5)

    def test_next_step_shows_the_interview_due_and_overdue(self, anna):
        family = build_family(anna, urgent=True, received_on=days_ago(10))
        step = selectors.family_next_step(family)
        assert step.due == selectors.interview_due_date(family.reports.get())
        assert step.overdue

    def test_draft_is_resumed_not_duplicated(self, anna):
        family = build_family(anna)
        first = services.interview_start(actor=anna, family=family)
        assert services.interview_start(actor=anna, family=family) == first

    def test_cannot_sign_an_incomplete_interview(self, anna):
        family = build_family(anna)
        interview = services.interview_start(actor=anna, family=family)
        with pytest.raises(ValidationError) as error:
            services.interview_sign(actor=anna, interview=interview)
        assert "diagnosis" in str(error.value) or "diagnoza" in str(error.value)
        interview.refresh_from_db()
        assert interview.status == InterviewStatus.DRAFT

    def test_signing_locks_the_interview(self, anna):
        family = build_family(anna, stage="interviewed")
        interview = family.interviews.get()
        assert interview.is_signed and interview.signed_at
        family.refresh_from_db()
        assert family.status == FamilyStatus.INTERVIEWED
        with pytest.raises(ValidationError):
            services.interview_save_draft(
                actor=anna,
                interview=interview,
                data={**INTERVIEW_DATA, "conducted_on": days_ago(1), "diagnosis": "changed"},
            )
        interview.refresh_from_db()
        assert interview.diagnosis == INTERVIEW_DATA["diagnosis"]
        assert audit_actions(family, AuditAction.SIGN).count() == 1

    def test_an_update_is_a_new_record_beside_the_original(self, anna):
        family = build_family(anna, stage="interviewed")
        original = family.interviews.get()
        update = services.interview_update_start(actor=anna, interview=original)
        assert update.pk != original.pk and update.updates == original
        assert update.status == InterviewStatus.DRAFT and update.housing == original.housing
        services.interview_save_draft(
            actor=anna,
            interview=update,
            data={**INTERVIEW_DATA, "conducted_on": days_ago(0), "housing": "Nowe mieszkanie"},
        )
        services.interview_sign(actor=anna, interview=update)
        original.refresh_from_db()
        assert original.housing == INTERVIEW_DATA["housing"]
        assert Interview.objects.filter(family=family, status=InterviewStatus.SIGNED).count() == 2

    def test_interview_date_cannot_be_in_the_future(self, anna):
        family = build_family(anna)
        interview = services.interview_start(actor=anna, family=family)
        services.interview_save_draft(
            actor=anna,
            interview=interview,
            data={**INTERVIEW_DATA, "conducted_on": timezone.localdate() + datetime.timedelta(days=1)},
        )
        with pytest.raises(ValidationError):
            services.interview_sign(actor=anna, interview=interview)

    def test_one_draft_per_family_in_the_database(self, anna):
        family = build_family(anna)
        services.interview_start(actor=anna, family=family)
        with pytest.raises(IntegrityError):
            Interview.objects.create(
                family=family, centre_id=family.centre_id, report=family.reports.get(), author=anna
            )


class TestAnalysis:
    def test_needs_a_signed_interview(self, anna):
        family = build_family(anna)
        with pytest.raises(ValidationError):
            services.analysis_record(
                actor=anna, family=family, conclusion="assistant", support_forms=[], justification="x"
            )

    def test_other_support_needs_a_form(self, anna):
        family = build_family(anna, stage="interviewed")
        with pytest.raises(ValidationError) as error:
            services.analysis_record(
                actor=anna, family=family, conclusion="other_support", support_forms=[], justification="x"
            )
        assert "support_forms" in error.value.message_dict
        services.analysis_record(
            actor=anna,
            family=family,
            conclusion="other_support",
            support_forms=["therapy"],
            justification="x",
        )
        family.refresh_from_db()
        assert family.status == FamilyStatus.NO_ASSISTANT

    def test_assistant_conclusion_leads_to_the_request(self, anna):
        family = build_family(anna, stage="analysed")
        assert family.status == FamilyStatus.ANALYSED
        assert family.analyses.get().interview == family.interviews.get()


class TestConsent:
    def test_consent_says_who_and_in_what_form(self, anna):
        family = build_family(anna, stage="analysed")
        with pytest.raises(ValidationError) as error:
            services.consent_record(
                actor=anna, family=family, data={**basis_data(), "given_by": "", "form": ""}
            )
        assert {"given_by", "form"} <= set(error.value.message_dict)

    def test_court_obligation_names_court_and_signature(self, anna):
        family = build_family(anna, stage="analysed")
        with pytest.raises(ValidationError) as error:
            services.consent_record(
                actor=anna,
                family=family,
                data={**basis_data(ConsentBasis.COURT), "court": "", "case_signature": ""},
            )
        assert {"court", "case_signature"} <= set(error.value.message_dict)


class TestRequest:
    def test_request_needs_the_assistant_analysis(self, anna):
        family = build_family(anna, stage="interviewed")
        services.analysis_record(
            actor=anna, family=family, conclusion="no_support", support_forms=[], justification="x"
        )
        consent = services.consent_record(actor=anna, family=family, data=basis_data())
        with pytest.raises(ValidationError):
            services.assignment_request_create(actor=anna, family=family, consent=consent, justification="x")

    def test_request_links_the_signed_interview_analysis_and_basis(self, anna):
        family = build_family(anna, stage="requested")
        request = family.requests.get()
        assert request.interview.is_signed
        assert request.analysis.conclusion == AnalysisConclusion.ASSISTANT
        assert request.consent.basis == ConsentBasis.CONSENT
        assert request.status == RequestStatus.DRAFT

    def test_submit_once(self, anna):
        family = build_family(anna, stage="submitted")
        request = family.requests.get()
        assert request.status == RequestStatus.SUBMITTED and request.submitted_at
        family.refresh_from_db()
        assert family.status == FamilyStatus.REQUEST_SUBMITTED
        with pytest.raises(ValidationError):
            services.assignment_request_submit(actor=anna, request=request)

    def test_consent_of_another_family_is_refused(self, anna):
        family = build_family(anna, stage="analysed")
        other = build_family(anna, stage="consented", name="Rodzina Kot")
        with pytest.raises(ValidationError):
            services.assignment_request_create(
                actor=anna, family=family, consent=other.consents.get(), justification="x"
            )

    def test_one_open_request_per_family(self, anna):
        family = build_family(anna, stage="requested")
        with pytest.raises(ValidationError):
            services.assignment_request_create(
                actor=anna, family=family, consent=family.consents.get(), justification="x"
            )


class TestDecision:
    def test_assigning_gives_the_assistant_the_family(self, anna, helena, adam, agata):
        family = build_family(anna, stage="assigned", head=helena, assistant=adam)
        assert family.status == FamilyStatus.ASSISTANT_ASSIGNED
        assignment = Assignment.objects.get(family=family)
        assert assignment.assistant.user == adam and assignment.started_on == timezone.localdate()
        assert family in selectors.families_visible_to(adam)
        assert family not in selectors.families_visible_to(agata)
        assert audit_actions(family, AuditAction.DECIDE).filter(actor=helena).exists()
        assert audit_actions(family, AuditAction.GRANT).filter(details__user_id=adam.pk).exists()

    def test_a_request_is_decided_once(self, anna, helena, adam):
        family = build_family(anna, stage="assigned", head=helena, assistant=adam)
        request = family.requests.get()
        with pytest.raises(ValidationError):
            lifecycle_services.assignment_request_decide(
                actor=helena, request=request, outcome=DecisionOutcome.REFUSE, comment="x"
            )
        assert Decision.objects.filter(request=request).count() == 1

    def test_the_database_keeps_one_final_decision(self, anna, helena, adam):
        family = build_family(anna, stage="assigned", head=helena, assistant=adam)
        with pytest.raises(IntegrityError):
            Decision.objects.create(
                request=family.requests.get(), outcome=DecisionOutcome.REFUSE, decided_by=helena
            )

    def test_return_and_resubmit(self, anna, helena):
        family = build_family(anna, stage="submitted")
        request = family.requests.get()
        with pytest.raises(ValidationError) as error:
            lifecycle_services.assignment_request_decide(
                actor=helena, request=request, outcome=DecisionOutcome.RETURN
            )
        assert "comment" in error.value.message_dict
        lifecycle_services.assignment_request_decide(
            actor=helena, request=request, outcome=DecisionOutcome.RETURN, comment="Uzupełnić"
        )
        request.refresh_from_db()
        family.refresh_from_db()
        assert request.status == RequestStatus.RETURNED
        assert family.status == FamilyStatus.REQUEST_RETURNED
        services.assignment_request_update(
            actor=anna, request=request, consent=request.consent, justification="Uzupełniony"
        )
        services.assignment_request_submit(actor=anna, request=request)
        request.refresh_from_db()
        assert request.status == RequestStatus.SUBMITTED

    def test_refuse_needs_a_reason(self, anna, helena):
        family = build_family(anna, stage="submitted")
        request = family.requests.get()
        with pytest.raises(ValidationError):
            lifecycle_services.assignment_request_decide(
                actor=helena, request=request, outcome=DecisionOutcome.REFUSE
            )
        lifecycle_services.assignment_request_decide(
            actor=helena, request=request, outcome=DecisionOutcome.REFUSE, comment="Brak przesłanek"
        )
        family.refresh_from_db()
        assert family.status == FamilyStatus.REQUEST_REFUSED

    @pytest.mark.parametrize("outcome", [DecisionOutcome.MUNICIPAL_UNIT, DecisionOutcome.COMMISSIONED])
    def test_referral_names_the_entity(self, anna, helena, outcome):
        family = build_family(anna, stage="submitted")
        request = family.requests.get()
        with pytest.raises(ValidationError):
            lifecycle_services.assignment_request_decide(actor=helena, request=request, outcome=outcome)
        lifecycle_services.assignment_request_decide(
            actor=helena, request=request, outcome=outcome, entity="CUS"
        )
        family.refresh_from_db()
        assert family.status == FamilyStatus.REFERRED
        assert not Assignment.objects.filter(family=family).exists()

    @pytest.mark.parametrize(
        "outcome", [DecisionOutcome.REFUSE, DecisionOutcome.RETURN, DecisionOutcome.MUNICIPAL_UNIT]
    )
    def test_minor_parent_may_only_be_assigned(self, anna, helena, adam, outcome):
        family = build_family(anna, stage="submitted", basis=ConsentBasis.MINOR_PARENT)
        request = family.requests.get()
        with pytest.raises(ValidationError) as error:
            lifecycle_services.assignment_request_decide(
                actor=helena, request=request, outcome=outcome, comment="x", entity="x"
            )
        assert "outcome" in error.value.message_dict
        lifecycle_services.assignment_request_decide(
            actor=helena, request=request, outcome=DecisionOutcome.ASSIGN, assistant=adam.assistant_profile
        )

    def test_head_of_another_centre_cannot_decide(self, anna, bartosz, borys):
        family = build_family(anna, stage="submitted")
        with pytest.raises(PermissionDenied):
            lifecycle_services.assignment_request_decide(
                actor=bartosz,
                request=family.requests.get(),
                outcome=DecisionOutcome.ASSIGN,
                assistant=borys.assistant_profile,
            )

    def test_assistant_of_another_centre_is_refused(self, anna, helena, borys):
        family = build_family(anna, stage="submitted")
        with pytest.raises(ValidationError):
            lifecycle_services.assignment_request_decide(
                actor=helena,
                request=family.requests.get(),
                outcome=DecisionOutcome.ASSIGN,
                assistant=borys.assistant_profile,
            )
        assert family.requests.get().status == RequestStatus.SUBMITTED

    def test_social_worker_cannot_decide(self, anna, adam):
        family = build_family(anna, stage="submitted")
        with pytest.raises(PermissionDenied):
            lifecycle_services.assignment_request_decide(
                actor=anna,
                request=family.requests.get(),
                outcome=DecisionOutcome.ASSIGN,
                assistant=adam.assistant_profile,
            )

    def test_cap_is_enforced(self, anna, helena, adam):
        profile = adam.assistant_profile
        profile.caseload_cap = 2
        profile.save()
        for n in range(2):
            build_family(anna, stage="assigned", head=helena, assistant=adam, name=f"Rodzina {n}")
        family = build_family(anna, stage="submitted", name="Rodzina Trzecia")
        request = family.requests.get()
        with pytest.raises(ValidationError) as error:
            lifecycle_services.assignment_request_decide(
                actor=helena, request=request, outcome=DecisionOutcome.ASSIGN, assistant=profile
            )
        assert "assistant" in error.value.message_dict
        request.refresh_from_db()
        assert request.status == RequestStatus.SUBMITTED
        assert not Decision.objects.filter(request=request).exists()

    def test_cap_cannot_exceed_the_statute(self, adam):
        profile = adam.assistant_profile
        profile.caseload_cap = 16
        with pytest.raises(IntegrityError):
            profile.save()

    def test_one_active_assignment_per_family(self, anna, helena, adam, agata):
        family = build_family(anna, stage="assigned", head=helena, assistant=adam)
        with pytest.raises(IntegrityError):
            Assignment.objects.create(
                family=family,
                assistant=agata.assistant_profile,
                started_on=timezone.localdate(),
                created_by=helena,
            )


class TestSocialWorkerChange:
    def test_previous_worker_loses_access_at_once(self, anna, sam, helena):
        family = build_family(anna)
        services.family_social_worker_change(actor=helena, family=family, social_worker=sam)
        assert family not in selectors.families_visible_to(anna)
        assert family in selectors.families_visible_to(sam)
        assert audit_actions(family, AuditAction.REVOKE).filter(details__user_id=anna.pk).exists()

    def test_only_the_head(self, anna, sam):
        family = build_family(anna)
        with pytest.raises(PermissionDenied):
            services.family_social_worker_change(actor=sam, family=family, social_worker=sam)


def test_requests_awaiting_decision_are_the_heads_centre_only(anna, helena, bozena, bartosz):
    mine = build_family(anna, stage="submitted")
    build_family(bozena, stage="submitted")
    assert [r.family for r in selectors.requests_awaiting_decision(helena)] == [mine]
    assert list(selectors.requests_awaiting_decision(anna)) == []
    assert AssignmentRequest.objects.count() == 2
