"""Domain errors of the AI layer (DESIGN §3) and their codes."""

from __future__ import annotations

from enum import StrEnum

from interviewmaster.errors import DomainError, ServiceUnavailable


class AIErrorCode(StrEnum):
    AI_UNAVAILABLE = "ai_unavailable"
    UNKNOWN_AI_TASK = "unknown_ai_task"
    INVALID_AI_INPUT = "invalid_ai_input"


class AIUnavailable(ServiceUnavailable):
    code = AIErrorCode.AI_UNAVAILABLE
    default_message = "No AI provider could answer right now; try again shortly."


class UnknownAITask(DomainError):
    code = AIErrorCode.UNKNOWN_AI_TASK
    status_code = 400
    default_message = "That AI task does not exist."


class InvalidAIInput(DomainError):
    code = AIErrorCode.INVALID_AI_INPUT
    status_code = 422
    default_message = "The inputs for this AI task are incomplete."
