"""What every server-rendered page shares: showing a `DomainError` in the page (DESIGN §3)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from interviewmaster.errors import DomainError


def render_error(request, template: str, context: dict, error: DomainError) -> HttpResponse:
    """Render `template` (which shows `error.message`) with the error's status and headers (e.g. `Retry-After`)."""
    response = render(request, template, context, status=error.status_code)
    for name, value in error.headers.items():
        response[name] = value
    return response
