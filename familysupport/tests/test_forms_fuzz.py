"""Whatever is typed into the main forms, the answer is the form with its messages or the saved
page: arbitrary text, dates, numbers and unicode never cause a server error."""

import datetime

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases import services
from cases.models import ConsentBasis, FamilyRole, ParentalAuthority, Problem, ReportSource
from conftest import build_family

FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

text = st.text(max_size=300)
dates = st.one_of(
    st.dates(min_value=datetime.date(1, 1, 1)).map(str),
    st.dates().map(lambda day: day.strftime("%d.%m.%Y")),
    st.integers().map(str),
    st.text(max_size=12),
)
numbers = st.one_of(st.integers().map(str), st.floats().map(str), st.text(max_size=8))
booleans = st.sampled_from(["on", "", "true", "0", "x" * 50])


def choice(values) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(list(values)), text)


def accepted(response) -> bool:
    return response.status_code in (200, 302)


@pytest.fixture
def reported_family(anna):
    return build_family(anna, stage="reported")


@given(
    data=st.fixed_dictionaries(
        {
            "family-name": text,
            "family-street": text,
            "family-postal_code": st.one_of(st.from_regex(r"\d{2}-\d{3}", fullmatch=True), text),
            "family-city": text,
            "family-blue_card": booleans,
            "report-received_on": dates,
            "report-source": choice(ReportSource.values),
            "report-description": text,
            "report-urgent": booleans,
            "report-intervention": text,
        }
    )
)
@FUZZ
def test_registering_a_family_never_fails(client, anna, data):
    client.force_login(anna)
    assert accepted(client.post(reverse("cases:family_register"), data))


@given(
    data=st.fixed_dictionaries(
        {
            "first_name": text,
            "last_name": text,
            "role": choice(FamilyRole.values),
            "birth_date": dates,
            "pesel": st.one_of(st.from_regex(r"\d{11}", fullmatch=True), numbers, text),
            "parental_authority": choice(ParentalAuthority.values),
            "in_foster_care": booleans,
        }
    )
)
@FUZZ
def test_adding_a_member_never_fails(client, anna, reported_family, data):
    client.force_login(anna)
    assert accepted(client.post(reverse("cases:member_add", args=[reported_family.pk]), data))


@pytest.fixture
def draft_interview(anna, reported_family):
    return services.interview_start(actor=anna, family=reported_family)


@given(
    data=st.fixed_dictionaries(
        {
            "conducted_on": dates,
            "place": text,
            "present": text,
            "composition": text,
            "housing": text,
            "income": text,
            "health": text,
            "work_education": text,
            "care_upbringing": text,
            "problems": st.lists(choice(Problem.values), max_size=4),
            "problems_description": text,
            "needs": text,
            "diagnosis": text,
        }
    )
)
@FUZZ
def test_saving_an_interview_never_fails(client, anna, draft_interview, data):
    client.force_login(anna)
    url = reverse("cases:interview_edit", args=[draft_interview.family_id, draft_interview.pk])
    assert accepted(client.post(url, data))


@pytest.fixture
def analysed_family(anna):
    return build_family(anna, stage="analysed")


@given(
    data=st.fixed_dictionaries(
        {
            "basis": choice(ConsentBasis.values),
            "given_on": dates,
            "given_by": text,
            "form": choice(["written", "oral", "electronic"]),
            "court": text,
            "case_signature": text,
            "notes": text,
        }
    )
)
@FUZZ
def test_recording_consent_never_fails(client, anna, analysed_family, data):
    client.force_login(anna)
    assert accepted(client.post(reverse("cases:consent_add", args=[analysed_family.pk]), data))


@given(
    data=st.fixed_dictionaries(
        {
            "family_reference": st.one_of(st.from_regex(r"OCH/20\d\d/\d{4}", fullmatch=True), text),
            "court": text,
            "division": text,
            "case_signature": text,
            "letter_date": dates,
            "received_on": dates,
            "deadline": dates,
            "request_text": text,
        }
    )
)
@FUZZ
def test_registering_a_court_letter_never_fails(client, stefan, reported_family, data):
    client.force_login(stefan)
    assert accepted(client.post(reverse("assistants:court_register_add"), data))
