"""The seven exclusions: pinned to their published wording, and kept in one list that every caller reads.

The Act of 9 June 2011 (art. 29–31) lists no exclusions of its own: art. 30 leaves the support
family's establishment to the social worker's recognition of the candidate. The seven are the
criteria the centres publish for that recognition; this is the wording the product was built
from (the centre's page on support families):

    Rodzina nie może pełnić funkcji RODZINY WSPIERAJĄCEJ gdy:
    ● Istnieje problem alkoholowy
    ● Nie ma stałego źródła utrzymania
    ● Występują problemy wychowawcze w własnymi dziećmi
    ● Członkowi rodziny odebrano lub ograniczono władzę rodzicielską
    ● Członek rodziny nie wywiązuje się z obowiązku alimentacji
    ● Skazano członka rodziny za przestępstwo ścigane z oskarżenia publicznego
    ● Występują zaburzenia lub choroba psychiczna.
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from supportfamilies import selectors
from supportfamilies.forms import EligibilityInterviewForm
from supportfamilies.models import EligibilityInterview, Exclusion
from supportfamilies.tests.builders import build_support_family

# (code, the published line, what both the line and our Polish label must say), in the published order.
PUBLISHED = [
    ("alcohol_problem", "Istnieje problem alkoholowy", ("problem alkoholowy",)),
    ("no_stable_income", "Nie ma stałego źródła utrzymania", ("stałego źródła utrzymania",)),
    (
        "upbringing_problems",
        "Występują problemy wychowawcze w własnymi dziećmi",
        ("problemy wychowawcze", "własnymi dziećmi"),
    ),
    (
        "parental_authority",
        "Członkowi rodziny odebrano lub ograniczono władzę rodzicielską",
        ("człon", "rodziny", "ogranicz", "władz", "rodzicielsk"),
    ),
    (
        "maintenance_duty",
        "Członek rodziny nie wywiązuje się z obowiązku alimentacji",
        ("członek rodziny", "wywiązuj", "z obowiązku aliment"),
    ),
    (
        "conviction",
        "Skazano członka rodziny za przestępstwo ścigane z oskarżenia publicznego",
        ("skaza", "przestępstwo ścigane z oskarżenia publicznego"),
    ),
    ("mental_disorder", "Występują zaburzenia lub choroba psychiczna.", ("zaburzenia", "choroba psychiczna")),
]


def test_the_list_is_the_seven_published_in_their_order():
    assert Exclusion.values == [code for code, _line, _words in PUBLISHED]


@pytest.mark.parametrize(("code", "line", "words"), PUBLISHED, ids=[code for code, *_ in PUBLISHED])
def test_each_label_says_what_the_published_line_says(code, line, words):
    with translation.override("pl"):
        label = str(Exclusion(code).label)
    for word in words:
        assert word in line.lower(), (word, line)  # the pin itself is taken from the quoted line
        assert word in label.lower(), (word, label)


# The model, the form, the service and the pages read the list ---------------------------------


def test_the_interview_has_an_answer_and_a_basis_for_each_exclusion_and_nothing_else():
    answers = [f.name for f in EligibilityInterview._meta.fields if isinstance(f, models.BooleanField)]
    bases = [f.name for f in EligibilityInterview._meta.fields if f.name.endswith("_basis")]
    assert answers == Exclusion.values
    assert bases == [f"{code}_basis" for code in Exclusion.values]
    for code, label in Exclusion.choices:
        assert EligibilityInterview._meta.get_field(code).verbose_name == label


def test_eligibility_is_not_stored_beside_the_answers():
    with pytest.raises(FieldDoesNotExist):
        EligibilityInterview._meta.get_field("eligible")


def test_eligibility_is_read_from_the_answers(anna, helena, adam):
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="eligible")
    interview = EligibilityInterview.objects.get(support_family=support_family)
    assert interview.eligible and interview.applying() == []
    for code in Exclusion.values:
        EligibilityInterview.objects.filter(pk=interview.pk).update(**{code: True})
        interview.refresh_from_db()
        assert not interview.eligible and code in interview.applying()


def test_the_form_asks_each_exclusion_in_the_order_of_the_list():
    form = EligibilityInterviewForm()
    asked = [name for name in form.fields if name in Exclusion.values]
    assert asked == Exclusion.values
    assert [form.fields[code].label for code in asked] == Exclusion.labels


def labels(language: str) -> list[str]:
    with translation.override(language):
        return [str(label) for label in Exclusion.labels]


def in_order(text: str, words: list[str]) -> bool:
    positions = [text.find(word) for word in words]
    return -1 not in positions and positions == sorted(positions)


def test_the_interview_page_shows_each_exclusion_in_the_order_of_the_list(client, anna, helena, adam):
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="eligible")
    client.force_login(helena)
    page = client.get(reverse("supportfamilies:interview_detail", args=[support_family.pk]))
    assert in_order(page.content.decode(), labels(settings.LANGUAGE_CODE))


def test_the_printed_contract_states_the_exclusions_in_the_order_of_the_list(anna, helena, adam):
    contract = build_support_family(anna, head=helena, assistant=adam, stage="signed").contracts.get()
    with translation.override("en"):
        printed = render_to_string("pdf/support_family_contract.html", selectors.contract_document(contract))
    assert in_order(printed, labels("en"))


# No caller keeps a list of its own ------------------------------------------------------------

ROOT = Path(settings.BASE_DIR)
SKIPPED_DIRS = {".venv", "node_modules", "migrations", "tests", "var", "static", ".git"}


def _sources(pattern: str):
    for path in sorted(ROOT.rglob(pattern)):
        parts = set(path.relative_to(ROOT).parts)
        if parts & SKIPPED_DIRS or path.name == "conftest.py":
            continue
        yield path


def _list_definition_lines(tree: ast.Module) -> range:
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == "Exclusion":
            return range(node.lineno, node.end_lineno + 1)
    return range(0)


def _mentions_in_python(path: Path) -> set[str]:
    """The exclusions a module names: by code (a string, a keyword, an attribute) or by label."""
    source = path.read_text()
    tree = ast.parse(source)
    skipped = _list_definition_lines(tree) if path == ROOT / "supportfamilies" / "models.py" else range(0)
    codes, english = set(Exclusion.values), set(labels("en"))
    found = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skipped:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found |= {node.value} & codes
            found |= {label for label in english if label in node.value}
        elif isinstance(node, ast.keyword) and node.arg in codes:
            found.add(node.arg)
        elif isinstance(node, ast.Attribute) and node.attr in codes:
            found.add(node.attr)
    return found


def _mentions_in_template(path: Path) -> set[str]:
    text = path.read_text()
    found = {code for code in Exclusion.values if re.search(rf"\b{code}\b", text)}
    return found | {label for label in labels("en") if label in text}


def test_the_scan_sees_a_list_written_out(tmp_path):
    """The check below is only as good as its scan: it must see a list copied anywhere."""
    module = tmp_path / "copy.py"
    module.write_text(
        'ANSWERS = ["alcohol_problem", "conviction"]\n'
        "ask(mental_disorder=True)\n"
        'LABEL = _("upbringing problems with their own children")\n'
    )
    assert _mentions_in_python(module) == {
        "alcohol_problem",
        "conviction",
        "mental_disorder",
        "upbringing problems with their own children",
    }
    template = tmp_path / "copy.html"
    template.write_text('{{ interview.no_stable_income }} {% translate "an alcohol problem" %}')
    assert _mentions_in_template(template) == {"no_stable_income", "an alcohol problem"}
    # The definition of the list is the one place allowed to name them all.
    assert _mentions_in_python(ROOT / "supportfamilies" / "models.py") == set()


def test_no_module_or_template_writes_out_its_own_list():
    """Naming one exclusion is a choice (the demo's ineligible candidate); naming two is a list."""
    copies = {}
    for path in _sources("*.py"):
        if len(mentions := _mentions_in_python(path)) > 1:
            copies[str(path.relative_to(ROOT))] = sorted(mentions)
    for path in _sources("*.html"):
        if len(mentions := _mentions_in_template(path)) > 1:
            copies[str(path.relative_to(ROOT))] = sorted(mentions)
    assert copies == {}, "read supportfamilies.models.Exclusion instead"
