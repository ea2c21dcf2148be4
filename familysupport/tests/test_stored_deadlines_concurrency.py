"""Two steps on one family at the same moment, or a step while the centre's register is
recomputed, store its deadlines once: the second waits for the first and replaces its rows
(advisory locks on PostgreSQL, the IMMEDIATE transaction on SQLite)."""

import threading

import pytest
from django.db import connection, transaction

from conftest import build_family
from familysupport import deadlines
from familysupport.models import StoredDeadline

pytestmark = pytest.mark.slow


def _refresh(family):
    deadlines.refresh(family_id=family.pk)


def _recompute(family):
    deadlines.recompute(centre=family.centre)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("held_open", "meanwhile"),
    [(_refresh, _refresh), (_recompute, _refresh), (_refresh, _recompute)],
    ids=["two steps", "a step during a recomputation", "a recomputation during a step"],
)
def test_parallel_refreshes_of_a_family_leave_one_set_of_rows(anna, held_open, meanwhile):
    family = build_family(anna)
    expected = StoredDeadline.objects.filter(family_id=family.pk).count()
    assert expected == 1
    first_stored = threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic():
                held_open(family)
                first_stored.set()
                # Still open while the second starts its own: it must wait for this one.
                second_started.wait(timeout=10)
                threading.Event().wait(0.3)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    def second():
        try:
            first_stored.wait(timeout=10)
            second_started.set()
            meanwhile(family)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    second_started = threading.Event()
    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert StoredDeadline.objects.filter(family_id=family.pk).count() == expected
