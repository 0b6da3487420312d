"""recovery.sweep, the loop the stuck-work sweeps share, on a model of its own kind (question-generation jobs): two
sweeps that overlap send each row once, a broker that refuses the message costs no recovery, and a row that ran out
of recoveries is given up (once) instead of being sent again."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.db.models.functions import Coalesce
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.tests.factories import ExpertFactory
from interviewmaster import recovery
from interviews.models import QuestionGenerationJob

pytestmark = pytest.mark.django_db
Status = QuestionGenerationJob.Status


def _stuck_jobs(count: int, **fields) -> list[int]:
    expert = ExpertFactory()
    jobs = QuestionGenerationJob.objects.bulk_create(
        QuestionGenerationJob(requested_by=expert, role="backend_engineer", difficulty="medium", count=1, **fields)
        for _ in range(count))
    QuestionGenerationJob.objects.update(created_at=timezone.now() - timedelta(hours=1))
    return [job.id for job in jobs]


def _sweep(send, give_up=None) -> int:
    return recovery.sweep(QuestionGenerationJob.objects.filter(status=Status.QUEUED),
                          clock=Coalesce("recovered_at", "created_at"), send=send, what="job {id}",
                          give_up=give_up or (lambda pending, row: pending.update(status=Status.FAILED)))


def test_of_two_overlapping_sweeps_each_row_is_sent_by_one():
    first, second = _stuck_jobs(2)
    sent = []

    def send_and_overlap(row):
        sent.append(("a", row.id))
        if row.id == first:  # another sweep runs while this one (which read both rows) is between them
            assert _sweep(lambda row: sent.append(("b", row.id))) == 1

    assert _sweep(send_and_overlap) == 1  # its claim of the second row found it claimed already
    assert sent == [("a", first), ("b", second)]
    assert list(QuestionGenerationJob.objects.order_by("id").values_list("recoveries", flat=True)) == [1, 1]
    assert _sweep(lambda row: sent.append(("c", row.id))) == 0  # both wait another period now
    assert len(sent) == 2


def test_a_broker_that_refuses_the_message_rolls_the_claim_back(caplog):
    [job_id] = _stuck_jobs(1)
    refused = mock.Mock(side_effect=OperationalError("connection refused"))
    with pytest.raises(OperationalError):
        _sweep(refused)
    job = QuestionGenerationJob.objects.get(id=job_id)
    assert (job.recoveries, job.recovered_at) == (0, None)  # no recovery spent, the clock not restarted
    assert "stuck work sent again" not in caplog.text

    send = mock.Mock()
    assert _sweep(send) == 1  # the broker is back: the next minute's sweep sends it
    send.assert_called_once()
    assert send.call_args.args[0].id == job_id
    assert f"stuck work sent again: job {job_id}" in caplog.text
    assert QuestionGenerationJob.objects.get(id=job_id).recoveries == 1


def test_a_row_out_of_recoveries_is_given_up_once_and_not_sent(settings):
    settings.STUCK_WORK_MAX_RECOVERIES = 2
    spent, fresh = _stuck_jobs(1, recoveries=2) + _stuck_jobs(1, recoveries=1)
    send, given_up = mock.Mock(), []

    def give_up(pending, row):
        given_up.append((row.id, row.recoveries))
        return pending.update(status=Status.FAILED)

    assert _sweep(send, give_up) == 2
    assert given_up == [(spent, 2)]
    assert [call.args[0].id for call in send.call_args_list] == [fresh]
    assert QuestionGenerationJob.objects.get(id=spent).status == Status.FAILED

    QuestionGenerationJob.objects.filter(id=fresh).update(recovered_at=timezone.now() - timedelta(hours=1))
    assert _sweep(send, give_up) == 1  # its last allowed recovery spent: given up too, never sent a third time
    assert given_up == [(spent, 2), (fresh, 2)] and send.call_count == 1


def test_without_a_give_up_a_row_out_of_recoveries_is_left_alone_and_not_read(settings):
    settings.STUCK_WORK_MAX_RECOVERIES = 1
    _stuck_jobs(recovery.BATCH, recoveries=1)  # a full batch of spent rows must not hide a sendable one
    [sendable] = _stuck_jobs(1)
    send = mock.Mock()
    assert recovery.sweep(QuestionGenerationJob.objects.filter(status=Status.QUEUED), clock="created_at",
                          send=send, what="job {id}") == 1
    assert [call.args[0].id for call in send.call_args_list] == [sendable]
    assert QuestionGenerationJob.objects.filter(status=Status.QUEUED).count() == recovery.BATCH + 1


# --- one delivery at a time for paid work (recovery.exclusively) ------------------------------------------------
PAID_TASKS = [  # (task, its lease, the service it guards); the work's id is 987
    ("studypaths.tasks.write_hint", "studypaths.hint:{}", "studypaths.study.write_hint"),
    ("interviews.tasks.evaluate_turn", "interviews.evaluation:{}", "interviews.services.evaluate_answer"),
    ("interviews.tasks.finalize_session", "interviews.report:{}", "interviews.services.finalize_report"),
    ("resumes.tasks.analyse_resume", "resumes.analysis:{}", "resumes.services.analyse_resume"),
    ("planning.tasks.run_agents", "planning.agents:{}", "planning.agents.run_agents"),
    ("planning.tasks.critique_edit", "planning.critique:{}", "planning.agents.critique_edit"),
]


@pytest.mark.parametrize(("task_path", "lease", "service"), PAID_TASKS)
def test_a_paid_task_does_nothing_while_another_delivery_holds_its_work(task_path, lease, service):
    """The stuck-work sweep's copy and the original, late, ran side by side and both paid for the AI call."""
    from importlib import import_module

    from interviewmaster.models import TaskLease

    module, name = task_path.rsplit(".", 1)
    task = getattr(import_module(module), name)
    TaskLease.objects.create(name=lease.format(987), holder="the-other-delivery",
                             until=timezone.now() + timedelta(seconds=60))
    with mock.patch(service) as guarded, mock.patch("interviews.services.settle_after_evaluation"):
        args = [1, 987] if name == "critique_edit" else [987]
        task.apply(args=args, task_id="this-delivery")
        guarded.assert_not_called()
        TaskLease.objects.filter(name=lease.format(987)).update(until=timezone.now() - timedelta(seconds=1))
        task.apply(args=args, task_id="this-delivery")  # the other one's time limit is over: it is dead
        guarded.assert_called_once()
    assert not TaskLease.objects.exists()  # given back when the work ended


def test_a_lease_is_given_back_when_the_work_fails():
    from types import SimpleNamespace

    from interviewmaster.models import TaskLease

    task = SimpleNamespace(request=SimpleNamespace(id="t1"), time_limit=90)

    def fail():
        assert TaskLease.objects.get(name="w:1").holder == "t1"
        raise RuntimeError("provider down")

    with pytest.raises(RuntimeError):
        recovery.exclusively(task, "w:1", fail)
    assert not TaskLease.objects.exists()
    assert recovery.exclusively(task, "w:1", lambda: "done") == "done"


def test_a_chain_step_that_ends_leaves_the_lease_the_next_step_took_over(settings):
    """Step k of the planning agents sends step k+1 from inside its work; another worker starts k+1 (same chain, so
    same holder) and renews the lease before k's `finally`, which deleted it by name and holder: the sweep's copy
    arriving then found nothing held and paid for the same step's AI call alongside k+1."""
    from interviewmaster.models import TaskLease
    from planning import tasks

    name = "planning.agents:987"

    def step_k(plan_id):  # ...while another worker has just started step k+1 of the same chain and took the lease
        assert TaskLease.objects.filter(name=name, holder="root").update(
            until=timezone.now() + timedelta(seconds=settings.AI_TASK_TIME_LIMIT, milliseconds=5)) == 1

    with mock.patch("planning.agents.run_agents", side_effect=step_k):
        tasks.run_agents.apply(args=[987], task_id="root")
    assert TaskLease.objects.get(name=name).holder == "root"  # step k+1's, still running
    with mock.patch("planning.agents.run_agents") as guarded:
        tasks.run_agents.apply(args=[987], task_id="the-sweeps-copy")
        guarded.assert_not_called()


def test_a_lease_is_deleted_only_by_the_delivery_that_took_it():
    from types import SimpleNamespace

    from interviewmaster.models import TaskLease

    first, second = (SimpleNamespace(request=SimpleNamespace(id="chain"), time_limit=90) for _ in range(2))
    seen = []

    def first_run():  # the second delivery of the same chain takes the lease over and ends before this one does
        seen.append(recovery.exclusively(second, "w:2", lambda: TaskLease.objects.get(name="w:2").until))
        return TaskLease.objects.filter(name="w:2").exists()

    assert recovery.exclusively(first, "w:2", first_run) is False  # the second's own lease is gone with it
    assert len(seen) == 1 and not TaskLease.objects.exists()
