"""A draft work plan saves each goal with whatever of it is filled in; the family signs the plan only
once every goal says the actions, who carries them out, the deadline and the expected effect (art.
15 ust. 3), and the refusal names, in Polish, each goal and what it lacks."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assistants.deadlines import ASSESSMENT, COURT_OPINION, FIRST_PLAN, MONITORING_END
from assistants.models import PlanStatus
from assistants.services import plans as plan_services
from assistants.tests.test_plans import TODAY, accept, draft, goal
from cases.models import Family
from conftest import build_family, confirm
from familysupport.deadlines import deadlines_for
from familysupport.steps import CONFIRMED

SIGNED = {"accepted_by": "Ewa Nowak", "accepted_on": TODAY().isoformat()}


@pytest.fixture
def family(anna, helena, adam):
    return build_family(anna, stage="assigned", head=helena, assistant=adam)


@pytest.fixture
def half_done(family, adam):
    """A draft whose second goal has only its wording, and whose first lacks the expected effect."""
    return draft(
        family,
        adam,
        goals=[
            goal("Opłacanie rachunków", expected_effect=""),
            {
                "goal": "Powrót do pracy",
                "actions": "",
                "performer": "",
                "deadline": None,
                "expected_effect": "",
            },
        ],
    )


def accept_url(plan) -> str:
    return reverse("assistants:work_plan_accept", args=[plan.family_id, plan.pk])


def test_the_plan_names_each_goal_and_what_it_lacks(half_done):
    assert half_done.missing_parts() == [
        "Cel 1 „Opłacanie rachunków”: brak spodziewanego efektu",
        "Cel 2 „Powrót do pracy”: brak działań",
        "Cel 2 „Powrót do pracy”: brak realizatora",
        "Cel 2 „Powrót do pracy”: brak terminu realizacji",
        "Cel 2 „Powrót do pracy”: brak spodziewanego efektu",
    ]


def test_the_family_does_not_sign_while_a_goal_lacks_its_deadline(half_done, adam):
    with pytest.raises(ValidationError) as refused:
        accept(half_done, adam)
    message = " ".join(refused.value.messages)
    assert "Cel 2 „Powrót do pracy”: brak terminu realizacji" in message
    half_done.refresh_from_db()
    assert half_done.status == PlanStatus.DRAFT


def test_once_every_goal_is_filled_in_the_family_signs(half_done, adam):
    first, second = half_done.goals.all()
    plan_services.plan_goal_update(actor=adam, goal=first, data=goal("Opłacanie rachunków"))
    plan_services.plan_goal_update(actor=adam, goal=second, data=goal("Powrót do pracy"))
    half_done.refresh_from_db()
    assert half_done.missing_parts() == []
    assert accept(half_done, adam).status == PlanStatus.ACCEPTED


def test_the_signature_pages_name_what_is_missing_and_offer_no_button(client, half_done, adam):
    client.force_login(adam)
    page = client.get(accept_url(half_done))
    assert page.status_code == 200
    assert "Cel 2 „Powrót do pracy”: brak terminu realizacji" in page.content.decode()
    summary = client.post(accept_url(half_done), SIGNED)  # the confirm page
    html = summary.content.decode()
    assert summary.status_code == 200 and f'name="{CONFIRMED}"' not in html
    assert "Cel 2 „Powrót do pracy”: brak terminu realizacji" in html
    # pressing the button anyway (a page drawn before a goal was emptied) is refused on the form
    response = confirm(client, accept_url(half_done), SIGNED)
    assert response.status_code == 200
    assert "brak terminu realizacji" in " ".join(response.context["form"].non_field_errors())
    half_done.refresh_from_db()
    assert half_done.status == PlanStatus.DRAFT


@pytest.mark.parametrize("persona", ["adam", "anna", "helena"])
def test_a_draft_with_a_goal_without_a_deadline_is_shown_and_printed(client, request, half_done, persona):
    client.force_login(request.getfixturevalue(persona))
    detail = client.get(reverse("assistants:work_plan_detail", args=[half_done.family_id, half_done.pk]))
    assert detail.status_code == 200 and "Powrót do pracy" in detail.content.decode()
    pdf = client.get(reverse("assistants:work_plan_pdf", args=[half_done.family_id, half_done.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.get(reverse("cases:family_detail", args=[half_done.family_id])).status_code == 200


def test_a_draft_and_its_goals_make_no_deadline_in_the_register(half_done, adam):
    """The goals' deadlines are the plan's own; the register keeps the first plan due until the
    family signs it, whatever the draft's goals say."""
    mine = [
        item
        for item in deadlines_for(adam, visible=Family.objects.all())
        if item.family_id == half_done.family_id
    ]
    assert {item.kind for item in mine} <= {FIRST_PLAN, ASSESSMENT, COURT_OPINION, MONITORING_END}
    assert [item.kind for item in mine if item.kind == FIRST_PLAN] == [FIRST_PLAN]
