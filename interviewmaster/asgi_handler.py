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
conversion; only the mode switches in between are gone. Body reading, disconnect handling, streaming and the
request_started/request_finished signals stay Django's ASGI code.
"""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler


class SyncChainASGIHandler(ASGIHandler):
    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)
        self._middleware_chain = sync_to_async(self._middleware_chain, thread_sensitive=True)


def get_asgi_application() -> SyncChainASGIHandler:
    """What `django.core.asgi.get_asgi_application` does, with the one-hop handler."""
    import django

    django.setup(set_prefix=False)
    return SyncChainASGIHandler()
