"""The withdraw form of a record entered by mistake (familysupport.forms.WithdrawForm), the same on
every page that offers it:

    {% load withdrawal %}{% may "assistants.withdraw_visit" visit as can_withdraw %}
    {% if can_withdraw %}{% withdraw_form withdraw_url %}{% endif %}
"""

from django import template

from familysupport.forms import WithdrawForm

register = template.Library()


@register.inclusion_tag("familysupport/_withdraw_form.html")
def withdraw_form(action: str) -> dict:
    return {"action": action, "form": WithdrawForm(auto_id="id_withdraw_%s")}
