"""A code run whose task was lost (a killed worker, a broker that was down) is sent again by the stuck-work sweep
instead of spinning for the broker's hour (and, for a study task, refusing every new submission as "being judged");
after STUCK_WORK_MAX_RECOVERIES it fails with a reason and the study task gets its attempt back."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.tests.factories import CandidateFactory
from studypaths import services, study, tasks
from studypaths.errors import TaskBeingJudged
from studypaths.models import CodeRun, RunStatus, StudyTask, TaskStatus
from studypaths.tests.factories import ADD_PY, CodeRunFactory, make_track

pytestmark = pytest.mark.django_db


def _age(run, seconds: int = 3600) -> None:
    then = timezone.now() - timedelta(seconds=seconds)
    CodeRun.objects.filter(id=run.id).update(created_at=then)
    CodeRun.objects.filter(id=run.id, recovered_at__isnull=False).update(recovered_at=then)


def _submitted_with_the_run_lost(django_capture_on_commit_callbacks, **patch):
    candidate = CandidateFactory()
    path = study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
    task = path.tasks.first()
    with mock.patch.object(tasks.execute_code_run, "apply_async", **patch), \
            django_capture_on_commit_callbacks(execute=True):
        evaluation = study.submit_task(user=candidate, task_id=task.id, language="python", code=ADD_PY)
    return candidate, task, evaluation.run


def test_a_submission_while_the_broker_is_down_is_accepted_and_judged_by_the_sweep(
        bubblewrap, django_capture_on_commit_callbacks):
    candidate, task, run = _submitted_with_the_run_lost(django_capture_on_commit_callbacks,
                                                        side_effect=OperationalError("connection refused"))
    run.refresh_from_db()
    assert run.status == RunStatus.QUEUED  # the submission was saved: the candidate is not told it failed
    with pytest.raises(TaskBeingJudged):  # and, until the sweep, nothing else can be submitted
        study.submit_task(user=candidate, task_id=task.id, language="python", code=ADD_PY)

    assert services.recover_stuck_code_runs() == 0  # not stuck yet: its task may be on its way
    _age(run)
    assert services.recover_stuck_code_runs() == 1
    run.refresh_from_db()
    task.refresh_from_db()
    assert run.status == RunStatus.DONE and run.verdict == "accepted" and run.recoveries == 1
    assert task.status == TaskStatus.PASSED and task.attempts == 1

    # the original message, redelivered by the broker later, changes nothing
    assert tasks.execute_code_run.delay(run.id).get() is None
    task.refresh_from_db()
    assert task.status == TaskStatus.PASSED and task.evaluations.count() == 1


def test_a_run_a_killed_worker_left_running_is_sent_once_then_waits_another_period():
    run = CodeRunFactory(status=RunStatus.RUNNING)
    _age(run)
    with mock.patch.object(tasks.execute_code_run, "delay") as delay:
        assert services.recover_stuck_code_runs() == 1
        assert services.recover_stuck_code_runs() == 0  # the clock restarted with the recovery
    delay.assert_called_once_with(run.id)


def test_a_run_still_in_time_or_finished_is_left_alone():
    young = CodeRunFactory(status=RunStatus.RUNNING)
    _age(young, seconds=60)
    done = CodeRunFactory(status=RunStatus.DONE)
    _age(done)
    with mock.patch.object(tasks.execute_code_run, "delay") as delay:
        assert services.recover_stuck_code_runs() == 0
    delay.assert_not_called()


def test_a_broker_refusing_the_recovery_costs_no_recovery():
    run = CodeRunFactory()
    _age(run)
    with mock.patch.object(tasks.execute_code_run, "delay", side_effect=OperationalError("down")), \
            pytest.raises(OperationalError):
        services.recover_stuck_code_runs()
    run.refresh_from_db()
    assert run.recoveries == 0 and run.recovered_at is None


def test_a_submission_that_keeps_losing_its_worker_fails_with_a_reason_and_the_attempt_back(
        django_capture_on_commit_callbacks, settings):
    settings.STUCK_WORK_MAX_RECOVERIES = 2
    candidate, task, run = _submitted_with_the_run_lost(django_capture_on_commit_callbacks)
    with mock.patch.object(tasks.execute_code_run, "delay") as delay:  # each send is lost with its worker
        for _ in range(3):
            _age(run)
            assert services.recover_stuck_code_runs() == 1
    assert delay.call_count == 2
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.result["error"] == services.RUN_INTERRUPTED
    task = StudyTask.objects.get(id=task.id)
    assert task.status == TaskStatus.IN_PROGRESS and task.attempts == 0  # not the candidate's attempt
    assert task.evaluations.get().status == "error"
    assert tasks.execute_code_run.delay(run.id).get() is None  # the original message, late: nothing changes
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    _age(run)
    assert services.recover_stuck_code_runs() == 0
