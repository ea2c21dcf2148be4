"""Letters sent at the same moment get distinct reference numbers, one after another, with none
skipped: the year's counter row (made by a conflict-free insert, then locked) serialises them on
PostgreSQL; on SQLite the IMMEDIATE transaction does.
"""

import pytest
from django.db import connection
from django.utils import timezone

from assistants.tests.test_concurrency import run_in_parallel
from conftest import build_family
from institutions import services
from institutions.models import Letter, LetterCounter
from institutions.tests.builders import institution, letter_data

pytestmark = pytest.mark.slow


@pytest.mark.django_db(transaction=True)
def test_letters_sent_at_once_get_distinct_consecutive_numbers(anna, helena):
    # Letters of several families, so that nothing but the counter holds them apart.
    per_family = 4 if connection.vendor == "postgresql" else 2
    school = institution(anna)
    families = [build_family(anna, name=f"Rodzina Nr{n}") for n in range(3)]
    letters = [
        services.letter_create(actor=anna, family=family, data=letter_data(school))
        for family in families
        for _ in range(per_family)
    ]
    assert not LetterCounter.objects.exists()  # the year's counter is made by the first sending

    outcomes = run_in_parallel(
        [
            lambda letter=letter: services.letter_send(
                actor=anna, letter=letter, sent_on=timezone.localdate()
            )
            for letter in letters
        ]
    )

    assert [kind for kind, _ in outcomes] == ["ok"] * len(letters)
    numbers = sorted(Letter.objects.values_list("number", flat=True))
    assert numbers == list(range(1, len(letters) + 1))
    assert LetterCounter.objects.get().last == len(letters)
    assert len(set(Letter.objects.values_list("reference", flat=True))) == len(letters)
