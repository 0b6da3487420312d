"""The provider chain and `complete_json`, the one entry point every AI feature calls (DESIGN §5).

Order: remote providers sorted by a score (circuit health 0.4, remaining daily quota 0.3, recent latency 0.3;
configured order breaks ties), open circuits and exhausted quotas skipped, the offline provider always last.
Each answer is parsed (tolerantly) and validated against the task's schema; an invalid answer is sent back once with
the validation errors, and if it is still invalid the chain moves on to the next provider.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings

from interviewmaster.ai.base import AIRequest, AIResult, Provider, ProviderError, ProviderReply
from interviewmaster.ai.cache import ResponseCache, inputs_hash
from interviewmaster.ai.catalog import TASKS, AITask
from interviewmaster.ai.circuit import HALF_OPEN, OPEN, CircuitBreaker
from interviewmaster.ai.config import configured_providers
from interviewmaster.ai.errors import AIUnavailable, InvalidAIInput, UnknownAITask
from interviewmaster.ai.parsing import NoJSONFound, extract_json
from interviewmaster.ai.quota import QuotaTracker
from interviewmaster.ai.schemas import validation_errors

logger = logging.getLogger(__name__)


class InvalidOutput(Exception):
    """A provider answered, but not with JSON matching the task's schema."""


class Chain:
    def __init__(self, providers: list[Provider], *, quota: QuotaTracker | None = None,
                 cache: ResponseCache | None = None, clock: Callable[[], float] = time.time):
        # Offline (non-remote) providers go last whatever the configured order.
        self.providers = [p for p in providers if p.remote] + [p for p in providers if not p.remote]
        self.quota = quota or QuotaTracker()
        self.cache = cache or ResponseCache()
        self.clock = clock
        self.breakers = {p.name: CircuitBreaker(p.name, clock=clock) for p in self.providers if p.remote}
        self.latency_ms: dict[str, float] = {}  # recent latency per provider (moving average, this process)

    # --- ordering -----------------------------------------------------------------------------------------------
    def scores(self, circuits: dict[str, dict] | None = None) -> list[tuple[Provider, float, str]]:
        """(provider, score, reason-if-skipped) for every remote provider, best first.

        `circuits` maps provider name -> raw circuit state already fetched from the cache ({} = none stored).
        """
        remote = [p for p in self.providers if p.remote]
        if not remote:
            return []
        if circuits is None:
            found = self.cache.cache.get_many([self.breakers[p.name].key for p in remote])
            circuits = {p.name: found.get(self.breakers[p.name].key) or {} for p in remote}
        usages = self.quota.usage_map([p.name for p in remote])
        rows = []
        for index, provider in enumerate(remote):
            state = self.breakers[provider.name].state(circuits[provider.name])
            used = self.quota.used_fraction(provider, usages.get(provider.name, False))
            skip = ""
            if state == OPEN:
                skip = "circuit open"
            elif used >= 1.0:
                skip = "daily quota used up"
            health = 0.5 if state == HALF_OPEN else 1.0
            latency = self.latency_ms.get(provider.name)
            latency_score = 1.0 if latency is None else 1.0 / (1.0 + latency / 1000.0)
            score = 0.4 * health + 0.3 * (1.0 - min(used, 1.0)) + 0.3 * latency_score
            rows.append((index, provider, round(score, 2), skip))
        rows.sort(key=lambda row: (-row[2], row[0]))
        return [(provider, score, skip) for _, provider, score, skip in rows]

    # --- running ------------------------------------------------------------------------------------------------
    def run(self, task: AITask, inputs: dict[str, Any], schema: dict[str, Any], *, use_cache: bool = True) -> AIResult:
        started = time.perf_counter()
        remote = [p for p in self.providers if p.remote]
        digest = inputs_hash(inputs)
        cacheable = bool(use_cache and task.cache_ttl and settings.AI_CACHE_ENABLED)
        # One cache round trip fetches every circuit and every candidate cached answer.
        circuit_keys = {p.name: self.breakers[p.name].key for p in remote}
        answer_keys = {p.name: self.cache.key(task.name, task.prompt_version, digest, p.model)
                       for p in remote} if cacheable else {}
        found = self.cache.cache.get_many([*circuit_keys.values(), *answer_keys.values()]) if remote else {}
        circuits = {name: found.get(key) or {} for name, key in circuit_keys.items()}
        ranked = self.scores(circuits)
        available = [p for p, _, skip in ranked if not skip]
        for provider in available if cacheable else []:
            entry = found.get(answer_keys[provider.name])
            if entry is not None:
                self.quota.record_cache_hit(provider)
                return AIResult(task=task.name, data=entry["data"], provider=entry["provider"], model=provider.model,
                                tokens_in=0, tokens_out=0, cached=True,
                                latency_ms=(time.perf_counter() - started) * 1000)
        request = AIRequest(task=task.name, inputs=inputs, messages=task.template.render(inputs, schema),
                            schema=schema, prompt_version=task.prompt_version, max_tokens=task.max_tokens)
        attempts: list[dict[str, Any]] = [{"provider": p.name, "outcome": "skipped", "error": skip}
                                          for p, _, skip in ranked if skip]
        for provider in available + [p for p in self.providers if not p.remote]:
            if provider.remote and not self.breakers[provider.name].allow(circuits[provider.name]):
                attempts.append({"provider": provider.name, "outcome": "skipped", "error": "circuit open"})
                continue
            call_started = time.perf_counter()
            try:
                data, tokens_in, tokens_out, model = self._attempt(provider, request, schema)
            except (ProviderError, InvalidOutput) as exc:
                elapsed = (time.perf_counter() - call_started) * 1000
                error = f"{type(exc).__name__}: {exc}"[:500]
                attempts.append({"provider": provider.name, "outcome": "failed", "error": error,
                                 "latency_ms": round(elapsed, 1)})
                logger.warning("ai task %s: provider %s failed (%s); falling back", task.name, provider.name, error,
                               extra={"provider": provider.name, "ai_task": task.name})
                if provider.remote:
                    self.breakers[provider.name].record_failure(error)
                self.quota.record_call(provider, error=error)
                continue
            elapsed = (time.perf_counter() - call_started) * 1000
            if provider.remote:
                if circuits[provider.name]:  # nothing stored means closed with no failures: nothing to reset
                    self.breakers[provider.name].record_success()
                previous = self.latency_ms.get(provider.name)
                self.latency_ms[provider.name] = elapsed if previous is None else 0.7 * previous + 0.3 * elapsed
                if cacheable:
                    self.cache.store(task.name, task.prompt_version, digest, provider.model,
                                     {"data": data, "provider": provider.name}, task.cache_ttl)
            self.quota.record_call(provider, tokens_in=tokens_in, tokens_out=tokens_out, latency_ms=elapsed)
            attempts.append({"provider": provider.name, "outcome": "ok", "latency_ms": round(elapsed, 1)})
            return AIResult(task=task.name, data=data, provider=provider.name, model=model, tokens_in=tokens_in,
                            tokens_out=tokens_out, latency_ms=(time.perf_counter() - started) * 1000,
                            attempts=attempts)
        raise AIUnavailable(
            f"No AI provider could complete '{task.name}': "
            + "; ".join(f"{a['provider']}: {a.get('error') or a['outcome']}" for a in attempts),
            fields={"attempts": attempts},
        )

    def _attempt(self, provider: Provider, request: AIRequest, schema: dict) -> tuple[Any, int, int, str]:
        """One provider: call, parse, validate; on invalid output ask once more with the errors, then give up."""
        reply = provider.complete(request)
        tokens_in, tokens_out = reply.tokens_in, reply.tokens_out
        problems = self._problems(reply, schema)
        if problems is None:
            return self._data(reply), tokens_in, tokens_out, reply.model or provider.model
        repair = AIRequest(
            task=request.task, inputs=request.inputs, schema=schema, prompt_version=request.prompt_version,
            max_tokens=request.max_tokens, temperature=0.0,
            messages=[*request.messages, {"role": "assistant", "content": reply.text[:4000]},
                      {"role": "user", "content": "Your reply was rejected: " + "; ".join(problems)
                       + ". Reply again with only the corrected JSON object that matches the schema."}],
        )
        logger.info("ai task %s: %s returned invalid output (%s); retrying once", request.task, provider.name,
                    "; ".join(problems)[:300])
        second = provider.complete(repair)
        tokens_in += second.tokens_in
        tokens_out += second.tokens_out
        problems = self._problems(second, schema)
        if problems is not None:
            raise InvalidOutput("; ".join(problems)[:500])
        return self._data(second), tokens_in, tokens_out, second.model or provider.model

    @staticmethod
    def _data(reply: ProviderReply) -> Any:
        return reply.data if reply.data is not None else extract_json(reply.text)

    @staticmethod
    def _problems(reply: ProviderReply, schema: dict) -> list[str] | None:
        try:
            data = Chain._data(reply)
        except NoJSONFound as exc:
            return [str(exc)]
        errors = validation_errors(data, schema)
        return errors or None

    def status(self) -> list[dict[str, Any]]:
        """Health, circuit, quota and last error of every provider, for the admin status endpoint."""
        self.quota.flush()
        usages = self.quota.usage_map([p.name for p in self.providers], fresh=True)
        rows = []
        for provider in self.providers:
            usage = usages.get(provider.name)
            circuit = self.breakers[provider.name].snapshot() if provider.remote else {"state": "closed"}
            used = self.quota.used_fraction(provider, usage or False)
            rows.append({
                "name": provider.name, "model": provider.model, "remote": provider.remote,
                "healthy": circuit["state"] != OPEN and used < 1.0,
                "circuit": circuit,
                "quota": {"daily_request_quota": provider.daily_request_quota,
                          "daily_token_quota": provider.daily_token_quota, "used_fraction": round(used, 4),
                          "requests": usage.requests if usage else 0, "tokens": usage.tokens if usage else 0,
                          "failures": usage.failures if usage else 0, "cache_hits": usage.cache_hits if usage else 0,
                          "cost_usd": float(usage.cost_usd) if usage else 0.0},
                "average_latency_ms": usage.average_latency_ms if usage else None,
                "last_error": usage.last_error if usage else "",
                "last_error_at": usage.last_error_at.isoformat() if usage and usage.last_error_at else None,
            })
        return rows


_chain: tuple[str, Chain] | None = None


def build_providers() -> list[Provider]:
    from interviewmaster.ai.offline import OfflineProvider
    from interviewmaster.ai.openai_compat import OpenAICompatProvider

    providers: list[Provider] = [OpenAICompatProvider(config) for config in configured_providers()]
    if settings.AI_OFFLINE_ENABLED:
        providers.append(OfflineProvider())
    return providers


def get_chain() -> Chain:
    """The process-wide chain, rebuilt when the provider settings change."""
    global _chain
    signature = json.dumps([settings.AI_PROVIDERS, settings.AI_OPENAI_API_KEY, settings.AI_BASE_URL,
                            settings.AI_MODEL, settings.AI_OFFLINE_ENABLED], default=str)
    if _chain is None or _chain[0] != signature:
        _chain = (signature, Chain(build_providers()))
    return _chain[1]


def complete_json(task: str, prompt_inputs: dict[str, Any], schema: dict[str, Any] | None = None, *,
                  use_cache: bool = True, chain: Chain | None = None) -> AIResult:
    """Run an AI task through the chain and return validated JSON in an AIResult.

    Call it from Celery tasks only (never in a request or websocket handler). Raises UnknownAITask, InvalidAIInput,
    or AIUnavailable when no provider (offline included) could answer.
    """
    spec = TASKS.get(task)
    if spec is None:
        raise UnknownAITask(f"Unknown AI task '{task}'. Known: {', '.join(sorted(TASKS))}.")
    missing = [key for key in spec.required_inputs if key not in prompt_inputs]
    if missing:
        raise InvalidAIInput(f"AI task '{task}' needs inputs: {', '.join(missing)}.", fields={"missing": missing})
    result = (chain or get_chain()).run(spec, prompt_inputs, schema or spec.schema, use_cache=use_cache)
    # --- issue 10: deterministic grading caps on EVERY provider's evaluation (cached ones too): ai/grading.py ---
    if task == "evaluate_answer" and isinstance(result.data, dict):
        result.data = apply_grading_caps_to(result.data, prompt_inputs)
    return result


def apply_grading_caps_to(data: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    from interviewmaster.ai.grading import apply_grading_caps

    answer = inputs.get("answer") or {}
    answer = {"text": answer} if isinstance(answer, str) else answer
    return apply_grading_caps(data, question=inputs.get("question") or {}, answer=answer.get("text") or "",
                              code=answer.get("code") or "", test_results=inputs.get("test_results"),
                              criteria=inputs.get("criteria"))
