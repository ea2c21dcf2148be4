"""A case carried through the services to its archive with something in every part of the record,
then aged past its retention; and the disposal protocols built on it, for the retention tests."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assistants.models import EndReason, GoalStatus, Performer, VisitKind
from assistants.services import court as court_services
from assistants.services import lifecycle as lifecycle_services
from assistants.services import plans as plan_services
from cases import services
from cases.models import Family, FamilyRole
from conftest import basis_data, build_family, days_ago, rewrite, scan_pdf
from contacts import services as contact_services
from familyservices import services as family_services
from institutions.tests.builders import institution
from supportfamilies import services as support_services
from supportfamilies.tests.builders import build_support_family, invoice_data
from team import services as team_services

# Every free text a person typed about the disposed case carries this word, so that a test can
# look for it anywhere in the database after the disposal.
SECRET = "Sekretna"
PESEL = "85010112345"


def _scan(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, scan_pdf(), content_type="application/pdf")


def court_letter(actor, family, *, scan: bool = False):
    return court_services.court_request_register(
        actor=actor,
        family_reference=family.reference,
        data={
            "court": "Sąd Rejonowy dla Warszawy-Mokotowa",
            "division": "VI Wydział Rodzinny i Nieletnich",
            "case_signature": "VI Nsm 12/26",
            "letter_date": days_ago(10),
            "received_on": days_ago(8),
            "deadline": days_ago(-14),
            "request_text": f"{SECRET}: sąd prosi o opinię o rodzinie.",
            "scan": _scan("pismo.pdf") if scan else None,
        },
    )


def full_case(worker, *, head, assistant, staff, name: str = f"Rodzina {SECRET}") -> Family:
    """A family through the whole path: members, interview, consent with a scan, plan, visit, an
    opinion for a court (issued and sent), a support family with a settled contract, the end of
    work, a monitoring note; closed and archived. Its retention has not ended yet."""
    family = build_family(worker, stage="assigned", head=head, assistant=assistant, name=name)
    services.member_add(
        actor=worker,
        family=family,
        data={
            "first_name": SECRET,
            "last_name": SECRET,
            "role": FamilyRole.MOTHER,
            "birth_date": datetime.date(1985, 1, 1),
            "pesel": PESEL,
            "parental_authority": "full",
            "in_foster_care": False,
        },
    )
    mistaken_member = services.member_add(
        actor=worker,
        family=family,
        data={
            "first_name": SECRET,
            "last_name": SECRET,
            "role": FamilyRole.OTHER,
            "birth_date": datetime.date(1960, 1, 1),
            "pesel": "",
            "parental_authority": "",
            "in_foster_care": False,
        },
    )
    services.member_withdraw(actor=worker, member=mistaken_member, reason=f"{SECRET} omyłkowo")
    services.consent_record(
        actor=worker, family=family, data={**basis_data(), "given_by": SECRET, "scan": _scan("zgoda.pdf")}
    )
    plan = plan_services.work_plan_create(actor=assistant, family=family)
    plan_services.work_plan_save(
        actor=assistant,
        plan=plan,
        data={"consulted_on": None, "foster_care_coordinator": "", "child_help_plan": SECRET},
        goals=[
            {
                "goal": SECRET,
                "actions": SECRET,
                "performer": Performer.FAMILY_MEMBER,
                "performer_name": SECRET,
                "deadline": timezone.localdate() + datetime.timedelta(days=60),
                "expected_effect": SECRET,
                "status": GoalStatus.PLANNED,
            }
        ],
    )
    plan_services.work_plan_comment_add(actor=worker, plan=plan, text=SECRET)
    team_services.contribution_add(actor=worker, work_plan=plan, text=SECRET)
    team_services.contribution_withdraw(
        actor=worker,
        contribution=team_services.contribution_add(actor=worker, work_plan=plan, text=SECRET),
        reason=f"{SECRET} omyłkowo",
    )
    plan_services.visit_record(
        actor=assistant,
        family=family,
        data={
            "date": timezone.localdate(),
            "kind": VisitKind.HOME,
            "place": SECRET,
            "duration_minutes": 60,
            "present": SECRET,
            "activities": SECRET,
            "tasks_until_next": SECRET,
        },
    )
    # Records withdrawn as entered by mistake keep their texts and the reason until the disposal.
    mistaken = plan_services.visit_record(
        actor=assistant,
        family=family,
        data={
            "date": timezone.localdate(),
            "kind": VisitKind.HOME,
            "place": SECRET,
            "duration_minutes": 30,
            "present": SECRET,
            "activities": SECRET,
            "tasks_until_next": "",
        },
    )
    plan_services.visit_withdraw(actor=assistant, visit=mistaken, reason=f"{SECRET} omyłkowo")
    # The team's contact log, a note withdrawn with its reason, and a document attached.
    contact_services.contact_log(
        actor=worker,
        family=family,
        data={
            "kind": "home",
            "date": timezone.localdate(),
            "duration_minutes": 60,
            "place": SECRET,
            "participants": [assistant],
            "others_present": SECRET,
            "activities": SECRET,
            "agreements": SECRET,
        },
    )
    note = contact_services.note_add(
        actor=worker,
        family=family,
        data={"date": timezone.localdate(), "text": SECRET, "visibility": "worker"},
    )
    contact_services.note_withdraw(actor=worker, note=note, reason=f"{SECRET} omyłkowo")
    contact_services.attachment_add(
        actor=worker,
        family=family,
        data={
            "kind": "letter",
            "title": SECRET,
            "dated": timezone.localdate(),
            "visibility": "team",
            "file": _scan("pismo.pdf"),
        },
    )
    # A service of a form of work, its session, a session withdrawn, its end with a summary.
    episode = family_services.episode_plan(
        actor=worker, family=family, form="legal_aid", member=None, goal=SECRET, planned_sessions=2
    )
    family_services.episode_refer(
        actor=worker,
        episode=episode,
        specialist=None,
        institution=institution(worker),
        referred_on=timezone.localdate(),
        planned_sessions=2,
        member=None,
        goal=SECRET,
    )
    family_services.session_log(
        actor=worker, episode=episode, held_on=timezone.localdate(), minutes=60, attended=True, note=SECRET
    )
    family_services.session_withdraw(
        actor=worker,
        session=family_services.session_log(
            actor=worker,
            episode=episode,
            held_on=timezone.localdate(),
            minutes=60,
            attended=True,
            note=SECRET,
        ),
        reason=f"{SECRET} omyłkowo",
    )
    family_services.episode_end(
        actor=worker, episode=episode, ended_on=timezone.localdate(), outcome="achieved", summary=SECRET
    )
    court_services.court_request_withdraw(
        actor=staff, court_request=court_letter(staff, family, scan=True), reason=f"{SECRET} omyłkowo"
    )
    letter = court_letter(staff, family, scan=True)
    opinion = court_services.court_opinion_start(actor=assistant, court_request=letter)
    court_services.court_opinion_save(
        actor=assistant, opinion=opinion, data={name: f"{SECRET} {name}" for name in opinion.SECTIONS}
    )
    court_services.court_opinion_submit(actor=assistant, opinion=opinion)
    opinion = court_services.court_opinion_approve(actor=head, opinion=opinion)
    court_services.court_opinion_dispatch(
        actor=staff, opinion=opinion, dispatched_on=timezone.localdate(), method="post"
    )
    support_family = build_support_family(worker, head=head, assistant=assistant, family=family)
    contract = support_family.contracts.get()
    invoice = support_services.invoice_register(
        actor=staff, contract=contract, data=invoice_data(issuer=SECRET, description=SECRET)
    )
    support_services.invoice_withdraw(
        actor=staff,
        invoice=support_services.invoice_register(
            actor=staff, contract=contract, data=invoice_data(number="Z/1", issuer=SECRET)
        ),
        reason=f"{SECRET} omyłkowo",
    )
    support_services.invoice_approve(actor=head, invoice=invoice)
    support_services.invoice_mark_paid(actor=staff, invoice=invoice, paid_on=timezone.localdate())
    support_services.contract_terminate(
        actor=head, contract=contract, terminated_on=timezone.localdate(), reason="agreement", details=SECRET
    )
    lifecycle_services.work_end(
        actor=assistant,
        family=family,
        reason=EndReason.GOALS_ACHIEVED,
        summary=SECRET,
        ended_on=timezone.localdate(),
    )
    lifecycle_services.monitoring_note_add(
        actor=assistant, family=family, date=timezone.localdate(), text=SECRET
    )
    lifecycle_services.case_close(actor=head, family=family)
    family.refresh_from_db()
    return family


def archived_case(worker, *, head, name: str = "Rodzina Archiwalna") -> Family:
    """A family whose path ended without an assistant, archived by the head of its centre."""
    family = build_family(worker, stage="interviewed", name=name)
    services.analysis_record(
        actor=worker,
        family=family,
        conclusion="other_support",
        support_forms=["counselling"],
        justification="Inne",
    )
    return services.family_archive(actor=head, family=family)


def past_retention(family: Family, *, years: int = 10, ended_days_ago: int = 1) -> Family:
    """Date the family's archive back so that its retention ended `ended_days_ago` days ago."""
    until = days_ago(ended_days_ago)
    rewrite(
        Family.objects.filter(pk=family.pk),
        archived_on=until.replace(year=until.year - years),
        retention_until=until,
    )
    family.refresh_from_db()
    return family
