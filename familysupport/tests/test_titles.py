"""A page's title is kept in the browser's history, its tabs and bookmarks: it names no person.

Titles may carry the identifiers the department works by (a family's reference, a court's case
signature, a contract's or an invoice's number, a period), never a name."""

import re
from pathlib import Path

from django.conf import settings

TITLE = re.compile(r"{% block title %}(.*?){% endblock %}", re.DOTALL)
VARIABLE = re.compile(r"{{\s*([^}|\s]+)")
IDENTIFIERS = {
    "family.reference",
    "support_family.family.reference",
    "contract.number",
    "invoice.number",
    "letter.reference",  # an outgoing letter's reference number (institutions)
    "protocol.number",
    "court_request.case_signature",
    "month",
    "stats.start",
    "stats.end",
    "section.label",  # the family page's section: one of a fixed set of labels
    "title",  # the confirm page's (familysupport.steps): the step's name, a constant of the catalogue
}


def test_no_page_title_names_a_person():
    offenders = []
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for title in TITLE.findall(template.read_text()):
            offenders += [
                f"{template.relative_to(settings.BASE_DIR)}: {name}"
                for name in VARIABLE.findall(title)
                if name not in IDENTIFIERS
            ]
    assert offenders == []
