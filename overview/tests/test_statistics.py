"""The half-year statistics: each figure against data built here, the periods, the exports read
back, who may see them, and a cost that does not grow with the data."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader

from assistants.models import Assignment, EmploymentForm, WorkEnd
from assistants.services import lifecycle as lifecycle_services
from cases import services
from cases.models import (
    ConsentBasis,
    Family,
    FamilyMember,
    FamilyRole,
    FamilyStatus,
    Interview,
    InterviewStatus,
    Report,
)
from conftest import basis_data, build_family, person, rewrite
from familysupport.figures import default_period, half_year, quick_periods
from familysupport.models import AuditEvent, Role
from overview.statistics import centre_statistics, statistics_csv
from supportfamilies.models import Invoice

D = datetime.date
FUZZ = hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# The period of the figures: the first half of 2025, long past whatever the day of the test.
START, END = D(2025, 1, 1), D(2025, 6, 30)
PERIOD = {"start": "2025-01-01", "end": "2025-06-30"}


def member(worker, family, *, role=FamilyRole.CHILD, born: datetime.date) -> None:
    services.member_add(
        actor=worker,
        family=family,
        data={
            "first_name": "Jan",
            "last_name": "Nowak",
            "role": role,
            "birth_date": born,
            "pesel": "",
            "parental_authority": "",
            "in_foster_care": False,
        },
    )


def start_work(head, family, assistant, started_on) -> Assignment:
    """The assistant starts on `started_on`, and the family stands where the head's decision to
    assign would have put it (the family's path allows the end of work only from there)."""
    assignment = lifecycle_services.assignment_start(
        actor=head, family=family, assistant=assistant.assistant_profile, started_on=started_on
    )
    Family.objects.filter(pk=family.pk).update(status=FamilyStatus.ASSISTANT_ASSIGNED)
    family.refresh_from_db()
    return assignment


def end_work(head, family, reason, ended_on) -> WorkEnd:
    return lifecycle_services.work_end(
        actor=head, family=family, reason=reason, summary="Podsumowanie", ended_on=ended_on
    )


def court_obligation(worker, family, given_on) -> None:
    services.consent_record(
        actor=worker, family=family, data={**basis_data(ConsentBasis.COURT), "given_on": given_on}
    )


def interview_on(family, conducted_on) -> Interview:
    interview = family.interviews.get(updates__isnull=True)
    rewrite(Interview.objects.filter(pk=interview.pk), conducted_on=conducted_on)
    return interview


@pytest.fixture
def history(anna, helena, adam, agata, bozena, bartosz, borys):
    """Centre A's families around the first half of 2025, and one family of centre B inside it.

    Every family built here has one child born in 2015 (build_family).
    """
    adam.assistant_profile.employment_form = EmploymentForm.EMPLOYMENT
    adam.assistant_profile.save(update_fields=["employment_form"])
    agata.assistant_profile.employment_form = EmploymentForm.CIVIL_LAW
    agata.assistant_profile.save(update_fields=["employment_form"])

    # Works with Adam through the whole period; obliged by a court in it; besides the child of
    # 2015, a son who turned 18 before the end of the period, a child born after it, and a
    # mother who is herself a minor.
    ongoing = build_family(anna, stage="interviewed", name="Rodzina Trwała")
    member(anna, ongoing, born=D(2007, 6, 1))
    member(anna, ongoing, born=D(2025, 7, 10))
    member(anna, ongoing, role=FamilyRole.MOTHER, born=D(2008, 2, 1))
    start_work(helena, ongoing, adam, D(2024, 12, 1))
    court_obligation(anna, ongoing, D(2025, 3, 1))
    interview_on(ongoing, D(2025, 3, 10))
    update = services.interview_update_start(actor=anna, interview=ongoing.interviews.get())
    services.interview_save_draft(actor=anna, interview=update, data={"conducted_on": END})
    services.interview_sign(actor=anna, interview=update)

    # The assistant starts the day after the period ends.
    later = build_family(anna, stage="interviewed", name="Rodzina Późna")
    start_work(helena, later, agata, D(2025, 7, 1))
    interview_on(later, D(2025, 7, 1))

    # The work ends on the first day of the period; the court's obligation comes after it.
    ended_first_day = build_family(anna, stage="interviewed", name="Rodzina Pierwsza")
    start_work(helena, ended_first_day, adam, D(2024, 10, 1))
    end_work(helena, ended_first_day, "goals_achieved", START)
    court_obligation(anna, ended_first_day, D(2025, 8, 1))
    interview_on(ended_first_day, D(2024, 12, 31))

    # Assigned in the period, handed over to Agata, then ended when the family moved away.
    handed_over = build_family(anna, stage="reported", name="Rodzina Przekazana")
    start_work(helena, handed_over, adam, D(2025, 2, 1))
    lifecycle_services.assignment_reassign(
        actor=helena, family=handed_over, assistant=agata.assistant_profile, started_on=D(2025, 4, 1)
    )
    end_work(helena, handed_over, "moved_away", D(2025, 5, 15))
    # A draft interview in the period is not an interview carried out.
    draft = services.interview_start(actor=anna, family=handed_over)
    services.interview_save_draft(actor=anna, interview=draft, data={"conducted_on": D(2025, 4, 2)})

    # The work ended the day before the period began.
    ended_before = build_family(anna, stage="reported", name="Rodzina Wcześniejsza")
    start_work(helena, ended_before, adam, D(2024, 6, 1))
    end_work(helena, ended_before, "refused", D(2024, 12, 31))

    # Centre B: everything inside the period, none of it centre A's.
    other = build_family(bozena, stage="interviewed", name="Rodzina Obca")
    borys.assistant_profile.employment_form = EmploymentForm.EMPLOYMENT
    borys.assistant_profile.save(update_fields=["employment_form"])
    start_work(bartosz, other, borys, D(2025, 3, 1))
    court_obligation(bozena, other, D(2025, 3, 1))
    end_work(bartosz, other, "refused", D(2025, 4, 1))
    interview_on(other, D(2025, 3, 5))
    return {"ongoing": ongoing, "handed_over": handed_over, "other": other}


@pytest.fixture
def stats_a(history, centre_a):
    return centre_statistics(centre_a, START, END)


# The figures ------------------------------------------------------------------------------------


def test_assistants_who_worked_in_the_period_by_form_of_employment(stats_a, centre_a):
    # A third assistant with no family in the past period is not counted for it.
    person("ania", centre_a, Role.FAMILY_ASSISTANT)
    stats = centre_statistics(centre_a, START, END)
    assert stats.figure("assistants", "total") == 2
    assert stats.figure("assistants", EmploymentForm.EMPLOYMENT) == 1
    assert stats.figure("assistants", EmploymentForm.CIVIL_LAW) == 1
    assert stats.figure("assistants", EmploymentForm.COMMISSIONED) == 0


def test_a_period_reaching_today_counts_every_active_assistant(history, centre_a):
    ania = person("ania", centre_a, Role.FAMILY_ASSISTANT)
    today = timezone.localdate()
    stats = centre_statistics(centre_a, today - datetime.timedelta(days=30), today)
    # Adam's family is still his; Ania has none yet, her form of employment is not recorded.
    assert stats.figure("assistants", "not_recorded") == 1
    ania.is_active = False
    ania.save(update_fields=["is_active"])
    stats = centre_statistics(centre_a, today - datetime.timedelta(days=30), today)
    with pytest.raises(KeyError):
        stats.figure("assistants", "not_recorded")


def test_families_with_an_assistant_overlapping_the_period(stats_a):
    # Ongoing, ended on the first day, and handed over (once, not twice); not the family whose
    # assistant started the day after, nor the one whose work ended the day before.
    assert stats_a.figure("families", "total") == 3


def test_court_obligation_counts_when_recorded_by_the_end_of_the_period(stats_a):
    assert stats_a.figure("families", "court") == 1


def test_children_are_minors_by_place_in_the_family_at_the_end_of_the_period(stats_a):
    # One child of 2015 in each of the three families; not the son who turned 18, the child born
    # after the period, or the minor mother.
    assert stats_a.figure("families", "children") == 3


def test_new_assignments_and_handovers_started_in_the_period(stats_a):
    assert stats_a.figure("assignments", "new") == 1
    assert stats_a.figure("assignments", "handover") == 1


def test_work_ended_in_the_period_by_reason(stats_a):
    assert stats_a.figure("work_ends", "total") == 2
    assert stats_a.figure("work_ends", "goals_achieved") == 1
    assert stats_a.figure("work_ends", "moved_away") == 1
    assert stats_a.figure("work_ends", "refused") == 0
    with pytest.raises(KeyError):  # a handover is not an end of work with the family
        stats_a.figure("work_ends", "reassigned")


def test_interviews_signed_and_conducted_in_the_period(stats_a):
    # The first interview of the ongoing family and its update on the last day; not the draft,
    # the interview of the day before, the one of the day after, or centre B's.
    assert stats_a.figure("interviews", "total") == 2
    assert stats_a.figure("interviews", "first") == 1
    assert stats_a.figure("interviews", "updates") == 1


def test_another_centre_counts_only_its_own(history, centre_b):
    stats = centre_statistics(centre_b, START, END)
    assert stats.figure("families", "total") == 1
    assert stats.figure("families", "court") == 1
    assert stats.figure("families", "children") == 1
    assert stats.figure("assignments", "new") == 1
    assert stats.figure("work_ends", "refused") == 1
    assert stats.figure("interviews", "total") == 1
    assert stats.figure("assistants", "total") == 1


def test_a_period_with_nothing_in_it_is_all_zeros(history, centre_a):
    stats = centre_statistics(centre_a, D(2010, 1, 1), D(2010, 6, 30))
    assert all(row.value == 0 for section in stats.sections for row in section.rows)


# Periods ----------------------------------------------------------------------------------------


def test_half_years_are_january_to_june_and_july_to_december():
    assert half_year(2025, 1) == (D(2025, 1, 1), D(2025, 6, 30))
    assert half_year(2025, 2) == (D(2025, 7, 1), D(2025, 12, 31))


@pytest.mark.parametrize(
    ("today", "period"),
    [
        (D(2026, 3, 15), (D(2026, 1, 1), D(2026, 6, 30))),
        (D(2026, 11, 23), (D(2026, 7, 1), D(2026, 12, 31))),
        # In the month the report is due, the half-year just ended.
        (D(2026, 1, 10), (D(2025, 7, 1), D(2025, 12, 31))),
        (D(2026, 7, 31), (D(2026, 1, 1), D(2026, 6, 30))),
        (D(2026, 8, 1), (D(2026, 7, 1), D(2026, 12, 31))),
    ],
)
def test_default_period(today, period):
    assert default_period(today) == period


def test_quick_links_to_the_halves_of_this_and_last_year_that_have_begun():
    assert [(p["start"], p["end"]) for p in quick_periods(D(2026, 3, 1))] == [
        half_year(2026, 1),
        half_year(2025, 2),
        half_year(2025, 1),
    ]
    assert len(quick_periods(D(2026, 9, 1))) == 4


# The page ---------------------------------------------------------------------------------------


def test_head_sees_the_default_half_year(client, helena, history):
    client.force_login(helena)
    response = client.get(reverse("statistics"))
    assert response.status_code == 200
    stats = response.context["stats"]
    assert (stats.start, stats.end) == default_period()
    assert stats.centre == helena.centre
    assert b"<svg" in response.content


def test_charts_are_drawn_with_numbers_svg_understands(client, helena, history):
    """Polish formats write a decimal comma; an SVG coordinate needs a point."""
    client.force_login(helena)
    content = client.get(reverse("statistics"), PERIOD).content.decode()
    coordinates = re.findall(
        r'<(?:rect|text|line)\b[^>]*?\b(?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', content
    )
    assert coordinates
    for value in coordinates:
        float(value)


def test_head_sees_the_period_asked_for(client, helena, history):
    client.force_login(helena)
    response = client.get(reverse("statistics"), PERIOD)
    assert response.status_code == 200
    stats = response.context["stats"]
    assert (stats.start, stats.end) == (START, END)
    assert stats.figure("families", "total") == 3
    assert (
        f"{reverse('statistics_export_csv')}?start=2025-01-01&amp;end=2025-06-30" in response.content.decode()
    )


def test_polish_dates_are_understood(client, helena, history):
    client.force_login(helena)
    response = client.get(reverse("statistics"), {"start": "01.01.2025", "end": "30.06.2025"})
    assert (response.context["stats"].start, response.context["stats"].end) == (START, END)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"start": "2025-07-01", "end": "2025-06-30"}, "end"),
        ({"start": "yesterday", "end": "2025-06-30"}, "start"),
        ({"start": "2025-01-01"}, "end"),
        ({"start": "2025-02-30", "end": "2025-06-30"}, "start"),
        ({"start": "1899-01-01", "end": "2025-06-30"}, "start"),
        ({"start": "2025-01-01", "end": "99999-01-01"}, "end"),
        ({"start": "2025-01-01", "end": "9999-12-31"}, "end"),
    ],
)
def test_a_period_not_understood_is_a_form_error(client, helena, query, field):
    client.force_login(helena)
    response = client.get(reverse("statistics"), query)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response.context.get("stats") is None


@given(
    start=st.one_of(
        st.dates().map(str), st.dates().map(lambda day: day.strftime("%d.%m.%Y")), st.text(max_size=12)
    ),
    end=st.one_of(st.dates().map(str), st.text(max_size=12)),
)
@FUZZ
def test_any_period_typed_in_is_shown_or_refused_never_a_server_error(client, helena, start, end):
    client.force_login(helena)
    response = client.get(reverse("statistics"), {"start": start, "end": end})
    assert response.status_code == 200
    assert (response.context.get("stats") is None) == bool(response.context["form"].errors)


@pytest.mark.parametrize("name", ["statistics_export_csv", "statistics_export_xlsx", "statistics_report_pdf"])
def test_an_export_of_a_period_not_understood_goes_back_to_the_form(client, helena, name):
    client.force_login(helena)
    before = AuditEvent.objects.count()
    response = client.get(reverse(name), {"start": "2025-07-01", "end": "2025-06-30"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("statistics") + "?")
    assert AuditEvent.objects.count() == before


# Access -----------------------------------------------------------------------------------------

VIEWS = ["statistics", "statistics_export_csv", "statistics_export_xlsx", "statistics_report_pdf"]


@pytest.mark.parametrize("name", VIEWS)
@pytest.mark.parametrize("persona", ["anna", "adam", "stefan", "ada"])
def test_only_the_head_sees_the_statistics(client, request, name, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(name), PERIOD).status_code == 403


@pytest.mark.parametrize("name", VIEWS)
def test_anonymous_is_sent_to_log_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_other_centres_head_sees_only_their_own_figures(client, bartosz, history, centre_b):
    client.force_login(bartosz)
    stats = client.get(reverse("statistics"), PERIOD).context["stats"]
    assert stats.centre == centre_b
    assert stats.figure("families", "total") == 1
    assert stats.figure("assignments", "handover") == 0
    content = client.get(reverse("statistics_export_csv"), PERIOD).content.decode("utf-8-sig")
    assert "OPS Bemowo" in content and "OPS Ochota" not in content


def test_the_page_names_no_family(client, helena, history):
    client.force_login(helena)
    content = client.get(reverse("statistics"), PERIOD).content.decode()
    for family in Family.objects.all():
        assert family.reference not in content and family.name not in content


# Exports ----------------------------------------------------------------------------------------


def expected_rows(stats) -> list[tuple[str, str, str]]:
    return [
        (str(section.title), str(capfirst(row.label)), f"{row.value:.2f}" if row.money else str(row.value))
        for section in stats.sections
        for row in section.rows
    ]


def test_csv_export_reads_back_as_the_figures(client, helena, stats_a):
    client.force_login(helena)
    response = client.get(reverse("statistics_export_csv"), PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="statystyka-2025-01-01-2025-06-30.csv"' in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][1] == "OPS Ochota"
    assert lines[1][1:] == ["2025-01-01", "2025-06-30"]
    assert [tuple(line) for line in lines[3:]] == expected_rows(stats_a)
    figures = {(line[0], line[1]): line[2] for line in lines[3:]}
    families = next(section for section in stats_a.sections if section.key == "families")
    assert figures[(str(families.title), str(capfirst(families.rows[0].label)))] == "3"


def test_xlsx_export_reads_back_as_the_figures(client, helena, stats_a):
    client.force_login(helena)
    response = client.get(reverse("statistics_export_xlsx"), PERIOD)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True)]
    assert rows[0][1] == "OPS Ochota"
    figures = [(row[0], row[1]) for row in rows[3:] if row[1] is not None]
    expected = [(str(capfirst(row.label)), row.value) for section in stats_a.sections for row in section.rows]
    assert figures == expected
    assert all(isinstance(value, int | float) for _label, value in figures)  # numbers, not text


def test_pdf_report_reads_back_with_the_centre_and_the_figures(client, helena, stats_a):
    client.force_login(helena)
    response = client.get(reverse("statistics_report_pdf"), PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "OPS Ochota" in text
    assert "01.01.2025" in text and "30.06.2025" in text
    families = next(section for section in stats_a.sections if section.key == "families")
    assert str(families.title) in text
    assert str(capfirst(families.rows[2].label)) in text


@pytest.mark.parametrize(
    ("name", "export_format"),
    [("statistics_export_csv", "csv"), ("statistics_export_xlsx", "xlsx"), ("statistics_report_pdf", "pdf")],
)
def test_every_export_is_on_the_audit_record(client, helena, name, export_format):
    client.force_login(helena)
    client.get(reverse(name), PERIOD)
    event = AuditEvent.objects.filter(actor=helena, action="download").get()
    assert event.object_type == "familysupport.centre" and event.object_id == str(helena.centre_id)
    assert event.details == {"export": "statistics", "format": export_format, **PERIOD}


def test_a_label_is_never_a_spreadsheet_formula(history, centre_a):
    centre_a.name = "=HYPERLINK(1)"
    stats = centre_statistics(centre_a, START, END)
    assert "'=HYPERLINK(1)" in statistics_csv(stats)


# Cost -------------------------------------------------------------------------------------------


def bulk_families(centre, worker, assistant, count: int, tag: str) -> None:
    """`count` families inside the period, written in bulk: a child each, an assignment (half of
    them ended), a signed interview."""
    families = Family.objects.bulk_create(
        [
            Family(
                centre=centre,
                reference=f"{tag}/{n:05d}",
                name="Rodzina",
                street="ul. Prosta 1",
                postal_code="00-001",
                city="Warszawa",
                social_worker=worker,
            )
            for n in range(count)
        ]
    )
    FamilyMember.objects.bulk_create(
        FamilyMember(
            family=f, centre=centre, first_name="A", last_name="B", role="child", birth_date=D(2015, 1, 1)
        )
        for f in families
    )
    assignments = Assignment.objects.bulk_create(
        Assignment(
            family=f,
            assistant=assistant.assistant_profile,
            started_on=D(2025, 2, 1),
            ended_on=D(2025, 5, 1) if n % 2 else None,
            end_reason="other" if n % 2 else "",
            created_by=worker,
        )
        for n, f in enumerate(families)
    )
    WorkEnd.objects.bulk_create(
        WorkEnd(
            family=a.family,
            assignment=a,
            ended_on=a.ended_on,
            reason="other",
            summary="x",
            monitoring_until=D(2025, 11, 1),
            author=worker,
        )
        for a in assignments
        if a.ended_on
    )
    reports = Report.objects.bulk_create(
        Report(
            family=f,
            centre_id=f.centre_id,
            received_on=D(2025, 1, 2),
            source="school",
            description="x",
            registered_by=worker,
        )
        for f in families
    )
    Interview.objects.bulk_create(
        Interview(
            family=r.family,
            centre_id=r.centre_id,
            report=r,
            author=worker,
            status=InterviewStatus.SIGNED,
            conducted_on=D(2025, 1, 5),
        )
        for r in reports
    )


def test_the_number_of_queries_does_not_grow_with_the_data(client, helena, anna, adam, centre_a):
    client.force_login(helena)
    bulk_families(centre_a, anna, adam, 2, "S")
    client.get(reverse("statistics"), PERIOD)  # the session and the user, once
    with CaptureQueriesContext(connection) as small:
        stats = centre_statistics(centre_a, START, END)
    with CaptureQueriesContext(connection) as small_page:
        client.get(reverse("statistics"), PERIOD)
    assert stats.figure("families", "total") == 2

    bulk_families(centre_a, anna, adam, 60, "L")
    with CaptureQueriesContext(connection) as large:
        stats = centre_statistics(centre_a, START, END)
    with CaptureQueriesContext(connection) as large_page:
        client.get(reverse("statistics"), PERIOD)
    assert stats.figure("families", "total") == 62
    assert stats.figure("work_ends", "other") == 31
    assert stats.figure("interviews", "total") == 62
    assert len(large) == len(small) <= 25
    assert len(large_page) == len(small_page)


def test_the_statistics_page_takes_at_most_15_queries_with_one_family_or_many(
    client, helena, anna, adam, centre_a
):
    """Each section counts its figures in one query, whatever the number of families."""
    client.force_login(helena)

    def page_queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("statistics"), PERIOD)
        assert response.status_code == 200
        return len(captured)

    bulk_families(centre_a, anna, adam, 1, "S")
    one = page_queries()
    assert centre_statistics(centre_a, START, END).figure("families", "total") == 1
    bulk_families(centre_a, anna, adam, 40, "L")
    many = page_queries()
    assert centre_statistics(centre_a, START, END).figure("families", "total") == 41
    assert many == one <= 15


# Support families and deadlines (supportfamilies/, familysupport/deadlines.py) -----------------


def test_support_families_contracts_and_reimbursed_amounts(
    anna, helena, adam, stefan, bozena, bartosz, borys
):
    from supportfamilies import services as support_services
    from supportfamilies.tests.builders import build_support_family, invoice_data

    today = timezone.localdate()
    helping = build_support_family(anna, head=helena, assistant=adam, stage="signed")
    contract = helping.contracts.get()
    # Established, but without a contract yet: helps no family.
    build_support_family(anna, head=helena, assistant=adam, stage="established")
    # Centre B's support family counts only for centre B.
    other = build_support_family(bozena, head=bartosz, assistant=borys, stage="signed").contracts.get()

    paid = support_services.invoice_register(
        actor=stefan, contract=contract, data=invoice_data(number="FV/1", amount=Decimal("100.00"))
    )
    approved = support_services.invoice_register(
        actor=stefan, contract=contract, data=invoice_data(number="FV/2", amount=Decimal("250.50"))
    )
    support_services.invoice_register(
        actor=stefan, contract=contract, data=invoice_data(number="FV/3", amount=Decimal("50.00"))
    )
    other_invoice = support_services.invoice_register(
        actor=bartosz, contract=other, data=invoice_data(number="FV/9", amount=Decimal("77.00"))
    )
    for invoice in (paid, approved):
        support_services.invoice_approve(actor=helena, invoice=invoice)
    support_services.invoice_approve(actor=bartosz, invoice=other_invoice)
    support_services.invoice_mark_paid(actor=stefan, invoice=Invoice.objects.get(pk=paid.pk), paid_on=today)

    stats = centre_statistics(helena.centre, today - datetime.timedelta(days=90), today)
    assert stats.figure("support_families", "supporting") == 1
    assert stats.figure("support_families", "established") == 2
    assert stats.figure("support_families", "contracts_in_force") == 1
    assert stats.figure("support_families", "contracts_signed") == 1
    assert stats.figure("support_families", "contracts_terminated") == 0
    assert stats.figure("support_families", "invoices_paid") == 1
    assert stats.figure("support_families", "reimbursed") == Decimal("100.00")
    assert stats.figure("support_families", "approved") == Decimal("350.50")

    # A period that ended before the contract began: nothing in force, nothing paid.
    before = contract.valid_from - datetime.timedelta(days=1)
    stats = centre_statistics(helena.centre, before - datetime.timedelta(days=30), before)
    assert stats.figure("support_families", "contracts_in_force") == 0
    assert stats.figure("support_families", "reimbursed") == Decimal("0")

    other_stats = centre_statistics(bartosz.centre, today - datetime.timedelta(days=90), today)
    assert other_stats.figure("support_families", "approved") == Decimal("77.00")


def test_amounts_are_exported_with_two_decimals(client, helena, stats_a):
    client.force_login(helena)
    lines = list(
        csv.reader(
            io.StringIO(client.get(reverse("statistics_export_csv"), PERIOD).content.decode("utf-8-sig"))
        )
    )
    section = next(section for section in stats_a.sections if section.key == "support_families")
    amounts = [line[2] for line in lines if line[0] == str(section.title) and "." in line[2]]
    assert amounts == ["0.00", "0.00"]
    sheet = load_workbook(io.BytesIO(client.get(reverse("statistics_export_xlsx"), PERIOD).content)).active
    formats = {
        row[1].number_format for row in sheet.iter_rows(min_row=4) if isinstance(row[1].value, Decimal)
    }
    assert formats <= {"#,##0.00"}


def test_deadlines_met_and_missed_are_those_of_the_register(anna, centre_a):
    from familysupport.deadlines import deadlines_met_and_missed

    # A report of February 2025 never answered by an interview: its deadline was missed.
    build_family(anna, stage="reported", received_on=D(2025, 2, 3))
    stats = centre_statistics(centre_a, START, END)
    figures = deadlines_met_and_missed(centre_a, START, END)
    assert stats.figure("deadlines", "interview.missed") == figures["interview"]["missed"] >= 1
    assert stats.figure("deadlines", "missed") == sum(kind["missed"] for kind in figures.values())
    assert stats.figure("deadlines", "met") == sum(kind["met"] for kind in figures.values())
