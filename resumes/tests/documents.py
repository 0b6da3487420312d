"""Builders for the test documents: each test makes the files it needs (PDFs with reportlab, DOCX with python-docx)."""

from __future__ import annotations

import io
import zipfile

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

SAMPLE_LINES = [
    "Jane Example",
    "jane.example@example.com | +1 415 555 0134 | linkedin.com/in/jane-example",
    "",
    "SUMMARY",
    "Backend engineer with 6+ years of experience building APIs.",
    "",
    "SKILLS",
    "Python, Django, PostgreSQL, Redis, Docker, Kubernetes, AWS",
    "",
    "EXPERIENCE",
    "Senior Backend Engineer, Acme Corp",
    "Jan 2020 - Present",
    "- Built REST APIs with Django and Celery on PostgreSQL.",
    "- Moved services to k8s with Terraform.",
    "Software Engineer at Initech | 2016 - 2019",
    "- Java and Spring Boot services; Kafka pipelines.",
    "",
    "EDUCATION",
    "BSc Computer Science, University of Example, 2016",
]


def pdf_bytes(lines: list[str] | None = None, *, pages: int = 1) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    _, height = A4
    for _ in range(pages):
        y = height - 60
        for line in lines if lines is not None else SAMPLE_LINES:
            pdf.drawString(60, y, line)
            y -= 15
            if y < 60:
                pdf.showPage()
                y = height - 60
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def two_column_pdf_bytes(left: list[str], right: list[str]) -> bytes:
    """Two columns drawn row by row (left, right, left, right...): naive extraction interleaves them."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    y = height - 60
    for index in range(max(len(left), len(right))):
        if index < len(left):
            pdf.drawString(50, y, left[index])
        if index < len(right):
            pdf.drawString(width / 2 + 20, y, right[index])
        y -= 15
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def image_only_pdf_bytes() -> bytes:
    """A 'scanned' page: only drawn shapes and an image, no text layer."""
    from PIL import Image

    image = Image.new("RGB", (200, 100), "white")
    for x in range(20, 180):
        image.putpixel((x, 50), (0, 0, 0))
    image_buffer = io.BytesIO()
    image.save(image_buffer, format="PNG")
    image_buffer.seek(0)
    from reportlab.lib.utils import ImageReader

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawImage(ImageReader(image_buffer), 60, 500, width=400, height=200)
    pdf.rect(50, 50, 300, 100)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def encrypted_pdf_bytes(password: str = "s3cret") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf_bytes())).pages:
        writer.add_page(page)
    writer.encrypt(user_password=password, owner_password=password + "-owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def many_pages_pdf_bytes(pages: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(lines: list[str] | None = None, *, table: list[list[str]] | None = None, header: str = "",
               footer: str = "") -> bytes:
    import docx

    document = docx.Document()
    for line in lines if lines is not None else SAMPLE_LINES:
        document.add_paragraph(line)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if footer:
        section.footer.paragraphs[0].text = footer
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx_bytes(uncompressed_mb: int = 200) -> bytes:
    """A real DOCX plus one part that inflates to `uncompressed_mb` MB from a few hundred KB."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(["Short resume text with Python and Django skills."])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for item in source.infolist():
            bomb.writestr(item, source.read(item.filename))
        chunk = b"\0" * (1024 * 1024)
        with bomb.open("word/media/padding.bin", "w", force_zip64=True) as handle:
            for _ in range(uncompressed_mb):
                handle.write(chunk)
    return out.getvalue()


def deflate_bomb_pdf_bytes(uncompressed_mb: int = 300) -> bytes:
    """A valid one-page PDF of about 1 MB whose page content (FlateDecode, lines of text drawing) inflates to
    `uncompressed_mb` MB: a decompression bomb that is not damaged in any way."""
    import zlib

    line = b"BT /F1 10 Tf 60 700 Td (Python Django PostgreSQL Redis Docker) Tj ET\n"
    megabyte = line * (1024 * 1024 // len(line))
    packer = zlib.compressobj(9)
    content = b"".join(packer.compress(megabyte) for _ in range(uncompressed_mb)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%b\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%b\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def exe_bytes() -> bytes:
    """The start of a Windows PE executable (what a renamed .exe looks like)."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 400


def corrupt_pdf_bytes() -> bytes:
    return b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF"
