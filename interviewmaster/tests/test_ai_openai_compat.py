"""The OpenAI-compatible provider against a stub HTTP server on 127.0.0.1: retries, backoff, JSON handling, fallback."""

from __future__ import annotations

import json
import logging

import pytest

from interviewmaster.ai.base import ProviderError
from interviewmaster.ai.catalog import TASKS
from interviewmaster.ai.chain import Chain, complete_json
from interviewmaster.ai.config import ProviderConfig
from interviewmaster.ai.offline import OfflineProvider
from interviewmaster.ai.openai_compat import OpenAICompatProvider
from interviewmaster.models import ProviderUsage

pytestmark = pytest.mark.django_db

HINT = {"hint": "Try a dictionary of seen values.", "level": 1, "focus": "hashing"}
HINT_INPUTS = {"problem": {"title": "Two sum", "tags": ["hashing"]}, "level": 1}


def provider_for(server, *, name="stub", max_retries=2, timeout=5.0, json_mode=True, sleeps=None, **extra):
    config = ProviderConfig(name=name, base_url=server.base_url, model="stub-model", api_key="test-key",
                            timeout=timeout, max_retries=max_retries, backoff=0.5, max_backoff=4.0,
                            json_mode=json_mode, **extra)
    recorded = sleeps if sleeps is not None else []
    return OpenAICompatProvider(config, sleep=recorded.append, jitter=lambda: 0.0)


def chain_of(*providers):
    return Chain([*providers, OfflineProvider()])


def test_success_returns_validated_json_with_tokens_and_asks_for_json_mode(stub_server):
    stub_server.ok(HINT, prompt_tokens=70, completion_tokens=12)
    result = complete_json("tutor_hint", HINT_INPUTS, chain=chain_of(provider_for(stub_server)))
    assert result.data == HINT
    assert (result.provider, result.model, result.tokens_in, result.tokens_out) == ("stub", "stub-model", 70, 12)
    assert result.cached is False
    sent = stub_server.requests[0]
    assert sent["model"] == "stub-model"
    assert sent["response_format"] == {"type": "json_object"}
    assert sent["messages"][0]["role"] == "system"
    usage = ProviderUsage.objects.get(provider="stub")
    assert (usage.requests, usage.tokens_in, usage.tokens_out, usage.failures) == (1, 70, 12, 0)


def test_429_with_retry_after_waits_that_long_then_succeeds(stub_server):
    stub_server.reply(429, {"error": {"message": "slow down"}}, {"retry-after": "2"}).ok(HINT)
    sleeps: list[float] = []
    result = complete_json("tutor_hint", HINT_INPUTS, chain=chain_of(provider_for(stub_server, sleeps=sleeps)))
    assert result.provider == "stub"
    assert sleeps == [2.0]
    assert len(stub_server.requests) == 2


def test_429_with_retry_after_longer_than_max_backoff_falls_back_without_waiting(stub_server):
    stub_server.reply(429, {"error": {"message": "quota"}}, {"retry-after": "3600"})
    sleeps: list[float] = []
    result = complete_json("tutor_hint", HINT_INPUTS, chain=chain_of(provider_for(stub_server, sleeps=sleeps)))
    assert result.provider == "offline"
    assert sleeps == []
    assert len(stub_server.requests) == 1
    assert "Retry-After 3600s" in result.attempts[0]["error"]


def test_500_is_retried_with_exponential_backoff_then_falls_back_to_offline(stub_server):
    stub_server.reply(500, {"error": {"message": "boom"}})
    sleeps: list[float] = []
    result = complete_json("tutor_hint", HINT_INPUTS, chain=chain_of(provider_for(stub_server, sleeps=sleeps)))
    assert len(stub_server.requests) == 3  # first try + max_retries=2
    assert sleeps == [0.5, 1.0]
    assert result.provider == "offline"
    assert result.data["level"] == 1
    assert [a["outcome"] for a in result.attempts] == ["failed", "ok"]
    usage = ProviderUsage.objects.get(provider="stub")
    assert usage.failures == 1 and "HTTP 500" in usage.last_error


def test_backoff_is_capped_and_jittered_within_ten_percent(stub_server):
    provider = OpenAICompatProvider(
        ProviderConfig(name="x", base_url=stub_server.base_url, model="m", backoff=1.0, max_backoff=3.0),
        sleep=lambda s: None, jitter=lambda: 1.0)
    assert [provider.backoff_delay(n) for n in range(4)] == [1.1, 2.2, pytest.approx(3.3), pytest.approx(3.3)]


def test_client_errors_are_not_retried(stub_server):
    stub_server.reply(401, {"error": {"message": "bad key"}})
    provider = provider_for(stub_server)
    with pytest.raises(ProviderError) as caught:
        provider.complete(_request("tutor_hint", HINT_INPUTS))
    assert caught.value.status == 401 and caught.value.retryable is False
    assert len(stub_server.requests) == 1


def _request(task, inputs):
    from interviewmaster.ai.base import AIRequest

    spec = TASKS[task]
    return AIRequest(task=task, inputs=inputs, messages=spec.template.render(inputs, spec.schema), schema=spec.schema,
                     prompt_version=spec.prompt_version)


def test_timeout_is_retried_then_falls_back(stub_server):
    stub_server.reply(200, {}, delay=1.0)
    sleeps: list[float] = []
    provider = provider_for(stub_server, timeout=0.2, max_retries=1, sleeps=sleeps)
    result = complete_json("tutor_hint", HINT_INPUTS, chain=chain_of(provider))
    assert result.provider == "offline"
    assert "timed out after 0.2s" in result.attempts[0]["error"]
    assert sleeps == [0.5]
    assert len(stub_server.requests) == 2


def test_invalid_json_is_sent_back_once_with_the_error_then_falls_back(stub_server):
    stub_server.ok("Sure! Here is a hint: use a dictionary.")
    result = complete_json("tutor_hint", HINT_INPUTS, chain=chain_of(provider_for(stub_server)))
    assert len(stub_server.requests) == 2
    repair = stub_server.requests[1]["messages"]
    assert repair[-2] == {"role": "assistant", "content": "Sure! Here is a hint: use a dictionary."}
    assert "no complete JSON object" in repair[-1]["content"]
    assert result.provider == "offline"


def test_schema_violation_is_repaired_by_the_retry(stub_server):
    stub_server.ok({"hint": "Use a dict.", "level": 7, "focus": "x"}).ok(HINT)
    result = complete_json("tutor_hint", HINT_INPUTS, chain=chain_of(provider_for(stub_server)))
    assert result.provider == "stub" and result.data == HINT
    assert "level: 7 is greater than the maximum of 3" in stub_server.requests[1]["messages"][-1]["content"]
    assert result.tokens_in == 100  # both calls counted


def test_truncated_json_falls_back(stub_server):
    stub_server.ok('{"hint": "Use a dictionary of seen va', finish_reason="length")
    result = complete_json("tutor_hint", HINT_INPUTS, chain=chain_of(provider_for(stub_server)))
    assert result.provider == "offline"
    assert "InvalidOutput" in result.attempts[0]["error"]


def test_json_in_code_fences_and_think_tags_is_extracted_without_json_mode(stub_server):
    stub_server.ok("<think>the user wants a hint</think>\nHere you go:\n```json\n" + json.dumps(HINT) + "\n```")
    result = complete_json("tutor_hint", HINT_INPUTS, chain=chain_of(provider_for(stub_server, json_mode=False)))
    assert result.data == HINT
    assert "response_format" not in stub_server.requests[0]


def test_endpoint_rejecting_json_mode_is_asked_again_without_it(stub_server):
    stub_server.reply(400, {"error": {"message": "response_format is not supported by this model"}}).ok(HINT)
    provider = provider_for(stub_server)
    result = complete_json("tutor_hint", HINT_INPUTS, chain=chain_of(provider))
    assert result.data == HINT
    assert "response_format" in stub_server.requests[0] and "response_format" not in stub_server.requests[1]
    assert provider.json_mode is False


def test_second_remote_provider_answers_when_the_first_fails(make_stub_server):
    down, up = make_stub_server(), make_stub_server()
    down.reply(503, {"error": {"message": "maintenance"}})
    up.ok(HINT)
    result = complete_json("tutor_hint", HINT_INPUTS, chain=chain_of(
        provider_for(down, name="primary", max_retries=0), provider_for(up, name="secondary")))
    assert result.provider == "secondary"
    assert [(a["provider"], a["outcome"]) for a in result.attempts] == [("primary", "failed"), ("secondary", "ok")]


def test_every_remote_provider_failing_still_answers_via_offline(make_stub_server, caplog):
    servers = [make_stub_server() for _ in range(3)]
    servers[0].reply(500, {"error": {"message": "down"}})
    servers[1].reply(429, {"error": {"message": "limited"}}, {"retry-after": "999"})
    servers[2].ok("not json at all")
    providers = [provider_for(s, name=f"p{i}", max_retries=0) for i, s in enumerate(servers)]
    with caplog.at_level(logging.WARNING, logger="interviewmaster.ai.chain"):
        result = complete_json("evaluate_answer", {
            "question": {"prompt": "Explain hashing.", "category": "databases",
                         "expected_points": [{"point": "Hash function maps keys", "keywords": ["hash", "key"]}]},
            "answer": {"text": "A hash function maps each key to a bucket."}}, chain=chain_of(*providers))
    assert result.provider == "offline"
    assert result.data["covered_points"] == ["Hash function maps keys"]
    assert [a["provider"] for a in result.attempts] == ["p0", "p1", "p2", "offline"]
    assert sum("falling back" in r.getMessage() for r in caplog.records) == 3
