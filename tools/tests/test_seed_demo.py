"""seed_demo and its manifest: the contract the team and the reviewers rely on."""

import ast
import datetime
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assistants.models import CourtRequest, Visit
from cases.models import Family, FamilyMember, FamilyStatus
from contacts.models import Attachment, CaseNote, Contact
from familysupport.models import AuditEvent, Role, StoredDeadline, User
from institutions.models import (
    CaseConference,
    ConferenceTask,
    FamilyContact,
    Institution,
    Letter,
    LetterStatus,
)
from monitoring.deadlines import REVIEW
from monitoring.models import MonitoringPlan, MonitoringReview, PlanStatus
from supportfamilies.models import Invoice
from tools.demo import DEMO_PASSWORD, people, plan

REFERENCE = re.compile(r"\b(?:OCH|BEM)/\d{4}/\d{4}\b")


@pytest.fixture
def manifest(demo, db):
    """The manifest of the demo the module shares (conftest.demo), each test in its own savepoint."""
    return demo


def test_two_centres_with_every_role_and_one_password(client, manifest):
    assert manifest["password"] == DEMO_PASSWORD
    for centre in ("OPS Ochota", "OPS Bemowo"):
        roles = {role for user in manifest["users"] if user["centre"] == centre for role in user["roles"]}
        assert roles == set(Role.values)
    user = manifest["users"][0]
    response = client.post(reverse("login"), {"username": user["username"], "password": manifest["password"]})
    assert response.status_code == 302


def test_families_at_every_step_of_the_path_in_both_centres(manifest):
    for code in ("OCH", "BEM"):
        assert set(Family.objects.filter(centre__code=code).values_list("status", flat=True)) == set(
            FamilyStatus.values
        )


def test_a_record_of_each_withdrawable_kind_is_withdrawn_in_both_centres(manifest):
    centre_of = {
        Visit: "family__centre__code",
        FamilyMember: "centre__code",
        CourtRequest: "centre__code",
        Invoice: "contract__centre__code",
        Contact: "family__centre__code",
        MonitoringReview: "plan__centre__code",
        FamilyContact: "family__centre__code",
        Letter: "centre__code",
        CaseConference: "centre__code",
    }
    for model, centre in centre_of.items():
        withdrawn = model.objects.withdrawn()
        assert set(withdrawn.values_list(centre, flat=True)) == {"OCH", "BEM"}, model
        assert all(record.withdrawal_reason and record.withdrawn_by_id for record in withdrawn), model


def test_monitoring_plans_at_each_state_with_reviews_overdue_and_due_soon_in_both_centres(manifest):
    today = timezone.localdate()
    for code in ("OCH", "BEM"):
        plans = MonitoringPlan.objects.filter(centre__code=code)
        assert set(plans.values_list("status", flat=True)) == set(PlanStatus.values)
        owed = StoredDeadline.objects.filter(kind=REVIEW, is_open=True, centre__code=code)
        assert owed.filter(due__lt=today).exists()
        assert owed.filter(due__gte=today, due__lte=today + datetime.timedelta(days=7)).exists()
        escalated = plans.get(status=PlanStatus.ESCALATED)
        assert escalated.family.requests.filter(status="draft").exists()


def test_the_cooperation_with_institutions_at_each_state_in_both_centres(manifest):
    today = timezone.localdate()
    for code in ("OCH", "BEM"):
        directory = Institution.objects.filter(centre__code=code)
        assert {True, False} == set(directory.values_list("is_active", flat=True))
        assert FamilyContact.objects.current().filter(family__centre__code=code).count() >= 3
        letters = Letter.objects.current().filter(centre__code=code)
        assert set(letters.values_list("status", flat=True)) == set(LetterStatus.values)
        assert letters.filter(status=LetterStatus.SENT, reply_due__lt=today).exists()  # a reply overdue
        tasks = ConferenceTask.objects.filter(conference__centre__code=code, conference__withdrawn_at=None)
        assert tasks.filter(done_on__isnull=False).exists()
        assert tasks.filter(done_on__isnull=True, due_on__lt=today).exists()
        assert tasks.filter(done_on__isnull=True, due_on__gte=today).exists()


def test_seed_is_idempotent(manifest, tmp_path):
    counts = (
        Family.objects.count(),
        FamilyMember.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    )
    path = tmp_path / "again.json"
    call_command("seed_demo", manifest=path, stdout=StringIO())
    assert (
        Family.objects.count(),
        FamilyMember.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
    assert json.loads(path.read_text()) == manifest


@pytest.mark.slow
def test_manifest_says_exactly_which_families_each_user_sees(client, manifest):
    """The references a user meets on their pages are exactly their manifest list, and no family
    outside it opens for them."""
    families = {
        item["reference"]: Family.objects.get(reference=item["reference"]) for item in manifest["families"]
    }
    lists = [
        reverse(name)
        for name in (
            "home",
            "cases:family_list",
            "cases:requests_pending",
            "assistants:court_register",
            "assistants:caseload",
            "audit_log",
            "audit_family",
        )
    ]
    # An assistant's monthly report names the families of their own work in any past month.
    this_month = timezone.localdate().replace(day=1)
    lists += [
        f"{reverse('assistants:assistant_month')}?month={this_month - relativedelta(months=back):%Y-%m}"
        for back in range(13)
    ]
    for entry in manifest["users"]:
        client.force_login(User.objects.get(username=entry["username"]))
        allowed = set(entry["families"])
        seen = set()
        for url in lists:
            seen |= set(REFERENCE.findall(client.get(url).content.decode()))
        for reference, family in families.items():
            response = client.get(reverse("cases:family_detail", args=[family.pk]))
            if response.status_code == 200:
                assert reference in allowed, (entry["username"], reference)
                seen |= set(REFERENCE.findall(response.content.decode()))
            else:
                assert response.status_code == 404, (entry["username"], reference)
        assert seen == allowed, entry["username"]


def test_volume_families_in_proportion(manifest):
    call_command("seed_demo", families=40, stdout=StringIO())
    for code in ("OCH", "BEM"):
        families = Family.objects.filter(centre__code=code)
        assert families.count() == 40
        assert FamilyMember.objects.filter(family__centre__code=code).count() >= 80
    call_command("seed_demo", families=40, stdout=StringIO())
    assert Family.objects.count() == 80


def test_the_manifest_comes_from_the_demos_plan_not_from_the_access_layer():
    """The crawl's expected families must not come from the code the crawl tests: the modules that
    derive the manifest read no selector and no access rule."""
    for module in (plan, people):
        imported = set()
        for node in ast.walk(ast.parse(Path(module.__file__).read_text())):
            if isinstance(node, ast.ImportFrom):
                imported |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
            elif isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
        rules = {name for name in imported if name.endswith((".selectors", ".access", ".policies"))}
        assert not rules, (module.__name__, rules)


def test_the_team_logs_joint_visits_and_phone_contacts_notes_and_an_attachment(manifest):
    for code in ("OCH", "BEM"):
        contacts = Contact.objects.current().filter(family__centre__code=code)
        joint = [contact for contact in contacts.filter(kind="home") if contact.participants.count() == 2]
        assert joint and all(
            {user.groups.get().name for user in contact.participants.all()}
            == {Role.SOCIAL_WORKER, Role.FAMILY_ASSISTANT}
            for contact in joint
        )
        assert contacts.filter(kind="phone").exists()
        notes = CaseNote.objects.current().filter(family__centre__code=code)
        assert set(notes.values_list("visibility", flat=True)) == {"team", "worker"}
        assert Attachment.objects.current().filter(family__centre__code=code).exists()
