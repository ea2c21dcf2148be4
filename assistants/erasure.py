"""What a case disposed of at the end of its retention loses of the assistants' records, and what
holds it back (registered in AssistantsConfig.ready as a CASE_ERASER; familysupport/erasure.py)."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assistants.models import (
    Assessment,
    AssistantProfile,
    CourtOpinion,
    CourtRequest,
    Decision,
    MonitoringNote,
    PlanComment,
    PlanGoal,
    Visit,
    WorkEnd,
    WorkPlan,
)
from cases.models import Family
from familysupport.erasure import Eraser, Personal


def holds(family: Family) -> list[str]:
    """A court's letter whose opinion has not been sent to the court holds the case back: the
    court still needs what the centre knows of the family."""
    open_letters = (
        CourtRequest.objects.current()
        .filter(family=family)
        .exclude(opinions__dispatched_on__isnull=False)
        .order_by("received_on", "id")
    )
    return [
        _("A court's letter received on %(date)s awaits the centre's opinion.")
        % {"date": date_format(letter.received_on, "SHORT_DATE_FORMAT")}
        for letter in open_letters
    ]


ERASER = Eraser(
    app="assistants",
    order=20,
    parts=(
        # The entity the head asked is an institution, not a person.
        Personal(Decision, family="request__family", erase=("comment",), keep=("entity",)),
        Personal(
            WorkPlan, family="family", erase=("foster_care_coordinator", "child_help_plan", "accepted_by")
        ),
        Personal(
            PlanGoal, family="plan__family", erase=("goal", "actions", "performer_name", "expected_effect")
        ),
        Personal(PlanComment, family="plan__family", erase=("text",)),
        Personal(
            Visit,
            family="family",
            erase=("place", "present", "activities", "tasks_until_next", "withdrawal_reason"),
        ),
        Personal(
            Assessment,
            family="family",
            erase=(
                "goal_progress",
                "care_upbringing",
                "household",
                "finances",
                "health",
                "work",
                "housing",
                "safety",
                "cooperation",
            ),
        ),
        # The court and its division are institutions; the case signature names the court's case.
        Personal(
            CourtRequest,
            family="family",
            erase=("case_signature", "request_text", "scan", "withdrawal_reason"),
            keep=("court", "division"),
        ),
        Personal(
            CourtOpinion,
            family="family",
            erase=(*CourtOpinion.SECTIONS, "head_comment", "pdf"),
            keep=("pdf_sha256",),  # the checksum of the document sent, which the court still holds
        ),
        Personal(MonitoringNote, family="family", erase=("text",)),
        Personal(WorkEnd, family="family", erase=("summary",)),
    ),
    holds=holds,
    # An assistant's qualifications are about the staff member, not about a family.
    outside_cases=(AssistantProfile,),
)
