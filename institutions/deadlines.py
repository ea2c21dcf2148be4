"""The deadlines whose rule the institutions app owns, declared for the register
(familysupport.deadlines): the reply to a letter sent with a reply due date, and a task agreed at a
case conference.
"""

from operator import attrgetter

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from familysupport.deadlines import Deadline, Kind, Obligation
from familysupport.models import Role
from institutions.models import ConferenceTask, Letter, LetterStatus

LETTER_REPLY = "letter_reply"
CONFERENCE_TASK = "conference_task"

WORKING_ROLES = (Role.SOCIAL_WORKER, Role.FAMILY_ASSISTANT, Role.HEAD)


def _letter_obligations(scope):
    # A sent letter the author gave a reply due date: owed until the reply is recorded; a letter
    # withdrawn owes nothing.
    letters = (
        Letter.objects.current()
        .filter(scope("family"), reply_due__isnull=False)
        .exclude(status=LetterStatus.DRAFT)
        .select_related("family")
    )
    for letter in letters:
        family = letter.family
        yield Obligation(
            object_id=letter.pk,
            centre_id=letter.centre_id,
            family_id=family.pk,
            family_reference=family.reference,
            due=letter.reply_due,
            owner_id=letter.author_id,
            owner_role=letter.author_role,
            met_on=letter.reply_on,
            is_open=letter.status == LetterStatus.SENT and family.archived_on is None,
        )


def _task_obligations(scope):
    tasks = ConferenceTask.objects.filter(
        scope("conference__family"), conference__withdrawn_at__isnull=True
    ).select_related("conference__family")
    for task in tasks:
        family = task.conference.family
        yield Obligation(
            object_id=task.pk,
            centre_id=task.conference.centre_id,
            family_id=family.pk,
            family_reference=family.reference,
            due=task.due_on,
            owner_id=task.owner_id,
            owner_role=task.owner_role,
            met_on=task.done_on,
            is_open=task.done_on is None and family.archived_on is None,
        )


def _letter_page(deadline: Deadline) -> str:
    return reverse("institutions:letter_detail", args=[deadline.object_id])


def _task_page(deadline: Deadline) -> str:
    return reverse("institutions:task_detail", args=[deadline.object_id])


KINDS = (
    Kind(
        LETTER_REPLY,
        label=_("reply to a letter to an institution"),
        roles=WORKING_ROLES,
        window=attrgetter("letter_reply_soon_days"),
        url=_letter_page,
        obligations=_letter_obligations,
    ),
    Kind(
        CONFERENCE_TASK,
        label=_("task of a case conference"),
        roles=WORKING_ROLES,
        window=attrgetter("conference_task_soon_days"),
        url=_task_page,
        obligations=_task_obligations,
    ),
)
