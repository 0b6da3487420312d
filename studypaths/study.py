"""Services of the personal practice loop (DESIGN §2): study paths, task generation, the task state function,
submissions through the judge, evaluations, mastery, spaced repetition, hints, comments, expiry.

Every status change of a task goes through `transition_task` (a conditional UPDATE ... WHERE status = old, then a
`status_changed` event); events are append-only rows written by `record_event`. Every change of a candidate's loop
(tasks, paths, review cards) is announced with `signals.study_loop_changed` (`_loop_changed`), once per candidate and
service call in the beat tasks that change many."""

from __future__ import annotations

import logging
import operator
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import reduce

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.time_zone import end_of_local_day, local_day
from interviewmaster import recovery, state
from studypaths import generation, hints, reviews, sandbox, selectors, signals
from studypaths.errors import (
    ActivePathExists,
    HintsExhausted,
    InvalidPathConfig,
    InvalidTaskTransition,
    PathArchived,
    TaskBeingJudged,
    TaskFinished,
    TaskNotFound,
    TooManyComments,
)
from studypaths.models import (
    FINISHED_TASK_STATUSES,
    TASK_TRANSITIONS,
    CodeRun,
    EvaluationStatus,
    EventKind,
    GenerationState,
    HintStatus,
    PathStatus,
    Problem,
    ReviewCard,
    RunKind,
    RunStatus,
    StudyPath,
    StudyTask,
    TaskEvaluation,
    TaskEvent,
    TaskHint,
    TaskKind,
    TaskStatus,
    TopicMastery,
    Track,
)
from studypaths.services import request_run, validate_run_input

logger = logging.getLogger(__name__)

MAX_HINTS = 3
MASTERY_RATE = 0.3  # weight of the newest score in the moving average
HINT_PENALTY = 0.1  # per hint, taken off the score that feeds mastery
EXCERPT_CHARS = 600
LEVEL_BY_EXPERIENCE = {"entry": 1, "mid": 2, "senior": 3, "staff": 3}


def today(user, *, now: datetime | None = None) -> date:
    """The study loop's day for `user`: the date at `now` in the candidate's profile zone (the server's for an empty
    or unknown zone; `accounts.time_zone.local_day`). Read from the profile, never from the activated zone: a batch
    made in a request and one made by the worker get the same due date, a mentor sees the mentee's day, and "due
    today", expiry and the progress page's days and streak (`progress.py`) agree with analytics' streak."""
    return local_day(getattr(user, "timezone", ""), now=now)


# --- events and the state function ---------------------------------------------------------------------------------

def record_event(task: StudyTask | int, kind: str, /, *, actor=None, **data) -> TaskEvent:
    task_id = task if isinstance(task, int) else task.id
    return TaskEvent.objects.create(task_id=task_id, kind=kind, actor=actor, data=data)


def _transition_refused(old: str, to: str) -> InvalidTaskTransition:
    return InvalidTaskTransition(f"A {old} task cannot become {to}.")


def _transition_lost(old: str, to: str) -> InvalidTaskTransition:
    return InvalidTaskTransition("The task changed meanwhile; reload it.")


def _loop_changed(user_ids: Iterable[int]) -> None:
    """Tell the listeners (analytics' cached summary) that these candidates' study loops changed."""
    ids = frozenset(user_ids)
    if ids:
        signals.study_loop_changed.send(sender=StudyTask, user_ids=ids)


def transition_task(task: StudyTask, to: str, *, actor=None, reason: str = "", announce: bool = True,
                    **fields) -> StudyTask:
    """Move `task` to status `to` if the table allows it and nobody changed it meanwhile (conditional UPDATE,
    `interviewmaster.state.change_state`). Announces the change (`_loop_changed`) unless `announce=False`: a caller
    moving many tasks announces once for all of their candidates."""
    now = timezone.now()
    if to in (TaskStatus.PASSED, TaskStatus.FAILED, TaskStatus.EXPIRED, TaskStatus.SKIPPED):
        fields.setdefault("finished_at", now)
    if to in (TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED) and task.started_at is None:
        fields.setdefault("started_at", now)
    placing = task.kind == TaskKind.PLACEMENT and to in FINISHED_TASK_STATUSES
    if placing:  # the path's row before its generation state, as every other lock taker does (test_lock_order.py)
        StudyPath.objects.select_for_update(no_key=True).filter(id=task.path_id).values_list("id").first()
    old = state.change_state(task, to, machine=TASK_TRANSITIONS, field="status", refused=_transition_refused,
                             lost=_transition_lost, **fields)
    if to in (TaskStatus.PASSED, TaskStatus.FAILED):
        _record_outcome(task, passed=to == TaskStatus.PASSED)
    if placing:
        _place_when_done(task.path_id)
    record_event(task, EventKind.STATUS_CHANGED, actor=actor, **{"from": old, "to": to, "reason": reason})
    if announce:
        _loop_changed([task.path.user_id])
    return task


# --- paths ----------------------------------------------------------------------------------------------------------

@dataclass
class PathConfig:
    target_date: date | None = None
    hours_per_week: int = 5
    focus_modules: list[str] | None = None
    starting_level: int | None = None
    placement: bool = False


ALGORITHM_SKILLS = frozenset({"algorithms", "data structures", "dynamic programming", "competitive programming"})
CHOSEN_LEVEL = "chosen by you"


def _experience_level_name(level_id: str) -> str:
    from interviewmaster.capabilities import get_capabilities

    known = get_capabilities().experience_levels.get(level_id)
    return known.name if known else level_id


def _resume_reading(user) -> tuple[str, float | None] | None:
    """(level id, years) the active resume's analysis reads, or None while it has none (not analysed yet)."""
    from resumes.models import ResumeStatus
    from resumes.selectors import active_resume_for

    resume = active_resume_for(user)
    if resume is None or resume.status != ResumeStatus.READY or not isinstance(resume.analysis, dict):
        return None
    seniority = resume.analysis.get("seniority")
    level = seniority.get("level") if isinstance(seniority, dict) else None
    if level not in LEVEL_BY_EXPERIENCE:
        return None
    facts = resume.facts if isinstance(resume.facts, dict) else {}
    years = facts.get("years_experience")
    if years is None:
        years = facts.get("years_claimed")
    return level, (float(years) if isinstance(years, int | float) else None)


def starting_level_and_reason(user) -> tuple[int, str]:
    """"From my profile and resume": the profile's experience level; when the profile has none, the level the active
    resume's analysis reads (the profile is left as it is: the candidate's own word stays theirs to give); confirmed
    resume skills in algorithms add one (capped at 4). The reason is the sentence the path page shows."""
    from resumes.analysis import years_in_words
    from resumes.selectors import confirmed_skills_for

    profile_level = getattr(user, "experience_level", "") or ""
    reading = None if profile_level in LEVEL_BY_EXPERIENCE else _resume_reading(user)
    if profile_level in LEVEL_BY_EXPERIENCE:
        level = LEVEL_BY_EXPERIENCE[profile_level]
        reason = f"from your profile: {_experience_level_name(profile_level)}"
    elif reading is not None:
        level = LEVEL_BY_EXPERIENCE[reading[0]]
        years = f", {years_in_words(reading[1])}" if reading[1] is not None else ""
        reason = f"from your resume: {_experience_level_name(reading[0])}{years}; your profile has no experience level"
    else:
        level, reason = 1, "no experience level in your profile and no analysed resume"
    if {s.name.lower() for s in confirmed_skills_for(user)} & ALGORITHM_SKILLS:
        level += 1
        reason += "; one up for the algorithm skills you confirmed"
    return max(1, min(4, level)), reason[:200]


def starting_level_for(user) -> int:
    """The level "From my profile and resume" gives (`starting_level_and_reason`)."""
    return starting_level_and_reason(user)[0]


def path_config_errors(track: Track, config: PathConfig, *, user) -> dict[str, list[str]]:
    """Every field's error at once (a too-large hours value hid the past-date error), by field name: what
    `create_study_path` and `update_path_config` refuse, and what the path forms check beside their own fields'."""
    from studypaths.models import Module

    errors: dict[str, list[str]] = {}
    slugs = set(track.modules.values_list("slug", flat=True))
    unknown = set(config.focus_modules or []) - slugs
    if unknown:  # by the names the form shows, not the internal slugs
        titles = dict(Module.objects.filter(slug__in=unknown).values_list("slug", "title"))
        names = sorted((titles.get(slug, slug) for slug in unknown), key=str.casefold)
        errors["focus_modules"] = [f"Not modules of {track.title}: {', '.join(names)}."]
    if not 1 <= int(config.hours_per_week) <= 60:
        errors["hours_per_week"] = ["Between 1 and 60 hours a week."]
    if config.starting_level is not None and not 1 <= int(config.starting_level) <= 5:
        errors["starting_level"] = ["A level between 1 and 5."]
    if config.target_date is not None and config.target_date < today(user):  # the candidate's today
        errors["target_date"] = ["The target date is in the past."]
    return errors


def _validate_config(track: Track, config: PathConfig, *, user) -> None:
    errors = path_config_errors(track, config, user=user)
    if errors:
        raise InvalidPathConfig(next(iter(errors.values()))[0], fields=errors)


@transaction.atomic
def create_study_path(*, user, track: Track, config: PathConfig) -> StudyPath:
    """Start a path; the database allows one active path per candidate (a second one is 409 active_path_exists)."""
    _validate_config(track, config, user=user)
    level, reason = ((config.starting_level, CHOSEN_LEVEL) if config.starting_level else
                     starting_level_and_reason(user))
    try:
        with transaction.atomic():
            path = StudyPath.objects.create(user=user, track=track, target_date=config.target_date,
                                            hours_per_week=config.hours_per_week,
                                            focus_modules=sorted(set(config.focus_modules or [])),
                                            starting_level=level, starting_level_reason=reason,
                                            placement=config.placement)
    except IntegrityError as exc:
        raise ActivePathExists() from exc
    selectors.forget_active_path(user.id)  # now and after commit
    _loop_changed([user.id])
    generate_tasks(path=path)
    return path


@transaction.atomic
def update_path_config(*, path: StudyPath, config: PathConfig) -> StudyPath:
    if path.status == PathStatus.ARCHIVED:  # its plan is history: changing it would rewrite what the mentor read
        raise PathArchived()
    _validate_config(path.track, config, user=path.user)
    path.target_date = config.target_date
    path.hours_per_week = config.hours_per_week
    path.focus_modules = sorted(set(config.focus_modules or []))
    fields = ["target_date", "hours_per_week", "focus_modules", "updated_at"]
    if config.starting_level and config.starting_level != path.starting_level:
        # a level the candidate picks replaces the one derived or placed (the settings form sends the current one)
        path.starting_level, path.starting_level_reason, path.placed_level = config.starting_level, CHOSEN_LEVEL, None
        fields += ["starting_level", "starting_level_reason", "placed_level"]
    # The open tasks out of the new focus are locked before the path's row is (its save): a task's row, then its
    # path's, the order `transition_task`'s callers keep (`skip_task`, the evaluation, the beat's expiry). Saving first
    # deadlocked with a tab skipping a placement task of a module the settings dropped.
    out_of_focus = _lock_tasks_out_of_focus(path)
    path.save(update_fields=fields)
    selectors.forget_active_path(path.user_id)  # now and after commit
    if _skip_tasks_out_of_focus(out_of_focus):
        _prepare_next_batch_on_commit(path.id)
    _loop_changed([path.user_id])  # the dashboard's next step reads the path's focus through its next task
    return path


def changes_focus(path: StudyPath, focus_modules: list[str] | None) -> bool:
    """Whether saving these focus modules changes the path's focus (the views count such a change against
    STUDY_PATH_FOCUS_RATE: each skips the open tasks left out and writes new ones)."""
    return sorted(set(focus_modules or [])) != sorted(path.focus_modules or [])


OUT_OF_FOCUS = selectors.OUT_OF_FOCUS  # a task skipped for it is withdrawn (selectors.withdrawn_task)


def _lock_tasks_out_of_focus(path: StudyPath) -> list[StudyTask]:
    """The open practice and placement tasks of modules the path's (new, unsaved) focus leaves out, their rows locked.
    A review stays (it revisits a problem solved; focus chooses new problems), and so does a task being judged."""
    if not path.focus_modules:
        return []
    return list(StudyTask.objects.select_for_update(of=("self",)).select_related("path")
                .filter(path=path, status__in=[TaskStatus.PENDING, TaskStatus.IN_PROGRESS])
                .exclude(kind=TaskKind.REVIEW).exclude(problem__module__slug__in=path.focus_modules))


def _skip_tasks_out_of_focus(tasks: list[StudyTask]) -> list[StudyTask]:
    """Skip the tasks `_lock_tasks_out_of_focus` locked (the reason says why), so the next task follows the new focus:
    the next step still sent the candidate to a module no longer in focus."""
    for task in tasks:
        transition_task(task, TaskStatus.SKIPPED, reason=OUT_OF_FOCUS, announce=False)
    return tasks


@transaction.atomic
def archive_path(*, path: StudyPath) -> StudyPath:
    """The path archived and its open tasks skipped ("path archived"), in one transaction. The open tasks' rows are
    locked before the path's, the order a task's transition keeps (its task, then its path): the other way round,
    skipping a placement task while the path was archived deadlocked."""
    open_tasks = list(StudyTask.objects.select_for_update().filter(
        path=path, status__in=[TaskStatus.PENDING, TaskStatus.IN_PROGRESS]).order_by("id"))
    StudyPath.objects.filter(id=path.id).update(status=PathStatus.ARCHIVED, updated_at=timezone.now())
    path.status = PathStatus.ARCHIVED
    for task in open_tasks:
        transition_task(task, TaskStatus.SKIPPED, reason=selectors.PATH_ARCHIVED, announce=False)
    selectors.forget_active_path(path.user_id)  # now and after commit
    _loop_changed([path.user_id])
    return path


# --- generation -----------------------------------------------------------------------------------------------------

def tasks_per_day(hours_per_week: int) -> int:
    """About 30 minutes a task: 5 h/week -> 1 a day, 10 h -> 3, capped at 5."""
    return max(1, min(5, round(hours_per_week * 60 / 7 / 30)))


def _summary_of(state: GenerationState) -> generation.Summary:
    return generation.Summary(last_solved_difficulty=state.last_solved_difficulty,
                              failure_streak=state.failure_streak,
                              last_failed_difficulty=state.last_failed_difficulty)


def rebuild_generation_state(*, path_id: int) -> GenerationState:
    """Recompute a path's generation state from its task rows, oldest finished first. O(history): run after an
    import (or its revert) and for a path that has no state yet; live changes keep it up to date one row at a time."""
    summary = generation.Summary()
    solved: set[int] = set()
    rows = (StudyTask.objects.filter(path_id=path_id, status__in=[TaskStatus.PASSED, TaskStatus.FAILED])
            .order_by(F("finished_at").asc(nulls_first=True), "id")
            .values_list("problem_id", "problem__difficulty", "status"))
    for problem_id, difficulty, status in rows.iterator(chunk_size=2000):
        passed = status == TaskStatus.PASSED
        summary.record(generation.Outcome(problem_id=problem_id, difficulty=difficulty, passed=passed))
        if passed:
            solved.add(problem_id)
    last = StudyTask.objects.filter(path_id=path_id).order_by("-id").values_list("problem__topics", flat=True).first()
    state, _ = GenerationState.objects.update_or_create(path_id=path_id, defaults={
        "last_solved_difficulty": summary.last_solved_difficulty, "failure_streak": summary.failure_streak,
        "last_failed_difficulty": summary.last_failed_difficulty, "solved": sorted(solved),
        "last_topic": str((last or [""])[0])})
    return state


def _locked_generation_state(path_id: int) -> GenerationState:
    """The path's generation state, locked until the transaction ends (so two generators or an outcome and a
    generator take turns); built from the history the first time."""
    state = GenerationState.objects.select_for_update().filter(path_id=path_id).first()
    return state if state is not None else rebuild_generation_state(path_id=path_id)


def _record_outcome(task: StudyTask, *, passed: bool) -> None:
    """Fold a task that just passed or failed into its path's generation state (one locked row)."""
    state = GenerationState.objects.select_for_update().filter(path_id=task.path_id).first()
    if state is None:
        rebuild_generation_state(path_id=task.path_id)  # reads this task's new status too
        return
    summary = _summary_of(state)
    summary.record(generation.Outcome(problem_id=task.problem_id, difficulty=task.problem.difficulty, passed=passed))
    state.last_solved_difficulty = summary.last_solved_difficulty
    state.failure_streak = summary.failure_streak
    state.last_failed_difficulty = summary.last_failed_difficulty
    if passed and task.problem_id not in state.solved:
        state.solved = sorted([*state.solved, task.problem_id])
    state.save(update_fields=["last_solved_difficulty", "failure_streak", "last_failed_difficulty", "solved",
                              "updated_at"])


def _place_when_done(path_id: int) -> None:
    """The placement set is finished (passed, failed, skipped or let expire): place the path at the hardest difficulty
    passed in it, or one below the easiest failed when none was passed (at least 1). Only the tasks judged place it: a
    task skipped or let expire says nothing of the level (skipping all three read "placed at level 1", as if failed),
    and a set with none judged leaves the path at its starting level (`selectors.placement_skipped`). Generation then
    leaves the problems below that level while others are left (generation rule 6): passing 1, 2 and 3 left the path
    at level 1, its next task a difficulty-1 problem of the first module. Once per path; the caller holds the path's
    row lock (`transition_task`), so two placement tasks finishing at once still place it (the second reads the
    first)."""
    path = StudyPath.objects.filter(id=path_id, placed_level__isnull=True, status=PathStatus.ACTIVE).first()
    if path is None:
        return
    rows = list(StudyTask.objects.filter(path_id=path_id, kind=TaskKind.PLACEMENT)
                .values_list("status", "problem__difficulty"))
    if not rows or any(status not in FINISHED_TASK_STATUSES for status, _ in rows):
        return
    judged = [(status, difficulty) for status, difficulty in rows if status in (TaskStatus.PASSED, TaskStatus.FAILED)]
    if not judged:  # all skipped or let expire: nothing was learnt, the path keeps its level ("placement skipped")
        return
    passed = [difficulty for status, difficulty in judged if status == TaskStatus.PASSED]
    level = max(passed) if passed else max(1, min(difficulty for _, difficulty in judged) - 1)
    StudyPath.objects.filter(id=path_id).update(placed_level=max(1, min(5, level)), updated_at=timezone.now())
    selectors.forget_active_path(path.user_id)  # now and after commit


def _history(path: StudyPath, state: GenerationState) -> generation.History:
    return generation.History(outcomes=_summary_of(state).outcomes(), solved=set(state.solved),
                              starting_level=path.starting_level, last_topic=state.last_topic,
                              placed_level=path.placed_level or _level_kept(path))


def _level_kept(path: StudyPath) -> int:
    """The floor of generation rule 6 for a path not placed: its starting level when its placement set was skipped
    (the candidate asked to start at that level; the set's problems skipped wait their turn, and the next task was a
    difficulty-1 problem), else 1 (every difficulty eligible)."""
    return path.starting_level if selectors.placement_skipped(path) else 1


COMPANY_FOCUS_WEIGHT = 0.5  # extra weight of a topic the targeted company's loop leans on


def weights_for(user, *, path: StudyPath | None = None) -> dict[str, float]:
    """Topic weights: mastery, failures and hints; weak interview criteria (the selectors hook); the focus areas of
    the company the path's track targets."""
    rows = list(TopicMastery.objects.filter(user=user).values_list("topic", "mastery", "failures", "hints"))
    extra = dict(selectors.interview_topic_weights(user))
    company = path.track.company if path is not None and path.track.company_id else None
    for topic in (company.focus_areas if company else []):
        extra[topic] = extra.get(topic, 0.0) + COMPANY_FOCUS_WEIGHT
    return generation.topic_weights(rows, extra)


@transaction.atomic
def generate_tasks(*, path: StudyPath, count: int | None = None, due: date | None = None,
                   unless_open: bool = False) -> list[StudyTask]:
    """A batch of tasks for `path` by the generation rules; placement tasks first on a new path that asked for them.
    With `unless_open`, nothing when the path has an open task once its generation state is locked (two requests, or
    a request and the pre-generating worker, racing for an empty path make one batch, not two). Due on the
    candidate's today unless `due` is given."""
    candidates = selectors.path_candidates(path)
    state = _locked_generation_state(path.id)
    history = _history(path, state)
    open_ids = set(StudyTask.objects.filter(path=path, status__in=[TaskStatus.PENDING, TaskStatus.IN_PROGRESS,
                                                                   TaskStatus.SUBMITTED])
                   .values_list("problem_id", flat=True))
    if unless_open and open_ids:
        return []
    due = due or today(path.user)
    kind = TaskKind.PLACEMENT if path.placement and not history.outcomes and not StudyTask.objects.filter(
        path=path).exists() else TaskKind.PRACTICE
    picks: list[generation.Candidate] = []
    weights = weights_for(path.user, path=path) if kind == TaskKind.PRACTICE else {}
    for exclude in _exclusions(path, history, open_ids):
        picks = (_placement(candidates, history, exclude=exclude) if kind == TaskKind.PLACEMENT else
                 generation.plan_batch(candidates, history, weights,
                                       count=count or tasks_per_day(path.hours_per_week), exclude=exclude))
        if picks:
            break
    tasks = StudyTask.objects.bulk_create(
        [StudyTask(path=path, problem_id=pick.id, kind=kind, due_date=due) for pick in picks])
    if picks:
        state.last_topic = picks[-1].main_topic
        state.save(update_fields=["last_topic", "updated_at"])
    TaskEvent.objects.bulk_create(
        [TaskEvent(task=t, kind=EventKind.CREATED, data={"kind": kind, "due_date": due.isoformat()}) for t in tasks])
    if tasks:
        _loop_changed([path.user_id])
    return tasks


RECENT_MISSES = 5  # a problem among the path's last few failed, skipped or expired tasks waits its turn


def _exclusions(path: StudyPath, history: generation.History, open_ids: set[int]) -> list[set[int]]:
    """What a new batch leaves out, most first; generation falls back to the next set only when a set leaves nothing.
    Problems already solved elsewhere (on the practice pages: a new path's first task was one just passed) and those
    just failed, skipped or let expire on this path (one failed three times came straight back, due the same day,
    while unsolved problems of its level were left) wait while anything else is eligible; open tasks never repeat."""
    solved_elsewhere = selectors.problems_solved_by(path.user) - set(history.solved)
    missed = set(StudyTask.objects.filter(path=path, status__in=[TaskStatus.FAILED, TaskStatus.SKIPPED,
                                                                  TaskStatus.EXPIRED])
                 .order_by("-id").values_list("problem_id", flat=True)[:RECENT_MISSES])
    return [open_ids | solved_elsewhere | missed, open_ids | missed, open_ids]


def _placement(candidates, history, *, exclude: set[int]) -> list[generation.Candidate]:
    """A placement set of three problems: one at the starting level, one below and one above it; at either end of the
    scale the three nearest levels (1-2-3, 3-4-5: at level 1 it was two problems), a level the bank lacks stood in
    for by the nearest one it has."""
    centre = min(max(history.starting_level, 2), 4)
    picks: list[generation.Candidate] = []
    for level in (centre - 1, centre, centre + 1):
        taken = exclude | {p.id for p in picks}
        available = [c for c in candidates if c.id not in taken]
        if not available:
            break
        nearest = min(abs(c.difficulty - level) for c in available)
        pool = [c for c in available if abs(c.difficulty - level) == nearest]
        probe = generation.History(starting_level=max(c.difficulty for c in pool),
                                   last_topic=picks[-1].main_topic if picks else "")
        pick = generation.choose_next(pool, probe, {})
        if pick is not None:
            picks.append(pick)
    return picks


def get_next_task(*, user) -> StudyTask | None:
    """The task to do now: one in progress, else a due review, else the earliest due; a new batch when none is open."""
    path = selectors.active_path_for(user)
    if path is None:
        return None
    task = selectors.next_open_task(path)
    if task is None:
        batch = generate_tasks(path=path, unless_open=True)
        # Nothing was open when the batch was made under the path's lock, so its first task is the one to do now
        # (a primary-key read); when someone else generated meanwhile, ask again.
        task = selectors.task_with_problem(batch[0].id) if batch else selectors.next_open_task(path)
    return task


def prepare_next_batch(*, path_id: int) -> list[StudyTask]:
    """Generate a path's next batch ahead of time (the `default` worker, after the candidate finishes or skips a
    task), so `get_next_task` usually finds an open task instead of generating in the request. Nothing when the path
    is no longer active or still has an open task: safe to repeat. `get_next_task` stays correct without it."""
    path = (StudyPath.objects.select_related("track__company", "user")
            .filter(id=path_id, status=PathStatus.ACTIVE).first())
    if path is None:
        return []
    return generate_tasks(path=path, unless_open=True)


def _prepare_next_batch_on_commit(path_id: int) -> None:
    from studypaths.tasks import prepare_next_batch as prepare_next_batch_task

    prepare_next_batch_task.delay_on_commit(path_id)


# --- working on a task -----------------------------------------------------------------------------------------------

def _locked_task(*, user, task_id: int) -> StudyTask:
    task = (selectors.tasks_for(user).select_for_update(of=("self",)).select_related("problem", "path")
            .filter(id=task_id).first())
    if task is None:
        raise TaskNotFound()
    return task


def _ensure_workable(task: StudyTask) -> None:
    if task.is_finished:
        raise TaskFinished(f"This task is {task.get_status_display().lower()}; open your next task instead.")


@transaction.atomic
def start_task(*, user, task_id: int) -> StudyTask:
    """Start the clock of the candidate's pending task: the Today page's "Start task" and opening the task's page
    (`study_views.task_page`) call it. Safe to repeat: a task already started or finished is left as it is (the row
    locked, so two tabs opening it at once start it once)."""
    task = _locked_task(user=user, task_id=task_id)
    if task.status == TaskStatus.PENDING:
        transition_task(task, TaskStatus.IN_PROGRESS, actor=user, reason="opened")
        record_event(task, EventKind.STARTED, actor=user)
    return task


@transaction.atomic
def skip_task(*, user, task_id: int) -> StudyTask:
    task = _locked_task(user=user, task_id=task_id)
    _ensure_workable(task)
    transition_task(task, TaskStatus.SKIPPED, actor=user, reason="skipped by the candidate")
    _postpone_review(task, user_id=user.id, zone_name=getattr(user, "timezone", ""), now=timezone.now())
    _prepare_next_batch_on_commit(task.path_id)
    return task


def _postpone_review(task: StudyTask, *, user_id: int, zone_name: str, now: datetime) -> None:
    """A review task skipped or let expire leaves its card due, so the next `schedule_due_reviews` (15 minutes later)
    made it a review task again, ranked before practice, for ever. Its card waits until the candidate's next day (their
    midnight in the profile zone, where "N problems to review today" stops counting it); a card due later stays."""
    if task.kind != TaskKind.REVIEW:
        return
    next_day = end_of_local_day(zone_name, now=now)
    if ReviewCard.objects.filter(user_id=user_id, problem_id=task.problem_id, due__lt=next_day).update(due=next_day):
        record_event(task, EventKind.STATUS_CHANGED, **{"from": task.status, "to": task.status,
                                                        "reason": "review postponed to the next day",
                                                        "review_due": next_day.isoformat()})


@transaction.atomic
def submit_task(*, user, task_id: int, language: str, code: str) -> TaskEvaluation:
    """Judge `code` against every test of the task's problem on the sandbox queue; the evaluation fills in later.

    Lock order: the candidate's row (the judge budget's lock, `services.judge_budget_spent`), then the task's, as the
    account's deletion takes them (the user, then their paths and tasks). The budget's lock taken after the task's
    deadlocked with a deletion waiting to delete that task."""
    get_user_model().objects.select_for_update(no_key=True).filter(pk=user.pk).first()
    task = _locked_task(user=user, task_id=task_id)
    _ensure_workable(task)
    if task.status == TaskStatus.SUBMITTED:
        raise TaskBeingJudged()
    validate_run_input(problem=task.problem, language=language, code=code)
    if task.status == TaskStatus.PENDING:
        record_event(task, EventKind.STARTED, actor=user)
    attempt = task.attempts + 1
    transition_task(task, TaskStatus.SUBMITTED, actor=user, reason="submitted", attempts=attempt)
    run = request_run(user=user, problem=task.problem, language=language, code=code, kind=RunKind.SUBMISSION)
    evaluation = TaskEvaluation.objects.create(task=task, run=run, attempt=attempt)
    record_event(task, EventKind.SUBMITTED, actor=user, run=run.id, attempt=attempt, language=language)
    return evaluation


PRACTICE_PAGE = "practice page"


@transaction.atomic
def count_practice_submission(*, run_id: int) -> TaskEvaluation | None:
    """An accepted submission on the practice pages (the page or `POST /api/v1/problems/{id}/submit`) of a problem
    the candidate has an open task of on the active path, made while that task was open, is the task's attempt: the
    task passes with it (an evaluation of that run, its attempt counted, mastery, the review card, the next batch, as
    a submission on the task's page). Otherwise the task page said "Attempts 0 of 3" beside an accepted run, the
    module counted the problem solved and the next step still sent the candidate to it. Only an accepted one: a wrong
    answer on the practice page spends none of the task's attempts (practice stays free), and a task being judged
    (`submitted`) waits for its own verdict. Called by the judge's worker after the run is judged; safe to repeat (a
    run that is already an evaluation is left alone)."""
    run = (CodeRun.objects.select_related("user")
           .filter(id=run_id, kind=RunKind.SUBMISSION, status=RunStatus.DONE, verdict=sandbox.ACCEPTED,
                   task_evaluation__isnull=True).first())
    if run is None:
        return None
    # The candidate's row first, then the task's, as `submit_task` and the account's deletion (the user, then their
    # runs, paths and tasks) lock: the task's first deadlocked with a deletion, the evaluation's foreign key to the run
    # waiting for the deleted run while the deletion waited for the task.
    get_user_model().objects.select_for_update(no_key=True).filter(pk=run.user_id).first()
    task = (StudyTask.objects.select_for_update(of=("self",)).select_related("problem", "path")
            .filter(path__user_id=run.user_id, path__status=PathStatus.ACTIVE, problem_id=run.problem_id,
                    status__in=[TaskStatus.PENDING, TaskStatus.IN_PROGRESS], created_at__lte=run.created_at)
            .first())
    if task is None or TaskEvaluation.objects.filter(run_id=run.id).exists():
        return None
    if task.status == TaskStatus.PENDING:  # never opened: its clock starts at the submission, as an API client's
        record_event(task, EventKind.STARTED, actor=run.user)
    attempt = task.attempts + 1
    transition_task(task, TaskStatus.SUBMITTED, actor=run.user, reason=f"accepted on the {PRACTICE_PAGE}",
                    attempts=attempt, started_at=task.started_at or run.created_at)
    TaskEvaluation.objects.create(task=task, run=run, attempt=attempt)
    record_event(task, EventKind.SUBMITTED, actor=run.user, run=run.id, attempt=attempt, language=run.language,
                 source=PRACTICE_PAGE)
    return record_evaluation(run_id=run.id)


def _excerpt(result: dict) -> str:
    if result.get("compile_output"):
        return str(result["compile_output"])[:EXCERPT_CHARS]
    for test in result.get("tests", []):
        if test.get("public") and test.get("verdict") != "accepted":
            text = (test.get("stderr") or "") or (test.get("stdout") or "")
            return f"{test.get('name')}: {text}"[:EXCERPT_CHARS]
    if result.get("error"):
        return str(result["error"])[:EXCERPT_CHARS]
    return ""


def _evaluation_fields(run: CodeRun) -> dict:
    result = run.result or {}
    total = int(result.get("total") or 0)
    passed = int(result.get("passed") or 0)
    tests = [{k: t.get(k) for k in ("name", "verdict", "runtime_ms", "peak_memory_kb", "public", "args",
                                    "expected", "stdout", "stopped_by", "limit_seconds") if k in t}
             for t in result.get("tests", [])]
    # Judging stops at the first failing hidden test (services.sandbox_tests), the rest `skipped`: the score is the
    # share of the tests that ran (sandbox.share_of_tests_run), and 1.0 still means every test passed.
    return {"verdict": run.verdict, "passed": passed, "total": total,
            "score": round(sandbox.share_of_tests_run(result), 4), "tests": tests,
            "runtime_ms": result.get("runtime_ms"), "peak_memory_kb": result.get("peak_memory_kb"),
            "output_excerpt": _excerpt(result), "finished_at": timezone.now()}


@transaction.atomic
def record_evaluation(*, run_id: int) -> TaskEvaluation | None:
    """Store the judge's result as the task's evaluation and move the task on. Safe to repeat (pending only)."""
    evaluation = (TaskEvaluation.objects.select_for_update(of=("self",)).select_related("run", "task__problem",
                                                                                          "task__path")
                  .filter(run_id=run_id, status=EvaluationStatus.PENDING).first())
    if evaluation is None or evaluation.run.status not in (RunStatus.DONE, RunStatus.FAILED):
        return None
    # The task's row only (`of`, as `_locked_task`): without it the join locked the path's and the problem's rows FOR
    # UPDATE too, and a generation for the path, holding the generation state this waits for below
    # (`_record_outcome`), inserted its tasks, whose foreign key to the path waited for that lock: a deadlock. (The
    # problem's row is every candidate's: each run and task of it waited on this one.)
    task = StudyTask.objects.select_for_update(of=("self",)).select_related("problem", "path").get(
        id=evaluation.task_id)
    if evaluation.run.status == RunStatus.FAILED:  # the judge could not run it: not the candidate's attempt
        fields = {**_evaluation_fields(evaluation.run), "score": None}
        TaskEvaluation.objects.filter(id=evaluation.id).update(status=EvaluationStatus.ERROR, **fields)
        record_event(task, EventKind.EVALUATED, status="error", message=fields["output_excerpt"])
        if task.status == TaskStatus.SUBMITTED:
            transition_task(task, TaskStatus.IN_PROGRESS, reason="judge error", attempts=max(0, task.attempts - 1))
        return TaskEvaluation.objects.get(id=evaluation.id)
    fields = _evaluation_fields(evaluation.run)
    TaskEvaluation.objects.filter(id=evaluation.id).update(status=EvaluationStatus.DONE, **fields)
    passed = fields["verdict"] == "accepted"
    record_event(task, EventKind.EVALUATED, verdict=fields["verdict"], score=fields["score"],
                 passed_tests=fields["passed"], total_tests=fields["total"], attempt=evaluation.attempt)
    _update_mastery(task=task, score=fields["score"], passed=passed)
    if task.status == TaskStatus.SUBMITTED:
        _finish_or_retry(task=task, passed=passed, score=fields["score"])
    return TaskEvaluation.objects.get(id=evaluation.id)


def _finish_or_retry(*, task: StudyTask, passed: bool, score: float) -> None:
    """Move the task on after a judged attempt. Its score is its best attempt's (a failed task read its last
    attempt's, 23%, where its best had 38%): what the task page shows as "best of N attempts" and the export holds."""
    max_attempts = settings.STUDY_TASK_MAX_ATTEMPTS
    score = score if task.score is None else max(score, task.score)
    if passed:
        transition_task(task, TaskStatus.PASSED, reason="all tests passed", score=score)
    elif task.attempts >= max_attempts:
        transition_task(task, TaskStatus.FAILED, reason=f"{max_attempts} attempts used", score=score)
    else:
        transition_task(task, TaskStatus.IN_PROGRESS, reason="wrong answer; try again", score=score)
        return
    schedule_review(task=task, passed=passed)
    _prepare_next_batch_on_commit(task.path_id)


def _update_mastery(*, task: StudyTask, score: float, passed: bool) -> None:
    effective = max(0.0, score - HINT_PENALTY * task.hints_used)
    user = task.path.user_id
    for topic in task.problem.topics or []:
        row, _ = TopicMastery.objects.select_for_update().get_or_create(user_id=user, topic=str(topic)[:80])
        row.mastery = round(min(1.0, max(0.0, row.mastery + MASTERY_RATE * (effective - row.mastery))), 4)
        row.attempts += 1
        row.failures += 0 if passed else 1
        row.hints = task.hints_used if row.hints < task.hints_used else row.hints
        row.save(update_fields=["mastery", "attempts", "failures", "hints", "updated_at"])


def schedule_review(*, task: StudyTask, passed: bool, at: datetime | None = None) -> ReviewCard:
    """Rate the finished task (reviews.rating_for) and reschedule the problem's card with FSRS."""
    at = at or timezone.now()
    duration = (task.finished_at or at) - task.started_at if task.started_at else None
    rating = reviews.rating_for(passed=passed, hints_used=task.hints_used, attempts=task.attempts,
                                duration=duration, difficulty=task.problem.difficulty)
    card, _ = ReviewCard.objects.select_for_update().get_or_create(
        user_id=task.path.user_id, problem_id=task.problem_id, defaults={"due": at})
    data, due = reviews.review(card.card or None, rating, at)
    ReviewCard.objects.filter(id=card.id).update(card=data, due=due, last_rating=int(rating),
                                                 reviews=F("reviews") + 1)
    card.card, card.due, card.last_rating = data, due, int(rating)
    record_event(task, EventKind.STATUS_CHANGED, **{"from": task.status, "to": task.status,
                                                    "reason": f"review scheduled ({rating.name})",
                                                    "review_due": due.isoformat()})
    return card


# --- beat tasks -----------------------------------------------------------------------------------------------------

def _overdue(open_tasks, *, now: datetime) -> Q | None:
    """Due before their candidate's today minus the grace days, each candidate's today in their profile zone. The
    candidates are grouped by zone name and the zones by their date at `now` (at most three dates at any moment), so
    this is one query for the zone names and one condition per date, whatever the number of candidates."""
    grace = timedelta(days=settings.STUDY_TASK_GRACE_DAYS)
    names_by_cutoff: dict[date, set[str]] = {}
    for name in open_tasks.order_by().values_list("path__user__timezone", flat=True).distinct():
        names_by_cutoff.setdefault(local_day(name, now=now) - grace, set()).add(name)
    conditions = [Q(path__user__timezone__in=sorted(names), due_date__lt=cutoff)
                  for cutoff, names in sorted(names_by_cutoff.items())]
    return reduce(operator.or_, conditions) if conditions else None


def expire_overdue_tasks(*, now: datetime | None = None) -> int:
    """Pending and in-progress tasks past their due date by more than STUDY_TASK_GRACE_DAYS become expired, counting
    days in each candidate's zone (the beat worker has no request: the zone comes from the profile). An expired
    review's card waits for the candidate's next day (`_postpone_review`). One announcement for all the candidates."""
    now = now or timezone.now()
    open_tasks = StudyTask.objects.filter(status__in=[TaskStatus.PENDING, TaskStatus.IN_PROGRESS])
    overdue = _overdue(open_tasks, now=now)
    if overdue is None:
        return 0
    expired, changed = 0, set()
    rows = list(open_tasks.filter(overdue).values_list("id", "path__user_id", "path__user__timezone")[:5000])
    try:
        for task_id, user_id, zone_name in rows:
            with transaction.atomic():
                task = StudyTask.objects.select_for_update(skip_locked=True).filter(
                    id=task_id, status__in=[TaskStatus.PENDING, TaskStatus.IN_PROGRESS]).first()
                if task is not None:
                    transition_task(task, TaskStatus.EXPIRED, reason=f"not done by {task.due_date.isoformat()}",
                                    announce=False)
                    _postpone_review(task, user_id=user_id, zone_name=zone_name, now=now)
                    expired += 1
                    changed.add(user_id)
    finally:
        _loop_changed(changed)
    return expired


def schedule_due_reviews(*, now: datetime | None = None) -> int:
    """Review cards due on the candidate's today (by their next midnight, their profile zone read in the same query
    as the cards) of candidates with an active path become review tasks (one open task per problem), due that day.
    The pages say "N problems to review today" of the same cards (selectors.reviews_due_today): a card due at 16:00
    is a task from the morning, not a promise the candidate cannot act on until then. One announcement for all the
    candidates who got a review task."""
    now = now or timezone.now()
    created, changed = 0, set()
    cards = (ReviewCard.objects.filter(due__lt=now + timedelta(days=1), user__study_paths__status=PathStatus.ACTIVE)
             .values_list("user_id", "problem_id", "user__timezone", "due")[:5000])
    try:
        for user_id, problem_id, zone_name, due in cards:
            if due >= end_of_local_day(zone_name, now=now):
                continue  # due on a later day of the candidate's
            if _create_review_task(user_id=user_id, problem_id=problem_id, due_date=local_day(zone_name, now=now)):
                created += 1
                changed.add(user_id)
    finally:
        _loop_changed(changed)
    return created


@transaction.atomic
def _create_review_task(*, user_id: int, problem_id: int, due_date: date) -> StudyTask | None:
    """A review task of the problem on the candidate's active path, unless the path is gone or has the problem open."""
    # FOR NO KEY UPDATE: a generation for this path holds its generation state (locked next here) and inserts tasks
    # naming the path, a key-share lock on its row that FOR UPDATE refused: each waited for the other (a deadlock).
    path = StudyPath.objects.select_for_update(no_key=True).filter(user_id=user_id, status=PathStatus.ACTIVE).first()
    if path is None:
        return None
    # Generation's lock first, as generation takes it: a batch being generated for this path is committed (and seen
    # by the check below) before the review is added, and neither waits on the other's rows.
    state = _locked_generation_state(path.id)
    if StudyTask.objects.filter(path=path, problem_id=problem_id, status__in=[
            TaskStatus.PENDING, TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED]).exists():
        return None
    task = StudyTask.objects.create(path=path, problem_id=problem_id, kind=TaskKind.REVIEW,
                                    due_date=due_date)  # the candidate's today
    state.last_topic = str((Problem.objects.filter(id=problem_id).values_list("topics", flat=True).first()
                            or [""])[0])
    state.save(update_fields=["last_topic", "updated_at"])
    record_event(task, EventKind.CREATED, kind=TaskKind.REVIEW, due_date=task.due_date.isoformat())
    return task


# --- hints and comments ---------------------------------------------------------------------------------------------

@transaction.atomic
def request_hint(*, user, task_id: int, code: str = "") -> TaskHint:
    """Count a hint (level = hints so far + 1, at most 3) and queue its writing on the `ai` queue."""
    from studypaths.tasks import write_hint as write_hint_task

    task = _locked_task(user=user, task_id=task_id)
    _ensure_workable(task)
    if task.hints_used >= MAX_HINTS:
        raise HintsExhausted()
    level = task.hints_used + 1
    hint = TaskHint.objects.create(task=task, level=level, code=code[:20_000])
    StudyTask.objects.filter(id=task.id).update(hints_used=level)
    task.hints_used = level
    record_event(task, EventKind.HINT_REQUESTED, actor=user, level=level, hint=hint.id)
    # a broker that is down leaves the hint to recover_stuck_hints, not the candidate's request to fail
    recovery.send_on_commit(lambda: write_hint_task.delay(hint.id), what=f"tutor hint {hint.id}")
    return hint


def hint_inputs(hint: TaskHint) -> dict:
    """What `complete_json("tutor_hint")` gets: the problem (with our graduated hints from its metadata), the
    reference solution and level for the give-away check, the attempt, past results, the module's objectives and
    the candidate's mastery of the problem's topics."""
    task = hint.task
    problem = task.problem
    last = task.evaluations.filter(status=EvaluationStatus.DONE).order_by("-id").first()
    # tests not run (`skipped`: judging stops at the first failing hidden test) did not fail
    failing = [t["name"] for t in (last.tests if last else []) if t.get("verdict") not in ("accepted", "skipped")]
    language = task.evaluations.order_by("-id").values_list("run__language", flat=True).first() or "python"
    graded = hints.problem_hints(problem, language=language, failing_test=failing[0] if failing else "")
    mastery = dict(TopicMastery.objects.filter(user_id=task.path.user_id, topic__in=problem.topics or [])
                   .values_list("topic", "mastery"))
    return {
        "problem": {"title": problem.title, "tags": list(problem.topics or []), "hints": graded,
                    "statement": problem.statement[:4000], "constraints": problem.constraints[:1000]},
        "reference_solution": (problem.reference_solutions or {}).get(language, ""),
        "level": hint.level,
        "attempt": {"code": hint.code, "language": language, "number": task.attempts,
                    "failing_tests": failing[:5], "verdict": last.verdict if last else ""},
        "module": {"title": problem.module.title, "objectives": problem.module.description[:1000]},
        "mastery": mastery,
    }


def write_hint(*, hint_id: int) -> TaskHint | None:
    """Write a pending hint (in the `ai` worker). Whatever the provider says, a hint that repeats the reference
    solution is replaced by the graduated hint from the problem's metadata."""
    from interviewmaster.ai import complete_json

    hint = TaskHint.objects.select_related("task__problem__module", "task__path").filter(
        id=hint_id, status=HintStatus.PENDING).first()
    if hint is None:
        return None
    inputs = hint_inputs(hint)
    fallback = inputs["problem"]["hints"][hint.level - 1]
    try:
        result = complete_json("tutor_hint", inputs, owners=[hint.task.path.user_id])
        text, focus, provider = str(result.data.get("hint", ""))[:1500], str(result.data.get("focus", ""))[:120], \
            result.provider
    except Exception:  # noqa: BLE001 - any provider failure falls back to the offline hint, logged
        logger.exception("tutor hint %s: the AI layer failed; using the problem's own hint", hint_id)
        text, focus, provider = fallback, "", "fallback"
    # Every language's reference: a hint writing the solution out in another language than the attempt's gives it
    # away as well.
    references = [inputs["reference_solution"], *(hint.task.problem.reference_solutions or {}).values()]
    if not text.strip() or any(hints.leaks_solution(text, reference) for reference in references):
        if text.strip():
            logger.warning("tutor hint %s from %s repeated the reference solution; replaced", hint_id, provider)
        text, provider = fallback, f"{provider}+guard"
    TaskHint.objects.filter(id=hint_id, status=HintStatus.PENDING).update(status=HintStatus.READY, text=text,
                                                                           focus=focus, provider=provider)
    return TaskHint.objects.get(id=hint_id)


def recover_stuck_hints() -> int:
    """Beat (every minute): a hint still `pending` STUCK_WORK_AFTER_SECONDS after it was asked for (or sent again)
    lost its task (a killed worker, a broker that was down) while the candidate already paid for it (the task's hint
    count): send it again (interviewmaster/recovery.py). After STUCK_WORK_MAX_RECOVERIES it gets the problem's own
    graduated hint for its level, written here without the AI. Returns the hints handled."""
    from studypaths.tasks import write_hint as write_hint_task

    def give_up(pending, row) -> int:
        hint = TaskHint.objects.select_related("task__problem__module", "task__path").get(id=row.id)
        fallback = hint_inputs(hint)["problem"]["hints"][hint.level - 1]
        return pending.update(status=HintStatus.READY, text=fallback, focus="", provider="fallback")

    return recovery.sweep(TaskHint.objects.filter(status=HintStatus.PENDING),
                          clock=Coalesce("recovered_at", "created_at"), give_up=give_up,
                          send=lambda row: write_hint_task.delay(row.id), what="tutor hint {id}")


# An identical comment by the same author on the same task within this many seconds is the same comment sent again (a
# double click, a client's retry): comments stay in the history for good, so it is not stored twice.
COMMENT_REPEAT_SECONDS = 10
# Comments are kept for good (the candidate cannot delete them) and a mentor may write 60 an hour: a task keeps at most
# this many, 800 KB of text at 4,000 characters each, and then refuses more (409 `too_many_comments`).
MAX_COMMENTS_PER_TASK = 200


@transaction.atomic
def add_comment(*, author, task: StudyTask, text: str) -> tuple[TaskEvent, bool]:
    """The comment and whether it was stored now. The author is the event's actor; their name is read from the
    account when the comment is shown, never copied into the row (it must not outlive their account). A repeat within
    COMMENT_REPEAT_SECONDS returns the stored comment: the task row is locked while it is looked for (PostgreSQL's
    row lock; SQLite's transactions take the write lock at BEGIN), so requests at once store it once."""
    StudyTask.objects.select_for_update().filter(id=task.id).values_list("id", flat=True).first()
    since = timezone.now() - timedelta(seconds=COMMENT_REPEAT_SECONDS)
    repeat = (TaskEvent.objects.filter(task_id=task.id, kind=EventKind.COMMENT, actor=author, created_at__gte=since,
                                       data__text=text)
              .order_by("-created_at", "-id").first())
    if repeat is not None:
        return repeat, False
    if TaskEvent.objects.filter(task_id=task.id, kind=EventKind.COMMENT).count() >= MAX_COMMENTS_PER_TASK:
        raise TooManyComments(f"This task holds {MAX_COMMENTS_PER_TASK} comments, as many as it keeps; say more in "
                              "a comment on another task.")
    return record_event(task, EventKind.COMMENT, actor=author, text=text), True
