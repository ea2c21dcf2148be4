"""The access layer: every view is reached through one of these decorators.

- `public`: reachable without a session, on purpose (login, language switch).
- `authenticated`: any signed-in user; the view shows only the user's own things.
- `role_required(*roles)`: the user must hold one of the roles, else 403.

The app that owns an object adds the decorator that fetches it for the user (`cases.access.
family_view`), built on `mark`. Each decorator marks the view with `access_rule`; a test walks the
URL configuration and fails for a view without one. Object rights on a family are granted and
revoked only here.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from guardian.shortcuts import assign_perm, remove_perm

from familysupport import audit
from familysupport.models import AuditAction, Role, User

View = Callable[..., HttpResponse]
ACCESS_RULE = "access_rule"
FAMILY_PERMISSION = "cases.view_family"


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
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return mark(wrapper, "role")

    return decorator


def is_responsible_worker(user: User, family) -> bool:
    """The user is the family's responsible social worker, in the family's centre."""
    return (
        user.has_role(Role.SOCIAL_WORKER)
        and family.centre_id == user.centre_id
        and family.social_worker_id == user.pk
    )


def require_responsible_worker(actor: User, family) -> None:
    """Only the family's responsible social worker acts as its worker (else 403)."""
    if not is_responsible_worker(actor, family):
        raise PermissionDenied


def family_access_grant(*, actor: User, user: User, family) -> None:
    """Give `user` object rights on `family`; called by the services that make them responsible."""
    assign_perm(FAMILY_PERMISSION, user, family)
    audit.record(actor=actor, action=AuditAction.GRANT, target=family, family_id=family.pk, user_id=user.pk)


def family_access_revoke(*, actor: User, user: User, family) -> None:
    """Take `user`'s object rights on `family` away, effective from their next request."""
    remove_perm(FAMILY_PERMISSION, user, family)
    audit.record(actor=actor, action=AuditAction.REVOKE, target=family, family_id=family.pk, user_id=user.pk)
