"""A centre's pages read the centre: reports and interviews carry their family's centre, and every
query of the head's statistics is bounded by it, whatever the other centres of the installation hold."""

import importlib
import re

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.models import Interview, Report
from cases.statistics import interviews_section
from conftest import build_family, days_ago, rewrite

CASE_TABLES = re.compile(r'"(cases|monitoring|assistants|supportfamilies)_\w+"')


def test_reports_and_interviews_carry_their_familys_centre(anna, bozena):
    ours = build_family(anna, stage="interviewed")
    theirs = build_family(bozena, stage="interviewed")
    report = services.report_register(
        actor=anna,
        family=ours,
        data={
            "received_on": days_ago(0),
            "source": "police",
            "description": "x",
            "urgent": False,
            "intervention": "",
        },
    )
    update = services.interview_update_start(actor=anna, interview=ours.interviews.get())
    assert report.centre_id == update.centre_id == anna.centre_id
    for family in (ours, theirs):
        assert {r.centre_id for r in Report.objects.filter(family=family)} == {family.centre_id}
        assert {i.centre_id for i in Interview.objects.filter(family=family)} == {family.centre_id}


def test_the_migration_names_the_centre_of_rows_already_there(anna, bozena):
    family = build_family(anna, stage="interviewed")
    rewrite(Report.objects.filter(family=family), centre_id=bozena.centre_id)
    rewrite(Interview.objects.filter(family=family), centre_id=bozena.centre_id)
    importlib.import_module("cases.migrations.0005_reports_and_interviews_name_their_centre").fill(apps, None)
    assert set(Report.objects.filter(family=family).values_list("centre_id", flat=True)) == {anna.centre_id}
    assert set(Interview.objects.filter(family=family).values_list("centre_id", flat=True)) == {
        anna.centre_id
    }


def test_the_interviews_of_another_centre_are_not_counted(anna, bozena):
    build_family(anna, stage="interviewed")
    build_family(bozena, stage="interviewed")
    section = interviews_section(anna.centre, days_ago(30), days_ago(0))
    assert {row.key: row.value for row in section.rows}["total"] == 1


def test_every_query_of_the_statistics_names_the_centre(client_for, anna, helena, adam, bozena):
    build_family(anna, stage="assigned", head=helena, assistant=adam)
    build_family(bozena, stage="interviewed")
    with CaptureQueriesContext(connection) as queries:
        assert client_for(helena).get(reverse("statistics")).status_code == 200
    of_cases = [q["sql"] for q in queries if CASE_TABLES.search(q["sql"])]
    assert of_cases
    assert not [sql for sql in of_cases if "centre_id" not in sql]


def test_every_query_of_the_heads_start_page_names_the_centre(client_for, anna, helena, adam, bozena):
    build_family(anna, stage="submitted")
    build_family(anna, stage="assigned", head=helena, assistant=adam)
    build_family(bozena, stage="interviewed")
    with CaptureQueriesContext(connection) as queries:
        assert client_for(helena).get(reverse("home")).status_code == 200
    of_cases = [q["sql"] for q in queries if CASE_TABLES.search(q["sql"])]
    assert of_cases
    assert not [sql for sql in of_cases if "centre_id" not in sql]
