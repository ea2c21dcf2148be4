"""Settings for the family support case-management system.

Everything that differs between a laptop, CI and production comes from the environment:
DJANGO_SECRET_KEY, DJANGO_DEBUG, DJANGO_ALLOWED_HOSTS, DATABASE_URL.
"""

import datetime
import importlib.util
import os
import sys
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
ALLOWED_HOSTS_FROM_ENVIRONMENT = bool(env.str("DJANGO_ALLOWED_HOSTS", default=""))


def _local_secret_key() -> str:
    """A key kept in the git-ignored var/ folder, so a local run needs no configuration.

    Production sets DJANGO_SECRET_KEY; the check familysupport.W001 warns when it does not.
    """
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY_FROM_ENVIRONMENT = bool(env.str("DJANGO_SECRET_KEY", default=""))
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or _local_secret_key()

# The demo data and the benchmark (tools/) come with the development requirements (Faker, locust).
DEV_TOOLS = env.bool("DJANGO_DEV_TOOLS", default=importlib.util.find_spec("faker") is not None)

INSTALLED_APPS = [
    # Before familysupport, whose admin module takes django-otp's device admin away again.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "familysupport",
    "cases",
    # The disposal of cases at the end of their retention; the case apps above declare their part.
    "retention",
    # The team's contacts with a family, its case notes and attachments.
    "contacts",
    # The social worker's monitoring of a child's situation; the apps above declare their own kinds.
    "monitoring",
    "assistants",
    "supportfamilies",
    # Specialists of the team and their engagements on families.
    "team",
    # Cooperation with institutions: the directory, the family's contacts, letters, case conferences.
    "institutions",
    # The services of the forms of work with the family (art. 10 ust. 3): episodes and sessions.
    "familyservices",
    # On top: start pages, deadlines, reminders, statistics, the audit pages; nothing imports it.
    "overview",
    *(["tools"] if DEV_TOOLS else []),
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "guardian",
    "localflavor",
    "phonenumber_field",
    "axes",
    "django_filters",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files before the session and the login: they are public and need no database.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "familysupport.middleware.SessionRenewalMiddleware",
    "familysupport.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "familysupport.middleware.TwoFactorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "familysupport.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "familysupport.middleware.SessionLimitMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "familysupport.urls"
WSGI_APPLICATION = "familysupport.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "familysupport.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock at BEGIN, so a count-then-insert inside
    # transaction.atomic (the caseload cap) is serialised on SQLite as it is on PostgreSQL
    # by SELECT ... FOR UPDATE. A file test database lets threaded tests share it.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 30}
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)

# No page or figure is cached: each is computed in full on every request (docs/performance.md).
# Sessions, the login lockouts (django-axes) and the second factor's throttling are kept in the
# database, so nothing needs a cache shared between the application servers; Django's own
# framework gets the process's memory.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "familysupport.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, with the centre and the roles read with the user (one query).
    "familysupport.backends.UserBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# No object rights for anonymous users: everything is behind the login.
ANONYMOUS_USER_NAME = None

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["familysupport.formats"]
PHONENUMBER_DEFAULT_REGION = "PL"
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Production (make serve) serves collected, compressed files under hashed names, cached for a
# year. The manifest exists only after collectstatic, so development and the tests keep the plain
# storage that finds files where they are.
TESTING = "pytest" in sys.modules
if env.bool("DJANGO_STATIC_MANIFEST", default=not DEBUG and not TESTING):
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# Uploads (consent scans, court letters, invoices) live outside static/ and are served only
# by views that check access to the family they belong to.
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=VAR_DIR / "media")
UPLOAD_MAX_BYTES = 10 * 1024 * 1024

# How long an archived family case is kept after it is archived (years), before it is destroyed.
RETENTION_YEARS = env.int("DJANGO_RETENTION_YEARS", default=10)
FILE_UPLOAD_PERMISSIONS = 0o600

# Every <select> of a form written in Python rather than an <option> template each (familysupport.forms).
FORM_RENDERER = "familysupport.forms.FormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

EMAIL_BACKEND = env.str("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="wsparcie-rodziny@localhost")
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
# The address of the application, for links in e-mails (the daily reminders of deadlines).
SITE_URL = env.str("DJANGO_SITE_URL", default="http://localhost:8000")

# Lockout after repeated failures for one username from one address together, so that one
# person's mistakes never lock out a whole office behind a shared address; it lifts by itself.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False  # its log lines carry usernames and addresses

# Two-factor authentication (TOTP, django-otp): each user sets up their own authenticator app.
# Required for these roles when enforced (production); optional for everyone else. The demo
# (`make run`, DJANGO_DEBUG=1) runs without it unless DJANGO_2FA_ENFORCED says otherwise.
TWO_FACTOR_REQUIRED_ROLES = ("head", "admin")
TWO_FACTOR_ENFORCED = env.bool("DJANGO_2FA_ENFORCED", default=not DEBUG)
OTP_TOTP_ISSUER = env.str("DJANGO_2FA_ISSUER", default="Family support")
# After n wrong codes in a row the next attempt waits 2^(n-1) seconds (0 would switch it off).
OTP_TOTP_THROTTLE_FACTOR = 1

# Sessions: 30 minutes idle (renewed by the requests), at most 12 hours after the login. The
# expiry is moved on when it would move by a minute or more (familysupport.middleware
# SessionRenewalMiddleware), not by a write on every request: a session ends 29 to 30 minutes
# after the last request.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = 60
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Behind a TLS-terminating proxy in production; each can be switched for a plain-HTTP demo.
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Plain HTTP is redirected to HTTPS unless the operator says the proxy does it (DJANGO_SSL_REDIRECT=0);
# that statement also answers Django's deployment check about it (security.W008).
# (The test client speaks plain HTTP to the application itself.)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SSL_REDIRECT", default=not DEBUG and not TESTING)
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Submitting a domain to the browsers' preload list is the domain owner's decision, not the app's.
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
if not SECURE_SSL_REDIRECT and not DEBUG and "DJANGO_SSL_REDIRECT" in os.environ:
    SILENCED_SYSTEM_CHECKS.append("security.W008")

# No inline scripts or styles anywhere: every script and stylesheet is a file of our own.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# Application logs carry identifiers only, never names, PESEL numbers or addresses.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
