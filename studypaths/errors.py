"""Domain errors of the study paths and the code judge (DESIGN §3)."""

from __future__ import annotations

from interviewmaster.errors import DomainError, NotFound, ServiceUnavailable


class SandboxUnavailable(ServiceUnavailable):
    code = "sandbox_unavailable"
    default_message = "The code sandbox is unavailable; try again shortly."


class UnsupportedLanguage(DomainError):
    code = "unsupported_language"
    status_code = 400
    default_message = "That programming language is not supported."


class ProblemNotFound(NotFound):
    code = "problem_not_found"
    default_message = "No such problem."


class InvalidProblemData(DomainError):
    code = "invalid_problem"
    status_code = 400
    default_message = "The problem definition is invalid."


class RunTimedOut(ServiceUnavailable):
    code = "run_timed_out"
    default_message = "The judge did not answer in time; try again shortly."


class EmptyCode(DomainError):
    code = "empty_code"
    status_code = 400
    default_message = "Write some code before running it."


class CodeTooLong(DomainError):
    code = "code_too_long"
    status_code = 413
    default_message = "The code is too long."


class RunRateLimited(DomainError):
    code = "rate_limited"
    status_code = 429
    default_message = "You are running code too often; wait a moment and try again."


class JudgeBudgetExceeded(DomainError):
    code = "judge_budget_exceeded"
    status_code = 429
    default_message = "Your code runs used their judge time for now; wait a few minutes and run again."
