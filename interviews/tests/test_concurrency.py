"""Races against a real PostgreSQL: two submits of one turn, two starts of one candidate."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from interviews import services
from interviews.errors import InterviewAlreadyOpen, StaleTurn
from interviews.models import InterviewSession, SessionEvent, Turn

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(calls):
    barrier = threading.Barrier(len(calls))

    def run(call):
        try:
            barrier.wait(timeout=10)
            return call()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test inspects
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def test_two_concurrent_submits_of_one_turn_land_exactly_once(bank, candidate):
    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                     config={"languages": ["python"]})
    services.begin_session(session=session, actor=candidate)
    services.submit_answer(session=session, candidate=candidate, text="warm up",
                           turn_id=Turn.objects.get(session=session, status="open").id)
    turn = Turn.objects.get(session=session, status="open")
    outcomes = _race([lambda text=text: services.submit_answer(session=session, candidate=candidate, text=text,
                                                               turn_id=turn.id)
                      for text in ("first", "second")])
    landed = [o for o in outcomes if isinstance(o, Turn)]
    refused = [o for o in outcomes if isinstance(o, StaleTurn)]
    assert len(landed) == 1 and len(refused) == 1, outcomes
    turn.refresh_from_db()
    assert turn.answer_text == landed[0].answer_text
    assert SessionEvent.objects.filter(turn=turn, kind="answer.submitted").count() == 1


def test_two_concurrent_starts_respect_the_per_candidate_limit(bank, candidate):
    outcomes = _race([lambda: services.start_session(candidate=candidate, mode="quick_start",
                                                     role="backend_engineer", config={})] * 2)
    assert sum(isinstance(o, InterviewSession) for o in outcomes) == 1
    assert sum(isinstance(o, InterviewAlreadyOpen) for o in outcomes) == 1
    assert InterviewSession.objects.filter(candidate=candidate).count() == 1


def test_hints_asked_from_many_sockets_at_once_stop_at_the_questions_cap(bank, candidate, settings):
    """Five sockets asking together (the reviewer's 295 hints on one turn): the session's row lock makes the cap
    hold, and only the allowed hints reach the `ai` queue."""
    from interviews.errors import HintLimitReached

    settings.INTERVIEW_HINTS_PER_QUESTION = 3
    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                     config={"languages": ["python"]})
    services.begin_session(session=session, actor=candidate)
    turn = Turn.objects.get(session=session, status="open")
    outcomes = _race([lambda: services.request_hint(session=session, candidate=candidate)] * 5)
    assert sum(isinstance(o, Turn) for o in outcomes) == 3, outcomes
    assert sum(isinstance(o, HintLimitReached) for o in outcomes) == 2, outcomes
    turn.refresh_from_db()
    assert turn.hints_used == 3
    assert SessionEvent.objects.filter(turn=turn, kind="hint.requested").count() == 3
