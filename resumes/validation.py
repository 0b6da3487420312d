"""Upload checks by content, never by the file name: magic bytes first, then a real (cheap) open.

A file that passes is a PDF or a DOCX that the parsers can at least open; deeper problems (password, no text layer,
too many pages, zip bomb) are found by the parse task and end in `failed` with a reason the candidate can act on.
"""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from resumes.errors import EmptyFile, FileTooLarge, UnsupportedFile
from resumes.models import FileKind

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
# Well-known signatures, only to tell the user what they sent instead of a resume.
_KNOWN_SIGNATURES = [
    (b"MZ", "a Windows program (.exe)"),
    (b"\x7fELF", "a Linux program"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Word/Office (.doc) file; save it as DOCX or PDF"),
    (b"{\\rtf", "an RTF document; save it as DOCX or PDF"),
]


@dataclass(frozen=True)
class CheckedUpload:
    kind: str
    size: int
    sha256: str


def max_upload_bytes() -> int:
    return settings.RESUME_MAX_UPLOAD_BYTES


def _describe(head: bytes) -> str:
    for signature, description in _KNOWN_SIGNATURES:
        if head.startswith(signature):
            return description
    return "not a PDF or DOCX file"


def _read_all(file: BinaryIO, limit: int) -> bytes:
    file.seek(0)
    data = file.read(limit + 1)
    file.seek(0)
    return data


def _opens_as_pdf(data: bytes) -> bool:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return True  # a real PDF; the parse task explains that it is password-protected
        return len(reader.pages) >= 0
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        logger.info("upload rejected: PDF header but pypdf cannot open it (%s)", type(exc).__name__)
        return False


def _opens_as_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        logger.info("upload rejected: ZIP header but not a readable archive (%s)", type(exc).__name__)
        return False
    return "[Content_Types].xml" in names and "word/document.xml" in names


def check_upload(file: BinaryIO, *, size: int | None = None) -> CheckedUpload:
    """Raise EmptyFile (400), FileTooLarge (413) or UnsupportedFile (415); return kind, size and digest otherwise."""
    limit = max_upload_bytes()
    if size is not None and size > limit:
        raise FileTooLarge(f"The file is {size / 1_048_576:.1f} MB; the limit is {limit / 1_048_576:.0f} MB.")
    data = _read_all(file, limit)
    if len(data) == 0:
        raise EmptyFile()
    if len(data) > limit:
        raise FileTooLarge(f"The file is larger than the {limit / 1_048_576:.0f} MB limit.")
    head = data[:1024]
    if PDF_MAGIC in head:
        if not _opens_as_pdf(data):
            raise UnsupportedFile("The file starts like a PDF but cannot be opened; it may be damaged. "
                                  "Export it again and upload the new copy.")
        kind = FileKind.PDF
    elif data.startswith(ZIP_MAGIC):
        if not _opens_as_docx(data):
            raise UnsupportedFile("The file is a ZIP archive but not a Word (DOCX) document.")
        kind = FileKind.DOCX
    else:
        raise UnsupportedFile(f"The file is {_describe(head)}. Only PDF and Word (DOCX) resumes are accepted.")
    return CheckedUpload(kind=kind, size=len(data), sha256=hashlib.sha256(data).hexdigest())
