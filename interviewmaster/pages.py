"""What every server-rendered page shares: showing a `DomainError` in the page (DESIGN §3)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render

from interviewmaster.errors import DomainError, NotFound


def act(request, action: Callable[[], object], success: str = "") -> bool:
    """Run a page's POST action that then redirects: a `NotFound` propagates (Django's 404 page); any other
    `DomainError` becomes an error message on the next page, success the `success` message. True if it succeeded."""
    try:
        action()
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    if success:
        messages.success(request, success)
    return True


def render_error(request, template: str, context: dict, error: DomainError) -> HttpResponse:
    """Render `template` (which shows `error.message`) with the error's status and headers (e.g. `Retry-After`)."""
    response = render(request, template, context, status=error.status_code)
    for name, value in error.headers.items():
        response[name] = value
    return response
