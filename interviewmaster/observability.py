"""Request ids for every request and Celery task, carried into every log line (JSON by default)."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_VALID_INCOMING = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
HEADER = "X-Request-ID"


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_request_id() -> str:
    return request_id_var.get()


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record so formatters can print it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


# Paths whose last part is a secret: a planned interview's invitation (it also proves the invited mailbox to sign-up),
# the unlock link, allauth's email confirmation and password-reset keys. Django logs every 4xx with its path
# ("Forbidden: /planning/invite/<token>/", and the request's repr beside it in the JSON line), the access logs every
# request: the secret part is masked before any handler sees the record.
LINK_SECRET = re.compile(r"(/(?:planning/invite|accounts/unlock|accounts/confirm-email|accounts/password/reset/key)/)"
                         r"[^/\s?#'\"]+")
REDACTED = "[redacted]"
REDACTED_LOGGERS = ("django.request", "django.server", "uvicorn.access", "gunicorn.access")


def redact_links(text: str) -> str:
    return LINK_SECRET.sub(lambda match: match.group(1) + REDACTED, text)


class RedactLinksFilter(logging.Filter):
    """Masks the secret in a link's path (LINK_SECRET) in a record's message, arguments and `request`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact_links(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact_links(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: redact_links(v) if isinstance(v, str) else v for k, v in record.args.items()}
        request = getattr(record, "request", None)
        if request is not None and not isinstance(request, str) and LINK_SECRET.search(repr(request)):
            record.request = redact_links(repr(request))  # a JSON line prints the request's repr
        return True


def redact_links_in_logs() -> None:
    """Puts RedactLinksFilter on the loggers that print request paths (a logger's filter runs before every handler,
    also the ones a server configured itself)."""
    for name in REDACTED_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactLinksFilter) for f in logger.filters):
            logger.addFilter(RedactLinksFilter())


class RequestIdMiddleware:
    """Takes a sane incoming X-Request-ID or makes one; exposes it on the request and the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(HEADER, "")
        rid = incoming if _VALID_INCOMING.match(incoming) else new_request_id()
        # Not reset afterwards: Django logs "Not Found"/errors after the middleware chain returns, and those lines
        # must carry the id too. Each request sets its own value first thing (ASGI runs each in its own context).
        request_id_var.set(rid)
        request.request_id = rid
        response = self.get_response(request)
        response[HEADER] = rid
        return response


def connect_celery_signals() -> None:
    """Publish the current request id in task headers; restore it in the worker around each task."""
    from celery.signals import before_task_publish, task_postrun, task_prerun

    @before_task_publish.connect(weak=False)
    def _add_request_id(headers=None, **_kwargs):
        if headers is not None and "request_id" not in headers:
            headers["request_id"] = request_id_var.get() if request_id_var.get() != "-" else new_request_id()

    @task_prerun.connect(weak=False)
    def _bind_request_id(task=None, task_id=None, **_kwargs):
        rid = None
        if task is not None:
            rid = getattr(task.request, "request_id", None) or (task.request.headers or {}).get("request_id")
        request_id_var.set(rid or task_id or new_request_id())

    @task_postrun.connect(weak=False)
    def _unbind_request_id(**_kwargs):
        request_id_var.set("-")
