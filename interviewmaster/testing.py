"""What tests of every app share (imported by tests only)."""

from __future__ import annotations


def error_of(response) -> tuple[int, str]:
    """(status, error code) of an API error response, so a permission test asserts both."""
    return response.status_code, response.json()["error"]["code"]
