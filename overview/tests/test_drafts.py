"""Every draft saves whatever is filled in; what it must say is asked only when it is signed or
submitted, and the refusal names each missing part (the confirm page lists them too)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assistants.models import AssessmentStatus, OpinionStatus, PlanStatus
from assistants.services import assessments as assessment_services
from assistants.services import court as court_services
from assistants.services import plans as plan_services
from assistants.tests.test_court import request_data
from assistants.tests.test_lifecycle import accepted_plan, assessment_data, start_back
from cases import services as case_services
from cases.models import InterviewStatus
from conftest import build_family, days_ago
from familysupport.steps import CONFIRMED
from supportfamilies import services as support_services
from supportfamilies.models import ContractStatus
from supportfamilies.tests.builders import build_support_family, terms


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def family(anna, helena, adam):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    start_back(family, 200)
    return family


def refusal(step, **kwargs) -> str:
    with pytest.raises(ValidationError) as refused:
        step(**kwargs)
    return " ".join(refused.value.messages)


def lists_missing(client, url, parts) -> bool:
    html = client.get(url).content.decode()
    return f'name="{CONFIRMED}"' not in html and all(part in html for part in parts)


def test_a_half_filled_interview_is_kept_and_its_signing_names_what_is_missing(client, anna):
    family = build_family(anna)
    interview = case_services.interview_start(actor=anna, family=family)
    case_services.interview_save_draft(
        actor=anna, interview=interview, data={"conducted_on": days_ago(1), "housing": "Dwa pokoje"}
    )
    interview.refresh_from_db()
    assert interview.housing == "Dwa pokoje"
    message = refusal(case_services.interview_sign, actor=anna, interview=interview)
    missing = interview.missing_sections()
    assert missing and all(part in message for part in missing)
    assert "date of the interview" not in missing and interview.status == InterviewStatus.DRAFT
    client.force_login(anna)
    assert lists_missing(client, reverse("cases:interview_sign", args=[family.pk, interview.pk]), missing)


def test_a_half_filled_assessment_is_kept_and_its_submission_names_what_is_missing(client, family, adam):
    plan = accepted_plan(family, adam)
    goal = plan.goals.first()
    data = {**assessment_data(), "health": "", "cooperation": "", "recommendation": "", "goal_progress": {}}
    assessment = assessment_services.assessment_create(actor=adam, family=family, data=data)
    assessment.refresh_from_db()
    assert assessment.housing and not assessment.health
    message = refusal(assessment_services.assessment_submit, actor=adam, assessment=assessment)
    missing = assessment.missing_parts()
    assert len(missing) == 3 + plan.goals.count() and goal.goal in message
    assert all(part in message for part in missing)
    assert assessment.status == AssessmentStatus.DRAFT
    client.force_login(adam)
    url = reverse("assistants:assessment_submit", args=[family.pk, assessment.pk])
    assert lists_missing(client, url, missing[:3])


def test_a_half_filled_court_opinion_is_kept_and_its_submission_names_what_is_missing(
    client, family, adam, stefan
):
    court_request = court_services.court_request_register(
        actor=stefan, family_reference=family.reference, data=request_data()
    )
    opinion = court_services.court_opinion_start(actor=adam, court_request=court_request)
    court_services.court_opinion_save(actor=adam, opinion=opinion, data={"health": "Zdrowi"})
    opinion.refresh_from_db()
    assert opinion.health == "Zdrowi"
    message = refusal(court_services.court_opinion_submit, actor=adam, opinion=opinion)
    missing = opinion.missing_sections()
    assert missing and all(part in message for part in missing)
    assert opinion.status == OpinionStatus.DRAFT
    client.force_login(adam)
    assert lists_missing(
        client, reverse("assistants:court_opinion_submit", args=[family.pk, opinion.pk]), missing
    )


def test_a_half_filled_contract_is_kept_and_its_signing_names_what_is_missing(client, anna, helena, adam):
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="established")
    data = {**terms(), "scope": "", "reimbursement_rules": "", "categories": []}
    contract = support_services.contract_create(actor=helena, support_family=support_family, data=data)
    contract.refresh_from_db()
    assert contract.support_family_signatories and not contract.scope
    message = refusal(support_services.contract_sign, actor=helena, contract=contract, signed_on=days_ago(0))
    missing = contract.missing_parts()
    assert len(missing) == 3 and all(part in message for part in missing)
    assert contract.status == ContractStatus.DRAFT
    client.force_login(helena)
    response = client.post(
        reverse("supportfamilies:contract_sign", args=[contract.pk]), {"signed_on": days_ago(0).isoformat()}
    )
    html = response.content.decode()
    assert f'name="{CONFIRMED}"' not in html and all(part in html for part in missing)


def test_a_half_filled_work_plan_goal_is_kept_and_the_signature_names_what_is_missing(client, family, adam):
    plan = plan_services.work_plan_create(actor=adam, family=family)
    plan_services.work_plan_save(
        actor=adam,
        plan=plan,
        data={"consulted_on": days_ago(1), "foster_care_coordinator": "", "child_help_plan": ""},
        goals=[{"goal": "Regularne posiłki dzieci", "deadline": None}],
    )
    goal = plan.goals.get()
    assert goal.goal == "Regularne posiłki dzieci" and goal.deadline is None
    message = refusal(
        plan_services.work_plan_accept, actor=adam, plan=plan, accepted_by="Matka", accepted_on=days_ago(0)
    )
    missing = plan.missing_parts()
    assert "Cel 1 „Regularne posiłki dzieci”: brak terminu realizacji" in missing
    assert all(part in message for part in missing)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    client.force_login(adam)
    response = client.post(
        reverse("assistants:work_plan_accept", args=[family.pk, plan.pk]),
        {"accepted_by": "Matka", "accepted_on": days_ago(0).isoformat()},
    )
    html = response.content.decode()
    assert f'name="{CONFIRMED}"' not in html and all(part in html for part in missing)
