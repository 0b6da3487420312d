"""Domain errors of accounts (DESIGN §3): stable codes, human messages, HTTP statuses."""

from __future__ import annotations

from enum import StrEnum

from rest_framework.exceptions import AuthenticationFailed

from interviewmaster.errors import Conflict, DomainError, Invalid, NotFound, TooManyRequests


class AccountsErrorCode(StrEnum):
    INVALID_CREDENTIALS = "invalid_credentials"
    INVALID_TOKEN = "invalid_token"
    ACCOUNT_LOCKED = "account_locked"
    EMAIL_NOT_VERIFIED = "email_not_verified"
    MENTOR_NOT_FOUND = "mentor_not_found"
    OWN_ADDRESS = "own_address"
    ALREADY_ASSIGNED = "already_assigned"
    NOT_A_CANDIDATE = "not_a_candidate"
    WRONG_PASSWORD = "wrong_password"
    TOKEN_REUSED = "token_reused"
    TOKEN_REVOKED = "token_revoked"
    # simplejwt's codes for a valid access token whose user cannot sign in (accounts.authentication)
    USER_NOT_FOUND = "user_not_found"
    USER_INACTIVE = "user_inactive"
    PASSWORD_CHANGED = "password_changed"


class InvalidCredentials(DomainError):
    code = AccountsErrorCode.INVALID_CREDENTIALS
    status_code = 401
    default_message = "The email address or password is not correct."


class InvalidToken(InvalidCredentials):
    code = AccountsErrorCode.INVALID_TOKEN
    default_message = "The token is invalid, expired or already used."


class TokenRevoked(DomainError, AuthenticationFailed):
    """A token issued before the user signed out everywhere (logout-all, a password change or reset, account
    deletion: accounts.services.revoke_all_tokens). Raised while authenticating, it is also DRF's
    AuthenticationFailed, so DRF treats the request as unauthenticated (and offers the Bearer challenge) as for any
    bad token; the API answers 401 `token_revoked`."""

    code = AccountsErrorCode.TOKEN_REVOKED
    status_code = 401
    default_message = ("This token was revoked: the account signed out everywhere or its password changed. "
                       "Sign in again.")


class SessionRevoked(TokenRevoked):
    """An access token of a session (a refresh-token family) that was signed out because one of its refresh tokens
    was presented after it had been used (`token_reused` at the refresh endpoint: a copy exists). The same 401
    `token_revoked`; the account's other sessions go on working."""

    default_message = ("This token was revoked: its session was signed out because one of its refresh tokens was "
                       "used twice. Sign in again.")


class SessionLoggedOut(TokenRevoked):
    """A token of a session that was logged out (POST /auth/logout with its refresh token): the same 401
    `token_revoked`; the account's other sessions go on working."""

    default_message = "This token was revoked: its session was logged out. Sign in again."


class AccountLocked(DomainError):
    code = AccountsErrorCode.ACCOUNT_LOCKED
    status_code = 423
    default_message = "This account is locked after too many failed logins."


class LoginDelayed(TooManyRequests):  # 429 `throttled`, the one code for "too many" (issue 15)
    default_message = "Too many failed logins for this email; wait before the next attempt."


class EmailNotVerified(DomainError):
    code = AccountsErrorCode.EMAIL_NOT_VERIFIED
    status_code = 403
    default_message = "Verify your email address first: follow the link we emailed you."


class InvalidProfile(Invalid):
    pass


class OwnAddress(DomainError):
    """A candidate invited their own address as a mentor (it tells them nothing they do not know)."""

    code = AccountsErrorCode.OWN_ADDRESS
    status_code = 400
    default_message = "That is your own address: invite someone else."


class MentorNotFound(DomainError):
    """`assign_mentor` (admin, demo data) was given a user who is not an active mentor: a bad input (400). A candidate's
    invitation never raises it: its answer may not tell which addresses are mentor accounts (services.invite_mentor)."""

    code = AccountsErrorCode.MENTOR_NOT_FOUND
    status_code = 400
    default_message = "There is no mentor with that email address."


class AlreadyMentored(Conflict):
    code = AccountsErrorCode.ALREADY_ASSIGNED
    default_message = "That mentor already follows you."


class MenteeNotFound(NotFound):
    """The candidate is not an active mentee of this mentor (or does not exist): the same 404 on every
    `/api/v1/mentees/<id>/...` endpoint (accounts.selectors.mentee_of)."""

    default_message = "Not one of your active mentees."


class MenteeRequestNotFound(NotFound):
    """No waiting request of this mentor's with that id (another mentor's, accepted, declined or withdrawn alike)."""

    default_message = "No such mentee request."


class AssignmentNotFound(NotFound):
    default_message = "No such mentor assignment."


class NotACandidate(DomainError):
    code = AccountsErrorCode.NOT_A_CANDIDATE
    status_code = 403
    default_message = "Only candidates can do that."


class WrongPassword(DomainError):
    code = AccountsErrorCode.WRONG_PASSWORD
    status_code = 400
    default_message = "That password is not correct."
