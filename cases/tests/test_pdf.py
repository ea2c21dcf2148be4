"""The interview protocol and the request with the head's decision as printed documents."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from conftest import build_family
from familysupport.models import AuditAction, AuditEvent
from familysupport.pdf import StaticOnlyFetcher


def pdf_of(response):
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def embedded_fonts(reader: PdfReader) -> set[str]:
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].get_object().values():
            descendant = font.get_object()
            for candidate in [descendant, *[d.get_object() for d in descendant.get("/DescendantFonts", [])]]:
                descriptor = candidate.get("/FontDescriptor")
                if descriptor and any(
                    key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    fonts.add(str(candidate["/BaseFont"]))
    return fonts


def test_interview_protocol_has_polish_text_and_embedded_fonts(client, anna):
    family = build_family(anna, stage="interviewed", name="Rodzina Żółkiewskich")
    interview = family.interviews.get()
    client.force_login(anna)
    reader = pdf_of(client.get(reverse("cases:interview_pdf", args=[family.pk, interview.pk])))
    text = text_of(reader)
    assert "Rodzina Żółkiewskich" in text and family.reference in text
    assert "Potrzebny asystent rodziny" in text  # the worker's diagnosis
    assert "OPS Ochota" in text
    assert any("DejaVu" in font for font in embedded_fonts(reader))
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD, object_id=str(interview.pk)).exists()


def test_request_letter_carries_the_decision(client, anna, helena, adam):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    request = family.requests.get()
    client.force_login(helena)
    text = text_of(pdf_of(client.get(reverse("cases:request_pdf", args=[family.pk, request.pk]))))
    assert family.reference in text and str(adam) in text and str(helena) in text


@pytest.mark.parametrize("persona", ["sam", "adam", "stefan", "bozena"])
def test_documents_of_a_family_are_not_printed_for_others(client, request, anna, persona):
    family = build_family(anna, stage="requested")
    client.force_login(request.getfixturevalue(persona))
    assert (
        client.get(reverse("cases:interview_pdf", args=[family.pk, family.interviews.get().pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("cases:request_pdf", args=[family.pk, family.requests.get().pk])).status_code
        == 404
    )


@pytest.mark.parametrize(
    "url", ["https://example.com/x.css", "file:///etc/passwd", "app-static:/../settings.py"]
)
def test_the_renderer_reaches_nothing_but_static_files(url):
    with pytest.raises(ValueError):
        StaticOnlyFetcher().fetch(url)


def test_the_renderer_serves_the_vendored_font():
    assert StaticOnlyFetcher().fetch("app-static:/fonts/DejaVuSans.ttf").status == 200
