"""The user's best verdicts in the cache: served without a query, and never stale after a run of theirs changes."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import CandidateFactory
from studypaths import best_verdicts, sandbox, services
from studypaths.models import CodeRun, RunKind, RunStatus
from studypaths.tests.factories import CodeRunFactory, ProblemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.BEST_VERDICTS_CACHE_SECONDS = 600
    cache.clear()


def _best_on_the_page(client) -> tuple[dict, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("studypaths:list"))
    assert response.status_code == 200
    page_best = next(c["best"] for c in reversed(response.context) if isinstance(c.get("best"), dict))
    best = {pid: (b.verdict, b.kind) for pid, b in page_best.items()}
    return best, [q["sql"] for q in queries.captured_queries if "studypaths_coderun" in q["sql"]]


def _forget_markers_expire() -> None:
    """Creating the fixtures' finished runs left forget markers (no copy is stored while one lives): let them
    expire, as they do TOMBSTONE_SECONDS later."""
    cache.clear()


def _judge_returning(monkeypatch, verdict: str) -> None:
    def judge(*, problem, language, code, public_only=False, **kwargs):
        test = sandbox.TestResult(name="hidden 1", verdict=verdict)
        return sandbox.SandboxResult(verdict=verdict, language=language, mode="function", tests=[test])

    monkeypatch.setattr(services, "judge_code", judge)


def test_a_second_view_reads_the_verdicts_from_the_cache(client, candidate):
    problem = ProblemFactory(with_tests=False)
    CodeRunFactory(user=candidate, problem=problem, kind=RunKind.SUBMISSION, status=RunStatus.DONE,
                   verdict="wrong_answer")
    _forget_markers_expire()
    first, first_queries = _best_on_the_page(client)
    second, second_queries = _best_on_the_page(client)
    assert first == second == {problem.id: ("wrong_answer", RunKind.SUBMISSION)}
    assert first_queries and not second_queries


def test_a_run_the_judge_finishes_shows_at_once(client, candidate, monkeypatch):
    problem = ProblemFactory(with_tests=False)
    CodeRunFactory(user=candidate, problem=problem, kind=RunKind.SUBMISSION, status=RunStatus.DONE,
                   verdict="wrong_answer")
    _forget_markers_expire()
    assert _best_on_the_page(client)[0] == {problem.id: ("wrong_answer", RunKind.SUBMISSION)}
    assert not _best_on_the_page(client)[1]  # now cached
    _judge_returning(monkeypatch, sandbox.ACCEPTED)
    run = CodeRun.objects.create(user=candidate, problem=problem, language="python", code="x",
                                 kind=RunKind.SUBMISSION)
    services.execute_code_run(run_id=run.id)  # writes with .update(): no model signal
    assert _best_on_the_page(client)[0] == {problem.id: (sandbox.ACCEPTED, RunKind.SUBMISSION)}


def test_a_run_the_judge_could_not_run_shows_at_once(client, candidate, monkeypatch):
    problem = ProblemFactory(with_tests=False)
    assert _best_on_the_page(client)[0] == {}
    assert not _best_on_the_page(client)[1]  # an empty result is cached too

    def unavailable(**kwargs):
        raise sandbox.SandboxUnavailable("no sandbox here")

    monkeypatch.setattr(services, "judge_code", unavailable)
    run = CodeRun.objects.create(user=candidate, problem=problem, language="python", code="x")
    services.execute_code_run(run_id=run.id)
    assert _best_on_the_page(client)[0] == {problem.id: (sandbox.SANDBOX_ERROR, RunKind.EXAMPLES)}


def test_saves_and_deletes_through_the_orm_forget_the_copy(client, candidate):
    problem = ProblemFactory(with_tests=False)
    assert _best_on_the_page(client)[0] == {}
    run = CodeRunFactory(user=candidate, problem=problem, kind=RunKind.EXAMPLES, status=RunStatus.DONE,
                         verdict="time_limit")
    assert _best_on_the_page(client)[0] == {problem.id: ("time_limit", RunKind.EXAMPLES)}
    _forget_markers_expire()
    _best_on_the_page(client)
    assert not _best_on_the_page(client)[1]  # cached
    run.verdict = sandbox.ACCEPTED
    run.save()  # e.g. the admin
    assert _best_on_the_page(client)[0] == {problem.id: (sandbox.ACCEPTED, RunKind.EXAMPLES)}
    _forget_markers_expire()
    _best_on_the_page(client)
    CodeRun.objects.filter(user=candidate).delete()  # e.g. the account's runs erased
    assert _best_on_the_page(client)[0] == {}


def test_another_users_run_does_not_show_and_does_not_forget_mine(client, candidate):
    problem = ProblemFactory(with_tests=False)
    _best_on_the_page(client)
    CodeRunFactory(user=CandidateFactory(), problem=problem, status=RunStatus.DONE, verdict=sandbox.ACCEPTED)
    best, queries = _best_on_the_page(client)
    assert best == {} and not queries


def test_rows_read_before_a_forget_are_not_stored_over_it(candidate, monkeypatch):
    """A reader that read the rows before a run finished must not put them in the cache after the forget."""
    problem = ProblemFactory(with_tests=False)
    real_read = best_verdicts.best_verdicts_for

    def read_then_run_finishes(user):
        rows = real_read(user)  # the old rows
        CodeRunFactory(user=candidate, problem=problem, status=RunStatus.DONE, verdict=sandbox.ACCEPTED,
                       kind=RunKind.SUBMISSION)  # finishes (and forgets) between the read and the store
        return rows

    monkeypatch.setattr(best_verdicts, "best_verdicts_for", read_then_run_finishes)
    assert best_verdicts.cached_best_verdicts_for(candidate) == {}
    monkeypatch.setattr(best_verdicts, "best_verdicts_for", real_read)
    assert {pid: b.verdict for pid, b in best_verdicts.cached_best_verdicts_for(candidate).items()} == {
        problem.id: sandbox.ACCEPTED}


def test_off_when_set_to_zero(client, candidate, settings):
    settings.BEST_VERDICTS_CACHE_SECONDS = 0
    _best_on_the_page(client)
    assert _best_on_the_page(client)[1]  # queried again
