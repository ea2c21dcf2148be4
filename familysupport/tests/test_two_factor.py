"""Two-factor authentication: a password alone does not open the records of families.

Helena (head) and Ada (admin) must set it up when it is enforced; Anna (social worker) may.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, build_family
from familysupport.models import AuditAction, AuditEvent

# The refusals as the Polish interface shows them.
with translation.override("pl"):
    THROTTLED = translation.gettext("Too many wrong codes. Wait a moment and try again.")
    WRONG_CODE = translation.gettext(
        "This code is not valid. Enter the current code from your authenticator app."
    )


def code(device: TOTPDevice, *, wrong: bool = False) -> str:
    value = totp(device.bin_key)
    return f"{(value + 1) % 1_000_000 if wrong else value:06d}"


def device_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def password_login(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


@pytest.fixture
def enforced(settings):
    settings.TWO_FACTOR_ENFORCED = True


@pytest.fixture
def family(anna):
    return build_family(anna)


def family_url(family) -> str:
    return reverse("cases:family_detail", args=[family.pk])


def sent_to(response, view_name: str) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse(view_name))


class TestEnforcement:
    def test_a_head_without_a_device_is_sent_to_setup_and_sees_no_family(
        self, client, helena, family, enforced
    ):
        password_login(client, helena)
        for url in (reverse("home"), reverse("cases:family_list"), family_url(family)):
            assert sent_to(client.get(url), "two_factor_setup"), url
        assert not AuditEvent.objects.filter(action=AuditAction.VIEW, family_id=family.pk).exists()

        client.post(reverse("two_factor_start"))
        device = TOTPDevice.objects.get(user=helena)
        assert client.get(family_url(family)).status_code == 302
        client.post(reverse("two_factor_setup"), {"token": code(device)})
        assert client.get(family_url(family)).status_code == 200

    def test_an_admin_without_a_device_is_sent_to_setup(self, client, ada, enforced):
        password_login(client, ada)
        response = client.get(reverse("home"))
        assert response["Location"].startswith(reverse("two_factor_setup"))

    def test_a_social_worker_is_not_forced(self, client, anna, family, enforced):
        password_login(client, anna)
        assert client.get(reverse("cases:family_list")).status_code == 200
        assert client.get(family_url(family)).status_code == 200

    def test_switched_off_a_head_works_without_a_device(self, client, helena, family, settings):
        settings.TWO_FACTOR_ENFORCED = False
        password_login(client, helena)
        assert client.get(family_url(family)).status_code == 200

    def test_a_head_waiting_for_setup_can_still_log_out_and_switch_language(self, client, helena, enforced):
        password_login(client, helena)
        assert client.post(reverse("set_language"), {"language": "en"}).status_code == 302
        assert client.post(reverse("logout")).status_code == 302
        assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=helena).exists()


class TestLoginWithADevice:
    def test_the_password_alone_opens_no_page(self, client, anna, family):
        device_for(anna)
        password_login(client, anna)
        pages = (
            reverse("home"),
            reverse("cases:family_list"),
            family_url(family),
            reverse("two_factor_setup"),
        )
        for url in pages:
            assert sent_to(client.get(url), "two_factor_verify"), url
        assert not AuditEvent.objects.filter(action=AuditAction.VIEW, family_id=family.pk).exists()

    def test_a_valid_code_opens_the_page_the_user_was_going_to(self, client, helena, family):
        device = device_for(helena)
        password_login(client, helena)
        verify_url = client.get(family_url(family))["Location"]
        response = client.post(verify_url, {"token": code(device), "next": family_url(family)})
        assert response.status_code == 302 and response["Location"] == family_url(family)
        assert client.get(family_url(family)).status_code == 200
        assert client.get(reverse("cases:family_list")).status_code == 200
        login = AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=helena, details__factor="totp")
        assert login.exists()

    def test_the_code_does_not_send_the_user_to_another_site(self, client, helena):
        device = device_for(helena)
        password_login(client, helena)
        response = client.post(
            reverse("two_factor_verify"), {"token": code(device), "next": "https://phishing.example/"}
        )
        assert response["Location"] == reverse("home")

    def test_a_wrong_code_is_refused_and_audited_without_the_code(self, client, helena, family):
        device = device_for(helena)
        password_login(client, helena)
        wrong = code(device, wrong=True)
        response = client.post(reverse("two_factor_verify"), {"token": wrong})
        assert response.status_code == 200 and response.context["form"].errors
        assert client.get(family_url(family)).status_code == 302
        failure = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED, actor=helena)
        assert failure.details.get("factor") == "totp" and wrong not in str(failure.details)

    def test_repeated_wrong_codes_are_throttled(self, client, helena, family):
        device = device_for(helena)
        password_login(client, helena)
        client.post(reverse("two_factor_verify"), {"token": code(device, wrong=True)})
        # Straight after a wrong code even the right one waits: guessing cannot go at full speed.
        response = client.post(reverse("two_factor_verify"), {"token": code(device)})
        assert response.status_code == 200
        assert response.context["form"].errors["__all__"] == [THROTTLED]
        assert client.get(family_url(family)).status_code == 302
        device.refresh_from_db()
        assert device.throttling_failure_count == 1
        assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, details__throttled=True).exists()

    def test_a_code_is_needed_again_after_the_next_login(self, client, helena):
        device = device_for(helena)
        password_login(client, helena)
        client.post(reverse("two_factor_verify"), {"token": code(device)})
        client.post(reverse("logout"))
        password_login(client, helena)
        assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_verify"))


class TestSetup:
    def test_setup_shows_the_secret_and_a_qr_code_without_inline_style(self, client, anna):
        client.force_login(anna)
        client.post(reverse("two_factor_start"))
        device = TOTPDevice.objects.get(user=anna)
        assert not device.confirmed
        page = client.get(reverse("two_factor_setup")).content.decode()
        assert "<svg" in page and "otpauth://totp/" in page
        assert "data:image" not in page and " style=" not in page

    def test_the_right_code_switches_it_on(self, client, anna):
        client.force_login(anna)
        client.post(reverse("two_factor_start"))
        device = TOTPDevice.objects.get(user=anna)
        response = client.post(reverse("two_factor_setup"), {"token": code(device)})
        assert response.status_code == 302
        device.refresh_from_db()
        assert device.confirmed
        assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_ON, actor=anna).exists()
        assert client.get(reverse("home")).status_code == 200  # this session proved the code

    def test_a_wrong_code_leaves_it_off(self, client, anna):
        client.force_login(anna)
        client.post(reverse("two_factor_start"))
        device = TOTPDevice.objects.get(user=anna)
        response = client.post(reverse("two_factor_setup"), {"token": code(device, wrong=True)})
        assert response.status_code == 200
        assert response.context["form"].errors["__all__"] == [WRONG_CODE]
        device.refresh_from_db()
        assert not device.confirmed
        assert not AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_ON).exists()

    def test_a_password_alone_cannot_replace_the_device(self, client, anna):
        device_for(anna)
        password_login(client, anna)
        response = client.post(reverse("two_factor_start"))
        assert response["Location"].startswith(reverse("two_factor_verify"))
        assert TOTPDevice.objects.filter(user=anna).count() == 1


class TestRemove:
    def test_the_right_code_removes_it(self, client, anna):
        device = device_for(anna)
        client.force_login(anna)
        client.post(reverse("two_factor_verify"), {"token": code(device)})
        device.refresh_from_db()
        device.last_t = -1  # the login's code may be used once more for this test
        device.save()
        response = client.post(reverse("two_factor_remove"), {"token": code(device)})
        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=anna).exists()
        assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_OFF, actor=anna).exists()

    def test_a_wrong_code_keeps_it(self, client, anna):
        device = device_for(anna)
        client.force_login(anna)
        client.post(reverse("two_factor_verify"), {"token": code(device)})
        response = client.post(reverse("two_factor_remove"), {"token": code(device, wrong=True)})
        assert response.status_code == 200 and response.context["form"].errors
        assert TOTPDevice.objects.filter(user=anna, confirmed=True).exists()
        assert not AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_OFF).exists()

    def test_a_head_who_removes_it_must_set_it_up_again(self, client, helena, enforced):
        device = device_for(helena)
        client.force_login(helena)
        client.post(reverse("two_factor_verify"), {"token": code(device)})
        device.refresh_from_db()
        device.last_t = -1
        device.save()
        client.post(reverse("two_factor_remove"), {"token": code(device)})
        assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_setup"))
