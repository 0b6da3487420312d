"""Progress of a study path (selectors): per module, by topic, difficulty over time, streak, reviews due.

A fixed number of aggregate queries whatever the history's length; shared by the progress API, the path page, the
"Today" page and the mentor's view."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from django.db.models import Avg, Count, F, Q, QuerySet
from django.db.models.functions import TruncDate

from accounts.time_zone import day_zone, local_day
from studypaths import selectors
from studypaths.models import Problem, StudyPath, StudyTask, TaskStatus, TopicMastery, TrackModule

HISTORY_DAYS = 90


def streak_from(days: set[date], *, today: date) -> int:
    """Consecutive days with a solved task, ending today (or yesterday while today is still open)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def _passed_by_day(path: StudyPath, zone: tzinfo) -> QuerySet[StudyTask]:
    """The path's passed tasks, each with the day (the candidate's zone, as the study loop's "today": study.today,
    whatever zone the request activated) it was passed on."""
    return (StudyTask.objects.filter(path=path, status=TaskStatus.PASSED, finished_at__isnull=False)
            .annotate(day=TruncDate("finished_at", tzinfo=zone)))


def _solved_days_before(path: StudyPath, zone: tzinfo, day: date) -> set[date]:
    """The candidate's days with a task of the path passed, before `day`."""
    return set(_passed_by_day(path, zone).filter(finished_at__lt=datetime.combine(day, time.min, tzinfo=zone))
               .order_by().values_list("day", flat=True).distinct())


def _streak(path: StudyPath, daily: list[dict], *, since: date, today: date, zone: tzinfo) -> int:
    """The solving streak from the chart's days; one more read, of the days before them, only when the streak
    reaches back to the chart's first day (it used to stop there: 120 days in a row read as 91)."""
    days = {date.fromisoformat(d["date"]) for d in daily}
    streak = streak_from(days, today=today)
    if since in days and streak >= (today - since).days:  # unbroken back to the chart's first day
        streak = streak_from(days | _solved_days_before(path, zone, since), today=today)
    return streak


def _modules(path: StudyPath) -> list[dict]:
    """The path's focus modules (every module of the track without a focus), and the track's other modules the
    candidate has done work in (a problem solved or a submission judged), those marked `in_focus: false`: narrowing
    the focus hid the problems solved in a module left out ("Hash maps & sets 0/6" alone) while the task counts still
    said "1 of 2 tasks passed"."""
    focus = set(path.focus_modules or [])
    order = list(TrackModule.objects.filter(track_id=path.track_id).order_by("position")
                 .values_list("module_id", "module__slug", "module__title"))
    ids = [mid for mid, _, _ in order]
    problems: dict[int, set[int]] = {}
    for problem_id, module_id in Problem.objects.filter(is_published=True, module_id__in=ids).values_list(
            "id", "module_id"):
        problems.setdefault(module_id, set()).add(problem_id)
    # "Solved" and accuracy are the candidate's, wherever they practised (the practice page, another path), as the
    # dashboard counts them (selectors.problems_solved_by, selectors.module_accuracy); the time is this path's tasks.
    solved = selectors.problems_solved_by(path.user)
    accuracy = {row["module_id"]: row for row in selectors.module_accuracy(path.user, module_ids=ids)}
    times = dict(StudyTask.objects.filter(path=path, status=TaskStatus.PASSED, started_at__isnull=False).order_by()
                 .values("problem__module_id").annotate(avg_time=Avg(F("finished_at") - F("started_at")))
                 .values_list("problem__module_id", "avg_time"))
    result = []
    for mid, slug, title in order:
        row = accuracy.get(mid, {})
        avg = times.get(mid)
        in_module = problems.get(mid, set())
        completed, in_focus = len(in_module & solved), not focus or slug in focus
        if not in_focus and not completed and not row.get("attempts"):
            continue
        result.append({"slug": slug, "title": title, "in_focus": in_focus, "completed": completed,
                       "total": len(in_module),
                       "accuracy": row.get("accuracy"), "passed": row.get("passed", 0),
                       "attempts": row.get("attempts", 0),
                       "average_seconds": round(avg.total_seconds()) if avg else None})
    return result


def _topics(path: StudyPath) -> list[dict]:
    rows = TopicMastery.objects.filter(user_id=path.user_id).order_by("topic")
    return [{"topic": r.topic, "attempts": r.attempts, "accuracy": round((r.attempts - r.failures) / r.attempts, 3)
             if r.attempts else None, "mastery": round(r.mastery, 3)} for r in rows]


def _daily(path: StudyPath, since: date, zone: tzinfo) -> list[dict]:
    rows = (_passed_by_day(path, zone).filter(finished_at__gte=datetime.combine(since, time.min, tzinfo=zone))
            .values("day").annotate(difficulty=Avg("problem__difficulty"), solved=Count("id")).order_by("day"))
    return [{"date": r["day"].isoformat(), "average_difficulty": round(r["difficulty"], 2), "solved": r["solved"]}
            for r in rows]


def task_counts(path: StudyPath) -> dict:
    """The path's tasks by outcome, the one definition every page, API and summary shows ("Tasks passed: N of F
    finished" on Today and the path page, the progress API, the mentor's summary): `total` is the tasks set for the
    candidate, without those withdrawn (`selectors.withdrawn_task`: skipped by the system when the focus left
    their module out or the path was archived), counted apart as `withdrawn`; a task the candidate skipped counts.
    `accuracy` is passed over finished (passed or failed), None before any."""
    withdrawn = Q(is_withdrawn=True)
    counts = StudyTask.objects.filter(path=path).alias(is_withdrawn=selectors.withdrawn_task()).aggregate(
        total=Count("id", filter=~withdrawn), passed=Count("id", filter=Q(status=TaskStatus.PASSED)),
        failed=Count("id", filter=Q(status=TaskStatus.FAILED)),
        open=Count("id", filter=Q(status__in=[TaskStatus.PENDING, TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED])),
        withdrawn=Count("id", filter=withdrawn))
    finished = counts["passed"] + counts["failed"]
    return {**counts, "accuracy": round(counts["passed"] / finished, 3) if finished else None}


def path_progress(path: StudyPath, *, now: datetime | None = None) -> dict:
    """The path's progress as its candidate counts days: the daily buckets, the streak and "reviews due today" (up to
    the end of the candidate's day) all follow the study loop's day (study.today: the profile zone, the server's for
    an unknown one), whoever asks (the candidate, a mentor in another zone) and whatever zone is active."""
    zone, today = day_zone(path.user.timezone), local_day(path.user.timezone, now=now)
    since = today - timedelta(days=HISTORY_DAYS)
    daily = _daily(path, since, zone)
    counts = task_counts(path)
    return {
        "path": path.id,
        "track": path.track.slug,
        "modules": _modules(path),
        "topics": _topics(path),
        "difficulty_over_time": daily,
        "streak": _streak(path, daily, since=since, today=today, zone=zone),
        "reviews_due_today": selectors.reviews_due_today(path.user, now=now),  # up to the candidate's midnight
        "tasks": counts,
    }


def path_summary(path: StudyPath | None, *, now: datetime | None = None) -> dict | None:
    """The short form a mentor sees in the mentee's `progress` object; None (JSON null) without a path."""
    if path is None:
        return None
    full = path_progress(path, now=now)
    return {"path": path.id, "track": path.track.slug, "status": path.status, "streak": full["streak"],
            "reviews_due_today": full["reviews_due_today"], "tasks": full["tasks"],
            "modules": [{k: m[k] for k in ("slug", "in_focus", "completed", "total")} for m in full["modules"]]}
