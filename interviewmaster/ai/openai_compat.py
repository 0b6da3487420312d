"""Any OpenAI-compatible chat endpoint (OpenAI, DeepSeek, Groq, Ollama, vLLM...), spoken to over plain HTTP.

Every provider is treated as hostile and slow (DESIGN §5):
- **A deadline on the whole exchange.** `request.deadline` bounds connecting, sending, waiting, reading the reply
  (however slowly it drips) and backing off between retries. Each socket read waits at most the time left, and a
  watchdog shuts the socket down at the deadline, so no read can outlive it. (The `openai` SDK's timeouts are per
  read, which let a dripping reply run for minutes; that is why this class does not use it.)
- **Bounded replies.** At most `max_reply_bytes` are read from the socket; a larger reply (by Content-Length or as
  it arrives) is rejected. `max_tokens` is sent, and a reply billed for more completion tokens than that is rejected.
- **A checked envelope.** Anything malformed (not JSON, no `choices`, wrong types, non-numeric, negative or absurd
  `usage` numbers, invalid UTF-8) becomes a ProviderError, never an AttributeError or TypeError further up.
- **Honest metering.** Every HTTP request is added to `request.meter` when it is sent, and every token the reply
  says was billed (capped) when it arrives, even if the reply is then rejected. When a reply's usage is missing or
  unusable, the tokens are estimated from the text (4 characters a token).

Retryable failures (429, 408/409, 5xx, timeouts, dropped connections) are retried up to `max_retries` times with
exponential backoff (base * 2**n, capped, plus up to 10% jitter) while the deadline allows; a Retry-After header
is honoured when it is no longer than `max_backoff` and fits before the deadline, otherwise the call fails at once so
the chain can fall back instead of parking a worker. JSON mode (response_format=json_object) is requested when
configured; an endpoint that rejects it is remembered and asked again without it.
"""

from __future__ import annotations

import http.client
import json
import logging
import math
import random
import socket
import ssl
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from interviewmaster.ai.base import AIRequest, Provider, ProviderError, ProviderReply
from interviewmaster.ai.config import ProviderConfig

logger = logging.getLogger(__name__)

CHUNK = 16_384
MAX_PROMPT_TOKENS = 1_000_000  # no chat prompt of ours comes near this; a larger claim is a lie, capped
RETRYABLE = frozenset({408, 409, 429})


def estimate_tokens(text: str) -> int:
    return math.ceil(len(text) / 4)


def _retry_after(headers) -> float | None:
    for header, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        raw = headers.get(header)
        if raw:
            try:
                value = float(raw) / divisor
            except ValueError:
                continue
            if math.isfinite(value) and value >= 0:
                return value
    return None


def _count(value: Any) -> int | None:
    """A usage number as sent: a non-negative whole number, else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and (not math.isfinite(value) or value != int(value)):
        return None
    return int(value) if value >= 0 else None


class _Exchange:
    """One HTTP POST bounded by a deadline and a byte budget."""

    def __init__(self, url: str, *, read_timeout: float, deadline: float, max_bytes: int,
                 clock: Callable[[], float] = time.monotonic):
        self.url = urlsplit(url)
        self.read_timeout = read_timeout
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.clock = clock
        self.sock: socket.socket | None = None
        self.expired = False
        self.sent = False  # the request went out: the vendor has the prompt (and bills it) whatever happens next

    def _left(self) -> float:
        left = self.deadline - self.clock()
        if left <= 0:
            self.expired = True
            raise TimeoutError("deadline reached")
        return min(self.read_timeout, left)

    def _expire(self) -> None:
        self.expired = True
        sock = self.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)  # wakes a read blocked in another frame at once
            except OSError:
                pass

    def _connection(self) -> http.client.HTTPConnection:
        host, port = self.url.hostname or "", self.url.port
        if self.url.scheme == "https":
            return http.client.HTTPSConnection(host, port, timeout=self._left(),
                                               context=ssl.create_default_context())
        return http.client.HTTPConnection(host, port, timeout=self._left())

    def post(self, body: bytes, headers: dict[str, str]) -> tuple[int, Any, bytes]:
        conn = self._connection()
        watchdog = threading.Timer(max(0.0, self.deadline - self.clock()), self._expire)
        watchdog.daemon = True
        watchdog.start()
        try:
            conn.connect()
            self.sock = conn.sock
            if self.expired:
                raise TimeoutError("deadline reached")
            conn.request("POST", self.url.path, body=body, headers=headers)
            self.sent = True
            response = conn.getresponse()
            return response.status, response.headers, self._read(response)
        finally:
            watchdog.cancel()
            conn.close()

    def _read(self, response: http.client.HTTPResponse) -> bytes:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise ReplyTooLarge(f"the reply declares {int(declared)} bytes (limit {self.max_bytes})")
        chunks, size = [], 0
        while True:
            if self.sock is not None:
                self.sock.settimeout(self._left())
            chunk = response.read1(CHUNK)
            if self.expired:
                raise TimeoutError("deadline reached")
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > self.max_bytes:
                raise ReplyTooLarge(f"the reply passed {self.max_bytes} bytes")
            chunks.append(chunk)


class ReplyTooLarge(Exception):
    pass


class OpenAICompatProvider(Provider):
    remote = True

    def __init__(self, config: ProviderConfig, *, sleep: Callable[[float], None] = time.sleep,
                 jitter: Callable[[], float] = random.random, clock: Callable[[], float] = time.monotonic,
                 max_reply_bytes: int | None = None):
        self.config = config
        self.name = config.name
        self.model = config.model
        self.daily_request_quota = config.daily_request_quota
        self.daily_token_quota = config.daily_token_quota
        self.cost_per_1k_input = config.cost_per_1k_input
        self.cost_per_1k_output = config.cost_per_1k_output
        self.sleep = sleep
        self.jitter = jitter
        self.clock = clock
        self.json_mode = config.json_mode
        self.max_reply_bytes = max_reply_bytes or settings.AI_MAX_REPLY_BYTES
        self.url = f"{config.base_url}/chat/completions"
        self.headers = {"content-type": "application/json", "accept": "application/json",
                        "accept-encoding": "identity", "user-agent": "InterviewMaster-AI/1",
                        "authorization": f"Bearer {config.api_key or 'not-needed'}"}

    def backoff_delay(self, retry_number: int, retry_after: float | None = None) -> float:
        if retry_after is not None and retry_after >= 0:
            return retry_after
        base = min(self.config.max_backoff, self.config.backoff * (2 ** retry_number))
        return base * (1 + 0.1 * self.jitter())

    def reply_limit(self, request: AIRequest) -> int:
        """Bytes we read at most: generous for `max_tokens` of JSON (escapes included), never above the setting."""
        return min(self.max_reply_bytes, 16 * request.max_tokens + 16_384)

    def complete(self, request: AIRequest) -> ProviderReply:
        retry_number = 0
        while True:
            try:
                return self._call(request)
            except ProviderError as exc:
                if not exc.retryable or retry_number >= self.config.max_retries:
                    raise
                delay = self._delay_before_retry(exc, retry_number, request)
                logger.info("ai provider %s: %s; retry %d/%d in %.2fs", self.name, exc, retry_number + 1,
                            self.config.max_retries, delay, extra={"provider": self.name})
                self.sleep(delay)
                retry_number += 1

    def _delay_before_retry(self, exc: ProviderError, retry_number: int, request: AIRequest) -> float:
        if exc.retry_after is not None and exc.retry_after > self.config.max_backoff:
            raise ProviderError(f"{exc} (Retry-After {exc.retry_after:g}s exceeds max_backoff; falling back)",
                                status=exc.status, retry_after=exc.retry_after, timeout=exc.timeout) from exc
        delay = self.backoff_delay(retry_number, exc.retry_after)
        if delay + 0.05 >= request.seconds_left(self.clock):
            raise ProviderError(f"{exc} (no time left before the task's deadline for another try)",
                                status=exc.status, timeout=exc.timeout) from exc
        return delay

    def _payload(self, request: AIRequest) -> bytes:
        payload = {"model": self.model, "messages": request.messages, "max_tokens": request.max_tokens,
                   "temperature": request.temperature}
        if self.json_mode:
            payload["response_format"] = {"type": "json_object"}
        return json.dumps(payload, ensure_ascii=False).encode()

    def _call(self, request: AIRequest) -> ProviderReply:
        left = request.seconds_left(self.clock)
        if left <= 0:
            raise ProviderError("the task's deadline passed before the request could be sent", timeout=True)
        deadline = self.clock() + min(left, 24 * 3600)
        exchange = _Exchange(self.url, read_timeout=self.config.timeout, deadline=deadline,
                             max_bytes=self.reply_limit(request), clock=self.clock)
        request.meter.add(requests=1)
        started = self.clock()
        try:
            status, headers, raw = exchange.post(self._payload(request), self.headers)
        except ReplyTooLarge as exc:
            request.meter.add(tokens_in=self._prompt_estimate(request), tokens_out=request.max_tokens)
            raise ProviderError(f"reply too large: {exc}") from exc
        except (TimeoutError, OSError, http.client.HTTPException) as exc:
            if exchange.expired or isinstance(exc, TimeoutError):
                if exchange.sent:  # a hang or a drip: the vendor read the prompt and bills it, so the quota counts it
                    request.meter.add(tokens_in=self._prompt_estimate(request))
                waited = self.clock() - started
                raise ProviderError(f"timed out after {waited:.1f}s (request timeout {self.config.timeout:g}s, "
                                    "task deadline included)", retryable=True, timeout=True) from exc
            raise ProviderError(f"connection failed: {type(exc).__name__}: {exc}"[:300], retryable=True) from exc
        if status >= 400:
            return self._http_error(request, status, headers, raw)
        return self._reply(request, raw)

    def _http_error(self, request: AIRequest, status: int, headers, raw: bytes) -> ProviderReply:
        message = _error_message(raw)
        if status == 400 and self.json_mode and ("response_format" in message or "json" in message.lower()):
            logger.warning("ai provider %s rejects JSON mode; using tolerant extraction from now on", self.name)
            self.json_mode = False
            return self._call(request)
        retryable = status in RETRYABLE or status >= 500
        raise ProviderError(f"HTTP {status}: {message}"[:500], retryable=retryable, status=status,
                            retry_after=_retry_after(headers) if retryable else None)

    @staticmethod
    def _prompt_estimate(request: AIRequest) -> int:
        return estimate_tokens("".join(str(m.get("content", "")) for m in request.messages))

    def _reply(self, request: AIRequest, raw: bytes) -> ProviderReply:
        try:
            envelope = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            request.meter.add(tokens_in=self._prompt_estimate(request), tokens_out=estimate_tokens(str(raw[:65536])))
            raise ProviderError(f"the reply is not a JSON chat completion ({type(exc).__name__})") from exc
        text, model, finish = _choice(envelope)
        tokens_in, tokens_out, usage_problem = self._usage(envelope, request, text)
        request.meter.add(tokens_in=tokens_in, tokens_out=tokens_out)
        if text is None:
            raise ProviderError("the endpoint answered without a usable choice (not a chat completion)")
        if usage_problem:
            raise ProviderError(f"reply rejected: {usage_problem}")
        if finish == "length":
            logger.info("ai provider %s: reply cut at max_tokens=%d", self.name, request.max_tokens)
        return ProviderReply(text=text, tokens_in=tokens_in, tokens_out=tokens_out, model=model or self.model,
                             metered=True)

    @staticmethod
    def _usage(envelope: Any, request: AIRequest, text: str | None) -> tuple[int, int, str]:
        """(tokens in, tokens out, problem or ''): numbers validated and capped; estimated when unusable."""
        estimate_in = OpenAICompatProvider._prompt_estimate(request)
        estimate_out = min(request.max_tokens, estimate_tokens(text or ""))
        usage = envelope.get("usage") if isinstance(envelope, dict) else None
        if usage is None:
            return estimate_in, estimate_out, ""
        if not isinstance(usage, dict):
            return estimate_in, estimate_out, "usage is not an object"
        prompt, completion = _count(usage.get("prompt_tokens", 0)), _count(usage.get("completion_tokens", 0))
        if prompt is None or completion is None:
            return estimate_in, estimate_out, "token counts are not non-negative whole numbers"
        problem = ""
        if prompt > MAX_PROMPT_TOKENS:
            problem = f"prompt_tokens {prompt} is absurd"
        elif completion > request.max_tokens:
            problem = f"completion_tokens {completion} exceeds max_tokens {request.max_tokens}"
        elif text is not None and len(text) > 8 * request.max_tokens:
            problem = f"{len(text)} characters cannot fit in max_tokens {request.max_tokens}"
        return min(prompt, MAX_PROMPT_TOKENS), min(completion, request.max_tokens), problem


def _error_message(raw: bytes) -> str:
    try:
        body = json.loads(raw[:65536].decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return raw[:200].decode("utf-8", "replace")
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        return error["message"][:300]
    if isinstance(error, str):
        return error[:300]
    return "error"


def _choice(envelope: Any) -> tuple[str | None, str, str]:
    """(content text or None when the envelope has no usable choice, model name, finish reason)."""
    if not isinstance(envelope, dict):
        return None, "", ""
    model = envelope.get("model") if isinstance(envelope.get("model"), str) else ""
    choices = envelope.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return None, model[:200], ""
    choice = choices[0]
    message = choice.get("message")
    content = message.get("content") if isinstance(message, dict) else None
    finish = choice.get("finish_reason") if isinstance(choice.get("finish_reason"), str) else ""
    if content is None:
        content = ""
    if not isinstance(content, str):
        return None, model[:200], finish
    return content, model[:200], finish


def synthesize_speech(config: ProviderConfig, *, model: str, voice: str, text: str, timeout: float, max_bytes: int,
                      clock: Callable[[], float] = time.monotonic) -> bytes:
    """`POST {base_url}/audio/speech` for `text` as MP3, within `timeout` seconds in all (connecting, waiting for the
    headers and reading however slowly the audio drips; no retries) and at most `max_bytes`. Raises ProviderError.

    The same bounded exchange as a chat call: the `openai` SDK's timeout is per socket read, so a reply whose
    headers came just inside it and whose audio came as slowly took about twice AI_TTS_TIMEOUT."""
    exchange = _Exchange(f"{config.base_url}/audio/speech", read_timeout=timeout, deadline=clock() + timeout,
                         max_bytes=max_bytes, clock=clock)
    body = json.dumps({"model": model, "voice": voice, "input": text, "response_format": "mp3"}).encode()
    headers = {"content-type": "application/json", "accept": "audio/mpeg", "accept-encoding": "identity",
               "user-agent": "InterviewMaster-AI/1", "authorization": f"Bearer {config.api_key or 'not-needed'}"}
    started = clock()
    try:
        status, _, raw = exchange.post(body, headers)
    except ReplyTooLarge as exc:
        raise ProviderError(f"reply too large: {exc}") from exc
    except (TimeoutError, OSError, http.client.HTTPException) as exc:
        if exchange.expired or isinstance(exc, TimeoutError):
            raise ProviderError(f"timed out after {clock() - started:.1f}s (speech timeout {timeout:g}s)",
                                timeout=True) from exc
        raise ProviderError(f"connection failed: {type(exc).__name__}: {exc}"[:300]) from exc
    if status >= 400:
        raise ProviderError(f"HTTP {status}: {_error_message(raw)}", status=status)
    if not raw:
        raise ProviderError("the provider returned no audio")
    return raw
