"""Court requests and opinions (art. 15 ust. 1 pkt 14): staff register the court's letter, the
family's assistant writes the opinion, the head signs it off, which issues it. Each service asks
its step's policy (assistants.policies.court) on the row it has locked.
"""

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assistants.models import (
    CourtOpinion,
    CourtRequest,
    DispatchMethod,
    OpinionStatus,
)
from assistants.policies import court as policies
from assistants.selectors.court import court_opinion_document
from cases.models import Family
from familysupport import audit
from familysupport.models import AuditAction, User
from familysupport.pdf import render_pdf
from familysupport.policies import require
from familysupport.transitions import move

COURT_REQUEST_FIELDS = (
    "court",
    "division",
    "case_signature",
    "letter_date",
    "received_on",
    "deadline",
    "request_text",
)


def _lock_opinion(opinion: CourtOpinion) -> CourtOpinion:
    return (
        CourtOpinion.objects.select_for_update(of=("self",))
        .select_related("family", "court_request")
        .get(pk=opinion.pk)
    )


@transaction.atomic
def court_request_register(*, actor: User, family_reference: str, data: dict) -> CourtRequest:
    """Register a court's letter asking for an opinion about a family (art. 15 ust. 1 pkt 14).

    The letter is linked to the family by the reference number of the registering user's own
    centre; a reference of another centre is answered as one that does not exist. A letter about
    an archived case is refused like any other change to it.
    """
    family = (
        Family.objects.select_for_update(of=("self",))
        .filter(centre_id=actor.centre_id, reference__iexact=family_reference.strip())
        .first()
        if actor.centre_id
        else None
    )
    require(policies.can_register_court_request(actor, family))
    errors = {}
    if family is None:
        errors["family_reference"] = _("There is no family with this reference number in your centre.")
    today = timezone.localdate()
    for field in ("letter_date", "received_on"):
        if data[field] > today:
            errors[field] = _("The date cannot be in the future.")
    if data["received_on"] < data["letter_date"]:
        errors.setdefault("received_on", _("The letter cannot be received before the date it was written."))
    if data["deadline"] < data["letter_date"]:
        errors["deadline"] = _("The deadline cannot be earlier than the date of the letter.")
    if errors:
        raise ValidationError(errors)
    assert family is not None  # without one, `errors` names the reference and the letter is refused
    court_request = CourtRequest.objects.create(
        centre_id=family.centre_id,  # the actor's: the family is looked up in the actor's centre
        family=family,
        registered_by=actor,
        scan=data.get("scan"),
        **{field: data[field] for field in COURT_REQUEST_FIELDS},
    )
    audit.record(actor=actor, action=AuditAction.CREATE, target=court_request, family_id=family.pk)
    return court_request


@transaction.atomic
def court_request_withdraw(*, actor: User, court_request: CourtRequest, reason: str) -> CourtRequest:
    """Staff withdraw a court's letter registered by mistake, with the reason, while no opinion
    exists for it: kept in the record and the audit trail, gone from the register, the deadlines
    and the family's page."""
    court_request = (
        CourtRequest.objects.select_for_update(of=("self",)).select_related("family").get(pk=court_request.pk)
    )
    require(policies.can_withdraw_court_request(actor, court_request))
    audit.withdraw(actor=actor, target=court_request, reason=reason, family_id=court_request.family_id)
    return court_request


@transaction.atomic
def court_opinion_start(*, actor: User, court_request: CourtRequest) -> CourtOpinion:
    """The family's assistant starts the opinion about the family the court asked for.

    Art. 15 ust. 1 pkt 14: the assistant prepares, at a court's request, an opinion about the
    family and its members. One opinion per request; a later change is a correction (new version).
    """
    court_request = (
        CourtRequest.objects.select_for_update(of=("self",)).select_related("family").get(pk=court_request.pk)
    )
    require(policies.can_start_opinion(actor, court_request))
    family = court_request.family
    started = _("The opinion for this court request has already been started.")
    try:
        with transaction.atomic():
            opinion = CourtOpinion.objects.create(
                court_request=court_request, family=family, version=1, author=actor
            )
    except IntegrityError:
        raise ValidationError(started) from None
    audit.record(actor=actor, action=AuditAction.CREATE, target=opinion, family_id=family.pk, version=1)
    return opinion


@transaction.atomic
def court_opinion_save(
    *, actor: User, opinion: CourtOpinion, data: dict, version: int | None = None
) -> CourtOpinion:
    """The assistant writes the sections of a draft or returned opinion (art. 15 ust. 1 pkt 14).

    A form drawn from an older version of the text is refused (`version`, audit.save_changes).
    """
    opinion = _lock_opinion(opinion)
    require(policies.can_edit_opinion(actor, opinion))
    audit.save_changes(
        actor=actor,
        target=opinion,
        data=data,
        fields=CourtOpinion.SECTIONS,
        family_id=opinion.family_id,
        expected_version=version,
    )
    return opinion


@transaction.atomic
def court_opinion_submit(*, actor: User, opinion: CourtOpinion) -> CourtOpinion:
    """The assistant passes the complete opinion to the head for sign-off (art. 15 ust. 1 pkt 14)."""
    opinion = _lock_opinion(opinion)
    require(policies.can_submit_opinion(actor, opinion))
    missing = opinion.missing_sections()
    if missing:
        raise ValidationError(
            _("Fill in before submitting: %(sections)s.") % {"sections": ", ".join(missing)}
        )
    move(opinion, OpinionStatus.SUBMITTED)
    audit.record(
        actor=actor,
        action=AuditAction.SUBMIT,
        target=opinion,
        family_id=opinion.family_id,
        version=opinion.version,
    )
    return opinion


@transaction.atomic
def court_opinion_return(*, actor: User, opinion: CourtOpinion, comment: str) -> CourtOpinion:
    """The head returns the opinion to the assistant with a comment instead of signing it off."""
    opinion = _lock_opinion(opinion)
    require(policies.can_return_opinion(actor, opinion))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should be corrected.")})
    opinion.head_comment = comment
    move(opinion, OpinionStatus.RETURNED, also_update=("head_comment",))
    audit.record(
        actor=actor,
        action=AuditAction.DECIDE,
        target=opinion,
        family_id=opinion.family_id,
        outcome="returned",
    )
    return opinion


@transaction.atomic
def court_opinion_approve(*, actor: User, opinion: CourtOpinion) -> CourtOpinion:
    """The head signs the opinion off, which issues it at once (art. 15 ust. 1 pkt 14).

    The opinion goes to the court from the centre, so the head signs it off; the document issued
    is the very text the head read, printed in the same transaction as the signature.
    """
    opinion = _lock_opinion(opinion)
    require(policies.can_approve_opinion(actor, opinion))
    opinion.approved_by = actor
    opinion.approved_at = timezone.now()
    move(opinion, OpinionStatus.APPROVED, also_update=("approved_by", "approved_at"))
    audit.record(
        actor=actor, action=AuditAction.SIGN, target=opinion, family_id=opinion.family_id, outcome="approved"
    )
    return court_opinion_issue(actor=actor, opinion=opinion)


@transaction.atomic
def court_opinion_issue(*, actor: User, opinion: CourtOpinion) -> CourtOpinion:
    """Print the signed-off opinion once and lock it; from now on nothing in it changes.

    The PDF is stored with its SHA-256, so every later download is the document the court got.
    The row is locked and the status checked again, so a double click cannot issue it twice.
    """
    opinion = _lock_opinion(opinion)
    require(policies.can_issue_opinion(actor, opinion))
    opinion.issued_at = timezone.now()
    content = render_pdf("pdf/court_opinion.html", court_opinion_document(opinion))
    opinion.pdf_sha256 = hashlib.sha256(content).hexdigest()
    opinion.pdf.save(f"opinion-{opinion.pk}.pdf", ContentFile(content), save=False)
    move(opinion, OpinionStatus.ISSUED, also_update=("issued_at", "pdf", "pdf_sha256"))
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=opinion,
        family_id=opinion.family_id,
        status=OpinionStatus.ISSUED.value,
        sha256=opinion.pdf_sha256,
    )
    return opinion


@transaction.atomic
def court_opinion_correct(*, actor: User, opinion: CourtOpinion) -> CourtOpinion:
    """Start a correction of an issued opinion: a new version that replaces it once issued.

    An issued opinion is never changed (the court holds it); the correction starts from its text
    and goes through sign-off and issue again.
    """
    opinion = _lock_opinion(opinion)
    require(policies.can_correct_opinion(actor, opinion))
    started = _("A correction of this opinion has already been started.")
    try:
        with transaction.atomic():
            correction = CourtOpinion.objects.create(
                court_request_id=opinion.court_request_id,
                family_id=opinion.family_id,
                version=opinion.version + 1,
                replaces=opinion,
                author=actor,
                **{name: getattr(opinion, name) for name in CourtOpinion.SECTIONS},
            )
    except IntegrityError:
        raise ValidationError(started) from None
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        target=correction,
        family_id=opinion.family_id,
        version=correction.version,
        replaces=opinion.pk,
    )
    return correction


@transaction.atomic
def court_opinion_dispatch(
    *, actor: User, opinion: CourtOpinion, dispatched_on: datetime.date, method: str
) -> CourtOpinion:
    """Staff record that the issued opinion was sent to the court: the day and the way.

    This is a note about the delivery, kept beside the issued document, which itself stays as it is.
    """
    opinion = _lock_opinion(opinion)
    require(policies.can_dispatch_opinion(actor, opinion))
    errors = {}
    if dispatched_on > timezone.localdate():
        errors["dispatched_on"] = _("The date cannot be in the future.")
    elif dispatched_on < timezone.localdate(opinion.issued_at):
        errors["dispatched_on"] = _("The opinion cannot be dispatched before it was issued.")
    if method not in DispatchMethod.values:
        errors["method"] = _("Choose how the opinion was sent.")
    if errors:
        raise ValidationError(errors)
    opinion.dispatched_on = dispatched_on
    opinion.dispatch_method = method
    opinion.save(update_fields=["dispatched_on", "dispatch_method"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, target=opinion, family_id=opinion.family_id, dispatched=method
    )
    return opinion
