"""interviews: domain errors (DESIGN §3) and their codes."""

from __future__ import annotations

from enum import StrEnum

from interviewmaster.errors import Conflict, DomainError, NotFound, TooManyRequests


class InterviewsErrorCode(StrEnum):
    QUESTION_BANK_INVALID = "question_bank_invalid"
    NOT_ENOUGH_QUESTIONS = "not_enough_questions"
    INVALID_GENERATION_REQUEST = "invalid_generation_request"
    OBSERVER_READ_ONLY = "observer_read_only"
    NO_OPEN_TURN = "no_open_turn"
    STALE_TURN = "stale_turn"
    INTERVIEW_NOT_LIVE = "interview_not_live"
    INTERVIEW_PAUSED = "interview_paused"
    ANSWER_TOO_LONG = "answer_too_long"
    UNSUPPORTED_LANGUAGE = "unsupported_language"
    INVALID_PLANNED_QUESTIONS = "invalid_planned_questions"
    REPORT_NOT_READY = "report_not_ready"
    INVALID_SIGNAL = "invalid_signal"
    EMPTY_ANSWER = "empty_answer"
    INVALID_MESSAGE = "invalid_message"
    SPEECH_FAILED = "speech_failed"
    HINT_LIMIT_REACHED = "hint_limit_reached"
    TIME_UP = "time_up"
    INTERVIEW_ALREADY_OPEN = "interview_already_open"
    FINISH_NEEDS_CONFIRMATION = "finish_needs_confirmation"


class QuestionBankInvalid(DomainError):
    """The question bank files have errors; nothing was imported."""

    code = InterviewsErrorCode.QUESTION_BANK_INVALID
    status_code = 422

    def __init__(self, issues):
        self.issues = list(issues)
        shown = "; ".join(str(i) for i in self.issues[:5])
        more = f" (and {len(self.issues) - 5} more)" if len(self.issues) > 5 else ""
        super().__init__(f"The question bank has {len(self.issues)} error(s): {shown}{more}",
                         fields={"questions": [str(i) for i in self.issues]})


class NotEnoughQuestions(DomainError):
    """The bank (and, for generation, the AI) cannot supply the requested questions for this candidate."""

    code = InterviewsErrorCode.NOT_ENOUGH_QUESTIONS
    status_code = 422

    def __init__(self, shortages: dict[str, str], context: str = ""):
        self.shortages = dict(shortages)
        detail = "; ".join(f"{slot}: {why}" for slot, why in self.shortages.items())
        suffix = f" ({context})" if context else ""
        super().__init__(f"Not enough questions in the bank{suffix} — {detail}.", fields=self.shortages)


class InvalidGenerationRequest(DomainError):
    code = InterviewsErrorCode.INVALID_GENERATION_REQUEST
    status_code = 400
    default_message = "The question request is not valid."


class GenerationJobHeld(Conflict):
    """Another delivery of the job's task claimed it less than the hard time limit ago (`generation._claim`). It may be
    running, or its worker may have died: a killed pool process gets its message back at once, before the claim's
    time is up. The task tries again when that time is up, and then finds the job finished or takes it over."""

    default_message = "Another worker is generating these questions."

    def __init__(self, *, retry_after: float):
        self.retry_after = max(1, int(retry_after) + 1)
        super().__init__()


class NotYourSession(NotFound):
    """The interview does not exist for this user (never says whether it exists for someone else)."""

    default_message = "No such interview."


class TurnNotFound(NotFound):
    """The question named is not one of this interview's (another interview's turn id, or none at all): 404, never the
    409 "already answered" that says the question exists here."""

    default_message = "No such question in this interview."


class ObserverReadOnly(DomainError):
    code = InterviewsErrorCode.OBSERVER_READ_ONLY
    status_code = 403
    default_message = "You are observing this interview; only the candidate can answer."


class NoOpenTurn(Conflict):
    code = InterviewsErrorCode.NO_OPEN_TURN
    default_message = "There is no question waiting for an answer right now."


class StaleTurn(Conflict):
    """The client answered a turn that is no longer the open one (already submitted, or a newer question is out)."""

    code = InterviewsErrorCode.STALE_TURN
    default_message = "That question has already been answered; the room shows the current one."


class SessionNotLive(Conflict):
    code = InterviewsErrorCode.INTERVIEW_NOT_LIVE
    default_message = "This interview has ended."


class TimeUp(Conflict):
    """An answer or a draft sent after the interview's time ran out (beyond the grace for the network's delay): it
    is refused, and the interview ends as the room's timer would have ended it."""

    code = InterviewsErrorCode.TIME_UP
    default_message = ("The interview's time is up, so no more answers are taken. Whatever you had saved for the "
                       "open question is handed in, and your answers are evaluated for the report.")


class SessionPaused(Conflict):
    code = InterviewsErrorCode.INTERVIEW_PAUSED
    default_message = "The interview is paused; resume it to continue."


class HintLimitReached(Conflict):
    """Every hint this question allows (INTERVIEW_HINTS_PER_QUESTION, the question and its follow-ups together) has
    been given."""

    code = InterviewsErrorCode.HINT_LIMIT_REACHED
    default_message = "You have had every hint this question allows; answer as best you can."


class ConcurrencyLimitReached(TooManyRequests):
    default_message = "Too many interviews are running right now."


class InterviewAlreadyOpen(Conflict):
    """The candidate already has as many interviews open as they may (`live_interviews_per_candidate`): a conflict
    with their own open interview, named in the message and listed by id in `fields["open"]`, not a rate limit (it
    was a 429 `throttled`, which told a client to wait and retry the same request)."""

    code = InterviewsErrorCode.INTERVIEW_ALREADY_OPEN
    default_message = "You already have an interview open; finish it first (or cancel it, if you started it yourself)."


class FinishNeedsConfirmation(Conflict):
    """A planned interview (an expert's, taken once) finished while some of its main questions have no answer, in a
    request that did not confirm it (`confirm`): one stray request (a double click, a script, the room's form posted
    without its script) ended a hiring interview with its questions unreached. Nothing changed; the same request
    with `confirm` finishes it. `fields["remaining_questions"]` holds how many questions are left."""

    code = InterviewsErrorCode.FINISH_NEEDS_CONFIRMATION

    def __init__(self, *, remaining: int, total: int):
        self.remaining = remaining
        left = "1 question has" if remaining == 1 else f"{remaining} questions have"
        super().__init__(f"{left} no answer yet ({total - remaining} of {total} answered). An interview your "
                         "interviewer planned cannot be taken again: confirm that you want to finish it now, and the "
                         "questions left are skipped.",
                         fields={"remaining_questions": [str(remaining)], "confirm": ["required to finish now"]})


class AnswerTooLong(DomainError):
    code = InterviewsErrorCode.ANSWER_TOO_LONG
    status_code = 413
    default_message = "The answer is too long."


class UnsupportedAnswerLanguage(DomainError):
    code = InterviewsErrorCode.UNSUPPORTED_LANGUAGE
    status_code = 400
    default_message = "That programming language is not offered in this interview."


class InvalidPlannedQuestions(DomainError):
    code = InterviewsErrorCode.INVALID_PLANNED_QUESTIONS
    status_code = 400
    default_message = "The planned questions are not valid."


class ReportNotReady(Conflict):
    code = InterviewsErrorCode.REPORT_NOT_READY
    default_message = "The report is not ready yet; the answers are still being evaluated."


class InvalidSignal(DomainError):
    code = InterviewsErrorCode.INVALID_SIGNAL
    status_code = 400
    default_message = "Unknown behavioural signal."


class EmptyAnswer(DomainError):
    code = InterviewsErrorCode.EMPTY_ANSWER
    status_code = 400
    default_message = "Write an answer (or some code) before submitting."


class InvalidMessage(DomainError):
    """A websocket message with a missing or mistyped field, or an answer holding what cannot be stored (a NUL)."""

    code = InterviewsErrorCode.INVALID_MESSAGE
    status_code = 400
    default_message = "The message is not valid."


class SpeechUnavailable(NotFound):
    """No OpenAI-compatible endpoint is configured for text-to-speech, so no turn has server speech here (404
    `not_found`, not a 5xx: nothing failed, and the room never asks because it is not advertised); the room reads with
    the browser's voice."""

    default_message = ("Server speech is not available here (no AI endpoint is configured); the browser's own speech "
                       "reads the question.")


class SpeechFailed(DomainError):
    """The provider did not return usable audio within its deadline."""

    code = InterviewsErrorCode.SPEECH_FAILED
    status_code = 503
    default_message = "The question could not be turned into speech just now; the browser's own speech reads it."
