"""The scans the demo (and the tests) attach: small, real PDF documents that the upload check
(familysupport.uploads.safe_scan) parses and accepts."""

import io

from pypdf import PdfWriter


def scan_pdf(note: str = "test") -> bytes:
    """A one-page blank PDF titled `note`: what a scanner sends."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": note})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
