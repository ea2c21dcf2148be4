"""Lost updates: every record people edit carries a version. A save from a form drawn from an older
version is refused with what was saved meanwhile, the user's input stays on the form, and sending
it again is a deliberate save over the new version. Neither person loses anything.

The mechanism is shown on the family's data (cases.forms.FamilyForm through `call_service`); the
table at the end refuses a stale save of every kind of record people edit.
"""

import datetime
import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.db.models import F
from django.urls import reverse
from django.utils import translation

from assistants.services import assessments as assessment_services
from assistants.services import court as court_services
from assistants.services import lifecycle as lifecycle_services
from assistants.services import plans as plan_services
from assistants.tests.test_concurrency import run_in_parallel
from assistants.tests.test_lifecycle import PROFILE
from assistants.tests.test_plans import MARKER
from cases import services
from cases.forms import FamilyForm, InterviewForm
from cases.models import Family, Interview
from conftest import FAMILY_DATA, INTERVIEW_DATA, build_family, rewrite
from contacts import services as contacts_services
from familysupport import audit
from familysupport.forms import VersionChecked, call_service
from familysupport.models import AuditAction, AuditEvent, Versioned
from familysupport.tests.test_archived_read_only import ENTRIES, SERVICES, World
from supportfamilies import services as supportfamilies_services

NEW_NAME = "Rodzina Nowakowska"
OWN_STREET = "ul. Wolska 77"


def fresh(family: Family) -> Family:
    return Family.objects.get(pk=family.pk)


def family_form(family: Family, version: int, **changes) -> FamilyForm:
    """The family's form as one person sent it: drawn from `version`, with their own changes."""
    form = FamilyForm({**FAMILY_DATA, "lock_version": version, **changes}, instance=fresh(family))
    assert form.is_valid(), form.errors
    return form


def save(form: FamilyForm, actor) -> Family | None:
    return call_service(
        form, services.family_update, actor=actor, family=form.instance, data=form.cleaned_data
    )


@pytest.fixture
def family(anna) -> Family:
    return build_family(anna)


@pytest.fixture
def two_saves(family, anna):
    """Two people open the family's form at the same version; the first saves a new name, the
    second, not knowing, a new street: returns the second person's form after its save."""
    drawn = fresh(family).lock_version
    assert save(family_form(family, drawn, name=NEW_NAME), anna) is not None
    second = family_form(family, drawn, street=OWN_STREET)
    with translation.override("en"):
        assert save(second, anna) is None
        second.errors_shown = list(second.non_field_errors())
    return second


class TestTheStaleSave:
    def test_the_second_save_is_refused_and_the_first_stays(self, family, two_saves):
        stored = fresh(family)
        assert (stored.name, stored.street) == (NEW_NAME, FAMILY_DATA["street"])

    def test_the_refusal_says_what_was_saved_meanwhile_with_its_value(self, two_saves):
        intro, *changes, outro = two_saves.errors_shown
        assert intro.startswith("Someone saved this record after you opened the form")
        assert changes == [f"Family name — saved now: {NEW_NAME}"]
        assert outro.startswith("Your own text is still on the form below.")

    def test_the_users_own_input_stays_on_the_form(self, two_saves):
        assert two_saves["street"].value() == OWN_STREET
        assert two_saves["name"].value() == FAMILY_DATA["name"]

    def test_the_refused_form_now_carries_the_version_saved(self, family, two_saves):
        assert two_saves["lock_version"].value() == str(fresh(family).lock_version)

    def test_sending_it_again_saves_over_the_new_version(self, family, anna, two_saves):
        again = FamilyForm(two_saves.data, instance=fresh(family))
        assert again.is_valid()
        assert save(again, anna) is not None
        stored = fresh(family)
        assert (stored.name, stored.street) == (FAMILY_DATA["name"], OWN_STREET)

    def test_the_refusal_is_noted_in_the_audit_record_with_identifiers_only(self, family, anna, two_saves):
        saved = fresh(family).lock_version
        refused = AuditEvent.objects.get(details__outcome="refused_stale")
        assert (refused.actor, refused.action, refused.object_id) == (
            anna,
            AuditAction.UPDATE,
            str(family.pk),
        )
        assert refused.family_id == family.pk
        assert refused.details == {
            "outcome": "refused_stale",
            "form_version": saved - 1,
            "saved_version": saved,
        }

    def test_the_refused_save_changes_nothing_in_the_audit_record(self, family, two_saves):
        changes = AuditEvent.objects.filter(object_type="cases.family", action=AuditAction.UPDATE)
        assert [event.details.get("fields") for event in changes.order_by("id")] == [["name"], None]

    def test_the_message_is_in_polish(self, family, anna):
        drawn = fresh(family).lock_version
        save(family_form(family, drawn, name=NEW_NAME), anna)
        second = family_form(family, drawn, street=OWN_STREET)
        save(second, anna)
        shown = list(second.non_field_errors())
        assert shown[0].startswith("Ktoś zapisał te dane po otwarciu")
        assert f"Nazwa rodziny — zapisane teraz: {NEW_NAME}" in shown


class TestNoConflict:
    def test_a_form_drawn_from_the_version_saved_is_saved(self, family, anna):
        assert save(family_form(family, fresh(family).lock_version, name=NEW_NAME), anna) is not None
        assert fresh(family).name == NEW_NAME

    def test_an_old_form_that_would_change_nothing_is_no_conflict(self, family, anna):
        drawn = fresh(family).lock_version
        save(family_form(family, drawn, name=NEW_NAME), anna)
        same = family_form(family, drawn, name=NEW_NAME)
        assert save(same, anna) is not None
        assert not AuditEvent.objects.filter(details__outcome="refused_stale").exists()

    def test_each_save_raises_the_version_by_one(self, family, anna):
        drawn = fresh(family).lock_version
        save(family_form(family, drawn, name=NEW_NAME), anna)
        save(family_form(family, drawn + 1, street=OWN_STREET), anna)
        assert fresh(family).lock_version == drawn + 2


class TestTheSavePath:
    def test_the_conditional_update_refuses_a_row_changed_behind_the_callers_back(self, family, anna):
        # Two copies read at the same version, neither locked: the database row decides.
        first, second = fresh(family), fresh(family)
        audit.save_changes(
            actor=anna,
            target=first,
            data={"name": NEW_NAME},
            fields=("name",),
            expected_version=first.lock_version,
        )
        with pytest.raises(audit.StaleVersion) as refused:
            audit.save_changes(
                actor=anna,
                target=second,
                data={"street": OWN_STREET},
                fields=("street",),
                expected_version=second.lock_version,
            )
        assert fresh(family).street == FAMILY_DATA["street"]
        assert second.name == NEW_NAME  # the refused copy now shows what is saved
        assert refused.value.current == first.lock_version

    def test_a_save_without_a_version_is_not_checked(self, family, anna):
        rewrite(Family.objects.filter(pk=family.pk), lock_version=F("lock_version") + 5)
        audit.save_changes(actor=anna, target=fresh(family), data={"name": NEW_NAME}, fields=("name",))
        assert fresh(family).name == NEW_NAME

    def test_the_values_are_shown_as_a_person_reads_them(self, anna):
        interview = services.interview_start(actor=anna, family=build_family(anna, stage="reported"))
        drawn = Interview.objects.get(pk=interview.pk).lock_version
        services.interview_save_draft(
            actor=anna,
            interview=interview,
            data={**INTERVIEW_DATA, "conducted_on": datetime.date(2026, 11, 30), "health": ""},
            version=drawn,
        )
        with translation.override("en"), pytest.raises(audit.StaleVersion) as refused:
            services.interview_save_draft(
                actor=anna, interview=interview, data={"needs": "Inne potrzeby"}, version=drawn
            )
        shown = refused.value.messages
        assert "Date of the interview — saved now: 30.11.2026" in shown
        assert "Problems — saved now: helplessness in care and upbringing" in shown
        assert "Place — saved now: mieszkanie rodziny" in shown

    def test_the_goals_of_a_plan_are_part_of_its_version(self, world):
        kwargs = CALLS["assistants.services.plans.work_plan_save"](world)
        plan = kwargs["plan"]
        drawn = stored(plan).lock_version
        plan_services.work_plan_save(**kwargs, version=drawn)  # the first tab adds the goal
        with translation.override("en"), pytest.raises(audit.StaleVersion) as refused:
            plan_services.work_plan_save(
                **{**kwargs, "data": {**kwargs["data"], "child_help_plan": "Inny"}, "goals": []},
                version=drawn,
            )
        assert f"Goals — saved now: {MARKER}" in refused.value.messages
        assert [goal.goal for goal in stored(plan).goals.all()] == [MARKER]


class TestEveryEditForm:
    def test_every_form_of_a_versioned_record_checks_its_version(self):
        modelforms = [
            form
            for config in apps.get_app_configs()
            if config.name in ("cases", "monitoring", "assistants", "supportfamilies")
            for _, form in inspect.getmembers(
                importlib.import_module(f"{config.name}.forms"), inspect.isclass
            )
            if issubclass(form, forms.ModelForm) and form is not forms.ModelForm
        ]
        versioned = [form for form in modelforms if issubclass(form._meta.model, Versioned)]
        assert len(versioned) >= 10
        assert [form.__name__ for form in versioned if not issubclass(form, VersionChecked)] == []

    def test_the_hidden_field_carries_the_version_of_the_record(self, family, anna):
        save(family_form(family, fresh(family).lock_version, name=NEW_NAME), anna)
        form = FamilyForm(instance=fresh(family))
        assert 'name="lock_version"' in str(form["lock_version"])
        assert form["lock_version"].value() == fresh(family).lock_version

    def test_the_interview_form_carries_it_too(self, anna):
        interview = services.interview_start(actor=anna, family=build_family(anna, stage="reported"))
        assert InterviewForm(instance=interview)["lock_version"].value() == interview.lock_version


# Every kind of record people edit: its service, the keyword of the record, and how the table
# builds a call that saves a change (the archived-case table's entries, which do).
EDITS = {
    "cases.services.family_update": "family",
    "cases.services.member_update": "member",
    "cases.services.interview_save_draft": "interview",
    "cases.services.assignment_request_update": "request",
    "assistants.services.lifecycle.assistant_profile_update": "profile",
    "assistants.services.plans.work_plan_save": "plan",
    # A goal is part of its plan's version: the record is the goal's plan.
    "assistants.services.plans.plan_goal_add": "plan",
    "assistants.services.plans.plan_goal_update": "goal.plan",
    "assistants.services.plans.plan_goal_remove": "goal.plan",
    "assistants.services.plans.visit_update": "visit",
    "assistants.services.assessments.assessment_update": "assessment",
    "assistants.services.court.court_opinion_save": "opinion",
    "supportfamilies.services.support_family_update": "support_family",
    "supportfamilies.services.contract_update": "contract",
    "contacts.services.contact_update": "contact",
    "contacts.services.note_update": "note",
}
CALLS = {
    **{name: ENTRIES[name] for name in EDITS if name in ENTRIES},
    "assistants.services.lifecycle.assistant_profile_update": lambda w: {
        "actor": w.helena,
        "profile": w.adam.assistant_profile,
        "data": PROFILE,
    },
}
EDIT_MODULES = [services, lifecycle_services, plan_services, assessment_services, court_services]
EDIT_MODULES.append(supportfamilies_services)
EDIT_MODULES.append(contacts_services)


def record_of(kwargs: dict, path: str) -> Versioned:
    """The record a service's call edits: a keyword argument, or an attribute of one (`goal.plan`)."""
    name, *attributes = path.split(".")
    record = kwargs[name]
    for attribute in attributes:
        record = getattr(record, attribute)
    return record


def test_every_service_that_saves_changes_is_in_the_table():
    saving = {
        f"{module.__name__}.{name}"
        for module in EDIT_MODULES
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and "save_changes(" in inspect.getsource(function)
    }
    assert saving == set(EDITS)
    assert set(CALLS) == set(EDITS)


@pytest.fixture
def world(anna, sam, helena, adam, stefan, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    return World(anna=anna, helena=helena, adam=adam, stefan=stefan)


def stored(record: Versioned) -> Versioned:
    return type(record)._default_manager.get(pk=record.pk)


@pytest.mark.parametrize("name", sorted(EDITS))
def test_a_stale_form_of_every_record_is_refused(world, name):
    kwargs = CALLS[name](world)
    record = record_of(kwargs, EDITS[name])
    before = stored(record)
    drawn = before.lock_version
    # Someone saves the record after this form was drawn.
    rewrite(type(record)._default_manager.filter(pk=record.pk), lock_version=F("lock_version") + 1)
    with pytest.raises(audit.StaleVersion):
        SERVICES_AND_PROFILE[name](**kwargs, version=drawn)
    after = stored(record)
    assert after.lock_version == drawn + 1
    assert [getattr(after, f.attname) for f in after._meta.concrete_fields] == [
        getattr(before, f.attname) if f.name != "lock_version" else drawn + 1
        for f in before._meta.concrete_fields
    ]


@pytest.mark.parametrize("name", sorted(EDITS))
def test_the_same_form_drawn_from_the_version_saved_is_saved(world, name):
    kwargs = CALLS[name](world)
    record = record_of(kwargs, EDITS[name])
    drawn = stored(record).lock_version
    SERVICES_AND_PROFILE[name](**kwargs, version=drawn)
    assert stored(record).lock_version == drawn + 1


SERVICES_AND_PROFILE = {
    **SERVICES,
    "assistants.services.lifecycle.assistant_profile_update": lifecycle_services.assistant_profile_update,
}


class TestTwoTabsOnOneInterviewDraft:
    """The case of the report: two tabs open the same draft; the second save no longer empties
    what the first wrote."""

    @pytest.fixture
    def draft(self, anna) -> Interview:
        return services.interview_start(actor=anna, family=build_family(anna, stage="reported"))

    def post(self, client, draft, version, **sections):
        url = reverse("cases:interview_edit", args=[draft.family_id, draft.pk])
        return client.post(url, {"lock_version": version, "save": "", **sections})

    def version_on(self, page: str) -> str:
        return page.split('name="lock_version"')[1].split('value="')[1].split('"')[0]

    def test_the_page_draws_the_form_with_the_drafts_version(self, client, anna, draft):
        client.force_login(anna)
        page = client.get(reverse("cases:interview_edit", args=[draft.family_id, draft.pk]))
        assert self.version_on(page.content.decode()) == str(draft.lock_version)

    def test_the_second_tab_is_refused_and_shows_both_versions(self, client, anna, draft):
        client.force_login(anna)
        drawn = draft.lock_version
        first = self.post(client, draft, drawn, place="Mieszkanie rodziny", present="Matka, Ola")
        assert first.status_code == 302
        second = self.post(client, draft, drawn, housing="Dwa pokoje, wilgoć")
        assert second.status_code == 200
        page = second.content.decode()
        assert "Ktoś zapisał te dane po otwarciu przez Ciebie formularza" in page
        assert "Miejsce — zapisane teraz: Mieszkanie rodziny" in page
        assert "Osoby obecne — zapisane teraz: Matka, Ola" in page
        assert "Dwa pokoje, wilgoć</textarea>" in page  # the second tab's own text, still typed
        assert self.version_on(page) == str(drawn + 1)
        stored = Interview.objects.get(pk=draft.pk)
        assert (stored.place, stored.present, stored.housing) == ("Mieszkanie rodziny", "Matka, Ola", "")

    def test_saving_the_second_tab_again_is_a_deliberate_save_over_the_first(self, client, anna, draft):
        client.force_login(anna)
        drawn = draft.lock_version
        self.post(client, draft, drawn, place="Mieszkanie rodziny")
        self.post(client, draft, drawn, place="Szkoła", housing="Dwa pokoje")
        again = self.post(client, draft, drawn + 1, place="Szkoła", housing="Dwa pokoje")
        assert again.status_code == 302
        stored = Interview.objects.get(pk=draft.pk)
        assert (stored.place, stored.housing) == ("Szkoła", "Dwa pokoje")


# Every edit page: where it is, and a text field of its form that a person changes.
PAGES = {
    "cases.services.family_update": (lambda r: reverse("cases:family_edit", args=[r.pk]), "name"),
    "cases.services.member_update": (
        lambda r: reverse("cases:member_edit", args=[r.family_id, r.pk]),
        "first_name",
    ),
    "cases.services.interview_save_draft": (
        lambda r: reverse("cases:interview_edit", args=[r.family_id, r.pk]),
        "housing",
    ),
    "cases.services.assignment_request_update": (
        lambda r: reverse("cases:request_edit", args=[r.family_id, r.pk]),
        "justification",
    ),
    "assistants.services.lifecycle.assistant_profile_update": (
        lambda r: reverse("assistants:assistant_profile_edit", args=[r.pk]),
        "qualification_details",
    ),
    "assistants.services.plans.work_plan_save": (
        lambda r: reverse("assistants:work_plan_edit", args=[r.family_id, r.pk]),
        "plan-child_help_plan",
    ),
    "assistants.services.plans.visit_update": (
        lambda r: reverse("assistants:visit_edit", args=[r.family_id, r.pk]),
        "activities",
    ),
    "assistants.services.assessments.assessment_update": (
        lambda r: reverse("assistants:assessment_edit", args=[r.family_id, r.pk]),
        "cooperation",
    ),
    "assistants.services.court.court_opinion_save": (
        lambda r: reverse("assistants:court_opinion_edit", args=[r.family_id, r.pk]),
        "conclusions",
    ),
    "supportfamilies.services.support_family_update": (
        lambda r: reverse("supportfamilies:support_family_edit", args=[r.pk]),
        "relation",
    ),
    "supportfamilies.services.contract_update": (
        lambda r: reverse("supportfamilies:contract_edit", args=[r.pk]),
        "scope",
    ),
    "contacts.services.contact_update": (
        lambda r: reverse("contacts:contact_edit", args=[r.family_id, r.pk]),
        "activities",
    ),
    "contacts.services.note_update": (
        lambda r: reverse("contacts:note_edit", args=[r.family_id, r.pk]),
        "text",
    ),
}


def as_sent(context) -> dict:
    """What the browser sends back of the page's forms as drawn (the form and a formset)."""
    data = {}
    for form in [context["form"], *(context.get("goals") or [])]:
        for bound in form:
            value = bound.value()
            if isinstance(bound.field.widget, forms.CheckboxInput) and not value:
                continue
            data[bound.html_name] = "" if value is None else value
    if context.get("goals") is not None:
        data.update({bound.html_name: bound.value() for bound in context["goals"].management_form})
    return data


# The goals' forms are parts of the plan's edit page, each posting to an address of its own (with
# htmx or without): assistants/tests/test_plan_goals.py sends them stale.
ON_THE_PLANS_PAGE = {
    "assistants.services.plans.plan_goal_add",
    "assistants.services.plans.plan_goal_update",
    "assistants.services.plans.plan_goal_remove",
}


def test_every_edit_page_is_in_the_table():
    assert set(PAGES) == set(EDITS) - ON_THE_PLANS_PAGE


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_edit_page_refuses_its_stale_form(world, client, name):
    kwargs = CALLS[name](world)
    SERVICES_AND_PROFILE[name](**kwargs)  # the record as the table's call leaves it
    record = stored(kwargs[EDITS[name]])
    url, field = PAGES[name]
    client.force_login(kwargs["actor"])
    drawn = client.get(url(record))
    assert drawn.status_code == 200
    sent = {**as_sent(drawn.context), field: "Tekst wpisany w drugiej karcie"}
    rewrite(type(record)._default_manager.filter(pk=record.pk), lock_version=F("lock_version") + 1)
    refused = client.post(url(record), sent)
    assert refused.status_code == 200
    assert "Ktoś zapisał te dane po otwarciu przez Ciebie formularza" in refused.content.decode()
    assert "Tekst wpisany w drugiej karcie" in refused.content.decode()
    assert stored(record).lock_version == record.lock_version + 1  # nothing written
    assert AuditEvent.objects.filter(
        object_type=record._meta.label_lower, object_id=str(record.pk), details__outcome="refused_stale"
    ).exists()
    again = client.post(
        url(record), {**sent, refused.context["form"]["lock_version"].html_name: record.lock_version + 1}
    )
    assert again.status_code == 302, again.context["form"].errors if again.context else ""
    assert stored(record).lock_version == record.lock_version + 2


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_parallel_saves_from_one_version_store_one_and_refuse_the_others(anna):
    # Six tabs send the draft at the same moment, each in its own connection: the row lock and the
    # conditional update let one through; the others are told what it saved.
    draft = services.interview_start(actor=anna, family=build_family(anna, stage="reported"))
    drawn = draft.lock_version
    places = [f"Miejsce {n}" for n in range(6)]
    outcomes = run_in_parallel(
        [
            lambda place=place: services.interview_save_draft(
                actor=anna, interview=Interview.objects.get(pk=draft.pk), data={"place": place}, version=drawn
            )
            for place in places
        ]
    )
    assert sorted(kind for kind, _ in outcomes) == ["ok"] + ["refused"] * 5
    assert all(isinstance(error, audit.StaleVersion) for kind, error in outcomes if kind == "refused")
    stored_draft = Interview.objects.get(pk=draft.pk)
    assert stored_draft.place == next(result.place for kind, result in outcomes if kind == "ok")
    assert stored_draft.lock_version == drawn + 1
