"""The access layer's decorator for the pages of one family, kept by the app that owns Family.

`family_view(roles=...)`: the URL's family must be visible to the user (by the object rights,
`cases.selectors.family_visible`), else 404 exactly as if it did not exist; then, if `roles` is
given, the user must hold one of them, else 403. The view
receives the family instead of its id, and every GET is written to the audit record. An archived
family is read-only: any other method than GET, HEAD or OPTIONS answers 403.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBase

from cases.selectors import family_for
from familysupport.access import AuthenticatedRequest, View, mark, record_read

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def family_view(*, roles: tuple[str, ...] = ()) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(
            request: AuthenticatedRequest, family_id: int, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            family = family_for(request.user, family_id)
            if roles and not request.user.has_role(*roles):
                raise PermissionDenied
            if family.archived_on is not None and request.method not in SAFE_METHODS:
                raise PermissionDenied  # an archived case is read-only, whatever the view
            if request.method == "GET":
                record_read(request, family, family_id=family.pk)
            return view(request, family, *args, **kwargs)

        return mark(wrapper, "family")

    return decorator
