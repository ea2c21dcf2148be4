"""What the team app adds to the pages of cases (declared in TeamConfig.ready()): the family page's
section of the specialists engaged on the family, the specialist's circle of families, the
co-authors' contributions on the pages and prints of the interview and the work plan, and the
contributions withdrawn as written by mistake."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Family
from cases.selectors import (
    INTERVIEW,
    WORK_PLAN,
    DocumentPart,
    FamilyCircle,
    FamilySection,
    WithdrawnKind,
    WithdrawnRecord,
)
from familysupport.models import Role, User
from team import policies
from team.models import Contribution
from team.selectors import contributions_to, engaged_families, family_engagements


def _team(user: User, family: Family, shared: dict) -> dict:
    if not policies.can_view_engagements(user, family):
        return {}
    return {"engagements": family_engagements(family)}


FAMILY_SECTIONS = (
    FamilySection(
        "team",
        15,
        "team/_family_team.html",
        _team,
        label=gettext_lazy("Specialists"),
        shown=policies.can_view_engagements,
    ),
)

# A specialist works with the families of their active engagements only.
FAMILY_CIRCLE = FamilyCircle(Role.SPECIALIST, engaged_families)


def _part(document, contributes, add_url: str) -> dict:
    contributions = contributions_to(document)
    coauthors = {(item.author_id, item.role_label): item for item in contributions}
    return {
        "contributions": contributions,
        "coauthors": [(item.author, label) for (_author, label), item in coauthors.items()],
        "add": contributes,
        "add_url": add_url,
    }


def _interview_part(user: User, interview) -> dict:
    return _part(
        interview,
        policies.can_contribute_to_interview(user, interview),
        reverse("team:interview_contribution_add", args=[interview.family_id, interview.pk]),
    )


def _plan_part(user: User, plan) -> dict:
    return _part(
        plan,
        policies.can_contribute_to_plan(user, plan),
        reverse("team:plan_contribution_add", args=[plan.family_id, plan.pk]),
    )


DOCUMENT_PARTS = (
    DocumentPart(
        "team.diagnosis",
        INTERVIEW,
        10,
        "team/_contributions.html",
        "team/_contributions_pdf.html",
        _interview_part,
    ),
    DocumentPart(
        "team.plan", WORK_PLAN, 10, "team/_contributions.html", "team/_contributions_pdf.html", _plan_part
    ),
)


def _withdrawn_contributions(user: User, family: Family) -> list[WithdrawnRecord]:
    """Everyone who sees the family reads its diagnosis and plan, so the withdrawn parts of them."""
    return [
        WithdrawnRecord.of(
            item, _("co-author's contribution of %(date)s") % {"date": f"{item.created_at:%d.%m.%Y}"}
        )
        for item in Contribution.objects.withdrawn()
        .filter(family=family, centre_id=family.centre_id)
        .select_related("withdrawn_by")
    ]


WITHDRAWN_RECORDS = (WithdrawnKind("team.contributions", _withdrawn_contributions, order=45),)
