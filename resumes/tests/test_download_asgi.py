"""The resume download through the ASGI application (uvicorn serves it in production): the file is sent block by block
as it is read, not read into a list first (Django's warning for a synchronous iterator under ASGI)."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from channels.testing import HttpCommunicator
from rest_framework_simplejwt.tokens import AccessToken

from resumes.tests.factories import ResumeFactory

CONTENT = b"%PDF-1.4\n" + bytes(range(256)) * 1_000  # 256 kB: several ASGI body messages


@pytest.mark.django_db(transaction=True)
async def test_a_resume_file_is_sent_as_it_is_read_under_asgi(recwarn):
    from interviewmaster.asgi import application

    resume = await database_sync_to_async(ResumeFactory)(content=CONTENT, original_filename="My CV.pdf")
    token = str(await database_sync_to_async(AccessToken.for_user)(resume.owner))
    communicator = HttpCommunicator(application, "GET", f"/api/v1/resumes/{resume.id}/file",
                                    headers=[(b"host", b"testserver"), (b"authorization", f"Bearer {token}".encode())])
    await communicator.send_input({"type": "http.request", "body": b""})
    start = await communicator.receive_output(10)
    assert start["status"] == 200
    headers = dict(start["headers"])
    assert headers[b"Content-Disposition"] == b'attachment; filename="My CV.pdf"'
    assert headers[b"Content-Length"] == str(len(CONTENT)).encode()
    parts = []
    while (message := await communicator.receive_output(10)).get("more_body"):
        parts.append(message["body"])
    assert b"".join(parts) + message.get("body", b"") == CONTENT
    assert not [w for w in recwarn if "must consume synchronous iterators" in str(w.message)]
