"""Parallel steps of the disposal: each thread in its own database connection at the same moment.
On PostgreSQL the centre's and the protocol's row locks serialise them; on SQLite the IMMEDIATE
transaction does."""

import pytest

from assistants.tests.test_concurrency import run_in_parallel
from retention import services
from retention.models import DisposalItem, DisposalProtocol, ProtocolStatus
from retention.tests.builders import archived_case, past_retention

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def due(anna, helena):
    return past_retention(archived_case(anna, head=helena))


def fresh(protocol):
    return DisposalProtocol.objects.get(pk=protocol.pk)


def test_parallel_daily_runs_list_a_case_once(centre_a, due):
    outcomes = run_in_parallel([lambda: services.disposal_propose(actor=None, centre=centre_a)] * 4)
    assert [kind for kind, _ in outcomes].count("ok") == 1
    assert DisposalProtocol.objects.count() == 1 and DisposalItem.objects.get().family == due


def test_the_head_and_the_dpo_approving_at_once_approve_it(centre_a, helena, iwona, due):
    protocol = services.disposal_propose(actor=None, centre=centre_a)
    outcomes = run_in_parallel(
        [
            lambda user=user: services.protocol_approve(actor=user, protocol=fresh(protocol))
            for user in (helena, iwona)
        ]
    )
    assert [kind for kind, _ in outcomes] == ["ok", "ok"]
    protocol.refresh_from_db()
    assert protocol.status == ProtocolStatus.APPROVED
    assert (protocol.head_approved_by, protocol.dpo_approved_by) == (helena, iwona)


def test_a_protocol_carried_out_twice_at_once_is_carried_out_once(centre_a, helena, iwona, due):
    protocol = services.disposal_propose(actor=None, centre=centre_a)
    services.protocol_approve(actor=helena, protocol=protocol)
    services.protocol_approve(actor=iwona, protocol=protocol)
    outcomes = run_in_parallel(
        [lambda: services.protocol_carry_out(actor=helena, protocol=fresh(protocol))] * 3
    )
    assert [kind for kind, _ in outcomes].count("ok") == 1
    assert DisposalItem.objects.filter(disposed_on__isnull=False).count() == 1
