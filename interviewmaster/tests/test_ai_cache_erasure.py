"""Deleting an account deletes the AI replies cached for it (interviewmaster/ai/personal_data.py), on the embedded
local-memory cache and on Redis, and leaves another user's cached replies alone."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from accounts import services
from accounts.tests.factories import DEFAULT_PASSWORD, CandidateFactory
from interviewmaster.ai.base import AIRequest, ProviderReply
from interviewmaster.ai.cache import ResponseCache, inputs_hash, owner_index_key
from interviewmaster.ai.catalog import TASKS
from interviewmaster.ai.chain import Chain, complete_json
from interviewmaster.ai.offline import OfflineProvider
from interviewmaster.tests.test_ai_layer import ScriptedProvider

pytestmark = pytest.mark.django_db

QUESTION = {"prompt": "What is an index?", "category": "databases", "expected_points": []}
EVALUATION = {"score": 60, "criteria": [{"key": "correctness", "score": 3, "rationale": "ok"}], "covered_points": [],
              "missing_points": [], "feedback": "fine"}


class VendorProvider(ScriptedProvider):
    """A remote provider (only remote replies are cached) that answers each task validly and counts its calls."""

    def __init__(self):
        super().__init__("vendor", [])

    def complete(self, request: AIRequest) -> ProviderReply:
        self.calls += 1
        answer = EVALUATION if request.task == "evaluate_answer" else {
            "hint": "Use a dictionary.", "level": request.inputs["level"], "focus": "hashing"}
        return ProviderReply(text=json.dumps(answer), tokens_in=10, tokens_out=5, model=self.model)


def cached_key(task: str, inputs: dict, model: str = "vendor-model") -> str:
    return ResponseCache.key(task, TASKS[task].prompt_version, inputs_hash(inputs), model)


def evaluation_inputs(text: str) -> dict:
    return {"question": QUESTION, "answer": {"text": text}}


def delete_account_and_commit(user, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_account(user=user, password=DEFAULT_PASSWORD)


def check_deletion_forgets_only_that_users_replies(django_capture_on_commit_callbacks) -> None:
    leaving, staying = CandidateFactory(), CandidateFactory()
    vendor = VendorProvider()
    chain = Chain([vendor, OfflineProvider()])
    mine = evaluation_inputs("My answer mentions my employer, Acme Bank.")
    theirs = evaluation_inputs("A B-tree over the column.")
    complete_json("evaluate_answer", mine, chain=chain, owners=[leaving.id])
    complete_json("tutor_hint", {"problem": {"title": "Two sum"}, "level": 1}, chain=chain, owners=[leaving.id])
    complete_json("evaluate_answer", theirs, chain=chain, owners=[staying.id])
    shared = {"problem": {"title": "Three sum"}, "level": 2}  # the same inputs: one entry, both users' reply
    complete_json("tutor_hint", shared, chain=Chain([VendorProvider(), OfflineProvider()]),
                  owners=[staying.id])
    assert complete_json("tutor_hint", shared, chain=chain, owners=[leaving.id]).cached
    assert cache.get(cached_key("evaluate_answer", mine)) is not None

    delete_account_and_commit(leaving, django_capture_on_commit_callbacks)

    for task, inputs in (("evaluate_answer", mine), ("tutor_hint", {"problem": {"title": "Two sum"}, "level": 1}),
                         ("tutor_hint", shared)):
        assert cache.get(cached_key(task, inputs)) is None, task
    assert cache.get(owner_index_key(leaving.id)) is None
    calls = vendor.calls
    assert not complete_json("evaluate_answer", mine, chain=chain).cached and vendor.calls == calls + 1
    assert cache.get(cached_key("evaluate_answer", theirs))["data"]["feedback"] == "fine"
    assert complete_json("evaluate_answer", theirs, chain=chain, owners=[staying.id]).cached


def test_deleting_an_account_forgets_its_cached_ai_replies_on_the_local_memory_cache(
        django_capture_on_commit_callbacks, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "ai-erasure-test"}}  # even when the suite runs on Redis
    cache.clear()
    check_deletion_forgets_only_that_users_replies(django_capture_on_commit_callbacks)


@pytest.mark.redis
def test_deleting_an_account_forgets_its_cached_ai_replies_on_redis(django_capture_on_commit_callbacks):
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(caches["default"], RedisCache)
    check_deletion_forgets_only_that_users_replies(django_capture_on_commit_callbacks)


def test_a_rolled_back_deletion_keeps_the_cached_replies(django_capture_on_commit_callbacks):
    user = CandidateFactory()
    chain = Chain([VendorProvider(), OfflineProvider()])
    inputs = evaluation_inputs("Kept until the deletion commits.")
    complete_json("evaluate_answer", inputs, chain=chain, owners=[user.id])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.delete_account(user=user, password=DEFAULT_PASSWORD)
    assert cache.get(cached_key("evaluate_answer", inputs)) is not None  # nothing deleted before the commit
    for callback in callbacks:
        callback()
    assert cache.get(cached_key("evaluate_answer", inputs)) is None


def test_a_reply_whose_owner_index_is_full_is_not_cached(monkeypatch):
    from interviewmaster.ai import cache as ai_cache

    monkeypatch.setattr(ai_cache, "OWNER_INDEX_LIMIT", 1)
    user = CandidateFactory()
    chain = Chain([VendorProvider(), OfflineProvider()])
    complete_json("evaluate_answer", evaluation_inputs("one"), chain=chain, owners=[user.id])
    complete_json("evaluate_answer", evaluation_inputs("two"), chain=chain, owners=[user.id])
    assert cache.get(cached_key("evaluate_answer", evaluation_inputs("one"))) is not None
    assert cache.get(cached_key("evaluate_answer", evaluation_inputs("two"))) is None  # it could not be erased


def test_a_resume_analysis_is_cached_as_its_owners_reply(monkeypatch):
    from interviewmaster.ai import chain as ai_chain
    from interviewmaster.ai.errors import AIUnavailable
    from resumes import analysis

    owner = CandidateFactory()
    seen = []

    def record(task, inputs, schema=None, **kwargs):
        seen.append((task, tuple(kwargs.get("owners", ()))))
        raise AIUnavailable("no provider in this test")  # the taxonomy analysis stands on its own

    monkeypatch.setattr(ai_chain, "complete_json", record)
    analysis.analyse(skills=[], facts={}, text="Ten years of Python at Acme Bank.", owner_id=owner.id)
    assert seen == [("analyze_resume", (owner.id,))]
