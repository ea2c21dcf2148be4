"""The access layer: every view is reached through one of these decorators.

- `public`: reachable without a session, on purpose (login, language switch).
- `authenticated`: any signed-in user; the view shows only the user's own things.
- `role_required(*roles)`: the user must hold one of the roles, else 403.
- `object_view(fetch, kwarg=..., roles=...)`: as `role_required`, then the URL's object is fetched
  for the user by `fetch`, a selector that answers 404 for an object the user may not see exactly
  as for one that does not exist. The view receives the object instead of its id, and every GET
  is written to the audit record as a read (or a download) of the object's family.

The app that owns an object kind may add its own decorator on `mark` and `record_read`
(`cases.access.family_view` for the pages of a family). Each decorator marks the view with
`access_rule`; a test walks the URL configuration and fails for a view without one. Object rights
on a family are granted and revoked only here.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, Protocol

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponseBase
from guardian.shortcuts import assign_perm, remove_perm

from familysupport import audit
from familysupport.models import AuditAction, Role, User

View = Callable[..., HttpResponseBase]
ACCESS_RULE = "access_rule"
FAMILY_PERMISSION = "cases.view_family"


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind the login: LoginRequiredMiddleware lets only a signed-in user
    reach it, so its `user` is a `User` (annotate such views' `request` with this type)."""

    user: User


class FamilyCase(Protocol):
    """What the access layer reads of a family (cases.Family), which it cannot import."""

    @property
    def centre_id(self) -> int: ...

    @property
    def social_worker_id(self) -> int | None: ...


def mark(view: View, rule: str) -> View:
    """Mark `view` as reached through the access rule `rule` (the test of the URLs reads it)."""
    setattr(view, ACCESS_RULE, rule)
    return view


def public(view: View) -> View:
    return mark(login_not_required(view), "public")


def authenticated(view: View) -> View:
    return mark(view, "authenticated")


def role_required(*roles: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return mark(wrapper, "role")

    return decorator


def record_read(
    request: AuthenticatedRequest,
    target: models.Model | None,
    *,
    family_id: int | None = None,
    action: AuditAction = AuditAction.VIEW,
    **details: Any,
) -> None:
    """Write a read of `target` (a page, a download, an export) to the audit record, with the page's
    name; `details` are identifiers and outcomes only (what was looked up by, what was found)."""
    assert request.resolver_match is not None  # a view runs only once its URL resolved
    details.setdefault("page", request.resolver_match.view_name)
    audit.record(actor=request.user, action=action, target=target, family_id=family_id, **details)


def _family_id_of(obj: models.Model) -> int | None:
    return getattr(obj, "family_id", None)


def object_view(
    fetch: Callable[[User, int], models.Model],
    *,
    kwarg: str,
    roles: tuple[str, ...],
    action: AuditAction = AuditAction.VIEW,
    family_of: Callable[[Any], int | None] = _family_id_of,
) -> Callable[[View], View]:
    """The view of one object: the role first (403), then the object through `fetch` (404), then
    the read in the audit record on every GET (`action=DOWNLOAD` for a file), with the family
    `family_of(object)` names (by default its `family_id`)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.has_role(*roles):
                raise PermissionDenied
            obj = fetch(request.user, kwargs.pop(kwarg))
            if request.method == "GET":
                record_read(request, obj, family_id=family_of(obj), action=action)
            return view(request, obj, *args, **kwargs)

        return mark(wrapper, "object")

    return decorator


def is_responsible_worker(user: User, family: FamilyCase) -> bool:
    """The user is the family's responsible social worker, in the family's centre."""
    return (
        user.has_role(Role.SOCIAL_WORKER)
        and family.centre_id == user.centre_id
        and family.social_worker_id == user.pk
    )


def require_responsible_worker(actor: User, family: FamilyCase) -> None:
    """Only the family's responsible social worker acts as its worker (else 403)."""
    if not is_responsible_worker(actor, family):
        raise PermissionDenied


def family_access_grant(*, actor: User, user: User, family: models.Model) -> None:
    """Give `user` object rights on `family`; called by the services that make them responsible."""
    assign_perm(FAMILY_PERMISSION, user, family)
    audit.record(actor=actor, action=AuditAction.GRANT, target=family, family_id=family.pk, user_id=user.pk)


def family_access_revoke(*, actor: User | None, user: User, family: models.Model) -> None:
    """Take `user`'s object rights on `family` away, effective from their next request (actor None:
    the system, as when the daily command closes a case after the monitoring)."""
    remove_perm(FAMILY_PERMISSION, user, family)
    audit.record(actor=actor, action=AuditAction.REVOKE, target=family, family_id=family.pk, user_id=user.pk)
