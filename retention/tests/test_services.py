"""The disposal of cases at the end of their retention: listing, both approvals, carrying it out."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import IntegrityError, models, transaction

from assistants.models import CourtOpinion, CourtRequest
from cases.models import Consent, Family, FamilyMember
from conftest import build_family, days_ago, person
from contacts.models import Attachment
from familysupport.erasure import ERASED
from familysupport.models import AuditAction, AuditEvent, Role
from overview.statistics import centre_statistics, statistics_csv
from retention import services
from retention.models import DisposalItem, DisposalProtocol, ProtocolStatus
from retention.tests.builders import PESEL, SECRET, archived_case, court_letter, full_case, past_retention
from supportfamilies.models import Invoice, SupportFamily

CASE_APPS = ("cases", "contacts", "monitoring", "assistants", "supportfamilies", "team", "familyservices")


def events(target, **filters):
    return AuditEvent.objects.filter(
        object_type=target._meta.label_lower, object_id=str(target.pk), **filters
    )


def approved(protocol, head, dpo):
    services.protocol_approve(actor=head, protocol=protocol)
    return services.protocol_approve(actor=dpo, protocol=protocol)


def stored_texts():
    """Every text and JSON value of every record of the case apps, as one list of strings."""
    values = []
    for app in CASE_APPS:
        for model in apps.get_app_config(app).get_models():
            names = [
                field.name
                for field in model._meta.concrete_fields
                if isinstance(field, (models.CharField, models.TextField, models.JSONField, models.FileField))
            ]
            for row in model.objects.values_list(*names):
                values += [str(value) for value in row]
    return values


@pytest.fixture
def due(anna, helena):
    return past_retention(archived_case(anna, head=helena))


# Listing the cases whose retention has ended -------------------------------------------------


def test_the_daily_step_lists_the_cases_whose_retention_has_ended(anna, helena, centre_a, due):
    kept = archived_case(anna, head=helena, name="Rodzina Młodsza")
    past_retention(kept, ended_days_ago=-1)  # ends tomorrow
    build_family(anna)  # an open case is never listed
    out = StringIO()
    call_command("propose_disposal", stdout=out)
    assert "1" in out.getvalue()
    protocol = DisposalProtocol.objects.get(centre=centre_a)
    item = protocol.items.get()
    assert protocol.status == ProtocolStatus.PROPOSED and protocol.drawn_up_on == days_ago(0)
    assert protocol.number == f"OCH/BR/{days_ago(0).year}/001"
    assert (item.family, item.reference) == (due, due.reference)
    assert (item.archived_on, item.retention_until, item.category) == (
        due.archived_on,
        due.retention_until,
        "B10",
    )
    event = events(protocol, action=AuditAction.CREATE).get()
    assert event.actor is None and event.details["families"] == [due.pk]


def test_a_second_run_lists_nothing_twice_and_adds_to_the_unapproved_proposal(anna, helena, centre_a, due):
    first = services.disposal_propose(actor=None, centre=centre_a)
    with pytest.raises(ValidationError):
        services.disposal_propose(actor=None, centre=centre_a)
    later = past_retention(archived_case(anna, head=helena, name="Rodzina Późniejsza"))
    assert services.disposal_propose(actor=None, centre=centre_a) == first
    assert set(first.items.values_list("family", flat=True)) == {due.pk, later.pk}


def test_a_proposal_already_approved_by_one_gets_no_new_case(anna, helena, centre_a, due):
    first = services.disposal_propose(actor=None, centre=centre_a)
    services.protocol_approve(actor=helena, protocol=first)
    past_retention(archived_case(anna, head=helena, name="Rodzina Późniejsza"))
    second = services.disposal_propose(actor=None, centre=centre_a)
    assert second != first and first.items.count() == 1 and second.number.endswith("/002")


def test_only_the_head_or_the_daily_step_lists_cases(anna, centre_a, bartosz, due):
    for actor in (anna, bartosz):
        with pytest.raises(PermissionDenied):
            services.disposal_propose(actor=actor, centre=centre_a)
    assert not DisposalProtocol.objects.exists()


def test_another_centres_case_is_not_listed(bozena, bartosz, centre_a, due):
    past_retention(archived_case(bozena, head=bartosz, name="Rodzina Bemowska"))
    protocol = services.disposal_propose(actor=None, centre=centre_a)
    assert list(protocol.items.values_list("family", flat=True)) == [due.pk]


# Both approvals ------------------------------------------------------------------------------


def test_the_head_and_the_dpo_both_approve(centre_a, helena, iwona, due):
    protocol = services.disposal_propose(actor=None, centre=centre_a)
    services.protocol_approve(actor=iwona, protocol=protocol)
    assert protocol.status == ProtocolStatus.PROPOSED and protocol.dpo_approved_by == iwona
    services.protocol_approve(actor=helena, protocol=protocol)
    assert protocol.status == ProtocolStatus.APPROVED
    assert (protocol.head_approved_by, protocol.head_approved_on) == (helena, days_ago(0))
    assert events(protocol, action=AuditAction.DECIDE, actor=helena).get().details["approved_as"] == Role.HEAD
    assert events(protocol, action=AuditAction.DECIDE, actor=iwona).get().details["approved_as"] == Role.DPO


def test_each_approves_once(centre_a, helena, due):
    protocol = services.disposal_propose(actor=None, centre=centre_a)
    services.protocol_approve(actor=helena, protocol=protocol)
    with pytest.raises(ValidationError, match="już przez Ciebie zatwierdzony"):
        services.protocol_approve(actor=helena, protocol=protocol)
    assert protocol.status == ProtocolStatus.PROPOSED and protocol.dpo_approved_by is None


def test_who_holds_both_roles_approves_as_one_of_them_only(centre_a, due):
    both = person("hanna", centre_a, Role.HEAD, Role.DPO)
    protocol = services.disposal_propose(actor=None, centre=centre_a)
    services.protocol_approve(actor=both, protocol=protocol)
    assert protocol.head_approved_by == both
    with pytest.raises(ValidationError, match="dwie różne osoby"):
        services.protocol_approve(actor=both, protocol=protocol)
    assert protocol.status == ProtocolStatus.PROPOSED and protocol.dpo_approved_by is None


def test_nobody_else_approves(centre_a, anna, stefan, bartosz, bogna, due):
    protocol = services.disposal_propose(actor=None, centre=centre_a)
    for actor in (anna, stefan, bartosz, bogna):
        with pytest.raises(PermissionDenied):
            services.protocol_approve(actor=actor, protocol=protocol)
    assert not events(protocol, action=AuditAction.DECIDE).exists()


# Carrying it out -----------------------------------------------------------------------------


def test_nothing_is_disposed_of_without_both_approvals(centre_a, helena, iwona, due):
    protocol = services.disposal_propose(actor=None, centre=centre_a)
    with pytest.raises(ValidationError, match="zarówno kierownik, jak i inspektor"):
        services.protocol_carry_out(actor=helena, protocol=protocol)
    services.protocol_approve(actor=helena, protocol=protocol)
    with pytest.raises(ValidationError, match="zarówno kierownik, jak i inspektor"):
        services.protocol_carry_out(actor=helena, protocol=protocol)
    with pytest.raises(PermissionDenied):
        services.protocol_carry_out(actor=iwona, protocol=protocol)
    assert Family.objects.get(pk=due.pk).name == due.name
    assert not DisposalItem.objects.filter(disposed_on__isnull=False).exists()


def test_a_disposed_case_loses_its_personal_data_and_documents_for_good(
    anna, helena, adam, stefan, iwona, centre_a, django_capture_on_commit_callbacks
):
    family = past_retention(full_case(anna, head=helena, assistant=adam, staff=stefan))
    files = [
        *Consent.objects.filter(family=family).exclude(scan="").values_list("scan", flat=True),
        *CourtRequest.objects.filter(family=family).values_list("scan", flat=True),
        *CourtOpinion.objects.filter(family=family).values_list("pdf", flat=True),
        *SupportFamily.objects.filter(family=family)
        .exclude(consent_scan="")
        .values_list("consent_scan", flat=True),
        *Invoice.objects.filter(contract__support_family__family=family).values_list("scan", flat=True),
        *Attachment.objects.filter(family=family).values_list("file", flat=True),
    ]
    assert len(files) >= 5 and all(default_storage.exists(name) for name in files)
    assert any(SECRET in value for value in stored_texts())
    protocol = approved(services.disposal_propose(actor=None, centre=centre_a), helena, iwona)
    with django_capture_on_commit_callbacks(execute=True):
        services.protocol_carry_out(actor=helena, protocol=protocol)

    assert not any(SECRET in value or PESEL in value for value in stored_texts())
    assert not any(default_storage.exists(name) for name in files)
    family.refresh_from_db()
    assert (family.name, family.street, family.city) == (ERASED, ERASED, ERASED)
    assert family.reference and family.archived_on and family.status == "closed"
    assert set(FamilyMember.objects.filter(family=family).values_list("pesel", flat=True)) == {""}
    item = protocol.items.get()
    assert item.disposed_on == days_ago(0) and protocol.status == ProtocolStatus.CARRIED_OUT
    event = events(family, action=AuditAction.UPDATE, details__outcome="disposed").get()
    assert event.family_id == family.pk and event.details["files"] == len(files)


def test_the_audit_record_keeps_identifiers_only(anna, helena, adam, stefan, iwona, centre_a):
    family = past_retention(full_case(anna, head=helena, assistant=adam, staff=stefan))
    protocol = approved(services.disposal_propose(actor=None, centre=centre_a), helena, iwona)
    services.protocol_carry_out(actor=helena, protocol=protocol)
    details = [str(details) for details in AuditEvent.objects.values_list("details", flat=True)]
    assert not any(SECRET in text or PESEL in text or family.street in text for text in details)
    assert events(family, details__outcome="disposed").exists()


def test_the_statistics_count_the_same_after_the_disposal(anna, helena, adam, stefan, iwona, centre_a):
    family = full_case(anna, head=helena, assistant=adam, staff=stefan)
    start, end = days_ago(400), days_ago(0)
    before = statistics_csv(centre_statistics(centre_a, start, end))
    past_retention(family)
    protocol = approved(services.disposal_propose(actor=None, centre=centre_a), helena, iwona)
    services.protocol_carry_out(actor=helena, protocol=protocol)
    assert statistics_csv(centre_statistics(centre_a, start, end)) == before


def test_an_open_court_letter_holds_the_case_back_with_the_reason(centre_a, helena, stefan, iwona, anna):
    family = archived_case(anna, head=helena)
    # The court wrote while the case was still open; the archive came after.
    Family.objects.filter(pk=family.pk).update(archived_on=None)
    court_letter(stefan, family)
    Family.objects.filter(pk=family.pk).update(archived_on=days_ago(0))
    past_retention(family)
    protocol = approved(services.disposal_propose(actor=None, centre=centre_a), helena, iwona)
    services.protocol_carry_out(actor=helena, protocol=protocol)
    item = protocol.items.get()
    assert item.disposed_on is None and "Pismo sądu" in item.held_back
    assert Family.objects.get(pk=family.pk).name == family.name
    assert events(family, details__outcome="held_back").exists()
    # Held back, it comes back on the next protocol.
    assert services.disposal_propose(actor=None, centre=centre_a).items.get().family == family


def test_an_open_niebieska_karta_procedure_holds_the_case_back(centre_a, helena, iwona, due):
    Family.objects.filter(pk=due.pk).update(blue_card=True)
    protocol = approved(services.disposal_propose(actor=None, centre=centre_a), helena, iwona)
    services.protocol_carry_out(actor=helena, protocol=protocol)
    assert "Niebieskiej Karty" in protocol.items.get().held_back


def test_a_protocol_is_carried_out_once(centre_a, helena, iwona, due):
    protocol = approved(services.disposal_propose(actor=None, centre=centre_a), helena, iwona)
    services.protocol_carry_out(actor=helena, protocol=protocol)
    with pytest.raises(ValidationError, match="już wykonany"):
        services.protocol_carry_out(actor=helena, protocol=protocol)
    assert events(protocol, details__outcome="carried_out").get().details == {
        "outcome": "carried_out",
        "disposed": 1,
        "held_back": 0,
    }


def test_the_database_refuses_a_disposal_without_both_approvals_by_two_persons(centre_a, helena, due):
    protocol = services.disposal_propose(actor=None, centre=centre_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        DisposalProtocol.objects.filter(pk=protocol.pk).update(
            status=ProtocolStatus.CARRIED_OUT, head_approved_by=helena
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        DisposalProtocol.objects.filter(pk=protocol.pk).update(
            head_approved_by=helena, dpo_approved_by=helena
        )
    assert DisposalProtocol.objects.get(pk=protocol.pk).status == ProtocolStatus.PROPOSED
