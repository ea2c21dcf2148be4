"""The documentation of work (visits and contacts, art. 15 ust. 1 pkt 15) and the assistant's month."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from assistants.models import Assignment, Visit, VisitKind
from assistants.selectors import plans as plan_selectors
from assistants.services import lifecycle as lifecycle_services
from assistants.services import plans as plan_services
from assistants.tests.test_plans import embedded_fonts, text_of
from conftest import build_family, days_ago, rewrite
from familysupport.models import AuditAction, AuditEvent

TODAY = timezone.localdate
MARKER = "Zażółć gęślą jaźń"


def visit_data(**changes) -> dict:
    return {
        "date": TODAY(),
        "kind": VisitKind.HOME,
        "place": "mieszkanie rodziny",
        "duration_minutes": 90,
        "present": "Matka, Ola",
        "activities": MARKER,
        "tasks_until_next": "Matka umówi wizytę w poradni",
        **changes,
    }


def start_back(family, days: int) -> None:
    rewrite(Assignment.objects.filter(family=family, ended_on__isnull=True), started_on=days_ago(days))


@pytest.fixture(autouse=True)
def english():
    """The refusals are matched by their English source text, whatever translations exist."""
    with translation.override("en"):
        yield


@pytest.fixture
def family(anna, helena, adam):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    start_back(family, 60)
    return family


# The services.


class TestRecord:
    def test_the_assistant_documents_a_visit(self, family, adam):
        visit = plan_services.visit_record(actor=adam, family=family, data=visit_data())
        assert (visit.assistant, visit.assignment, visit.duration_minutes) == (
            adam,
            family.assignments.get(),
            90,
        )
        event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="assistants.visit")
        assert event.object_id == str(visit.pk) and event.family_id == family.pk and event.details == {}

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"date": TODAY() + datetime.timedelta(days=1)}, "date"),
            ({"date": days_ago(61)}, "date"),
            ({"kind": "letter"}, "kind"),
            ({"duration_minutes": 1}, "duration_minutes"),
            ({"duration_minutes": 721}, "duration_minutes"),
            ({"activities": "  "}, "activities"),
        ],
    )
    def test_a_bad_record_is_refused(self, family, adam, changes, field):
        with pytest.raises(ValidationError) as error:
            plan_services.visit_record(actor=adam, family=family, data=visit_data(**changes))
        assert field in error.value.error_dict
        assert not Visit.objects.exists()

    @pytest.mark.parametrize("persona", ["agata", "anna", "helena", "borys"])
    def test_only_the_active_assistant_records_visits(self, request, family, persona):
        with pytest.raises(PermissionDenied):
            plan_services.visit_record(
                actor=request.getfixturevalue(persona), family=family, data=visit_data()
            )
        assert not Visit.objects.exists()


class TestUpdate:
    def test_the_author_corrects_the_record(self, family, adam):
        visit = plan_services.visit_record(actor=adam, family=family, data=visit_data())
        plan_services.visit_update(
            actor=adam, visit=visit, data=visit_data(duration_minutes=60, place="szkoła")
        )
        visit.refresh_from_db()
        assert (visit.duration_minutes, visit.place) == (60, "szkoła")
        event = AuditEvent.objects.get(
            action=AuditAction.UPDATE, object_type="assistants.visit", object_id=str(visit.pk)
        )
        assert sorted(event.details["fields"]) == ["duration_minutes", "place"]

    def test_the_correction_keeps_the_rules(self, family, adam):
        visit = plan_services.visit_record(actor=adam, family=family, data=visit_data())
        with pytest.raises(ValidationError):
            plan_services.visit_update(
                actor=adam, visit=visit, data=visit_data(date=TODAY() + datetime.timedelta(days=2))
            )
        visit.refresh_from_db()
        assert visit.date == TODAY()

    def test_after_a_handover_neither_the_old_nor_the_new_assistant_changes_it(
        self, family, adam, agata, helena
    ):
        visit = plan_services.visit_record(actor=adam, family=family, data=visit_data())
        lifecycle_services.assignment_reassign(actor=helena, family=family, assistant=agata.assistant_profile)
        for actor in (adam, agata):
            with pytest.raises(PermissionDenied):
                plan_services.visit_update(actor=actor, visit=visit, data=visit_data(place="inne"))
        visit.refresh_from_db()
        assert visit.place == "mieszkanie rodziny"

    def test_a_visit_of_an_earlier_assignment_stays_as_it_was(self, family, adam, agata, helena):
        visit = plan_services.visit_record(actor=adam, family=family, data=visit_data())
        lifecycle_services.assignment_reassign(actor=helena, family=family, assistant=agata.assistant_profile)
        lifecycle_services.assignment_reassign(actor=helena, family=family, assistant=adam.assistant_profile)
        with pytest.raises(ValidationError, match="earlier assignment"):
            plan_services.visit_update(actor=adam, visit=visit, data=visit_data(place="inne"))


# The pages.


class TestFamilyPage:
    @pytest.mark.parametrize("persona", ["adam", "anna", "helena"])
    def test_visits_are_listed_newest_first(self, client, request, family, adam, persona):
        plan_services.visit_record(
            actor=adam, family=family, data=visit_data(date=days_ago(10), activities="Starsza")
        )
        plan_services.visit_record(
            actor=adam, family=family, data=visit_data(date=days_ago(1), activities="Nowsza")
        )
        client.force_login(request.getfixturevalue(persona))
        response = client.get(reverse("cases:family_detail", args=[family.pk]) + "?section=plan")
        assert [visit.activities for visit in response.context["plans"]["visits"]] == ["Nowsza", "Starsza"]
        content = response.content.decode()
        assert content.index("Nowsza") < content.index("Starsza")
        edit = reverse("assistants:visit_edit", args=[family.pk, family.visits.first().pk])
        assert (edit in content) == (persona == "adam")


class TestAddView:
    def url(self, family):
        return reverse("assistants:visit_add", args=[family.pk])

    def post(self, **changes) -> dict:
        data = visit_data(**changes)
        return {
            key: value.isoformat() if isinstance(value, datetime.date) else value
            for key, value in data.items()
        }

    def test_the_assistant_records_a_visit(self, client, family, adam):
        client.force_login(adam)
        assert client.get(self.url(family)).status_code == 200
        response = client.post(self.url(family), self.post())
        assert response["Location"] == reverse("assistants:visit_list", args=[family.pk])
        assert family.visits.get().activities == MARKER

    def test_back_and_send_again_records_one_visit(self, client, family, adam):
        """The same rendered form sent twice (Back and submit, a double click) adds nothing."""
        client.force_login(adam)
        token = client.get(self.url(family)).context["form"]["submission"].value()
        first = client.post(self.url(family), {**self.post(), "submission": token})
        again = client.post(self.url(family), {**self.post(), "submission": token}, follow=True)
        assert family.visits.count() == 1
        assert again.redirect_chain[-1][0] == first["Location"]
        assert "Nic nie zostało dodane dwa razy" in again.content.decode()  # the page speaks Polish
        assert client.post(self.url(family), {**self.post(), "submission": ""}).status_code == 302
        assert family.visits.count() == 2  # a form drawn anew is another visit

    def test_a_refusal_is_shown_beside_the_field(self, client, family, adam):
        client.force_login(adam)
        response = client.post(self.url(family), self.post(date=days_ago(61)))
        assert response.status_code == 200 and response.context["form"].errors["date"]
        response = client.post(self.url(family), self.post(date=TODAY() + datetime.timedelta(days=1)))
        assert response.context["form"].errors["date"]
        assert not family.visits.exists()

    @pytest.mark.parametrize(
        ("persona", "status"),
        [("anna", 403), ("helena", 403), ("agata", 404), ("stefan", 404), ("ada", 404), ("borys", 404)],
    )
    def test_others_are_refused(self, client, request, family, persona, status):
        client.force_login(request.getfixturevalue(persona))
        assert client.get(self.url(family)).status_code == status
        assert client.post(self.url(family), self.post()).status_code == status
        assert not family.visits.exists()


class TestEditView:
    def url(self, visit):
        return reverse("assistants:visit_edit", args=[visit.family_id, visit.pk])

    def test_the_author_corrects_the_record(self, client, family, adam):
        visit = plan_services.visit_record(actor=adam, family=family, data=visit_data())
        client.force_login(adam)
        assert client.get(self.url(visit)).status_code == 200
        response = client.post(self.url(visit), TestAddView().post(duration_minutes=45))
        assert response.status_code == 302
        visit.refresh_from_db()
        assert visit.duration_minutes == 45

    def test_the_new_assistant_may_not_correct_the_previous_ones_record(
        self, client, family, adam, agata, helena
    ):
        visit = plan_services.visit_record(actor=adam, family=family, data=visit_data())
        lifecycle_services.assignment_reassign(actor=helena, family=family, assistant=agata.assistant_profile)
        client.force_login(agata)
        assert client.get(self.url(visit)).status_code == 403
        assert client.post(self.url(visit), TestAddView().post(duration_minutes=45)).status_code == 403

    @pytest.mark.parametrize(
        ("persona", "status"),
        [("anna", 403), ("helena", 403), ("agata", 404), ("stefan", 404), ("borys", 404)],
    )
    def test_others_are_refused(self, client, request, family, adam, persona, status):
        visit = plan_services.visit_record(actor=adam, family=family, data=visit_data())
        client.force_login(request.getfixturevalue(persona))
        assert client.post(self.url(visit), TestAddView().post(duration_minutes=45)).status_code == status
        visit.refresh_from_db()
        assert visit.duration_minutes == 90


class TestListView:
    def url(self, family):
        return reverse("assistants:visit_list", args=[family.pk])

    @pytest.mark.parametrize("persona", ["adam", "anna", "helena"])
    def test_the_documentation_is_read_by_those_who_work_with_the_family(
        self, client, request, family, adam, persona
    ):
        plan_services.visit_record(actor=adam, family=family, data=visit_data())
        client.force_login(request.getfixturevalue(persona))
        response = client.get(self.url(family))
        assert response.status_code == 200 and MARKER in response.content.decode()

    @pytest.mark.parametrize("persona", ["agata", "sam", "stefan", "ada", "bozena", "bartosz"])
    def test_others_do_not_see_it(self, client, request, family, persona):
        client.force_login(request.getfixturevalue(persona))
        assert client.get(self.url(family)).status_code == 404


# The assistant's month.


@pytest.mark.parametrize(
    ("value", "expected", "understood"),
    [
        ("2026-03", datetime.date(2026, 3, 1), True),
        ("", None, True),
        ("2026-13", None, False),
        ("marzec", None, False),
        ("1999-12", None, False),
        ("9999-12", None, False),
    ],
)
def test_the_month_is_read_from_yyyy_mm(value, expected, understood):
    month, ok = plan_selectors.parse_month(value)
    assert month == (expected or TODAY().replace(day=1)) and ok == understood


def month_of(day: datetime.date) -> str:
    return day.strftime("%Y-%m")


class TestMonth:
    url = reverse("assistants:assistant_month")

    @pytest.fixture
    def second_family(self, anna, helena, adam):
        family = build_family(anna, stage="assigned", head=helena, assistant=adam, name="Rodzina Kowalskich")
        start_back(family, 60)
        return family

    def test_hours_and_contacts_per_family_and_in_total(
        self, client, family, second_family, adam, agata, helena
    ):
        month = TODAY().replace(day=1)
        plan_services.visit_record(
            actor=adam, family=family, data=visit_data(date=month, duration_minutes=90)
        )
        plan_services.visit_record(
            actor=adam, family=family, data=visit_data(date=month, duration_minutes=30)
        )
        plan_services.visit_record(
            actor=adam, family=second_family, data=visit_data(date=month, duration_minutes=45)
        )
        plan_services.visit_record(  # the month before is not counted
            actor=adam, family=family, data=visit_data(date=month - datetime.timedelta(days=1))
        )
        client.force_login(adam)
        response = client.get(self.url)
        rows = {row["family"]: (row["contacts"], row["minutes"]) for row in response.context["rows"]}
        assert rows == {family: (2, 120), second_family: (1, 45)}
        assert (response.context["total_contacts"], response.context["total_minutes"]) == (3, 165)
        assert response.context["total_hours"] == 2.75

    def test_only_the_assistants_own_contacts_count(self, client, family, adam, agata, helena):
        plan_services.visit_record(actor=adam, family=family, data=visit_data())
        lifecycle_services.assignment_reassign(actor=helena, family=family, assistant=agata.assistant_profile)
        plan_services.visit_record(actor=agata, family=family, data=visit_data(duration_minutes=300))
        client.force_login(agata)
        rows = client.get(self.url).context["rows"]
        assert [(row["contacts"], row["minutes"]) for row in rows] == [(1, 300)]

    def test_a_family_worked_with_but_without_contacts_shows_zero(self, client, family, adam):
        client.force_login(adam)
        rows = client.get(self.url, {"month": month_of(TODAY())}).context["rows"]
        assert [(row["family"], row["contacts"]) for row in rows] == [(family, 0)]

    def test_another_month_is_chosen(self, client, family, adam):
        earlier = days_ago(40)
        plan_services.visit_record(actor=adam, family=family, data=visit_data(date=earlier))
        client.force_login(adam)
        response = client.get(self.url, {"month": month_of(earlier)})
        assert response.context["month"] == earlier.replace(day=1) and response.context["total_contacts"] == 1

    @pytest.mark.parametrize("value", ["2026-13", "xyz", "2026-02-30", "0000-01"])
    def test_a_bad_month_shows_the_current_one_with_a_message(self, client, family, adam, value):
        client.force_login(adam)
        response = client.get(self.url, {"month": value})
        assert response.status_code == 200 and response.context["month"] == TODAY().replace(day=1)
        assert "alert-warning" in response.content.decode()

    @pytest.mark.parametrize("persona", ["anna", "helena", "stefan", "ada"])
    def test_it_is_for_assistants_only(self, client, request, persona):
        client.force_login(request.getfixturevalue(persona))
        assert client.get(self.url).status_code == 403
        assert client.get(reverse("assistants:assistant_month_pdf")).status_code == 403

    def test_the_navigation_offers_it_to_assistants(self, client, adam, anna):
        client.force_login(adam)
        assert self.url in client.get(reverse("cases:family_list")).content.decode()
        client.force_login(anna)
        assert self.url not in client.get(reverse("cases:family_list")).content.decode()

    def test_the_monthly_report_pdf(self, client, family, adam, borys):
        plan_services.visit_record(actor=adam, family=family, data=visit_data(duration_minutes=90))
        client.force_login(adam)
        response = client.get(reverse("assistants:assistant_month_pdf"), {"month": month_of(TODAY())})
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(response.content))
        text = text_of(reader)
        assert family.reference in text and "Rodzina Nowak" in text and adam.get_full_name() in text
        assert "1,50" in text or "1.50" in text  # 90 minutes
        assert "OPS Ochota" in text
        assert any("DejaVu" in font for font in embedded_fonts(reader))
        event = AuditEvent.objects.get(action=AuditAction.DOWNLOAD, actor=adam)
        assert event.details == {"month": month_of(TODAY())}
        # Borys, of another centre, prints his own month: none of Adam's families are in it.
        client.force_login(borys)
        reader = PdfReader(io.BytesIO(client.get(reverse("assistants:assistant_month_pdf")).content))
        assert family.reference not in text_of(reader)
