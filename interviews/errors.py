"""interviews: domain errors (DESIGN §3) and their codes."""

from __future__ import annotations

from enum import StrEnum

from interviewmaster.errors import DomainError


class InterviewsErrorCode(StrEnum):
    QUESTION_BANK_INVALID = "question_bank_invalid"
    NOT_ENOUGH_QUESTIONS = "not_enough_questions"
    INVALID_GENERATION_REQUEST = "invalid_generation_request"


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
