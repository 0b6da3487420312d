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
