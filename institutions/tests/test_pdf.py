"""The printed letter: the centre's header, the reference number, the addressee, the text with its
Polish letters in an embedded font, the signature block; typed text is text, never markup."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.tests.test_pdf import embedded_fonts, pdf_of, text_of
from conftest import build_family
from familysupport import pdf
from familysupport.models import AuditAction, AuditEvent
from institutions import services
from institutions.tests.builders import institution, letter_data

MARKUP = '<b id="x">pogrubione</b><script>alert(1)</script>'


@pytest.fixture
def letter(anna, helena, adam):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    school = institution(anna, name="Szkoła Podstawowa nr 12 im. Żółkiewskiego")
    draft = services.letter_create(
        actor=anna,
        family=family,
        data=letter_data(school, subject="Prośba o opinię", body=f"Zażółć gęślą jaźń. {MARKUP}"),
    )
    return services.letter_send(actor=anna, letter=draft, sent_on=timezone.localdate())


def test_the_letter_prints_with_the_centre_the_number_and_polish_letters(client, anna, letter):
    client.force_login(anna)
    reader = pdf_of(client.get(reverse("institutions:letter_pdf", args=[letter.pk])))
    text = " ".join(text_of(reader).split())
    assert "OPS Ochota" in text and letter.reference in text
    assert "Szkoła Podstawowa nr 12 im. Żółkiewskiego" in text
    assert "Zażółć gęślą jaźń." in text and "Prośba o opinię" in text
    assert str(anna) in text  # the signature block
    assert any("DejaVu" in font for font in embedded_fonts(reader))
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD, object_id=str(letter.pk)).exists()


def test_typed_markup_is_printed_as_text(client, anna, letter, monkeypatch):
    printed = []
    render = pdf.render_to_string

    def keep(template_name, context=None, *args, **kwargs):
        html = render(template_name, context, *args, **kwargs)
        printed.append(html)
        return html

    monkeypatch.setattr(pdf, "render_to_string", keep)
    client.force_login(anna)
    reader = pdf_of(client.get(reverse("institutions:letter_pdf", args=[letter.pk])))
    assert '<b id="x">' not in printed[0] and "<script>" not in printed[0]
    assert "&lt;b id=&quot;x&quot;&gt;" in printed[0]
    assert "<script>alert(1)</script>" in text_of(reader).replace("\n", "")


def test_a_draft_has_no_printed_letter_yet(client, anna, letter):
    draft = services.letter_create(actor=anna, family=letter.family, data=letter_data(letter.institution))
    client.force_login(anna)
    response = client.get(reverse("institutions:letter_pdf", args=[draft.pk]))
    assert response.status_code == 302
