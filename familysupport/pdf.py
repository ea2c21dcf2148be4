"""Printed documents: HTML templates under templates/pdf/ rendered to A4 PDF by WeasyPrint.

The renderer reaches nothing but the application's own static files (fonts, stylesheet): a
document about a family must not make a request to any other address while it is printed.
"""

from typing import Any
from urllib.parse import urlparse

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_SCHEME = "app-static"


class StaticOnlyFetcher(URLFetcher):
    """Serves `app-static:/path` from the static files; refuses every other URL."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parsed = urlparse(url)
        if parsed.scheme != STATIC_SCHEME:
            raise ValueError("Printed documents load only the application's static files.")
        try:
            path = finders.find(parsed.path.lstrip("/"))
        except SuspiciousFileOperation:
            path = None
        if not path:
            raise ValueError("No such static file.")
        with open(path, "rb") as handle:
            return URLFetcherResponse(url, body=handle.read())


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render `templates/pdf/<template_name>` (which extends pdf/base.html) to PDF bytes."""
    html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=f"{STATIC_SCHEME}:/", url_fetcher=StaticOnlyFetcher())
    pdf: bytes = document.write_pdf()
    return pdf


def pdf_response(content: bytes, *, filename: str) -> HttpResponse:
    """The PDF shown in the browser for printing, saved under an ASCII name of our making."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
