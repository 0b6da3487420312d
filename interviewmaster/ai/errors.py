"""Domain errors of the AI layer (DESIGN §3)."""

from __future__ import annotations

from interviewmaster.errors import DomainError, ServiceUnavailable


class AIUnavailable(ServiceUnavailable):
    code = "ai_unavailable"
    default_message = "No AI provider could answer right now; try again shortly."


class UnknownAITask(DomainError):
    code = "unknown_ai_task"
    status_code = 400
    default_message = "That AI task does not exist."


class InvalidAIInput(DomainError):
    code = "invalid_ai_input"
    status_code = 422
    default_message = "The inputs for this AI task are incomplete."
