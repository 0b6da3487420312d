"""The dashboard's next step follows the study loop at once: the cached summary was forgotten only on judged
submissions, evaluated answers, finished interviews and profile changes, so after a skip, a new or archived path, an
opened task, expiry or new review tasks it pointed at the old task for five minutes. Study paths announce every change
of a candidate's loop (`studypaths.signals.study_loop_changed`); analytics listens (it is never imported by them)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache, caches
from django.utils import timezone

from accounts.tests.factories import CandidateFactory
from analytics import selectors
from studypaths import study
from studypaths.models import ReviewCard, StudyTask, TaskKind, TaskStatus
from studypaths.tests.factories import make_track

pytestmark = pytest.mark.django_db


def _path(user, track=None, **config):
    return study.create_study_path(user=user, track=track or make_track(), config=study.PathConfig(**config))


def _next_step(user) -> dict:
    return selectors.cached_dashboard_summary(user)["next_action"]


def _cached_next_step(user) -> dict:
    """The next step, now cached: the writes that set the scene left forget markers, which are let expire first."""
    cache.clear()
    step = _next_step(user)
    assert cache.get(selectors.summary_cache_key(user.id)) is not None
    return step


def _task_url(task) -> str:
    return f"/studypaths/tasks/{task.id}/"


def test_skipping_a_task_moves_the_next_step_at_once(django_capture_on_commit_callbacks):
    user = CandidateFactory()
    _path(user, hours_per_week=3)  # one task a day
    first = study.get_next_task(user=user)
    assert _cached_next_step(user)["url"] == _task_url(first)
    with django_capture_on_commit_callbacks(execute=True):  # the next batch is prepared after commit
        study.skip_task(user=user, task_id=first.id)
    following = study.get_next_task(user=user)
    assert following.id != first.id
    assert _next_step(user)["url"] == _task_url(following)


def test_creating_and_archiving_a_path_change_the_next_step_at_once(django_capture_on_commit_callbacks):
    user = CandidateFactory()
    track = make_track()
    assert _cached_next_step(user)["kind"] != "study_task"
    with django_capture_on_commit_callbacks(execute=True):
        path = _path(user, track)
    assert _next_step(user)["kind"] == "study_task"
    _cached_next_step(user)
    with django_capture_on_commit_callbacks(execute=True):
        study.archive_path(path=path)
    assert _next_step(user)["kind"] != "study_task"


def test_opening_a_task_from_the_today_list_makes_it_the_next_step(client):
    user = CandidateFactory()
    client.force_login(user)
    path = _path(user, hours_per_week=10, starting_level=2)  # three tasks a day
    first, _, third = path.tasks.order_by("id")
    assert _cached_next_step(user)["url"] == _task_url(first)
    assert client.get(_task_url(third)).status_code == 200  # in progress now, so first in line
    assert _next_step(user)["url"] == _task_url(third)


def test_review_tasks_made_by_the_beat_are_the_next_step_at_once():
    user = CandidateFactory()
    track = make_track()
    path = _path(user, track)
    solved = track.modules.last().problems.exclude(id__in=path.tasks.values("problem_id")).first()
    ReviewCard.objects.create(user=user, problem=solved, due=timezone.now() - timedelta(hours=1))
    assert _cached_next_step(user)["url"] == _task_url(path.tasks.order_by("id").first())
    assert study.schedule_due_reviews() == 1
    review = StudyTask.objects.get(path=path, kind=TaskKind.REVIEW)
    assert _next_step(user) == {"kind": "study_task", "title": f"Today: “{solved.title}”",
                                "reason": "1 problem to review today.", "url": _task_url(review)}


def test_expiry_forgets_each_candidates_summary_in_one_cache_write_now_and_one_after_commit(
        settings, monkeypatch, django_capture_on_commit_callbacks):
    """The hourly expiry changes many candidates' loops: each summary is forgotten, with two cache writes in all (not
    two per task or per candidate)."""
    settings.STUDY_TASK_GRACE_DAYS = 2
    track = make_track()
    users = [CandidateFactory() for _ in range(4)]
    for user in users:
        _path(user, track, hours_per_week=10)
    StudyTask.objects.update(due_date=study.today(users[0]) - timedelta(days=5))
    overdue = StudyTask.objects.count()
    cache.clear()
    assert all(_next_step(user)["kind"] == "study_task" for user in users)
    summary_writes = []
    backend = type(caches["default"])  # Django's cache class: its `set_many` is watched, then called
    set_many = backend.set_many

    def counting_set_many(self, data, *args, **kwargs):
        if any(key.startswith("analytics:summary:") for key in data):
            summary_writes.append(sorted(data))
        return set_many(self, data, *args, **kwargs)

    monkeypatch.setattr(backend, "set_many", counting_set_many)
    with django_capture_on_commit_callbacks(execute=True):
        assert study.expire_overdue_tasks() == overdue > len(users)
    keys = sorted(selectors.summary_cache_key(user.id) for user in users)
    assert summary_writes == [keys, keys]  # now, and after commit
    assert not StudyTask.objects.filter(status__in=[TaskStatus.PENDING, TaskStatus.IN_PROGRESS]).exists()
    assert all(_next_step(user)["kind"] != "study_task" for user in users)


def test_a_new_candidates_first_step_is_the_resume_until_there_is_one(client, django_capture_on_commit_callbacks):
    """The next step sent a brand-new candidate to a coding problem, under "Welcome back"; the resume, whose skills
    pick their questions and problems, was never suggested."""
    from resumes.tests.factories import ResumeFactory

    user = CandidateFactory(name="Ada")
    client.force_login(user)
    page = client.get("/").content.decode()
    assert "Welcome, Ada" in page and "Welcome back" not in page
    assert _next_step(user)["kind"] == "upload_resume"
    assert 'href="/resumes/"' in page and "Upload your resume" in page
    with django_capture_on_commit_callbacks(execute=True):
        ResumeFactory(owner=user)
    assert _next_step(user)["kind"] != "upload_resume"  # the cached summary is forgotten on the upload
    assert "Welcome back, Ada" in client.get("/").content.decode()
    from accounts.tests.factories import ExpertFactory

    client.force_login(ExpertFactory(name="Erin"))  # no summary, no resume step: not a first visit
    assert "Welcome back, Erin" in client.get("/").content.decode()
