"""The provider chain and `complete_json`, the one entry point every AI feature calls (DESIGN §5).

Order: remote providers sorted by a score (circuit health 0.4, remaining daily quota 0.3, recent latency 0.3;
configured order breaks ties), open circuits and exhausted quotas skipped, the offline provider always last.
Each call has a total time budget per task (not a read timeout): remote providers share it across attempts, retries,
backoff and the repair, and when it is spent the offline engine answers. Each answer is parsed (tolerantly), made
plain text, validated against the task's schema and checked for plausibility; a rejected answer is sent back once with
the reasons, and if it is still rejected the chain moves on to the next provider. Whatever a provider or its reply
raises is contained at the provider boundary: counted as that provider's failure, then the next provider answers.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from interviewmaster import metrics
from interviewmaster.ai import plausibility
from interviewmaster.ai.base import AIRequest, AIResult, Provider, ProviderError, ProviderReply, UsageMeter
from interviewmaster.ai.cache import ResponseCache, inputs_hash
from interviewmaster.ai.catalog import TASKS, AITask
from interviewmaster.ai.circuit import HALF_OPEN, OPEN, CircuitBreaker
from interviewmaster.ai.config import configured_providers, task_budget
from interviewmaster.ai.errors import AIUnavailable, InvalidAIInput, UnknownAITask
from interviewmaster.ai.parsing import NoJSONFound, extract_json
from interviewmaster.ai.quota import QuotaTracker
from interviewmaster.ai.schemas import fit, validation_errors

logger = logging.getLogger(__name__)


class InvalidOutput(Exception):
    """A provider answered, but not with JSON matching the task's schema, or with an answer not to be believed."""


_OUT_OF_TIME = object()


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
    def run(self, task: AITask, inputs: dict[str, Any], schema: dict[str, Any], *, use_cache: bool = True,
            budget: float | None = None, owners: tuple[int, ...] = ()) -> AIResult:
        """Cache, then remote providers in order within the task's budget, then the offline engine. A cached reply
        (read or written) is indexed under `owners`, so deleting one of those accounts deletes it (ai/cache.py)."""
        started = time.perf_counter()
        deadline = time.monotonic() + (task_budget(task.name) if budget is None else budget)
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
                self.cache.remember(answer_keys[provider.name], owners=owners)  # now this user's reply too
                self.quota.record_cache_hit(provider)
                return AIResult(task=task.name, data=entry["data"], provider=entry["provider"], model=provider.model,
                                tokens_in=0, tokens_out=0, cached=True,
                                latency_ms=(time.perf_counter() - started) * 1000)
        request = AIRequest(task=task.name, inputs=inputs, messages=task.template.render(inputs, schema),
                            schema=schema, prompt_version=task.prompt_version, max_tokens=task.max_tokens,
                            deadline=deadline)
        attempts: list[dict[str, Any]] = [{"provider": p.name, "outcome": "skipped", "error": skip}
                                          for p, _, skip in ranked if skip]
        for provider in available + [p for p in self.providers if not p.remote]:
            skip = self._skip_reason(provider, circuits, deadline)
            if skip:
                attempts.append({"provider": provider.name, "outcome": "skipped", "error": skip})
                continue
            outcome = self._run_provider(provider, replace(request, meter=UsageMeter()), circuits, attempts)
            if outcome is _OUT_OF_TIME:
                deadline = 0.0  # a soft time limit fired: no more remote providers, straight to offline
                continue
            if outcome is None:
                continue
            data, meter, model, elapsed = outcome
            if provider.remote and cacheable:
                self.cache.store(task.name, task.prompt_version, digest, provider.model,
                                 {"data": data, "provider": provider.name}, task.cache_ttl, owners=owners)
            return AIResult(task=task.name, data=data, provider=provider.name, model=model,
                            tokens_in=meter.tokens_in, tokens_out=meter.tokens_out,
                            latency_ms=(time.perf_counter() - started) * 1000, attempts=attempts)
        # Each provider's reason is in the log (_run_provider), not in the error: the error reaches users (a question-
        # generation job's message, an API envelope), and a vendor's reason can quote its request or a masked API key.
        raise AIUnavailable(
            f"No AI provider could complete '{task.name}' right now; try again shortly.",
            fields={"attempts": [{"provider": a["provider"], "outcome": a["outcome"]} for a in attempts]},
        )

    def _skip_reason(self, provider: Provider, circuits: dict[str, dict], deadline: float) -> str:
        if not provider.remote:
            return ""
        if time.monotonic() >= deadline:
            return "the task's time budget is spent"
        if not self.breakers[provider.name].allow(circuits[provider.name]):
            return "circuit open"
        return ""

    def _run_provider(self, provider: Provider, request: AIRequest, circuits: dict[str, dict],
                      attempts: list[dict[str, Any]]):
        """One provider, contained: whatever it or its reply does becomes either an answer or a recorded failure.

        Returns (data, meter, model, elapsed ms), None on failure, or _OUT_OF_TIME when Celery's soft time limit
        fired inside a remote call (that call is this provider's failure, and the caller goes straight offline)."""
        call_started = time.perf_counter()
        out_of_time = False
        try:
            data, model = self._attempt(provider, request)
        except SoftTimeLimitExceeded as exc:
            if not provider.remote:
                raise  # the offline engine itself ran out of time: nothing left to fall back to
            error, timeout, out_of_time = f"the task's soft time limit fired during the call ({exc!r})", True, True
        except (ProviderError, InvalidOutput) as exc:
            error, timeout = f"{type(exc).__name__}: {exc}"[:500], isinstance(exc, ProviderError) and exc.timeout
        except Exception as exc:  # noqa: BLE001 - the provider boundary: anything a reply causes is a failure
            logger.exception("ai provider %s raised %s on task %s", provider.name, type(exc).__name__, request.task,
                             extra={"provider": provider.name, "ai_task": request.task})
            error, timeout = f"{type(exc).__name__}: {exc}"[:500], False
        else:
            elapsed = (time.perf_counter() - call_started) * 1000
            self._account(provider, request, elapsed)
            if provider.remote and circuits[provider.name]:  # nothing stored = closed, no failures: nothing to reset
                self.breakers[provider.name].record_success()
            attempts.append({"provider": provider.name, "outcome": "ok", "latency_ms": round(elapsed, 1)})
            return data, request.meter, model, elapsed
        elapsed = (time.perf_counter() - call_started) * 1000
        attempts.append({"provider": provider.name, "outcome": "failed", "error": error,
                         "latency_ms": round(elapsed, 1)})
        logger.warning("ai task %s: provider %s failed (%s); falling back", request.task, provider.name, error,
                       extra={"provider": provider.name, "ai_task": request.task})
        if provider.remote:
            self.breakers[provider.name].record_failure(error, timeout=timeout)
        self._account(provider, request, elapsed, error=error)
        return _OUT_OF_TIME if out_of_time else None

    def call_direct(self, provider_name: str, task: str, call: Callable[[], Any]) -> Any:
        """One call to a remote provider outside `run`, for what is not a JSON task (server speech): the provider's
        circuit and daily quota are honoured, and the call is metered, counted and fed to the circuit like a chain
        task's. Raises ProviderError when the provider is unknown, its circuit is open or its quota used up; whatever
        `call` raises is recorded as the provider's failure and raised again."""
        provider = next((p for p in self.providers if p.remote and p.name == provider_name), None)
        if provider is None:
            raise ProviderError(f"no remote provider named {provider_name!r}")
        breaker = self.breakers[provider.name]
        if not breaker.allow():
            raise ProviderError("circuit open")
        if self.quota.is_exhausted(provider):
            raise ProviderError("daily quota used up")
        started = time.perf_counter()
        try:
            result = call()
        except Exception as exc:
            elapsed = (time.perf_counter() - started) * 1000
            error = f"{type(exc).__name__}: {exc}"[:500]
            breaker.record_failure(error, timeout=bool(getattr(exc, "timeout", False)))
            self._count(provider, task, UsageMeter(), elapsed, error=error)
            raise
        elapsed = (time.perf_counter() - started) * 1000
        breaker.record_success()
        self._count(provider, task, UsageMeter(), elapsed)
        return result

    def _account(self, provider: Provider, request: AIRequest, elapsed: float, *, error: str = "") -> None:
        self._count(provider, request.task, request.meter, elapsed, error=error)

    def _count(self, provider: Provider, task: str, meter: UsageMeter, elapsed: float, *, error: str = "") -> None:
        metrics.observe_ai_call(provider=provider.name, task=task, outcome="error" if error else "ok",
                                seconds=elapsed / 1000)
        if provider.remote:
            previous = self.latency_ms.get(provider.name)
            self.latency_ms[provider.name] = elapsed if previous is None else 0.7 * previous + 0.3 * elapsed
        self.quota.record_call(provider, requests=meter.requests or 1, tokens_in=meter.tokens_in,
                               tokens_out=meter.tokens_out, latency_ms=elapsed, error=error)

    def _attempt(self, provider: Provider, request: AIRequest) -> tuple[Any, str]:
        """One provider: call, check; on a rejected answer ask once more with the reasons (while time allows)."""
        reply = self._complete(provider, request)
        data, problems = self._checked(request, reply, trusted=not provider.remote)
        if not problems:
            return data, reply.model or provider.model
        if not provider.remote:
            raise InvalidOutput("; ".join(problems)[:500])
        if request.seconds_left() <= 0:
            raise InvalidOutput(("; ".join(problems) + " (no time left to ask again)")[:500])
        repair = replace(request, temperature=0.0, messages=[
            *request.messages, {"role": "assistant", "content": reply.text[:4000]},
            {"role": "user", "content": "Your reply was rejected: " + "; ".join(problems)
             + ". Reply again with only the corrected JSON object that matches the schema."}])
        logger.info("ai task %s: %s returned a rejected answer (%s); asking once more", request.task, provider.name,
                    "; ".join(problems)[:300])
        second = self._complete(provider, repair)
        data, problems = self._checked(request, second)
        if problems:
            raise InvalidOutput("; ".join(problems)[:500])
        return data, second.model or provider.model

    @staticmethod
    def _complete(provider: Provider, request: AIRequest) -> ProviderReply:
        reply = provider.complete(request)
        if not reply.metered:  # in-process providers: the chain counts their call and tokens
            request.meter.add(requests=1, tokens_in=reply.tokens_in, tokens_out=reply.tokens_out)
        return reply

    @staticmethod
    def _checked(request: AIRequest, reply: ProviderReply, *, trusted: bool = False) -> tuple[Any, list[str]]:
        """(data, []) for an answer to keep, (None, reasons) for one to reject.

        Order: parse; make every string plain text; (the offline engine's own answer only: cut to the schema's
        bounds); validate against the schema; plausibility checks. (The grading caps of evaluate_answer come after,
        in complete_json, so cached evaluations get them too.)"""
        try:
            data = reply.data if reply.data is not None else extract_json(reply.text)
        except NoJSONFound as exc:
            return None, [str(exc)]
        data = plausibility.plain_text(data)
        if trusted:
            data = fit(data, request.schema)
        errors = validation_errors(data, request.schema) or plausibility.problems(request.task, data, request.inputs)
        if errors:
            return None, errors
        return data, []

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
                # A provider whose last call timed out is unhealthy at once, before its circuit opens.
                "healthy": circuit["state"] != OPEN and not circuit.get("timed_out") and used < 1.0,
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
                  use_cache: bool = True, chain: Chain | None = None, budget: float | None = None,
                  owners: Iterable[int | None] = ()) -> AIResult:
    """Run an AI task through the chain and return validated JSON in an AIResult.

    `owners`: the ids of the users whose data the inputs carry (the candidate whose answer is evaluated, the owner
    of a resume, a plan's expert and candidate); their account deletion deletes the cached reply. None entries are
    skipped (a plan without a candidate account). A call about nobody in particular (generating bank questions)
    passes none.

    Call it from Celery tasks only (never in a request or websocket handler). Remote providers get the task's time
    budget (AI_TASK_BUDGETS; `budget` overrides it for one call) in total; then the offline engine answers. Raises
    UnknownAITask, InvalidAIInput, or AIUnavailable when no provider (offline included) could answer.
    """
    spec = TASKS.get(task)
    if spec is None:
        raise UnknownAITask(f"Unknown AI task '{task}'. Known: {', '.join(sorted(TASKS))}.")
    missing = [key for key in spec.required_inputs if key not in prompt_inputs]
    if missing:
        raise InvalidAIInput(f"AI task '{task}' needs inputs: {', '.join(missing)}.", fields={"missing": missing})
    result = (chain or get_chain()).run(spec, prompt_inputs, schema or spec.schema, use_cache=use_cache,
                                       budget=budget, owners=tuple(int(u) for u in owners if u is not None))
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
