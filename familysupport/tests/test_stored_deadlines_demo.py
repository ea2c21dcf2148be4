"""The demo's stored deadlines (a module of its own: the demo is the module's data): every kind is
stored, open and met, at the date its rule computes, and a recompute stores the same rows."""

import pytest

from familysupport.deadlines import kinds
from familysupport.models import StoredDeadline
from familysupport.tests.test_stored_deadlines import (
    assert_every_stored_date_is_the_rules,
    assert_the_steps_stored_what_a_recompute_stores,
)


@pytest.mark.slow
@pytest.mark.django_db
def test_on_the_demo_every_kind_is_stored_at_the_date_its_rule_computes(demo):
    rows = StoredDeadline.objects.all()
    assert {row.kind for row in rows} == {kind.code for kind in kinds()}
    assert {row.kind for row in rows if row.is_open} == {kind.code for kind in kinds()}
    assert rows.filter(met_on__isnull=False).exists()
    assert rows.filter(is_open=False, met_on__isnull=True).exists()  # missed and closed, or lapsed
    assert_every_stored_date_is_the_rules()
    assert_the_steps_stored_what_a_recompute_stores()
