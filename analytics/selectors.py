"""Reads for analytics. Analytics is downstream of every other context: it reads their models, they never import it.

Each function runs a fixed number of queries whatever the candidate's history (pinned by tests).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from analytics import achievements, cohorts, streaks
from analytics.models import Award, CohortStat, LeaderboardEntry, LeaderboardPeriod, Preferences
from interviewmaster.forgettable import forget_many, read_through
from interviews.models import Evaluation, InterviewSession, SessionState, Turn
from interviews.selectors import (
    EVALUATION_WITHHELD_FROM_CANDIDATE,
    QuestionScore,
    evaluations_that_count,
    finished_in_full,
    scores_by_question,
    with_answered_questions,
)
from studypaths.models import CodeRun, RunKind, RunStatus, TrackModule
from studypaths.sandbox import share_of_tests_run
from studypaths.selectors import module_accuracy, problems_solved_by, published_problems

ACCEPTED = "accepted"
FINISHED_SESSION_STATES = (SessionState.COMPLETED, SessionState.EVALUATED)


def _submissions(user) -> QuerySet:
    return CodeRun.objects.filter(user=user, kind=RunKind.SUBMISSION, status=RunStatus.DONE)


def practice_days(user, *, zone) -> set[date]:
    """Local calendar days on which the candidate completed a practice action (one query per source)."""
    days = set(
        _submissions(user).exclude(finished_at=None)
        .annotate(day=TruncDate("finished_at", tzinfo=zone)).order_by().values_list("day", flat=True).distinct()
    )
    return days | _interview_days(user, zone=zone)


def _evaluations(user) -> QuerySet:
    """The candidate's evaluated interview answers that count, read through the denormalised `candidate` and its
    index (candidate, evaluated_at) INCLUDE (category, overall, turn), without those of interviews reported with no
    answered question (a small subquery on the candidate's sessions: their "next" and "I don't know", scored 0, were a
    streak day and a point of every average and chart). The unscored warm-up never has an evaluation
    (interviews.services.evaluate_answer refuses it), so no filter on the turn is needed. A planned interview's
    answers are its expert's to judge: its candidate's charts and averages leave them out, as the room and the report
    leave its scores out (interviews.policy.evaluation_shown_to, as a filter)."""
    withheld = InterviewSession.objects.filter(EVALUATION_WITHHELD_FROM_CANDIDATE, candidate=user)
    turns = Turn.objects.filter(session_id__in=withheld.values("id")).values("id")  # nested IN: no join on the read
    return evaluations_that_count(Evaluation.objects.filter(candidate=user).exclude(turn_id__in=turns),
                                  candidate=user)


def _interview_days(user, *, zone) -> set[date]:
    return set(_evaluations(user).annotate(day=TruncDate("evaluated_at", tzinfo=zone))
               .order_by().values_list("day", flat=True).distinct())


def streak_for(user, *, now: datetime | None = None) -> streaks.Streak:
    zone = streaks.zone_for(user.timezone)
    now = now or timezone.now()
    return streaks.compute_streak(practice_days(user, zone=zone), now.astimezone(zone).date())


def _completed_modules_and_tracks(solved: set[int]) -> tuple[int, int]:
    """How many modules and how many tracks have every published problem in `solved` (those without problems never
    count; an unpublished problem, which candidates cannot open, is not one to solve)."""
    if not solved:
        return 0, 0
    problems_by_module: dict[int, set[int]] = {}
    for problem_id, module_id in published_problems().values_list("id", "module_id"):
        problems_by_module.setdefault(module_id, set()).add(problem_id)
    by_track: dict[int, set[int]] = {}
    for track_id, module_id in TrackModule.objects.values_list("track_id", "module_id"):
        by_track.setdefault(track_id, set()).update(problems_by_module.get(module_id, set()))
    modules = sum(1 for problem_ids in problems_by_module.values() if problem_ids <= solved)
    tracks = sum(1 for problem_ids in by_track.values() if problem_ids and problem_ids <= solved)
    return modules, tracks


def achievement_facts(user, *, now: datetime | None = None) -> achievements.Facts:
    modules_completed, tracks_completed = _completed_modules_and_tracks(problems_solved_by(user))
    return achievements.Facts(
        perfect_submissions=_submissions(user).filter(verdict=ACCEPTED).count(),
        longest_streak=streak_for(user, now=now).longest,
        modules_completed=modules_completed,
        tracks_completed=tracks_completed,
        **_interview_facts(user),
    )


def _interviews_finished(user) -> QuerySet:
    """The candidate's finished interviews that count: reported, with at least one answered question."""
    return with_answered_questions(InterviewSession.objects.filter(candidate=user))


def criterion_gain(score_rows: list[dict], *, window: int = 3) -> float:
    """The largest rise of one criterion: the mean of its last `window` scores minus the mean of its first
    `window` (0 until a criterion has been scored 2 × window times)."""
    by_criterion: dict[str, list[float]] = {}
    for scores in score_rows:
        for key, value in (scores or {}).items():
            if isinstance(value, int | float):
                by_criterion.setdefault(key, []).append(float(value))
    gains = [sum(values[-window:]) / window - sum(values[:window]) / window
             for values in by_criterion.values() if len(values) >= 2 * window]
    return max(gains, default=0.0)


def _interview_facts(user) -> dict:
    scores = list(_evaluations(user).order_by("evaluated_at", "id").values_list("scores", flat=True))
    # A badge asks for an interview run to its end with every question answered (interviews.selectors)
    completed = finished_in_full(InterviewSession.objects.filter(candidate=user)).count()
    return {"interviews_completed": completed, "best_criterion_gain": criterion_gain(scores)}


def awards_for(user) -> QuerySet:
    return Award.objects.filter(user=user).order_by("-awarded_at", "-id")


def preferences_for(user) -> Preferences | None:
    return Preferences.objects.filter(user=user).first()


def leaderboard_rows(*, period: str = LeaderboardPeriod.WEEK, limit: int = 100) -> list[LeaderboardEntry]:
    return list(LeaderboardEntry.objects.filter(period=period).order_by("rank", "pseudonym")[:limit])


def leaderboard_entry_for(user, *, period: str) -> LeaderboardEntry | None:
    return LeaderboardEntry.objects.filter(period=period, user=user).first()


def weekly_digest(user, *, now: datetime) -> dict:
    """What the weekly email says: the last 7 days' practice, the streak, new badges and the next step."""
    since = now - timedelta(days=7)
    submissions = _submissions(user).filter(finished_at__gte=since)
    return {
        "submissions": submissions.count(),
        "solved": submissions.filter(verdict=ACCEPTED).values("problem").distinct().count(),
        "interviews": _interviews_completed_since(user, since),
        "streak": streak_for(user, now=now),
        "new_awards": [achievements.BY_CODE[code] for code in
                       Award.objects.filter(user=user, awarded_at__gte=since).values_list("code", flat=True)
                       if code in achievements.BY_CODE],
        "next_action": next_action(user),
    }


def _interviews_completed_since(user, since: datetime) -> int:
    return _interviews_finished(user).filter(ended_at__gte=since).count()


def _study_action(user) -> dict | None:
    """Today's study task, or due reviews, from the candidate's active path (read only: nothing is generated)."""
    from django.urls import reverse

    from studypaths import selectors as study_selectors

    path = study_selectors.active_path_for(user)
    task = study_selectors.next_open_task(path) if path is not None else None
    if task is None:
        return None
    # The Today page's count and words (studypaths.selectors.reviews_due_today): problems, by the end of the day.
    due_reviews = study_selectors.reviews_due_today(user)
    reason = (f"{due_reviews} problem{'s' if due_reviews != 1 else ''} to review today." if due_reviews
              else "The next task of your study path.")
    # The task's own page, not the problem's: a submission made there counts as an attempt on the task (on the
    # practice page only an accepted one does, studypaths.study.count_practice_submission).
    return {"kind": "study_task", "title": f"Today: “{task.problem.title}”", "reason": reason,
            "url": reverse("studypaths:task", args=[task.id])}


def _weakest_category(user, categories: list[dict] | None = None) -> dict | None:
    if categories is None:
        by_category: dict[str, list[float]] = {}
        for question in _questions(user):
            if question.category:
                by_category.setdefault(question.category, []).append(question.score)
        categories = _category_rows(by_category)
    row = min(categories, key=lambda item: item["average"], default=None)
    if row is None or row["average"] >= WEAK_CATEGORY_BELOW:
        return None
    from interviewmaster import capabilities

    label = capabilities.category_name(row["category"])  # the name the report and the charts print
    return {"kind": "interview", "title": f"Practise in a mock interview: {label}",
            "reason": f"Your weakest category so far ({round(row['average'])}/100).",
            "url": f"/interviews/new?category={row['category']}"}


WEAK_CATEGORY_BELOW = 70


def _first_step(user) -> dict | None:
    """A candidate who has done nothing yet starts with the resume: its skills pick the interview's questions and the
    study path's problems. The step is shown while there is no resume, no submission and no interview (deleting the
    only resume before doing anything else brings it back)."""
    from django.urls import reverse

    from resumes.models import Resume

    if (Resume.objects.filter(owner=user, deleted_at__isnull=True).exists()
            or _submissions(user).exists() or InterviewSession.objects.filter(candidate=user).exists()):
        return None
    return {"kind": "upload_resume", "title": "Upload your resume",
            "reason": "Its skills pick your interview questions and your study path's problems. A PDF or DOCX.",
            "url": reverse("resumes:list")}


def next_action(user, *, categories: list[dict] | None = None) -> dict:
    """The one thing to do next: the study path's task (or due reviews), the resume for a candidate who has done
    nothing yet, a problem started and not solved, an interview in the weakest category, the next unsolved problem,
    else an interview."""
    from django.urls import reverse

    action = _study_action(user) or _first_step(user)
    if action:
        return action
    solved = problems_solved_by(user)
    attempted = (CodeRun.objects.filter(user=user, problem__is_published=True).exclude(problem_id__in=solved)
                 .order_by("-created_at").values_list("problem__slug", "problem__title")[:1])
    for slug, title in attempted:
        return {"kind": "retry_problem", "title": f"Finish “{title}”",
                "reason": "You started it and have not passed every test yet.",
                "url": reverse("studypaths:problem", args=[slug])}
    action = _weakest_category(user, categories)
    if action:
        return action
    fresh = (published_problems().exclude(id__in=solved)
             .order_by("module__position", "difficulty", "position").values_list("slug", "title")[:1])
    for slug, title in fresh:
        return {"kind": "new_problem", "title": f"Try “{title}”", "reason": "The next problem you have not solved.",
                "url": reverse("studypaths:problem", args=[slug])}
    return {"kind": "interview", "title": "Start a mock interview", "reason": "You have solved every problem.",
            "url": "/interviews/new"}


# --- the dashboard ---------------------------------------------------------------------------------------------------
TREND_DAYS = 90


def _study_trend(user, *, zone, since: datetime) -> dict[date, list[float]]:
    """Daily mean share of tests passed on submissions (0–100), by local day: each submission's share of the tests
    that ran (`sandbox.share_of_tests_run`, the task's score; judging stops at the first failing hidden test), so the
    dashboard agrees with the study task's score. Only the three counts are read from each result."""
    from django.db.models import IntegerField
    from django.db.models.fields.json import KeyTextTransform
    from django.db.models.functions import Cast

    counts = {key: Cast(KeyTextTransform(key, "result"), IntegerField()) for key in ("passed", "total", "skipped")}
    rows = (_submissions(user).filter(finished_at__gte=since)
            .annotate(day=TruncDate("finished_at", tzinfo=zone), **{f"n_{key}": v for key, v in counts.items()})
            .order_by("day").values_list("day", "n_passed", "n_total", "n_skipped"))
    shares: dict[date, list[float]] = {}
    for day, passed, total, skipped in rows:
        shares.setdefault(day, []).append(share_of_tests_run({"passed": passed, "total": total, "skipped": skipped}))
    return {day: [round(sum(values) * 100.0 / len(values), 1), len(values)] for day, values in shares.items()}


def _topic_accuracy(user) -> list[dict]:
    """Accuracy by module (the key says "topic"): studypaths.selectors.module_accuracy, as the path progress has it."""
    return [{"topic": row["slug"], "title": row["title"], "attempts": row["attempts"], "passed": row["passed"],
             "accuracy": row["accuracy"]} for row in module_accuracy(user)]


def _criteria(user) -> list[dict]:
    """Mean 1–5 per evaluation criterion of the capabilities, aggregated by the database in one query."""
    from django.db.models import Avg, FloatField
    from django.db.models.fields.json import KeyTextTransform
    from django.db.models.functions import Cast

    from interviewmaster import capabilities

    aggregates = {}
    for criterion in capabilities.evaluation_criteria():
        value = Cast(KeyTextTransform(criterion.id, "scores"), FloatField())
        aggregates[f"{criterion.id}__avg"] = Avg(value)
        aggregates[f"{criterion.id}__n"] = Count(value)
    row = _evaluations(user).aggregate(**aggregates) if aggregates else {}
    return [{"criterion": criterion.id, "average": round(row[f"{criterion.id}__avg"], 2),
             "count": row[f"{criterion.id}__n"]}
            for criterion in capabilities.evaluation_criteria() if row.get(f"{criterion.id}__n")]


def _questions(user, *, zone=None) -> Iterator[QuestionScore]:
    """The candidate's interview questions that count, each scored as its report scores it (follow-ups folded into
    their question: interviews.selectors.scores_by_question), in two queries, streamed."""
    return scores_by_question(_evaluations(user), candidate=user, zone=zone or streaks.zone_for(user.timezone))


def _category_rows(by_category: dict[str, list[float]]) -> list[dict]:
    """Per category (its questions' scores in `by_category`): their score as a report computes a category's
    (`reports.category_score`), and how many questions; a candidate with one interview reads the report's figures."""
    from interviews.reports import category_score

    return [{"category": category, "average": category_score(scores), "count": len(scores)}
            for category, scores in sorted(by_category.items())]


def _categories(user, rows: list[dict]) -> list[dict]:
    cohort = cohort_points_for(user)
    return [{**row, "percentile": cohorts.percentile_of(row["average"], cohort[row["category"]])
             if row["category"] in cohort else None} for row in rows]


def cohort_points_for(user) -> dict[str, list[float]]:
    """The cut points of the candidate's cohort (same target role and level) per category, only where the cohort is
    at least ANALYTICS_COHORT_MIN people: below that a percentile could point at individuals."""
    from django.conf import settings

    if not (user.target_role and user.experience_level):
        return {}
    rows = CohortStat.objects.filter(role=user.target_role, level=user.experience_level,
                                     size__gte=settings.ANALYTICS_COHORT_MIN).values_list("category", "cutpoints")
    return dict(rows)


def _week_of(moment: datetime, zone) -> date:
    day = moment.astimezone(zone).date()
    return day - timedelta(days=day.weekday())


MAX_TASK_MINUTES = 180  # a study task left open overnight is not 14 hours of practice


def _minutes_by_week(user, *, zone, since: datetime) -> dict[date, float | int]:
    """Interview time used, plus the time of each study task worked to an outcome (passed or failed), from opening it
    to its verdict, at most MAX_TASK_MINUTES. Skipped and expired tasks (an archived path's are skipped) count nothing:
    one opened in the morning and skipped in the evening counted three hours."""
    from studypaths.models import StudyTask, TaskStatus

    minutes: dict[date, float] = {}
    sessions = _interviews_finished(user).filter(ended_at__gte=since).values_list("ended_at", "time_used_seconds")
    for ended_at, seconds in sessions:
        week = _week_of(ended_at, zone)
        minutes[week] = minutes.get(week, 0) + (seconds or 0) / 60
    tasks = (StudyTask.objects.filter(path__user=user, status__in=[TaskStatus.PASSED, TaskStatus.FAILED],
                                      finished_at__gte=since, started_at__isnull=False)
             .values_list("started_at", "finished_at"))
    for started_at, finished_at in tasks:
        week = _week_of(finished_at, zone)
        spent = min(max((finished_at - started_at).total_seconds() / 60, 0), MAX_TASK_MINUTES)
        minutes[week] = minutes.get(week, 0) + spent
    # every week from the first to the last, a week without practice as 0: the bars stand at their real distance
    # (two weeks apart were drawn side by side) and a gap in the habit shows
    week = min(minutes, default=None)
    while week is not None and week < max(minutes):
        minutes.setdefault(week, 0)
        week += timedelta(days=7)
    return {week: practised_minutes(value) for week, value in minutes.items()}


def practised_minutes(minutes: float) -> float | int:
    """A week's minutes as shown: whole minutes, but a tenth under ten, so a short practice is not "0" (a
    20-second interview rounded down to nothing), and never "5.0" or "10.0"; any practice at all is at least 0.1."""
    tenth = round(minutes, 1)
    if minutes > 0 and tenth == 0:
        return 0.1
    return tenth if tenth < 10 and tenth != int(tenth) else round(minutes)


def _interview_summary(user, *, zone, since: datetime) -> dict:
    """Per-criterion scores (per answer: a rubric criterion scores each answer, follow-ups included), per-category
    scores and the daily interview trend (per question, as the report scores them: `_questions`), and time practised
    per week. A day's interview score is what a report of that day's questions would print as its overall."""
    from interviews.reports import overall_score

    first_day = since.astimezone(zone).date()
    by_day: dict[date, list[float]] = {}
    by_category: dict[str, list[float]] = {}
    for question in _questions(user, zone=zone):  # one pass: the questions are not kept
        if question.day >= first_day:
            by_day.setdefault(question.day, []).append(question.score)
        if question.category:
            by_category.setdefault(question.category, []).append(question.score)
    return {"trend": {day: [overall_score(scores), len(scores)] for day, scores in sorted(by_day.items())},
            "criteria": _criteria(user), "categories": _categories(user, _category_rows(by_category)),
            "minutes_by_week": _minutes_by_week(user, zone=zone, since=since)}


def dashboard_summary(user, *, now: datetime | None = None) -> dict:
    """Everything the dashboard and GET /api/v1/analytics/summary show, in a fixed number of queries."""
    now = now or timezone.now()
    zone = streaks.zone_for(user.timezone)
    since = now - timedelta(days=TREND_DAYS)
    study = _study_trend(user, zone=zone, since=since)
    interviews = _interview_summary(user, zone=zone, since=since)
    days = sorted(set(study) | set(interviews["trend"]))
    streak = streak_for(user, now=now)
    return {
        "generated_at": now.isoformat(),
        "time_zone": str(zone),
        "streak": {"current": streak.current, "longest": streak.longest,
                   "freezes_available": streak.freezes_available, "practised_today": streak.practised_today},
        "score_trend": [{"date": day.isoformat(),
                         "interview": interviews["trend"].get(day, [None])[0],
                         "study": study.get(day, [None])[0]} for day in days],
        "criteria": interviews["criteria"],
        "categories": interviews["categories"],
        "topics": _topic_accuracy(user),
        "minutes_by_week": [{"week": week.isoformat(), "minutes": minutes}
                            for week, minutes in sorted(interviews["minutes_by_week"].items())],
        "next_action": next_action(user, categories=interviews["categories"]),
        "achievements": [{"code": award.code, "name": achievements.BY_CODE[award.code].name,
                          "description": achievements.BY_CODE[award.code].description, "points": award.points,
                          "awarded_at": award.awarded_at.isoformat()}
                         for award in awards_for(user) if award.code in achievements.BY_CODE],
    }


def summary_cache_key(user_id: int) -> str:
    # v2: interviews scored per question (session 36); v3: a category's figure is the mean of the printed question
    # scores, and a question without a category is read in its bank question's (session 38)
    return f"analytics:summary:v3:{user_id}"


SUMMARY_TOMBSTONE_SECONDS = 10


def forget_summary(user_id: int) -> None:
    """Forget a candidate's cached summary (new practice, a changed profile, a deleted account), now and after
    commit, with a short-lived marker: a request that computed the summary from the old rows just before the change
    committed cannot store it afterwards (`interviewmaster/forgettable.py`)."""
    forget_summaries([user_id])


def forget_summaries(user_ids: Iterable[int]) -> None:
    """`forget_summary` of several candidates at once (a beat task changed many study loops): one cache round trip
    now and one after commit, whatever their number."""
    forget_many([summary_cache_key(user_id) for user_id in user_ids], SUMMARY_TOMBSTONE_SECONDS)


def cached_dashboard_summary(user) -> dict:
    """The summary, cached per candidate for ANALYTICS_SUMMARY_CACHE_SECONDS; new practice forgets it."""
    from django.conf import settings

    return read_through(summary_cache_key(user.id), lambda: dashboard_summary(user),
                        settings.ANALYTICS_SUMMARY_CACHE_SECONDS)


# --- expert outcome statistics (admin) ---------------------------------------------------------------------------
SCORE_BUCKETS = ((0, 40), (40, 60), (60, 75), (75, 90), (90, 101))


def expert_outcomes(*, expert=None) -> dict:
    """Per position and per expert: planned interviews with a final score, the score distribution, and how often
    the expert changed the AI's criterion scores (share of interviews with a change, mean size of a change).
    `expert=None` (an admin) covers every expert. Three queries."""
    from django.db.models import Avg

    from planning.models import InterviewPlan, ScoreAdjustment

    plans = InterviewPlan.objects.filter(session__overall__isnull=False)
    adjustments = ScoreAdjustment.objects.all()
    if expert is not None:
        plans, adjustments = plans.filter(expert=expert), adjustments.filter(expert=expert)
    rows = list(plans.values_list("id", "position_id", "position__title", "expert_id", "expert__email",
                                  "session__overall"))
    changed = dict(adjustments.values("plan_id").annotate(n=Count("id")).values_list("plan_id", "n"))
    size = adjustments.aggregate(mean=Avg(models_abs_delta()))["mean"]
    return {"by_position": _outcome_groups(rows, changed, key=1, label=2),
            "by_expert": _outcome_groups(rows, changed, key=3, label=4),
            "mean_change": round(size, 2) if size is not None else None}


def models_abs_delta():
    from django.db.models import F
    from django.db.models.functions import Abs

    return Abs(F("expert_score") - F("ai_score"))


def _outcome_groups(rows, changed: dict[int, int], *, key: int, label: int) -> list[dict]:
    groups: dict = {}
    for row in rows:
        group = groups.setdefault(row[key], {"label": row[label], "scores": [], "changed": 0, "changes": 0})
        group["scores"].append(row[5])
        group["changed"] += 1 if changed.get(row[0]) else 0
        group["changes"] += changed.get(row[0], 0)
    return [{"label": g["label"], "interviews": len(g["scores"]),
             "mean": round(sum(g["scores"]) / len(g["scores"]), 1),
             "buckets": [sum(1 for s in g["scores"] if low <= s < high) for low, high in SCORE_BUCKETS],
             "changed_share": round(g["changed"] / len(g["scores"]), 2), "changes": g["changes"]}
            for g in sorted(groups.values(), key=lambda g: g["label"])]
