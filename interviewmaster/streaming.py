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

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest

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
