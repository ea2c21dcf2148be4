"""Personas and builders shared by every app's tests.

Centre A is OPS Ochota, centre B is OPS Bemowo. In A: Anna is the social worker responsible for
the families built here, Sam is another social worker, Helena is the head, Adam and Agata are
family assistants, Stefan is staff, Ada is the administrator. In B: Bożena (social worker),
Bartosz (head) and Borys (assistant).
"""

import datetime
import json
import re
from io import StringIO

import factory
import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.db.models import QuerySet
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from assistants.models import AssistantProfile, DecisionOutcome
from assistants.services import lifecycle as lifecycle_services
from cases import services
from cases.models import AnalysisConclusion, ConsentBasis, Family, FamilyRole
from familysupport import deadlines
from familysupport.models import Centre, Role, User
from familysupport.steps import CONFIRMED, CONFIRMED_VALUE
from tools.demo.scans import scan_pdf  # noqa: F401  (the tests attach it)

PASSWORD = "Test-haslo-2026!"
# Password hashing is slow by design; tests do not need it to be.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"OPS {n}")
    code = factory.Sequence(lambda n: f"C{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="pl_PL")
    last_name = factory.Faker("last_name", locale="pl_PL")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, roles, **kwargs):
        if roles:
            # Transactional tests flush the roles the migration made; make them again if so.
            self.groups.set([Group.objects.get_or_create(name=role)[0] for role in roles])
            if Role.FAMILY_ASSISTANT in roles:
                AssistantProfile.objects.get_or_create(user=self, defaults={"centre": self.centre})


def person(username: str, centre: Centre, *roles: str) -> User:
    user = UserFactory(username=username, centre=centre, roles=list(roles))
    return User.objects.get(pk=user.pk)  # fresh: no cached roles


@pytest.fixture
def centre_a(db) -> Centre:
    return CentreFactory(code="OCH", name="OPS Ochota")


@pytest.fixture
def centre_b(db) -> Centre:
    return CentreFactory(code="BEM", name="OPS Bemowo")


@pytest.fixture
def anna(centre_a) -> User:
    return person("anna", centre_a, Role.SOCIAL_WORKER)


@pytest.fixture
def sam(centre_a) -> User:
    return person("sam", centre_a, Role.SOCIAL_WORKER)


@pytest.fixture
def helena(centre_a) -> User:
    return person("helena", centre_a, Role.HEAD)


@pytest.fixture
def adam(centre_a) -> User:
    return person("adam", centre_a, Role.FAMILY_ASSISTANT)


@pytest.fixture
def agata(centre_a) -> User:
    return person("agata", centre_a, Role.FAMILY_ASSISTANT)


@pytest.fixture
def stefan(centre_a) -> User:
    return person("stefan", centre_a, Role.STAFF)


@pytest.fixture
def ada(centre_a) -> User:
    return person("ada", centre_a, Role.ADMIN)


@pytest.fixture
def bozena(centre_b) -> User:
    return person("bozena", centre_b, Role.SOCIAL_WORKER)


@pytest.fixture
def bartosz(centre_b) -> User:
    return person("bartosz", centre_b, Role.HEAD)


@pytest.fixture
def borys(centre_b) -> User:
    return person("borys", centre_b, Role.FAMILY_ASSISTANT)


def confirm(client, url: str, data: dict | None = None, **kwargs):
    """Press the confirm button of an irreversible step's confirm page (familysupport.steps):
    the step's own form data, as the page carries it, with the confirmation."""
    return client.post(url, {**(data or {}), CONFIRMED: CONFIRMED_VALUE}, **kwargs)


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


FAMILY_DATA = {
    "name": "Rodzina Nowak",
    "street": "ul. Grójecka 5",
    "postal_code": "02-021",
    "city": "Warszawa",
    "blue_card": False,
}
INTERVIEW_DATA = {
    "conducted_on": None,
    "place": "mieszkanie rodziny",
    "present": "Matka, dzieci",
    "composition": "Matka i dwoje dzieci",
    "housing": "Dwa pokoje",
    "income": "Zasiłek rodzinny",
    "health": "Zdrowi",
    "work_education": "Matka bez pracy",
    "care_upbringing": "Trudności wychowawcze",
    "problems": ["helplessness"],
    "problems_description": "Bezradność",
    "needs": "Wsparcie",
    "diagnosis": "Potrzebny asystent rodziny",
}
STAGES = ("reported", "interviewed", "analysed", "consented", "requested", "submitted", "assigned")


def build_family(
    worker: User,
    *,
    stage: str = "reported",
    head: User | None = None,
    assistant: User | None = None,
    basis: str = ConsentBasis.CONSENT,
    urgent: bool = False,
    name: str = "Rodzina Nowak",
    received_on=None,
):
    """A family carried along the path through the services, up to `stage`.

    Returns the family; the objects made on the way are reachable from it.
    """
    family = services.family_register(
        actor=worker,
        family={**FAMILY_DATA, "name": name},
        report={
            "received_on": received_on or days_ago(5),
            "source": "school",
            "description": "Zgłoszenie ze szkoły",
            "urgent": urgent,
            "intervention": "Interwencja" if urgent else "",
        },
    )
    services.member_add(
        actor=worker,
        family=family,
        data={
            "first_name": "Ola",
            "last_name": name.split()[-1],
            "role": FamilyRole.CHILD,
            "birth_date": datetime.date(2015, 3, 1),
            "pesel": "",
            "parental_authority": "",
            "in_foster_care": False,
        },
    )
    if stage == "reported":
        return family
    interview = services.interview_start(actor=worker, family=family)
    services.interview_save_draft(
        actor=worker, interview=interview, data={**INTERVIEW_DATA, "conducted_on": days_ago(2)}
    )
    services.interview_sign(actor=worker, interview=interview)
    if stage == "interviewed":
        return family
    services.analysis_record(
        actor=worker,
        family=family,
        conclusion=AnalysisConclusion.ASSISTANT,
        support_forms=[],
        justification="Potrzebny asystent",
    )
    if stage == "analysed":
        return family
    consent = services.consent_record(actor=worker, family=family, data=basis_data(basis))
    if stage == "consented":
        return family
    request = services.assignment_request_create(
        actor=worker, family=family, consent=consent, justification="Wniosek"
    )
    if stage == "requested":
        return family
    services.assignment_request_submit(actor=worker, request=request)
    if stage == "submitted":
        return family
    lifecycle_services.assignment_request_decide(
        actor=head, request=request, outcome=DecisionOutcome.ASSIGN, assistant=assistant.assistant_profile
    )
    family.refresh_from_db()
    return family


def basis_data(basis: str = ConsentBasis.CONSENT) -> dict:
    data = {
        "basis": basis,
        "given_on": days_ago(1),
        "given_by": "",
        "form": "",
        "court": "",
        "case_signature": "",
        "notes": "",
        "scan": None,
    }
    if basis == ConsentBasis.CONSENT:
        data.update(given_by="Matka", form="written")
    if basis == ConsentBasis.COURT:
        data.update(court="Sąd Rejonowy dla Warszawy-Mokotowa", case_signature="III Nsm 1/26")
    return data


@pytest.fixture
def family_builder():
    return build_family


@pytest.fixture
def client_for(client):
    """A test client logged in as the given user."""

    def login(user: User):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def session_renewed_every_20_minutes(settings):
    """A test's requests are seconds or minutes apart on a busy machine: the session's renewal,
    once a minute in production, would write it now and then, and the query counts of pages would
    vary with the machine's speed. Still within the 30 minutes, so a long crawl keeps its session;
    the tests of the idle limit set the minute themselves."""
    settings.SESSION_RENEW_SECONDS = 20 * 60


@pytest.fixture(autouse=True)
def two_factor_not_enforced(settings):
    """Tests log in with the password alone; the two-factor tests switch enforcement on themselves."""
    settings.TWO_FACTOR_ENFORCED = False


def _family_path(model, depth: int = 0) -> str | None:
    """The lookup from `model` to the id of its family (cases.Family), through its foreign keys."""
    if model is Family:
        return "pk"
    if depth == 3:
        return None
    for field in model._meta.concrete_fields:
        if field.many_to_one or field.one_to_one:
            further = _family_path(field.related_model, depth + 1)
            if further is not None:
                return field.name if further == "pk" else f"{field.name}__{further}"
    return None


def _touched_families(queryset: QuerySet) -> list[int] | None:
    """The families whose rows `queryset` holds, or None when its rows are no family's (a centre)."""
    path = _family_path(queryset.model)
    return None if path is None else list(queryset.values_list(path, flat=True))


def rewrite(queryset: QuerySet, **values) -> int:
    """Rewrite rows behind the services' back (to move a date, to plant a text). The touched families'
    deadlines are stored anew from the rules, as a service's step would (a centre's: all of it)."""
    families = _touched_families(queryset)
    centres = list(queryset.values_list("pk", flat=True)) if queryset.model is Centre else []
    rows = queryset.update(**values)
    if families is not None:
        deadlines.refresh_families([*families, *_touched_families(queryset)])
    for centre in Centre.objects.filter(pk__in=centres):
        deadlines.recompute(centre=centre)
    return rows


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> dict:
    """The demo data (`seed_demo`), built once for the module's tests; returns its manifest.

    It is built inside a transaction that is rolled back after the module's last test, so no
    other module sees it; each test (with `db`) runs in a savepoint of its own inside it, so no
    test sees what another changed. Tests of such a module must not be transactional: their
    flush would empty the demo for the rest of the module. The database is reachable only while
    the demo is built and rolled back, and in the tests that ask for it.
    """
    path = tmp_path_factory.mktemp("demo") / "manifest.json"
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                call_command("seed_demo", manifest=path, stdout=StringIO())
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield json.loads(path.read_text())
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def whole_family_page(client, family_id: int) -> str:
    """Every section of the family page the client's user is offered (its section nav), as one
    text: what the page shows and offers in all. Each section must answer 200."""
    address = reverse("cases:family_detail", args=[family_id])
    first = client.get(address)
    assert first.status_code == 200, first.status_code
    pages = [first.content.decode()]
    for section in dict.fromkeys(re.findall(re.escape(address) + r"\?section=([\w-]+)", pages[0])):
        response = client.get(f"{address}?section={section}")
        assert response.status_code == 200, section
        pages.append(response.content.decode())
    return "\n".join(pages)
