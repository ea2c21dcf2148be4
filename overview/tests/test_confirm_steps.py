"""Every irreversible step is confirmed first (familysupport.steps): its button leads to a page with
a summary of what will be recorded and the sentence saying what will be locked; that page changes
nothing, nor does a POST without the confirmation; only the confirm button performs the step. The
page is reached through the step's own access rule: another centre's head finds nothing there.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django.utils import timezone

from assistants.models import AssessmentStatus, OpinionStatus, PlanStatus, WorkEnd
from assistants.services import assessments as assessment_services
from assistants.services import court as court_services
from assistants.tests.test_court import request_data, sections
from assistants.tests.test_lifecycle import assessment_data, end_work, start_back
from assistants.tests.test_plans import draft as draft_plan
from cases import services as case_services
from cases.models import FamilyStatus, InterviewStatus, RequestStatus
from conftest import INTERVIEW_DATA, build_family, confirm, days_ago, person
from familysupport.models import Role
from familysupport.steps import CONFIRMED
from retention import services as retention_services
from retention.models import ProtocolStatus
from retention.tests.builders import archived_case, past_retention
from supportfamilies import services as support_services
from supportfamilies.models import ContractStatus, InvoiceStatus, SupportFamilyStatus
from supportfamilies.tests.builders import build_support_family, invoice_data

TODAY = timezone.localdate


@dataclass
class Step:
    user: object
    url: str
    done: Callable[[], bool]
    shows: str  # a value of the summary, as the page shows it
    data: dict = field(default_factory=dict)  # the step's own form, if it has one


def interview_sign(p):
    family = build_family(p.anna)
    interview = case_services.interview_start(actor=p.anna, family=family)
    case_services.interview_save_draft(
        actor=p.anna, interview=interview, data={**INTERVIEW_DATA, "conducted_on": days_ago(1)}
    )
    url = reverse("cases:interview_sign", args=[family.pk, interview.pk])
    return Step(p.anna, url, lambda: _fresh(interview).status == InterviewStatus.SIGNED, "Dwa pokoje")


def request_submit(p):
    family = build_family(p.anna, stage="requested")
    request = family.requests.get()
    url = reverse("cases:request_submit", args=[family.pk, request.pk])
    return Step(p.anna, url, lambda: _fresh(request).status == RequestStatus.SUBMITTED, "Wniosek")


def family_archive(p):
    family = build_family(p.anna, stage="interviewed", name="Rodzina Inna")
    case_services.analysis_record(
        actor=p.anna,
        family=family,
        conclusion="other_support",
        support_forms=["counselling"],
        justification="x",
    )
    url = reverse("cases:family_archive", args=[family.pk])
    return Step(p.helena, url, lambda: _fresh(family).archived_on is not None, family.reference)


def request_decide(p):
    family = build_family(p.anna, stage="submitted")
    request = family.requests.get()
    url = reverse("assistants:request_decide", args=[family.pk, request.pk])
    data = {"outcome": "assign", "assistant": p.adam.assistant_profile.pk}
    return Step(
        p.helena,
        url,
        lambda: _fresh(family).status == FamilyStatus.ASSISTANT_ASSIGNED,
        p.adam.last_name,
        data,
    )


def _assigned(p, name="Rodzina Nowak"):
    family = build_family(p.anna, stage="assigned", head=p.helena, assistant=p.adam, name=name)
    start_back(family, 200)
    return family


def work_end_add(p):
    family = _assigned(p)
    data = {"reason": "goals_achieved", "ended_on": days_ago(1).isoformat(), "summary": "Cele osiągnięte"}
    url = reverse("assistants:work_end_add", args=[family.pk])
    return Step(
        p.adam,
        url,
        lambda: WorkEnd.objects.filter(assignment__family=family).exists(),
        "Cele osiągnięte",
        data,
    )


def case_close(p):
    family = _assigned(p)
    end_work(p.adam, family)
    url = reverse("assistants:case_close", args=[family.pk])
    return Step(p.helena, url, lambda: _fresh(family).status == FamilyStatus.CLOSED, family.reference)


def assessment_submit(p):
    family = _assigned(p)
    assessment = assessment_services.assessment_create(actor=p.adam, family=family, data=assessment_data())
    url = reverse("assistants:assessment_submit", args=[family.pk, assessment.pk])
    return Step(p.adam, url, lambda: _fresh(assessment).status == AssessmentStatus.SUBMITTED, "chętnie")


def assessment_acknowledge(p):
    family = _assigned(p)
    assessment = assessment_services.assessment_create(actor=p.adam, family=family, data=assessment_data())
    assessment_services.assessment_submit(actor=p.adam, assessment=assessment)
    url = reverse("assistants:assessment_acknowledge", args=[family.pk, assessment.pk])
    return Step(p.helena, url, lambda: _fresh(assessment).status == AssessmentStatus.ACKNOWLEDGED, "chętnie")


def _opinion(p, *, submit: bool):
    family = _assigned(p)
    court_request = court_services.court_request_register(
        actor=p.stefan, family_reference=family.reference, data=request_data()
    )
    opinion = court_services.court_opinion_start(actor=p.adam, court_request=court_request)
    court_services.court_opinion_save(actor=p.adam, opinion=opinion, data=sections())
    if submit:
        court_services.court_opinion_submit(actor=p.adam, opinion=opinion)
    return family, opinion


def court_opinion_submit(p):
    family, opinion = _opinion(p, submit=False)
    url = reverse("assistants:court_opinion_submit", args=[family.pk, opinion.pk])
    shows = opinion.court_request.case_signature
    return Step(p.adam, url, lambda: _fresh(opinion).status == OpinionStatus.SUBMITTED, shows)


def court_opinion_approve(p):
    family, opinion = _opinion(p, submit=True)
    url = reverse("assistants:court_opinion_approve", args=[family.pk, opinion.pk])
    shows = opinion.court_request.case_signature
    return Step(p.helena, url, lambda: _fresh(opinion).status == OpinionStatus.ISSUED, shows)


def work_plan_accept(p):
    family = _assigned(p)
    plan = draft_plan(family, p.adam)
    url = reverse("assistants:work_plan_accept", args=[family.pk, plan.pk])
    data = {"accepted_by": "Ewa Nowak", "accepted_on": TODAY().isoformat()}
    return Step(p.adam, url, lambda: _fresh(plan).status == PlanStatus.ACCEPTED, "Ewa Nowak", data)


def support_family_establish(p):
    support_family = build_support_family(p.anna, head=p.helena, assistant=p.adam, stage="eligible")
    url = reverse("supportfamilies:support_family_establish", args=[support_family.pk])
    data = {
        "established_on": TODAY().isoformat(),
        "authorisation": "Upoważnienie nr 7/2026",
        "scope": ["household"],
        "help_forms": ["advice"],
    }
    done = lambda: _fresh(support_family).status == SupportFamilyStatus.ESTABLISHED  # noqa: E731
    return Step(p.helena, url, done, "Upoważnienie nr 7/2026", data)


def contract_sign(p):
    contract = build_support_family(p.anna, head=p.helena, assistant=p.adam, stage="contract").contracts.get()
    url = reverse("supportfamilies:contract_sign", args=[contract.pk])
    data = {"signed_on": TODAY().isoformat()}
    return Step(
        p.helena, url, lambda: _fresh(contract).status == ContractStatus.SIGNED, contract.number, data
    )


def contract_terminate(p):
    contract = build_support_family(p.anna, head=p.helena, assistant=p.adam).contracts.get()
    url = reverse("supportfamilies:contract_terminate", args=[contract.pk])
    data = {"terminated_on": TODAY().isoformat(), "reason": "agreement", "details": "Za porozumieniem"}
    done = lambda: _fresh(contract).terminated_on is not None  # noqa: E731
    return Step(p.helena, url, done, "Za porozumieniem", data)


def _invoice(p):
    contract = build_support_family(p.anna, head=p.helena, assistant=p.adam).contracts.get()
    return support_services.invoice_register(actor=p.stefan, contract=contract, data=invoice_data())


def invoice_approve(p):
    invoice = _invoice(p)
    url = reverse("supportfamilies:invoice_approve", args=[invoice.pk])
    return Step(p.helena, url, lambda: _fresh(invoice).status == InvoiceStatus.APPROVED, invoice.number)


def invoice_refuse(p):
    invoice = _invoice(p)
    url = reverse("supportfamilies:invoice_refuse", args=[invoice.pk])
    data = {"reason": "Poza zakresem umowy"}
    return Step(p.helena, url, lambda: _fresh(invoice).status == InvoiceStatus.REFUSED, "Poza zakresem", data)


def support_family_withdraw(p):
    support_family = build_support_family(p.anna, head=p.helena, assistant=p.adam, stage="proposed")
    url = reverse("supportfamilies:support_family_withdraw", args=[support_family.pk])
    data = {"reason": "Rodzina zrezygnowała"}
    done = lambda: _fresh(support_family).status == SupportFamilyStatus.WITHDRAWN  # noqa: E731
    return Step(p.adam, url, done, "Rodzina zrezygnowała", data)


def invoice_paid(p):
    invoice = _invoice(p)
    support_services.invoice_approve(actor=p.helena, invoice=invoice)
    url = reverse("supportfamilies:invoice_paid", args=[invoice.pk])
    data = {"paid_on": TODAY().isoformat()}
    return Step(p.stefan, url, lambda: _fresh(invoice).status == InvoiceStatus.PAID, invoice.number, data)


def _protocol(p):
    past_retention(archived_case(p.anna, head=p.helena))
    return retention_services.disposal_propose(actor=None, centre=p.helena.centre)


def protocol_approve(p):
    protocol = _protocol(p)
    url = reverse("retention:protocol_approve", args=[protocol.pk])
    done = lambda: _fresh(protocol).head_approved_by_id == p.helena.pk  # noqa: E731
    return Step(p.helena, url, done, protocol.items.get().reference)


def protocol_carry_out(p):
    protocol = _protocol(p)
    retention_services.protocol_approve(actor=p.helena, protocol=protocol)
    retention_services.protocol_approve(actor=p.iwona, protocol=protocol)
    url = reverse("retention:protocol_carry_out", args=[protocol.pk])
    done = lambda: _fresh(protocol).status == ProtocolStatus.CARRIED_OUT  # noqa: E731
    return Step(p.helena, url, done, protocol.items.get().reference)


STEPS = [
    interview_sign,
    request_submit,
    family_archive,
    request_decide,
    work_end_add,
    case_close,
    assessment_submit,
    assessment_acknowledge,
    court_opinion_submit,
    court_opinion_approve,
    work_plan_accept,
    support_family_establish,
    contract_sign,
    contract_terminate,
    invoice_approve,
    invoice_refuse,
    invoice_paid,
    support_family_withdraw,
    protocol_approve,
    protocol_carry_out,
]


def _fresh(obj):
    return type(obj)._default_manager.get(pk=obj.pk)


class People:
    def __init__(self, request):
        for name in ("anna", "helena", "adam", "stefan", "bartosz"):
            setattr(self, name, request.getfixturevalue(name))
        self.iwona = person("iwona", self.helena.centre, Role.DPO)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def people(db, request):
    return People(request)


def _is_confirm_page(response, step: Step) -> bool:
    html = response.content.decode()
    return (
        response.status_code == 200
        and 'data-confirm="locks"' in html
        and f'name="{CONFIRMED}"' in html
        and step.shows in html
    )


@pytest.mark.parametrize("build", STEPS, ids=lambda build: build.__name__)
def test_the_step_is_shown_first_and_performed_only_when_confirmed(client, people, build):
    step = build(people)
    client.force_login(step.user)
    first = client.post(step.url, step.data) if step.data else client.get(step.url)
    assert _is_confirm_page(first, step), first.content.decode()[-3000:]
    assert not step.done()
    if not step.data:  # the old button's POST, without the confirmation, changes nothing either
        again = client.post(step.url)
        assert _is_confirm_page(again, step) and not step.done()
    # The confirm page carries the step's form as it was sent.
    for name, value in step.data.items():
        assert (
            f'name="{name}" value="{value[0] if isinstance(value, list) else value}"'
            in first.content.decode()
        )
    response = confirm(client, step.url, step.data)
    assert response.status_code == 302 and step.done()


@pytest.mark.parametrize("build", STEPS, ids=lambda build: build.__name__)
def test_another_centre_finds_no_confirm_page(client, people, build):
    step = build(people)
    client.force_login(people.bartosz)
    assert (client.post(step.url, step.data) if step.data else client.get(step.url)).status_code in (403, 404)
    assert confirm(client, step.url, step.data).status_code in (403, 404)
    assert not step.done()


def test_a_draft_missing_parts_names_them_and_offers_no_confirm_button(client, people):
    family = build_family(people.anna)
    interview = case_services.interview_start(actor=people.anna, family=family)
    case_services.interview_save_draft(actor=people.anna, interview=interview, data={"place": "Dom rodziny"})
    client.force_login(people.anna)
    html = client.get(reverse("cases:interview_sign", args=[family.pk, interview.pk])).content.decode()
    assert f'name="{CONFIRMED}"' not in html
    for part in interview.missing_sections():
        assert part in html
