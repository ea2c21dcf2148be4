"""Fifty heads deciding at once: the caseload cap of 15 (art. 15 ust. 4) still holds.

PostgreSQL takes all 50 in parallel (the assistant's row lock serialises the count). SQLite
serialises whole transactions (IMMEDIATE, 30 s busy timeout) on one file; 50 threads there queue
behind one writer lock and can outwait the timeout on a busy machine, so on SQLite the test runs
20 parallel decisions, still more than the cap. The count is chosen from `connection.vendor`.
"""

import pytest
from django.db import connection

from assistants.models import Assignment, Decision, DecisionOutcome
from assistants.services import lifecycle as lifecycle_services
from assistants.tests.test_concurrency import run_in_parallel
from conftest import build_family

pytestmark = pytest.mark.slow

CAP = 15


def parallel_decisions() -> int:
    return 50 if connection.vendor == "postgresql" else 20


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_decisions_assign_exactly_the_cap(anna, helena, adam):
    profile = adam.assistant_profile
    profile.caseload_cap = CAP
    profile.save(update_fields=["caseload_cap"])
    count = parallel_decisions()
    requests = [
        build_family(anna, stage="submitted", name=f"Rodzina {n}").requests.get() for n in range(count)
    ]

    outcomes = run_in_parallel(
        [
            lambda request=request: lifecycle_services.assignment_request_decide(
                actor=helena, request=request, outcome=DecisionOutcome.ASSIGN, assistant=profile
            )
            for request in requests
        ]
    )

    assert len(outcomes) == count  # every thread answered: assigned or refused, none crashed
    assert [kind for kind, _ in outcomes].count("ok") == CAP
    assert Assignment.objects.filter(assistant=profile, ended_on__isnull=True).count() == CAP
    assert Decision.objects.filter(request__in=requests).count() == CAP
