"""Costly pages and figures kept until the data changes (key-based expiry).

Every cached value is stored under a key that holds the data version: a counter in the cache
that any change of the case data moves on. A change therefore never needs to find and delete
what it made stale; the next request simply asks for a key that does not exist yet, computes the
value and stores it. What changes the data:

- a save or delete of a model of the case apps (cases, assistants, supportfamilies) or of a
  centre or a user, and a change of a user's roles (signals, `connect_signals`);
- every change a service records in the audit record (audit.record), which also covers the
  conditional `UPDATE`s that send no signal;
- bulk loads (seed_demo, the benchmark) call `data_changed()` themselves.

The version moves on at once, and again when the transaction commits: a page computed between
the two, from what was committed before, is dropped by the second step. The version is kept in the cache
that holds the values, so application servers that share one cache (Redis, see docs/deploy.md)
share the version too; each process's own memory is enough for a single process (the demo).

Keys hold the version, the language, the day (deadlines depend on it) and what the caller names
(the user, the filters...); they are hashed, so no searched name or PESEL is kept in a key.
"""

import hashlib
import re
import time
import uuid
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe

if TYPE_CHECKING:  # the access layer records through audit, which imports this module
    from familysupport.access import AuthenticatedRequest

VERSION_KEY = "familysupport:data-version"
# Values also expire on their own, so that a cache without size limits does not grow forever.
TIMEOUT = 60 * 60
_MISSING = object()

T = TypeVar("T")


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A new or evicted counter starts from the clock, above any value the old one reached.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return cast(int, version)


def _move_on() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # evicted: a new counter
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)


def data_changed() -> None:
    """The case data changed (or will, when the current transaction commits)."""
    _move_on()
    transaction.on_commit(_move_on, robust=True)


def cached(name: str, *parts: object, compute: Callable[[], T]) -> T:
    """The value of `compute()` for `parts` at the current data version, language and day."""
    key_parts = (data_version(), translation.get_language(), timezone.localdate(), *parts)
    digest = hashlib.sha256(repr(key_parts).encode()).hexdigest()
    key = f"familysupport:{name}:{digest}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return cast(T, value)


# The apps of the case data; of familysupport, the centres and the users (not the audit record
# or the reminders sent, which no cached page shows).
_CASE_APPS = ("cases", "assistants", "supportfamilies")
_CORE_MODELS = ("Centre", "User")


def on_model_change(sender: Any, update_fields: Iterable[str] | None = None, **kwargs: Any) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login changes nothing any page shows
    data_changed()


def connect_signals() -> None:
    """Any save or delete of case data, a centre or a user, and any change of roles, expires the pages."""
    models = [model for label in _CASE_APPS for model in apps.get_app_config(label).get_models()]
    models += [apps.get_model("familysupport", name) for name in _CORE_MODELS]
    for model in models:
        post_save.connect(on_model_change, sender=model, dispatch_uid="cache-save")
        post_delete.connect(on_model_change, sender=model, dispatch_uid="cache-delete")
    groups = apps.get_model("familysupport", "User").groups.through
    m2m_changed.connect(on_model_change, sender=groups, dispatch_uid="cache-roles")


# What a cached fragment holds instead of each one-time token (templatetags/submission.py).
SUBMISSION_IN_CACHE = "submission_in_cache"
SUBMISSION_PLACEHOLDER_TEXT = "submission-token-placeholder"
SUBMISSION_PLACEHOLDER = re.compile(re.escape(SUBMISSION_PLACEHOLDER_TEXT))


def cached_fragment(
    request: "AuthenticatedRequest",
    name: str,
    template_name: str,
    context: Callable[[], dict[str, Any]],
    *parts: object,
) -> str:
    """`template_name` rendered with `context()` for the user, kept until the data changes.

    The user and their roles are part of the key. Its forms are rendered with a placeholder for
    the CSRF token, which each response replaces with its own: a token is the session's own.
    """
    user = request.user
    placeholder = _csrf_placeholder()
    html = cached(
        name,
        user.pk,
        sorted(user.roles),
        *parts,
        compute=lambda: render_to_string(
            template_name,
            {**context(), "csrf_token": placeholder, SUBMISSION_IN_CACHE: True},
            request,
        ),
    )
    page = str(html).replace(placeholder, get_token(request))
    # Each form that creates something gets a token of its own on every response (forms.SubmittedOnce).
    return mark_safe(SUBMISSION_PLACEHOLDER.sub(lambda _match: str(uuid.uuid4()), page))  # noqa: S308


def _csrf_placeholder() -> str:
    # The same on every application server: they share the secret key and the cache.
    return salted_hmac("familysupport.cache.csrf", "placeholder").hexdigest()
