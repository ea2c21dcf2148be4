"""Every <select> is written in Python (familysupport.forms.FormRenderer), as Django's templates
would write it: the same markup, every label and value escaped."""

from django import forms
from django.forms.renderers import DjangoTemplates

from cases.filters import FamilyFilter
from familysupport.forms import FormRenderer


class Choices(forms.Form):
    plain = forms.ChoiceField(
        choices=[("", "any"), ("x<", 'Kowalska & "Syn" <b>'), ("Grupa", [("1", "jeden")])]
    )
    optional = forms.ChoiceField(
        choices=[(1, "one"), (2, "two")],
        required=False,
        widget=forms.Select(attrs={"aria-describedby": 'a"b'}),
    )
    several = forms.MultipleChoiceField(choices=[(1, "one"), (2, "two")])


def test_a_select_is_written_as_django_writes_it_with_every_text_escaped():
    data = {"plain": "1", "optional": "2", "several": ["1", "2"]}
    ours, django = Choices(data, renderer=FormRenderer()), Choices(data, renderer=DjangoTemplates())
    for name in ("plain", "optional", "several"):
        assert ours[name].as_widget() == django[name].as_widget()
    html = ours["plain"].as_widget()
    assert "<b>" not in html and "&lt;b&gt;" in html and "&quot;Syn&quot;" in html
    assert '<option value="1" selected>jeden</option>' in html


def test_the_family_lists_filter_form_is_the_same_either_way(rf, helena, anna):
    request = rf.get("/families/", {"social_worker": anna.pk, "status": "reported"})
    request.user = helena
    ours = FamilyFilter(request.GET, request=request).form
    django = FamilyFilter(request.GET, request=request).form
    ours.renderer, django.renderer = FormRenderer(), DjangoTemplates()
    for name in ours.fields:
        assert ours[name].as_widget() == django[name].as_widget()
