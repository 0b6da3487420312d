"""The practice loop's services: paths, generation on real rows, the state function, events, evaluations, FSRS,
expiry and due reviews."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from fsrs import Rating

from accounts.tests.factories import CandidateFactory
from interviewmaster.events import AppendOnlyError
from studypaths import reviews, selectors, study
from studypaths.errors import (
    ActivePathExists,
    InvalidPathConfig,
    InvalidTaskTransition,
    TaskBeingJudged,
    TaskFinished,
    TaskNotFound,
)
from studypaths.models import (
    EventKind,
    PathStatus,
    ReviewCard,
    RunKind,
    RunStatus,
    StudyPath,
    StudyTask,
    TaskEvent,
    TaskKind,
    TaskStatus,
    TopicMastery,
)
from studypaths.tests.factories import ADD_PY, CodeRunFactory, make_track

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate():
    return CandidateFactory()


@pytest.fixture
def track():
    return make_track()


def _path(user, track, **config):
    return study.create_study_path(user=user, track=track, config=study.PathConfig(**config))


def test_one_active_path_per_candidate_is_enforced_by_the_database(candidate, track):
    path = _path(candidate, track)
    with pytest.raises(ActivePathExists):
        _path(candidate, track)
    with pytest.raises(IntegrityError), transaction.atomic():
        StudyPath.objects.create(user=candidate, track=track)  # bypassing the service does not help
    study.archive_path(path=path)
    second = _path(candidate, track)
    assert second.status == PathStatus.ACTIVE
    assert StudyPath.objects.filter(user=candidate).count() == 2


def test_bad_config_is_rejected_with_fields_and_nothing_is_created(candidate, track):
    with pytest.raises(InvalidPathConfig) as info:
        _path(candidate, track, focus_modules=["nope"], hours_per_week=0)
    assert set(info.value.fields) == {"focus_modules", "hours_per_week"}
    assert not StudyPath.objects.exists()


def test_active_path_is_cached_and_forgotten_on_change(candidate, track, django_assert_num_queries,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        path = _path(candidate, track)
    cache.clear()  # creating the path left a forget marker (no copy is stored while one lives): let it expire
    assert selectors.active_path_for(candidate).id == path.id
    with django_assert_num_queries(0):
        assert selectors.active_path_for(candidate).id == path.id
    with django_capture_on_commit_callbacks(execute=True):
        study.archive_path(path=path)
    assert selectors.active_path_for(candidate) is None


def test_a_reader_racing_an_archive_cannot_cache_the_archived_path(candidate, track, monkeypatch,
                                                                  django_capture_on_commit_callbacks):
    """A request read the active path just before another archived it and committed: it must not store that row
    (the pages would offer today's tasks of an archived path for ACTIVE_PATH_CACHE_SECONDS)."""
    with django_capture_on_commit_callbacks(execute=True):
        path = _path(candidate, track)
    cache.clear()
    load = selectors._load_active_path

    def load_then_archive(user):
        found = load(user)
        with django_capture_on_commit_callbacks(execute=True):
            study.archive_path(path=StudyPath.objects.get(pk=path.pk))
        return found

    monkeypatch.setattr(selectors, "_load_active_path", load_then_archive)
    assert selectors.active_path_for(candidate).id == path.id  # the racing reader answers what it read
    monkeypatch.setattr(selectors, "_load_active_path", load)
    assert selectors.active_path_for(candidate) is None  # and the next one reads the change


def test_new_path_gets_a_first_batch_at_the_starting_level_in_module_order(candidate, track):
    path = _path(candidate, track, hours_per_week=10, starting_level=2)
    tasks = list(path.tasks.select_related("problem__module").order_by("id"))
    assert len(tasks) == study.tasks_per_day(10) == 3
    assert [t.problem.module.position for t in tasks] == [0, 0, 1]
    assert all(t.problem.difficulty <= 2 for t in tasks)
    assert all(t.status == TaskStatus.PENDING and t.due_date == study.today(candidate) for t in tasks)
    assert all(TaskEvent.objects.filter(task=t, kind=EventKind.CREATED).count() == 1 for t in tasks)


def test_a_problem_solved_on_the_practice_pages_is_not_set_while_unsolved_ones_remain(candidate):
    track = make_track(modules=1, problems=[(0, 1, ["arrays"]), (0, 1, ["strings"]), (0, 1, ["hash map"])])
    solved, theirs, tried = track.modules.get().problems.order_by("position")
    CodeRunFactory(user=candidate, problem=solved, kind=RunKind.SUBMISSION, status=RunStatus.DONE, verdict="accepted")
    # someone else's solve and the candidate's own failed try change nothing
    CodeRunFactory(problem=theirs, kind=RunKind.SUBMISSION, status=RunStatus.DONE, verdict="accepted")
    CodeRunFactory(user=candidate, problem=tried, kind=RunKind.SUBMISSION, status=RunStatus.DONE,
                   verdict="wrong_answer")
    tasks = list(_path(candidate, track, hours_per_week=10, starting_level=1).tasks.all())
    assert sorted(t.problem_id for t in tasks) == sorted([theirs.id, tried.id])
    # with nothing else left, it comes back rather than leaving the path empty
    lone = make_track(modules=1, problems=[(0, 1, ["arrays"])])
    only = lone.modules.get().problems.get()
    CodeRunFactory(user=candidate, problem=only, kind=RunKind.SUBMISSION, status=RunStatus.DONE, verdict="accepted")
    study.archive_path(path=selectors.active_path_for(candidate))
    assert [t.problem_id for t in _path(candidate, lone).tasks.all()] == [only.id]


def test_placement_set_probes_around_the_starting_level(candidate):
    track = make_track(modules=1, problems=[(0, d, [f"t{d}"]) for d in (1, 2, 3, 4)])
    path = _path(candidate, track, starting_level=2, placement=True)
    tasks = list(path.tasks.select_related("problem"))
    assert sorted(t.problem.difficulty for t in tasks) == [1, 2, 3]
    assert {t.kind for t in tasks} == {TaskKind.PLACEMENT}


@pytest.mark.parametrize(("level", "difficulties"), [(1, [1, 2, 3]), (3, [2, 3, 4]), (5, [3, 4, 5])])
def test_placement_is_three_problems_at_either_end_of_the_scale(candidate, level, difficulties):
    # at level 1 it was two problems (levels 1 and 2 only); at level 5 two as well
    track = make_track(modules=1, problems=[(0, d, [f"t{d}"]) for d in (1, 2, 3, 4, 5)])
    path = _path(candidate, track, starting_level=level, placement=True)
    assert sorted(t.problem.difficulty for t in path.tasks.select_related("problem")) == difficulties


def test_placement_stands_in_the_nearest_level_the_bank_has(candidate):
    track = make_track(modules=1, problems=[(0, d, [f"t{d}"]) for d in (1, 2, 3, 4)] + [(0, 4, ["t4b"])])
    path = _path(candidate, track, starting_level=5, placement=True)  # no problem of difficulty 5 in the bank
    assert sorted(t.problem.difficulty for t in path.tasks.select_related("problem")) == [3, 4, 4]


def _resume(user, *, level="senior", years=9.1):
    from resumes.tests.factories import ResumeFactory

    return ResumeFactory(owner=user, is_active=True, facts={"years_experience": years, "positions": []},
                         analysis={"seniority": {"level": level, "reason": f"about {years} years"},
                                   "summary": "Backend engineer.", "target_role": "backend_engineer"})


def test_from_my_profile_and_resume_takes_the_active_resumes_level_when_the_profile_has_none(candidate, track):
    """"From my profile and resume" gave level 1 to a candidate whose resume reads "Senior, about 9.1 years": only
    the profile's (empty) experience level was read. The resume's reading counts, and the path says so; the profile
    is left as it was."""
    _resume(candidate)
    path = _path(candidate, track)
    assert path.starting_level == study.LEVEL_BY_EXPERIENCE["senior"] == 3
    assert "resume" in path.starting_level_reason and "Senior" in path.starting_level_reason
    assert "about 9 years" in path.starting_level_reason
    candidate.refresh_from_db()
    assert candidate.experience_level == "" and candidate.target_role == ""


def test_the_profiles_experience_level_leads_the_resumes(candidate, track):
    _resume(candidate, level="senior")
    candidate.experience_level = "mid"
    candidate.save(update_fields=["experience_level"])
    path = _path(candidate, track)
    assert path.starting_level == 2 and "profile" in path.starting_level_reason
    assert "resume" not in path.starting_level_reason


def test_without_a_profile_level_or_an_analysed_resume_the_level_is_1_and_says_why(candidate, track):
    from resumes.models import ResumeStatus

    _resume(candidate, level="staff").__class__.objects.update(status=ResumeStatus.ANALYSING, analysis={})
    path = _path(candidate, track)
    assert path.starting_level == 1 and "no experience level" in path.starting_level_reason
    chosen = _path(CandidateFactory(), track, starting_level=4)
    assert chosen.starting_level == 4 and chosen.starting_level_reason == "chosen by you"


def _finish(task, status):
    study.transition_task(task, TaskStatus.SUBMITTED)
    study.transition_task(task, status)


def _bank_like_track():
    """The seeded bank's shape: the first module mostly easy (1, 1, 1, 1, 2, 3), the next a little harder."""
    return make_track(modules=2, problems=[(0, d, [f"a{i}"]) for i, d in enumerate((1, 1, 1, 1, 2, 3))]
                      + [(1, d, [f"h{i}"]) for i, d in enumerate((1, 1, 2, 2, 3, 3))])


def _do_placement(user, outcomes: dict[int, str]) -> StudyTask:
    for _ in range(3):
        task = study.get_next_task(user=user)
        assert task.kind == TaskKind.PLACEMENT
        _finish(StudyTask.objects.get(id=task.id), outcomes[task.problem.difficulty])
    return study.get_next_task(user=user)


def test_passing_the_placement_set_places_the_path_at_the_hardest_level_passed(candidate):
    """Passing all three placement problems (difficulty 1, 2, 3) left the path at level 1 and the next task was
    difficulty 1: placement results were read like any task, and the first module's easy problems came first."""
    path = _path(candidate, _bank_like_track(), placement=True)
    assert sorted(t.problem.difficulty for t in path.tasks.select_related("problem")) == [1, 2, 3]
    following = _do_placement(candidate, {1: TaskStatus.PASSED, 2: TaskStatus.PASSED, 3: TaskStatus.PASSED})
    path.refresh_from_db()
    assert path.placed_level == 3
    assert following.kind == TaskKind.PRACTICE and following.problem.difficulty >= 3


def test_a_placement_failed_at_the_top_places_the_path_at_the_level_below(candidate):
    path = _path(candidate, _bank_like_track(), placement=True)
    following = _do_placement(candidate, {1: TaskStatus.PASSED, 2: TaskStatus.PASSED, 3: TaskStatus.FAILED})
    path.refresh_from_db()
    assert path.placed_level == 2 and following.problem.difficulty >= 2


def test_a_placement_with_nothing_passed_places_the_path_at_level_1(candidate):
    path = _path(candidate, _bank_like_track(), placement=True)
    following = _do_placement(candidate, {1: TaskStatus.FAILED, 2: TaskStatus.FAILED, 3: TaskStatus.FAILED})
    path.refresh_from_db()
    assert path.placed_level == 1 and following.problem.difficulty == 1


def test_a_problem_just_failed_waits_while_others_of_its_level_are_left(candidate):
    track = make_track(modules=1, problems=[(0, 1, [t]) for t in ("arrays", "strings", "hash map", "graphs")])
    path = _path(candidate, track, hours_per_week=1, starting_level=1)
    first = path.tasks.get()
    StudyTask.objects.filter(id=first.id).update(status=TaskStatus.FAILED)
    later = [t.problem_id for t in study.generate_tasks(path=path, count=3)]
    assert len(later) == 3 and first.problem_id not in later
    # once nothing else is left it comes back rather than the path running dry
    StudyTask.objects.filter(path=path).exclude(id=first.id).update(status=TaskStatus.SKIPPED)
    assert [t.problem_id for t in study.generate_tasks(path=path, count=4)]


def test_get_next_task_prefers_in_progress_and_generates_when_none_is_open(candidate, track):
    path = _path(candidate, track)
    first = study.get_next_task(user=candidate)
    assert first.path_id == path.id
    study.skip_task(user=candidate, task_id=first.id)
    nxt = study.get_next_task(user=candidate)
    assert nxt.id != first.id and nxt.status == TaskStatus.PENDING


def test_transition_is_a_conditional_update_so_a_stale_copy_loses(candidate, track):
    path = _path(candidate, track)
    task = path.tasks.first()
    stale = StudyTask.objects.get(id=task.id)
    study.transition_task(task, TaskStatus.SKIPPED, reason="first")
    with pytest.raises(InvalidTaskTransition):
        study.transition_task(stale, TaskStatus.IN_PROGRESS, reason="second")
    assert StudyTask.objects.get(id=task.id).status == TaskStatus.SKIPPED
    with pytest.raises(InvalidTaskTransition):
        study.transition_task(task, TaskStatus.PASSED)  # not in the table
    changes = TaskEvent.objects.filter(task=task, kind=EventKind.STATUS_CHANGED)
    assert [(e.data["from"], e.data["to"]) for e in changes] == [("pending", "skipped")]


def test_events_are_append_only(candidate, track):
    task = _path(candidate, track).tasks.first()
    event = TaskEvent.objects.filter(task=task).first()
    event.data = {"forged": True}
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        TaskEvent.objects.filter(task=task).update(data={})
    with pytest.raises(AppendOnlyError):
        TaskEvent.objects.filter(task=task).delete()
    assert TaskEvent.objects.get(id=event.id).data == {"kind": "practice", "due_date": str(task.due_date)}


def test_events_come_back_in_order(candidate, track):
    task = _path(candidate, track).tasks.first()
    study.start_task(user=candidate, task_id=task.id)
    study.skip_task(user=candidate, task_id=task.id)
    kinds = list(TaskEvent.objects.filter(task=task).values_list("kind", flat=True))
    assert kinds == ["created", "status_changed", "started", "status_changed"]


def test_someone_elses_task_is_not_found(candidate, track):
    task = _path(candidate, track).tasks.first()
    with pytest.raises(TaskNotFound):
        study.submit_task(user=CandidateFactory(), task_id=task.id, language="python", code=ADD_PY)


WRONG_PY = "def add(a, b):\n    return a - b\n"


def test_wrong_then_right_submission_stores_evaluations_mastery_and_a_review(
        candidate, track, bubblewrap, django_capture_on_commit_callbacks):
    task = _path(candidate, track).tasks.select_related("problem").first()
    with django_capture_on_commit_callbacks(execute=True):
        wrong = study.submit_task(user=candidate, task_id=task.id, language="python", code=WRONG_PY)
    wrong.refresh_from_db()
    assert (wrong.status, wrong.verdict, wrong.attempt) == ("done", "wrong_answer", 1)
    assert 0.0 <= wrong.score < 1.0 and wrong.total == 9
    hidden = [t for t in wrong.tests if not t["public"]]
    assert hidden and all(set(t) <= {"name", "verdict", "runtime_ms", "peak_memory_kb", "public"} for t in hidden)
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS and task.attempts == 1
    with django_capture_on_commit_callbacks(execute=True):
        right = study.submit_task(user=candidate, task_id=task.id, language="python", code=ADD_PY)
    right.refresh_from_db()
    assert (right.verdict, right.score, right.passed, right.total) == ("accepted", 1.0, 9, 9)
    assert right.runtime_ms is not None and right.peak_memory_kb
    task.refresh_from_db()
    assert task.status == TaskStatus.PASSED and task.score == 1.0
    mastery = TopicMastery.objects.get(user=candidate, topic=task.problem.topics[0])
    assert mastery.attempts == 2 and mastery.failures == 1 and 0 < mastery.mastery < 1
    card = ReviewCard.objects.get(user=candidate, problem=task.problem)
    assert card.last_rating == Rating.Hard and card.due > timezone.now()  # passed after a wrong attempt
    kinds = list(TaskEvent.objects.filter(task=task).values_list("kind", flat=True))
    assert kinds.count("submitted") == 2 and kinds.count("evaluated") == 2
    with pytest.raises(TaskFinished):
        study.submit_task(user=candidate, task_id=task.id, language="python", code=ADD_PY)


def test_a_second_submission_while_judging_is_refused(candidate, track):
    task = _path(candidate, track).tasks.first()
    study.submit_task(user=candidate, task_id=task.id, language="python", code=ADD_PY)  # on_commit never runs here
    with pytest.raises(TaskBeingJudged):
        study.submit_task(user=candidate, task_id=task.id, language="python", code=ADD_PY)


@pytest.mark.parametrize("passed,hints,attempts,minutes,expected", [
    (False, 0, 1, 5, Rating.Again),
    (False, 2, 3, 50, Rating.Again),
    (True, 1, 1, 5, Rating.Hard),
    (True, 0, 2, 5, Rating.Hard),
    (True, 0, 1, 20, Rating.Good),
    (True, 0, 1, 7, Rating.Easy),
    (True, 0, 1, None, Rating.Good),
])
def test_fsrs_rating_mapping(passed, hints, attempts, minutes, expected):
    duration = timedelta(minutes=minutes) if minutes is not None else None
    assert reviews.rating_for(passed=passed, hints_used=hints, attempts=attempts, duration=duration,
                              difficulty=2) == expected


def test_fsrs_intervals_grow_with_the_rating():
    now = timezone.now()
    dues = [reviews.review(None, rating, now)[1] - now for rating in (Rating.Again, Rating.Good, Rating.Easy)]
    assert dues[0] <= dues[1] < dues[2]
    card, due = reviews.review(None, Rating.Good, now)
    _, later = reviews.review(card, Rating.Good, due)
    assert later - due > due - now  # a second good review waits longer


def test_expiry_moves_only_overdue_open_tasks(candidate, track, settings):
    settings.STUDY_TASK_GRACE_DAYS = 2
    path = _path(candidate, track, hours_per_week=10, starting_level=2)
    old, recent, done = list(path.tasks.order_by("id"))[:3]
    StudyTask.objects.filter(id=old.id).update(due_date=study.today(candidate) - timedelta(days=3))
    StudyTask.objects.filter(id=done.id).update(due_date=study.today(candidate) - timedelta(days=9))
    study.skip_task(user=candidate, task_id=done.id)
    assert study.expire_overdue_tasks() == 1
    assert StudyTask.objects.get(id=old.id).status == TaskStatus.EXPIRED
    assert StudyTask.objects.get(id=recent.id).status == TaskStatus.PENDING
    assert StudyTask.objects.get(id=done.id).status == TaskStatus.SKIPPED
    assert study.expire_overdue_tasks() == 0  # repeating it changes nothing


def test_expiry_beat_task_runs_the_service(candidate, track):
    from studypaths.tasks import expire_overdue_tasks

    task = _path(candidate, track).tasks.first()
    StudyTask.objects.filter(id=task.id).update(due_date=study.today(candidate) - timedelta(days=30))
    assert expire_overdue_tasks.delay().get() == 1


def test_due_reviews_become_review_tasks_once(candidate, track):
    path = _path(candidate, track)
    problem = path.tasks.first().problem
    other = StudyTask.objects.exclude(path=path).first()
    assert other is None
    solved = track.modules.last().problems.first()
    ReviewCard.objects.create(user=candidate, problem=solved, due=timezone.now() - timedelta(hours=1))
    ReviewCard.objects.create(user=candidate, problem=problem, due=timezone.now() - timedelta(hours=1))  # open
    ReviewCard.objects.create(user=CandidateFactory(), problem=solved, due=timezone.now())  # no active path
    assert study.schedule_due_reviews() == 1
    assert study.schedule_due_reviews() == 0
    review = StudyTask.objects.get(path=path, kind=TaskKind.REVIEW)
    assert review.problem_id == solved.id
    assert study.get_next_task(user=candidate).id == review.id  # reviews first


def test_events_are_read_only_in_admin(candidate, track, rf):
    from django.contrib import admin as django_admin

    from accounts.tests.factories import AdminFactory

    task = _path(candidate, track).tasks.first()
    request = rf.get("/")
    request.user = AdminFactory()
    model_admin = django_admin.site._registry[TaskEvent]
    event = TaskEvent.objects.filter(task=task).first()
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)


# UTC+14 and UTC-11, no daylight saving. At MOMENT (10:30 UTC on 10 March) the first is already on the 11th and the
# second still on the 9th, so a day taken from UTC, or from whatever zone a request activated, shows.
FAR_AHEAD, FAR_BEHIND = "Pacific/Kiritimati", "Pacific/Pago_Pago"
MOMENT = datetime(2026, 3, 10, 10, 30, tzinfo=UTC)
AHEAD_TODAY, UTC_TODAY, BEHIND_TODAY = date(2026, 3, 11), date(2026, 3, 10), date(2026, 3, 9)


def _in_zone(name, read):
    from zoneinfo import ZoneInfo

    with timezone.override(ZoneInfo(name)):  # what the time-zone middleware does for a signed-in user
        return read()


@pytest.fixture
def frozen(monkeypatch):
    """timezone.now() is MOMENT, for services that take no `now` (generation, path settings)."""
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)
    return MOMENT


def test_the_study_day_is_the_candidates_own_whatever_zone_is_active():
    """Was the server's (UTC) day for everyone, on purpose; now each candidate's profile zone decides, and an
    unknown or empty zone falls back to the server's."""
    ahead, behind = CandidateFactory(timezone=FAR_AHEAD), CandidateFactory(timezone=FAR_BEHIND)
    assert _in_zone(FAR_BEHIND, lambda: study.today(ahead, now=MOMENT)) == AHEAD_TODAY
    assert _in_zone(FAR_AHEAD, lambda: study.today(behind, now=MOMENT)) == BEHIND_TODAY
    for server_day in (CandidateFactory(timezone="UTC"), CandidateFactory(timezone="Mars/Olympus_Mons"),
                       CandidateFactory(timezone="")):
        assert _in_zone(FAR_AHEAD, lambda user=server_day: study.today(user, now=MOMENT)) == UTC_TODAY


def test_a_batch_is_due_on_the_candidates_today(track, frozen):
    ahead, behind = CandidateFactory(timezone=FAR_AHEAD), CandidateFactory(timezone=FAR_BEHIND)
    assert {t.due_date for t in _path(ahead, track).tasks.all()} == {AHEAD_TODAY}
    assert {t.due_date for t in _path(behind, track).tasks.all()} == {BEHIND_TODAY}
    event = TaskEvent.objects.filter(task__path__user=behind, kind=EventKind.CREATED).first()
    assert event.data["due_date"] == BEHIND_TODAY.isoformat()


def test_a_target_date_is_past_by_the_candidates_today(track, frozen):
    with pytest.raises(InvalidPathConfig) as info:  # UTC's today, but yesterday in Kiritimati
        _path(CandidateFactory(timezone=FAR_AHEAD), track, target_date=UTC_TODAY)
    assert set(info.value.fields) == {"target_date"}
    assert _path(CandidateFactory(timezone=FAR_BEHIND), track, target_date=BEHIND_TODAY).target_date == BEHIND_TODAY


def _open_task_due(zone: str, track, due: date) -> StudyTask:
    task = _path(CandidateFactory(timezone=zone), track).tasks.first()
    StudyTask.objects.filter(id=task.id).update(due_date=due)
    return task


def test_expiry_counts_the_grace_days_from_each_candidates_today(track, settings):
    settings.STUDY_TASK_GRACE_DAYS = 2
    tasks = {"ahead": _open_task_due(FAR_AHEAD, track, date(2026, 3, 8)),  # cutoff 9 March: expires
             "behind": _open_task_due(FAR_BEHIND, track, date(2026, 3, 7)),  # cutoff 7 March: stays (UTC's: 8)
             "utc": _open_task_due("UTC", track, date(2026, 3, 7)),  # cutoff 8 March: expires
             "utc_recent": _open_task_due("UTC", track, date(2026, 3, 8)),
             "unknown": _open_task_due("Mars/Olympus_Mons", track, date(2026, 3, 7))}  # the server's day: expires
    assert study.expire_overdue_tasks(now=MOMENT) == 3
    expired = {name for name, task in tasks.items()
               if StudyTask.objects.get(id=task.id).status == TaskStatus.EXPIRED}
    assert expired == {"ahead", "utc", "unknown"}


def test_expiry_reads_a_fixed_number_of_queries_whatever_the_number_of_candidates(track, django_assert_max_num_queries):
    for zone in (FAR_AHEAD, FAR_BEHIND, "UTC", "Europe/Paris", "Asia/Kolkata", "America/Los_Angeles"):
        _open_task_due(zone, track, date(2026, 3, 9))  # nobody is overdue yet: nothing but the reads
    with django_assert_max_num_queries(2):  # the zone names of candidates with open tasks, then the overdue ids
        assert study.expire_overdue_tasks(now=MOMENT) == 0


def test_a_due_review_is_due_on_the_candidates_today(track):
    dues = {}
    for zone in (FAR_AHEAD, FAR_BEHIND):
        user = CandidateFactory(timezone=zone)
        path = _path(user, track)
        solved = track.modules.last().problems.exclude(id__in=path.tasks.values("problem_id")).first()
        ReviewCard.objects.create(user=user, problem=solved, due=MOMENT - timedelta(hours=1))
        dues[zone] = path
    assert _in_zone(FAR_AHEAD, lambda: study.schedule_due_reviews(now=MOMENT)) == 2  # a worker has no zone; any
    assert StudyTask.objects.get(path=dues[FAR_AHEAD], kind=TaskKind.REVIEW).due_date == AHEAD_TODAY
    assert StudyTask.objects.get(path=dues[FAR_BEHIND], kind=TaskKind.REVIEW).due_date == BEHIND_TODAY


def test_a_review_due_later_in_the_candidates_day_is_a_task_now_and_one_due_tomorrow_is_not(track):
    """The pages say "1 problem to review today" of a card due at 16:00 (reviews_due_today): the task must be there
    from the morning, not appear at 16:00; a card due after the candidate's midnight waits."""
    user = CandidateFactory(timezone=FAR_BEHIND)  # 23:30 on 9 March at MOMENT: its day ends in 30 minutes
    path = _path(user, track)
    later_today, tomorrow = track.modules.last().problems.exclude(
        id__in=path.tasks.values("problem_id")).order_by("id")[:2]
    ReviewCard.objects.create(user=user, problem=later_today, due=MOMENT + timedelta(minutes=20))
    ReviewCard.objects.create(user=user, problem=tomorrow, due=MOMENT + timedelta(minutes=40))
    assert selectors.reviews_due_today(user, now=MOMENT) == 1
    assert study.schedule_due_reviews(now=MOMENT) == 1
    assert list(StudyTask.objects.filter(path=path, kind=TaskKind.REVIEW).values_list("problem_id", "due_date")) == [
        (later_today.id, BEHIND_TODAY)]


def _passed_at(path, *moments) -> None:
    for task, moment in zip(path.tasks.order_by("id"), moments, strict=False):
        StudyTask.objects.filter(id=task.id).update(status=TaskStatus.PASSED, finished_at=moment)


def test_progress_days_streak_and_reviews_due_follow_the_candidates_day_whoever_asks(track):
    """Days were the server's on purpose (and "reviews due today" ended at UTC's 23:59:59); now they are the
    candidate's, whatever zone the request activated (a mentor's elsewhere)."""
    from studypaths import progress

    user = CandidateFactory(timezone=FAR_AHEAD)
    path = _path(user, track, hours_per_week=10)
    # 9 March 23:00 and 11 March 00:15 in Kiritimati (9 and 10 March in UTC): no streak across the missing 10th.
    _passed_at(path, datetime(2026, 3, 9, 9, 0, tzinfo=UTC), datetime(2026, 3, 10, 10, 15, tzinfo=UTC))
    problems = list(track.modules.last().problems.all())
    ReviewCard.objects.create(user=user, problem=problems[0], due=datetime(2026, 3, 11, 9, 0, tzinfo=UTC))  # 23:00
    ReviewCard.objects.create(user=user, problem=problems[1], due=datetime(2026, 3, 11, 11, 0, tzinfo=UTC))  # 12th
    path = StudyPath.objects.select_related("track", "user").get(id=path.id)
    for zone in (FAR_AHEAD, FAR_BEHIND, "UTC"):
        seen = _in_zone(zone, lambda: progress.path_progress(path, now=MOMENT))
        assert [day["date"] for day in seen["difficulty_over_time"]] == ["2026-03-09", "2026-03-11"]
        assert seen["streak"] == 1
        assert seen["reviews_due_today"] == 1


def test_a_solving_streak_longer_than_the_charts_90_days_is_counted_whole(track):
    """The streak was counted from the difficulty chart's 90 days, so 120 days in a row read as 91."""
    from studypaths import progress

    user = CandidateFactory(timezone="UTC")
    path = _path(user, track)
    problem = track.modules.first().problems.first()
    StudyTask.objects.bulk_create(
        StudyTask(path=path, problem=problem, status=TaskStatus.PASSED, due_date=(MOMENT - timedelta(days=n)).date(),
                  finished_at=MOMENT - timedelta(days=n)) for n in range(120))
    path = StudyPath.objects.select_related("track", "user").get(id=path.id)
    seen = progress.path_progress(path, now=MOMENT)
    assert seen["streak"] == 120
    assert len(seen["difficulty_over_time"]) == progress.HISTORY_DAYS + 1  # the chart keeps its window


def test_reviews_due_today_end_at_the_far_behind_candidates_midnight(track):
    from studypaths import progress

    user = CandidateFactory(timezone=FAR_BEHIND)  # 23:30 on 9 March at MOMENT
    path = _path(user, track)
    problems = list(track.modules.last().problems.all())
    ReviewCard.objects.create(user=user, problem=problems[0], due=datetime(2026, 3, 10, 10, 45, tzinfo=UTC))  # 23:45
    ReviewCard.objects.create(user=user, problem=problems[1], due=datetime(2026, 3, 10, 11, 30, tzinfo=UTC))  # 10th
    assert progress.path_progress(path, now=MOMENT)["reviews_due_today"] == 1


def test_a_changed_profile_zone_drops_the_cached_active_path(candidate, track, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _path(candidate, track)
    assert selectors.active_path_for(candidate).user.timezone == "UTC"
    candidate.timezone = FAR_AHEAD
    with django_capture_on_commit_callbacks(execute=True):
        candidate.save(update_fields=["timezone"])
    assert selectors.active_path_for(candidate).user.timezone == FAR_AHEAD


# --- a review skipped or let expire waits for the candidate's next day ---------------------------------------------

BEHIND_MIDNIGHT = datetime(2026, 3, 10, 11, 0, tzinfo=UTC)  # 10 March 00:00 in Pago Pago, 30 minutes after MOMENT


def _review_task(track, *, zone=FAR_BEHIND):
    user = CandidateFactory(timezone=zone)
    path = _path(user, track)
    problem = track.modules.last().problems.exclude(id__in=path.tasks.values("problem_id")).first()
    card = ReviewCard.objects.create(user=user, problem=problem, due=MOMENT - timedelta(hours=1))
    assert study.schedule_due_reviews(now=MOMENT) == 1
    return user, StudyTask.objects.get(path=path, kind=TaskKind.REVIEW), card


def test_a_skipped_review_waits_for_the_candidates_next_day(track, frozen):
    """Skipping left the card due: 15 minutes later the beat made it a review task again, ranked before practice, for
    ever, and "1 problem to review today" stayed."""
    user, review, card = _review_task(track)
    assert selectors.reviews_due_today(user, now=MOMENT) == 1
    study.skip_task(user=user, task_id=review.id)
    card.refresh_from_db()
    assert card.due == BEHIND_MIDNIGHT  # the candidate's next midnight, not UTC's
    assert selectors.reviews_due_today(user, now=MOMENT) == 0
    assert study.schedule_due_reviews(now=MOMENT + timedelta(minutes=15)) == 0
    assert study.get_next_task(user=user).kind != TaskKind.REVIEW
    tomorrow = BEHIND_MIDNIGHT + timedelta(minutes=10)
    assert selectors.reviews_due_today(user, now=tomorrow) == 1
    assert study.schedule_due_reviews(now=tomorrow) == 1
    assert StudyTask.objects.get(path__user=user, kind=TaskKind.REVIEW, status=TaskStatus.PENDING).due_date == \
        date(2026, 3, 10)
    event = TaskEvent.objects.filter(task=review, kind=EventKind.STATUS_CHANGED).last()
    assert event.data["reason"] == "review postponed to the next day"


def test_an_expired_review_waits_for_the_candidates_next_day(track, settings):
    settings.STUDY_TASK_GRACE_DAYS = 2
    user, review, card = _review_task(track)
    StudyTask.objects.filter(id=review.id).update(due_date=BEHIND_TODAY - timedelta(days=3))
    assert study.expire_overdue_tasks(now=MOMENT) == 1
    card.refresh_from_db()
    assert card.due == BEHIND_MIDNIGHT
    assert selectors.reviews_due_today(user, now=MOMENT) == 0
    assert study.schedule_due_reviews(now=MOMENT) == 0


def test_skipping_a_practice_task_leaves_the_review_cards_alone(candidate, track):
    task = _path(candidate, track).tasks.first()
    due = timezone.now() - timedelta(hours=1)
    card = ReviewCard.objects.create(user=candidate, problem=task.problem, due=due)
    study.skip_task(user=candidate, task_id=task.id)
    card.refresh_from_db()
    assert card.due == due


def test_a_problem_solved_on_the_practice_page_is_solved_in_the_paths_modules_as_on_the_dashboard(track):
    """"Problems solved per module" counted only the path's passed tasks: two-sum accepted on the practice page was
    solved on the dashboard (achievements, next step) and unsolved on the path. One definition now, for both."""
    from analytics.selectors import achievement_facts
    from studypaths import progress
    from studypaths.models import RunKind, RunStatus

    user = CandidateFactory(timezone="UTC")
    path = StudyPath.objects.select_related("track", "user").get(id=_path(user, track).id)
    first, second = track.modules.order_by("track_modules__position")[0].problems.order_by("position")
    assert [m["completed"] for m in progress.path_progress(path)["modules"]] == [0, 0]
    # accepted on the practice page (no task of the path), and an example run that passed, which solves nothing
    CodeRunFactory(user=user, problem=first, kind=RunKind.SUBMISSION, status=RunStatus.DONE, verdict="accepted")
    CodeRunFactory(user=user, problem=second, kind=RunKind.EXAMPLES, status=RunStatus.DONE, verdict="accepted")
    modules = progress.path_progress(path)["modules"]
    assert [(m["completed"], m["total"]) for m in modules] == [(1, 2), (0, 2)]
    assert selectors.problems_solved_by(user) == {first.id}
    CodeRunFactory(user=user, problem=second, kind=RunKind.SUBMISSION, status=RunStatus.DONE, verdict="accepted")
    assert progress.path_progress(path)["modules"][0]["completed"] == 2
    assert achievement_facts(user).modules_completed == 1  # the dashboard's count of the same module
