"""Lock order on PostgreSQL: legal requests that meet on an interview and its candidate's account never deadlock
(each test holds the two transactions in the order that deadlocked, with real threads and connections)."""

from __future__ import annotations

import pytest

from interviewmaster.tests.pg_locks import held_while_the_other_runs
from interviews import services
from interviews.models import InterviewSession, Turn

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_deleting_the_account_while_an_answer_is_submitted_does_not_deadlock(bank, candidate, monkeypatch):
    """The candidate deletes their account in one tab while the room submits an answer. The submit holds the session
    row, then updates the turn and records the event naming its actor (a foreign key: a key-share lock on the user
    row). The deletion held the user row FOR UPDATE and deleted the turns before their session: each waited for the
    other and PostgreSQL killed one (or, the turn taken first, the deletion failed on the submit's new event). The
    deletion locks the user row FOR NO KEY UPDATE and the sessions before their turns now: it waits for the submit,
    then erases the interview with the answer in it."""
    from accounts.services.deletion import delete_account_as_operator
    from accounts.tests.factories import AdminFactory

    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                     config={"languages": ["python"]})
    services.begin_session(session=session, actor=candidate)
    turn = Turn.objects.get(session=session, status="open")
    admin = AdminFactory()
    results = held_while_the_other_runs(
        monkeypatch, hold=(services, "_record_answer"),  # the submit holds the session row there
        first=lambda: services.submit_answer(session=InterviewSession.objects.get(id=session.id),
                                             candidate=candidate, text="warm up", turn_id=turn.id).id,
        then=lambda: delete_account_as_operator(user=candidate, actor=admin).deleted_at is not None)
    assert results == (turn.id, True)
    assert not InterviewSession.objects.filter(id=session.id).exists()


def test_deleting_the_account_while_an_answers_judging_is_reserved_does_not_deadlock(bank, candidate, monkeypatch):
    """The judge's worker reserves an answer's judging: it cleared the turn's earlier reservation (the turn's row)
    and then took the candidate's row for their judge budget; a deletion of the account at that moment held the
    user row and waited for the turn to delete it: each waited for the other and PostgreSQL killed one. The worker
    takes the user row first now, in the order the deletion locks."""
    from accounts.services.deletion import delete_account_as_operator
    from accounts.tests.factories import AdminFactory
    from studypaths import services as studypaths_services

    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                     config={"languages": ["python"]})
    services.begin_session(session=session, actor=candidate)
    turn = Turn.objects.select_related("session__candidate").get(session=session, status="open")
    admin = AdminFactory()
    results = held_while_the_other_runs(
        monkeypatch, hold=(studypaths_services, "judge_budget_spent"),  # what it locked before the budget, held
        first=lambda: services._reserve_judge_time(turn),
        then=lambda: delete_account_as_operator(user=candidate, actor=admin).deleted_at is not None)
    assert results == (True, True)
    assert not InterviewSession.objects.filter(id=session.id).exists()


def _stuck_answer(candidate):
    """A practice interview whose first question's answer has waited for its evaluation for an hour."""
    from datetime import timedelta

    from django.utils import timezone

    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                     config={"languages": ["python"]})
    services.begin_session(session=session, actor=candidate)
    warm_up = Turn.objects.get(session=session, status="open")
    services.submit_answer(session=session, candidate=candidate, text="warm up", turn_id=warm_up.id)
    question = Turn.objects.get(session=session, status="open")
    Turn.objects.filter(id=question.id).update(status="submitted", answer_text="An answer",
                                               submitted_at=timezone.now() - timedelta(hours=1))
    return session, question


def _sweep_while_the_account_is_deleted(candidate, sweep, monkeypatch) -> tuple:
    """Run `sweep` until it records its event (it holds the turn then), delete the account meanwhile, let the sweep
    go on: each one's result, or the repr of what it raised."""
    from accounts.services.deletion import delete_account_as_operator
    from accounts.tests.factories import AdminFactory
    from interviews import tasks
    from interviews.models import SessionEvent

    admin = AdminFactory()
    monkeypatch.setattr(tasks.advance_turn, "delay", lambda *args, **kwargs: None)
    monkeypatch.setattr(services, "_resend_answer", lambda turn_id: None)
    return held_while_the_other_runs(
        monkeypatch, hold=(SessionEvent.objects, "create"), first=sweep,
        then=lambda: delete_account_as_operator(user=candidate, actor=admin).deleted_at is not None)


def test_giving_up_on_an_evaluation_while_the_account_is_deleted_does_not_deadlock(bank, candidate, monkeypatch):
    """The stuck-work sweep gives up on an answer: it marked the turn unscored (the turn's row) and then recorded the
    event (a key-share lock on the session's row); the account's deletion held the session and waited to delete the
    turn: each waited for the other. The sweep locks the session first now, as every change to an interview does."""
    session, question = _stuck_answer(candidate)
    pending = Turn.objects.filter(id=question.id, status="submitted")
    results = _sweep_while_the_account_is_deleted(
        candidate, lambda: services._give_up_evaluation(pending, turn_id=question.id, session_id=session.id,
                                                        recoveries=3), monkeypatch)
    assert results == (1, True)
    assert not InterviewSession.objects.filter(id=session.id).exists()


def test_sending_a_stuck_evaluation_again_while_the_account_is_deleted_does_not_deadlock(bank, candidate,
                                                                                           monkeypatch):
    """The same order in the sweep's claim: the turn's recovery counted (its row), then the event recorded."""
    session, _question = _stuck_answer(candidate)
    results = _sweep_while_the_account_is_deleted(candidate, services._recover_stuck_answers, monkeypatch)
    assert results == (1, True)
    assert not InterviewSession.objects.filter(id=session.id).exists()
