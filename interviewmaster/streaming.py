"""One way to stream a response body, whichever server runs the request.

Django reads a `StreamingHttpResponse` the way its handler runs: the WSGI handler (and the test `Client`) iterates it
synchronously, the ASGI handler asynchronously. Given a synchronous iterator, the ASGI handler reads it to the end in
a thread first ("StreamingHttpResponse must consume synchronous iterators...", Django warns): nothing reaches the
client until the last chunk is made, and a stream that waits (the tutor-hint stream polls for up to
`STUDY_HINT_WAIT_SECONDS`) holds a thread asleep all the while.

A stream is written once, as a synchronous generator of chunks (it may use the ORM as any view does); where it has to
wait it yields `Pause(seconds)` instead of sleeping. `stream_body(request, chunks)` gives Django the body it reads
for this request: under WSGI the same generator (a pause is a `time.sleep`); under ASGI an async iterator that makes
each chunk in the request's own thread (`sync_to_async`, thread-sensitive: the connection and any open cursor stay
on one thread), sends it at once, and waits on the event loop, with no thread held asleep.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from gzip import GzipFile

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware
from django.utils.text import StreamingBuffer, _get_random_filename

_END = object()


class Pause(float):
    """Yielded by a stream: wait this many seconds before making the next chunk (sent to nobody)."""


def served_by_asgi(request) -> bool:
    """True when the ASGI handler serves `request` (a Django request, or DRF's wrapping one)."""
    return isinstance(getattr(request, "_request", request), ASGIRequest)


def stream_body(request, chunks: Iterable) -> Iterator | AsyncIterator:
    """The body to give `StreamingHttpResponse` (or to set as a `FileResponse`'s `streaming_content`) for `request`:
    `chunks` read synchronously under WSGI, asynchronously and chunk by chunk under ASGI."""
    return _async_body(iter(chunks)) if served_by_asgi(request) else _sync_body(iter(chunks))


def _close(chunks: Iterator) -> None:
    close = getattr(chunks, "close", None)
    if close is not None:
        close()


def _sync_body(chunks: Iterator) -> Iterator:
    try:
        for chunk in chunks:
            if isinstance(chunk, Pause):
                time.sleep(chunk)
            else:
                yield chunk
    finally:
        _close(chunks)


async def _async_body(chunks: Iterator) -> AsyncIterator:
    step = sync_to_async(next, thread_sensitive=True)
    try:
        while (chunk := await step(chunks, _END)) is not _END:
            if isinstance(chunk, Pause):
                await asyncio.sleep(chunk)
            else:
                yield chunk
    finally:
        await sync_to_async(_close, thread_sensitive=True)(chunks)


class GZipMiddleware(DjangoGZipMiddleware):
    """Django's GZipMiddleware, with a streamed body compressed as ONE gzip stream, flushed after every chunk.

    Django compresses an async stream (every stream under ASGI: `stream_body` above) chunk by chunk, each chunk a
    gzip member of its own. Chromium decodes the first member and drops the rest without an error: a resume downloaded
    from its page stopped at 64 KB, and the tutor-hint stream ended after its `queued` event, so "The tutor is
    thinking…" never went away. A synchronous stream (WSGI) was one member but flushed only at the end, so the hint's
    events arrived all at once. Here both kinds are one member, with a sync flush after each chunk: every chunk is
    decodable as soon as it arrives.

    Django's BREACH mitigation (a random-length file name in the gzip header) pads the stream once, in its header,
    not each chunk: a stream's chunk lengths are those of its compressed content (Django's own async path padded
    every member). That is safe only because no stream carries a secret next to text an attacker chooses: the hint
    events, a resume's own file, the task export. A stream that ever does must not be compressed."""

    def process_response(self, request, response):
        if not response.streaming or response.has_header("Content-Encoding"):
            return super().process_response(request, response)
        is_async = response.is_async
        original = response.streaming_content  # read before Django wraps it; its own wrapper is then never used
        response = super().process_response(request, response)
        if response.get("Content-Encoding") == "gzip":
            chunks = _gzip_async(original, self.max_random_bytes) if is_async else _gzip_sync(original,
                                                                                               self.max_random_bytes)
            response.streaming_content = chunks
        return response


def _gzip_file(max_random_bytes) -> tuple[StreamingBuffer, GzipFile]:
    buffer = StreamingBuffer()
    filename = _get_random_filename(max_random_bytes) if max_random_bytes else None
    return buffer, GzipFile(filename=filename, mode="wb", compresslevel=6, fileobj=buffer, mtime=0)


def _gzip_sync(chunks: Iterable[bytes], max_random_bytes) -> Iterator[bytes]:
    buffer, zfile = _gzip_file(max_random_bytes)
    with zfile:
        yield buffer.read()  # the header
        for chunk in chunks:
            zfile.write(chunk)
            zfile.flush()  # Z_SYNC_FLUSH: this chunk decodes on arrival
            yield buffer.read()
    yield buffer.read()  # the trailer


async def _gzip_async(chunks: AsyncIterator[bytes], max_random_bytes) -> AsyncIterator[bytes]:
    buffer, zfile = _gzip_file(max_random_bytes)
    with zfile:
        yield buffer.read()
        async for chunk in chunks:
            zfile.write(chunk)
            zfile.flush()
            yield buffer.read()
    yield buffer.read()
