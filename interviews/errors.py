"""interviews: domain errors (DESIGN §3)."""

from __future__ import annotations

from interviewmaster.errors import DomainError


class QuestionBankInvalid(DomainError):
    """The question bank files have errors; nothing was imported."""

    code = "question_bank_invalid"
    status_code = 422

    def __init__(self, issues):
        self.issues = list(issues)
        shown = "; ".join(str(i) for i in self.issues[:5])
        more = f" (and {len(self.issues) - 5} more)" if len(self.issues) > 5 else ""
        super().__init__(f"The question bank has {len(self.issues)} error(s): {shown}{more}",
                         fields={"questions": [str(i) for i in self.issues]})


class NotEnoughQuestions(DomainError):
    """The bank cannot satisfy the requested distribution for this candidate."""

    code = "not_enough_questions"
    status_code = 422

    def __init__(self, shortages: dict[str, str], context: str = ""):
        self.shortages = dict(shortages)
        detail = "; ".join(f"{slot}: {why}" for slot, why in self.shortages.items())
        suffix = f" ({context})" if context else ""
        super().__init__(f"Not enough questions in the bank{suffix} — {detail}.", fields=self.shortages)


class NotYourSession(DomainError):
    """The session does not exist for this user (never says whether it exists for someone else)."""

    code = "interview_not_found"
    status_code = 404
    default_message = "No such interview."


class ObserverReadOnly(DomainError):
    code = "observer_read_only"
    status_code = 403
    default_message = "You are observing this interview; only the candidate can answer."


class NoOpenTurn(DomainError):
    code = "no_open_turn"
    status_code = 409
    default_message = "There is no question waiting for an answer right now."


class StaleTurn(DomainError):
    """The client answered a turn that is no longer the open one (already submitted, or a newer question is out)."""

    code = "stale_turn"
    status_code = 409
    default_message = "That question has already been answered; the room shows the current one."


class SessionNotLive(DomainError):
    code = "interview_not_live"
    status_code = 409
    default_message = "This interview has ended."


class SessionPaused(DomainError):
    code = "interview_paused"
    status_code = 409
    default_message = "The interview is paused; resume it to continue."


class ConcurrencyLimitReached(DomainError):
    code = "too_many_live_interviews"
    status_code = 429
    default_message = "Too many interviews are running right now."


class AnswerTooLong(DomainError):
    code = "answer_too_long"
    status_code = 413
    default_message = "The answer is too long."


class UnsupportedAnswerLanguage(DomainError):
    code = "unsupported_language"
    status_code = 400
    default_message = "That programming language is not offered in this interview."


class InvalidPlannedQuestions(DomainError):
    code = "invalid_planned_questions"
    status_code = 400
    default_message = "The planned questions are not valid."


class ReportNotReady(DomainError):
    code = "report_not_ready"
    status_code = 409
    default_message = "The report is not ready yet; the answers are still being evaluated."


class InvalidSignal(DomainError):
    code = "invalid_signal"
    status_code = 400
    default_message = "Unknown behavioural signal."


class EmptyAnswer(DomainError):
    code = "empty_answer"
    status_code = 400
    default_message = "Write an answer (or some code) before submitting."
