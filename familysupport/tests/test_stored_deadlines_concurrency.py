"""Two steps on one family at the same moment store its deadlines once: the second waits for the
first and replaces its rows (an advisory lock on PostgreSQL, the IMMEDIATE transaction on SQLite)."""

import threading

import pytest
from django.db import connection, transaction

from conftest import build_family
from familysupport import deadlines
from familysupport.models import StoredDeadline

pytestmark = pytest.mark.slow


@pytest.mark.django_db(transaction=True)
def test_parallel_refreshes_of_a_family_leave_one_set_of_rows(anna):
    family = build_family(anna)
    expected = StoredDeadline.objects.filter(family_id=family.pk).count()
    assert expected == 1
    first_stored = threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic():
                deadlines.refresh(family_id=family.pk)
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
            deadlines.refresh(family_id=family.pk)
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
