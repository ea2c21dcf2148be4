"""One policy per action: "may this user do this to this object, now?".

A policy is a function `can_<action>(user, obj) -> Verdict`, declared with `@policy` in its app's
`policies.py`. The service that performs the action calls `require(can_<action>(actor, obj))`,
which refuses: 403 (PermissionDenied) when the action is not the user's to do, or a message
(ValidationError) when it is theirs but the object's state does not allow it now. The view and the
template ask the same function to show or hide the button:

    {% load policies %}{% may "cases.sign_interview" interview as can_sign %}

so a button is never shown for what the service would refuse, nor hidden for what it would allow.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from familysupport.models import Role, User


@dataclass(frozen=True)
class Verdict:
    """The answer of a policy: true when allowed; else why not (empty: not the user's to do)."""

    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Verdict(True)
FORBIDDEN = Verdict(False)


def refused(reason: str) -> Verdict:
    """Not now: the user may do this, but the object's state does not allow it (the reason says)."""
    return Verdict(False, str(reason))


def allowed_if(condition: bool) -> Verdict:
    """ALLOWED when `condition` holds, else FORBIDDEN (a question of who, not of state)."""
    return ALLOWED if condition else FORBIDDEN


def allowed_when(condition: bool, reason: str) -> Verdict:
    """ALLOWED when `condition` holds, else refused with `reason` (a question of state, not of who)."""
    return ALLOWED if condition else refused(reason)


def acts_in(user: User, centre_id: int, *roles: str) -> bool:
    """The user holds one of `roles` in the centre `centre_id` (the centre of the object at hand)."""
    return bool(user.is_authenticated and user.centre_id == centre_id and user.has_role(*roles))


def is_head_of(user: User, centre_id: int) -> bool:
    """The user is the head of the centre `centre_id`."""
    return acts_in(user, centre_id, Role.HEAD)


def require_theirs(verdict: Verdict) -> Verdict:
    """A step's form page is for those whose step it is: 403 when it is not the user's; else the
    verdict, for the page to say why not now (the service asks the same policy when it is sent)."""
    if not verdict and not verdict.reason:
        raise PermissionDenied
    return verdict


def require(verdict: Verdict) -> None:
    """Refuse unless `verdict` allows: 403 when it is not the user's to do, else its reason."""
    if verdict:
        return
    if verdict.reason:
        raise ValidationError(verdict.reason)
    raise PermissionDenied


Policy = Callable[[Any, Any], Verdict]
_POLICIES: dict[str, Policy] = {}


def policy(function: Policy) -> Policy:
    """Declare `function` (named `can_<action>`) as the policy of `<app label>.<action>`."""
    app_label = function.__module__.split(".")[0]
    action = function.__name__.removeprefix("can_")
    name = f"{app_label}.{action}"
    if _POLICIES.get(name, function) is not function:
        raise ValueError(f"Two policies for {name}")
    _POLICIES[name] = function
    return function


def policy_named(name: str) -> Policy:
    """The policy declared as `name` ("cases.sign_interview"), for the templates."""
    try:
        return _POLICIES[name]
    except KeyError:
        raise LookupError(f"No policy {name!r}; is it declared with @policy?") from None
