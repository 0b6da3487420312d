"""The project's one base for domain errors (DESIGN §3). Each app's errors.py subclasses it."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule said no. Carries a stable `code`, a human `message` and an HTTP status for the API."""

    code: str = "domain_error"
    status_code: int = 400
    default_message: str = "The request could not be completed."

    def __init__(self, message: str | None = None, *, code: str | None = None, fields: dict | None = None,
                 status_code: int | None = None):
        self.message = message or self.default_message
        if code:
            self.code = code
        if status_code:
            self.status_code = status_code
        self.fields = fields or {}
        super().__init__(self.message)

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "fields": self.fields}


class NotFound(DomainError):
    code = "not_found"
    status_code = 404
    default_message = "Not found."


class PermissionDenied(DomainError):
    code = "permission_denied"
    status_code = 403
    default_message = "You do not have permission to do that."


class Conflict(DomainError):
    code = "conflict"
    status_code = 409
    default_message = "The object changed state; reload and try again."


class InvalidTransition(Conflict):
    code = "invalid_transition"
    default_message = "That state change is not allowed."


class ServiceUnavailable(DomainError):
    code = "service_unavailable"
    status_code = 503
    default_message = "A service this needs is unavailable; try again shortly."
