"""One policy per step of the case: the service refuses by it, the page shows the step's button by it.

The views build no permission flags, check no role or state and record no read by hand; each
service asks its policy; a button is on the page exactly when its step would be accepted, which
for an archived case is never.
"""

import ast
import inspect
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from assistants.models import DecisionOutcome
from assistants.policies import lifecycle as lifecycle_policies
from assistants.services import lifecycle as lifecycle_services
from cases import policies, services, views
from cases.models import Family, InterviewStatus
from conftest import build_family, confirm, person, rewrite, whole_family_page
from familysupport.models import Role

ARCHIVED = "Sprawa jest zarchiwizowana i nie można jej już zmienić."  # as the user reads it, in Polish


def polish(message: str) -> str:
    """A service's message as the user reads it (the same catalogue entry, not a copy of the text)."""
    with translation.override("pl"):
        return gettext(message)


def _tree(module) -> ast.Module:
    return ast.parse(Path(inspect.getfile(module)).read_text())


def test_the_views_build_no_permission_flags_and_check_no_state():
    tree = _tree(views)
    flags = [
        key.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Dict)
        for key in node.keys
        if isinstance(key, ast.Constant) and str(key.value).startswith(("can_", "is_"))
    ]
    own_checks = [
        f"{node.lineno} {node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", ""))
        in ("has_role", "is_responsible_worker", "require_responsible_worker", "require_family_open")
    ]
    state_checks = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Compare | ast.Attribute)
        and any(
            isinstance(n, ast.Attribute) and n.attr in ("status", "TRANSITIONS", "is_signed", "archived_on")
            for n in ast.walk(node)
        )
    ]
    assert (flags, own_checks, state_checks) == ([], [], [])


def test_the_views_record_reads_through_the_access_layer():
    """A page's read is the access layer's (family_view); a download, `record_read`'s, never audit's."""
    tree = _tree(views)
    by_hand = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "audit"
    ]
    assert by_hand == []


def _asks(function, predicate) -> list[ast.Call]:
    source = inspect.getsource(inspect.unwrap(function))
    return [
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "require" and predicate(node)
    ]


def _asks_a_policy(call: ast.Call) -> bool:
    asked = call.args[0] if call.args else None
    return (
        isinstance(asked, ast.Call)
        and isinstance(asked.func, ast.Attribute)
        and getattr(asked.func.value, "id", None) == "policies"
        and asked.func.attr.startswith("can_")
        and hasattr(policies, asked.func.attr)
    )


# The stamp shared by the head's archive and the closing of a case: its callers ask their policies.
HELPERS = {"archive_family"}


def test_every_service_asks_its_policy():
    """Each service's check is `require(policies.can_<step>(actor, ...))`, once."""
    missing = []
    for name, function in inspect.getmembers(services, inspect.isfunction):
        if name.startswith("_") or name in HELPERS or function.__module__ != services.__name__:
            continue
        if len(_asks(function, _asks_a_policy)) != 1:
            missing.append(name)
    assert missing == []
    source = inspect.getsource(inspect.unwrap(services.archive_family))
    assert "require_family_open(" in source


def test_no_old_guard_is_left():
    for module in (services, views):
        source = Path(inspect.getfile(module)).read_text()
        for guard in ("require_not_archived", "_require_head_of", "require_responsible_worker"):
            assert guard not in source, (module.__name__, guard)


# The verdicts -------------------------------------------------------------------------------


def test_a_step_of_another_is_forbidden_and_a_step_out_of_turn_refused(anna, sam, helena):
    family = build_family(anna, stage="interviewed")
    interview = family.interviews.get()
    assert policies.can_update_family(anna, family)
    assert policies.can_update_family(sam, family).allowed is False
    assert policies.can_update_family(sam, family).reason == ""  # not hers: 403
    assert policies.can_update_family(helena, family).reason == ""
    assert policies.can_change_social_worker(helena, family)
    assert policies.can_change_social_worker(anna, family).reason == ""
    # Hers, but not now: the reason the service gives.
    assert policies.can_sign_interview(anna, interview).reason == polish("The interview is already signed.")
    assert policies.can_update_interview(anna, interview)
    assert policies.can_create_request(anna, family).reason == polish(
        "A request follows an analysis that concludes a family assistant is needed."
    )
    assert policies.can_register_family(anna, None) and not policies.can_register_family(helena, None)


def test_the_head_decides_a_submitted_request_of_her_centre_only(anna, helena, bartosz):
    family = build_family(anna, stage="submitted")
    request = family.requests.get()
    assert lifecycle_policies.can_decide_request(helena, request)
    assert lifecycle_policies.can_decide_request(bartosz, request).reason == ""
    assert lifecycle_policies.can_decide_request(anna, request).reason == ""
    lifecycle_services.assignment_request_decide(
        actor=helena, request=request, outcome=DecisionOutcome.REFUSE, comment="Brak podstaw"
    )
    request.refresh_from_db()
    assert lifecycle_policies.can_decide_request(helena, request).reason


def test_every_step_of_an_archived_case_is_refused_with_the_reason(anna, helena):
    family = build_family(anna, stage="requested")
    archive(family)
    family.refresh_from_db()
    interview, request, member = family.interviews.get(), family.requests.get(), family.members.first()
    verdicts = [
        policies.can_update_family(anna, family),
        policies.can_change_social_worker(helena, family),
        policies.can_add_member(anna, family),
        policies.can_update_member(anna, member),
        policies.can_register_report(anna, family),
        policies.can_update_interview(anna, interview),
        policies.can_record_consent(anna, family),
        policies.can_update_request(anna, request),
        policies.can_submit_request(anna, request),
    ]
    assert {verdict.reason for verdict in verdicts} == {ARCHIVED}
    # Reading stays: the head still answers a person's access request.
    assert policies.can_export_member(helena, member)


# The buttons ----------------------------------------------------------------------------------


def page_of(client, user, name: str, *args) -> str:
    client.force_login(user)
    if name == "family_detail":
        return whole_family_page(client, *args)
    response = client.get(reverse(f"cases:{name}", args=args))
    assert response.status_code == 200
    return response.content.decode()


def url(name: str, *args) -> str:
    """The step's address as a link or a form on the page points to it."""
    return f'="{reverse(f"cases:{name}", args=args)}"'


def archive(family: Family) -> None:
    rewrite(Family.objects.filter(pk=family.pk), archived_on=timezone.localdate())


def test_the_family_page_offers_each_user_their_steps_until_the_case_is_archived(client, anna, helena):
    family = build_family(anna)
    member = family.members.first()
    export = f'href="{reverse("member_export_pdf", args=[family.pk, member.pk])}"'
    worker_steps = [
        url("family_edit", family.pk),
        url("member_add", family.pk),
        url("member_edit", family.pk, member.pk),
        url("report_add", family.pk),
        url("interview_start", family.pk),
        url("consent_add", family.pk),
    ]
    page = page_of(client, anna, "family_detail", family.pk)
    assert [step for step in worker_steps if step not in page] == []
    assert url("family_social_worker", family.pk) not in page and export not in page
    assert url("analysis_add", family.pk) not in page  # no signed interview yet
    assert url("request_add", family.pk) not in page
    page = page_of(client, helena, "family_detail", family.pk)
    assert [step for step in worker_steps if step in page] == []
    assert url("family_social_worker", family.pk) in page and export in page

    archive(family)
    page = page_of(client, anna, "family_detail", family.pk)
    assert [step for step in worker_steps if step in page] == []
    page = page_of(client, helena, "family_detail", family.pk)
    assert url("family_social_worker", family.pk) not in page
    assert export in page  # a read, also of an archived case


def test_the_analysis_and_the_request_follow_the_path(client, anna):
    interviewed = build_family(anna, stage="interviewed", name="Rodzina Po Wywiadzie")
    page = page_of(client, anna, "family_detail", interviewed.pk)
    assert url("analysis_add", interviewed.pk) in page and url("interview_start", interviewed.pk) not in page
    requested = build_family(anna, stage="requested", name="Rodzina Z Wnioskiem")
    page = page_of(client, anna, "family_detail", requested.pk)
    assert url("request_add", requested.pk) not in page  # the draft is the family's open request
    consented = build_family(anna, stage="consented", name="Rodzina Ze Zgodą")
    assert url("request_add", consented.pk) in page_of(client, anna, "family_detail", consented.pk)


def test_the_interview_buttons_follow_the_policies(client, anna, helena):
    family = build_family(anna)
    draft = services.interview_start(actor=anna, family=family)
    page = page_of(client, anna, "interview_detail", family.pk, draft.pk)
    assert url("interview_edit", family.pk, draft.pk) in page
    assert url("interview_sign", family.pk, draft.pk) in page
    assert url("interview_update", family.pk, draft.pk) not in page
    page = page_of(client, helena, "interview_detail", family.pk, draft.pk)
    assert url("interview_edit", family.pk, draft.pk) not in page
    assert url("interview_sign", family.pk, draft.pk) not in page

    signed = build_family(anna, stage="interviewed", name="Rodzina Podpisana")
    interview = signed.interviews.get()
    page = page_of(client, anna, "interview_detail", signed.pk, interview.pk)
    assert url("interview_update", signed.pk, interview.pk) in page
    assert url("interview_sign", signed.pk, interview.pk) not in page
    update = services.interview_update_start(actor=anna, interview=interview)
    page = page_of(client, anna, "interview_detail", signed.pk, interview.pk)
    assert url("interview_update", signed.pk, interview.pk) not in page  # one draft at a time
    archive(signed)
    page = page_of(client, anna, "interview_detail", signed.pk, update.pk)
    assert url("interview_edit", signed.pk, update.pk) not in page
    assert url("interview_sign", signed.pk, update.pk) not in page


def test_the_request_buttons_follow_the_policies(client, anna, helena):
    family = build_family(anna, stage="requested")
    request = family.requests.get()
    decide = f'href="{reverse("assistants:request_decide", args=[family.pk, request.pk])}"'
    page = page_of(client, anna, "request_detail", family.pk, request.pk)
    assert url("request_edit", family.pk, request.pk) in page
    assert url("request_submit", family.pk, request.pk) in page
    assert decide not in page_of(client, helena, "request_detail", family.pk, request.pk)

    services.assignment_request_submit(actor=anna, request=request)
    page = page_of(client, anna, "request_detail", family.pk, request.pk)
    assert url("request_edit", family.pk, request.pk) not in page
    assert url("request_submit", family.pk, request.pk) not in page
    page = page_of(client, helena, "request_detail", family.pk, request.pk)
    assert decide in page and url("request_edit", family.pk, request.pk) not in page


# Forged steps ---------------------------------------------------------------------------------


def test_a_forged_step_out_of_turn_is_refused_with_the_reason(client, anna):
    family = build_family(anna, stage="requested")
    client.force_login(anna)
    response = client.post(
        reverse("cases:request_add", args=[family.pk]),
        {"consent": family.consents.get().pk, "justification": "Drugi"},
    )
    assert response.status_code == 200
    assert polish("The family already has an open request.") in response.context["form"].non_field_errors()
    assert family.requests.count() == 1
    interview = family.interviews.get()
    response = confirm(client, reverse("cases:interview_sign", args=[family.pk, interview.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [polish("The interview is already signed.")]


def test_the_edit_page_of_a_signed_interview_sends_back_to_it_with_the_reason(client, anna):
    family = build_family(anna, stage="interviewed")
    interview = family.interviews.get()
    client.force_login(anna)
    response = client.get(reverse("cases:interview_edit", args=[family.pk, interview.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases:interview_detail", args=[family.pk, interview.pk])
    assert [str(m) for m in response.context["messages"]] == [
        polish("The interview is signed and can no longer be changed.")
    ]
    assert family.interviews.get().status == InterviewStatus.SIGNED


@pytest.fixture
def hanna(centre_a):
    """The head of centre A who is also one of its social workers, not responsible for Anna's families."""
    return person("hanna", centre_a, Role.HEAD, Role.SOCIAL_WORKER)


def test_a_worker_who_is_not_responsible_gets_no_form_and_no_button(client, anna, hanna):
    family = build_family(anna)
    page = page_of(client, hanna, "family_detail", family.pk)
    assert url("family_edit", family.pk) not in page and url("member_add", family.pk) not in page
    for step in ("family_edit", "member_add", "report_add", "consent_add"):
        assert client.get(reverse(f"cases:{step}", args=[family.pk])).status_code == 403, step
    assert client.post(reverse("cases:interview_start", args=[family.pk])).status_code == 403
    assert not family.interviews.exists()


def test_the_start_page_offers_a_social_worker_the_registration(client, anna, helena):
    register = f'href="{reverse("cases:family_register")}"'
    client.force_login(anna)
    assert register in client.get(reverse("home")).content.decode()
    client.force_login(helena)
    assert register not in client.get(reverse("home")).content.decode()
