"""The centre's overview of deadlines counted and listed by the database (familysupport/deadlines.py
open_counts, first_open, deadlines_met_and_missed): the same figures as the items one by one, at a
number of queries and of loaded rows that does not grow with the data."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assistants.deadlines import REQUEST_DECISION
from cases.deadlines import INTERVIEW
from cases.selectors import interview_due_date
from conftest import build_family, days_ago
from familysupport.deadlines import (
    ATTENTION,
    OVERDUE,
    centre_deadlines,
    deadlines_met_and_missed,
    first_open,
    open_counts,
    summary_of,
)
from familysupport.models import Role
from overview import dashboard

DAY = datetime.timedelta(days=1)


def test_counts_by_owner_and_state_match_the_items_one_by_one(anna, sam, helena, adam, centre_a):
    build_family(anna, received_on=days_ago(40), name="Rodzina Lis")
    build_family(anna, received_on=days_ago(41), name="Rodzina Wilk")
    build_family(anna, received_on=days_ago(1), name="Rodzina Kos")
    build_family(sam, received_on=days_ago(40), name="Rodzina Sowa")
    build_family(anna, stage="submitted", head=helena, name="Rodzina Zięba")
    build_family(anna, stage="assigned", head=helena, assistant=adam, name="Rodzina Dudek")
    today = timezone.localdate()
    counts = open_counts(centre_a, today=today)
    items = centre_deadlines(centre_a, today=today)
    seen = {(c.kind, c.owner_id, c.owner_role): (c.overdue, c.due_soon, c.total) for c in counts}
    expected = {}
    for item in items:
        overdue, soon, total = expected.get((item.kind, item.owner_id, item.owner_role), (0, 0, 0))
        expected[(item.kind, item.owner_id, item.owner_role)] = (
            overdue + item.overdue,
            soon + item.due_soon,
            total + 1,
        )
    assert seen == expected
    assert seen[(INTERVIEW, anna.pk, Role.SOCIAL_WORKER)] == (2, 0, 3)
    assert seen[(INTERVIEW, sam.pk, Role.SOCIAL_WORKER)] == (1, 0, 1)
    assert seen[(REQUEST_DECISION, None, Role.HEAD)][2] == 1


def test_first_open_orders_urgent_and_ordinary_reports_by_their_due_date(anna, centre_a):
    # An ordinary report of 20 working days ago is due before an urgent one of yesterday (2 days).
    older = build_family(anna, received_on=days_ago(1), urgent=True, name="Rodzina Lis")
    oldest = build_family(anna, received_on=days_ago(30), name="Rodzina Wilk")
    build_family(anna, received_on=days_ago(3), name="Rodzina Kos")
    first = first_open(centre_a, 2, kinds=[INTERVIEW])
    assert [d.family_id for d in first] == [oldest.pk, older.pk]
    assert [d.due for d in first] == sorted(interview_due_date(f.reports.get()) for f in (oldest, older))
    assert [d.family_id for d in first_open(centre_a, 10, states=OVERDUE)] == [oldest.pk]


def test_first_open_of_an_owner_is_only_theirs(anna, sam, helena, centre_a):
    build_family(anna, received_on=days_ago(40), name="Rodzina Lis")
    build_family(sam, received_on=days_ago(40), name="Rodzina Sowa")
    build_family(anna, stage="submitted", head=helena, name="Rodzina Zięba")
    assert {d.owner_id for d in first_open(centre_a, 10, owner=anna)} == {anna.pk}
    mine = first_open(centre_a, 10, owner=helena)
    assert [d.kind for d in mine] == [REQUEST_DECISION]
    assert first_open(centre_a, 10, owner=helena, states=ATTENTION) == []


def test_head_overview_counts_every_overdue_item_but_loads_only_the_first(
    client, anna, sam, helena, centre_a
):
    for index in range(dashboard.DASHBOARD_ROWS + 2):
        build_family(anna, received_on=days_ago(40 + index), name=f"Rodzina Lis {index}")
    build_family(sam, received_on=days_ago(30), name="Rodzina Sowa")
    client.force_login(helena)
    head = client.get("/").context["head"]
    assert head["overdue_count"] == dashboard.DASHBOARD_ROWS + 3
    groups = {group["owner"]: group for group in head["overdue_groups"]}
    assert groups[str(anna)]["count"] == dashboard.DASHBOARD_ROWS + 2
    assert groups[str(sam)]["count"] == 1
    assert sum(len(group["items"]) for group in groups.values()) == dashboard.DASHBOARD_ROWS
    # The first by due date: the oldest reports, all anna's.
    assert groups[str(sam)]["items"] == []


def test_head_attention_summary_counts_the_heads_own_items(client, anna, helena, centre_a):
    centre_a.request_decision_soon_days = 30
    centre_a.save()
    build_family(anna, stage="submitted", head=helena, name="Rodzina Zięba")
    build_family(anna, received_on=days_ago(40), name="Rodzina Lis")  # the worker's, not the head's
    client.force_login(helena)
    context = client.get("/").context
    assert context["attention_summary"] == {"overdue": 0, "due_soon": 1, "total": 1}
    assert [d.kind for d in context["attention"]] == [REQUEST_DECISION]
    assert summary_of(open_counts(centre_a, kinds=[INTERVIEW]))["overdue"] == 1


def test_met_and_missed_costs_the_same_queries_whatever_the_number_of_items(anna, centre_a):
    start, end = days_ago(60), days_ago(-30)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            figures = deadlines_met_and_missed(centre_a, start, end)
        return len(captured), figures

    build_family(anna, received_on=days_ago(40), name="Rodzina Lis")
    build_family(anna, stage="interviewed", received_on=days_ago(5), name="Rodzina Kos")
    few, figures = queries()
    assert figures[INTERVIEW] == {"met": 1, "missed": 1}
    for index in range(3):
        build_family(anna, received_on=days_ago(40), name=f"Rodzina Wilk {index}")
    more, figures = queries()
    assert figures[INTERVIEW] == {"met": 1, "missed": 4}
    assert more == few
