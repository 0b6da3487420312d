"""The project's one base for domain errors (DESIGN §3) and the codes every app shares.

Each app's `errors.py` holds that app's error classes and a `StrEnum` of its own codes (saleor's `error_codes.py`
is the model); no error class lives anywhere else. A meaning has exactly one code across the product: every 404 is
`not_found`, every 429 is `throttled`, every field-validation 400 is `invalid`. The one DRF exception handler
(`interviewmaster.api.exception_handler`) maps a `DomainError` to `{"error": {"code", "message", "fields"}}` with its
`status_code` and sets its `headers` (e.g. `Retry-After`).
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import BadRequest
from django.http import Http404


class ErrorCode(StrEnum):
    """Codes shared by every app: the generic meanings and the ones the API plumbing itself answers with."""

    DOMAIN_ERROR = "domain_error"
    INVALID = "invalid"  # field errors in `fields`
    MALFORMED_REQUEST = "malformed_request"
    AUTHENTICATION_FAILED = "authentication_failed"
    NOT_AUTHENTICATED = "not_authenticated"
    PERMISSION_DENIED = "permission_denied"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    NOT_ACCEPTABLE = "not_acceptable"
    CONFLICT = "conflict"
    INVALID_TRANSITION = "invalid_transition"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    THROTTLED = "throttled"
    SERVICE_UNAVAILABLE = "service_unavailable"
    INTERNAL_ERROR = "internal_error"
    INVALID_INTERVIEW_CONFIG = "invalid_interview_config"


class DomainError(Exception):
    """A business rule said no. Carries a stable `code`, a human `message`, an HTTP status and optional response
    `headers` for the API (the exception handler copies them onto the response)."""

    code: str = ErrorCode.DOMAIN_ERROR
    status_code: int = 400
    default_message: str = "The request could not be completed."

    def __init__(self, message: str | None = None, *, code: str | None = None, fields: dict | None = None,
                 status_code: int | None = None, headers: dict[str, str] | None = None):
        self.message = message or self.default_message
        if code:
            self.code = code
        if status_code:
            self.status_code = status_code
        self.fields = fields or {}
        self.headers = dict(headers or {})
        super().__init__(self.message)


class Invalid(DomainError):
    """Input that a service (not a serializer) found invalid; one message per bad field in `fields`."""

    code = ErrorCode.INVALID
    status_code = 400
    default_message = "Some fields are invalid."


class NotFound(DomainError, Http404):
    """The one "not found": a selector that fetches one object raises its app's subclass of this (it never returns
    None). The API answers 404 `not_found`; in a page it is an `Http404`, so Django renders the 404 page."""

    code = ErrorCode.NOT_FOUND
    status_code = 404
    default_message = "Not found."


class PermissionDenied(DomainError):
    code = ErrorCode.PERMISSION_DENIED
    status_code = 403
    default_message = "You do not have permission to do that."


class Conflict(DomainError):
    code = ErrorCode.CONFLICT
    status_code = 409
    default_message = "The object changed state; reload and try again."


class ExportInProgress(Conflict):
    """An export of the same kind for the same user is still being made (`interviewmaster.downloads`)."""

    default_message = "Your data is still being prepared for another download; try again when it has finished."


class InvalidTransition(Conflict):
    code = ErrorCode.INVALID_TRANSITION
    default_message = "That state change is not allowed."


class TooManyRequests(DomainError):
    """The one "too many": raised by `interviewmaster.throttles` for pages and services, answered 429 `throttled`
    with `Retry-After` (the same code and header DRF's throttled APIs get from the exception handler)."""

    code = ErrorCode.THROTTLED
    status_code = 429
    default_message = "Too many requests; wait a moment and try again."

    def __init__(self, message: str | None = None, *, retry_after: int = 60, **kwargs):
        self.retry_after = max(1, int(retry_after))
        kwargs["headers"] = {**kwargs.get("headers", {}), "Retry-After": str(self.retry_after)}
        super().__init__(message, **kwargs)


class ServiceUnavailable(DomainError):
    code = ErrorCode.SERVICE_UNAVAILABLE
    status_code = 503
    default_message = "A service this needs is unavailable; try again shortly."


class DatabaseBusy(ServiceUnavailable):
    """The database stayed locked for the whole wait (SQLite's "database is locked"): nothing was written and the
    request can be repeated shortly. The API handler raises it in place of that `OperationalError`."""

    default_message = "The database is busy; try again in a moment."
    retry_after = 2  # seconds; a queued SQLite write usually clears well within that

    def __init__(self, message: str | None = None, **kwargs):
        kwargs["headers"] = {**kwargs.get("headers", {}), "Retry-After": str(self.retry_after)}
        super().__init__(message, **kwargs)


class InvalidInterviewConfig(DomainError):
    """An interview configuration names something the platform does not support, or does not add up (raised by the
    configuration service in `interviewmaster.capabilities`)."""

    code = ErrorCode.INVALID_INTERVIEW_CONFIG
    status_code = 400
    default_message = "The interview configuration is not valid."


class NullCharacterInForm(BadRequest):
    """A page's form value holds U+0000, which PostgreSQL cannot store (input_limits.FormNullGuard). Django's forms
    refuse it field by field; views that read request.POST themselves stored it, a 500 on PostgreSQL."""
