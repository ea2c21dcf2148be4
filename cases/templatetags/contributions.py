"""`{% contributed template values %}`: a part of a page that another app contributes.

The template is rendered in place with the page's variables and, on top of them, `values` (what
the contributing app's `context` returned), as `{% include template with … %}` would.
"""

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def contributed(context: template.Context, template_name: str, values: dict[str, Any]) -> str:
    page = context.template
    assert page is not None  # a tag renders inside its template, which is bound to the context
    part = page.engine.get_template(template_name)
    with context.push(values):
        return part.render(context)
