"""The shape of a centre the benchmark measures: many people, and every register growing with the data.

On top of the demo (every step of the path, `tools.demo`), each centre of `size` families gets:

- 40 social workers, the demo's two among them, with caseloads 1 to 10 in proportion: at 20,000
  families per centre from about 90 to about 900 families each (the demo's `socjalny1` the
  largest, `socjalny2` the smallest), so a worker's pages are measured at the caseload that grows;
- one family assistant per 500 families (at least the demo's two), each with a full caseload
  (their cap) of active assignments and a visit every fortnight since the work started;
- one court letter and one support family's invoice per 50 families.

A city (`city_centres`) adds centres of the same shape, with their own people, to one installation.
Everything is written in bulk and topped up: a second call with a larger size adds what is
missing. Every required column is filled as the services fill it (the centre keys of reports and
interviews, the normalised search copies of names, the object rights of the assistants).
"""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Count

from assistants.models import (
    ACTIVE,
    CASELOAD_CAP,
    Assignment,
    AssistantProfile,
    CourtRequest,
    Visit,
    VisitKind,
)
from cases.models import Family, FamilyStatus, FamilyUserObjectPermission
from familysupport.models import Centre, Role, User
from supportfamilies.models import Contract, CostCategory, Invoice, InvoiceStatus
from tools.demo import DemoSeeder
from tools.demo import cases as demo_cases
from tools.demo.people import CENTRES, DEMO_PASSWORD, code_prefix

SOCIAL_WORKERS = 40
FAMILIES_PER_ASSISTANT = 500
FAMILIES_PER_COURT_LETTER = 50
FAMILIES_PER_INVOICE = 50
VISIT_EVERY_DAYS = 14
CITY_CENTRES = 10

_password: str | None = None


def _demo_password() -> str:
    global _password
    if _password is None:
        _password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow by design
    return _password


def prefix_of(code: str) -> str:
    """The login prefix of a centre's people: the demo's (`ochota`) or the city centre's code."""
    try:
        return code_prefix(code)
    except KeyError:
        return code.lower()


def _people(centre: Centre, code: str, post: str, count: int, role: str) -> list[User]:
    """`count` people of the role at the centre, `{prefix}.{post}N` (made if missing), by N."""
    group = Group.objects.get(name=role)
    prefix = prefix_of(code)
    people = []
    for n in range(1, count + 1):
        user, created = User.objects.get_or_create(
            username=f"{prefix}.{post}{n}",
            defaults={
                "first_name": post.capitalize(),
                "last_name": f"{code} {n}",
                "centre": centre,
                "email": f"{prefix}.{post}{n}@example.invalid",
                "password": _demo_password(),
            },
        )
        if created:
            user.groups.add(group)
        people.append(user)
    return people


def social_workers(centre: Centre, code: str) -> list[User]:
    """The centre's 40 social workers, the demo's `socjalny1` and `socjalny2` first."""
    return _people(centre, code, "socjalny", SOCIAL_WORKERS, Role.SOCIAL_WORKER)


def weighted(workers: list[User]) -> list[User]:
    """Each worker as often as their share of new families: the first 10 times, the second once,
    the others from 1 to 10 in between."""
    count = len(workers)
    weights = [10, 1] + [1 + round(9 * k / max(count - 3, 1)) for k in range(count - 2)]
    return [worker for worker, weight in zip(workers, weights, strict=True) for _ in range(weight)]


def assistants(centre: Centre, code: str, size: int) -> list[AssistantProfile]:
    """One assistant per FAMILIES_PER_ASSISTANT families (at least two), each with a profile."""
    count = max(2, size // FAMILIES_PER_ASSISTANT)
    users = _people(centre, code, "asystent", count, Role.FAMILY_ASSISTANT)
    profiles = []
    for user in users:
        profile, _ = AssistantProfile.objects.get_or_create(
            user=user,
            defaults={
                "centre": centre,
                "qualification_route": "degree",
                "qualification_details": "Magister pedagogiki, szkolenie asystentów rodziny.",
                "not_deprived_of_parental_authority": True,
                "meets_maintenance_duty": True,
                "not_convicted": True,
                "statements_signed_on": datetime.date(2024, 1, 15),
                "employment_form": "employment_task",
                "caseload_cap": CASELOAD_CAP,
            },
        )
        profiles.append(profile)
    return profiles


def full_caseloads(
    centre: Centre, profiles: list[AssistantProfile], head: User, today: datetime.date
) -> None:
    """Each assistant works with as many families as their cap allows: families with other forms
    of support become assigned to them, with the object right and the visits of their work."""
    active = dict(
        Assignment.objects.filter(ACTIVE, assistant__in=profiles)
        .values_list("assistant")
        .annotate(n=Count("id"))
        .values_list("assistant", "n")
    )
    wanted = {profile: profile.caseload_cap - active.get(profile.pk, 0) for profile in profiles}
    needed = sum(max(0, n) for n in wanted.values())
    if not needed:
        return
    families = list(
        Family.objects.filter(centre=centre, status=FamilyStatus.NO_ASSISTANT, assignments__isnull=True)
        .order_by("id")
        .only("id")[:needed]
    )
    rng = random.Random(f"{centre.code}-{needed}")
    assignments = []
    for profile, count in wanted.items():
        for family in families[len(assignments) : len(assignments) + max(0, count)]:
            assignments.append(
                Assignment(
                    family=family,
                    assistant=profile,
                    started_on=today - datetime.timedelta(days=rng.randint(30, 330)),
                    created_by=head,
                )
            )
    Family.objects.filter(pk__in=[a.family_id for a in assignments]).update(
        status=FamilyStatus.ASSISTANT_ASSIGNED
    )
    Assignment.objects.bulk_create(assignments, batch_size=2000)
    permission = Permission.objects.get(content_type__app_label="cases", codename="view_family")
    FamilyUserObjectPermission.objects.bulk_create(
        [
            FamilyUserObjectPermission(
                user_id=assignment.assistant.user_id,
                permission=permission,
                content_object_id=assignment.family_id,
            )
            for assignment in assignments
        ],
        batch_size=5000,
    )
    visits = [
        Visit(
            family_id=assignment.family_id,
            assignment=assignment,
            assistant=assignment.assistant.user,
            date=assignment.started_on + datetime.timedelta(days=day),
            kind=VisitKind.values[0],
            place="Mieszkanie rodziny",
            duration_minutes=90,
            present="Matka, dzieci",
            activities="Rozmowa o planie pracy, pomoc w organizacji dnia dzieci.",
        )
        for assignment in assignments
        for day in range(0, (today - assignment.started_on).days, VISIT_EVERY_DAYS)
    ]
    Visit.objects.bulk_create(visits, batch_size=5000)


def court_letters(centre: Centre, staff: User, size: int, today: datetime.date) -> None:
    """One court letter per FAMILIES_PER_COURT_LETTER families, about the assigned families, with
    deadlines from two months ago to two months ahead."""
    missing = size // FAMILIES_PER_COURT_LETTER - CourtRequest.objects.filter(centre=centre).count()
    families = list(
        Family.objects.filter(centre=centre, status=FamilyStatus.ASSISTANT_ASSIGNED).values_list(
            "id", flat=True
        )
    )
    if missing <= 0 or not families:
        return
    rng = random.Random(f"{centre.code}-court-{size}")
    letters = []
    for n in range(missing):
        received = today - datetime.timedelta(days=rng.randint(0, 120))
        letters.append(
            CourtRequest(
                centre=centre,
                family_id=families[n % len(families)],
                court="Sąd Rejonowy dla Warszawy",
                division="III Wydział Rodzinny i Nieletnich",
                case_signature=f"III Nsm {rng.randint(100, 9999)}/{today.year % 100}",
                letter_date=received - datetime.timedelta(days=3),
                received_on=received,
                deadline=received + datetime.timedelta(days=60),
                request_text="Sąd zwraca się o opinię asystenta rodziny o sytuacji rodziny.",
                registered_by=staff,
            )
        )
    CourtRequest.objects.bulk_create(letters, batch_size=2000)


def invoices(centre: Centre, staff: User, head: User, size: int, today: datetime.date) -> None:
    """One invoice per FAMILIES_PER_INVOICE families, under the centre's signed contracts: most
    paid, some approved, refused or awaiting the head's decision."""
    contracts = list(Contract.objects.filter(centre=centre).exclude(status="draft").order_by("id"))
    scan = (
        Invoice.objects.filter(contract__centre=centre)
        .exclude(scan="")
        .values_list("scan", flat=True)
        .first()
    )
    missing = size // FAMILIES_PER_INVOICE - Invoice.objects.filter(contract__centre=centre).count()
    if missing <= 0 or not contracts or scan is None:
        return
    first = Invoice.objects.filter(contract__centre=centre).count()
    rng = random.Random(f"{centre.code}-invoices-{size}")
    statuses = [InvoiceStatus.PAID] * 6 + [
        InvoiceStatus.APPROVED,
        InvoiceStatus.REFUSED,
        InvoiceStatus.REGISTERED,
    ]
    rows = []
    for n in range(missing):
        status = statuses[n % len(statuses)]
        issued = today - datetime.timedelta(days=rng.randint(1, 700))
        decided = status != InvoiceStatus.REGISTERED
        rows.append(
            Invoice(
                contract=contracts[n % len(contracts)],
                number=f"FV/{first + n + 1}/{issued.year}",
                issuer="Sklep Społem",
                issue_date=issued,
                amount=rng.randint(20, 300),
                category=rng.choice(CostCategory.values),
                description="Artykuły szkolne",
                scan=scan,
                status=status,
                registered_by=staff,
                registered_on=issued + datetime.timedelta(days=2),
                decided_by=head if decided else None,
                decided_on=issued + datetime.timedelta(days=5) if decided else None,
                refusal_reason="Wydatek poza zakresem umowy." if status == InvoiceStatus.REFUSED else "",
                paid_on=issued + datetime.timedelta(days=10) if status == InvoiceStatus.PAID else None,
            )
        )
    Invoice.objects.bulk_create(rows, batch_size=2000)


@transaction.atomic
def seed_centre(seeder: DemoSeeder, centre: Centre, code: str, size: int) -> None:
    """Top the centre up to `size` families in the benchmark's shape."""
    workers = social_workers(centre, code)
    if code in CENTRES:  # the demo's people
        users = seeder.ensure_centre(code)[1]
        head, staff = users[f"{prefix_of(code)}.kierownik"], users[f"{prefix_of(code)}.sekretariat"]
    else:
        head = _people(centre, code, "kierownik", 1, Role.HEAD)[0]
        staff = _people(centre, code, "sekretariat", 1, Role.STAFF)[0]
    missing = size - Family.objects.filter(centre=centre).count()
    if missing > 0:
        demo_cases.families_in_bulk(
            centre=centre,
            workers=weighted(workers),
            missing=missing,
            seed=f"{code}-{size}",
            today=seeder.today,
        )
    full_caseloads(centre, assistants(centre, code, size), head, seeder.today)
    court_letters(centre, staff, size, seeder.today)
    invoices(centre, staff, head, size, seeder.today)


def city_codes(count: int = CITY_CENTRES) -> list[str]:
    """The codes of the city's centres beyond the demo's two."""
    return [f"C{n:02d}" for n in range(3, count + 1)]


def seed_city(seeder: DemoSeeder, families: int, demo_sizes: int) -> None:
    """Centres beyond the demo's two, up to CITY_CENTRES in all and `families` families in the
    installation (the demo's centres holding `demo_sizes` each)."""
    codes = city_codes()
    size = max(1, (families - 2 * demo_sizes) // len(codes))
    for code in codes:
        centre, _ = Centre.objects.get_or_create(
            code=code, defaults={"name": f"OPS {code}", "address": "ul. Miejska 1, 00-001 Warszawa"}
        )
        seed_centre(seeder, centre, code, size)
