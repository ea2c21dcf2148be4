"""The caseload has one owner: what an active assignment is, how the caseload is counted, the cap.

Art. 15 ust. 4: an assistant works with at most 15 families at the same time. Assignment.objects
.active() says which assignments count, AssistantProfile.objects.with_caseload() counts them,
CASELOAD_CAP is the 15; the tests below fail when a caller writes its own copy of any of them.
"""

import re
from pathlib import Path

from django.test import Client
from django.urls import reverse

from assistants.models import CASELOAD_CAP, Assignment, AssistantProfile
from assistants.selectors import lifecycle as lifecycle_selectors
from assistants.services import lifecycle as lifecycle_services
from cases.models import Family
from conftest import build_family, days_ago

ROOT = Path(__file__).resolve().parents[2]
APPS = ("familysupport", "cases", "monitoring", "assistants", "supportfamilies", "overview", "tools")
OWNER = Path("assistants/models.py")
# "This assignment goes on", written as a lookup instead of asking Assignment.objects.active().
ACTIVE_BY_HAND = re.compile(r"ended_on(__isnull\s*=\s*True|\s*=\s*None)\b")
# A 15 that is not the caseload: an article or point of a statute (art. 15 of the Act, of the
# GDPR; art. 15 ust. 1 pkt 15) or the lockout after failed logins (AXES_COOLOFF_TIME).
NOT_THE_CAP = re.compile(r"(art\.|Art\.|pkt)\s*15\b|\b15 minut")


def sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if not {"tests", "migrations"} & set(relative.parts):
                yield relative, path.read_text()


def test_only_the_queryset_says_which_assignments_are_active():
    copies = sorted(
        str(relative) for relative, text in sources() if ACTIVE_BY_HAND.search(text) and relative != OWNER
    )
    assert copies == []


def test_the_caseload_is_counted_only_by_with_caseload():
    """No caller counts a profile's assignments for itself: they annotate `with_caseload()`."""
    by_hand = re.compile(
        r"Count\(\s*\"assignments\"(?![^)]*work_end)|assignments\.(filter|active)\([^)]*\)\.count\("
    )
    copies = [str(relative) for relative, text in sources() if by_hand.search(text)]
    assert copies == []


def test_the_cap_is_one_constant_that_the_profile_reads():
    field = AssistantProfile._meta.get_field("caseload_cap")
    assert CASELOAD_CAP == 15 and field.default == CASELOAD_CAP
    assert str(CASELOAD_CAP) in str(field.help_text)
    # A line about the cap that writes the number itself (outside the constant).
    by_hand = re.compile(r"cap\w*\b.*(?<![\w.])15(?![\w.])|(?<![\w.])15(?![\w.]).*\bcap", re.IGNORECASE)
    copies = [
        f"{relative}:{number}"
        for relative, text in sources()
        for number, line in enumerate(text.splitlines(), 1)
        if relative != OWNER and by_hand.search(NOT_THE_CAP.sub("", line))
    ]
    assert copies == []


def test_no_template_writes_the_cap():
    offenders = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"(?<![\w.,])15(?![\w.,])", NOT_THE_CAP.sub("", line)):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []


def test_the_caseload_counts_the_active_assignments_only(anna, helena, adam, agata):
    working = build_family(anna, stage="assigned", head=helena, assistant=adam)
    ended = build_family(anna, stage="assigned", head=helena, assistant=adam, name="Rodzina Kowalska")
    Assignment.objects.filter(family=ended).update(ended_on=days_ago(1))
    rows = {row.user_id: row for row in AssistantProfile.objects.with_caseload()}
    assert (rows[adam.pk].active_families, rows[agata.pk].active_families) == (1, 0)
    assert list(Assignment.objects.active().values_list("family", flat=True)) == [working.pk]
    assert set(Assignment.objects.during(days_ago(1), days_ago(0)).values_list("family", flat=True)) == {
        working.pk,
        ended.pk,
    }
    assert not Assignment.objects.during(days_ago(30), days_ago(20)).exists()


def test_the_cap_check_and_the_pages_read_the_same_count(anna, helena, adam):
    """The decision's cap check, the head's caseload page and the decision form agree."""
    build_family(anna, stage="assigned", head=helena, assistant=adam)
    profile = lifecycle_selectors.assistants_of_centre(helena.centre_id).get(user=adam)
    assert profile.active_families == lifecycle_services._caseload(profile) == 1
    assert lifecycle_selectors.caseload_of_centre(helena.centre_id).get(user=adam).active_families == 1
    client = Client()
    client.force_login(helena)
    page = client.get(reverse("assistants:caseload"))
    assert page.status_code == 200 and page.context["cap"] == CASELOAD_CAP
    assert Family.objects.filter(assignments__in=Assignment.objects.active()).count() == 1
