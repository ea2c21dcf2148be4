"""What an uploaded scan must be before it is stored: a PDF that parses with nothing active in it,
or an image drawn again without its metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from conftest import scan_pdf
from familysupport.uploads import safe_scan


def upload(content: bytes, name: str = "skan.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf(build) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    build(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def refusal(content: bytes, **kwargs) -> str:
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        safe_scan(upload(content, **kwargs))
    return " ".join(raised.value.messages)


def test_a_plain_pdf_is_accepted_as_it_came():
    content = scan_pdf("zgoda")
    stored = safe_scan(upload(content))
    assert stored.read() == content


def test_an_html_page_behind_a_pdf_header_is_refused():
    assert "PDF" in refusal(b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>")


def test_a_pdf_that_runs_javascript_when_opened_is_refused():
    def open_action(writer):
        action = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)

    assert "scripts" in refusal(pdf(open_action))


def test_a_pdf_with_document_javascript_is_refused():
    def document_script(writer):
        script = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
        )
        names = ArrayObject([TextStringObject("run"), writer._add_object(script)])
        tree = DictionaryObject({NameObject("/JavaScript"): DictionaryObject({NameObject("/Names"): names})})
        writer._root_object[NameObject("/Names")] = tree

    assert "scripts" in refusal(pdf(document_script))


def test_a_pdf_with_an_embedded_file_is_refused():
    assert "attached files" in refusal(pdf(lambda writer: writer.add_attachment("run.exe", b"MZ...")))


def test_a_pdf_with_a_launch_action_on_a_page_is_refused():
    def launch(writer):
        action = DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}
        )
        writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): writer._add_object(action)})

    assert "scripts" in refusal(pdf(launch))


def test_a_password_protected_pdf_is_refused_with_the_reason():
    def encrypt(writer):
        writer.encrypt("tajne")

    assert "password" in refusal(pdf(encrypt))


def test_a_file_of_another_kind_is_refused_whatever_its_name():
    assert "PDF file or a JPEG or PNG" in refusal(b"MZ\x90\x00 not a scan", name="skan.pdf")


def image_bytes(fmt: str, *, exif: bool = False, trailer: bytes = b"") -> bytes:
    image = Image.new("RGB", (40, 30), (200, 10, 10))
    out = io.BytesIO()
    if exif:
        metadata = Image.Exif()
        metadata[0x010E] = "Ul. Grójecka 5, mieszkanie matki"  # ImageDescription
        image.save(out, format=fmt, exif=metadata)
    else:
        image.save(out, format=fmt)
    return out.getvalue() + trailer


@pytest.mark.parametrize(("fmt", "mime"), [("JPEG", "image/jpeg"), ("PNG", "image/png")])
def test_an_image_is_drawn_again_without_metadata_or_appended_bytes(fmt, mime):
    content = image_bytes(fmt, exif=True, trailer=b"<script>alert(1)</script>")
    stored = safe_scan(upload(content, name="skan.img", content_type=mime)).read()
    assert b"<script>" not in stored
    assert "Grójecka".encode() not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == fmt and image.size == (40, 30)
        assert not image.getexif()


def test_a_broken_image_is_refused():
    content = image_bytes("PNG")[:60]
    assert "image cannot be read" in refusal(content, name="skan.png", content_type="image/png")


def test_a_scan_over_the_size_cap_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    assert "too large" in refusal(scan_pdf() + b"0" * 2048)
