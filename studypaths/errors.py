"""Domain errors of the study paths and the code judge (DESIGN §3) and their codes."""

from __future__ import annotations

from enum import StrEnum

from interviewmaster.errors import (
    Conflict,
    DomainError,
    InvalidTransition,
    NotFound,
    ServiceUnavailable,
    TooManyRequests,
)


class StudypathsErrorCode(StrEnum):
    SANDBOX_UNAVAILABLE = "sandbox_unavailable"
    UNSUPPORTED_LANGUAGE = "unsupported_language"
    INVALID_PROBLEM = "invalid_problem"
    EMPTY_CODE = "empty_code"
    CODE_TOO_LONG = "code_too_long"
    ACTIVE_PATH_EXISTS = "active_path_exists"
    TASK_FINISHED = "task_finished"
    TASK_BEING_JUDGED = "task_being_judged"
    HINTS_EXHAUSTED = "hints_exhausted"
    INVALID_PATH_CONFIG = "invalid_path_config"
    PATH_ARCHIVED = "path_archived"
    INVALID_TRANSITION = "invalid_transition"
    TOO_MANY_COMMENTS = "too_many_comments"


class SandboxUnavailable(ServiceUnavailable):
    code = StudypathsErrorCode.SANDBOX_UNAVAILABLE
    default_message = "The code sandbox is unavailable; try again shortly."


class UnsupportedLanguage(DomainError):
    code = StudypathsErrorCode.UNSUPPORTED_LANGUAGE
    status_code = 400
    default_message = "That programming language is not supported."


class ProblemNotFound(NotFound):
    default_message = "No such problem."


class InvalidProblemData(DomainError):
    code = StudypathsErrorCode.INVALID_PROBLEM
    status_code = 400
    default_message = "The problem definition is invalid."


class EmptyCode(DomainError):
    code = StudypathsErrorCode.EMPTY_CODE
    status_code = 400
    default_message = "Write some code before running it."


class CodeTooLong(DomainError):
    code = StudypathsErrorCode.CODE_TOO_LONG
    status_code = 413
    default_message = "The code is too long."


class JudgeBudgetExceeded(TooManyRequests):  # 429 `throttled`, the one code for "too many" (issue 15)
    default_message = "Your code runs used their judge time for now; wait a few minutes and run again."


# --- the practice loop ---------------------------------------------------------------------------------------------

class TaskNotFound(NotFound):
    default_message = "No such study task."


class PathNotFound(NotFound):
    default_message = "No such study path."


class NoActivePath(NotFound):
    default_message = "You have no active study path; create one first."


class NoCompanyProfile(NotFound):
    default_message = "This path's track does not target a company's interviews."


class ActivePathExists(Conflict):
    code = StudypathsErrorCode.ACTIVE_PATH_EXISTS
    default_message = "You already have an active study path; archive it before starting another."


class PathArchived(Conflict):
    code = StudypathsErrorCode.PATH_ARCHIVED
    default_message = "This study path is archived; start a new one to change its plan."


class TaskFinished(Conflict):
    code = StudypathsErrorCode.TASK_FINISHED
    default_message = "This task is finished; open your next task instead."


class TaskBeingJudged(Conflict):
    code = StudypathsErrorCode.TASK_BEING_JUDGED
    default_message = "Your last submission is still being judged; wait for its result."


class TooManyComments(Conflict):
    code = StudypathsErrorCode.TOO_MANY_COMMENTS
    default_message = "This task holds as many comments as it keeps; say more in a comment on another task."


class HintsExhausted(Conflict):
    code = StudypathsErrorCode.HINTS_EXHAUSTED
    default_message = "You have had all three hints for this task."


class InvalidPathConfig(DomainError):
    code = StudypathsErrorCode.INVALID_PATH_CONFIG
    status_code = 400
    default_message = "The study path settings are invalid."


class InvalidTaskTransition(InvalidTransition):
    code = StudypathsErrorCode.INVALID_TRANSITION
    default_message = "That task status change is not allowed."
