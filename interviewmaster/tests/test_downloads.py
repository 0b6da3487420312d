"""interviewmaster.downloads: an export is made whole (cursors closed, the connection given back) before a byte of it
is sent, so a client that stops reading holds a file handle and nothing else."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory

from accounts.models import User
from accounts.tests.factories import CandidateFactory
from interviewmaster import downloads


def _emails():
    for email in User.objects.order_by("id").values_list("email", flat=True).iterator(chunk_size=2):
        yield email + "\n"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_connection_is_given_back_before_the_file_is_sent():
    """As at the end of a request (CONN_MAX_AGE 0: closed; with the pool: back in the pool), not when the last byte
    has been read by the client: its server-side cursor is closed with it."""
    emails = sorted(CandidateFactory().email for _ in range(5))
    response = downloads.spooled_download(RequestFactory().get("/"), _emails(), content_type="text/plain",
                                          filename="emails.txt")
    assert connection.connection is None
    assert sorted(b"".join(response.streaming_content).decode().split()) == emails
    assert connection.connection is None  # sending it read the file, not the database
    assert User.objects.count() == 5  # the next query opens (or borrows) one again


@pytest.mark.django_db
def test_a_connection_inside_a_transaction_is_left_as_it_is():
    """ATOMIC_REQUESTS or a test's transaction: closing the connection there would break the transaction."""
    CandidateFactory()
    response = downloads.spooled_download(RequestFactory().get("/"), _emails(), content_type="text/plain",
                                          filename="emails.txt")
    assert connection.in_atomic_block and not connection.needs_rollback
    assert User.objects.count() == 1
    response.close()


def test_a_failed_export_closes_its_reading_and_its_file(monkeypatch):
    closed = []

    def chunks():
        try:
            yield "a" * 10
            raise RuntimeError("the database went away")
        finally:
            closed.append("chunks")

    made = []
    real = downloads.tempfile.SpooledTemporaryFile

    def spooled(*args, **kwargs):
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(downloads.tempfile, "SpooledTemporaryFile", spooled)
    with pytest.raises(RuntimeError):
        downloads.spool(chunks())
    assert closed == ["chunks"] and made[0].closed


def test_past_the_memory_limit_the_export_is_on_disk(monkeypatch):
    monkeypatch.setattr(downloads, "SPOOL_MEMORY_BYTES", 1024)
    small = downloads.spool(["x" * 100])
    large = downloads.spool("é" * 100 for _ in range(20))
    assert not small._rolled and large._rolled
    assert large.read() == ("é" * 2000).encode()
    small.close()
    large.close()
