"""The provider interface and the typed values that travel through the AI layer (DESIGN §5)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class AIRequest:
    """One unit of AI work: a named task, its structured inputs, and the chat messages built from them.

    Remote providers read `messages` (the rendered, delimited prompt); the offline provider reads `inputs` directly.
    """

    task: str
    inputs: dict[str, Any]
    messages: list[dict[str, str]]
    schema: dict[str, Any]
    prompt_version: str
    max_tokens: int = 1200
    temperature: float = 0.2


@dataclass(frozen=True)
class ProviderReply:
    """What a provider returns for one call: raw text, and the parsed JSON when it already has it."""

    text: str
    data: Any = None
    tokens_in: int = 0
    tokens_out: int = 0
    model: str = ""


@dataclass
class AIResult:
    """The typed result callers get back from `complete_json`."""

    task: str
    data: Any
    provider: str
    model: str
    tokens_in: int = 0
    tokens_out: int = 0
    latency_ms: float = 0.0
    cached: bool = False
    text: str = ""
    attempts: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "task": self.task, "data": self.data, "provider": self.provider, "model": self.model,
            "tokens_in": self.tokens_in, "tokens_out": self.tokens_out, "latency_ms": round(self.latency_ms, 2),
            "cached": self.cached, "attempts": self.attempts,
        }


class ProviderError(Exception):
    """A provider could not answer. `retryable` errors (429, 5xx, timeouts) are retried with backoff first."""

    def __init__(self, message: str, *, retryable: bool = False, status: int | None = None,
                 retry_after: float | None = None):
        super().__init__(message)
        self.retryable = retryable
        self.status = status
        self.retry_after = retry_after


class Provider(ABC):
    """A source of completions. Implementations: OfflineProvider and OpenAICompatProvider."""

    name: str
    model: str
    remote: bool = True
    cost_per_1k_input: float = 0.0
    cost_per_1k_output: float = 0.0
    daily_request_quota: int | None = None
    daily_token_quota: int | None = None

    @abstractmethod
    def complete(self, request: AIRequest) -> ProviderReply:
        """Answer the request or raise ProviderError."""

    def estimated_cost(self, tokens_in: int, tokens_out: int) -> float:
        return tokens_in / 1000 * self.cost_per_1k_input + tokens_out / 1000 * self.cost_per_1k_output

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} model={self.model}>"
