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

`json_chunks(document)` writes a JSON document as such a stream: the text `json.dumps` would give, made piece by
piece, where the lists that grow with use (rows read from the database) are iterators read as they are written and the
sections are `Members` made when their turn comes. `batched(texts)` joins small pieces into chunks of a useful size.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from gzip import GzipFile
from itertools import chain
from typing import Any

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


def batched(texts: Iterable[str], size: int = 200) -> Iterator[str]:
    """`texts` joined `size` at a time: a stream sends chunks of some kilobytes, not one per row."""
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) >= size:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


class Members:
    """A JSON object whose members are read one at a time as it is written: `pairs` yields (name, value), so each
    value is made only when its turn comes (a section of "download my data") and is dropped once written."""

    def __init__(self, pairs: Iterable[tuple[str, Any]]):
        self.pairs = pairs

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return iter(self.pairs)


def _holds_lazy(value) -> bool:
    if isinstance(value, Members | Iterator):
        return True
    if isinstance(value, dict):
        return any(_holds_lazy(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_holds_lazy(v) for v in value)
    return False


def materialized(value):
    """`value` with every `Members` made a dict and every iterator a list: what `json_chunks` writes, in memory."""
    if isinstance(value, Members):
        return {key: materialized(v) for key, v in value}
    if isinstance(value, dict):
        return {key: materialized(v) for key, v in value.items()} if _holds_lazy(value) else value
    if isinstance(value, list | tuple | Iterator):
        return [materialized(v) for v in value] if _holds_lazy(value) else list(value)
    return value


def json_chunks(document, *, indent: int | None = None, separators: tuple[str, str] | None = None,
                size: int = 200, **dumps_options) -> Iterator[str]:
    """The text of `json.dumps(materialized(document), indent=..., separators=..., **dumps_options)` in chunks of
    about `size` pieces, made as they are sent. `Members` and iterators inside `document` are read only as they are
    written, so memory holds a row at a time, not the document: an iterator of rows (e.g. a queryset's `.iterator()`)
    is written as a JSON array whose items are each plain JSON data, dumped whole."""
    return batched(_JsonWriter(indent, separators, dict(dumps_options)).write(document, 0), size)


class _JsonWriter:
    """`json.dumps`'s layout, written piece by piece (see `json_chunks`)."""

    def __init__(self, indent: int | None, separators: tuple[str, str] | None, options: dict):
        self.indent = indent
        self.item_sep, self.key_sep = separators or ((",", ": ") if indent is not None else (", ", ": "))
        cls = options.pop("cls", None) or json.JSONEncoder  # made once: json.dumps makes one per call
        self.encode = cls(**options, indent=indent, separators=(self.item_sep, self.key_sep)).encode

    def newline(self, level: int) -> str:
        return "" if self.indent is None else "\n" + " " * (self.indent * level)

    def dumps(self, value, level: int) -> str:
        text = self.encode(value)
        # indented at `level`; a newline inside a string is written "\\n", so every newline here is layout
        return text if self.indent is None else text.replace("\n", self.newline(level))

    def write(self, value, level: int) -> Iterator[str]:
        if isinstance(value, Members):
            yield from self.container("{}", iter(value), level, self.member)
        elif isinstance(value, dict) and _holds_lazy(value):
            yield from self.container("{}", iter(value.items()), level, self.member)
        elif isinstance(value, Iterator):  # rows: plain data, one dump each
            yield from self.container("[]", value, level, lambda row, inner: [self.dumps(row, inner)])
        elif isinstance(value, list | tuple) and _holds_lazy(value):
            yield from self.container("[]", iter(value), level, self.write)
        else:
            yield self.dumps(value, level)

    def member(self, pair: tuple[str, Any], level: int) -> Iterator[str]:
        key, value = pair
        yield self.dumps(key, level) + self.key_sep
        yield from self.write(value, level)

    def container(self, brackets: str, entries: Iterator, level: int, write_entry) -> Iterator[str]:
        first = next(entries, _END)
        if first is _END:
            yield brackets
            return
        yield brackets[0]
        for n, entry in enumerate(chain([first], entries)):
            yield (self.item_sep if n else "") + self.newline(level + 1)
            yield from write_entry(entry, level + 1)
        yield self.newline(level) + brackets[1]


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
