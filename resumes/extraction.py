"""Text out of PDF (pypdf) and DOCX (python-docx) files, with the safety limits applied before any heavy reading.

Every failure the candidate can fix becomes `ExtractionFailed(code, reason)` with a sentence that says what to do.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from itertools import islice
from typing import BinaryIO

from django.conf import settings
from pypdf import PdfReader, get_configuration
from pypdf.errors import FileNotDecryptedError, LimitReachedError, PdfReadError, PyPdfError

from resumes.errors import ExtractionFailed
from resumes.models import FileKind

logger = logging.getLogger(__name__)

_PDF_ERRORS = (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
               RecursionError, ZeroDivisionError)


@dataclass(frozen=True)
class ExtractedText:
    text: str
    pages: int


# --- whitespace ---------------------------------------------------------------------------------------------------
# A run of spaces becomes one space. A lone " " is left as it is, so the pattern skips it: most of a resume's spaces
# are lone ones, and replacing each with itself was a third of the cleaning time.
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]{2,}|[\t\u00a0\u2000-\u200b\u202f\u205f\u3000]")
_ODD_SPACE = re.compile(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000]")  # one of _SPACES's that is not " " or "\t"
_COLUMN_GAP = re.compile(r"(?<=[^\s:|,;])(?:[ \u00a0]{3,}|[ \u00a0]{0,2}\t[ \t\u00a0]{0,40})(?=[^\s:|,;\d])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200c-\u200f\u2028\u2029\u2060\ufeff\ue000-\uf8ff]")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
_HYPHENATED_BREAK = re.compile(r"(\w)-\n(\w)")
_WORD_CHAR = re.compile(r"\w")
# A bullet opening a line ("^" + _BULLET with re.MULTILINE): the bullet first and then the look back (no character but
# a line break before it), so that the regex engine skips to the bullet characters instead of trying every character.
_BULLET = "[\u2022\u25cf\u25aa\u25a0\u2023\u2043\u2219\uf0b7\uf0a7*\\-–]"
_BULLETS = re.compile(rf"{_BULLET}(?<![^\n]{_BULLET})\s*")


def _once(lines):
    """Each line once where a line repeats right after itself ("Senior Backend Engineer" twice: a profile page copied
    with its screen-reader text); blank lines are kept."""
    previous = None
    for line in lines:
        if not line or line != previous:
            yield line
        previous = line


def _collapse_spaces(text: str) -> str:
    """_SPACES replaced, after a look for anything to replace: most texts have nothing, and _SPACES tries two
    alternatives at every character (of ASCII, only " " and "\t" are in its classes)."""
    if "  " in text or "\t" in text or (not text.isascii() and _ODD_SPACE.search(text)):
        return _SPACES.sub(" ", text)
    return text


def _plain_ascii(text: str) -> bool:
    """ASCII with no character _CONTROL drops: of ASCII it drops every control character but tab, line feed and
    carriage return, and `isprintable()` is false for all those (and true for the rest), so with tabs and line breaks
    taken out it says the same in one quick pass where the pattern tries every character."""
    return text.isascii() and text.replace("\n", "").replace("\t", "").replace("\r", "").isprintable()


def clean_text(raw: str) -> str:
    """Normalise unicode, drop control characters, collapse spaces, keep paragraph breaks, turn bullets into '- '."""
    text = unicodedata.normalize("NFKC", raw).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.replace("\uf0b7", "•").replace("\uf0a7", "•")
    if not _plain_ascii(text):
        text = _CONTROL.sub("", text)
    if "   " in text or "\t" in text:  # a gap between two columns of a line ("Grab          Singapore") stays one
        text = _COLUMN_GAP.sub(" | ", text)
    text = _collapse_spaces(text)
    text = "\n".join(_once(line.strip() for line in text.split("\n")))
    if "-\n" in text:  # the pattern tries every letter; most texts have no hyphenated break at all
        text = _HYPHENATED_BREAK.sub(r"\1\2", text)
    text = _BULLETS.sub("- ", text)
    if "\n\n\n" in text:
        text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip()


def too_little_text(text: str) -> bool:
    """Fewer than RESUME_MIN_TEXT_CHARS word characters: counting stops at the minimum (no copy of the text)."""
    needed = settings.RESUME_MIN_TEXT_CHARS
    return needed > 0 and sum(1 for _ in islice(_WORD_CHAR.finditer(text), needed)) < needed


def bounded(raw: str) -> str:
    """At most RESUME_MAX_TEXT_CHARS characters (cut at a line break when there is one near the end): everything
    after extraction works on bounded text."""
    limit = settings.RESUME_MAX_TEXT_CHARS
    if len(raw) <= limit:
        return raw
    cut = raw.rfind("\n", limit - 2000, limit)
    logger.info("extracted text cut from %d to %d characters", len(raw), limit)
    return raw[: cut if cut > 0 else limit]


# --- PDF ----------------------------------------------------------------------------------------------------------
def _column_ordered(fragments: list[tuple[float, str, float]], page_width: float) -> str | None:
    """When a page is laid out in two columns, return the left column then the right; else None.

    `fragments` are (x, text, font_size) in content-stream order. The right column is the most common left edge in
    the middle of the page; it counts as a column when enough lines start there and the lines left of it end before it.
    """
    visible = [(x, t, size) for x, t, size in fragments if t.strip()]
    if len(visible) < 12 or page_width <= 0:
        return None
    starts = Counter(round(x) for x, _, _ in visible if 0.3 * page_width <= x <= 0.75 * page_width)
    if not starts:
        return None
    right_edge, count = starts.most_common(1)[0]
    right = [f for f in visible if f[0] >= right_edge - 2]
    left = [f for f in visible if f[0] < right_edge - 2]
    if len(right) < 6 or len(left) < 6 or count < 0.3 * len(visible):
        return None
    # Lines of the left part must end before the gutter (an average glyph is about half the font size wide).
    overlapping = sum(1 for x, t, size in left if x + 0.45 * size * len(t.rstrip("\n")) > right_edge + 4)
    if overlapping > 0.1 * len(left):
        return None
    join = "".join
    return join(t if t.endswith("\n") else t + "\n" for _, t, _ in left) + "\n" + join(
        t if t.endswith("\n") else t + "\n" for _, t, _ in right)


def _pdf_page_text(page) -> str:
    fragments: list[tuple[float, str, float]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text:
            fragments.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4], text, font_size * abs(cm[0] or 1)))

    plain = page.extract_text(visitor_text=visit)
    try:
        width = float(page.mediabox.width)
    except _PDF_ERRORS:
        width = 0.0
    return _column_ordered(fragments, width) or plain


def _unpacks_too_large(exc: Exception) -> bool:
    """pypdf stopped unpacking a stream at its output limit (a decompression bomb): the file is whole, only far too
    large once unpacked. Its other LimitReachedErrors (a loop in the page tree...) mean a damaged file."""
    message = str(exc)
    return isinstance(exc, LimitReachedError) and (message.startswith("Limit reached while decompressing")
                                                   or "maximum accumulated decoding work" in message)


def _pages_text(reader) -> str:
    """The pages' text, stopping once RESUME_MAX_TEXT_CHARS are read (a resume is never longer)."""
    parts, total = [], 0
    try:
        for page in reader.pages:
            parts.append(_pdf_page_text(page))
            total += len(parts[-1])
            if total > settings.RESUME_MAX_TEXT_CHARS:
                break
    except _PDF_ERRORS as exc:
        if _unpacks_too_large(exc):
            # A figure only for an output limit (each filter has its own: the smallest is true of any); the
            # accumulated decoding work is no size of text, so none for it (R2).
            config = get_configuration()
            smallest = min(getattr(config, name) for name in dir(config) if name.endswith("_maximum_output_length"))
            size = (f" (over {smallest // 1_000_000} MB once unpacked)"
                    if str(exc).startswith("Limit reached while decompressing") else " once unpacked")
            raise ExtractionFailed("pdf_too_large", f"This PDF holds more text than a resume can{size}; it was not "
                                   "read. Export a shorter one or upload a DOCX.") from exc
        raise ExtractionFailed("corrupt_pdf", "Part of the PDF is damaged and its text could not be read. Export "
                               "it again and upload the new copy.") from exc
    return "\n\n".join(parts)


def extract_pdf(file: BinaryIO) -> ExtractedText:
    max_pages = settings.RESUME_MAX_PAGES
    try:
        reader = PdfReader(file, strict=False)
    except _PDF_ERRORS as exc:
        raise ExtractionFailed("corrupt_pdf", "The PDF is damaged and could not be read. Export it again from your "
                               "editor and upload the new copy.") from exc
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")  # an owner password only (no user password) still lets us read it
        except (*_PDF_ERRORS, NotImplementedError) as exc:
            raise ExtractionFailed("encrypted_pdf", "The PDF is password-protected. Remove the password (print or "
                                   "export it to a new PDF) and upload it again.") from exc
        if not opened:
            raise ExtractionFailed("encrypted_pdf", "The PDF is password-protected. Remove the password (print or "
                                   "export it to a new PDF) and upload it again.")
    try:
        page_count = len(reader.pages)
    except (*_PDF_ERRORS, FileNotDecryptedError) as exc:
        raise ExtractionFailed("corrupt_pdf", "The PDF's page list is damaged and could not be read. Export it "
                               "again and upload the new copy.") from exc
    if page_count == 0:
        raise ExtractionFailed("empty_pdf", "The PDF has no pages.")
    if page_count > max_pages:
        raise ExtractionFailed("too_many_pages", f"The PDF has {page_count} pages; a resume may have at most "
                               f"{max_pages}. Upload a shorter version.")
    text = clean_text(bounded(_pages_text(reader)))
    if too_little_text(text):
        raise ExtractionFailed("no_text_layer", "The PDF has no text layer: it looks like a scanned image. Upload "
                               "the PDF exported from your editor (or a DOCX) so the text can be read.")
    return ExtractedText(text=text, pages=page_count)


# --- DOCX ---------------------------------------------------------------------------------------------------------
def check_zip_safety(data: bytes) -> None:
    """Refuse a zip bomb from the central directory alone: total uncompressed size, entry count, ratio."""
    max_total = settings.RESUME_DOCX_MAX_UNCOMPRESSED_BYTES
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ExtractionFailed("corrupt_docx", "The Word document is damaged and could not be opened. Save it "
                               "again and upload the new copy.") from exc
    if len(infos) > 2000:
        raise ExtractionFailed("docx_too_complex", "The Word document contains too many parts to be a resume.")
    total = sum(info.file_size for info in infos)
    compressed = sum(info.compress_size for info in infos) or 1
    if total > max_total or total / compressed > 200:
        raise ExtractionFailed("docx_zip_bomb", f"The Word document would unpack to {total / 1_048_576:.0f} MB, "
                               "far more than any resume; it was not opened. Save it again without embedded "
                               "objects and upload the new copy.")


def _is_layout_table(table) -> bool:
    """A table used to lay out the page (a sidebar beside a main column): some cell holds several paragraphs."""
    for row in table.rows[:3]:
        for cell in row.cells:
            if sum(1 for p in cell.paragraphs if p.text.strip()) > 2 or cell.tables:
                return True
    return False


def _layout_table_lines(table) -> list[str]:
    """Each cell of a layout table in reading order (row by row, left to right), one paragraph a line."""
    lines, seen = [], set()
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            lines.extend(_block_lines(cell))
            lines.append("")
    return lines


def _table_lines(table) -> list[str]:
    if _is_layout_table(table):
        return _layout_table_lines(table)
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # merged cells repeat the same element
                continue
            seen.add(id(cell._tc))
            value = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            for inner in cell.tables:
                value += " " + " ".join(_table_lines(inner))
            if value.strip():
                cells.append(value.strip())
        if cells:
            lines.append(" | ".join(cells))
    return lines


def _block_lines(container) -> list[str]:
    from docx.table import Table

    lines = []
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.append(block.text)
    return lines


def extract_docx(file: BinaryIO) -> ExtractedText:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    data = file.read()
    check_zip_safety(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ExtractionFailed("corrupt_docx", "The Word document is damaged and could not be opened. Save it "
                               "again and upload the new copy.") from exc
    except Exception as exc:  # noqa: BLE001 - lxml raises many types on malformed XML; all mean "damaged"
        logger.info("docx could not be parsed: %s", type(exc).__name__)
        raise ExtractionFailed("corrupt_docx", "The Word document is damaged and could not be opened. Save it "
                               "again and upload the new copy.") from exc
    header_lines, footer_lines, seen_parts = [], [], set()
    for section in document.sections:
        for part, sink in ((section.header, header_lines), (section.footer, footer_lines)):
            if part.is_linked_to_previous:
                continue
            key = id(part._element)
            if key in seen_parts:
                continue
            seen_parts.add(key)
            sink.extend(_block_lines(part))
    body = _block_lines(document)
    text = clean_text(bounded("\n".join([*header_lines, "", *body, "", *footer_lines])))
    if too_little_text(text):
        raise ExtractionFailed("no_text", "The Word document contains no text we could read.")
    pages = max(1, round(len(text) / 3000))  # DOCX has no fixed pages; about 3,000 characters a page
    return ExtractedText(text=text, pages=pages)


def extract_text(file: BinaryIO, kind: str) -> ExtractedText:
    if kind == FileKind.PDF:
        return extract_pdf(file)
    if kind == FileKind.DOCX:
        return extract_docx(file)
    raise ExtractionFailed("unsupported_file", "Only PDF and Word (DOCX) resumes can be read.")
