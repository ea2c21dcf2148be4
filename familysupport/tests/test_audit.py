import pytest

from conftest import build_family
from familysupport.models import AuditAction, AuditEvent


def test_the_audit_record_cannot_be_changed_or_deleted(anna):
    build_family(anna)
    event = AuditEvent.objects.first()
    event.action = AuditAction.VIEW
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(action=AuditAction.VIEW)
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()


def test_changes_are_recorded_without_personal_data(anna):
    family = build_family(anna, name="Rodzina Szczególna")
    events = AuditEvent.objects.filter(family_id=family.pk)
    assert {event.action for event in events} >= {AuditAction.CREATE, AuditAction.GRANT}
    assert all(event.actor == anna and event.centre == anna.centre for event in events)
    assert "Szczególna" not in str(list(events.values("details", "object_type", "object_id")))


def test_application_logs_carry_no_personal_data(client, anna, sam, caplog):
    family = build_family(anna, name="Rodzina Tajemnicza")
    client.force_login(sam)
    with caplog.at_level("INFO"):
        client.get(f"/families/{family.pk}/?q=Tajemnicza")
        client.get("/families/", {"q": "Tajemnicza"})
    assert "Tajemnicza" not in caplog.text
