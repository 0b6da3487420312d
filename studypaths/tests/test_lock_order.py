"""Lock order on PostgreSQL: a path's generation, its review tasks and the recording of a judged submission never
deadlock (each test holds the two transactions in the order that deadlocked, with real threads and connections)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone

from accounts.tests.factories import CandidateFactory
from interviewmaster.tests.pg_locks import blocked_lock_waits
from studypaths import study, tasks
from studypaths.models import CodeRun, Problem, RunStatus, StudyTask, TaskStatus
from studypaths.tests.factories import ADD_PY, make_track

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def path(monkeypatch):
    """An active path with its first tasks; the judge and the next-batch worker are left out (not the point)."""
    monkeypatch.setattr(tasks.execute_code_run, "delay", lambda *args, **kwargs: None)
    monkeypatch.setattr(study, "_prepare_next_batch_on_commit", lambda path_id: None)
    track = make_track(modules=2, problems=[(i % 2, 1 + i % 3, [f"topic{i % 4}"]) for i in range(12)])
    return study.create_study_path(user=CandidateFactory(), track=track, config=study.PathConfig(starting_level=2))


def _held_while_the_other_runs(first, second, *, hold_in, monkeypatch) -> tuple:
    """Run `first` until it calls `study.<hold_in>` (it holds its locks then), run `second` until it waits on a lock
    or ends, then let `first` go on. Each one's result, or the repr of what it raised."""
    real, holding, go_on, mine = getattr(study, hold_in), threading.Event(), threading.Event(), threading.local()

    def held(*args, **kwargs):
        if getattr(mine, "first", False) and not holding.is_set():
            holding.set()
            assert go_on.wait(timeout=10)
        return real(*args, **kwargs)

    monkeypatch.setattr(study, hold_in, held)

    def run(call, is_first):
        mine.first = is_first
        try:
            return call()
        except Exception as exc:  # noqa: BLE001 - the deadlock surfaces here
            return repr(exc)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        one = pool.submit(run, first, True)
        assert holding.wait(timeout=10)
        two = pool.submit(run, second, False)
        deadline = time.monotonic() + 10
        while not two.done() and blocked_lock_waits() == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        go_on.set()
        return one.result(timeout=30), two.result(timeout=30)


def test_recording_a_passed_submission_while_the_next_batch_is_generated_does_not_deadlock(path, monkeypatch):
    """The judge's result is recorded (the task's row locked, and with it, through the join, its path's and its
    problem's FOR UPDATE), then the passed task is folded into the path's generation state. A generation for the
    same path (the Today page, the next-batch worker) held that state and inserted its new tasks, whose foreign key
    to the path takes a key-share lock on the path row: each waited for the other and PostgreSQL killed one."""
    task = study.get_next_task(user=path.user)
    evaluation = study.submit_task(user=path.user, task_id=task.id, language="python", code=ADD_PY)
    CodeRun.objects.filter(id=evaluation.run_id).update(status=RunStatus.DONE, verdict="accepted",
                                                        finished_at=timezone.now(),
                                                        result={"passed": 3, "total": 3, "tests": []})
    recorded, generated = _held_while_the_other_runs(
        lambda: study.record_evaluation(run_id=evaluation.run_id).verdict,
        lambda: len(study.generate_tasks(path=path, count=2)),
        hold_in="_update_mastery", monkeypatch=monkeypatch)
    assert (recorded, generated) == ("accepted", 2)
    assert StudyTask.objects.get(id=task.id).status == TaskStatus.PASSED


def test_a_review_task_made_while_the_next_batch_is_generated_does_not_deadlock(path, monkeypatch):
    """The beat's review task locked the path's row FOR UPDATE and then the path's generation state; a generation
    for the same path held that state and inserted its tasks, whose foreign key to the path waited for the path's
    lock: each waited for the other and PostgreSQL killed one. The review locks the path FOR NO KEY UPDATE now."""
    open_problems = set(StudyTask.objects.filter(path=path).values_list("problem_id", flat=True))
    problem = Problem.objects.filter(module__tracks=path.track).exclude(id__in=open_problems).first()
    made, generated = _held_while_the_other_runs(
        lambda: "made" if study._create_review_task(user_id=path.user_id, problem_id=problem.id,
                                                     due_date=timezone.localdate()) else "open already",
        lambda: len(study.generate_tasks(path=path, count=2)),
        hold_in="_locked_generation_state", monkeypatch=monkeypatch)
    assert made in ("made", "open already") and generated == 2


def test_submitting_a_task_while_the_account_is_deleted_does_not_deadlock(path, monkeypatch):
    """A submission locked the task's row and then, for the judge budget, the candidate's row; the account's deletion
    holds the candidate's row and waits to delete the path's tasks: each waited for the other and PostgreSQL killed
    one. The submission takes the candidate's row first now, in the order the deletion locks."""
    from accounts.services.deletion import delete_account_as_operator
    from accounts.tests.factories import AdminFactory

    admin, user = AdminFactory(), path.user
    task = study.get_next_task(user=user)
    submitted, deleted = _held_while_the_other_runs(
        lambda: study.submit_task(user=user, task_id=task.id, language="python", code=ADD_PY).task_id,
        lambda: delete_account_as_operator(user=user, actor=admin).deleted_at is not None,
        hold_in="_ensure_workable", monkeypatch=monkeypatch)
    assert (submitted, deleted) == (task.id, True)
    assert not StudyTask.objects.filter(id=task.id).exists()
