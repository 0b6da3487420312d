"""Any OpenAI-compatible chat endpoint (OpenAI, DeepSeek, Groq, Ollama, vLLM...) through the official `openai` SDK.

The SDK's own retries are switched off (max_retries=0) so this class owns them: retryable failures (429, 5xx,
timeouts, dropped connections) are retried up to `max_retries` times with exponential backoff (base * 2**n, capped,
plus up to 10% jitter); a Retry-After header is honoured when it is no longer than `max_backoff`, otherwise the call
fails at once so the chain can fall back instead of parking a worker. JSON mode (response_format=json_object) is
requested when configured; an endpoint that rejects it is remembered and asked again without it.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable

import openai

from interviewmaster.ai.base import AIRequest, Provider, ProviderError, ProviderReply
from interviewmaster.ai.config import ProviderConfig

logger = logging.getLogger(__name__)


def _retry_after(exc: openai.APIStatusError) -> float | None:
    headers = getattr(exc.response, "headers", None) or {}
    for header, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        raw = headers.get(header)
        if raw:
            try:
                return float(raw) / divisor
            except ValueError:
                continue
    return None


class OpenAICompatProvider(Provider):
    remote = True

    def __init__(self, config: ProviderConfig, *, sleep: Callable[[float], None] = time.sleep,
                 jitter: Callable[[], float] = random.random, client: openai.OpenAI | None = None):
        self.config = config
        self.name = config.name
        self.model = config.model
        self.daily_request_quota = config.daily_request_quota
        self.daily_token_quota = config.daily_token_quota
        self.cost_per_1k_input = config.cost_per_1k_input
        self.cost_per_1k_output = config.cost_per_1k_output
        self.sleep = sleep
        self.jitter = jitter
        self.json_mode = config.json_mode
        # Local servers (Ollama, vLLM) take any key; the SDK insists on a non-empty one.
        self.client = client or openai.OpenAI(api_key=config.api_key or "not-needed", base_url=config.base_url,
                                              timeout=config.timeout, max_retries=0)

    def backoff_delay(self, retry_number: int, retry_after: float | None = None) -> float:
        if retry_after is not None and retry_after >= 0:
            return retry_after
        base = min(self.config.max_backoff, self.config.backoff * (2 ** retry_number))
        return base * (1 + 0.1 * self.jitter())

    def complete(self, request: AIRequest) -> ProviderReply:
        retry_number = 0
        while True:
            try:
                return self._call(request)
            except ProviderError as exc:
                if not exc.retryable or retry_number >= self.config.max_retries:
                    raise
                if exc.retry_after is not None and exc.retry_after > self.config.max_backoff:
                    raise ProviderError(f"{exc} (Retry-After {exc.retry_after:g}s exceeds max_backoff; falling back)",
                                        retryable=False, status=exc.status, retry_after=exc.retry_after) from exc
                delay = self.backoff_delay(retry_number, exc.retry_after)
                logger.info("ai provider %s: %s; retry %d/%d in %.2fs", self.name, exc, retry_number + 1,
                            self.config.max_retries, delay, extra={"provider": self.name})
                self.sleep(delay)
                retry_number += 1

    def _call(self, request: AIRequest) -> ProviderReply:
        kwargs = {"model": self.model, "messages": request.messages, "max_tokens": request.max_tokens,
                  "temperature": request.temperature}
        if self.json_mode:
            kwargs["response_format"] = {"type": "json_object"}
        try:
            response = self.client.chat.completions.create(**kwargs)
        except openai.BadRequestError as exc:
            if self.json_mode and ("response_format" in str(exc) or "json" in str(exc).lower()):
                logger.warning("ai provider %s rejects JSON mode; using tolerant extraction from now on", self.name)
                self.json_mode = False
                return self._call(request)
            raise ProviderError(f"HTTP 400: {exc.message}"[:500], status=400) from exc
        except openai.APITimeoutError as exc:
            raise ProviderError(f"timed out after {self.config.timeout:g}s", retryable=True) from exc
        except openai.APIConnectionError as exc:
            raise ProviderError(f"connection failed: {exc.message}", retryable=True) from exc
        except openai.APIStatusError as exc:
            status = exc.status_code
            retryable = status in (408, 409, 429) or status >= 500
            raise ProviderError(f"HTTP {status}: {exc.message}"[:500], retryable=retryable, status=status,
                                retry_after=_retry_after(exc) if retryable else None) from exc
        except openai.OpenAIError as exc:
            raise ProviderError(f"{type(exc).__name__}: {exc}"[:500]) from exc
        choices = getattr(response, "choices", None)
        if not choices:
            raise ProviderError("the endpoint answered without choices (not a chat completion)")
        choice = choices[0]
        text = (choice.message.content or "") if choice.message else ""
        usage = getattr(response, "usage", None)
        if choice.finish_reason == "length":
            logger.info("ai provider %s: reply cut at max_tokens=%d", self.name, request.max_tokens)
        return ProviderReply(text=text, tokens_in=getattr(usage, "prompt_tokens", 0) or 0,
                             tokens_out=getattr(usage, "completion_tokens", 0) or 0,
                             model=getattr(response, "model", "") or self.model)
