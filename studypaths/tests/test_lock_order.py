"""Lock order on PostgreSQL: a path's generation, its review tasks and the recording of a judged submission never
deadlock (each test holds the two transactions in the order that deadlocked, with real threads and connections)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.tests.factories import CandidateFactory
from interviewmaster.tests.pg_locks import held_while_the_other_runs
from studypaths import study, tasks
from studypaths.models import (
    CodeRun,
    PathStatus,
    Problem,
    RunKind,
    RunStatus,
    StudyPath,
    StudyTask,
    TaskKind,
    TaskStatus,
)
from studypaths.tests.factories import ADD_PY, make_track

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def path(monkeypatch):
    """An active path with its first tasks; the judge and the next-batch worker are left out (not the point)."""
    monkeypatch.setattr(tasks.execute_code_run, "delay", lambda *args, **kwargs: None)
    monkeypatch.setattr(study, "_prepare_next_batch_on_commit", lambda path_id: None)
    track = make_track(modules=2, problems=[(i % 2, 1 + i % 3, [f"topic{i % 4}"]) for i in range(12)])
    return study.create_study_path(user=CandidateFactory(), track=track, config=study.PathConfig(starting_level=2))


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
    recorded, generated = held_while_the_other_runs(
        monkeypatch, hold=(study, "_update_mastery"), then_may_finish=True,
        first=lambda: study.record_evaluation(run_id=evaluation.run_id).verdict,
        then=lambda: len(study.generate_tasks(path=path, count=2)))
    assert (recorded, generated) == ("accepted", 2)
    assert StudyTask.objects.get(id=task.id).status == TaskStatus.PASSED


def test_a_review_task_made_while_the_next_batch_is_generated_does_not_deadlock(path, monkeypatch):
    """The beat's review task locked the path's row FOR UPDATE and then the path's generation state; a generation
    for the same path held that state and inserted its tasks, whose foreign key to the path waited for the path's
    lock: each waited for the other and PostgreSQL killed one. The review locks the path FOR NO KEY UPDATE now."""
    open_problems = set(StudyTask.objects.filter(path=path).values_list("problem_id", flat=True))
    problem = Problem.objects.filter(module__tracks=path.track).exclude(id__in=open_problems).first()
    made, generated = held_while_the_other_runs(
        monkeypatch, hold=(study, "_locked_generation_state"), then_may_finish=True,
        first=lambda: "made" if study._create_review_task(user_id=path.user_id, problem_id=problem.id,
                                                          due_date=timezone.localdate()) else "open already",
        then=lambda: len(study.generate_tasks(path=path, count=2)))
    assert made in ("made", "open already") and generated == 2


def test_submitting_a_task_while_the_account_is_deleted_does_not_deadlock(path, monkeypatch):
    """A submission locked the task's row and then, for the judge budget, the candidate's row; the account's deletion
    holds the candidate's row and waits to delete the path's tasks: each waited for the other and PostgreSQL killed
    one. The submission takes the candidate's row first now, in the order the deletion locks."""
    from accounts.services.deletion import delete_account_as_operator
    from accounts.tests.factories import AdminFactory

    admin, user = AdminFactory(), path.user
    task = study.get_next_task(user=user)
    submitted, deleted = held_while_the_other_runs(
        monkeypatch, hold=(study, "_ensure_workable"), then_may_finish=True,
        first=lambda: study.submit_task(user=user, task_id=task.id, language="python", code=ADD_PY).task_id,
        then=lambda: delete_account_as_operator(user=user, actor=admin).deleted_at is not None)
    assert (submitted, deleted) == (task.id, True)
    assert not StudyTask.objects.filter(id=task.id).exists()



def test_counting_a_practice_submission_while_the_account_is_deleted_does_not_deadlock(path, monkeypatch):
    """An accepted practice submission counted as the open task's attempt (the judge's worker) locked the task's row
    and then inserted the evaluation, whose foreign key to the run waits for the run's row; the account's deletion
    holds the candidate's row, deletes their runs and then waits to delete the path's tasks: each waited for the
    other and PostgreSQL killed the deletion (a 500). The count takes the candidate's row first now, as
    `submit_task` does."""
    from accounts.services.deletion import delete_account_as_operator
    from accounts.tests.factories import AdminFactory

    admin, user = AdminFactory(), path.user
    task = study.get_next_task(user=user)
    run = CodeRun.objects.create(user=user, problem=task.problem, language="python", code=ADD_PY,
                                 kind=RunKind.SUBMISSION, status=RunStatus.DONE, verdict="accepted",
                                 finished_at=timezone.now(), result={"passed": 3, "total": 3, "tests": []})
    counted, deleted = held_while_the_other_runs(
        monkeypatch, hold=(study, "transition_task"), then_may_finish=True,
        first=lambda: study.count_practice_submission(run_id=run.id).task_id,
        then=lambda: delete_account_as_operator(user=user, actor=admin).deleted_at is not None)
    assert (counted, deleted) == (task.id, True)
    assert not StudyTask.objects.filter(id=task.id).exists()


def test_skipping_a_placement_task_while_the_focus_drops_its_module_does_not_deadlock(monkeypatch):
    """Skipping a placement task in one tab locks the task's row and then (the placement finishing) the path's; saving
    the path's settings in another tab, with a focus that leaves the task's module out, saved the path (its row
    locked) and then locked the open tasks out of focus to skip them: each waited for the other and PostgreSQL killed
    one (a 500). The settings lock the tasks out of focus before the path's row now, in the order the others keep."""
    monkeypatch.setattr(study, "_prepare_next_batch_on_commit", lambda path_id: None)
    track = make_track(modules=2, problems=[(i % 2, 1 + i % 3, [f"topic{i % 4}"]) for i in range(12)])
    path = study.create_study_path(user=CandidateFactory(), track=track, config=study.PathConfig(placement=True))
    task = StudyTask.objects.select_related("problem__module").filter(path=path, kind=TaskKind.PLACEMENT).first()
    study.start_task(user=path.user, task_id=task.id)
    other = track.modules.exclude(slug=task.problem.module.slug).values_list("slug", flat=True).first()

    def save_settings():
        saved = StudyPath.objects.select_related("track", "user").get(id=path.id)
        return study.update_path_config(path=saved, config=study.PathConfig(focus_modules=[other])).focus_modules

    skipped, focus = held_while_the_other_runs(
        monkeypatch, hold=(study, "_ensure_workable"), first=lambda: study.skip_task(
            user=path.user, task_id=task.id).status, then=save_settings)
    assert (skipped, focus) == (TaskStatus.SKIPPED, [other])
    assert StudyTask.objects.get(id=task.id).status == TaskStatus.SKIPPED


def test_skipping_a_placement_task_while_the_path_is_archived_does_not_deadlock(monkeypatch):
    """Archiving a path updated the path's row and then skipped its open tasks (each task's row locked), the reverse
    of skipping a task, which locks the task and then (a placement task) the path: each waited for the other. The
    archive locks the open tasks before the path's row now, in the order the others keep (reported by Y)."""
    monkeypatch.setattr(study, "_prepare_next_batch_on_commit", lambda path_id: None)
    track = make_track(modules=2, problems=[(i % 2, 1 + i % 3, [f"topic{i % 4}"]) for i in range(12)])
    path = study.create_study_path(user=CandidateFactory(), track=track, config=study.PathConfig(placement=True))
    task = StudyTask.objects.filter(path=path, kind=TaskKind.PLACEMENT).first()
    study.start_task(user=path.user, task_id=task.id)

    def archive():
        with transaction.atomic():
            return study.archive_path(path=StudyPath.objects.select_related("track", "user").get(id=path.id)).status

    skipped, archived = held_while_the_other_runs(
        monkeypatch, hold=(study, "_ensure_workable"), first=lambda: study.skip_task(
            user=path.user, task_id=task.id).status, then=archive)
    assert (skipped, archived) == (TaskStatus.SKIPPED, PathStatus.ARCHIVED)
    assert not StudyTask.objects.filter(path=path, status__in=[TaskStatus.PENDING, TaskStatus.IN_PROGRESS]).exists()


def test_the_last_placement_result_while_a_review_task_is_made_does_not_deadlock(monkeypatch):
    """Finishing the last placement task places the path (its row updated) after the passed task was folded into the
    generation state; the review beat locks the path's row and then that state. Taking the state first and the path
    after, each would wait for the other: the path's row is locked first now, as the review does."""
    monkeypatch.setattr(study, "_prepare_next_batch_on_commit", lambda path_id: None)
    track = make_track(modules=2, problems=[(i % 2, 1 + i % 3, [f"topic{i % 4}"]) for i in range(12)])
    path = study.create_study_path(user=CandidateFactory(), track=track, config=study.PathConfig(placement=True))
    *firsts, last = list(StudyTask.objects.filter(path=path).order_by("id"))
    with transaction.atomic():
        for task in [*firsts, last]:
            study.transition_task(task, TaskStatus.SUBMITTED)
        for task in firsts:
            study.transition_task(task, TaskStatus.PASSED)
    open_problems = set(StudyTask.objects.filter(path=path).values_list("problem_id", flat=True))
    problem = Problem.objects.filter(module__tracks=path.track).exclude(id__in=open_problems).first()

    def pass_the_last():
        with transaction.atomic():
            study.transition_task(StudyTask.objects.get(id=last.id), TaskStatus.PASSED)
        return "passed"

    passed, made = held_while_the_other_runs(
        monkeypatch, hold=(study, "_place_when_done"), then_may_finish=True, first=pass_the_last,
        then=lambda: "made" if study._create_review_task(user_id=path.user_id, problem_id=problem.id,
                                                         due_date=timezone.localdate()) else "open already")
    assert (passed, made) == ("passed", "made")
    path.refresh_from_db()
    assert path.placed_level is not None
