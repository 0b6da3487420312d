"""Reads of the problem bank shared by pages, APIs and tasks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db import NotSupportedError
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    Func,
    JSONField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from accounts.time_zone import end_of_local_day
from interviewmaster.forgettable import forget, read_through
from interviewmaster.selectors import one_or_raise
from studypaths import generation, sandbox
from studypaths.errors import ProblemNotFound
from studypaths.models import (
    CodeRun,
    EventKind,
    Module,
    PathStatus,
    Problem,
    ProblemTest,
    ReviewCard,
    RunKind,
    RunStatus,
    StudyPath,
    StudyTask,
    TaskEvent,
    TaskKind,
    TaskStatus,
    Track,
    TrackModule,
)


def published_problems(*, module: str | None = None) -> QuerySet[Problem]:
    qs = Problem.objects.filter(is_published=True).select_related("module")
    if module:
        qs = qs.filter(module__slug=module)
    return qs


def runs_for(user) -> QuerySet[CodeRun]:
    """The runs a user may see: their own only."""
    return CodeRun.objects.filter(user=user).select_related("problem")


def _public_examples() -> Prefetch:
    return Prefetch("tests", queryset=ProblemTest.objects.filter(is_public=True), to_attr="examples")


def problem_for(*, key: str | int) -> Problem:
    """A published problem by id (an int, or a str of digits) or by slug; its public examples prefetched (`.examples`).
    Raises `ProblemNotFound`."""
    key = str(key)
    lookup = {"id": int(key)} if key.isdigit() else {"slug": key}
    return one_or_raise(published_problems().prefetch_related(_public_examples()), ProblemNotFound, **lookup)


def linked_problem(*, slug: str, examples: bool = False) -> Problem | None:
    """The judge problem an interview question links (`Question.problem`, the turn's snapshot) by slug, published or
    not; None when there is none. Unpublishing takes a problem out of the practice catalogue, not out of an interview
    that asked it: its tests still judge the answers (interviews.services.judge_answer), so the room shows it and the
    languages they run bind the code (services.judged_languages), all from this one read. `examples`: its public
    examples prefetched (`.examples`), as the room shows them."""
    if not slug:
        return None
    problems = Problem.objects.filter(slug=slug)
    return (problems.prefetch_related(_public_examples()) if examples else problems).first()


def tracks_with_modules() -> QuerySet[Track]:
    """Tracks with their modules in track order (`track.ordered_track_modules`, each with `.module`)."""
    ordered = Prefetch("track_modules", queryset=TrackModule.objects.select_related("module").order_by("position"),
                       to_attr="ordered_track_modules")
    return Track.objects.prefetch_related(ordered)


def modules_with_problems(*, module: str | None = None, difficulty: int | None = None) -> list[Module]:
    """Modules (in order) with their published problems as `module.listed_problems`, filtered by module slug and
    difficulty; modules left without a problem after filtering are dropped."""
    problems = (Problem.objects.filter(is_published=True).order_by("position", "slug")
                .only("id", "module_id", "slug", "title", "difficulty", "topics", "position"))
    if difficulty:
        problems = problems.filter(difficulty=difficulty)
    modules = Module.objects.prefetch_related(Prefetch("problems", queryset=problems, to_attr="listed_problems"))
    if module:
        modules = modules.filter(slug=module)
    return [m for m in modules if m.listed_problems]


# Best first: a problem's "best verdict" is the lowest rank among the user's finished runs.
VERDICT_RANK = {verdict: rank for rank, verdict in enumerate(
    (sandbox.ACCEPTED, sandbox.WRONG_ANSWER, sandbox.TIME_LIMIT, sandbox.MEMORY_LIMIT, sandbox.OUTPUT_LIMIT,
     sandbox.RUNTIME_ERROR, sandbox.COMPILE_ERROR, sandbox.SANDBOX_ERROR))}


@dataclass(frozen=True)
class BestVerdict:
    verdict: str
    kind: str  # RunKind: a verdict on every test (submission) outranks one on the examples only

    @property
    def solved(self) -> bool:
        return self.kind == RunKind.SUBMISSION and self.verdict == sandbox.ACCEPTED


def best_verdicts_for(user) -> dict[int, BestVerdict]:
    """problem id -> the user's best verdict on it (submissions first, then example runs). One query."""
    rows = (CodeRun.objects.filter(user=user, status__in=[RunStatus.DONE, RunStatus.FAILED])
            .exclude(verdict="").order_by().values_list("problem_id", "kind", "verdict").distinct())
    best: dict[int, BestVerdict] = {}
    worst = len(VERDICT_RANK)

    def score(item: BestVerdict) -> tuple[int, int]:
        return (0 if item.kind == RunKind.SUBMISSION else 1, VERDICT_RANK.get(item.verdict, worst))

    for problem_id, kind, verdict in rows:
        candidate = BestVerdict(verdict=verdict, kind=kind)
        if problem_id not in best or score(candidate) < score(best[problem_id]):
            best[problem_id] = candidate
    return best


def problems_solved_by(user) -> set[int]:
    """The one definition of a solved problem: one the user has passed every test of, anywhere (practice pages, a
    path, an interview's code run), or a study task of which passed (a task passes on such a run). A problem solved
    once is solved in every module and path that holds it: the dashboard, the path page's "Problems solved per
    module", achievements and the study loop all read this. One query."""
    accepted = CodeRun.objects.filter(user=user, kind=RunKind.SUBMISSION, status=RunStatus.DONE,
                                      verdict=sandbox.ACCEPTED).order_by().values_list("problem_id", flat=True)
    passed = StudyTask.objects.filter(path__user=user, status=TaskStatus.PASSED).order_by().values_list(
        "problem_id", flat=True)
    return set(accepted.union(passed))


def module_accuracy(user, *, module_ids=None) -> list[dict]:
    """The one definition of accuracy by module: the share of the user's judged submissions (anywhere: the practice
    pages, a path's tasks) of the module's problems that passed every test, per module in the bank's order, as
    {"module_id", "slug", "title", "attempts", "passed", "accuracy"} (accuracy None without attempts). The dashboard's
    "Accuracy by module" and the path progress's per-module accuracy both read it: the progress said "completed 1,
    accuracy null" of a module the dashboard showed at 100% (1/1), its accuracy counting only the path's own finished
    tasks while "completed" counted problems solved anywhere. One query."""
    from django.db.models import Count, Q

    runs = CodeRun.objects.filter(user=user, kind=RunKind.SUBMISSION, status=RunStatus.DONE)
    if module_ids is not None:
        runs = runs.filter(problem__module_id__in=list(module_ids))
    rows = (runs.values("problem__module_id", "problem__module__slug", "problem__module__title")
            .annotate(attempts=Count("*"), passed=Count("id", filter=Q(verdict=sandbox.ACCEPTED)))
            .order_by("problem__module__position", "problem__module__slug"))
    return [{"module_id": row["problem__module_id"], "slug": row["problem__module__slug"],
             "title": row["problem__module__title"], "attempts": row["attempts"], "passed": row["passed"],
             "accuracy": round(row["passed"] / row["attempts"], 3) if row["attempts"] else None} for row in rows]


class StoppedExample(Func):
    """Whether a run's result holds a public test stopped at the time limit: its `runtime_ms` (the examples' CPU
    time) is then a lower bound (`practice.time_is_lower_bound` says the same of a result in hand)."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError("StoppedExample reads JSON on SQLite and PostgreSQL only")

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template=(
            "EXISTS (SELECT 1 FROM json_each(%(expressions)s, '$.tests') AS test "
            "WHERE json_extract(test.value, '$.verdict') = 'time_limit' AND json_extract(test.value, '$.public'))"),
            **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template=(
            "jsonb_path_exists(%(expressions)s, '$.tests[*] ? (@.verdict == \"time_limit\" && @.public == true)')"),
            **extra)


class WallClockStop(Func):
    """The first public test of a run's result stopped at the wall clock (sandbox.TestResult.stopped_by "wall" or
    "budget"), as {"verdict", "stopped_by", "limit_seconds"} (what `practice.time_limit_message` reads), or None.
    The run's `runtime_ms` then reports a CPU limit it did not reach (`practice.wall_clock_stop` for a result in
    hand). Only those three fields leave the database, not the test's output."""

    output_field = JSONField()

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError("WallClockStop reads JSON on SQLite and PostgreSQL only")

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template=(
            "(SELECT json_object('verdict', json_extract(test.value, '$.verdict'), "
            "'stopped_by', json_extract(test.value, '$.stopped_by'), "
            "'limit_seconds', json_extract(test.value, '$.limit_seconds')) "
            "FROM json_each(%(expressions)s, '$.tests') AS test "
            "WHERE json_extract(test.value, '$.stopped_by') IN ('wall', 'budget') "
            "AND json_extract(test.value, '$.public') ORDER BY test.key LIMIT 1)"),
            **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template=(
            "(SELECT jsonb_build_object('verdict', test -> 'verdict', 'stopped_by', test -> 'stopped_by', "
            "'limit_seconds', test -> 'limit_seconds') "
            "FROM jsonb_path_query_first(%(expressions)s, "
            "'$.tests[*] ? (@.public == true && (@.stopped_by == \"wall\" || @.stopped_by == \"budget\"))') AS test "
            "WHERE test IS NOT NULL)"),
            **extra)


def runs_for_problem(user, *, problem: Problem, limit: int = 10, task: StudyTask | None = None) -> list[CodeRun]:
    """The user's latest runs of one problem, newest first. Code and result stay in the database: the list shows a
    summary (`runtime_ms`, `passed`, `total` and `skipped` (tests not run) read out of the result, `time_stopped`:
    an example stopped at the time limit makes `runtime_ms` a lower bound, and `wall_stop`: the first example
    stopped at the wall clock, whose limit the list names instead of a CPU figure). A run submitted as a study task's
    attempt carries its task, attempt and evaluation status (`task_of`, `attempt`, `evaluation_status`; None for any
    other run): a task's page says which of the runs count as its attempts. With `task` (its page), the task's
    attempts are listed too, however many runs came after them: ten example runs pushed the accepted submission out of
    the list while the header said "Attempt 1 of 3 · Score 100%"."""
    runs = CodeRun.objects.filter(user=user, problem=problem)
    if task is not None:
        latest = runs.order_by("-created_at", "-id").values_list("id", flat=True)[:limit]
        runs = runs.filter(Q(id__in=list(latest)) | Q(task_evaluation__task_id=task.id))
        limit = None
    return list(runs.defer("code", "result")
                .annotate(runtime_ms=F("result__runtime_ms"), passed=F("result__passed"), total=F("result__total"),
                          skipped=F("result__skipped"), time_stopped=StoppedExample("result"),
                          wall_stop=WallClockStop("result"),
                          task_of=F("task_evaluation__task_id"), attempt=F("task_evaluation__attempt"),
                          evaluation_status=F("task_evaluation__status"))
                .order_by("-created_at", "-id")[:limit])


# --- the practice loop ---------------------------------------------------------------------------------------------

ACTIVE_PATH_CACHE_SECONDS = 300
ACTIVE_PATH_TOMBSTONE_SECONDS = 10
CANDIDATES_CACHE_SECONDS = 300


def _active_path_key(user_id: int) -> str:
    return f"studypaths:active-path:{user_id}"


def active_path_for(user) -> StudyPath | None:
    """The candidate's active path (track loaded), cached; services forget it after every change they commit."""
    return read_through(_active_path_key(user.id), lambda: _load_active_path(user), ACTIVE_PATH_CACHE_SECONDS,
                        encode=lambda path: path or False, decode=lambda found: found or None)


def _load_active_path(user) -> StudyPath | None:
    return (StudyPath.objects.select_related("track__company", "user").filter(user=user, status=PathStatus.ACTIVE)
            .first())


def forget_active_path(user_id: int) -> None:
    """Forget the cached active path now and after commit, with a short-lived marker: a request that read the old row
    just before the change committed cannot store it afterwards (`interviewmaster/forgettable.py`)."""
    forget(_active_path_key(user_id), ACTIVE_PATH_TOMBSTONE_SECONDS)


def paths_for(user) -> QuerySet[StudyPath]:
    return StudyPath.objects.filter(user=user).select_related("track", "user")  # progress counts the owner's days


# Why the system, not the candidate, skipped a task (`study.update_path_config`, `study.archive_path`).
OUT_OF_FOCUS = "its module is no longer in the path's focus"
PATH_ARCHIVED = "path archived"
WITHDRAWN_REASONS = (OUT_OF_FOCUS, PATH_ARCHIVED)


def withdrawn_task() -> Exists:
    """The one definition of a task withdrawn: skipped by the system (the path's focus left its module out, or the
    path was archived), not by the candidate. It was never a task to do, so "N of M tasks passed" and every ratio of
    a path's tasks leave it out (`progress.task_counts`): 40 focus changes made "1 of 45 tasks passed"."""
    return Exists(TaskEvent.objects.filter(task_id=OuterRef("pk"), kind=EventKind.STATUS_CHANGED,
                                           data__to=TaskStatus.SKIPPED, data__reason__in=WITHDRAWN_REASONS))


def placement_skipped(path: StudyPath) -> bool:
    """The path asked for a placement set and every task of it finished unjudged (skipped or let expire): nothing
    placed it, and it keeps its starting level (`study._place_when_done`)."""
    if not path.placement or path.placed_level is not None:
        return False
    statuses = set(StudyTask.objects.filter(path=path, kind=TaskKind.PLACEMENT).values_list("status", flat=True))
    return bool(statuses) and statuses <= {TaskStatus.SKIPPED, TaskStatus.EXPIRED}


def tasks_for(user) -> QuerySet[StudyTask]:
    """The tasks a candidate may see and act on: those of their own paths only."""
    return StudyTask.objects.filter(path__user=user)


def path_candidates(path: StudyPath) -> list[generation.Candidate]:
    """The path's published problems as generation sees them, modules in track order (focus modules only when set).
    Cached per track and focus for a few minutes: the bank changes rarely."""
    focus = tuple(path.focus_modules or ())
    key = f"studypaths:candidates:{path.track_id}:{'-'.join(focus)}"
    found = cache.get(key)
    if found is not None:
        return found
    order = list(TrackModule.objects.filter(track_id=path.track_id).order_by("position")
                 .values_list("module_id", "module__slug"))
    index = {module_id: i for i, (module_id, slug) in enumerate(order) if not focus or slug in focus}
    rows = (Problem.objects.filter(is_published=True, module_id__in=list(index))
            .values_list("id", "module_id", "difficulty", "topics", "position"))
    found = [generation.Candidate(id=pid, module_index=index[mid], difficulty=d, topics=tuple(topics or ()),
                                  position=pos) for pid, mid, d, topics, pos in rows]
    cache.set(key, found, CANDIDATES_CACHE_SECONDS)
    return found


def next_open_task(path: StudyPath) -> StudyTask | None:
    """In progress first, then reviews, then by due date: one indexed query."""
    first = Case(When(status=TaskStatus.IN_PROGRESS, then=Value(0)), When(kind=TaskKind.REVIEW, then=Value(1)),
                 default=Value(2))
    return (StudyTask.objects.filter(path=path, status__in=[TaskStatus.PENDING, TaskStatus.IN_PROGRESS,
                                                            TaskStatus.SUBMITTED])
            .select_related("problem__module").order_by(first, "due_date", "id").first())


def end_of_study_day(user, now: datetime) -> datetime:
    """The moment the candidate's study day ends (exclusive): the midnight after `now` in the candidate's own zone
    (`accounts.time_zone.day_zone` of the profile, as `study.today(user)` counts days)."""
    return end_of_local_day(user.timezone, now=now)


def reviews_due_today(user, *, now: datetime | None = None) -> int:
    """Problems the candidate should revisit today: review cards (spaced repetition) due by the end of the study
    day, the ones already overdue included. One definition for the Today page, the path page, the progress API, the
    mentor's view and the dashboard's next step. A due card becomes an open `review` task within 15 minutes
    (`study.schedule_due_reviews`), so this counts problems to review, not review tasks."""
    now = now or timezone.now()
    return ReviewCard.objects.filter(user=user, due__lt=end_of_study_day(user, now)).count()


def task_with_problem(task_id: int) -> StudyTask | None:
    """One task with its problem and module, as `next_open_task` returns it."""
    return StudyTask.objects.select_related("problem__module").filter(id=task_id).first()


WEAK_INTERVIEW_SCORE = 60  # an interview answer below this (0-100) marks its topics as weak
INTERVIEW_ANSWERS_CONSIDERED = 50


def interview_topic_weights(user) -> dict[str, float]:
    """Topic -> extra weight from the candidate's weak interview answers: the tags of each recent answer that scored
    below WEAK_INTERVIEW_SCORE, and the topics of the judge problem a coding question points at, weigh
    (60 - score) / 40 each (up to 1.5), averaged per topic. The zeros of an interview reported with nothing answered
    are no weak answers (`evaluations_that_count`). Two queries; `study.weights_for` adds these to mastery."""
    from interviews.models import Evaluation, InterviewSession, TurnKind
    from interviews.selectors import EVALUATION_WITHHELD_FROM_CANDIDATE, evaluations_that_count

    # A planned interview's evaluation is its expert's: its weak answers steering the study path would hand the
    # candidate the "practice" advice its report leaves out (interviews.reports.WITHHELD_FROM_PLANNED).
    withheld = InterviewSession.objects.filter(EVALUATION_WITHHELD_FROM_CANDIDATE, candidate=user).values("id")
    answers = evaluations_that_count(Evaluation.objects.filter(turn__session__candidate=user)
                                     .exclude(turn__session_id__in=withheld), candidate=user)
    rows = list(answers.exclude(turn__kind=TurnKind.WARM_UP).order_by("-evaluated_at")
                .values_list("overall", "turn__snapshot")[:INTERVIEW_ANSWERS_CONSIDERED])
    weak = [(overall, snapshot or {}) for overall, snapshot in rows if overall < WEAK_INTERVIEW_SCORE]
    if not weak:
        return {}
    slugs = {snapshot.get("problem") for _, snapshot in weak if snapshot.get("problem")}
    problem_topics = dict(Problem.objects.filter(slug__in=slugs).values_list("slug", "topics")) if slugs else {}
    totals: dict[str, list[float]] = {}
    for overall, snapshot in weak:
        weight = (WEAK_INTERVIEW_SCORE - overall) / 40
        topics = set(snapshot.get("tags") or []) | set(problem_topics.get(snapshot.get("problem"), []))
        for topic in topics:
            totals.setdefault(str(topic), []).append(weight)
    return {topic: round(sum(values) / len(values), 3) for topic, values in totals.items()}


# How many of a task's events (or comments) a task's page and its API detail show at once: the latest ones. Comments
# are kept for good, so a task's page and detail grew with every one (46 comments made a page 71,000 px tall and a
# detail of 162 KB); the older ones are a page away (`?before=` on the page and in the API's `.../events`).
EVENTS_SHOWN = 20

# The largest event id (a BigAutoField); a longer run of digits is not read as a number at all.
MAX_EVENT_ID = 2**63 - 1


def event_id_before(raw: str | None) -> int | None:
    """The event id of a `?before=` (the task page's and the events API's one parser): None when there is none,
    else ASCII digits for a whole number from 1 to the largest id. Anything else ("abc", "-1", "0", "²", "①" (which
    are str.isdigit() but not int()), twenty digits) raises ValueError: the API answers it with a 400, the page shows
    the latest events."""
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= len(str(MAX_EVENT_ID))
            and 1 <= int(raw) <= MAX_EVENT_ID):
        raise ValueError(f"Use an event id, a whole number from 1 to {MAX_EVENT_ID}.")
    return int(raw)


def task_events(*, task_id: int, kind: str | None = None, before: int | None = None) -> QuerySet[TaskEvent]:
    """A task's events (of `kind`, older than the event `before`) with their actors, oldest first: what the events
    API pages through with `?limit=&offset=` and what `events_total` counts."""
    events = TaskEvent.objects.filter(task_id=task_id).select_related("actor")
    if kind:
        events = events.filter(kind=kind)
    if before is not None:
        events = events.filter(id__lt=before)
    # By id, as `before` and the `older` links compare: ordered by time, an event stored with an earlier clock sat on
    # one page by time and on another by id (index taskevent_task_id).
    return events.order_by("id")


def newest_events_first(*, task_id: int, kind: str | None = None, before: int | None = None) -> QuerySet[TaskEvent]:
    """A task's events (of `kind`, older than the event `before`), newest first: the window of a `?before=` (the
    task page's and the events API's) is the head of this, shown the other way round. Ordered by id, the key
    `before` compares, not by `created_at`: a window is then exactly the events with the largest ids below `before`,
    and paging back with `before=<the oldest id shown>` visits every event once, even where two writers' clocks
    stored a later id with an earlier time."""
    return task_events(task_id=task_id, kind=kind, before=before).order_by("-id")


def latest_events(*, task_id: int, kind: str | None = None, before: int | None = None,
                  count: int = EVENTS_SHOWN) -> tuple[list[TaskEvent], bool]:
    """The latest `count` events of a task (of `kind`, older than the event `before`), oldest first, and whether there
    are older ones: the task page's comments and the task detail API's events (the events API's `?before=` is the
    same window)."""
    rows = list(newest_events_first(task_id=task_id, kind=kind, before=before)[:count + 1])
    return rows[:count][::-1], len(rows) > count


def events_total(*, task_id: int, kind: str | None = None) -> int:
    """How many events (of `kind`) a task has in all."""
    return task_events(task_id=task_id, kind=kind).count()
