"""Uploaded scans: checked by their content, capped in size, stored under generated names,
and served only through views that have checked access to the family they belong to.

A scan is judged by what it is, not by what it says it is. A PDF must parse as a PDF and carry
nothing that acts when it is opened (JavaScript, launch actions, embedded files, forms that submit
themselves); an image is decoded and drawn again, so that what is stored is pixels only, without
the metadata (a phone's EXIF carries where the photo was taken) or anything hidden after them.
"""

import io
import uuid
import warnings

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

ALLOWED_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
HEAD_BYTES = 261
# Names in a PDF that make it act on its own when opened, or carry other files or scripts inside.
ACTIVE_PDF_NAMES = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/OpenAction",
        "/AA",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/FileAttachment",
        "/RichMedia",
        "/SubmitForm",
        "/ImportData",
        "/XFA",
        "/GoToE",
    }
)
# A scan of a few pages has a few hundred objects; a file built to exhaust the check has millions.
MAX_PDF_OBJECTS = 200_000
IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}


def _kind(head: bytes) -> str | None:
    kind = filetype.guess(head)
    return kind.mime if kind and kind.mime in ALLOWED_TYPES else None


def _pdf_is_active(reader: PdfReader) -> bool:
    """True when any object reachable from the document's trailer names an active feature."""
    seen: set[tuple[int, int]] = set()
    stack: list[object] = [reader.trailer]
    visited = 0
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            return True
        if isinstance(node, DictionaryObject):
            for name, value in node.items():
                if name in ACTIVE_PDF_NAMES or (isinstance(value, NameObject) and value in ACTIVE_PDF_NAMES):
                    return True
                stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return False


def _checked_pdf(content: bytes) -> None:
    try:
        reader = PdfReader(io.BytesIO(content), strict=True)
        if reader.is_encrypted:
            raise ValidationError(_("The PDF file is password-protected; attach it without a password."))
        len(reader.pages)
        active = _pdf_is_active(reader)
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, RecursionError):
        raise ValidationError(_("The file is not a readable PDF document.")) from None
    if active:
        raise ValidationError(
            _("The PDF file contains scripts, actions or attached files; attach a plain scan instead.")
        )


def _redrawn_image(content: bytes, mime: str) -> bytes:
    """The image decoded and encoded again: pixels only, no metadata, nothing appended."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                image.verify()
            with Image.open(io.BytesIO(content)) as decoded:
                decoded.load()
                pixels: Image.Image = decoded
                if mime == "image/jpeg" and decoded.mode not in ("RGB", "L"):
                    pixels = decoded.convert("RGB")
                out = io.BytesIO()
                pixels.save(out, format=IMAGE_FORMATS[mime])
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise ValidationError(_("The image cannot be read; scan it again as a JPEG or PNG file.")) from None
    return out.getvalue()


def safe_scan(upload: UploadedFile) -> UploadedFile:
    """Accept a PDF, JPEG or PNG file, judged by its bytes rather than its name, and return what
    is to be stored: the PDF as it came, once it parsed with nothing active in it; an image drawn
    anew. Raises ValidationError with the reason, in the user's language."""
    if upload.size is None or upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is too large; the limit is %(mb)d MB.")
            % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    mime = _kind(content[:HEAD_BYTES])
    if mime is None:
        raise ValidationError(_("Only a PDF file or a JPEG or PNG image can be attached."))
    if mime == "application/pdf":
        _checked_pdf(content)
        return upload
    redrawn = _redrawn_image(content, mime)
    return InMemoryUploadedFile(
        io.BytesIO(redrawn),
        field_name=getattr(upload, "field_name", None),
        name=f"scan.{ALLOWED_TYPES[mime]}",
        content_type=mime,
        size=len(redrawn),
        charset=None,
    )


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
