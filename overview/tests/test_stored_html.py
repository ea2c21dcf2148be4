"""Stored text is shown as text, never as markup: every text field of every model of the case apps
holds an HTML payload, and every page and form each role of a centre reaches (the crawl of the
demo), and the HTML of each printed document before WeasyPrint draws it, shows the payload escaped.
A help text, a label or a message that carries stored text is built with format_html.
"""

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat

from conftest import rewrite
from familysupport import pdf
from familysupport.models import User
from overview.tests.test_crawl import crawl, is_html

pytestmark = pytest.mark.slow

CASE_APPS = (
    "cases",
    "retention",
    "monitoring",
    "assistants",
    "supportfamilies",
    "institutions",
    "familyservices",
)
# A live tag would be one of these; escaped, they read &lt;b id=&quot;x&quot;&gt; and &lt;script&gt;.
LIVE = ('<b id="x">', "<script>")
PAYLOAD = '<b id="x">&"\'</b><script>'
ESCAPED = "&lt;b id=&quot;x&quot;&gt;"
CENTRE = "ochota."
# Documents of counts only, with no stored text in them.
FIGURES_ONLY = {"pdf/statistics.html"}


def stored_text_fields(model: type[models.Model]) -> list[models.CharField]:
    """The text a person types into the model (or the product writes there): every CharField
    and TextField but a choice, a derived copy (editable=False) and one too short for the payload."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and field.editable
        and (field.max_length is None or field.max_length >= len(PAYLOAD) + 6)
    ]


def fill_with_payload() -> list[str]:
    """Every stored text field of the case apps holds the payload (with the row's id, so that a
    field unique in its centre stays unique); returns the fields filled."""
    filled = []
    for label in CASE_APPS:
        for model in apps.get_app_config(label).get_models():
            fields = stored_text_fields(model)
            if not fields:
                continue
            payload = Concat(Value(PAYLOAD), Cast("pk", models.CharField()))
            rewrite(model._default_manager.all(), **{field.name: payload for field in fields})
            filled += [f"{model._meta.label}.{field.name}" for field in fields]
    return filled


@pytest.fixture
def printed(monkeypatch) -> list[tuple[str, str]]:
    """The HTML of every document printed, as WeasyPrint gets it."""
    documents: list[tuple[str, str]] = []
    render = pdf.render_to_string

    def keep(template_name, context=None, *args, **kwargs):
        html = render(template_name, context, *args, **kwargs)
        documents.append((template_name, html))
        return html

    monkeypatch.setattr(pdf, "render_to_string", keep)
    return documents


def test_stored_html_is_escaped_on_every_page_form_and_document(client, demo, db, printed):
    filled = fill_with_payload()
    assert "assistants.PlanGoal.expected_effect" in filled and "cases.Interview.diagnosis" in filled
    users = [entry["username"] for entry in demo["users"] if entry["username"].startswith(CENTRE)]
    shown = 0
    for username in users:
        client.force_login(User.objects.get(username=username))
        for url, response in crawl(client).items():
            if response.status_code != 200 or not is_html(response):
                continue
            text = response.content.decode()
            assert not [tag for tag in LIVE if tag in text], (username, url)
            shown += ESCAPED in text
        client.logout()
    assert shown > 100  # the payload really is on the pages, escaped
    assert {name for name, _html in printed} >= {"pdf/interview.html", "pdf/assessment.html"}
    for name, html in printed:
        assert not [tag for tag in LIVE if tag in html], name
        assert name in FIGURES_ONLY or ESCAPED in html, name
