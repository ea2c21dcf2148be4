"""The demo's centres and people: two centres, a user of every role, one password for all."""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from familysupport.models import Centre, Role, User

DEMO_PASSWORD = "Wsparcie-Demo-2026"


@dataclass(frozen=True)
class Person:
    username: str
    first_name: str
    last_name: str
    roles: tuple[str, ...]


CENTRES = {
    "OCH": {
        "name": "OPS Ochota",
        "address": "ul. Grójecka 17a, 02-021 Warszawa",
        "people": [
            Person("ochota.kierownik", "Małgorzata", "Nowicka", (Role.HEAD,)),
            Person("ochota.socjalny1", "Anna", "Kowalczyk", (Role.SOCIAL_WORKER,)),
            Person("ochota.socjalny2", "Piotr", "Zieliński", (Role.SOCIAL_WORKER,)),
            Person("ochota.asystent1", "Katarzyna", "Wójcik", (Role.FAMILY_ASSISTANT,)),
            Person("ochota.asystent2", "Tomasz", "Lewandowski", (Role.FAMILY_ASSISTANT,)),
            Person("ochota.sekretariat", "Ewa", "Mazur", (Role.STAFF,)),
            Person("ochota.admin", "Jan", "Krawczyk", (Role.ADMIN,)),
            Person("ochota.iod", "Iwona", "Duda", (Role.DPO,)),
            Person("ochota.psycholog", "Marta", "Sobczak", (Role.SPECIALIST,)),
            Person("ochota.pedagog", "Beata", "Czarnecka", (Role.SPECIALIST,)),
            Person("ochota.prawnik", "Robert", "Urban", (Role.SPECIALIST,)),
            Person("ochota.mediator", "Alicja", "Kołodziej", (Role.SPECIALIST,)),
            Person("ochota.terapeuta", "Łukasz", "Sikorski", (Role.SPECIALIST,)),
        ],
    },
    "BEM": {
        "name": "OPS Bemowo",
        "address": "ul. Rozłogi 10, 01-310 Warszawa",
        "people": [
            Person("bemowo.kierownik", "Grzegorz", "Pawlak", (Role.HEAD,)),
            Person("bemowo.socjalny1", "Joanna", "Dąbrowska", (Role.SOCIAL_WORKER,)),
            Person("bemowo.socjalny2", "Michał", "Szymański", (Role.SOCIAL_WORKER,)),
            Person("bemowo.asystent1", "Agnieszka", "Jankowska", (Role.FAMILY_ASSISTANT,)),
            Person("bemowo.asystent2", "Paweł", "Wojciechowski", (Role.FAMILY_ASSISTANT,)),
            Person("bemowo.sekretariat", "Barbara", "Kamińska", (Role.STAFF,)),
            Person("bemowo.admin", "Krzysztof", "Kaczmarek", (Role.ADMIN,)),
            Person("bemowo.iod", "Daniel", "Sowa", (Role.DPO,)),
            Person("bemowo.psycholog", "Natalia", "Wasilewska", (Role.SPECIALIST,)),
            Person("bemowo.pedagog", "Dorota", "Szczepańska", (Role.SPECIALIST,)),
            Person("bemowo.prawnik", "Marek", "Kalinowski", (Role.SPECIALIST,)),
            Person("bemowo.mediator", "Julia", "Mróz", (Role.SPECIALIST,)),
            Person("bemowo.terapeuta", "Adam", "Wilk", (Role.SPECIALIST,)),
        ],
    },
}


def code_prefix(code: str) -> str:
    return {"OCH": "ochota", "BEM": "bemowo"}[code]


def username(code: str, post: str) -> str:
    """The demo login of the centre's person at `post` ("kierownik", "socjalny1", "asystent2"...)."""
    return f"{code_prefix(code)}.{post}"


def ensure_centre(code: str) -> tuple[Centre, dict[str, User]]:
    """The centre and its people, made if missing; the people by username."""
    spec = CENTRES[code]
    centre, _ = Centre.objects.get_or_create(
        code=code, defaults={"name": spec["name"], "address": spec["address"]}
    )
    users = {}
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow by design
    for person in spec["people"]:
        user = User.objects.filter(username=person.username).first()
        if user is None:
            user = User(
                username=person.username,
                first_name=person.first_name,
                last_name=person.last_name,
                centre=centre,
                email=f"{person.username}@example.invalid",
                is_staff=Role.ADMIN in person.roles,
            )
            user.password = password
            user.save()
            user.groups.set(Group.objects.filter(name__in=person.roles))
        users[person.username] = user
    return centre, users
