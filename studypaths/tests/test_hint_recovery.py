"""A tutor hint whose task was lost (a killed worker, a broker that was down) is sent again by the stuck-work sweep:
the candidate paid for it (the task's hint count) and watched a spinner for the broker's hour, or for good. After
STUCK_WORK_MAX_RECOVERIES the hint is the problem's own graduated hint, written without the AI."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.test import TestCase
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.tests.factories import CandidateFactory
from studypaths import study, tasks
from studypaths.models import HintStatus, StudyTask, TaskHint
from studypaths.tests.factories import make_track

pytestmark = pytest.mark.django_db


def _age(hint, seconds: int = 3600) -> None:
    then = timezone.now() - timedelta(seconds=seconds)
    TaskHint.objects.filter(id=hint.id).update(created_at=then)
    TaskHint.objects.filter(id=hint.id, recovered_at__isnull=False).update(recovered_at=then)


def _asked_with_the_hint_lost(**patch) -> TaskHint:
    user = CandidateFactory()
    path = study.create_study_path(user=user, track=make_track(modules=1, problems=[(0, 1, ["hash map"])]),
                                   config=study.PathConfig())
    task = StudyTask.objects.filter(path=path).first()
    with mock.patch.object(tasks.write_hint, "apply_async", **patch), TestCase.captureOnCommitCallbacks(execute=True):
        hint = study.request_hint(user=user, task_id=task.id)
    hint.refresh_from_db()
    assert hint.status == HintStatus.PENDING and StudyTask.objects.get(id=task.id).hints_used == 1
    return hint


def test_a_hint_asked_while_the_broker_is_down_is_written_by_the_sweep():
    hint = _asked_with_the_hint_lost(side_effect=OperationalError("connection refused"))  # the request succeeded
    assert study.recover_stuck_hints() == 0  # not stuck yet: its task may be on its way
    _age(hint)
    assert study.recover_stuck_hints() == 1
    hint.refresh_from_db()
    assert hint.status == HintStatus.READY and hint.text and hint.recoveries == 1
    with mock.patch("interviewmaster.ai.complete_json") as complete_json:  # the original message, late: no AI call
        assert tasks.write_hint.delay(hint.id).get() is None
    complete_json.assert_not_called()


def test_the_sweep_sends_a_lost_hint_once_then_waits_another_period():
    hint = _asked_with_the_hint_lost()
    _age(hint)
    with mock.patch.object(tasks.write_hint, "delay") as delay:
        assert study.recover_stuck_hints() == 1
        assert study.recover_stuck_hints() == 0
    delay.assert_called_once_with(hint.id)


def test_a_hint_being_written_is_left_alone_and_a_refused_resend_costs_no_recovery():
    hint = _asked_with_the_hint_lost()
    _age(hint, seconds=60)
    with mock.patch.object(tasks.write_hint, "delay") as delay:
        assert study.recover_stuck_hints() == 0
    delay.assert_not_called()
    _age(hint)
    with mock.patch.object(tasks.write_hint, "delay", side_effect=OperationalError("down")), \
            pytest.raises(OperationalError):
        study.recover_stuck_hints()
    hint.refresh_from_db()
    assert hint.recoveries == 0 and hint.status == HintStatus.PENDING


def test_a_hint_that_keeps_losing_its_worker_gets_the_problems_own_hint(settings):
    settings.STUCK_WORK_MAX_RECOVERIES = 2
    hint = _asked_with_the_hint_lost()
    with mock.patch.object(tasks.write_hint, "delay") as delay, \
            mock.patch("interviewmaster.ai.complete_json") as complete_json:
        for _ in range(3):
            _age(hint)
            assert study.recover_stuck_hints() == 1
    assert delay.call_count == 2
    complete_json.assert_not_called()
    hint.refresh_from_db()
    assert hint.status == HintStatus.READY and hint.provider == "fallback"
    assert hint.text == study.hint_inputs(hint)["problem"]["hints"][0]
    _age(hint)
    assert study.recover_stuck_hints() == 0


def test_a_hint_queued_past_the_sweep_is_written_once_when_both_copies_run():
    """The original message waited more than STUCK_WORK_AFTER_SECONDS in a busy `ai` queue: the sweep sent it again,
    and the two copies ran side by side. Each saw the hint pending and made its AI call (paid twice). Now the copy
    that starts second finds the first one's lease and does nothing."""
    from interviewmaster.ai import complete_json as real_complete_json
    from interviewmaster.models import TaskLease

    hint = _asked_with_the_hint_lost()  # its message is still in the queue...
    _age(hint)  # ...for longer than the sweep waits
    calls = []

    def provider_call(*args, **kwargs):  # the original's AI call, while the sweep runs and its copy starts
        calls.append(args[0])
        if len(calls) == 1:
            assert study.recover_stuck_hints() == 1  # sends it again (eager: the copy runs here and now)
        return real_complete_json(*args, **kwargs)

    with mock.patch("interviewmaster.ai.complete_json", side_effect=provider_call):
        assert tasks.write_hint.delay(hint.id).get() is not None  # the original, at last
    assert calls == ["tutor_hint"]
    hint.refresh_from_db()
    assert hint.status == HintStatus.READY and hint.text and hint.recoveries == 1
    assert not TaskLease.objects.exists()  # given back when the work ended


def test_the_redelivery_of_a_killed_workers_message_takes_its_lease_over():
    """acks_late: a worker killed mid-task has its message delivered again (same task id) at once; the lease it left
    must not make that delivery a no-op (the hint would wait for the sweep). Another copy must wait for it."""
    from datetime import timedelta

    from interviewmaster.models import TaskLease

    hint = _asked_with_the_hint_lost()
    TaskLease.objects.create(name=f"studypaths.hint:{hint.id}", holder="killed-task-id",
                             until=timezone.now() + timedelta(seconds=90))
    with mock.patch("interviewmaster.ai.complete_json") as complete_json:
        assert tasks.write_hint.apply(args=[hint.id], task_id="another-copy").get() is None
    complete_json.assert_not_called()
    assert tasks.write_hint.apply(args=[hint.id], task_id="killed-task-id").get() is not None
    hint.refresh_from_db()
    assert hint.status == HintStatus.READY
