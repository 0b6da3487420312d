"""Domain errors of accounts (DESIGN §3): stable codes, human messages, HTTP statuses."""

from __future__ import annotations

from interviewmaster.errors import Conflict, DomainError, NotFound


class InvalidCredentials(DomainError):
    code = "invalid_credentials"
    status_code = 401
    default_message = "The email address or password is not correct."


class AccountLocked(DomainError):
    code = "account_locked"
    status_code = 423
    default_message = "This account is locked after too many failed logins."


class LoginDelayed(DomainError):
    code = "login_delayed"
    status_code = 429
    default_message = "Too many failed logins for this e-mail; wait before the next attempt."

    def __init__(self, message: str | None = None, *, retry_after: int = 60, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class EmailNotVerified(DomainError):
    code = "email_not_verified"
    status_code = 403
    default_message = "Verify your email address first: follow the link we emailed you."


class InvalidProfile(DomainError):
    code = "invalid"
    status_code = 400
    default_message = "Some fields are invalid."


class MentorNotFound(DomainError):
    code = "mentor_not_found"
    status_code = 404
    default_message = "There is no mentor with that email address."


class AlreadyMentored(Conflict):
    code = "already_assigned"
    default_message = "That mentor already follows you."


class AssignmentNotFound(NotFound):
    code = "assignment_not_found"
    default_message = "No such mentor assignment."


class NotACandidate(DomainError):
    code = "not_a_candidate"
    status_code = 403
    default_message = "Only candidates can do that."


class WrongPassword(DomainError):
    code = "wrong_password"
    status_code = 400
    default_message = "That password is not correct."
