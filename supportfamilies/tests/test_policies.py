"""One policy per step: the service refuses by it, the page shows the step's button by it.

The views build no permission flags and check no state; each service asks its policy; a button
is on the page exactly when its step would be accepted, which for an archived case is never.
"""

import ast
import inspect
from pathlib import Path

from django.urls import reverse
from django.utils import timezone

from cases.models import Family
from conftest import confirm, rewrite, whole_family_page
from supportfamilies import services, views
from supportfamilies.models import SupportFamily, SupportFamilyStatus
from supportfamilies.tests.builders import build_support_family, invoice_data

ARCHIVED = "Sprawa jest zarchiwizowana i nie można jej już zmienić."  # as the user reads it, in Polish


def test_the_views_build_no_permission_flags_and_check_no_state():
    tree = ast.parse(Path(inspect.getfile(views)).read_text())
    flags = [
        key.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Dict)
        for key in node.keys
        if isinstance(key, ast.Constant) and str(key.value).startswith(("can_", "is_"))
    ]
    role_checks = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "has_role"
    ]
    state_checks = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Compare | ast.Attribute)
        and any(isinstance(n, ast.Attribute) and n.attr in ("status", "TRANSITIONS") for n in ast.walk(node))
    ]
    assert (flags, role_checks, state_checks) == ([], [], [])


def test_every_service_asks_its_policy():
    """Each service's first check is `require(policies.can_<step>(actor, ...))`."""
    missing = []
    for name, function in inspect.getmembers(services, inspect.isfunction):
        if name.startswith("_") or function.__module__ != services.__name__:
            continue
        source = inspect.getsource(inspect.unwrap(function))
        calls = [
            node
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "require"
        ]
        asks = [
            call
            for call in calls
            if call.args
            and isinstance(call.args[0], ast.Call)
            and isinstance(call.args[0].func, ast.Attribute)
            and getattr(call.args[0].func.value, "id", None) == "policies"
            and call.args[0].func.attr.startswith("can_")
        ]
        if len(asks) != 1:
            missing.append(name)
    assert missing == []


# The buttons ----------------------------------------------------------------------------------


def links(client, user, page: str, **ids) -> str:
    client.force_login(user)
    response = client.get(reverse(f"supportfamilies:{page}", kwargs=ids))
    assert response.status_code == 200
    return response.content.decode()


def href(name: str, *args) -> str:
    return f'href="{reverse(f"supportfamilies:{name}", args=args)}"'


def archive(family_id: int) -> None:
    rewrite(Family.objects.filter(pk=family_id), archived_on=timezone.localdate())


def test_the_candidates_buttons_follow_the_policies(client, anna, helena, adam):
    proposed = build_support_family(anna, head=helena, assistant=adam, stage="proposed")
    eligible = build_support_family(
        anna, head=helena, assistant=adam, stage="eligible", family=proposed.family
    )
    page = links(client, adam, "support_family_detail", support_family_id=proposed.pk)
    assert href("support_family_member_add", proposed.pk) in page
    assert href("support_family_withdraw", proposed.pk) in page
    assert href("interview_detail", proposed.pk) not in page  # the answers are not the assistant's
    page = links(client, helena, "support_family_detail", support_family_id=eligible.pk)
    assert href("support_family_establish", eligible.pk) in page
    assert href("interview_detail", eligible.pk) in page
    assert href("support_family_member_add", eligible.pk) not in page
    assert href("contract_create", eligible.pk) not in page
    page = links(client, anna, "interview_detail", support_family_id=proposed.pk)
    assert href("interview_record", proposed.pk) in page

    archive(proposed.family_id)
    page = links(client, adam, "support_family_detail", support_family_id=proposed.pk)
    assert href("support_family_member_add", proposed.pk) not in page
    assert href("support_family_withdraw", proposed.pk) not in page
    page = links(client, helena, "support_family_detail", support_family_id=eligible.pk)
    assert href("support_family_establish", eligible.pk) not in page
    assert href("support_family_withdraw", eligible.pk) not in page
    page = links(client, anna, "interview_detail", support_family_id=proposed.pk)
    assert href("interview_record", proposed.pk) not in page


def test_the_contracts_and_invoices_buttons_follow_the_policies(client, anna, helena, adam, stefan):
    draft = build_support_family(anna, head=helena, assistant=adam, stage="contract").contracts.get()
    signed = build_support_family(
        anna, head=helena, assistant=adam, family=draft.support_family.family
    ).contracts.get()
    invoice = services.invoice_register(actor=stefan, contract=signed, data=invoice_data())
    page = links(client, helena, "contract_detail", contract_id=draft.pk)
    assert href("contract_sign", draft.pk) in page and href("contract_edit", draft.pk) in page
    page = links(client, helena, "contract_detail", contract_id=signed.pk)
    assert href("contract_terminate", signed.pk) in page and href("contract_sign", signed.pk) not in page
    page = links(client, helena, "invoice_detail", invoice_id=invoice.pk)
    assert href("invoice_refuse", invoice.pk) in page and href("invoice_paid", invoice.pk) not in page
    assert href("invoice_approve", invoice.pk) in page
    page = links(client, stefan, "invoice_detail", invoice_id=invoice.pk)
    assert href("invoice_refuse", invoice.pk) not in page and href("contract_detail", signed.pk) not in page

    archive(draft.support_family.family_id)
    page = links(client, helena, "contract_detail", contract_id=draft.pk)
    assert href("contract_sign", draft.pk) not in page and href("contract_edit", draft.pk) not in page
    page = links(client, helena, "contract_detail", contract_id=signed.pk)
    assert href("contract_terminate", signed.pk) not in page
    page = links(client, helena, "invoice_detail", invoice_id=invoice.pk)
    assert href("invoice_refuse", invoice.pk) not in page
    assert reverse("supportfamilies:invoice_approve", args=[invoice.pk]) not in page


def test_the_family_page_offers_the_proposal_to_its_assistant_until_the_case_is_archived(
    client, anna, helena, adam
):
    proposed = build_support_family(anna, head=helena, assistant=adam, stage="proposed")
    propose = reverse("supportfamilies:support_family_propose", args=[proposed.family_id])
    family_page = reverse("cases:family_detail", args=[proposed.family_id])
    for user, shown in ((adam, True), (helena, False), (anna, False)):
        client.force_login(user)
        assert (propose in whole_family_page(client, proposed.family_id)) is shown, user
    archive(proposed.family_id)
    client.force_login(adam)
    assert propose not in client.get(family_page).content.decode()


def test_a_forged_step_on_an_archived_case_is_refused_with_the_reason(client, anna, helena, adam):
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="eligible")
    archive(support_family.family_id)
    client.force_login(helena)
    response = confirm(
        client,
        reverse("supportfamilies:support_family_establish", args=[support_family.pk]),
        {
            "established_on": timezone.localdate().isoformat(),
            "authorisation": "Upoważnienie",
            "scope": ["household"],
            "help_forms": ["home"],
        },
    )
    assert response.status_code == 200
    assert ARCHIVED in response.context["form"].non_field_errors()
    assert SupportFamily.objects.get(pk=support_family.pk).status == SupportFamilyStatus.ELIGIBLE
