"""The access layer: every view is reached through one of these decorators.

- `public`: reachable without a session, on purpose (login, language switch).
- `authenticated`: any signed-in user; the view shows only the user's own things.
- `role_required(*roles)`: the user must hold one of the roles, else 403.
- `family_view(roles=...)`: the URL's family must be visible to the user, else 404 exactly as if it
  did not exist; then, if `roles` is given, the user must hold one of them, else 403. The view
  receives the family instead of its id, and every GET is written to the audit record. An
  archived family is read-only: any other method than GET, HEAD or OPTIONS answers 403.

Each decorator marks the view with `access_rule`; a test walks the URL configuration and fails
for a view without one. Object rights on a family are granted and revoked only here.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, Protocol

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404
from guardian.shortcuts import assign_perm, remove_perm

from familysupport import audit
from familysupport.models import AuditAction, Role, User

View = Callable[..., HttpResponseBase]
ACCESS_RULE = "access_rule"
FAMILY_PERMISSION = "cases.view_family"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


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


def _mark(view: View, rule: str) -> View:
    setattr(view, ACCESS_RULE, rule)
    return view


def public(view: View) -> View:
    return _mark(login_not_required(view), "public")


def authenticated(view: View) -> View:
    return _mark(view, "authenticated")


def role_required(*roles: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _mark(wrapper, "role")

    return decorator


def family_view(*, roles: tuple[str, ...] = ()) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(
            request: AuthenticatedRequest, family_id: int, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            from cases.selectors import families_visible_to

            family = get_object_or_404(families_visible_to(request.user), pk=family_id)
            if roles and not request.user.has_role(*roles):
                raise PermissionDenied
            if family.archived_on is not None and request.method not in SAFE_METHODS:
                raise PermissionDenied  # an archived case is read-only, whatever the view
            if request.method == "GET":
                assert request.resolver_match is not None  # a view runs only once its URL resolved
                audit.record(
                    actor=request.user,
                    action=AuditAction.VIEW,
                    target=family,
                    family_id=family.pk,
                    page=request.resolver_match.view_name,
                )
            return view(request, family, *args, **kwargs)

        return _mark(wrapper, "family")

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


def family_access_revoke(*, actor: User, user: User, family: models.Model) -> None:
    """Take `user`'s object rights on `family` away, effective from their next request."""
    remove_perm(FAMILY_PERMISSION, user, family)
    audit.record(actor=actor, action=AuditAction.REVOKE, target=family, family_id=family.pk, user_id=user.pk)
