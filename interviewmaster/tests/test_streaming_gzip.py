"""A streamed response is compressed as ONE gzip member, each chunk decodable as soon as it arrives.

Django's GZipMiddleware made every chunk of an async stream (every stream under ASGI) a gzip member of its own, and
Chromium decodes only the first member: a resume download stopped at 64 KB and the tutor-hint stream after its first
event. The browser tests beside the resume and study pages show both in Chromium; these pin the bytes."""

from __future__ import annotations

import asyncio
import zlib

import pytest
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from interviewmaster.streaming import GZipMiddleware

CHUNKS = [b"event: queued\ndata: {}\n\n", b"event: delta\ndata: {\"text\": \"one \"}\n\n",
          b"event: done\ndata: {\"level\": 1}\n\n"]


def _middleware(response):
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br, zstd")
    return GZipMiddleware(lambda r: response)(request)


def _sync_chunks(response) -> list[bytes]:
    return list(response.streaming_content)


def _async_chunks(response) -> list[bytes]:
    async def read():
        return [chunk async for chunk in response.streaming_content]

    return asyncio.run(read())


def _decode_as_a_browser_does(chunks: list[bytes]) -> tuple[list[bytes], bytes]:
    """What each arriving chunk lets a decoder show, and what it left undecoded (a second gzip member)."""
    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    shown = [decoder.decompress(chunk) for chunk in chunks]
    return shown, decoder.unused_data


async def _agen(items):
    for item in items:
        yield item


@pytest.mark.parametrize("kind", ["async", "sync"])
def test_a_stream_is_one_gzip_member_and_every_event_decodes_on_arrival(kind):
    body = _agen(CHUNKS) if kind == "async" else iter(CHUNKS)
    response = _middleware(StreamingHttpResponse(body, content_type="text/event-stream"))
    assert response["Content-Encoding"] == "gzip"
    assert response.is_async is (kind == "async")

    chunks = _async_chunks(response) if kind == "async" else _sync_chunks(response)
    shown, left_over = _decode_as_a_browser_does(chunks)
    assert left_over == b"", "a second gzip member: Chromium drops everything after the first"
    assert b"".join(shown) == b"".join(CHUNKS)
    # the header, then one decodable piece per event (nothing held back until the end), then the trailer
    assert shown[1:-1] == CHUNKS


def test_a_large_file_streamed_under_asgi_decodes_whole():
    """A 300 KB resume, read in blocks: the whole file comes out of one member (it stopped at the first block)."""
    import io
    import os

    data = os.urandom(150_000) + b"%PDF text " * 15_000
    response = FileResponse(io.BytesIO(data), as_attachment=True, filename="cv.pdf")
    blocks = list(response.streaming_content)
    assert len(blocks) > 1
    response.streaming_content = _agen(blocks)  # what interviewmaster.streaming.stream_body does under ASGI
    response = _middleware(response)
    shown, left_over = _decode_as_a_browser_does(_async_chunks(response))
    assert left_over == b""
    assert b"".join(shown) == data


def test_what_django_leaves_alone_stays_alone():
    already = StreamingHttpResponse(_agen([b"x" * 300]), headers={"Content-Encoding": "br"})
    assert _middleware(already)["Content-Encoding"] == "br"

    request = RequestFactory().get("/")  # no Accept-Encoding
    plain = GZipMiddleware(lambda r: StreamingHttpResponse(iter([b"abc"])))(request)
    assert not plain.has_header("Content-Encoding")
    assert b"".join(plain.streaming_content) == b"abc"

    page = _middleware(HttpResponse(b"<p>hello</p>" * 100))  # a page: Django's own compression, one member
    assert zlib.decompress(page.content, 16 + zlib.MAX_WBITS) == b"<p>hello</p>" * 100
