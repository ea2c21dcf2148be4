"""Parallel decisions: the caseload cap and "one decision per request" hold in the database.

Each thread is a head deciding at the same moment in its own database connection. On PostgreSQL
the assistant's row lock serialises the count; on SQLite the IMMEDIATE transaction does.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from assistants.models import Assignment, Decision, DecisionOutcome
from assistants.services import lifecycle as lifecycle_services
from conftest import build_family

pytestmark = pytest.mark.slow


def run_in_parallel(calls):
    """Start every call at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(calls))
    outcomes = []
    lock = threading.Lock()

    def worker(call):
        try:
            barrier.wait()
            result = call()
            with lock:
                outcomes.append(("ok", result))
        except ValidationError as error:
            with lock:
                outcomes.append(("refused", error))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_parallel_decisions_never_exceed_the_cap(anna, helena, adam):
    profile = adam.assistant_profile
    profile.caseload_cap = 3
    profile.save()
    requests = [build_family(anna, stage="submitted", name=f"Rodzina {n}").requests.get() for n in range(8)]

    outcomes = run_in_parallel(
        [
            lambda request=request: lifecycle_services.assignment_request_decide(
                actor=helena, request=request, outcome=DecisionOutcome.ASSIGN, assistant=profile
            )
            for request in requests
        ]
    )

    assert [kind for kind, _ in outcomes].count("ok") == 3
    assert Assignment.objects.filter(assistant=profile, ended_on__isnull=True).count() == 3


@pytest.mark.django_db(transaction=True)
def test_parallel_decisions_on_one_request_decide_it_once(anna, helena, adam, agata):
    request = build_family(anna, stage="submitted").requests.get()
    assistants = [adam.assistant_profile, agata.assistant_profile] * 3

    outcomes = run_in_parallel(
        [
            lambda profile=profile: lifecycle_services.assignment_request_decide(
                actor=helena, request=request, outcome=DecisionOutcome.ASSIGN, assistant=profile
            )
            for profile in assistants
        ]
    )

    assert [kind for kind, _ in outcomes].count("ok") == 1
    assert Decision.objects.filter(request=request).count() == 1
    assert Assignment.objects.filter(family=request.family).count() == 1
