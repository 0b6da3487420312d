"""A download made whole before it is sent: the exports ("download my data", the task history).

Streamed straight from the database, an export kept its database connection, its server-side `.iterator()` cursors
and its worker thread until the client had read the last byte, and uvicorn has no write timeout: a client that stopped
reading held all of that for good (4 downloads an hour never read pinned 96 connections a day per account, and with
a small pool every other request then waited for a connection until it failed). Here `spooled_download` writes the
chunks into a `SpooledTemporaryFile` (in memory up to `SPOOL_MEMORY_BYTES`, then on disk: memory stays bounded),
closes the reading (its cursors with it), gives the connection back as Django does at the end of a request, and only
then sends the file: a slow reader holds a file handle, nothing else.

`one_export_at_a_time(user, kind)` lets one export of a kind run per user at a time (a slot, `hold_slot`): a second
one while the first is being made is refused 409 with a message, and the slot is given back however the first ends.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connections
from django.http import FileResponse

from interviewmaster.errors import ExportInProgress
from interviewmaster.streaming import served_by_asgi, stream_body
from interviewmaster.throttles import hold_slot, release_slot

SPOOL_MEMORY_BYTES = 2 * 2**20  # past this the export is written to a temporary file
SEND_BLOCK_BYTES = 64 * 2**10  # what one read of the spool sends (the ASGI handler sets its own chunk size)
PERSONAL_DATA, STUDY_HISTORY = "personal-data", "study-history"  # the kinds: one of each at a time per user
EXPORT_SLOT_SECONDS = 600  # a slot its process never gave back (it died) is free again after this


@contextmanager
def one_export_at_a_time(user, kind: str) -> Iterator[None]:
    """Hold this user's one slot for exports of `kind` while the block runs; raise `ExportInProgress` (409) when
    another request holds it. Given back when the block ends, by an error too."""
    key, holder = f"export:{kind}:{user.pk}", uuid.uuid4().hex
    if not hold_slot(key, holder, limit=1, lifetime=EXPORT_SLOT_SECONDS):
        raise ExportInProgress()
    try:
        yield
    finally:
        release_slot(key, holder)


def spool(chunks: Iterable[str | bytes]) -> tempfile.SpooledTemporaryFile:
    """`chunks` (text as UTF-8) written to a spooled file, rewound to its start. The chunks are read to the end (or
    closed on an error), so every cursor they opened is closed when this returns."""
    file = tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY_BYTES, mode="w+b")
    chunks = iter(chunks)
    try:
        try:
            for chunk in chunks:
                file.write(chunk.encode() if isinstance(chunk, str) else chunk)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
        file.seek(0)
    except BaseException:
        file.close()
        raise
    return file


def release_connections() -> None:
    """Give back the database connections now, as Django does when a request ends (`close_old_connections` on
    `request_finished`): closed with CONN_MAX_AGE 0, returned to the pool with psycopg's pool, kept if persistent and
    still fresh. A connection inside a transaction (ATOMIC_REQUESTS, a test's TestCase) is left as it is: closing it
    would break that transaction. A later query in this request opens (or borrows) one again."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def spooled_download(request, chunks: Iterable[str | bytes], *, content_type: str, filename: str) -> FileResponse:
    """The attachment `filename` holding `chunks`, made whole (see the module) before anything is sent; the database
    is done with when this returns. Under ASGI the file is read a block at a time as it is sent (`stream_body`)."""
    file = spool(chunks)
    release_connections()
    response = FileResponse(file, content_type=content_type, as_attachment=True, filename=filename)
    response.block_size = SEND_BLOCK_BYTES
    if served_by_asgi(request):  # not read into a list first (Django's warning for a sync iterator under ASGI)
        response.streaming_content = stream_body(request, response.streaming_content)
    return response
