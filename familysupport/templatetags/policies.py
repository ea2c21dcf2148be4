"""`{% may "app.action" obj as allowed %}`: the action's policy (familysupport.policies) for the
signed-in user, so that a template shows a button exactly when the service would accept it."""

from typing import Any

from django import template

from familysupport.policies import policy_named

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context: template.Context, name: str, obj: Any = None) -> bool:
    user = context["request"].user
    return bool(policy_named(name)(user, obj))
