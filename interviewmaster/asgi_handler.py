"""Django's HTTP handler for ASGI with the middleware and view run synchronously in one worker-thread hop.

Django's own `ASGIHandler` builds an async middleware chain. Our middleware stack is synchronous in places (WhiteNoise,
ours), so Django adapts at every change of mode: the request went from the event loop into a thread for the outer
middleware (`sync_to_async`), back onto the event loop for the URL resolution (`async_to_sync` around
`_get_response_async`), and into a thread again for the (synchronous) view: three switches between the event loop and
a thread per request, each a handful of wake-ups, futures and context copies. Measured in-process with the production
settings that was most of /health's CPU (2 ms under ASGI against 0.2 ms through the WSGI handler) and several ms of
every page's.

`SyncChainASGIHandler` builds the synchronous chain Django's WSGI handler uses (middleware in their sync mode, the
view called directly, an async view adapted by Django as under WSGI) and enters it with one `sync_to_async` in the
request's thread-sensitive context: the same middleware, in the same order, with the same exceptions-to-responses
conversion; only the mode switches in between are gone. Disconnect handling, streaming and the
request_started/request_finished signals stay Django's ASGI code.

Body reading is Django's with two changes:
* a ceiling, REQUEST_BODY_MAX_BYTES: Django read any body whole (into a temporary file past
  FILE_UPLOAD_MAX_MEMORY_SIZE) before a view could refuse it, so an anonymous 3 GB POST to /health filled the disk.
  A larger declared Content-Length is refused before reading, a larger body as soon as it passes the ceiling (413):
  under /api/ with the JSON envelope at once; a page's request is run again without its body, as a GET, through
  the middleware with `interviewmaster.urls_too_large` as its URLconf, so that it gets the site's 413 page (or an
  htmx fragment, or the envelope for a script sending JSON) with the user, styles and security headers of any page;
* a chunked body (Transfer-Encoding: chunked, no Content-Length) gets the Content-Length of what was read: DRF took
  a body without one for empty, and a PATCH answered 200 having changed nothing.
"""

from __future__ import annotations

import asyncio
import tempfile

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpResponse, JsonResponse


class BodyTooLarge(Exception):
    pass


def _declared_length(scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _too_large_response(scope) -> HttpResponse:
    from interviewmaster.api import error_body  # after django.setup(): the API module loads DRF

    message = f"The request body is larger than {settings.REQUEST_BODY_MAX_BYTES // (1024 * 1024)} MB."
    if scope.get("path", "").startswith("/api/"):
        response = JsonResponse(error_body("request_too_large", message), status=413)
    else:
        response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
    # Answered before the middleware (which adds these to every other response): the same headers by hand, from the
    # settings SecurityMiddleware reads; a text or JSON refusal loads nothing, so its policy allows nothing.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    response["Referrer-Policy"] = settings.SECURE_REFERRER_POLICY
    return response


_TOO_LARGE = "interviewmaster.too_large"  # in the scope of a page request answered with the 413 page
_BODILESS_HEADERS = (b"content-length", b"transfer-encoding")


def _too_large_scope(scope) -> dict:
    """The request again as a GET without a body, marked for the 413 page's URLconf."""
    headers = [(name, value) for name, value in scope.get("headers", []) if name not in _BODILESS_HEADERS]
    return {**scope, "method": "GET", "headers": headers, _TOO_LARGE: True}


def _receive_nothing():
    """An ASGI `receive` for a request whose body is not read: one empty body, then nothing until the task is
    cancelled (Django listens for a disconnect while the view runs; the real `receive` still holds the unread body)."""
    sent = []

    async def receive():
        if not sent:
            sent.append(True)
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()

    return receive


class SyncChainASGIHandler(ASGIHandler):
    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)
        self._middleware_chain = sync_to_async(self._middleware_chain, thread_sensitive=True)

    async def handle(self, scope, receive, send):
        declared = _declared_length(scope)
        try:
            if declared is not None and declared > settings.REQUEST_BODY_MAX_BYTES:
                raise BodyTooLarge()
            await super().handle(scope, receive, send)
        except BodyTooLarge:
            if scope.get("path", "").startswith("/api/") or scope.get(_TOO_LARGE):
                await self.send_response(_too_large_response(scope), send)
            else:
                await super().handle(_too_large_scope(scope), _receive_nothing(), send)

    async def read_body(self, receive):
        """Django's `read_body`, stopped at REQUEST_BODY_MAX_BYTES (BodyTooLarge)."""
        body_file = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE, mode="w+b")
        size, limit = 0, settings.REQUEST_BODY_MAX_BYTES
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                body_file.close()
                raise RequestAborted()
            if "body" in message:
                size += len(message["body"])
                if size > limit:
                    body_file.close()
                    raise BodyTooLarge()
                body_file.write(message["body"])
            if not message.get("more_body", False):
                break
        body_file.seek(0)
        return body_file

    def create_request(self, scope, body_file):
        if scope.get(_TOO_LARGE):
            request, error = super().create_request(scope, body_file)
            if request is not None:
                request.urlconf = "interviewmaster.urls_too_large"
            return request, error
        if _declared_length(scope) is None:
            size = body_file.seek(0, 2)
            body_file.seek(0)
            if size:  # a chunked body: its length, as if it had been declared
                scope = {**scope, "headers": [*scope.get("headers", []), (b"content-length", str(size).encode())]}
        return super().create_request(scope, body_file)


def get_asgi_application() -> SyncChainASGIHandler:
    """What `django.core.asgi.get_asgi_application` does, with the one-hop handler."""
    import django

    django.setup(set_prefix=False)
    return SyncChainASGIHandler()
