"""Domain errors of the study paths and the code judge (DESIGN §3)."""

from __future__ import annotations

from interviewmaster.errors import Conflict, DomainError, InvalidTransition, NotFound, ServiceUnavailable


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


class TaskNotFound(NotFound):
    code = "task_not_found"
    default_message = "No such study task."


class PathNotFound(NotFound):
    code = "path_not_found"
    default_message = "No such study path."


class NoActivePath(NotFound):
    code = "no_active_path"
    default_message = "You have no active study path; create one first."


class ActivePathExists(Conflict):
    code = "active_path_exists"
    default_message = "You already have an active study path; archive it before starting another."


class TaskFinished(Conflict):
    code = "task_finished"
    default_message = "This task is finished; open your next task instead."


class TaskBeingJudged(Conflict):
    code = "task_being_judged"
    default_message = "Your last submission is still being judged; wait for its result."


class HintsExhausted(Conflict):
    code = "hints_exhausted"
    default_message = "You have had all three hints for this task."


class HintRateLimited(DomainError):
    code = "rate_limited"
    status_code = 429
    default_message = "You are asking for hints too often; wait a moment and try again."


class InvalidPathConfig(DomainError):
    code = "invalid_path_config"
    status_code = 400
    default_message = "The study path settings are invalid."


class InvalidTaskTransition(InvalidTransition):
    code = "invalid_transition"
    default_message = "That task status change is not allowed."


class NoCompanyProfile(NotFound):
    code = "no_company_profile"
    default_message = "This path's track does not target a company's interviews."
