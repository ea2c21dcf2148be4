"""The head's queues on the start page: opinions to sign off, assessments to acknowledge, contracts
to sign, invoices to decide. Each counts what waits in the head's own centre, links to a list that
shows the same (or to the item), leaves archived cases out, and says so when nothing waits."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assistants.services import assessments as assessment_services
from assistants.services import court as court_services
from assistants.tests.test_court import request_data, sections
from assistants.tests.test_lifecycle import assessment_data, start_back
from cases.models import Family
from conftest import build_family, person, rewrite
from familysupport.models import Role
from supportfamilies import services as support_services
from supportfamilies.tests.builders import build_support_family, invoice_data

HOME = "/"


def head_part(client, user) -> dict:
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.context["head"]


def submitted_opinion(anna, helena, adam, stefan, *, name="Rodzina Nowak", signature="III Nsm 1/26"):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam, name=name)
    court_request = court_services.court_request_register(
        actor=stefan, family_reference=family.reference, data=request_data(case_signature=signature)
    )
    opinion = court_services.court_opinion_start(actor=adam, court_request=court_request)
    court_services.court_opinion_save(actor=adam, opinion=opinion, data=sections())
    return court_services.court_opinion_submit(actor=adam, opinion=opinion)


def submitted_assessment(anna, helena, adam, *, name="Rodzina Nowak"):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam, name=name)
    start_back(family, 200)
    assessment = assessment_services.assessment_create(actor=adam, family=family, data=assessment_data())
    return assessment_services.assessment_submit(actor=adam, assessment=assessment)


def draft_contract(anna, helena, adam):
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="draft")
    return support_family.contracts.get()


def registered_invoice(anna, helena, adam, stefan):
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="signed")
    contract = support_family.contracts.get()
    return support_services.invoice_register(actor=stefan, contract=contract, data=invoice_data())


def archive(family_id: int) -> None:
    rewrite(Family.objects.filter(pk=family_id), archived_on=timezone.localdate())


def listed(client, url: str) -> list:
    return list(client.get(url).context["page"])


def test_opinions_waiting_for_sign_off_are_counted_and_open_in_one_click(client, anna, helena, adam, stefan):
    opinion = submitted_opinion(anna, helena, adam, stefan)
    other = submitted_opinion(anna, helena, adam, stefan, name="Rodzina Lis", signature="III Nsm 2/26")
    draft_family = build_family(anna, stage="assigned", head=helena, assistant=adam, name="Rodzina Wilk")
    draft_request = court_services.court_request_register(
        actor=stefan,
        family_reference=draft_family.reference,
        data=request_data(case_signature="III Nsm 3/26"),
    )
    court_services.court_opinion_start(actor=adam, court_request=draft_request)  # a draft: the assistant's
    queue = head_part(client, helena)["sign_off"]
    assert queue.count == 2
    item = next(item for item in queue.items if item.label.startswith(opinion.family.reference))
    assert item.url == reverse("assistants:court_opinion_detail", args=[opinion.family_id, opinion.pk])
    assert "III Nsm 1/26" in item.label and "Rodzina" not in item.label + item.detail
    assert {entry.pk for entry in listed(client, queue.url)} == {
        opinion.court_request_id,
        other.court_request_id,
    }
    page = client.get(item.url).content.decode()
    assert reverse("assistants:court_opinion_approve", args=[opinion.family_id, opinion.pk]) in page


def test_a_signed_off_or_archived_opinion_leaves_the_queue(client, anna, helena, adam, stefan):
    signed = submitted_opinion(anna, helena, adam, stefan)
    archived = submitted_opinion(anna, helena, adam, stefan, name="Rodzina Lis", signature="III Nsm 2/26")
    court_services.court_opinion_approve(actor=helena, opinion=signed)
    archive(archived.family_id)
    queue = head_part(client, helena)["sign_off"]
    assert queue.count == 0 and queue.items == []
    assert listed(client, queue.url) == []
    assert str(queue.empty) in client.get(HOME).content.decode()


def test_assessments_to_acknowledge_are_counted_and_linked(client, anna, helena, adam):
    assessment = submitted_assessment(anna, helena, adam)
    acknowledged = submitted_assessment(anna, helena, adam, name="Rodzina Lis")
    assessment_services.assessment_acknowledge(actor=helena, assessment=acknowledged)
    archived = submitted_assessment(anna, helena, adam, name="Rodzina Wilk")
    archive(archived.family_id)
    queue = head_part(client, helena)["acknowledge"]
    assert queue.count == 1
    (item,) = queue.items
    assert item.label == assessment.family.reference
    assert item.url == reverse("assistants:assessment_detail", args=[assessment.family_id, assessment.pk])
    assert [family.pk for family in listed(client, queue.url)] == [assessment.family_id]
    page = client.get(item.url).content.decode()
    assert reverse("assistants:assessment_acknowledge", args=[assessment.family_id, assessment.pk]) in page


def test_contracts_to_sign_are_counted_and_linked(client, anna, helena, adam):
    contract = draft_contract(anna, helena, adam)
    build_support_family(anna, head=helena, assistant=adam, stage="signed")
    queue = head_part(client, helena)["contracts_to_sign"]
    assert queue.count == 1
    (item,) = queue.items
    assert item.label == contract.number
    assert item.url == reverse("supportfamilies:contract_detail", args=[contract.pk])
    assert [entry.pk for entry in listed(client, queue.url)] == [contract.pk]
    assert (
        reverse("supportfamilies:contract_sign", args=[contract.pk]) in client.get(item.url).content.decode()
    )
    archive(contract.support_family.family_id)
    assert head_part(client, helena)["contracts_to_sign"].count == 0


def test_invoices_to_decide_are_counted_and_linked(client, anna, helena, adam, stefan):
    invoice = registered_invoice(anna, helena, adam, stefan)
    reimbursements = head_part(client, helena)["reimbursements"]
    assert reimbursements["total"] == 1
    assert [d.object_id for d in reimbursements["items"]] == [invoice.pk]
    assert [entry.pk for entry in listed(client, reimbursements["url"])] == [invoice.pk]


@pytest.mark.parametrize("queue", ["sign_off", "acknowledge", "contracts_to_sign"])
def test_an_empty_queue_says_so(client, helena, queue):
    part = head_part(client, helena)
    assert part[queue].count == 0 and part[queue].items == []
    assert str(part[queue].empty) in client.get(HOME).content.decode()


@pytest.fixture
def beata(centre_b):
    return person("beata", centre_b, Role.STAFF)


def test_no_queue_counts_another_centres_items(
    client, anna, helena, adam, stefan, bartosz, bozena, borys, beata
):
    opinion = submitted_opinion(anna, helena, adam, stefan)
    assessment = submitted_assessment(anna, helena, adam, name="Rodzina Lis")
    contract = draft_contract(anna, helena, adam)
    registered_invoice(anna, helena, adam, stefan)
    own = head_part(client, helena)
    assert [own[name].count for name in ("sign_off", "acknowledge", "contracts_to_sign")] == [1, 1, 1]
    other = head_part(client, bartosz)
    assert [other[name].count for name in ("sign_off", "acknowledge", "contracts_to_sign")] == [0, 0, 0]
    assert other["reimbursements"]["total"] == 0
    page = client.get(HOME).content.decode()
    for reference in (opinion.family.reference, assessment.family.reference, contract.number):
        assert reference not in page
    for name in ("sign_off", "acknowledge", "contracts_to_sign"):
        assert listed(client, own[name].url) == []  # the same lists, seen by the other head
    # Centre B's own items count in B only.
    b_opinion = submitted_opinion(bozena, bartosz, borys, beata, name="Rodzina Sowa")
    assert head_part(client, bartosz)["sign_off"].count == 1
    assert head_part(client, helena)["sign_off"].count == 1
    assert b_opinion.family.centre_id == bartosz.centre_id


def test_the_register_offers_the_heads_sign_off_by_the_same_policy(client, anna, helena, adam, stefan):
    opinion = submitted_opinion(anna, helena, adam, stefan)
    register_page = reverse("assistants:court_register_detail", args=[opinion.court_request_id])
    sign_off = reverse("assistants:court_opinion_detail", args=[opinion.family_id, opinion.pk])
    give_back = reverse("assistants:court_opinion_return", args=[opinion.family_id, opinion.pk])
    client.force_login(helena)
    page = client.get(register_page).content.decode()
    assert sign_off in page and give_back in page
    client.force_login(stefan)
    page = client.get(register_page).content.decode()
    assert sign_off not in page and give_back not in page
    court_services.court_opinion_approve(actor=helena, opinion=opinion)
    client.force_login(helena)
    page = client.get(register_page).content.decode()
    assert give_back not in page and sign_off not in page
