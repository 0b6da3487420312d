"""Lock order on PostgreSQL: legal requests that meet on an interview and its candidate's account never deadlock
(each test holds the two transactions in the order that deadlocked, with real threads and connections)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from interviewmaster.tests.pg_locks import until_a_lock_waits
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
    holding, go_on = threading.Event(), threading.Event()
    real_record_answer = services._record_answer

    def record_answer_after_the_deletion_waits(*args, **kwargs):
        holding.set()  # the submit holds the session row now
        assert go_on.wait(timeout=10)
        return real_record_answer(*args, **kwargs)

    monkeypatch.setattr(services, "_record_answer", record_answer_after_the_deletion_waits)

    def submit():
        try:
            return services.submit_answer(session=InterviewSession.objects.get(id=session.id), candidate=candidate,
                                          text="warm up", turn_id=turn.id).id
        except Exception as exc:  # noqa: BLE001 - the deadlock surfaces here
            return repr(exc)
        finally:
            connection.close()

    def delete():
        assert holding.wait(timeout=10)
        try:
            return delete_account_as_operator(user=candidate, actor=admin).deleted_at is not None
        except Exception as exc:  # noqa: BLE001
            return repr(exc)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        submitted, deleted = pool.submit(submit), pool.submit(delete)
        assert holding.wait(timeout=10)
        until_a_lock_waits()
        go_on.set()
        results = (submitted.result(timeout=30), deleted.result(timeout=30))
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
    holding, go_on = threading.Event(), threading.Event()
    real_budget_spent = studypaths_services.judge_budget_spent

    def budget_spent_after_the_deletion_waits(*args, **kwargs):
        holding.set()  # the reservation holds what it locked before the budget
        assert go_on.wait(timeout=10)
        return real_budget_spent(*args, **kwargs)

    monkeypatch.setattr(studypaths_services, "judge_budget_spent", budget_spent_after_the_deletion_waits)

    def reserve():
        try:
            return services._reserve_judge_time(turn)
        except Exception as exc:  # noqa: BLE001 - the deadlock surfaces here
            return repr(exc)
        finally:
            connection.close()

    def delete():
        assert holding.wait(timeout=10)
        try:
            return delete_account_as_operator(user=candidate, actor=admin).deleted_at is not None
        except Exception as exc:  # noqa: BLE001
            return repr(exc)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        reserved, deleted = pool.submit(reserve), pool.submit(delete)
        assert holding.wait(timeout=10)
        until_a_lock_waits()
        go_on.set()
        results = (reserved.result(timeout=30), deleted.result(timeout=30))
    assert results == (True, True)
    assert not InterviewSession.objects.filter(id=session.id).exists()
