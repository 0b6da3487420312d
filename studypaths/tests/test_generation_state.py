"""The per-path generation state (GenerationState): what task generation reads instead of the history. Kept up to
date as tasks finish and are created, rebuilt from the rows after an import; generation must choose as it would from
the whole history, with a query count that does not grow with it."""

from __future__ import annotations

import random

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import CandidateFactory
from studypaths import export, study
from studypaths.models import GenerationState, Problem, StudyTask, TaskStatus
from studypaths.tests.factories import make_track

pytestmark = pytest.mark.django_db

TOPICS = ["arrays", "hash map", "graph", "tree"]


@pytest.fixture
def candidate():
    return CandidateFactory()


def _path(user, track, **config):
    return study.create_study_path(user=user, track=track, config=study.PathConfig(**config))


def _finish(task: StudyTask, *, passed: bool) -> None:
    study.transition_task(task, TaskStatus.SUBMITTED, attempts=1)
    study.transition_task(task, TaskStatus.PASSED if passed else TaskStatus.FAILED, score=1.0 if passed else 0.0)


def _state(path) -> tuple:
    row = GenerationState.objects.get(path=path)
    return (row.last_solved_difficulty, row.failure_streak, row.last_failed_difficulty, sorted(row.solved),
            row.last_topic)


def _skip_open(path) -> None:
    for task in StudyTask.objects.filter(path=path, status__in=[TaskStatus.PENDING, TaskStatus.IN_PROGRESS]):
        study.transition_task(task, TaskStatus.SKIPPED, reason="test")


@pytest.mark.parametrize("seed", range(3))
def test_the_state_kept_live_equals_a_rebuild_from_the_rows(candidate, seed):
    track = make_track(modules=2, problems=[(i % 2, 1 + i % 5, [TOPICS[i % 4]]) for i in range(12)])
    path = _path(candidate, track, starting_level=3)
    rng = random.Random(seed)
    steps = 0
    for _ in range(30):
        task = study.get_next_task(user=candidate)
        if task is None:
            break
        roll = rng.random()
        if roll < 0.15:
            study.skip_task(user=candidate, task_id=task.id)
        else:
            _finish(task, passed=roll < 0.55)
        live = _state(path)
        study.rebuild_generation_state(path_id=path.id)
        assert _state(path) == live
        steps += 1
    assert steps >= 10
    assert GenerationState.objects.get(path=path).solved  # the walk solved something and failed something
    assert StudyTask.objects.filter(path=path, status=TaskStatus.FAILED).exists()


def test_the_difficulty_cap_remembers_a_solve_older_than_twenty_tasks(candidate):
    """+1 above the last solved, however long ago: 25 failures later the cap still comes from that solve (a window
    of recent rows would have forgotten it and fallen back to the starting level)."""
    track = make_track(modules=1, problems=[(0, d, [f"t{d}"]) for d in (1, 2, 3, 4, 5)])
    path = _path(candidate, track, starting_level=1)
    _skip_open(path)
    by_difficulty = {p.difficulty: p for p in Problem.objects.filter(module__tracks=track)}
    today = study.today(candidate)
    _finish(StudyTask.objects.create(path=path, problem=by_difficulty[3], due_date=today), passed=True)
    for _ in range(25):
        _finish(StudyTask.objects.create(path=path, problem=by_difficulty[5], due_date=today), passed=False)
    task = study.get_next_task(user=candidate)
    assert task.problem.difficulty == 4  # after the failures: easier than 5, but still up to 3 + 1
    assert _state(path)[:3] == (3, 25, 5)


def test_an_import_and_its_revert_rebuild_the_state(candidate):
    track = make_track(modules=1, problems=[(0, 1, ["arrays"]), (0, 2, ["graph"]), (0, 4, ["tree"])])
    path = _path(candidate, track, starting_level=1)
    hard = Problem.objects.get(module__tracks=track, difficulty=4)
    finished = timezone.now()
    rows = [{"key": "elsewhere-1", "track": track.slug, "problem": hard.slug, "status": "passed",
             "due_date": finished.date().isoformat(), "finished_at": finished.isoformat(), "attempts": 1}]
    export.import_history(user=candidate, rows=rows)
    assert _state(path)[0] == 4 and hard.id in _state(path)[3]
    export.revert_import(user=candidate, rows=rows)
    assert _state(path)[0] is None and hard.id not in _state(path)[3]


def _generating_queries(user, path) -> int:
    _skip_open(path)
    with CaptureQueriesContext(connection) as ctx:
        assert study.get_next_task(user=user) is not None
    return len(ctx)


def test_generating_a_batch_takes_the_same_queries_whatever_the_history(candidate):
    track = make_track(modules=2, problems=[(i % 2, 1 + i % 3, [TOPICS[i % 4]]) for i in range(12)])
    path = _path(candidate, track, starting_level=2)
    problems = list(Problem.objects.filter(module__tracks=track))
    now = timezone.now()

    def add_history(count: int) -> None:
        StudyTask.objects.bulk_create(
            StudyTask(path=path, problem=problems[n % len(problems)], due_date=now.date(), finished_at=now,
                      status=TaskStatus.FAILED) for n in range(count))
        study.rebuild_generation_state(path_id=path.id)

    study.get_next_task(user=candidate)  # the active path is cached from here on
    add_history(3)
    small = _generating_queries(candidate, path)
    add_history(300)
    assert _generating_queries(candidate, path) == small
    assert small <= 14  # 12, and since session 23 the problems solved elsewhere and the last few missed (one each)


def test_finishing_the_last_open_task_prepares_the_next_batch(candidate, django_capture_on_commit_callbacks,
                                                             django_assert_num_queries):
    track = make_track(modules=2)
    path = _path(candidate, track, hours_per_week=3)  # one task a day
    cache.clear()  # creating the path left a forget marker (no copy is stored while one lives): let it expire
    task = study.get_next_task(user=candidate)
    with django_capture_on_commit_callbacks(execute=True):
        study.skip_task(user=candidate, task_id=task.id)
    prepared = StudyTask.objects.get(path=path, status=TaskStatus.PENDING)
    assert prepared.id != task.id
    cache.clear()  # the skip's forget marker expires (while it lives, the active path is read from the database)
    study.get_next_task(user=candidate)  # caches the active path
    with django_assert_num_queries(1):  # found open: nothing generated in the request
        assert study.get_next_task(user=candidate).id == prepared.id


def test_preparing_a_batch_does_nothing_while_a_task_is_open_or_once_the_path_is_archived(candidate):
    track = make_track(modules=2)
    path = _path(candidate, track)
    open_before = StudyTask.objects.filter(path=path).count()
    assert open_before and study.prepare_next_batch(path_id=path.id) == []
    assert study.generate_tasks(path=path, unless_open=True) == []
    assert StudyTask.objects.filter(path=path).count() == open_before
    study.archive_path(path=path)
    assert study.prepare_next_batch(path_id=path.id) == []
    assert not StudyTask.objects.filter(path=path, status=TaskStatus.PENDING).exists()


def test_a_review_task_becomes_the_last_topic_generation_rotates_from(candidate):
    from datetime import timedelta

    from studypaths.models import ReviewCard

    track = make_track(modules=1, problems=[(0, 1, ["arrays"]), (0, 1, ["graph"]), (0, 1, ["tree"])])
    path = _path(candidate, track, hours_per_week=3)  # one task: arrays (bank order)
    assert _state(path)[4] == "arrays"
    graph = Problem.objects.get(module__tracks=track, topics=["graph"])
    ReviewCard.objects.create(user=candidate, problem=graph, due=timezone.now() - timedelta(hours=1))
    assert study.schedule_due_reviews() == 1
    assert _state(path)[4] == "graph"
    live = _state(path)
    study.rebuild_generation_state(path_id=path.id)
    assert _state(path) == live
