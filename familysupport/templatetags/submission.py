"""The one-time token of a button that creates something (familysupport.forms.SubmittedOnce and
call_create_transition): a hidden input in the button's form.

    <form method="post" action="...">{% csrf_token %}{% submitted_once %}<button ...>
"""

import uuid

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def submitted_once() -> str:
    return format_html('<input type="hidden" name="submission" value="{}">', uuid.uuid4())
