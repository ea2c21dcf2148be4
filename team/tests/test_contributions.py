"""The team co-writes the diagnosis and the work plan (issue 15): a co-author's contribution is
shown as theirs, with their specialty or role, on the document's page and in its print; only the
family's team other than the author writes one, only while the document is a draft; the co-author
withdraws their own with a reason; a form sent twice adds one."""

import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from assistants.services import plans as plan_services
from cases import services as case_services
from conftest import INTERVIEW_DATA, build_family
from team import services
from team.models import Contribution
from team.tests.conftest import engage

pytestmark = pytest.mark.django_db

DIAGNOSIS = "Matka przeciążona opieką; syn potrzebuje diagnozy w poradni."


@pytest.fixture
def interview(anna, marta):
    """A draft update of the family's interview, Marta engaged on the family."""

    family = build_family(anna, stage="interviewed", name="Rodzina Lis")
    engage(anna, family, marta)
    return case_services.interview_update_start(actor=anna, interview=family.interviews.get())


def add(actor, **document):
    return services.contribution_add(actor=actor, text=document.pop("text", DIAGNOSIS), **document)


def test_an_engaged_psychologist_co_writes_the_diagnosis_shown_as_hers(client, anna, marta, interview):
    contribution = add(marta, interview=interview)
    assert (contribution.author, contribution.author_role, contribution.specialty) == (
        marta,
        "specialist",
        "psychologist",
    )
    client.force_login(anna)
    page = client.get(
        reverse("cases:interview_detail", args=[interview.family_id, interview.pk])
    ).content.decode()
    assert DIAGNOSIS in page
    assert f"{marta} (psycholog)" in page
    pdf = client.get(reverse("cases:interview_pdf", args=[interview.family_id, interview.pk]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Matka przeciążona opieką" in text and "psycholog" in text


def test_the_author_and_those_off_the_team_write_no_contribution(anna, beata, bozena, helena, interview):
    for outsider in (anna, beata, bozena, helena):  # the author; not engaged; other centre; the head
        with pytest.raises(PermissionDenied):
            add(outsider, interview=interview)


def test_a_signed_interview_takes_no_contribution(anna, marta, interview):
    case_services.interview_save_draft(
        actor=anna,
        interview=interview,
        data={**INTERVIEW_DATA, "conducted_on": interview.family.reports.get().received_on},
    )
    case_services.interview_sign(actor=anna, interview=interview)
    with pytest.raises(ValidationError, match="podpisany"):
        add(marta, interview=interview)


def test_an_empty_contribution_is_refused(marta, interview):
    with pytest.raises(ValidationError) as error:
        add(marta, interview=interview, text="  ")
    assert "text" in error.value.message_dict


def test_the_social_worker_co_writes_the_assistants_draft_plan_not_an_accepted_one(
    client, anna, helena, adam
):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    plan = plan_services.work_plan_create(actor=adam, family=family)
    with pytest.raises(PermissionDenied):
        add(adam, work_plan=plan)  # the plan's author
    add(anna, work_plan=plan, text="Priorytet: zaległości czynszowe.")
    client.force_login(adam)
    page = client.get(reverse("assistants:work_plan_detail", args=[family.pk, plan.pk])).content.decode()
    assert "Priorytet: zaległości czynszowe." in page and f"{anna} (pracownik socjalny)" in page
    plan.status = "accepted"
    plan.save(update_fields=["status"])
    with pytest.raises(ValidationError, match="zaakceptowany"):
        add(anna, work_plan=plan)


def test_the_co_author_withdraws_their_own_contribution_with_a_reason(client, anna, marta, interview):
    contribution = add(marta, interview=interview)
    with pytest.raises(PermissionDenied):
        services.contribution_withdraw(actor=anna, contribution=contribution, reason="Pomyłka")
    client.force_login(marta)
    address = reverse("team:contribution_withdraw", args=[interview.family_id, contribution.pk])
    assert client.get(address).status_code == 405
    client.post(address, {"reason": "Do innej rodziny"})
    contribution.refresh_from_db()
    assert contribution.withdrawn_by == marta and contribution.withdrawal_reason == "Do innej rodziny"
    page = client.get(
        reverse("cases:interview_detail", args=[interview.family_id, interview.pk])
    ).content.decode()
    assert DIAGNOSIS not in page


PERSONAS = (
    "anna",
    "sam",
    "helena",
    "adam",
    "stefan",
    "ada",
    "marta",
    "beata",
    "bozena",
    "bartosz",
    "natalia",
)
# Who gets the contribution form of a draft interview update: Marta (engaged) writes; Anna is its
# author and the head is not on the team (403); everyone else does not see the family (404).
CONTRIBUTE = {"anna": 403, "helena": 403, "marta": 200}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_contribution_page_for_every_role_and_the_other_centre(client, request, interview, persona):
    client.force_login(request.getfixturevalue(persona))
    address = reverse("team:interview_contribution_add", args=[interview.family_id, interview.pk])
    assert client.get(address).status_code == CONTRIBUTE.get(persona, 404)


def test_the_contribution_form_sent_twice_adds_one(client, marta, interview):
    client.force_login(marta)
    address = reverse("team:interview_contribution_add", args=[interview.family_id, interview.pk])
    token = re.search(r'name="submission" value="([^"]+)"', client.get(address).content.decode()).group(1)
    for _ in range(2):
        assert client.post(address, {"submission": token, "text": DIAGNOSIS}).status_code == 302
    assert Contribution.objects.filter(interview=interview).count() == 1


def test_a_contribution_is_escaped_on_the_page(client, anna, marta, interview):
    add(marta, interview=interview, text="<script>alert(1)</script>")
    client.force_login(anna)
    page = client.get(
        reverse("cases:interview_detail", args=[interview.family_id, interview.pk])
    ).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


@pytest.fixture
def draft_plan(anna, helena, adam, marta):
    """Adam's draft work plan with the family, Marta engaged on it and a contribution of hers."""
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    engage(anna, family, marta)
    plan = plan_services.work_plan_create(actor=adam, family=family)
    return plan, add(marta, work_plan=plan)


# Who gets the contribution form of a draft plan: the worker and Marta (engaged) write; Adam is its
# author and the head is not on the team (403); everyone else does not see the family (404).
CONTRIBUTE_TO_PLAN = {"anna": 200, "marta": 200, "adam": 403, "helena": 403}
# Who withdraws Marta's contribution: Marta only; the rest of the team and the head 403.
WITHDRAW = {"marta": 302, "anna": 403, "adam": 403, "helena": 403}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_plans_contribution_pages_for_every_role_and_the_other_centre(
    client, request, draft_plan, persona
):
    plan, contribution = draft_plan
    client.force_login(request.getfixturevalue(persona))
    address = reverse("team:plan_contribution_add", args=[plan.family_id, plan.pk])
    assert client.get(address).status_code == CONTRIBUTE_TO_PLAN.get(persona, 404)
    withdraw = reverse("team:contribution_withdraw", args=[plan.family_id, contribution.pk])
    assert client.post(withdraw, {"reason": "Pomyłka"}).status_code == WITHDRAW.get(persona, 404)
    contribution.refresh_from_db()
    assert (contribution.withdrawn_at is not None) == (persona == "marta")
