"""Every page with a form that creates something sends the one-time token as a hidden input.

On the demo (every family at every step): for each create view the walk of test_submitted_once.py
finds, the first user of the centre and object for whom the page draws its form; the form must be
a SubmittedOnce and its token must stand in the HTML as a hidden input, so that the browser sends
it back with the form.
"""

import re

import pytest
from django.test.utils import ContextList
from django.urls import get_resolver, reverse

from assistants.models import WorkPlan
from cases.models import AssignmentRequest, Family, Interview
from familyservices.models import ServiceEpisode
from familysupport.forms import SubmittedOnce
from familysupport.models import User
from familysupport.tests.test_submitted_once import _urls_of_views, calls_in_views
from monitoring.models import MonitoringPlan
from supportfamilies.models import Contract, SupportFamily

pytestmark = pytest.mark.slow

CENTRE = "OCH"


@pytest.fixture
def manifest(demo, db):
    return demo


def _values(name: str, family: Family | None) -> list[int]:
    if name == "family_id":
        return list(Family.objects.filter(centre__code=CENTRE).order_by("id").values_list("pk", flat=True))
    if name == "plan_id" and family is None:  # the monitoring plan's own pages
        return list(MonitoringPlan.objects.filter(family__centre__code=CENTRE).values_list("pk", flat=True))
    if name == "plan_id":
        return list(WorkPlan.objects.filter(family=family).values_list("pk", flat=True))
    if name == "request_id":
        return list(AssignmentRequest.objects.filter(family=family).values_list("pk", flat=True))
    if name == "support_family_id":
        return list(SupportFamily.objects.filter(centre__code=CENTRE).values_list("pk", flat=True))
    if name == "interview_id":
        return list(Interview.objects.filter(family=family).values_list("pk", flat=True))
    if name == "episode_id":
        return list(ServiceEpisode.objects.filter(family=family).values_list("pk", flat=True))
    if name == "contract_id":
        return list(Contract.objects.filter(centre__code=CENTRE).values_list("pk", flat=True))
    raise AssertionError(f"no demo objects for {name}")


def _addresses(url_name: str) -> list[str]:
    pattern = str(_pattern_of(url_name).pattern)
    names = re.findall(r"<int:(\w+)>", pattern)
    if not names:
        return [reverse(url_name)]
    addresses = []
    for first in _values(names[0], None):
        family = Family.objects.filter(pk=first).first() if names[0] == "family_id" else None
        rest = [_values(name, family) for name in names[1:]]
        if not rest:
            addresses.append(reverse(url_name, kwargs={names[0]: first}))
        elif rest[0]:
            addresses += [reverse(url_name, kwargs={names[0]: first, names[1]: value}) for value in rest[0]]
    return addresses


def _pattern_of(url_name: str):
    namespace, name = url_name.split(":")
    resolver = get_resolver().namespace_dict[namespace][1]
    return next(pattern for pattern in resolver.url_patterns if getattr(pattern, "name", None) == name)


def _context_values(context):
    if isinstance(context, ContextList):
        return [context[key] for key in context.keys()]  # noqa: SIM118 - iterating it gives its contexts
    return list(context.flatten().values())


# A view that only takes the POST of a form drawn on another page: the page that draws it.
DRAWN_ON = {"assistants:plan_goal_add": "assistants:work_plan_edit"}

CREATE_PAGES = sorted(
    _urls_of_views({call[1] for call in calls_in_views() if call[2] == "call_create_service"})
)


@pytest.mark.parametrize("url_name", CREATE_PAGES)
def test_the_page_sends_the_token_as_a_hidden_input(client, manifest, url_name):
    users = list(User.objects.filter(centre__code=CENTRE, is_active=True).order_by("username"))
    for address in _addresses(DRAWN_ON.get(url_name, url_name)):
        for user in users:
            client.force_login(user)
            response = client.get(address)
            if response.status_code != 200 or not response.context:
                continue
            values = _context_values(response.context)
            forms = list({id(value): value for value in values if isinstance(value, SubmittedOnce)}.values())
            if not forms:
                continue
            (form,) = forms
            html = response.content.decode()
            field = form["submission"]
            hidden = f'<input type="hidden" name="{field.html_name}" value="{field.value()}"'
            assert hidden in html, (url_name, address, user.username)
            return
    pytest.fail(f"no user of the demo draws the form of {url_name}")
