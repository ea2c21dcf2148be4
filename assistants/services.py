"""Changes to assistants' work with families; each checks the actor and writes the audit record."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assistants.models import Assignment, AssistantProfile
from familysupport import audit
from familysupport.access import family_access_grant
from familysupport.models import AuditAction, Role, User


@transaction.atomic
def assignment_start(
    *,
    actor: User,
    family,
    assistant: AssistantProfile,
    decision=None,
    started_on: datetime.date,
) -> Assignment:
    """Start an assistant's work with a family and give the assistant access to it.

    Art. 15 ust. 4: an assistant works with at most 15 families at the same time, or fewer when
    the head set a lower cap. The assistant's row is locked while the active families are counted,
    so parallel decisions cannot together exceed the cap. A family has one active assignment at a
    time (a database constraint).
    """
    if not (actor.has_role(Role.HEAD) and actor.centre_id == family.centre_id):
        raise PermissionDenied
    assistant = AssistantProfile.objects.select_for_update().select_related("user").get(pk=assistant.pk)
    if assistant.centre_id != family.centre_id or not assistant.user.has_role(Role.FAMILY_ASSISTANT):
        raise ValidationError({"assistant": _("Choose an assistant of this centre.")})
    active = assistant.assignments.filter(ended_on__isnull=True).count()
    if active >= assistant.caseload_cap:
        raise ValidationError(
            {
                "assistant": ngettext(
                    "%(assistant)s already works with %(count)d family, the cap is %(cap)d.",
                    "%(assistant)s already works with %(count)d families, the cap is %(cap)d.",
                    active,
                )
                % {"assistant": assistant, "count": active, "cap": assistant.caseload_cap}
            }
        )
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                family=family,
                assistant=assistant,
                decision=decision,
                started_on=started_on,
                created_by=actor,
            )
    except IntegrityError:
        raise ValidationError(_("The family already has a family assistant.")) from None
    audit.record(
        actor=actor, action=AuditAction.ASSIGN, target=assignment, family_id=family.pk, assistant=assistant.pk
    )
    family_access_grant(actor=actor, user=assistant.user, family=family)
    return assignment


def require_active_assistant(actor: User, family) -> Assignment:
    """The acting user must be the family's assistant now; returns the active assignment."""
    assignment = (
        Assignment.objects.filter(family=family, ended_on__isnull=True, assistant__user=actor)
        .select_related("assistant")
        .first()
    )
    if assignment is None or not actor.has_role(Role.FAMILY_ASSISTANT) or actor.centre_id != family.centre_id:
        raise PermissionDenied
    return assignment
