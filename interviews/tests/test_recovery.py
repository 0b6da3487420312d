"""An evaluation or a report whose task was lost (a killed worker, a broker that was down) is sent again by the
stuck-work sweep, at most STUCK_WORK_MAX_RECOVERIES times; then the answer goes unscored, or the report is finished
without its AI summary, and the report says so (interviewmaster/recovery.py)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from interviews import services, tasks
from interviews.models import Evaluation, InterviewSession, SessionEvent, Turn
from interviews.tests.factories import STRONG_ANSWER

pytestmark = pytest.mark.django_db


def _start(on_commit, candidate):
    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                     config={"languages": ["python"], "max_follow_ups_per_question": 0,
                                             "adaptive_difficulty": False})
    on_commit(services.begin_session, session=session, actor=candidate)
    _answer(on_commit, session, candidate, "warm up")
    return session


def _answer(on_commit, session, candidate, text=STRONG_ANSWER):
    turn = Turn.objects.get(session=session, status="open")
    on_commit(services.submit_answer, session=session, candidate=candidate, text=text, turn_id=turn.id)
    return turn


def _age(session, seconds: int = 3600) -> None:
    """Everything about the interview happened `seconds` ago."""
    then = timezone.now() - timedelta(seconds=seconds)
    Turn.objects.filter(session=session).update(submitted_at=then)
    Turn.objects.filter(session=session, recovered_at__isnull=False).update(recovered_at=then)
    Evaluation.objects.filter(turn__session=session).update(evaluated_at=then)
    InterviewSession.objects.filter(id=session.id).update(ended_at=then)
    InterviewSession.objects.filter(id=session.id, recovered_at__isnull=False).update(recovered_at=then)


def _answered_and_finished_with_the_evaluation_lost(on_commit, session, candidate):
    with mock.patch.object(tasks.evaluate_turn, "delay") as lost:  # its worker was killed: no redelivery for an hour
        turn = _answer(on_commit, session, candidate)
        on_commit(services.finish_session, session=session, candidate=candidate)
    assert lost.called
    turn.refresh_from_db()
    session.refresh_from_db()
    assert turn.status == "submitted" and session.state == "completed"  # the report page spins
    return turn


def test_a_lost_evaluation_is_sent_again_and_the_report_follows(bank, candidate, on_commit):
    session = _start(on_commit, candidate)
    turn = _answered_and_finished_with_the_evaluation_lost(on_commit, session, candidate)

    assert services.recover_stuck_evaluations() == 0  # not stuck yet: its task may be on its way
    _age(session)
    assert services.recover_stuck_evaluations() == 1
    turn.refresh_from_db()
    session.refresh_from_db()
    assert turn.status == "evaluated" and turn.recoveries == 1
    assert session.state == "evaluated" and session.report["answered_questions"] == 1
    assert SessionEvent.objects.filter(session=session, kind="evaluation.resent", turn=turn).count() == 1

    # the original message, redelivered by the broker an hour later: no second evaluation, no AI call (no quota)
    with mock.patch("interviewmaster.ai.complete_json") as complete_json:
        tasks.evaluate_turn.delay(turn.id)
        tasks.finalize_session.delay(session.id)
    complete_json.assert_not_called()
    assert Evaluation.objects.filter(turn=turn).count() == 1
    assert SessionEvent.objects.filter(session=session, kind="session.evaluated").count() <= 1
    _age(session)
    assert services.recover_stuck_evaluations() == 0  # nothing left to recover


def test_an_answer_whose_next_step_was_lost_gets_its_next_question_from_the_sweep(bank, candidate, on_commit):
    session = _start(on_commit, candidate)
    with mock.patch.object(tasks.advance_turn, "apply_async", side_effect=OperationalError("connection refused")):
        turn = _answer(on_commit, session, candidate)  # the broker was down at the commit: the answer is kept
    turn.refresh_from_db()
    assert turn.status == "submitted" and not Turn.objects.filter(session=session, status="open").exists()

    _age(session)
    assert services.recover_stuck_evaluations() == 1
    turn.refresh_from_db()
    assert turn.status == "evaluated"
    assert Turn.objects.get(session=session, status="open").index == turn.index + 1  # the interview moved on


def test_an_evaluation_still_in_time_is_left_alone(bank, candidate, on_commit):
    session = _start(on_commit, candidate)
    _answered_and_finished_with_the_evaluation_lost(on_commit, session, candidate)
    _age(session, seconds=60)
    with mock.patch.object(tasks.evaluate_turn, "delay") as delay:
        assert services.recover_stuck_evaluations() == 0
    delay.assert_not_called()


def test_the_sweep_sends_a_lost_evaluation_once_then_waits_another_period(bank, candidate, on_commit):
    session = _start(on_commit, candidate)
    turn = _answered_and_finished_with_the_evaluation_lost(on_commit, session, candidate)
    _age(session)
    with mock.patch.object(tasks.evaluate_turn, "delay") as delay:
        assert services.recover_stuck_evaluations() == 1
        assert services.recover_stuck_evaluations() == 0  # the clock restarted with the recovery
    delay.assert_called_once_with(turn.id)


def test_a_broker_refusing_the_recovery_costs_no_recovery(bank, candidate, on_commit):
    session = _start(on_commit, candidate)
    turn = _answered_and_finished_with_the_evaluation_lost(on_commit, session, candidate)
    _age(session)
    with mock.patch.object(tasks.evaluate_turn, "delay", side_effect=OperationalError("down")), \
            pytest.raises(OperationalError):
        services.recover_stuck_evaluations()
    turn.refresh_from_db()
    assert turn.recoveries == 0 and turn.recovered_at is None
    assert not SessionEvent.objects.filter(session=session, kind="evaluation.resent").exists()


def test_an_answer_that_keeps_losing_its_worker_goes_unscored_and_the_report_says_so(bank, candidate, on_commit,
                                                                                      settings, client):
    settings.STUCK_WORK_MAX_RECOVERIES = 2
    session = _start(on_commit, candidate)
    turn = _answered_and_finished_with_the_evaluation_lost(on_commit, session, candidate)
    with mock.patch.object(tasks.evaluate_turn, "delay") as delay:  # each send is lost with its worker
        for _ in range(2):
            _age(session)
            assert services.recover_stuck_evaluations() == 1
        _age(session)
        with mock.patch.object(tasks.finalize_session, "delay") as finalize:
            assert services.recover_stuck_evaluations() == 2  # the answer given up, then its report sent
    assert delay.call_count == 2
    finalize.assert_called_once_with(session.id)
    tasks.finalize_session.delay(session.id)
    turn.refresh_from_db()
    session.refresh_from_db()
    assert turn.status == "unscored" and not Evaluation.objects.filter(turn=turn).exists()
    assert SessionEvent.objects.filter(session=session, kind="evaluation.interrupted").count() == 1
    assert session.state == "evaluated" and session.report["answered_questions"] == 0

    with mock.patch("interviewmaster.ai.complete_json") as complete_json:  # the original message, late
        assert tasks.evaluate_turn.delay(turn.id).get() is None
    complete_json.assert_not_called()
    assert not Evaluation.objects.filter(turn=turn).exists()

    client.force_login(candidate)
    page = client.get(f"/interviews/{session.id}/report/").content.decode()
    assert "Not scored: evaluating this answer was interrupted on our side" in page


def _completed_with_the_report_lost(on_commit, session, candidate):
    with mock.patch.object(tasks.finalize_session, "delay") as lost_after_evaluation, \
            mock.patch.object(tasks.finalize_session, "apply_async") as lost_at_the_end:
        _answer(on_commit, session, candidate)
        on_commit(services.finish_session, session=session, candidate=candidate)
    assert lost_after_evaluation.called or lost_at_the_end.called
    session.refresh_from_db()
    assert session.state == "completed" and not session.turns.filter(status="submitted", kind="question").exists()


def test_a_lost_report_is_sent_again(bank, candidate, on_commit):
    session = _start(on_commit, candidate)
    _completed_with_the_report_lost(on_commit, session, candidate)
    assert services.recover_stuck_evaluations() == 0  # just ended, its last evaluation just queued the report
    _age(session)
    assert services.recover_stuck_evaluations() == 1
    session.refresh_from_db()
    assert session.state == "evaluated" and session.recoveries == 1 and session.report["summary"]
    assert SessionEvent.objects.filter(session=session, kind="report.resent").count() == 1
    with mock.patch("interviewmaster.ai.complete_json") as complete_json:  # the original message, late
        tasks.finalize_session.delay(session.id)
    complete_json.assert_not_called()


def test_a_report_that_keeps_losing_its_worker_is_finished_without_its_summary(bank, candidate, on_commit,
                                                                               settings):
    settings.STUCK_WORK_MAX_RECOVERIES = 2
    session = _start(on_commit, candidate)
    _completed_with_the_report_lost(on_commit, session, candidate)
    with mock.patch.object(tasks.finalize_session, "delay") as delay:
        for _ in range(3):
            _age(session)
            assert services.recover_stuck_evaluations() == 1
    assert delay.call_count == 2
    session.refresh_from_db()
    assert session.state == "evaluated" and session.report["answered_questions"] == 1
    assert session.report["summary"] == services.SUMMARY_INTERRUPTED
    _age(session)
    assert services.recover_stuck_evaluations() == 0


def test_a_report_that_cannot_be_built_does_not_hold_up_the_others(bank, on_commit, settings):
    from accounts.tests.factories import CandidateFactory

    settings.STUCK_WORK_MAX_RECOVERIES = 0  # give up at once: the reports are built by the sweep itself
    sessions = []
    for _ in range(2):
        candidate = CandidateFactory(target_role="backend_engineer", experience_level="mid")
        session = _start(on_commit, candidate)
        _completed_with_the_report_lost(on_commit, session, candidate)
        _age(session)
        sessions.append(session)
    InterviewSession.objects.filter(id=sessions[1].id).update(ended_at=timezone.now() - timedelta(hours=2))
    real = services.finalize_report

    def broken_for_the_oldest(*, session_id, **kwargs):
        if session_id == sessions[1].id:
            raise RuntimeError("a bug in the report")
        return real(session_id=session_id, **kwargs)

    with mock.patch.object(services, "finalize_report", side_effect=broken_for_the_oldest):
        assert services.recover_stuck_evaluations() == 1
    states = [InterviewSession.objects.get(id=s.id).state for s in sessions]
    assert states == ["evaluated", "completed"]
