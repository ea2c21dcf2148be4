from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from familysupport.models import Role

# (roles that see the item, label, URL name), in the order of the navigation bar.
NAVIGATION = (
    ((Role.SOCIAL_WORKER, Role.FAMILY_ASSISTANT, Role.HEAD, Role.STAFF), _("My deadlines"), "my_deadlines"),
    ((Role.SOCIAL_WORKER, Role.FAMILY_ASSISTANT, Role.HEAD), _("Families"), "cases:family_list"),
    ((Role.SOCIAL_WORKER,), _("Register a report"), "cases:family_register"),
    ((Role.SOCIAL_WORKER,), _("Requests for an assistant"), "cases:request_list"),
    ((Role.SOCIAL_WORKER, Role.HEAD), _("Monitoring"), "monitoring:monitoring_list"),
    ((Role.HEAD,), _("Requests to decide"), "cases:requests_pending"),
    ((Role.HEAD,), _("Assistants' caseload"), "assistants:caseload"),
    ((Role.STAFF, Role.HEAD), _("Court requests"), "assistants:court_register"),
    ((Role.HEAD, Role.FAMILY_ASSISTANT), _("Support families"), "supportfamilies:support_family_list"),
    ((Role.SOCIAL_WORKER,), _("Support family interviews"), "supportfamilies:interview_list"),
    ((Role.STAFF, Role.HEAD), _("Invoices"), "supportfamilies:invoice_list"),
    (
        (Role.SOCIAL_WORKER, Role.FAMILY_ASSISTANT, Role.HEAD, Role.STAFF, Role.SPECIALIST),
        _("Institutions"),
        "institutions:institution_list",
    ),
    ((Role.STAFF, Role.HEAD), _("Outgoing letters"), "institutions:letter_register"),
    ((Role.HEAD,), _("Statistics"), "statistics"),
    ((Role.FAMILY_ASSISTANT,), _("My month"), "assistants:assistant_month"),
    ((Role.ADMIN,), _("Users"), "admin:index"),
    ((Role.DPO, Role.HEAD), _("Audit record"), "audit_log"),
    ((Role.HEAD, Role.DPO), _("Disposal of cases"), "retention:protocol_list"),
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = [
        {"label": label, "url": reverse(name), "active": request.path.startswith(reverse(name))}
        for roles, label, name in NAVIGATION
        if user.has_role(*roles)
    ]
    return {"navigation": items, "role_labels": [Role(role).label for role in sorted(user.roles)]}
