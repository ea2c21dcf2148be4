"""Production serving (make serve): refuses to start without its settings, logs no query strings."""

import os
import runpy
import subprocess
import sys

from django.conf import settings

PRODUCTION_CHECKS = ["manage.py", "check", "--deploy", "--tag", "production", "--fail-level", "WARNING"]


def run_checks(tmp_path, **environment):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DJANGO_DEBUG")
    }
    env.update(environment, DATABASE_URL=f"sqlite:///{tmp_path}/serve.sqlite3")
    return subprocess.run(
        [sys.executable, *PRODUCTION_CHECKS], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )


def test_the_server_refuses_to_start_without_secret_key_and_host_names(tmp_path):
    result = run_checks(tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "familysupport.W001" in output and "familysupport.W002" in output


def test_the_server_starts_with_secret_key_and_host_names(tmp_path):
    result = run_checks(
        tmp_path,
        DJANGO_SECRET_KEY="k" * 30 + "-serve-test-key-" + "z" * 30,
        DJANGO_ALLOWED_HOSTS="ops.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_static_files_are_served_by_the_application_with_plain_storage_in_tests():
    assert settings.MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") == 1
    # The manifest exists only after collectstatic: the tests render {% static %} without it.
    assert (
        settings.STORAGES["staticfiles"]["BACKEND"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    )


def test_the_access_log_carries_no_query_string():
    config = runpy.run_path(str(settings.BASE_DIR / "familysupport" / "gunicorn.conf.py"))
    log_format = config["access_log_format"]
    assert "%(U)s" in log_format
    assert not any(field in log_format for field in ("%(r)s", "%(q)s", "%(f)s", "%(a)s"))
