"""Domain errors of the resumes feature (DESIGN §3). The API maps them to the error envelope."""

from __future__ import annotations

from interviewmaster.errors import Conflict, DomainError, InvalidTransition, NotFound


class ResumeNotFound(NotFound):
    code = "resume_not_found"
    default_message = "Resume not found."


class EmptyFile(DomainError):
    code = "empty_file"
    status_code = 400
    default_message = "The file is empty. Choose your resume file (PDF or DOCX) and upload it again."


class FileTooLarge(DomainError):
    code = "file_too_large"
    status_code = 413
    default_message = "The file is larger than the 10 MB limit."


class UnsupportedFile(DomainError):
    code = "unsupported_file"
    status_code = 415
    default_message = "Only PDF and Word (DOCX) resumes are accepted."


class UploadRateLimited(DomainError):
    code = "upload_rate_limited"
    status_code = 429
    default_message = "Too many uploads in the last minute; wait a moment and try again."

    def __init__(self, message: str | None = None, *, retry_after: int = 60, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ResumeTransitionNotAllowed(InvalidTransition):
    code = "resume_invalid_transition"


class ResumeBusy(Conflict):
    code = "resume_busy"
    default_message = "This resume is still being parsed; wait until it is ready or failed."


class UnknownTargetRole(DomainError):
    code = "unknown_target_role"
    status_code = 400
    default_message = "That target role is not one we prepare for."


class InvalidSkill(DomainError):
    code = "invalid_skill"
    status_code = 400
    default_message = "Give the skill a name of 1 to 100 characters."


class ExtractionFailed(Exception):
    """Raised inside the parse pipeline; the task turns it into status `failed` with `reason` shown to the user."""

    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code = code
        self.reason = reason
