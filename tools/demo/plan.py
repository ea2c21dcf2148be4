"""The demo's plan: for each family, whom the seeder made responsible, whom it assigned, whether a
court wrote about it and whether it is on the audit record; and the manifest derived from it.

The seeder builds the data from the plan and records it as it goes (tools/demo/__init__.py); the
manifest says, from the plan and the need-to-know of each role alone, which families every demo
user meets. The crawl and the seed_demo tests compare the pages with the manifest, so what they
expect never comes from the code they test (`families_visible_to`, the court register, the audit
record).
"""

from dataclasses import dataclass, field

from cases.models import Family
from familysupport.models import Role
from tools.demo.people import CENTRES, DEMO_PASSWORD, Person, username

# One showcase family for every step of the path: (surname, worker index, stage).
SHOWCASE = [
    ("Nowak", 0, "reported"),
    ("Wiśniewski", 0, "reported_urgent"),
    ("Wróbel", 1, "interview_draft"),
    ("Kubiak", 0, "interviewed"),
    ("Michalski", 1, "no_assistant"),
    ("Grabowski", 0, "analysed"),
    ("Zając", 1, "request_draft"),
    ("Król", 0, "request_submitted"),
    ("Jabłoński", 1, "request_submitted_minor_parent"),
    ("Majewski", 0, "request_returned"),
    ("Olszewski", 1, "request_refused"),
    ("Stępień", 0, "referred"),
    ("Malinowski", 0, "assigned"),
    ("Górski", 1, "assigned_court"),
    ("Sikora", 0, "assigned_second"),
    ("Pietrzak", 1, "monitoring"),
    ("Wieczorek", 0, "closed"),
]

# The assistant (index) the head assigns at each stage that has one.
ASSISTANT_OF_STAGE = {
    "assigned": 0,
    "assigned_court": 1,
    "assigned_second": 0,
    "monitoring": 1,
    "closed": 0,
}

# The stage whose family has a record of each kind withdrawn as entered by mistake (a member, a
# visit, a second court's letter, an invoice of its support family): its page lists them.
WITHDRAWN_STAGE = "assigned"

# The stages whose family has a court's letter (asking for the assistant's opinion) on the register.
COURT_LETTER_STAGES = ("assigned", "assigned_court", "assigned_second")

# Families whose work with an assistant lies in the last two half-years, so that the statistics of
# either half-year have assistants assigned, a handover and ends of work for several reasons:
# (surname, worker index, assistant index, reason the work ended, or "" while it goes on).
HISTORY = [
    ("Kaczmarczyk", 0, 0, "stopped_cooperating"),
    ("Adamczyk", 1, 1, "moved_away"),
    ("Sadowski", 0, 1, "foster_care"),
    ("Zawadzki", 1, 0, "refused"),
    ("Chmielewski", 0, 1, ""),
]

# The family registered by seed_deadlines (by the second worker), so that both social workers
# have an interview due soon.
DEADLINE_FAMILY = "Pawłowski"
DEADLINE_WORKER = 1

# The archived families whose retention has ended, each on a disposal protocol at one of its states
# (retention.models.ProtocolStatus; "head_approved": proposed and approved by the head alone):
# (surname, worker index, the protocol's state, whether a court's letter about it is still open).
# The first is disposed of (its reference stays on the head's and the DPO's pages; its name is
# erased); the second is held back by its court's letter, so it is also on the next protocol.
DISPOSAL = [
    ("Woźniak", 0, "carried_out", False),
    ("Kozłowski", 1, "carried_out", True),
    ("Mazurek", 0, "approved", False),
    ("Krajewski", 1, "head_approved", False),
    ("Baran", 0, "proposed", False),
]

# The specialists engaged on showcase families (tools/demo/team.py): (family surname, the specialist's
# post, who engages: a worker's index or "head", the purpose, the engagement's state). Only the
# active ones give the specialist the family; an ended or expired engagement's family is not theirs.
ENGAGEMENTS = [
    (
        "Malinowski",
        "psycholog",
        0,
        "Konsultacje psychologiczne dla matki i wsparcie w diagnozie rodziny.",
        "active",
    ),
    ("Malinowski", "pedagog", "head", "Konsultacje pedagogiczne przy planie pracy z rodziną.", "active"),
    ("Górski", "pedagog", "head", "Porady pedagogiczne w sprawie trudności szkolnych syna.", "active"),
    ("Zając", "prawnik", 1, "Pomoc prawna w sprawie alimentów i kontaktów z ojcem dzieci.", "active"),
    ("Michalski", "terapeuta", 1, "Terapia rodzinna po rozstaniu rodziców.", "active"),
    ("Kubiak", "mediator", 0, "Mediacja rodzinna między rodzicami.", "active"),
    ("Kubiak", "psycholog", 0, "Konsultacja psychologiczna dziecka.", "ended"),
    ("Sikora", "terapeuta", "head", "Terapia dziecka z ADHD.", "expired"),
    ("Wróbel", "pedagog", 1, "Konsultacja pedagogiczna do diagnozy w wywiadzie środowiskowym.", "active"),
    ("Sikora", "psycholog", 0, "Konsultacje psychologiczne przy planie pracy nowego asystenta.", "active"),
]

# The families seed_deadlines writes a court's letter for (both have one from the showcase already).
DEADLINE_COURT_LETTERS = ("Sikora", "Malinowski")


def worker(code: str, index: int) -> str:
    return username(code, f"socjalny{index + 1}")


def assistant(code: str, index: int) -> str:
    return username(code, f"asystent{index + 1}")


def engager(code: str, who: int | str) -> str:
    """Who engages a specialist in ENGAGEMENTS: a social worker by index, or the head."""
    return username(code, "kierownik") if who == "head" else worker(code, int(who))


@dataclass
class FamilyPlan:
    """One family as the seeder makes it."""

    centre: str  # the centre's code
    name: str
    responsible: str  # the social worker who registers it (username)
    # Every assistant assigned to it, in order: also one whose work ended or was handed over.
    assistants: tuple[str, ...] = ()
    court_letter: bool = False  # a court's letter about it on the centre's register
    # The specialists engaged on it now (usernames): an ended engagement gives no family.
    specialists: tuple[str, ...] = ()
    # Built through the services, which record every step; bulk families are not.
    on_audit_record: bool = True
    reference: str = ""  # given when the family is registered


@dataclass
class DemoPlan:
    families: list[FamilyPlan] = field(default_factory=list)

    def add(self, family: FamilyPlan) -> FamilyPlan:
        self.families.append(family)
        return family

    def named(self, code: str, name: str) -> FamilyPlan | None:
        return next((f for f in self.families if f.centre == code and f.name == name), None)

    def match_database(self) -> None:
        """Take in what earlier runs wrote, for a rerun (seed_demo is idempotent).

        A step that finds its families made by an earlier run makes the same plan but no family:
        its families get the references the earlier run gave them (the first family of the name,
        as the named families come before any bulk one). The centre's families that no plan names
        were written in bulk by an earlier `--families` run, for the worker it put in each.
        Planned families that were never made are dropped.
        """
        for code in CENTRES:
            known = {f.reference for f in self.families if f.reference}
            waiting = {f.name: f for f in self.families if f.centre == code and not f.reference}
            rows = (
                Family.objects.filter(centre__code=code)
                .order_by("id")
                .values_list("reference", "name", "social_worker__username")
            )
            for reference, name, responsible in rows:
                if reference in known:
                    continue
                if name in waiting:
                    waiting.pop(name).reference = reference
                else:
                    self.add(FamilyPlan(code, name, responsible, on_audit_record=False, reference=reference))
        self.families = [f for f in self.families if f.reference]


def meets(person: Person, family: FamilyPlan) -> bool:
    """Whether the person meets the family's name or reference on any page, by the need-to-know of
    their role (the README's "Who uses it"): the head, every family of the centre; a
    social worker, the families they were made responsible for; an assistant, every family they
    were assigned, also after the work ended or was handed over (their monthly reports look back at
    past months); a specialist, the families they are engaged on now (the start page lists them; an
    ended engagement's family is gone with the access); staff, the families on the court register;
    the data protection officer, the families on the audit record."""
    roles = set(person.roles)
    return (
        Role.HEAD in roles
        or (Role.SOCIAL_WORKER in roles and family.responsible == person.username)
        or (Role.FAMILY_ASSISTANT in roles and person.username in family.assistants)
        or (Role.SPECIALIST in roles and person.username in family.specialists)
        or (Role.STAFF in roles and family.court_letter)
        or (Role.DPO in roles and family.on_audit_record)
    )


def manifest(plan: DemoPlan) -> dict:
    """Who meets which families, as the plan says: the demo's logins, password and families."""
    users = []
    for code, spec in CENTRES.items():
        families = [f for f in plan.families if f.centre == code]
        for person in spec["people"]:
            users.append(
                {
                    "username": person.username,
                    "roles": sorted(person.roles),
                    "centre": spec["name"],
                    "families": sorted(f.reference for f in families if meets(person, f)),
                }
            )
    users.sort(key=lambda user: user["username"])
    families = sorted(
        ({"reference": f.reference, "centre": CENTRES[f.centre]["name"]} for f in plan.families),
        key=lambda family: (family["centre"], family["reference"]),
    )
    return {"password": DEMO_PASSWORD, "users": users, "families": families}
