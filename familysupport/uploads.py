"""Uploaded scans: checked by their content, capped in size, stored under generated names,
and served only through views that have checked access to the family they belong to."""

import uuid

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

ALLOWED_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
HEAD_BYTES = 261


def _kind(head: bytes) -> str | None:
    kind = filetype.guess(head)
    return kind.mime if kind and kind.mime in ALLOWED_TYPES else None


def validate_scan(upload: File) -> None:
    """Accept a PDF, JPEG or PNG file, judged by its bytes rather than its name."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is too large; the limit is %(mb)d MB.")
            % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
        )
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if _kind(head) is None:
        raise ValidationError(_("Only a PDF file or a JPEG or PNG image can be attached."))


@deconstructible
class GeneratedPath:
    """upload_to that never uses the uploaded name: `<folder>/<random hex>`."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def __call__(self, instance: models.Model, filename: str) -> str:
        return f"{self.folder}/{uuid.uuid4().hex}"


def scan_response(scan: FieldFile, *, download_name: str) -> FileResponse:
    """Send a stored scan as an attachment with its type read from its content."""
    handle = scan.open("rb")
    mime = _kind(handle.read(HEAD_BYTES)) or "application/octet-stream"
    handle.seek(0)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{download_name}.{ALLOWED_TYPES.get(mime, 'bin')}",
        content_type=mime,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
