"""The AI layer against a misbehaving OpenAI-compatible server on 127.0.0.1 (issue 18, one section per defect).

Every test talks HTTP to `interviewmaster.ai.misbehaving_server` through the real provider and chain.
"""

from __future__ import annotations

import json
import re
import signal
import time

import pytest
from celery.exceptions import SoftTimeLimitExceeded

from interviewmaster.ai.catalog import TASKS
from interviewmaster.ai.chain import Chain, complete_json
from interviewmaster.ai.config import ProviderConfig
from interviewmaster.ai.offline import OfflineProvider
from interviewmaster.ai.openai_compat import OpenAICompatProvider
from interviewmaster.ai.schemas import SCHEMAS
from interviewmaster.models import ProviderUsage

pytestmark = pytest.mark.django_db

FOLLOW_UP_INPUTS = {"question": {"prompt": "Find two numbers that add up to a target.", "category": "coding",
                                 "expected_points": [{"point": "Use a hash map", "keywords": ["hash", "map"]}]},
                    "answer": {"text": "I would loop twice over the array and compare every pair."}}
REFERENCE = ("def two_sum(nums, target):\n    seen = {}\n    for i, x in enumerate(nums):\n"
             "        if target - x in seen:\n            return [seen[target - x], i]\n        seen[x] = i\n"
             "    return []\n")
HINT_INPUTS = {"problem": {"title": "Two sum", "tags": ["hashing"], "hints": ["Think about a lookup table."]},
               "level": 1, "reference_solution": REFERENCE}


def provider_for(server, *, name="bad", timeout=30.0, max_retries=2, backoff=0.05, **extra):
    config = ProviderConfig(name=name, base_url=server.base_url, model="misbehaving-1", api_key="k",
                            timeout=timeout, max_retries=max_retries, backoff=backoff, max_backoff=2.0, **extra)
    return OpenAICompatProvider(config)


def chain_of(*providers):
    return Chain([*providers, OfflineProvider()])


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def usage(name="bad") -> ProviderUsage:
    return ProviderUsage.objects.get(provider=name)


# --- 1. a hanging provider: a deadline per call and a breaker that counts slow failures ----------------------------
def test_hanging_provider_costs_each_caller_at_most_the_budget_and_opens_the_circuit_after_three(
        misbehaving_server, settings):
    settings.AI_TASK_BUDGETS = {"follow_up": 1.5}
    settings.AI_USAGE_FLUSH_SECONDS = 5  # production buffering: the timed call below writes no usage row itself
    misbehaving_server.mode = "hang"
    chain = chain_of(provider_for(misbehaving_server))
    for call in range(3):
        result, took = timed(lambda: complete_json("follow_up", FOLLOW_UP_INPUTS, chain=chain, use_cache=False))
        assert result.provider == "offline"
        assert took <= 1.5 + 1.0, f"call {call + 1} waited {took:.2f}s"
        assert "timed out" in result.attempts[0]["error"]
        status = {row["name"]: row for row in chain.status()}["bad"]
        assert status["healthy"] is False  # unhealthy from the first timeout on, before the circuit opens
    assert status["circuit"]["state"] == "open"
    sent = len(misbehaving_server.requests)
    result, took = timed(lambda: complete_json("follow_up", FOLLOW_UP_INPUTS, chain=chain, use_cache=False))
    assert result.provider == "offline" and took < 0.05
    assert result.attempts[0] == {"provider": "bad", "outcome": "skipped", "error": "circuit open"}
    assert len(misbehaving_server.requests) == sent
    chain.quota.flush()
    row = usage()
    assert row.failures == 3 and row.calls == 3 and row.average_latency_ms >= 1000  # a hang reads slow, not 0


def test_several_hanging_providers_share_one_budget(make_servers, settings):
    settings.AI_TASK_BUDGETS = {"tutor_hint": 1.2}
    first, second = make_servers("hang"), make_servers("hang")
    chain = chain_of(provider_for(first, name="one"), provider_for(second, name="two"))
    result, took = timed(lambda: complete_json("tutor_hint", HINT_INPUTS, chain=chain, use_cache=False))
    assert result.provider == "offline" and took <= 1.2 + 1.0
    assert [a["provider"] for a in result.attempts] == ["one", "two", "offline"]
    assert result.attempts[1]["error"] == "the task's time budget is spent"


def test_default_budgets_are_8_20_and_30_seconds_and_configurable(settings):
    from interviewmaster.ai.config import task_budget

    assert (task_budget("follow_up"), task_budget("tutor_hint"), task_budget("evaluate_answer"),
            task_budget("analyze_resume"), task_budget("build_plan")) == (8, 8, 20, 30, 30)
    settings.AI_TASK_BUDGETS = '{"follow_up": 5}'
    settings.AI_DEFAULT_BUDGET_SECONDS = 12
    assert (task_budget("follow_up"), task_budget("tutor_hint"), task_budget("build_plan")) == (5, 8, 12)


@pytest.mark.parametrize(("budgets", "soft", "hard", "message"), [
    ('{"follow_up": "soon"}', 100, 120, "must be a number of seconds"),
    ('{"folow_up": 5}', 100, 120, "unknown tasks ['folow_up']"),
    ("{}", 35, 120, "AI_TASK_SOFT_TIME_LIMIT (35s) must be at least the longest AI budget (30s) + 10s"),
    ("{}", 100, 100, "AI_TASK_TIME_LIMIT (100s) above it"),
])
def test_budgets_that_do_not_fit_under_the_celery_limits_stop_startup(settings, budgets, soft, hard, message):
    from django.core.exceptions import ImproperlyConfigured

    from interviewmaster.ai.checks import validate_configuration

    settings.AI_TASK_BUDGETS, settings.AI_TASK_SOFT_TIME_LIMIT, settings.AI_TASK_TIME_LIMIT = budgets, soft, hard
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        validate_configuration()


def test_retries_stop_when_the_backoff_would_cross_the_deadline(misbehaving_server, settings):
    settings.AI_TASK_BUDGETS = {"tutor_hint": 1.0}
    misbehaving_server.mode = "429"
    misbehaving_server.retry_after = 1.5  # within max_backoff (2 s) but not within the budget
    result, took = timed(lambda: complete_json("tutor_hint", HINT_INPUTS, use_cache=False,
                                               chain=chain_of(provider_for(misbehaving_server))))
    assert result.provider == "offline" and took < 1.0
    assert "no time left before the task's deadline" in result.attempts[0]["error"]
    assert len(misbehaving_server.requests) == 1


# --- 2. a soft time limit inside a provider call becomes a fallback ------------------------------------------------
def test_soft_time_limit_inside_a_provider_call_falls_back_to_offline_and_counts_a_failure(misbehaving_server,
                                                                                           settings):
    """Celery's prefork pool raises SoftTimeLimitExceeded from a signal handler in the worker's main thread, in the
    middle of whatever it is doing; here a real SIGALRM does the same during a real blocking socket read."""
    settings.AI_TASK_BUDGETS = {"follow_up": 30}
    misbehaving_server.mode = "hang"

    def soft_limit(signum, frame):
        raise SoftTimeLimitExceeded()

    previous = signal.signal(signal.SIGALRM, soft_limit)
    signal.setitimer(signal.ITIMER_REAL, 0.5)
    try:
        result, took = timed(lambda: complete_json("follow_up", FOLLOW_UP_INPUTS, use_cache=False,
                                                   chain=chain_of(provider_for(misbehaving_server))))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert result.provider == "offline" and took < 2
    assert "soft time limit" in result.attempts[0]["error"]
    assert usage().failures == 1


# --- 3. the timeout is per call, not per read -----------------------------------------------------------------------
def test_dripping_reply_is_cut_at_the_deadline_and_counted_as_a_timeout(misbehaving_server, settings):
    settings.AI_TASK_BUDGETS = {"follow_up": 3.0}
    misbehaving_server.mode = "drip"
    misbehaving_server.drip_interval = 1.5  # the case: each byte inside the 2 s read timeout
    chain = chain_of(provider_for(misbehaving_server, timeout=2.0))
    result, took = timed(lambda: complete_json("follow_up", FOLLOW_UP_INPUTS, chain=chain, use_cache=False))
    assert result.provider == "offline" and took <= 3.0 + 1.0
    assert "timed out" in result.attempts[0]["error"]
    assert chain.breakers["bad"].snapshot()["timed_out"] is True
    assert usage().failures == 1


# --- 4. every error a reply can cause is contained -------------------------------------------------------------------
@pytest.mark.parametrize(("mode", "depth", "error"), [
    ("malformed", 0, "without a usable choice"),
    ("bad_usage", 0, "token counts are not non-negative whole numbers"),
    ("deep_json", 3_000, "deeper than 32 levels"),  # fits the byte limit: the parser meets it, no RecursionError
    ("deep_json", 100_000, "reply too large"),  # the 100,000 `[` do not even get past the byte limit
])
def test_replies_that_used_to_raise_fall_back_and_count_as_the_providers_failure(misbehaving_server, mode, depth,
                                                                                 error):
    misbehaving_server.mode = mode
    misbehaving_server.deep_json_depth = depth
    chain = chain_of(provider_for(misbehaving_server, max_retries=0))
    result = complete_json("tutor_hint", HINT_INPUTS, chain=chain, use_cache=False)
    assert result.provider == "offline"
    assert error in result.attempts[0]["error"]
    assert chain.breakers["bad"].snapshot()["consecutive_failures"] == 1
    row = usage()
    assert row.failures == 1 and "offline" not in row.last_error and error in row.last_error


@pytest.mark.parametrize("bad", [
    {"prompt_tokens": "lots", "completion_tokens": 5},
    {"prompt_tokens": 10 ** 20, "completion_tokens": 10 ** 20},
    {"prompt_tokens": -5, "completion_tokens": 1.5},
    {"prompt_tokens": float("inf"), "completion_tokens": None},
    "many",
])
def test_bad_usage_numbers_are_validated_and_capped_before_they_are_stored(misbehaving_server, bad):
    misbehaving_server.mode = "bad_usage"
    misbehaving_server.bad_usage = bad
    chain = chain_of(provider_for(misbehaving_server, max_retries=0))
    assert complete_json("tutor_hint", HINT_INPUTS, chain=chain, use_cache=False).provider == "offline"
    assert complete_json("tutor_hint", {**HINT_INPUTS, "n": 2}, chain=chain, use_cache=False).provider == "offline"
    chain.quota.flush()
    row = usage()
    assert row.requests == 2 and row.failures == 2
    assert 0 < row.tokens_in <= 2 * 1_000_000 and 0 <= row.tokens_out <= 2 * TASKS["tutor_hint"].max_tokens
    assert ProviderUsage.objects.get(provider="offline").requests == 2  # the offline calls were not broken


@pytest.mark.parametrize("mode", ["hang", "drip"])
def test_a_request_that_times_out_after_it_was_sent_counts_its_prompt_towards_the_token_quota(
        misbehaving_server, settings, mode):
    """The vendor read the prompt (and bills it) however long it then hangs or drips: a provider timing out all day
    reached no token quota at all (0 tokens per call)."""
    from interviewmaster.ai.openai_compat import estimate_tokens

    settings.AI_TASK_BUDGETS = {"follow_up": 0.6}
    misbehaving_server.mode = mode
    chain = chain_of(provider_for(misbehaving_server, max_retries=0))
    assert complete_json("follow_up", FOLLOW_UP_INPUTS, chain=chain, use_cache=False).provider == "offline"
    chain.quota.flush()
    prompt = "".join(m["content"] for m in misbehaving_server.requests[0]["messages"])
    row = usage()
    assert (row.requests, row.failures, row.tokens_out) == (1, 1, 0)
    assert row.tokens_in == estimate_tokens(prompt) > 0


def test_a_usage_write_that_fails_never_fails_the_answer_and_keeps_the_counts(misbehaving_server, monkeypatch):
    from interviewmaster.ai import quota

    misbehaving_server.mode = "healthy"
    chain = chain_of(provider_for(misbehaving_server))
    original = quota.QuotaTracker._bump
    monkeypatch.setattr(quota.QuotaTracker, "_bump", lambda *a, **k: (_ for _ in ()).throw(OverflowError("big")))
    assert complete_json("tutor_hint", HINT_INPUTS, chain=chain, use_cache=False).provider == "bad"
    monkeypatch.setattr(quota.QuotaTracker, "_bump", original)
    chain.quota.flush()
    assert usage().requests == 1 and usage().tokens_in == 120


# --- 5. bounded output ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["huge_valid", "huge_invalid"])
def test_huge_replies_are_cut_off_at_the_byte_limit_and_never_returned_or_cached(misbehaving_server, mode):
    misbehaving_server.mode = mode
    chain = chain_of(provider_for(misbehaving_server, max_retries=0))
    result, took = timed(lambda: complete_json("tutor_hint", HINT_INPUTS, chain=chain))
    assert result.provider == "offline" and took < 3
    assert "reply too large" in result.attempts[0]["error"]
    assert len(json.dumps(result.data)) < 2000
    misbehaving_server.mode = "healthy"
    assert complete_json("tutor_hint", HINT_INPUTS, chain=chain).cached is False


def test_max_tokens_is_sent_and_a_reply_billed_beyond_it_is_rejected(misbehaving_server):
    misbehaving_server.mode = "bad_usage"
    misbehaving_server.bad_usage = {"prompt_tokens": 100, "completion_tokens": 601}
    chain = chain_of(provider_for(misbehaving_server, max_retries=0))
    result = complete_json("tutor_hint", HINT_INPUTS, chain=chain, use_cache=False)
    assert misbehaving_server.requests[0]["max_tokens"] == TASKS["tutor_hint"].max_tokens == 600
    assert result.provider == "offline"
    assert "completion_tokens 601 exceeds max_tokens 600" in result.attempts[0]["error"]
    assert usage().tokens_out == 600  # billed, counted, capped


def _walk(schema, path="$"):
    yield path, schema
    for key, sub in schema.get("properties", {}).items():
        yield from _walk(sub, f"{path}.{key}")
    if isinstance(schema.get("items"), dict):
        yield from _walk(schema["items"], f"{path}[]")
    if isinstance(schema.get("additionalProperties"), dict):
        yield from _walk(schema["additionalProperties"], f"{path}.*")


def test_every_schema_bounds_every_string_list_and_object():
    for task, schema in SCHEMAS.items():
        for path, node in _walk(schema):
            kind = node.get("type")
            if kind == "string" and "enum" not in node:
                assert node.get("maxLength"), f"{task} {path} has no maxLength"
            if kind == "array":
                assert node.get("maxItems"), f"{task} {path} has no maxItems"
            if kind == "object":
                assert node.get("additionalProperties") is False or "maxProperties" in node, f"{task} {path}"


def test_extra_keys_in_a_reply_are_rejected(misbehaving_server, monkeypatch):
    from interviewmaster.ai import misbehaving_server as module

    monkeypatch.setitem(module.HEALTHY, "tutor_hint", {**module.HEALTHY["tutor_hint"], "debug": "x" * 100})
    result = complete_json("tutor_hint", HINT_INPUTS, use_cache=False,
                           chain=chain_of(provider_for(misbehaving_server)))
    assert result.provider == "offline" and "Additional properties are not allowed" in result.attempts[0]["error"]


# --- 6. plausibility, the same for every provider ------------------------------------------------------------------
def test_follow_up_with_markup_and_a_request_for_the_prompt_is_rejected_asked_again_then_replaced(
        misbehaving_server):
    misbehaving_server.mode = "injection"
    result = complete_json("follow_up", FOLLOW_UP_INPUTS, use_cache=False,
                           chain=chain_of(provider_for(misbehaving_server)))
    assert result.provider == "offline"
    assert len(misbehaving_server.requests) == 2  # the reply, then the one repair request
    repair = misbehaving_server.requests[1]["messages"][-1]["content"]
    assert "addresses the system or the reader" in repair
    assert "<script" not in json.dumps(result.data) and "system prompt" not in json.dumps(result.data)


def test_markup_in_an_otherwise_good_answer_is_stripped_to_plain_text(misbehaving_server, monkeypatch):
    from interviewmaster.ai import misbehaving_server as module

    monkeypatch.setitem(module.HEALTHY, "follow_up", {
        "follow_up": "<b>Why</b> is a lookup in a hash map O(1)<img src=x onerror=alert(1)> on average?",
        "strategy": "deepen", "reason": "Probe <i>depth</i>; List<Integer> is fine"})
    result = complete_json("follow_up", FOLLOW_UP_INPUTS, use_cache=False,
                           chain=chain_of(provider_for(misbehaving_server)))
    assert result.provider == "bad"
    assert result.data["follow_up"] == "Why is a lookup in a hash map O(1) on average?"
    assert result.data["reason"] == "Probe depth; List<Integer> is fine"


def test_summary_telling_the_reader_to_hire_the_candidate_is_replaced_offline(misbehaving_server):
    misbehaving_server.mode = "injection"
    turns = [{"category": "coding", "score": 55, "missing_points": ["complexity"], "criteria": []}]
    result = complete_json("summarize_session", {"turns": turns}, use_cache=False,
                           chain=chain_of(provider_for(misbehaving_server)))
    assert result.provider == "offline"
    assert "hire" not in json.dumps(result.data).lower()


@pytest.mark.parametrize(("level", "given_away"), [(1, True), (2, True), (3, True)])
def test_hint_that_is_the_reference_solution_is_refused(misbehaving_server, level, given_away):
    misbehaving_server.mode = "injection"
    result = complete_json("tutor_hint", {**HINT_INPUTS, "level": level}, use_cache=False,
                           chain=chain_of(provider_for(misbehaving_server)))
    assert (result.provider == "offline") is given_away
    assert "gives away" in result.attempts[0]["error"]
    assert "seen[x] = i" not in result.data["hint"]


def test_a_real_hint_passes_and_a_level_3_outline_may_name_more_of_the_solution(misbehaving_server, monkeypatch):
    from interviewmaster.ai import misbehaving_server as module

    outline = ("Outline: scan once; for each value x at index i, look up target - x in a dictionary of values "
               "seen so far; if it is there you have both indices, otherwise record x -> i.")
    monkeypatch.setitem(module.HEALTHY, "tutor_hint", {"hint": outline, "level": 3, "focus": "hashing"})
    result = complete_json("tutor_hint", {**HINT_INPUTS, "level": 3}, use_cache=False,
                           chain=chain_of(provider_for(misbehaving_server)))
    assert result.provider == "bad" and result.data["hint"] == outline


def test_hint_at_another_level_than_asked_is_rejected(misbehaving_server):
    misbehaving_server.mode = "healthy"  # always answers level 1
    result = complete_json("tutor_hint", {**HINT_INPUTS, "level": 2}, use_cache=False,
                           chain=chain_of(provider_for(misbehaving_server)))
    assert result.provider == "offline" and "asked for at level 2" in result.attempts[0]["error"]


def test_resume_summary_with_injection_never_reaches_the_analysis(misbehaving_server, settings):
    from resumes.analysis import analyse

    misbehaving_server.mode = "injection"
    settings.AI_PROVIDERS = json.dumps([misbehaving_server.provider_entry(backoff=0.05)])
    result = analyse(skills=[], facts={}, text="Backend engineer. Python, PostgreSQL, 5 years.")
    assert result["source"] == "taxonomy"
    assert "hire" not in result["summary"].lower()
    misbehaving_server.mode = "healthy"
    result = analyse(skills=[], facts={}, text="Backend engineer. Python, PostgreSQL, 6 years.")
    assert result["source"] == "ai:misbehaving"


# --- 7. honest usage ------------------------------------------------------------------------------------------------
def test_usage_counts_every_http_request_of_retries(misbehaving_server):
    misbehaving_server.mode = "500"
    complete_json("tutor_hint", HINT_INPUTS, use_cache=False, chain=chain_of(provider_for(misbehaving_server)))
    row = usage()
    assert (row.calls, row.requests, row.failures) == (1, 3, 1)
    assert row.average_latency_ms > 0


def test_usage_counts_the_repair_request_and_the_tokens_of_rejected_replies(misbehaving_server):
    misbehaving_server.mode = "injection"
    result = complete_json("follow_up", FOLLOW_UP_INPUTS, use_cache=False,
                           chain=chain_of(provider_for(misbehaving_server)))
    assert result.provider == "offline"
    row = usage()
    assert (row.requests, row.tokens_in, row.tokens_out, row.failures) == (2, 240, 80, 1)


def test_timed_out_requests_count_their_prompt_tokens_as_billed(misbehaving_server, settings):
    settings.AI_TASK_BUDGETS = {"tutor_hint": 0.8}
    misbehaving_server.mode = "hang"
    complete_json("tutor_hint", HINT_INPUTS, use_cache=False, chain=chain_of(provider_for(misbehaving_server)))
    row = usage()
    assert row.requests == 1 and row.failures == 1 and row.latency_ms_total >= 700


# --- the whole path through the Celery task, eager ------------------------------------------------------------------
MODES_THAT_FALL_BACK = ["500", "429", "hang", "drip", "malformed", "bad_usage", "deep_json", "huge_valid",
                        "huge_invalid", "injection"]


@pytest.mark.parametrize("mode", MODES_THAT_FALL_BACK)
def test_resume_analysis_task_in_eager_mode_uses_the_offline_analysis_for_every_bad_mode(
        misbehaving_server, settings, tmp_path, mode):
    from resumes.models import Resume, ResumeStatus
    from resumes.tasks import analyse_resume

    settings.MEDIA_ROOT = tmp_path
    settings.AI_TASK_BUDGETS = {"analyze_resume": 1.5}
    settings.AI_PROVIDERS = json.dumps([misbehaving_server.provider_entry(backoff=0.05, max_backoff=0.5)])
    misbehaving_server.mode = mode
    misbehaving_server.retry_after = 0.1
    misbehaving_server.drip_interval = 0.1
    resume = _analysable_resume()
    outcome, took = timed(lambda: analyse_resume.delay(resume.id).get())
    assert outcome == "ready" and took < 1.5 + 1.5
    resume = Resume.objects.get(id=resume.id)
    assert resume.status == ResumeStatus.READY and resume.analysis["source"] == "taxonomy"
    row = usage("misbehaving")
    assert row.failures == 1 and row.requests == len(misbehaving_server.requests)


def _analysable_resume():
    from accounts.tests.factories import CandidateFactory
    from resumes.models import Resume, ResumeStatus

    return Resume.objects.create(
        owner=CandidateFactory(), original_filename="cv.pdf", kind="pdf", size_bytes=100, sha256="0" * 64,
        status=ResumeStatus.ANALYSING,
        text="Backend engineer at Acme since 2019. Python, Django, PostgreSQL, Kubernetes. Built APIs.",
        facts={"years_experience": 6, "positions": [{"title": "Backend Engineer", "company": "Acme"}]})


def test_a_provider_grading_fine_100_with_every_criterion_5_is_not_believed(misbehaving_server):
    misbehaving_server.mode = "injection"  # score 100, every criterion 5, feedback "fine"
    inputs = {"question": {"prompt": "Explain how a hash map resolves collisions.", "category": "coding",
                           "expected_points": [{"point": "Chaining or open addressing",
                                                "keywords": ["chaining", "probing"]}]},
              "answer": {"text": "fine"}}
    result = complete_json("evaluate_answer", inputs, use_cache=False,
                           chain=chain_of(provider_for(misbehaving_server)))
    assert result.provider == "bad"  # well-formed, so kept: then the grading caps decide the score
    assert result.data["score"] <= 25
    assert all(row["score"] <= 2 for row in result.data["criteria"] if row["key"] == "correctness")


def _room_answered(server, settings, on_commit, mode: str):
    """A quick-start interview against `server` in `mode`, with the first question answered badly: (session, run)."""
    from accounts.tests.factories import CandidateFactory
    from interviews import services
    from interviews.models import Turn
    from interviews.tests.factories import load_shipped_bank

    load_shipped_bank()
    settings.AI_PROVIDERS = json.dumps([server.provider_entry(backoff=0.05, max_backoff=0.5)])
    server.mode = mode
    candidate = CandidateFactory(target_role="backend_engineer", experience_level="mid")
    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                      config={"languages": ["python"], "max_follow_ups_per_question": 1})

    def run(func, **kwargs):
        with on_commit(execute=True):
            return func(**kwargs)

    run(services.begin_session, session=session, actor=candidate)
    for text in ("I build APIs.", "I would compare every pair of words, letter by letter, and group equal ones."):
        run(services.submit_answer, session=session, candidate=candidate, text=text,
            turn_id=Turn.objects.get(session=session, status="open").id)
    return session, run


def _points(turn) -> list[str]:
    main = turn.parent or turn
    return [p["point"] if isinstance(p, dict) else p for p in main.snapshot["expected_points"]]


def test_a_provider_reading_the_answer_key_out_never_reaches_the_interview_room(misbehaving_server, settings,
                                                                                 django_capture_on_commit_callbacks):
    """A follow-up or a hint that quotes the question's expected points (asked to by the answer it reads, or confused)
    is refused like any implausible reply, asked once more, then written by the offline engine: the candidate never
    sees the answer key, in a follow-up or a hint."""
    from interviews import services
    from interviews.models import SessionEvent, Turn

    session, run = _room_answered(misbehaving_server, settings, django_capture_on_commit_callbacks, "answer_key")
    follow_up = Turn.objects.get(session=session, status="open")
    run(services.request_hint, session=session, candidate=session.candidate)
    hint = SessionEvent.objects.get(session=session, kind="hint.given").data["text"]
    assert follow_up.kind == "follow_up"
    asked = [body for body, task in zip(misbehaving_server.requests, misbehaving_server.tasks, strict=True)
             if task == "follow_up"]
    assert len(asked) == 4  # the follow-up and the hint: each asked, refused, asked once more, refused
    assert "reads expected point" in asked[1]["messages"][-1]["content"]
    for shown in (follow_up.prompt, hint):
        assert not any(point.lower() in shown.lower() for point in _points(follow_up)), shown


def test_a_hint_the_provider_did_not_give_is_a_nudge_not_the_answer_key(misbehaving_server, settings,
                                                                        django_capture_on_commit_callbacks):
    """A provider that answers a hint request with another strategy (here an ordinary follow-up, as a model that
    ignores `strategies` does): the room's own fallback hint nudges towards each point in turn, never quoting it (it
    read 'Think about this part first: uses a canonical key per word…' out)."""
    from interviews import services
    from interviews.models import SessionEvent, Turn

    session, run = _room_answered(misbehaving_server, settings, django_capture_on_commit_callbacks, "healthy")
    turn = Turn.objects.get(session=session, status="open")
    for _ in range(3):
        run(services.request_hint, session=session, candidate=session.candidate)
    hints = list(SessionEvent.objects.filter(session=session, kind="hint.given").values_list("data__text", flat=True))
    assert len(hints) == 3 and len(set(hints)) == 3
    assert all(hint.startswith("Let's take it one step at a time.") for hint in hints), hints
    for hint in hints:
        assert not any(point.lower()[:40] in hint.lower() for point in _points(turn)), hint
