"""Domain errors of the resumes feature (DESIGN §3). The API maps them to the error envelope."""

from __future__ import annotations

from enum import StrEnum

from interviewmaster.errors import Conflict, DomainError, InvalidTransition, NotFound


class ResumesErrorCode(StrEnum):
    # the API's answers
    EMPTY_FILE = "empty_file"
    FILE_TOO_LARGE = "file_too_large"
    UNSUPPORTED_FILE = "unsupported_file"
    RESUME_BUSY = "resume_busy"
    RESUME_FAILED = "resume_failed"
    UNKNOWN_TARGET_ROLE = "unknown_target_role"
    INVALID_SKILL = "invalid_skill"
    RESUME_QUOTA_EXCEEDED = "resume_quota_exceeded"
    SKILL_LIMIT_REACHED = "skill_limit_reached"
    # why a parse failed (Resume.failure_code, shown with its reason on the resume page)
    CORRUPT_PDF = "corrupt_pdf"
    ENCRYPTED_PDF = "encrypted_pdf"
    EMPTY_PDF = "empty_pdf"
    TOO_MANY_PAGES = "too_many_pages"
    NO_TEXT_LAYER = "no_text_layer"
    PDF_TOO_LARGE = "pdf_too_large"
    CORRUPT_DOCX = "corrupt_docx"
    DOCX_TOO_COMPLEX = "docx_too_complex"
    DOCX_ZIP_BOMB = "docx_zip_bomb"
    NO_TEXT = "no_text"
    FILE_MISSING = "file_missing"
    TIMEOUT = "timeout"
    TOO_COMPLEX = "too_complex"
    STORAGE_UNAVAILABLE = "storage_unavailable"
    INTERNAL_ERROR = "internal_error"
    INTERRUPTED = "interrupted"


class ResumeNotFound(NotFound):
    default_message = "Resume not found."


class EmptyFile(DomainError):
    code = ResumesErrorCode.EMPTY_FILE
    status_code = 400
    default_message = "The file is empty. Choose your resume file (PDF or DOCX) and upload it again."


class FileTooLarge(DomainError):
    code = ResumesErrorCode.FILE_TOO_LARGE
    status_code = 413
    default_message = "The file is larger than the 10 MB limit."


class UnsupportedFile(DomainError):
    code = ResumesErrorCode.UNSUPPORTED_FILE
    status_code = 415
    default_message = "Only PDF and Word (DOCX) resumes are accepted."


class ResumeTransitionNotAllowed(InvalidTransition):
    pass


class ResumeBusy(Conflict):
    code = ResumesErrorCode.RESUME_BUSY
    default_message = "This resume is still being parsed; wait until it is ready or failed."


class ResumeFailed(Conflict):
    code = ResumesErrorCode.RESUME_FAILED
    default_message = "This resume could not be read, so it cannot be your active one; read it again or upload another."


class ResumeQuotaExceeded(Conflict):
    """The candidate keeps as many resumes (RESUME_MAX_PER_USER) or as many bytes of them (RESUME_MAX_BYTES_PER_USER)
    as allowed: deleting one makes room."""

    code = ResumesErrorCode.RESUME_QUOTA_EXCEEDED
    default_message = "You keep as many resumes as you can; delete one you no longer need, then upload again."


class UnknownTargetRole(DomainError):
    code = ResumesErrorCode.UNKNOWN_TARGET_ROLE
    status_code = 400
    default_message = "That target role is not one we prepare for."


class InvalidSkill(DomainError):
    code = ResumesErrorCode.INVALID_SKILL
    status_code = 400
    default_message = "Give the skill a name of 1 to 100 characters."


class ExtractionFailed(DomainError):
    """Raised inside the parse pipeline with a `ResumesErrorCode` and a sentence saying what to do; the task turns it
    into status `failed` with `reason` shown to the user."""

    status_code = 422

    def __init__(self, code: str, reason: str):
        super().__init__(reason, code=code)
        self.reason = reason


class SkillLimitReached(Conflict):
    """The resume holds RESUME_MAX_SKILLS skills (removed ones included: they stay rows, listed to restore)."""

    code = ResumesErrorCode.SKILL_LIMIT_REACHED
    default_message = "This resume holds as many skills as it can."
