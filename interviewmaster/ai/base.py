"""The provider interface and the typed values that travel through the AI layer (DESIGN §5)."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any


class UsageMeter:
    """Counts every HTTP request a provider sends for one chain attempt (retries and the repair included) and every
    token billed, rejected replies included. Providers that talk HTTP add to it as they go, so a call that fails
    half-way still reports what it cost."""

    __slots__ = ("requests", "tokens_in", "tokens_out")

    def __init__(self) -> None:
        self.requests = 0
        self.tokens_in = 0
        self.tokens_out = 0

    def add(self, *, requests: int = 0, tokens_in: int = 0, tokens_out: int = 0) -> None:
        self.requests += requests
        self.tokens_in += tokens_in
        self.tokens_out += tokens_out


@dataclass(frozen=True)
class AIRequest:
    """One unit of AI work: a named task, its structured inputs, and the chat messages built from them.

    Remote providers read `messages` (the rendered, delimited prompt); the offline provider reads `inputs` directly.
    `deadline` is a `time.monotonic()` value: a remote provider must have answered or given up by then, whatever it is
    doing (connecting, waiting, reading a dripping reply, backing off). `meter` collects what the call cost.
    """

    task: str
    inputs: dict[str, Any]
    messages: list[dict[str, str]]
    schema: dict[str, Any]
    prompt_version: str
    max_tokens: int = 1200
    temperature: float = 0.2
    deadline: float | None = None
    meter: UsageMeter = field(default_factory=UsageMeter, compare=False, repr=False)

    def seconds_left(self, clock=time.monotonic) -> float:
        return float("inf") if self.deadline is None else self.deadline - clock()


@dataclass(frozen=True)
class ProviderReply:
    """What a provider returns for one call: raw text, and the parsed JSON when it already has it.

    `metered` is True when the provider already added this reply's request and tokens to the request's meter."""

    text: str
    data: Any = None
    tokens_in: int = 0
    tokens_out: int = 0
    model: str = ""
    metered: bool = False


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
    """A provider could not answer. `retryable` errors (429, 5xx, timeouts) are retried with backoff first.

    `timeout` marks a call that ran out of time (a hang, a drip, the task's deadline): the circuit breaker and the
    status report treat those as a sign the provider is unhealthy at once."""

    def __init__(self, message: str, *, retryable: bool = False, status: int | None = None,
                 retry_after: float | None = None, timeout: bool = False):
        super().__init__(message)
        self.retryable = retryable
        self.status = status
        self.retry_after = retry_after
        self.timeout = timeout


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
        """Answer the request or raise ProviderError; a remote provider gives up by `request.deadline`."""

    def estimated_cost(self, tokens_in: int, tokens_out: int) -> float:
        return tokens_in / 1000 * self.cost_per_1k_input + tokens_out / 1000 * self.cost_per_1k_output

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} model={self.model}>"
