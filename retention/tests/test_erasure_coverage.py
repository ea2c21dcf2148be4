"""Every personal text and file of a case is named by the eraser of the app that owns it: a new
field or model of a case app fails here until its app says whether the disposal erases it."""

from django.apps import apps
from django.db import models

from familysupport import registry
from familysupport.tests.test_layers import FOUNDATION, LAYERS, TOP

# The apps whose models hold cases: every layer between the foundation and the overview but this one.
CASE_APPS = [app for app in LAYERS if app not in (FOUNDATION, TOP, "retention")]


def erasers():
    return registry.contributions(registry.CASE_ERASERS)


def free_text_fields(model):
    """The fields a person can type or upload anything into (a choice is a code, not a text)."""
    return {
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField, models.FileField, models.JSONField))
        and not field.choices
    }


def test_every_case_app_declares_its_eraser():
    assert sorted(eraser.app for eraser in erasers()) == sorted(CASE_APPS)


def test_every_model_of_a_case_app_with_free_text_is_erased_or_holds_no_case():
    parts = {part.model: part for eraser in erasers() for part in eraser.parts}
    outside = {model for eraser in erasers() for model in eraser.outside_cases}
    missing = [
        model._meta.label
        for app in CASE_APPS
        for model in apps.get_app_config(app).get_models()
        if free_text_fields(model) and model not in parts and model not in outside
    ]
    assert missing == []
    assert not set(parts) & outside


def test_every_free_text_and_file_of_a_case_is_erased_or_kept_on_purpose():
    uncovered = []
    for eraser in erasers():
        for part in eraser.parts:
            assert part.model._meta.app_label == eraser.app, part.model  # each app owns its own fields
            declared = set(part.erase) | set(part.keep)
            assert not set(part.erase) & set(part.keep), part.model
            assert declared <= {field.name for field in part.model._meta.concrete_fields}, part.model
            uncovered += [
                f"{part.model._meta.label}.{name}" for name in free_text_fields(part.model) - declared
            ]
    assert uncovered == []


def test_every_part_reaches_its_family(db):
    for eraser in erasers():
        for part in eraser.parts:
            assert list(part.model._default_manager.filter(**{part.family: 0})) == []


def test_nothing_a_person_types_about_a_family_is_kept_unless_said_why():
    """The kept texts are identifiers, institutions and codes: the list is short and read here."""
    kept = sorted(
        f"{part.model._meta.label}.{name}"
        for eraser in erasers()
        for part in eraser.parts
        for name in part.keep
    )
    assert kept == [
        "assistants.CourtOpinion.pdf_sha256",
        "assistants.CourtRequest.court",
        "assistants.CourtRequest.division",
        "assistants.Decision.entity",
        "cases.Analysis.support_forms",
        "cases.Family.reference",
        "cases.Interview.problems",
        "institutions.Letter.reference",
        "supportfamilies.Contract.categories",
        "supportfamilies.Contract.number",
        "supportfamilies.Invoice.number",
        "supportfamilies.SupportFamily.authorisation",
        "supportfamilies.SupportFamily.help_forms",
        "supportfamilies.SupportFamily.scope",
    ]
