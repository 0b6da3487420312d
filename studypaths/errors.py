"""Domain errors of the study paths and the code judge (DESIGN §3) and their codes."""

from __future__ import annotations

from enum import StrEnum

from interviewmaster.errors import DomainError, NotFound, ServiceUnavailable, TooManyRequests


class StudypathsErrorCode(StrEnum):
    SANDBOX_UNAVAILABLE = "sandbox_unavailable"
    UNSUPPORTED_LANGUAGE = "unsupported_language"
    INVALID_PROBLEM = "invalid_problem"
    EMPTY_CODE = "empty_code"
    CODE_TOO_LONG = "code_too_long"


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


class JudgeBudgetExceeded(TooManyRequests):
    code = "judge_budget_exceeded"
    default_message = "Your code runs used their judge time for now; wait a few minutes and run again."
