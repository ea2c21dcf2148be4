"""Every change to a family's case, one function per step of the statutory path.

Each service takes keyword-only arguments with the acting user first, runs in one transaction,
locks the row it changes and asks the step's policy on it (cases.policies: the actor's right,
PermissionDenied; the state and an archived case, ValidationError with the reason the user reads),
validates its input, saves, and writes the audit record.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import policies
from cases.models import (
    Analysis,
    AnalysisConclusion,
    AssignmentRequest,
    Consent,
    ConsentBasis,
    Family,
    FamilyMember,
    FamilyStatus,
    Interview,
    InterviewStatus,
    ReferenceCounter,
    Report,
    RequestStatus,
)
from cases.policies import require_family_open
from cases.selectors import latest_signed_interview, pending_report, retention_date
from familysupport import audit, registry
from familysupport.access import family_access_grant, family_access_revoke
from familysupport.models import AuditAction, Centre, Role, User
from familysupport.policies import require
from familysupport.search import normalised
from familysupport.transitions import can_move, move

FAMILY_FIELDS = ("name", "street", "postal_code", "city", "blue_card")
MEMBER_FIELDS = (
    "first_name",
    "last_name",
    "role",
    "birth_date",
    "pesel",
    "parental_authority",
    "in_foster_care",
)
REPORT_FIELDS = ("received_on", "source", "description", "urgent", "intervention")


# A service locks the rows it changes and reads them again, so that its policy judges the state as
# it is now (another request may have changed it since the page was shown). The caller's own
# objects are refreshed in place: they show the state the service leaves.


def _lock_family(family: Family) -> Family:
    family.refresh_from_db(from_queryset=Family.objects.select_for_update())
    return family


def _lock_interview(interview: Interview) -> Interview:
    """The interview and its family, the family's row locked first (always in that order)."""
    family = _lock_family(interview.family)
    interview.refresh_from_db(from_queryset=Interview.objects.select_for_update())
    interview.family = family
    return interview


def _lock_request(request: AssignmentRequest) -> AssignmentRequest:
    """The request and its family, the family's row locked first."""
    family = _lock_family(request.family)
    request.refresh_from_db(from_queryset=AssignmentRequest.objects.select_for_update())
    request.family = family
    return request


def _next_reference(centre: Centre, year: int) -> str:
    counter, _created = ReferenceCounter.objects.get_or_create(centre=centre, year=year)
    counter = ReferenceCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{centre.code}/{year}/{counter.last:04d}"


def _validate_report(*, urgent: bool, intervention: str) -> None:
    if urgent and not intervention.strip():
        raise ValidationError(
            {"intervention": _("Describe the intervention undertaken to protect the child.")}
        )


@transaction.atomic
def family_register(*, actor: User, family: dict, report: dict) -> Family:
    """Open a family case from a report (zgłoszenie); the registering worker becomes responsible.

    Art. 11 ust. 1: when the centre learns of a family in difficulty, a social worker conducts an
    environmental interview. Work without consent is allowed only when a child is at risk, so an
    urgent report must say what intervention was undertaken.
    """
    require(policies.can_register_family(actor, None))
    _validate_report(urgent=report["urgent"], intervention=report.get("intervention", ""))
    centre = actor.centre
    assert centre is not None  # the policy admits a social worker of a centre only
    new = Family(
        centre=centre,
        reference=_next_reference(centre, report["received_on"].year),
        social_worker=actor,
        status=FamilyStatus.REPORTED,
        search_name=normalised(family["name"]),
        **{field: family[field] for field in FAMILY_FIELDS},
    )
    new.save()
    first_report = Report.objects.create(
        family=new, centre=centre, registered_by=actor, **{field: report[field] for field in REPORT_FIELDS}
    )
    audit.record(actor=actor, action=AuditAction.CREATE, target=new, family_id=new.pk)
    audit.record(actor=actor, action=AuditAction.CREATE, target=first_report, family_id=new.pk)
    family_access_grant(actor=actor, user=actor, family=new)
    return new


@transaction.atomic
def family_update(*, actor: User, family: Family, data: dict, version: int | None = None) -> Family:
    """Correct the family's name, address or Niebieska Karta flag.

    `version` is the version of the record the user's form was drawn from (as in every edit):
    a save over a version someone else has changed since is refused (audit.save_changes).
    """
    family = _lock_family(family)
    require(policies.can_update_family(actor, family))
    family.search_name = normalised(data.get("name", family.name))
    audit.save_changes(
        actor=actor,
        target=family,
        data=data,
        fields=FAMILY_FIELDS,
        family_id=family.pk,
        also_update=("search_name",),
        expected_version=version,
    )
    return family


@transaction.atomic
def family_social_worker_change(*, actor: User, family: Family, social_worker: User) -> Family:
    """The head makes another social worker of the centre responsible for the family.

    The previous worker's object rights end at once; the new worker's begin.
    """
    family = _lock_family(family)
    require(policies.can_change_social_worker(actor, family))
    if not (social_worker.has_role(Role.SOCIAL_WORKER) and social_worker.centre_id == family.centre_id):
        raise ValidationError({"social_worker": _("Choose a social worker of this centre.")})
    previous = family.social_worker
    if previous == social_worker:
        return family
    family.social_worker = social_worker
    family.save(update_fields=["social_worker"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, target=family, family_id=family.pk, fields=["social_worker"]
    )
    family_access_revoke(actor=actor, user=previous, family=family)
    family_access_grant(actor=actor, user=social_worker, family=family)
    return family


PESEL_TAKEN = gettext_lazy("A person with this PESEL number is already registered in this centre.")


@transaction.atomic
def member_add(*, actor: User, family: Family, data: dict) -> FamilyMember:
    """Add a person to the family's composition."""
    family = _lock_family(family)
    require(policies.can_add_member(actor, family))
    member = FamilyMember(family=family, centre_id=family.centre_id)
    for field in MEMBER_FIELDS:
        setattr(member, field, data[field])
    member.search_last_name = normalised(member.last_name)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise ValidationError({"pesel": PESEL_TAKEN}) from None
    audit.record(actor=actor, action=AuditAction.CREATE, target=member, family_id=member.family_id)
    return member


@transaction.atomic
def member_update(
    *, actor: User, member: FamilyMember, data: dict, version: int | None = None
) -> FamilyMember:
    """Correct a family member's data (from the version the form was drawn from, `family_update`)."""
    _lock_family(member.family)
    member.refresh_from_db(from_queryset=FamilyMember.objects.select_for_update())
    require(policies.can_update_member(actor, member))
    member.search_last_name = normalised(data.get("last_name", member.last_name))
    try:
        with transaction.atomic():
            audit.save_changes(
                actor=actor,
                target=member,
                data=data,
                fields=MEMBER_FIELDS,
                family_id=member.family_id,
                also_update=("search_last_name",),
                expected_version=version,
            )
    except IntegrityError:
        raise ValidationError({"pesel": PESEL_TAKEN}) from None
    return member


@transaction.atomic
def member_withdraw(*, actor: User, member: FamilyMember, reason: str) -> FamilyMember:
    """Withdraw a person added to the family by mistake, with the reason: kept in the record and
    the audit trail, gone from the family's composition, the statistics and the documents."""
    _lock_family(member.family)
    member.refresh_from_db(from_queryset=FamilyMember.objects.select_for_update())
    require(policies.can_withdraw_member(actor, member))
    audit.withdraw(actor=actor, target=member, reason=reason, family_id=member.family_id)
    return member


@transaction.atomic
def report_register(*, actor: User, family: Family, data: dict) -> Report:
    """Register a further report about a family already known to the centre.

    A family whose earlier path ended without an assistant goes back to the interview step; an
    archived case is not reopened (a new report about that family opens a new case).
    """
    family = _lock_family(family)
    require(policies.can_register_report(actor, family))
    _validate_report(urgent=data["urgent"], intervention=data.get("intervention", ""))
    report = Report.objects.create(
        family=family,
        centre_id=family.centre_id,
        registered_by=actor,
        **{field: data[field] for field in REPORT_FIELDS},
    )
    if can_move(family, FamilyStatus.REPORTED):  # an earlier path ended without an assistant
        move(family, FamilyStatus.REPORTED)
    audit.record(actor=actor, action=AuditAction.CREATE, target=report, family_id=family.pk)
    return report


@transaction.atomic
def interview_start(*, actor: User, family: Family) -> Interview:
    """Open a draft of the environmental interview for the newest unanswered report."""
    family = _lock_family(family)
    require(policies.can_start_interview(actor, family))
    draft = family.interviews.filter(status=InterviewStatus.DRAFT).first()
    if draft is not None:
        return draft
    report = pending_report(family)
    assert report is not None  # the policy: no draft open, so a report is still unanswered
    interview = Interview.objects.create(
        family=family, centre_id=family.centre_id, report=report, author=actor
    )
    audit.record(actor=actor, action=AuditAction.CREATE, target=interview, family_id=family.pk)
    return interview


@transaction.atomic
def interview_update_start(*, actor: User, interview: Interview) -> Interview:
    """Begin an update (aktualizacja) of a signed interview.

    A signed interview is never changed; the update is a new interview linked to it, starting
    from its content, and is signed in its own right.
    """
    interview = _lock_interview(interview)
    family = interview.family
    require(policies.can_update_interview(actor, interview))
    update = Interview(
        family=family, centre_id=family.centre_id, report=interview.report, updates=interview, author=actor
    )
    for field in Interview.SECTIONS:
        setattr(update, field, getattr(interview, field))
    update.conducted_on = None
    update.save()
    audit.record(
        actor=actor, action=AuditAction.CREATE, target=update, family_id=family.pk, updates=interview.pk
    )
    return update


@transaction.atomic
def interview_save_draft(
    *, actor: User, interview: Interview, data: dict, version: int | None = None
) -> Interview:
    """Save the interview draft as it stands; it can be resumed later.

    Two people (or two tabs) with the same draft open: the second save is refused and told what
    the first saved (`version`, as in `family_update`); neither loses what they wrote.
    """
    interview = _lock_interview(interview)
    require(policies.can_edit_interview(actor, interview))
    audit.save_changes(
        actor=actor,
        target=interview,
        data=data,
        fields=Interview.SECTIONS,
        family_id=interview.family_id,
        also_update=("updated_at",),
        expected_version=version,
    )
    return interview


@transaction.atomic
def interview_sign(*, actor: User, interview: Interview) -> Interview:
    """Sign the interview; from then on it is locked and changes are made as an update.

    Signing the first interview answers the report and moves the family to the analysis.
    """
    interview = _lock_interview(interview)
    family = interview.family
    require(policies.can_sign_interview(actor, interview))
    missing = interview.missing_sections()
    if missing:
        raise ValidationError(_("Fill in before signing: %(sections)s.") % {"sections": ", ".join(missing)})
    assert interview.conducted_on is not None  # a required section, checked just above
    if interview.conducted_on > timezone.localdate():
        raise ValidationError(_("The date of the interview cannot be in the future."))
    interview.signed_at = timezone.now()
    move(interview, InterviewStatus.SIGNED, also_update=("signed_at", "updated_at"))
    if can_move(family, FamilyStatus.INTERVIEWED):  # the first signed interview answers the report
        move(family, FamilyStatus.INTERVIEWED)
    audit.record(actor=actor, action=AuditAction.SIGN, target=interview, family_id=family.pk)
    return interview


@transaction.atomic
def analysis_record(
    *, actor: User, family: Family, conclusion: str, support_forms: list[str], justification: str
) -> Analysis:
    """Record the analysis of the family's situation made after the interview (art. 11 ust. 1).

    It rests on the newest signed interview; its conclusion decides whether the worker goes on to
    request a family assistant or the family is given other forms of support (whose services the
    apps above cases open, registry.ANALYSIS_FOLLOW_UPS, in this transaction).
    """
    family = _lock_family(family)
    require(policies.can_record_analysis(actor, family))
    interview = latest_signed_interview(family)
    assert interview is not None  # the policy: the analysis follows a signed interview
    if conclusion == AnalysisConclusion.OTHER_SUPPORT and not support_forms:
        raise ValidationError({"support_forms": _("Choose at least one form of support.")})
    if conclusion != AnalysisConclusion.OTHER_SUPPORT:
        support_forms = []
    analysis = Analysis.objects.create(
        family=family,
        interview=interview,
        conclusion=conclusion,
        support_forms=support_forms,
        justification=justification,
        author=actor,
    )
    # A returned request keeps the family where it is: the worker completes it with this analysis.
    concluded = (
        FamilyStatus.ANALYSED if conclusion == AnalysisConclusion.ASSISTANT else FamilyStatus.NO_ASSISTANT
    )
    if can_move(family, concluded):
        move(family, concluded)
    audit.record(
        actor=actor, action=AuditAction.CREATE, target=analysis, family_id=family.pk, conclusion=conclusion
    )
    for follow_up in registry.contributions(registry.ANALYSIS_FOLLOW_UPS):
        follow_up(actor=actor, analysis=analysis)
    return analysis


@transaction.atomic
def consent_record(*, actor: User, family: Family, data: dict) -> Consent:
    """Record the basis of the support: the family's consent (art. 8 ust. 3) or an exception.

    Exceptions: a minor parent leaving a youth educational or sociotherapy centre, a juvenile
    shelter or a correctional facility (art. 11 ust. 1a), and a court's obligation to work with
    an assistant (art. 109 § 2 pkt 1 of the Family and Guardianship Code).
    """
    family = _lock_family(family)
    require(policies.can_record_consent(actor, family))
    errors = {}
    basis = data["basis"]
    if basis == ConsentBasis.CONSENT:
        if not data.get("given_by", "").strip():
            errors["given_by"] = _("Say who gave the consent.")
        if not data.get("form"):
            errors["form"] = _("Say in what form the consent was given.")
    if basis == ConsentBasis.COURT:
        if not data.get("court", "").strip():
            errors["court"] = _("Name the court that obliged the family.")
        if not data.get("case_signature", "").strip():
            errors["case_signature"] = _("Give the case signature.")
    if data["given_on"] > timezone.localdate():
        errors["given_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(family=family, recorded_by=actor, **data)
    audit.record(actor=actor, action=AuditAction.CREATE, target=consent, family_id=family.pk, basis=basis)
    return consent


def _check_request_basis(family: Family, consent: Consent) -> None:
    if consent.family_id != family.pk:
        raise ValidationError({"consent": _("Choose a consent or basis of this family.")})


@transaction.atomic
def assignment_request_create(
    *, actor: User, family: Family, consent: Consent, justification: str
) -> AssignmentRequest:
    """Draft the request for a family assistant, linked to the signed interview and the analysis."""
    family = _lock_family(family)
    require(policies.can_create_request(actor, family))
    _check_request_basis(family, consent)
    analysis = family.analyses.order_by("-id").first()
    assert analysis is not None  # the policy: the family is analysed
    request = AssignmentRequest.objects.create(
        family=family,
        interview=analysis.interview,
        analysis=analysis,
        consent=consent,
        justification=justification,
        author=actor,
    )
    audit.record(actor=actor, action=AuditAction.CREATE, target=request, family_id=family.pk)
    return request


@transaction.atomic
def assignment_request_update(
    *,
    actor: User,
    request: AssignmentRequest,
    consent: Consent,
    justification: str,
    version: int | None = None,
) -> AssignmentRequest:
    """Complete a draft or returned request; it takes the newest interview and analysis.

    From the version the form was drawn from (`version`, as in `family_update`).
    """
    request = _lock_request(request)
    family = request.family
    require(policies.can_update_request(actor, request))
    _check_request_basis(family, consent)
    analysis = family.analyses.order_by("-id").first()
    assert analysis is not None  # a request exists only after an analysis (assignment_request_create)
    audit.save_changes(
        actor=actor,
        target=request,
        data={
            "consent": consent,
            "justification": justification,
            "analysis": analysis,
            "interview": analysis.interview,
        },
        fields=("consent", "justification", "analysis", "interview"),
        family_id=family.pk,
        expected_version=version,
    )
    return request


@transaction.atomic
def assignment_request_submit(*, actor: User, request: AssignmentRequest) -> AssignmentRequest:
    """Submit the request to the head of the centre (art. 11 ust. 1).

    It must rest on a signed interview and an analysis concluding that an assistant is needed,
    and on the family's consent or a statutory exception to it.
    """
    request = _lock_request(request)
    family = request.family
    require(policies.can_submit_request(actor, request))
    if request.analysis.conclusion != AnalysisConclusion.ASSISTANT:
        raise ValidationError(_("The newest analysis does not conclude that a family assistant is needed."))
    if not request.interview.is_signed:
        raise ValidationError(_("The request must rest on a signed interview."))
    request.submitted_at = timezone.now()
    move(request, RequestStatus.SUBMITTED, also_update=("submitted_at",))
    move(family, FamilyStatus.REQUEST_SUBMITTED)
    audit.record(actor=actor, action=AuditAction.SUBMIT, target=request, family_id=family.pk)
    return request


@transaction.atomic
def archive_family(*, actor: User | None, family: Family) -> Family:
    """Stamp the archive and retention dates; the caller has asked its own policy.

    Shared by `family_archive` and by closing the case after the monitoring (`case_close`); a case
    is archived once.
    """
    require_family_open(_lock_family(family))
    today = timezone.localdate()
    family.archived_on = today
    family.retention_until = retention_date(today)
    family.save(update_fields=["archived_on", "retention_until"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=family,
        family_id=family.pk,
        outcome="archived",
        retention_until=family.retention_until.isoformat(),
    )
    return family


@transaction.atomic
def family_archive(*, actor: User, family: Family) -> Family:
    """The head archives a case whose path has ended (RODO art. 5 ust. 1 lit. e: storage limitation).

    Allowed once the case is closed after the monitoring, or when the path ended without an
    assistant of the centre (other support, request refused, referred to another entity). The
    case leaves the working lists, becomes read-only, and is kept for RETENTION_YEARS.
    """
    family = _lock_family(family)
    require(policies.can_archive_family(actor, family))
    return archive_family(actor=actor, family=family)
