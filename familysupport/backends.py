"""The login backend: Django's ModelBackend, reading the user of each request in one query.

Every request reads its user from the session (django.contrib.auth.get_user), and nearly every
page then asks for the user's centre (the tenant of everything it shows) and roles (the groups).
Read one after the other, those are three queries on every request; here they are one, a join of
the user, the centre and the groups, so the user's rights are as fresh as before (read anew on
every request, never cached across requests).
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import F

from familysupport.models import User

GROUP = "_group_name"


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        rows = list(
            User._default_manager.select_related("centre")
            .filter(pk=user_id)
            .annotate(**{GROUP: F("groups__name")})
        )
        if not rows:
            return None
        user = rows[0]
        user.__dict__["group_names"] = frozenset(getattr(row, GROUP) for row in rows if getattr(row, GROUP))
        return user if self.user_can_authenticate(user) else None
