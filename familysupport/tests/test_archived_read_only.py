"""An archived case is read-only: every service that changes anything of a family refuses it.

For each public service (a function of a services module taking the keyword `actor`), an entry
builds the arguments of a call that would succeed on an open case: a valid actor, a valid object
in the right state, valid data. The test archives the family and expects the call refused with
the archived reason and no audit row of a change; the same entry on the open case must succeed
(so the refusal is the archive's, not a bad argument's). A service without an entry fails the
completeness check, unless it is listed in WITHOUT_A_FAMILY with the reason it changes no family
that could be archived.

To cover another app, add its services module to SERVICE_MODULES and an entry per function in
ENTRIES: "module.function" -> a function of the `World` giving the keyword arguments. The world
builds, lazily, what the entries need in one family (`World.family`), or in further families of
its personas; the test archives every family of the world. A call that writes more than one change
to the audit record says how many in CHANGES_WRITTEN.
"""

import datetime
import inspect
from collections.abc import Callable
from functools import cached_property

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from assistants.models import (
    CourtOpinion,
    DecisionOutcome,
    DispatchMethod,
    EndReason,
    GoalStatus,
    OpinionStatus,
)
from assistants.services import assessments as assessment_services
from assistants.services import court as court_services
from assistants.services import lifecycle as lifecycle_services
from assistants.services import plans as plan_services
from assistants.tests.test_court import request_data, sections
from assistants.tests.test_lifecycle import assessment_data
from assistants.tests.test_plans import PLAN_DATA, goal
from assistants.tests.test_visits import visit_data
from cases import services as cases_services
from cases.models import Analysis, AnalysisConclusion, AssignmentRequest, Family, FamilyMember, Interview
from conftest import (
    FAMILY_DATA,
    INTERVIEW_DATA,
    basis_data,
    build_family,
    days_ago,
    person,
    rewrite,
    scan_pdf,
)
from contacts import services as contacts_services
from contacts.tests.conftest import contact_data, note_data
from familyservices import services as familyservices_services
from familysupport import audit
from familysupport.models import AuditEvent, Role
from institutions.tests.builders import institution
from supportfamilies import services as supportfamilies_services
from supportfamilies.models import Contract, Invoice, SupportFamily
from supportfamilies.tests.builders import (
    build_support_family,
    establishment,
    interview_data,
    invoice_data,
    proposal,
    terms,
)
from team import services as team_services
from team.models import Specialty
from team.tests.conftest import specialist

SERVICE_MODULES = [supportfamilies_services]
ARCHIVED = "The case is archived and can no longer be changed."
# Services that change no family there could be an archived case of: "module.function" -> why.
WITHOUT_A_FAMILY: dict[str, str] = {}
# The changes a successful call writes to the audit record, where it is more than one.
CHANGES_WRITTEN: dict[str, int] = {}


class World:
    """One family of Adam's (assigned), with its support families at each stage, built on demand.

    The personas: Anna the family's social worker and the candidates' interviewer, Helena the
    head, Adam the assistant, Stefan of the staff.
    """

    def __init__(self, *, anna, helena, adam, stefan):
        self.anna, self.helena, self.adam, self.stefan = anna, helena, adam, stefan

    @cached_property
    def family(self) -> Family:
        return build_family(self.anna, stage="assigned", head=self.helena, assistant=self.adam)

    def _support_family(self, stage: str) -> SupportFamily:
        return build_support_family(
            self.anna, head=self.helena, assistant=self.adam, stage=stage, family=self.family
        )

    @cached_property
    def proposed(self) -> SupportFamily:
        return self._support_family("proposed")

    @cached_property
    def eligible(self) -> SupportFamily:
        return self._support_family("eligible")

    @cached_property
    def established(self) -> SupportFamily:
        return self._support_family("established")

    @cached_property
    def draft(self) -> Contract:
        return self._support_family("contract").contracts.get()

    @cached_property
    def signed(self) -> Contract:
        return self._support_family("signed").contracts.get()

    @cached_property
    def registered(self) -> Invoice:
        return supportfamilies_services.invoice_register(
            actor=self.stefan, contract=self.signed, data=invoice_data(number="R/1")
        )

    @cached_property
    def approved(self) -> Invoice:
        invoice = supportfamilies_services.invoice_register(
            actor=self.stefan, contract=self.signed, data=invoice_data(number="A/1")
        )
        return supportfamilies_services.invoice_approve(actor=self.helena, invoice=invoice)


MEMBER = {
    "first_name": "Jan",
    "last_name": "Kowalski",
    "birth_date": datetime.date(1960, 1, 1),
    "role": "dziadek",
}

ENTRIES: dict[str, Callable[[World], dict]] = {
    # Support families: the candidate, its interview and establishment.
    "supportfamilies.services.support_family_propose": lambda w: {
        "actor": w.adam,
        "family": w.family,
        "data": proposal(w.anna),
    },
    "supportfamilies.services.support_family_member_add": lambda w: {
        "actor": w.adam,
        "support_family": w.proposed,
        "data": MEMBER,
    },
    "supportfamilies.services.support_family_update": lambda w: {
        "actor": w.adam,
        "support_family": w.proposed,
        "data": {"name": "Anna i Jan Kowalscy-Nowak", "phone": "+48 600 100 200"},
    },
    "supportfamilies.services.support_family_withdraw": lambda w: {
        "actor": w.helena,
        "support_family": w.proposed,
        "reason": "Rodzina się rozmyśliła",
    },
    "supportfamilies.services.support_family_interview": lambda w: {
        "actor": w.anna,
        "support_family": w.proposed,
        "data": interview_data(),
    },
    "supportfamilies.services.support_family_establish": lambda w: {
        "actor": w.helena,
        "support_family": w.eligible,
        "data": establishment(),
    },
    # Contracts of a support family whose supported family is archived.
    "supportfamilies.services.contract_create": lambda w: {
        "actor": w.helena,
        "support_family": w.established,
        "data": terms(),
    },
    "supportfamilies.services.contract_update": lambda w: {
        "actor": w.helena,
        "contract": w.draft,
        "data": terms(monthly_limit=w.draft.monthly_limit + 1),
    },
    "supportfamilies.services.contract_sign": lambda w: {
        "actor": w.helena,
        "contract": w.draft,
        "signed_on": timezone.localdate(),
    },
    "supportfamilies.services.contract_terminate": lambda w: {
        "actor": w.helena,
        "contract": w.signed,
        "terminated_on": timezone.localdate(),
        "reason": "agreement",
    },
    # Invoices on such a contract.
    "supportfamilies.services.invoice_register": lambda w: {
        "actor": w.stefan,
        "contract": w.signed,
        "data": invoice_data(number="N/1"),
    },
    "supportfamilies.services.invoice_approve": lambda w: {"actor": w.helena, "invoice": w.registered},
    "supportfamilies.services.invoice_withdraw": lambda w: {
        "actor": w.stefan,
        "invoice": w.registered,
        "reason": "Zarejestrowana omyłkowo",
    },
    "supportfamilies.services.invoice_refuse": lambda w: {
        "actor": w.helena,
        "invoice": w.registered,
        "reason": "Faktura nieczytelna",
    },
    "supportfamilies.services.invoice_mark_paid": lambda w: {
        "actor": w.stefan,
        "invoice": w.approved,
        "paid_on": timezone.localdate(),
    },
}


# Cases (cases.services) -------------------------------------------------------------------------
# Anna's own families at each step of the case's path, built for the entry that needs one (each
# entry runs in a test of its own), beside the world's assigned family.

SERVICE_MODULES.append(cases_services)
WITHOUT_A_FAMILY["cases.services.family_register"] = "it opens a new case: there is no family yet"
CHANGES_WRITTEN["cases.services.family_social_worker_change"] = 3  # the change, the rights revoked, granted


def _case(w: World, stage: str) -> Family:
    return build_family(w.anna, stage=stage, head=w.helena, name=f"Rodzina {stage.capitalize()}")


def _draft(w: World) -> Interview:
    """A draft interview, complete enough to be signed."""
    family = _case(w, "reported")
    interview = cases_services.interview_start(actor=w.anna, family=family)
    data = {**INTERVIEW_DATA, "conducted_on": days_ago(1)}
    return cases_services.interview_save_draft(actor=w.anna, interview=interview, data=data)


def _ended(w: World) -> Family:
    """A case whose path has ended: the head refused the request."""
    family = _case(w, "submitted")
    lifecycle_services.assignment_request_decide(
        actor=w.helena, request=family.requests.get(), outcome=DecisionOutcome.REFUSE, comment="Brak podstaw"
    )
    return family


def _draft_request(w: World) -> AssignmentRequest:
    return _case(w, "requested").requests.get()


def _member_data(member: FamilyMember, **changes) -> dict:
    fields = ("first_name", "last_name", "role", "birth_date", "pesel", "parental_authority")
    return {**{field: getattr(member, field) for field in fields}, "in_foster_care": False, **changes}


CASES_ENTRIES: dict[str, Callable[[World], dict]] = {
    # The family and its members.
    "cases.services.family_update": lambda w: {
        "actor": w.anna,
        "family": w.family,
        "data": {**FAMILY_DATA, "name": "Rodzina Nowakowska"},
    },
    "cases.services.family_social_worker_change": lambda w: {
        "actor": w.helena,
        "family": w.family,
        "social_worker": w.sam,
    },
    "cases.services.member_add": lambda w: {
        "actor": w.anna,
        "family": w.family,
        "data": _member_data(w.family.members.first(), first_name="Ela", pesel=""),
    },
    "cases.services.member_update": lambda w: {
        "actor": w.anna,
        "member": (member := w.family.members.first()),
        "data": _member_data(member, first_name="Aleksandra"),
    },
    "cases.services.member_withdraw": lambda w: {
        "actor": w.anna,
        "member": w.family.members.first(),
        "reason": "Dodana omyłkowo",
    },
    "cases.services.report_register": lambda w: {
        "actor": w.anna,
        "family": w.family,
        "data": {
            "received_on": days_ago(0),
            "source": "school",
            "description": "Kolejne zgłoszenie",
            "urgent": False,
            "intervention": "",
        },
    },
    # The environmental interview.
    "cases.services.interview_start": lambda w: {"actor": w.anna, "family": _case(w, "reported")},
    "cases.services.interview_save_draft": lambda w: {
        "actor": w.anna,
        "interview": _draft(w),
        "data": {"housing": "Trzy pokoje"},
    },
    "cases.services.interview_sign": lambda w: {"actor": w.anna, "interview": _draft(w)},
    "cases.services.interview_update_start": lambda w: {
        "actor": w.anna,
        "interview": w.family.interviews.get(),
    },
    # The analysis, the basis of the support, the request.
    "cases.services.analysis_record": lambda w: {
        "actor": w.anna,
        "family": _case(w, "interviewed"),
        "conclusion": "assistant",
        "support_forms": [],
        "justification": "Potrzebny asystent",
    },
    "cases.services.consent_record": lambda w: {"actor": w.anna, "family": w.family, "data": basis_data()},
    "cases.services.assignment_request_create": lambda w: {
        "actor": w.anna,
        "family": (family := _case(w, "consented")),
        "consent": family.consents.get(),
        "justification": "Wniosek",
    },
    "cases.services.assignment_request_update": lambda w: {
        "actor": w.anna,
        "request": (request := _draft_request(w)),
        "consent": request.consent,
        "justification": "Wniosek uzupełniony",
    },
    "cases.services.assignment_request_submit": lambda w: {"actor": w.anna, "request": _draft_request(w)},
    # The archive itself: the head's step, and the stamp that closing a case also gives.
    "cases.services.family_archive": lambda w: {"actor": w.helena, "family": _ended(w)},
    "cases.services.archive_family": lambda w: {"actor": w.helena, "family": _ended(w)},
}
ENTRIES.update(CASES_ENTRIES)

# ------------------------------------------------------------------------------------------------


# Assistants (assistants.services.*): the assistant's work with the family --------------------
#
# An entry that needs the family at another stage of its path than 'assigned' builds it as the
# world's family (`_family_at`), so that it is the family the test archives. A service that
# changes nothing of a family is listed in WITHOUT_A_FAMILY with the reason; a service whose one
# call writes more than one change to the audit record says how many in CHANGES_WRITTEN.

ASSISTANTS_MODULES = [lifecycle_services, plan_services, assessment_services, court_services]

WITHOUT_A_FAMILY["assistants.services.lifecycle.assistant_profile_update"] = (
    "the assistant's qualifications, statements and cap (art. 12, art. 15 ust. 4)"
)

CHANGES_WRITTEN.update(
    {
        "assistants.services.lifecycle.assignment_start": 2,  # the assignment, the access granted
        "assistants.services.lifecycle.assignment_reassign": 4,  # the end, the new start, the access
        "assistants.services.lifecycle.case_close": 3,  # the closing, the access revoked, the archive
        "assistants.services.court.court_opinion_approve": 2,  # the sign-off issues the opinion
    }
)

TODAY = timezone.localdate


def _family_at(w: World, stage: str) -> Family:
    w.family = build_family(w.anna, stage=stage, head=w.helena, assistant=w.adam)
    return w.family


def _in_monitoring(w: World) -> Family:
    """The world's family in the monitoring after the end of work."""
    lifecycle_services.work_end(
        actor=w.adam,
        family=w.family,
        reason=EndReason.GOALS_ACHIEVED,
        summary="Cele osiągnięte",
        ended_on=TODAY(),
    )
    return w.family


def _plan(w: World, *, accepted: bool = False):
    plan = plan_services.work_plan_create(actor=w.adam, family=w.family)
    plan = plan_services.work_plan_save(
        actor=w.adam, plan=plan, data={**PLAN_DATA, "consulted_on": TODAY()}, goals=[goal()]
    )
    if accepted:
        plan = plan_services.work_plan_accept(
            actor=w.adam, plan=plan, accepted_by="Ewa Nowak", accepted_on=TODAY()
        )
    return plan


def _visit(w: World):
    return plan_services.visit_record(actor=w.adam, family=w.family, data=visit_data())


def _assessment(w: World, *, submitted: bool = False):
    assessment = assessment_services.assessment_create(
        actor=w.adam, family=w.family, data=assessment_data(period_from=TODAY(), period_to=TODAY())
    )
    if submitted:
        assessment = assessment_services.assessment_submit(actor=w.adam, assessment=assessment)
    return assessment


def _court_request(w: World):
    return court_services.court_request_register(
        actor=w.stefan, family_reference=w.family.reference, data=request_data()
    )


def _opinion(w: World, stage: str = "draft") -> CourtOpinion:
    """An opinion at `stage`: draft (written), submitted, approved (signed off, not yet issued), issued."""
    opinion = court_services.court_opinion_start(actor=w.adam, court_request=_court_request(w))
    opinion = court_services.court_opinion_save(actor=w.adam, opinion=opinion, data=sections())
    if stage == "draft":
        return opinion
    opinion = court_services.court_opinion_submit(actor=w.adam, opinion=opinion)
    if stage == "approved":
        # The sign-off issues at once; an opinion signed off but not issued exists only inside it.
        rewrite(
            CourtOpinion.objects.filter(pk=opinion.pk),
            status=OpinionStatus.APPROVED,
            approved_by=w.helena,
            approved_at=timezone.now(),
        )
        opinion.refresh_from_db()
    elif stage == "issued":
        opinion = court_services.court_opinion_approve(actor=w.helena, opinion=opinion)
    return opinion


ASSISTANTS_ENTRIES: dict[str, Callable[[World], dict]] = {
    # The head's decision, the assignment and the handover; the end of work and the monitoring.
    "assistants.services.lifecycle.assignment_request_decide": lambda w: {
        "actor": w.helena,
        "request": _family_at(w, "submitted").requests.get(),
        "outcome": DecisionOutcome.REFUSE,
        "comment": "Brak przesłanek",
    },
    "assistants.services.lifecycle.assignment_start": lambda w: {
        "actor": w.helena,
        "family": _family_at(w, "submitted"),
        "assistant": w.adam.assistant_profile,
        "started_on": TODAY(),
    },
    "assistants.services.lifecycle.assignment_reassign": lambda w: {
        "actor": w.helena,
        "family": w.family,
        "assistant": person("agata", w.adam.centre, Role.FAMILY_ASSISTANT).assistant_profile,
    },
    "assistants.services.lifecycle.work_end": lambda w: {
        "actor": w.adam,
        "family": w.family,
        "reason": EndReason.GOALS_ACHIEVED,
        "summary": "Cele planu osiągnięte",
        "ended_on": TODAY(),
    },
    "assistants.services.lifecycle.monitoring_note_add": lambda w: {
        "actor": w.anna,
        "family": _in_monitoring(w),
        "date": TODAY(),
        "text": "Rodzina radzi sobie",
    },
    "assistants.services.lifecycle.case_close": lambda w: {"actor": w.helena, "family": _in_monitoring(w)},
    # The work plan, its goals and comments; visits.
    "assistants.services.plans.work_plan_create": lambda w: {"actor": w.adam, "family": w.family},
    "assistants.services.plans.work_plan_save": lambda w: {
        "actor": w.adam,
        "plan": plan_services.work_plan_create(actor=w.adam, family=w.family),
        "data": {**PLAN_DATA, "consulted_on": TODAY()},
        "goals": [goal()],
    },
    "assistants.services.plans.work_plan_accept": lambda w: {
        "actor": w.adam,
        "plan": _plan(w),
        "accepted_by": "Ewa Nowak",
        "accepted_on": TODAY(),
    },
    "assistants.services.plans.work_plan_revise": lambda w: {
        "actor": w.adam,
        "plan": _plan(w, accepted=True),
    },
    "assistants.services.plans.plan_goal_add": lambda w: {
        "actor": w.adam,
        "plan": _plan(w),
        "data": goal("Nowy cel"),
    },
    "assistants.services.plans.plan_goal_update": lambda w: {
        "actor": w.adam,
        "goal": _plan(w).goals.get(),
        "data": goal("Zmieniony cel"),
    },
    "assistants.services.plans.plan_goal_remove": lambda w: {"actor": w.adam, "goal": _plan(w).goals.get()},
    "assistants.services.plans.plan_goal_status_update": lambda w: {
        "actor": w.adam,
        "goal": _plan(w, accepted=True).goals.get(),
        "status": GoalStatus.IN_PROGRESS,
    },
    "assistants.services.plans.work_plan_comment_add": lambda w: {
        "actor": w.anna,
        "plan": _plan(w),
        "text": "Proszę dodać cel dotyczący szkoły",
    },
    "assistants.services.plans.visit_record": lambda w: {
        "actor": w.adam,
        "family": w.family,
        "data": visit_data(),
    },
    "assistants.services.plans.visit_update": lambda w: {
        "actor": w.adam,
        "visit": _visit(w),
        "data": visit_data(duration_minutes=60),
    },
    "assistants.services.plans.visit_withdraw": lambda w: {
        "actor": w.adam,
        "visit": _visit(w),
        "reason": "Wpisana dwa razy",
    },
    # The periodic assessment.
    "assistants.services.assessments.assessment_create": lambda w: {
        "actor": w.adam,
        "family": w.family,
        "data": assessment_data(period_from=TODAY(), period_to=TODAY()),
    },
    "assistants.services.assessments.assessment_update": lambda w: {
        "actor": w.adam,
        "assessment": _assessment(w),
        "data": assessment_data(period_from=TODAY(), period_to=TODAY(), cooperation="Współpraca poprawna"),
    },
    "assistants.services.assessments.assessment_submit": lambda w: {
        "actor": w.adam,
        "assessment": _assessment(w),
    },
    "assistants.services.assessments.assessment_acknowledge": lambda w: {
        "actor": w.helena,
        "assessment": _assessment(w, submitted=True),
    },
    # Court letters about the family and the opinions answering them.
    "assistants.services.court.court_request_register": lambda w: {
        "actor": w.stefan,
        "family_reference": w.family.reference,
        "data": request_data(),
    },
    "assistants.services.court.court_request_withdraw": lambda w: {
        "actor": w.stefan,
        "court_request": _court_request(w),
        "reason": "Pismo do innej rodziny",
    },
    "assistants.services.court.court_opinion_start": lambda w: {
        "actor": w.adam,
        "court_request": _court_request(w),
    },
    "assistants.services.court.court_opinion_save": lambda w: {
        "actor": w.adam,
        "opinion": court_services.court_opinion_start(actor=w.adam, court_request=_court_request(w)),
        "data": sections(),
    },
    "assistants.services.court.court_opinion_submit": lambda w: {"actor": w.adam, "opinion": _opinion(w)},
    "assistants.services.court.court_opinion_return": lambda w: {
        "actor": w.helena,
        "opinion": _opinion(w, "submitted"),
        "comment": "Uzupełnij opis zdrowia",
    },
    "assistants.services.court.court_opinion_approve": lambda w: {
        "actor": w.helena,
        "opinion": _opinion(w, "submitted"),
    },
    "assistants.services.court.court_opinion_issue": lambda w: {
        "actor": w.helena,
        "opinion": _opinion(w, "approved"),
    },
    "assistants.services.court.court_opinion_correct": lambda w: {
        "actor": w.adam,
        "opinion": _opinion(w, "issued"),
    },
    "assistants.services.court.court_opinion_dispatch": lambda w: {
        "actor": w.stefan,
        "opinion": _opinion(w, "issued"),
        "dispatched_on": TODAY(),
        "method": DispatchMethod.POST,
    },
}

SERVICE_MODULES += ASSISTANTS_MODULES
ENTRIES.update(ASSISTANTS_ENTRIES)

# The end of the assistants' block ---------------------------------------------------------------

# The contacts' block: the team's contact log, notes and attachments -------------------------------


def _contact(w: World):
    return contacts_services.contact_log(actor=w.anna, family=w.family, data=contact_data())


def _note(w: World):
    return contacts_services.note_add(actor=w.anna, family=w.family, data=note_data())


def _attachment_data() -> dict:
    return {
        "kind": "letter",
        "title": "Pismo ze szkoły",
        "dated": TODAY(),
        "visibility": "team",
        "file": SimpleUploadedFile("skan.pdf", scan_pdf(), content_type="application/pdf"),
    }


SERVICE_MODULES.append(contacts_services)
ENTRIES.update(
    {
        "contacts.services.contact_log": lambda w: {
            "actor": w.anna,
            "family": w.family,
            "data": contact_data(),
        },
        "contacts.services.contact_update": lambda w: {
            "actor": w.anna,
            "contact": _contact(w),
            "data": contact_data(duration_minutes=45),
        },
        "contacts.services.contact_withdraw": lambda w: {
            "actor": w.anna,
            "contact": _contact(w),
            "reason": "Pomyłka",
        },
        "contacts.services.note_add": lambda w: {"actor": w.anna, "family": w.family, "data": note_data()},
        "contacts.services.note_update": lambda w: {
            "actor": w.anna,
            "note": _note(w),
            "data": note_data(text="Nowa"),
        },
        "contacts.services.note_withdraw": lambda w: {"actor": w.anna, "note": _note(w), "reason": "Pomyłka"},
        "contacts.services.attachment_add": lambda w: {
            "actor": w.anna,
            "family": w.family,
            "data": _attachment_data(),
        },
        "contacts.services.attachment_withdraw": lambda w: {
            "actor": w.anna,
            "attachment": contacts_services.attachment_add(
                actor=w.anna, family=w.family, data=_attachment_data()
            ),
            "reason": "Pomyłka",
        },
    }
)


# The services' block: the forms of work of art. 10 ust. 3 -----------------------------------------


def _episode(w: World, *, referred: bool = True):
    episode = familyservices_services.episode_plan(
        actor=w.anna, family=w.family, form="legal_aid", member=None, goal="Alimenty", planned_sessions=3
    )
    if referred:
        familyservices_services.episode_refer(**_referral(w, episode))
    return episode


def _referral(w: World, episode) -> dict:
    return {
        "actor": w.anna,
        "episode": episode,
        "specialist": None,
        "institution": institution(w.anna),
        "referred_on": days_ago(5),
        "planned_sessions": 3,
        "member": None,
        "goal": "Alimenty",
    }


def _session(w: World):
    return familyservices_services.session_log(
        actor=w.anna, episode=_episode(w), held_on=days_ago(1), minutes=60, attended=True, note="Porada"
    )


def _analysis_of_other_forms(w: World) -> Analysis:
    """An analysis choosing counselling, as its service's follow-up gets it (written directly)."""
    family = w.family
    return Analysis.objects.create(
        family=family,
        interview=family.interviews.get(),
        conclusion=AnalysisConclusion.OTHER_SUPPORT,
        support_forms=["counselling"],
        justification="Poradnictwo",
        author=w.anna,
    )


SERVICE_MODULES.append(familyservices_services)
ENTRIES.update(
    {
        "familyservices.services.episode_plan": lambda w: {
            "actor": w.anna,
            "family": w.family,
            "form": "mediation",
            "member": None,
            "goal": "",
            "planned_sessions": None,
        },
        "familyservices.services.episodes_from_analysis": lambda w: {
            "actor": w.anna,
            "analysis": _analysis_of_other_forms(w),
        },
        "familyservices.services.episode_refer": lambda w: _referral(w, _episode(w, referred=False)),
        "familyservices.services.session_log": lambda w: {
            "actor": w.anna,
            "episode": _episode(w),
            "held_on": days_ago(1),
            "minutes": 60,
            "attended": False,
            "note": "",
        },
        "familyservices.services.session_withdraw": lambda w: {
            "actor": w.anna,
            "session": _session(w),
            "reason": "Pomyłka",
        },
        "familyservices.services.episode_end": lambda w: {
            "actor": w.anna,
            "episode": _episode(w),
            "ended_on": days_ago(0),
            "outcome": "achieved",
            "summary": "Pozew złożony",
        },
    }
)

# The team's block: specialists engaged on the family, co-authors of its plan ----------------------


def _specialist(w: World):
    return specialist("marta", w.anna.centre, Specialty.PSYCHOLOGIST).specialist_profile


def _engagement(w: World):
    return team_services.engagement_start(
        actor=w.anna,
        family=w.family,
        specialist=_specialist(w),
        purpose="Konsultacje",
        starts_on=days_ago(1),
        until=days_ago(-30),
    )


def _draft_plan(w: World):
    return w.family.work_plans.filter(status="draft").first() or plan_services.work_plan_create(
        actor=w.adam, family=w.family
    )


SERVICE_MODULES.append(team_services)
# The engagement and the object rights it grants (or revokes) with it.
CHANGES_WRITTEN["team.services.engagement_start"] = 2
CHANGES_WRITTEN["team.services.engagement_end"] = 2
ENTRIES.update(
    {
        "team.services.engagement_start": lambda w: {
            "actor": w.anna,
            "family": w.family,
            "specialist": _specialist(w),
            "purpose": "Konsultacje",
            "starts_on": days_ago(1),
            "until": days_ago(-30),
        },
        "team.services.engagement_end": lambda w: {
            "actor": w.anna,
            "engagement": _engagement(w),
            "reason": "Konsultacje odbyte",
        },
        "team.services.contribution_add": lambda w: {
            "actor": w.anna,
            "work_plan": _draft_plan(w),
            "text": "Priorytet: zaległości czynszowe",
        },
        "team.services.contribution_withdraw": lambda w: {
            "actor": w.anna,
            "contribution": team_services.contribution_add(
                actor=w.anna, work_plan=_draft_plan(w), text="Pomyłka"
            ),
            "reason": "Pomyłka",
        },
    }
)


def public_services(module) -> dict[str, Callable]:
    """The module's own public functions that take the keyword `actor`: its services."""
    found = {}
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if name.startswith("_") or function.__module__ != module.__name__:
            continue
        parameter = inspect.signature(function).parameters.get("actor")
        if parameter is not None and parameter.kind == inspect.Parameter.KEYWORD_ONLY:
            found[f"{module.__name__}.{name}"] = function
    return found


SERVICES = {
    name: function for module in SERVICE_MODULES for name, function in public_services(module).items()
}


def test_every_service_has_an_entry():
    unchecked = set(SERVICES) - set(ENTRIES) - set(WITHOUT_A_FAMILY)
    assert unchecked == set(), "a service that nobody checks against an archived case"
    assert set(ENTRIES) - set(SERVICES) == set(), "an entry for a service that is gone"
    assert set(WITHOUT_A_FAMILY) - set(SERVICES) == set(), "an exception for a service that is gone"
    assert set(WITHOUT_A_FAMILY) & set(ENTRIES) == set(), "a service both checked and excepted"


def test_the_services_are_found():
    # The introspection itself: a rename of the keyword or the module would find nothing silently.
    assert len(SERVICES) >= 13
    assert len([name for name in SERVICES if name.startswith("assistants.")]) >= 28


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the opinions issued on the way are printed


@pytest.fixture
def world(anna, sam, helena, adam, stefan) -> World:
    world = World(anna=anna, helena=helena, adam=adam, stefan=stefan)
    world.sam = sam  # Anna's colleague, whom the head may make responsible instead
    return world


def changes() -> int:
    return AuditEvent.objects.filter(action__in=audit.CHANGES).count()


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_the_service_refuses_an_archived_case(world, name):
    kwargs = ENTRIES[name](world)
    Family.objects.update(archived_on=days_ago(0))  # every family the world has built
    # The objects the entry holds were read before the archive, as a page's form would have been.
    before = changes()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        SERVICES[name](**kwargs)
    assert error.value.messages == [ARCHIVED]
    assert changes() == before


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_the_same_call_succeeds_while_the_case_is_open(world, name):
    kwargs = ENTRIES[name](world)
    before = changes()
    SERVICES[name](**kwargs)
    assert changes() == before + CHANGES_WRITTEN.get(name, 1)
