"""A lived-in demo candidate for `make run` (load_demo): a realistic resume, parsed, a few code runs and one finished
mock interview with its report.

Everything goes through the real services, so the demo shows what a candidate would see. Idempotent: nothing is added
when the candidate already has a resume, runs or an interview.
"""

from __future__ import annotations

import io
import logging
import time
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

logger = logging.getLogger(__name__)

RESUME_LINES = [
    "Casey Candidate", "casey.candidate@demo.interviewmaster.local | Berlin", "",
    "SUMMARY",
    "Backend engineer with 6 years of experience building APIs and data-heavy services in Python.", "",
    "EXPERIENCE",
    "Senior Backend Engineer, Parcelly", "Mar 2022 – Present",
    "- Designed REST APIs with Django and Django REST Framework on PostgreSQL; Celery and Redis for background jobs.",
    "- Moved the services to Kubernetes with Docker and Terraform on AWS; on-call with Prometheus and Grafana.",
    "Backend Developer, Lumen Health", "Jan 2019 – Feb 2022",
    "- FastAPI services, pytest suites, GitHub Actions pipelines; Kafka events between services.",
    "", "EDUCATION", "BSc Computer Science, Technical University of Berlin, 2018", "",
    "SKILLS", "Python, Django, FastAPI, PostgreSQL, Redis, Celery, Docker, Kubernetes, Terraform, AWS, Git",
]

# (problem slug, kind, code): one accepted submission, one wrong answer on the examples, one accepted example run.
RUNS = [
    ("two-sum", "submission", "def two_sum(nums, target):\n    seen = {}\n    for i, x in enumerate(nums):\n"
                              "        if target - x in seen:\n            return [seen[target - x], i]\n"
                              "        seen[x] = i\n    return []\n"),
    ("reverse-words", "examples", "def reverse_words(s):\n    return ' '.join(s.split(' ')[::-1])\n"),
    ("reverse-words", "examples", "def reverse_words(s):\n    return ' '.join(reversed(s.split()))\n"),
]


def _resume_docx() -> bytes:
    import docx

    document = docx.Document()
    for line in RESUME_LINES:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def seed_resume(candidate) -> str:
    from resumes import services
    from resumes.models import Resume

    if Resume.objects.alive().owned_by(candidate).exists():
        return "demo resume already present"
    upload = SimpleUploadedFile("casey-candidate-resume.docx", _resume_docx(),
                                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    resume = services.upload_resume(owner=candidate, file=upload)  # parsed by Celery (eagerly without Redis)
    return f"demo resume uploaded (#{resume.id})"


def seed_runs(candidate) -> str:
    from studypaths import sandbox
    from studypaths.models import CodeRun, Problem
    from studypaths.services import request_run

    if CodeRun.objects.filter(user=candidate).exists():
        return "demo runs already present"
    mode, detail = sandbox.sandbox_mode()
    if mode == sandbox.MODE_REFUSED:
        return f"no demo runs: the code sandbox is unavailable here ({detail})"
    made = 0
    for slug, kind, code in RUNS:
        problem = Problem.objects.filter(slug=slug).first()
        if problem is not None:
            request_run(user=candidate, problem=problem, language="python", code=code, kind=kind)
            made += 1
    return f"{made} demo code runs queued"


# The demo expert's positions: without one the first "Add plan" form had an empty position list.
DEMO_POSITIONS = [
    {"title": "Backend engineer (Python)", "department": "Platform", "role": "backend_engineer",
     "job_description": "Build and run the Django services behind our product: APIs, background jobs, PostgreSQL.",
     "required_skills": ["python", "django", "postgresql"], "nice_to_have_skills": ["redis", "celery", "docker"]},
    {"title": "Frontend engineer", "department": "Product", "role": "frontend_engineer",
     "job_description": "Build the candidate-facing pages: accessible HTML and CSS, React where it helps.",
     "required_skills": ["javascript", "html", "css"], "nice_to_have_skills": ["react", "typescript"]},
]


def seed_positions(expert) -> str:
    from planning.models import Position
    from planning.services import create_position

    made = 0
    for fields in DEMO_POSITIONS:
        if not Position.objects.filter(title=fields["title"], created_by=expert).exists():
            create_position(**fields, created_by=expert)
            made += 1
    return f"{made} demo positions created" if made else "demo positions already present"


# The demo interview: three bank questions answered with the calibration set's own answers (its tune half: answers
# written and graded by the team, data/evaluation/calibration.json), strong, mediocre, strong, plus the judge problem's
# reference solution for the coding question. Its follow-ups are answered on their topic after the strong answers and
# with an honest "not sure" after the mediocre one (the same "not sure" three times read as canned), so the report
# shows a spread of scores and its advice has something to say. A follow-up's wording depends on the provider; these
# answer what any follow-up on that question is about.
DEMO_QUESTIONS = [("coding-pair-with-target-sum", "strong"), ("lang-python-gil", "mediocre"),
                  ("behavioral-mistake-in-production", "strong")]
WARM_UP_ANSWER = "I build backend services in Python and Django, and lately I have been moving them to Kubernetes."
FOLLOW_UP_ANSWER = ("I am not sure. I would start from the simplest version that works, measure it, and change the "
                    "design only where the numbers say so.")
FOLLOW_UP_ANSWERS = {
    "coding-pair-with-target-sum": (
        "It does not hold if I insert before I check: with [3, 4] and target 6 the 3 would pair with itself, so I "
        "look the complement up first and only then store the value. With duplicates like [3, 3] the first 3 is "
        "already in the map when the second arrives, so that pair is found. If the array were sorted I could use "
        "two pointers instead and need only O(1) extra space, at the cost of O(n log n) to sort and losing the "
        "original indices unless I keep them alongside."),
    "behavioral-mistake-in-production": (
        "We added tests for the rounding with fixtures in every currency we bill in, including zero-decimal ones like "
        "JPY, and a check in the release pipeline that compares a sample of invoice totals from the new code with "
        "the previous release before the rollout goes past ten percent. Any migration that touches money now needs "
        "a second reviewer from the billing team, and we alert when refunds in a day jump above their usual range. "
        "Nothing similar has reached customers since."),
}
STEP_WAIT_SECONDS = 60  # with a real worker, how long to wait for the next question or the report


def _demo_answers() -> dict[str, str]:
    """external id -> the calibration answer of the kind DEMO_QUESTIONS names."""
    from interviewmaster.ai import calibration

    kinds = dict(DEMO_QUESTIONS)
    return {row["question_id"]: next(a["text"] for a in row["answers"] if a["kind"] == kinds[row["question_id"]])
            for row in calibration.load() if row["question_id"] in kinds}


def _demo_answer(turn, answers: dict[str, str]) -> tuple[str, str]:
    """(text, code) for the open turn."""
    from interviews.models import Question
    from interviews.selectors import main_turn
    from studypaths.models import Problem

    if turn.kind == "warm_up":
        return WARM_UP_ANSWER, ""
    snapshot = main_turn(turn).snapshot or {}
    question = Question.objects.filter(id=snapshot.get("question_id")).first()
    if turn.kind != "question":
        return FOLLOW_UP_ANSWERS.get(question.external_id if question else "", FOLLOW_UP_ANSWER), ""
    text = answers.get(question.external_id, "") if question else ""
    problem = Problem.objects.filter(slug=snapshot.get("problem") or "").first()
    code = (problem.reference_solutions or {}).get("python", "") if problem else ""
    return text or FOLLOW_UP_ANSWER, code


def _wait_for(session, ready) -> bool:
    """Poll until `ready(session)` (eager tasks make it immediate; a real worker takes a moment)."""
    deadline = time.monotonic() + STEP_WAIT_SECONDS
    while True:
        session.refresh_from_db()
        if ready(session):
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)


def seed_interview(candidate) -> str:
    """One finished quick-start interview on DEMO_QUESTIONS, answered through the real services and graded by the
    configured provider (offline by default), so the dashboard, the interview list and the report have something to
    show. Runs outside any transaction: each answer's next step and evaluation are tasks sent on commit."""
    from interviews import policy, services
    from interviews.models import LIVE_STATES, InterviewSession, Question, Turn, TurnStatus
    from studypaths import sandbox

    if InterviewSession.objects.filter(candidate=candidate).exists():
        return "demo interview already present"
    if transaction.get_connection().in_atomic_block:  # its steps are sent on commit: inside a transaction none would be
        return "no demo interview: load_demo ran inside a transaction"
    mode, detail = sandbox.sandbox_mode()
    if mode == sandbox.MODE_REFUSED:
        return f"no demo interview: the code sandbox is unavailable here ({detail})"
    bank = Question.objects.in_bulk([external_id for external_id, _ in DEMO_QUESTIONS], field_name="external_id")
    if len(bank) < len(DEMO_QUESTIONS):
        return "no demo interview: the shipped question bank is not loaded"
    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                     config={"languages": ["python"], "max_follow_ups_per_question": 1,
                                             "adaptive_difficulty": False})  # keep the demo's questions
    # the demo's own questions instead of the selection's, snapshotted as the selection would have done
    session.question_plan = [services._question_snapshot(bank[external_id]) for external_id, _ in DEMO_QUESTIONS]
    session.time_budget_seconds = policy.time_budget_seconds([q["difficulty"] for q in session.question_plan])
    session.save(update_fields=["question_plan", "time_budget_seconds"])
    services.begin_session(session=session, actor=candidate)
    answers = _demo_answers()

    def open_turn():
        return Turn.objects.filter(session=session, status=TurnStatus.OPEN).first()

    while _wait_for(session, lambda s: s.state not in LIVE_STATES or open_turn() is not None):
        turn = open_turn()
        if turn is None:
            break
        text, code = _demo_answer(turn, answers)
        services.submit_answer(session=session, candidate=candidate, text=text, code=code,
                               language="python" if code else "", turn_id=turn.id)
    if not _wait_for(session, lambda s: s.state == "evaluated"):
        return (f"demo interview #{session.id} answered; its report is still being written (the interview is "
                f"{session.get_state_display().lower()})")
    minutes = lived_in_timings(session)
    return f"demo interview #{session.id} finished in {minutes} minutes, overall {session.overall:g}/100"


# How a person takes the demo's turns (seconds): reading the prompt at ~4 words a second, thinking before the first
# keystroke, writing at ~25 words a minute (a line of code ~20 s), reading it over before sending, and the moment
# between an answer and the next question.
READ_WORDS_PER_SECOND = 4
THINK_SECONDS = {"warm_up": 10, "question": 45, "follow_up": 20}
WRITE_WORDS_PER_MINUTE = 25
SECONDS_PER_CODE_LINE = 20
REVIEW_SECONDS = 20
BETWEEN_TURNS_SECONDS = 8
EVALUATION_SECONDS = 6  # from an answer to its evaluation


def turn_seconds(turn) -> tuple[int, int]:
    """(seconds to the first keystroke, seconds spent) for a demo turn answered as a person would, within its limit."""
    think = round(len(turn.prompt.split()) / READ_WORDS_PER_SECOND) + THINK_SECONDS.get(turn.kind, 20)
    code_lines = [line for line in turn.answer_code.splitlines() if line.strip()]
    spent = (think + round(len(turn.answer_text.split()) * 60 / WRITE_WORDS_PER_MINUTE)
             + len(code_lines) * SECONDS_PER_CODE_LINE + REVIEW_SECONDS)
    if turn.time_limit_seconds:
        spent = min(spent, turn.time_limit_seconds * 9 // 10)
    return min(think, spent), spent


def lived_in_timings(session, *, now=None) -> int:
    """Give the seeded interview, answered by the seed in a second or two, the timings of a person taking it (each
    turn asked, first typed in, submitted and evaluated as `turn_seconds` says, one after another, ending `now`), then
    rebuild its report from them with the summary it has: the dashboard's time per week, the report's durations and
    the interview list's minutes then read like a lived-in account, not 0 s. Returns the minutes the interview took.
    The audit events (append-only) keep the moments the seed really wrote them."""
    from datetime import timedelta
    from types import SimpleNamespace

    from django.utils import timezone

    from analytics.selectors import forget_summary
    from interviews.models import Evaluation, InterviewSession, Turn
    from interviews.reports import build_report

    now = now or timezone.now()
    turns = list(Turn.objects.filter(session=session).order_by("index"))
    plan = [(turn, *turn_seconds(turn)) for turn in turns]
    total = sum(spent for _, _, spent in plan) + BETWEEN_TURNS_SECONDS * len(plan)
    started = now - timedelta(seconds=total + EVALUATION_SECONDS)
    with transaction.atomic():
        moment = started
        for turn, first_key, spent in plan:
            submitted = moment + timedelta(seconds=spent)
            Turn.objects.filter(id=turn.id).update(
                asked_at=moment, first_keystroke_at=moment + timedelta(seconds=first_key),
                first_keystroke_seconds=first_key, submitted_at=submitted, draft_saved_at=submitted,
                elapsed_seconds=spent, running_since=None)
            Evaluation.objects.filter(turn=turn).update(evaluated_at=submitted + timedelta(seconds=EVALUATION_SECONDS))
            moment = submitted + timedelta(seconds=BETWEEN_TURNS_SECONDS)
        ended = moment - timedelta(seconds=BETWEEN_TURNS_SECONDS)
        InterviewSession.objects.filter(id=session.id).update(
            created_at=started, started_at=started, ended_at=ended, last_activity_at=ended, running_since=None,
            time_used_seconds=round((ended - started).total_seconds()), paused_seconds=0, paused_since=None,
            report_ready_at=now)
        session.refresh_from_db()
        stored = session.report or {}
        summary = SimpleNamespace(provider=stored.get("summary_provider", ""), data={
            key: stored.get(key, default) for key, default in
            (("summary", ""), ("strengths", []), ("weaknesses", []), ("recommendations", []))})
        report = build_report(session, summary=summary)
        InterviewSession.objects.filter(id=session.id).update(report=report, overall=report["overall"])
        forget_summary(session.candidate_id)  # a dashboard summary cached from the 0-second rows goes
    session.refresh_from_db()
    return round(session.time_used_seconds / 60)


DEMO_TRACK = "backend-engineer"
DEMO_TASK_MINUTES = 17  # how long the demo candidate took over the first task (the seed solves it in a second)
MENTOR_COMMENT = ("Nice and clean. Next time, say the complexity out loud before you code it: interviewers listen for "
                  "that.")


def seed_study_path(candidate, mentor=None) -> str:
    """A study path on the backend track with today's tasks, the first one solved with its problem's reference solution
    (judged by the real sandbox) and, when the candidate has a mentor, the mentor's comment on it, so the study page,
    the dashboard and the mentor's API show a path in progress. Runs outside any transaction, as the judge's run is
    sent on commit."""
    from studypaths import sandbox, study
    from studypaths.models import StudyPath, StudyTask, TaskStatus, Track

    if StudyPath.objects.filter(user=candidate).exists():
        return "demo study path already present"
    if transaction.get_connection().in_atomic_block:
        return "no demo study path: load_demo ran inside a transaction"
    track = Track.objects.filter(slug=DEMO_TRACK).first()
    if track is None:
        return "no demo study path: the shipped problem bank is not loaded"
    path = study.create_study_path(user=candidate, track=track, config=study.PathConfig(hours_per_week=5))
    tasks = list(StudyTask.objects.filter(path=path).select_related("problem").order_by("id"))
    mode, detail = sandbox.sandbox_mode()
    first = next((t for t in tasks if (t.problem.reference_solutions or {}).get("python")), None)
    if first is None or mode == sandbox.MODE_REFUSED:
        return f"demo study path started ({_tasks(tasks)})"
    study.submit_task(user=candidate, task_id=first.id, language="python",
                      code=first.problem.reference_solutions["python"])
    deadline = time.monotonic() + STEP_WAIT_SECONDS
    while True:
        first.refresh_from_db()
        if first.status != TaskStatus.SUBMITTED or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    if first.status == TaskStatus.PASSED and first.started_at and first.finished_at:
        # the path page's "Average time" read "1 s": the seed's own speed, not a person's
        first.started_at = first.finished_at - timedelta(minutes=DEMO_TASK_MINUTES)
        first.created_at = min(first.created_at, first.started_at)  # a task is not started before it exists
        first.save(update_fields=["started_at", "created_at"])
    if mentor is not None and first.status == TaskStatus.PASSED:
        study.add_comment(author=mentor, task=first, text=MENTOR_COMMENT)
    tasks = list(StudyTask.objects.filter(path=path))  # a pass adds the next batch
    return f"demo study path started ({_tasks(tasks)}; “{first.problem.title}” {first.get_status_display().lower()})"


def _tasks(tasks: list) -> str:
    return f"{len(tasks)} task{'' if len(tasks) == 1 else 's'}"
