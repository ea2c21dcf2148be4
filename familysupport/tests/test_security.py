"""Authentication, sessions and headers: each protection is proven by the behaviour it causes."""

import datetime
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from familysupport.middleware import LOGIN_AT
from familysupport.models import AuditAction, AuditEvent


def attempt(client, username, password, ip):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


class TestLockout:
    def test_five_failures_lock_that_username_from_that_address(self, client, anna):
        for _ in range(4):
            assert attempt(client, "anna", "wrong-password-1", "10.0.0.1").status_code == 200
        assert attempt(client, "anna", "wrong-password-1", "10.0.0.1").status_code == 429
        response = attempt(client, "anna", PASSWORD, "10.0.0.1")
        assert response.status_code == 429
        assert AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT, details__username="anna").exists()
        assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).count() >= 5

    def test_the_office_behind_the_same_address_is_not_locked_out(self, client, anna, sam):
        for _ in range(6):
            attempt(client, "anna", "wrong-password-1", "10.0.0.1")
        assert attempt(client, "sam", PASSWORD, "10.0.0.1").status_code == 302
        client.logout()
        assert attempt(client, "anna", PASSWORD, "10.0.0.2").status_code == 302

    def test_lockout_lifts_after_the_cool_off(self, client, anna, settings):
        import datetime

        from axes.models import AccessAttempt

        for _ in range(6):
            attempt(client, "anna", "wrong-password-1", "10.0.0.1")
        AccessAttempt.objects.update(attempt_time=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
        assert attempt(client, "anna", PASSWORD, "10.0.0.1").status_code == 302


def test_logins_and_logouts_are_audited(client, anna):
    attempt(client, "anna", PASSWORD, "10.0.0.9")
    client.post(reverse("logout"), REMOTE_ADDR="10.0.0.9")
    login = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert (login.actor, login.ip) == (anna, "10.0.0.9")
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=anna).exists()


@pytest.mark.parametrize("password", ["Krotkie-1", "password1234", "123456789012"])
def test_weak_passwords_are_refused(client, anna, password):
    client.force_login(anna)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200 and response.context["form"].errors["new_password2"]


class TestIdleLimit:
    """30 minutes without a request end the session; a session in use lives on, and is written
    at most once a minute rather than on every request (familysupport.middleware)."""

    @pytest.fixture
    def clock(self, monkeypatch, settings):
        """The clock of the sessions (their expiry, its renewal), moved on by `clock.wait(seconds)`,
        with the renewal of production: once a minute."""
        settings.SESSION_RENEW_SECONDS = 60

        class Clock:
            now = timezone.now()

            def wait(self, seconds: float) -> None:
                self.now += datetime.timedelta(seconds=seconds)

        clock = Clock()
        monkeypatch.setattr(timezone, "now", lambda: clock.now)
        return clock

    @staticmethod
    def session_writes(client) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return sum('UPDATE "django_session"' in query["sql"] for query in queries)

    def test_idle_sessions_expire_after_30_minutes(self, client, anna, clock):
        response = attempt(client, "anna", PASSWORD, "10.0.0.1")
        assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60
        assert client.get(reverse("home")).status_code == 200
        clock.wait(30 * 60)
        response = client.get(reverse("home"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))

    def test_a_session_in_use_lives_on_past_30_minutes(self, client, anna, clock):
        client.force_login(anna)
        for _ in range(60):  # an hour, a page every minute
            clock.wait(60)
            assert client.get(reverse("home")).status_code == 200

    def test_idle_29_minutes_after_an_unwritten_request_the_session_lives(self, client, anna, clock):
        client.force_login(anna)
        client.get(reverse("home"))
        clock.wait(59)
        assert self.session_writes(client) == 0  # the expiry would move by less than a minute
        clock.wait(29 * 60)
        assert client.get(reverse("home")).status_code == 200

    def test_the_expiry_moves_on_once_a_minute_not_on_every_request(self, client, anna, clock):
        client.force_login(anna)
        client.get(reverse("home"))
        assert self.session_writes(client) == 0
        clock.wait(30)
        assert self.session_writes(client) == 0
        clock.wait(30)
        assert self.session_writes(client) == 1
        session = Session.objects.get()
        assert session.expire_date == clock.now.replace(microsecond=session.expire_date.microsecond) + (
            datetime.timedelta(minutes=30)
        )

    def test_a_logout_within_the_minute_ends_the_session(self, client, anna, clock):
        client.force_login(anna)
        client.get(reverse("home"))
        clock.wait(10)
        client.post(reverse("logout"))
        assert not Session.objects.exists()
        assert client.get(reverse("home")).status_code == 302


def test_a_session_ends_12_hours_after_the_login(client, anna):
    client.force_login(anna)
    session = client.session
    session[LOGIN_AT] = int(time.time()) - 12 * 60 * 60 - 1
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get(reverse("home")).status_code == 302


def test_private_pages_are_not_cached_and_carry_the_security_headers(client, anna):
    client.force_login(anna)
    response = client.get(reverse("home"))
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy


def test_templates_have_no_inline_scripts_or_styles():
    offenders = []
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        if template.parent.name == "pdf":  # printed documents are not served as pages
            continue
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)", text) or re.search(r"\sstyle=|<style", text):
            offenders.append(str(template))
    assert offenders == []


def test_production_settings_pass_the_deployment_checks(tmp_path):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 20 + "-production-like-key-" + "y" * 30,
        "DJANGO_ALLOWED_HOSTS": "ops.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path}/deploy.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    without_key = {key: value for key, value in env.items() if key != "DJANGO_SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=without_key,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "familysupport.W001" in result.stderr + result.stdout


def test_plain_http_is_redirected_to_https_unless_the_operator_says_the_proxy_does_it(tmp_path):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 20 + "-production-like-key-" + "y" * 30,
        "DJANGO_ALLOWED_HOSTS": "ops.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path}/deploy.sqlite3",
    }
    show = "from django.conf import settings; print(settings.SECURE_SSL_REDIRECT)"

    def redirect_setting(**extra) -> str:
        return (
            subprocess.run(
                [sys.executable, "manage.py", "shell", "-c", show],
                cwd=settings.BASE_DIR,
                env={**env, **extra},
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )

    assert redirect_setting() == "True"
    assert redirect_setting(DJANGO_SSL_REDIRECT="0") == "False"
    checks = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SSL_REDIRECT": "0"},
        capture_output=True,
        text=True,
    )
    assert checks.returncode == 0, checks.stderr + checks.stdout


def test_failed_logins_leave_no_username_or_address_in_the_logs(client, anna, caplog):
    with caplog.at_level("DEBUG"):
        for _ in range(6):
            attempt(client, "anna", "wrong-password-1", "10.9.8.7")
    assert "10.9.8.7" not in caplog.text and "'anna'" not in caplog.text and "anna" not in caplog.text


class TestFailedLoginRecord:
    """The audit record is kept for years: a mistyped login must not keep what was typed."""

    def test_an_existing_username_is_kept_as_it_is(self, client, anna):
        attempt(client, "anna", "wrong-password-1", "10.0.0.1")
        assert AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED).details["username"] == "anna"

    def test_a_pesel_typed_into_the_login_field_is_kept_only_as_a_keyed_hash(self, client, anna):
        attempt(client, "85010112345", "wrong-password-1", "10.0.0.1")
        attempt(client, "85010112345", "wrong-password-2", "10.0.0.2")
        kept = [
            event.details["username"] for event in AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED)
        ]
        assert len(kept) == 2 and kept[0] == kept[1]  # the same text tried twice is still visible
        assert all(value.startswith("hash:") and "85010112345" not in value for value in kept)
        assert not AuditEvent.objects.filter(details__icontains="85010112345").exists()
