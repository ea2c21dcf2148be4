"""The one-time token of a button that creates something (familysupport.forms.SubmittedOnce and
call_create_transition): a hidden input in the button's form.

    <form method="post" action="...">{% csrf_token %}{% submitted_once %}<button ...>

Inside a cached fragment (familysupport.cache.cached_fragment) it renders a placeholder that each
response replaces with a token of its own, as the CSRF token is.
"""

import uuid

from django import template
from django.utils.html import format_html

from familysupport.cache import SUBMISSION_IN_CACHE, SUBMISSION_PLACEHOLDER_TEXT

register = template.Library()


@register.simple_tag(takes_context=True)
def submitted_once(context: template.Context) -> str:
    token = SUBMISSION_PLACEHOLDER_TEXT if context.get(SUBMISSION_IN_CACHE) else str(uuid.uuid4())
    return format_html('<input type="hidden" name="submission" value="{}">', token)
