"""`load_demo` leaves a lived-in demo candidate: a parsed resume, a few judged code runs, a finished interview
and a study path in progress with a mentor's comment."""

from __future__ import annotations

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)  # the demo interview advances on real commits


def test_demo_candidate_has_a_parsed_resume_and_judged_runs(django_capture_on_commit_callbacks, bubblewrap):
    import io

    from accounts.models import User
    from interviews.models import Question
    from resumes.models import Resume, ResumeStatus
    from studypaths.models import CodeRun

    printed = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=printed)
    candidate = User.objects.get(email="candidate@demo.interviewmaster.local")
    resume = Resume.objects.get(owner=candidate)
    assert resume.status == ResumeStatus.READY and resume.is_active
    assert [(p["title"], p["company"]) for p in resume.facts["positions"]] == [
        ("Senior Backend Engineer", "Parcelly"), ("Backend Developer", "Lumen Health")]
    assert {"python", "django", "postgresql", "kubernetes"} <= set(resume.skills.values_list("skill_id", flat=True))
    assert "Most recently" in resume.analysis["summary"] or "Currently works" in resume.analysis["summary"]
    from studypaths.models import TaskEvaluation

    practice = CodeRun.objects.filter(user=candidate).exclude(id__in=TaskEvaluation.objects.values("run_id"))
    verdicts = sorted(practice.values_list("verdict", flat=True))
    assert verdicts == ["accepted", "accepted", "wrong_answer"]
    from interviewmaster.demo_data import DEMO_QUESTIONS
    from interviews.models import InterviewSession

    session = InterviewSession.objects.get(candidate=candidate)
    assert session.state == "evaluated" and session.end_reason == "last_question"
    assert [q["question_id"] for q in session.question_plan] == [
        q.id for q in (Question.objects.get(external_id=e) for e, _ in DEMO_QUESTIONS)]
    report = session.report
    mains = [q["turns"][0]["score"] for q in report["questions"]]  # the main answers, before follow-ups fold in
    assert report["answered_questions"] == 3 and max(mains) >= 70 and max(mains) - min(mains) >= 25  # a spread
    tests = report["questions"][0]["turns"][0]["test_results"]  # the reference solution, judged
    assert tests["passed"] == tests["total"] > 0
    assert any(s.startswith("Explained: ") for s in report["strengths"])
    # answered as a person would (demo_data.lived_in_timings): minutes on the dashboard and in the report, not 0 s
    from analytics.selectors import dashboard_summary

    assert 8 * 60 <= session.time_used_seconds <= session.time_budget_seconds
    assert sum(w["minutes"] for w in dashboard_summary(candidate)["minutes_by_week"]) >= 8
    assert all(t["behaviour"]["seconds_spent"] >= 30 for q in report["questions"] for t in q["turns"])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")  # idempotent
    assert Resume.objects.filter(owner=candidate).count() == 1 and CodeRun.objects.filter(user=candidate).count() == 4
    assert InterviewSession.objects.filter(candidate=candidate).count() == 1
    from studypaths.models import StudyPath, StudyTask, TaskEvent

    # a study path in progress: its first task solved by the real judge, the mentor's comment on it, the next batch
    path = StudyPath.objects.get(user=candidate)
    assert path.track.slug == "backend-engineer" and path.status == "active"
    tasks = list(StudyTask.objects.filter(path=path).order_by("id"))
    assert tasks[0].status == "passed" and tasks[0].attempts == 1 and len(tasks) >= 2
    assert (tasks[0].finished_at - tasks[0].started_at).total_seconds() == 17 * 60  # a person's time, not the seed's
    assert tasks[0].created_at <= tasks[0].started_at  # not started before it existed
    # it said "(1 tasks; …)": counted before the pass added the next batch, and not in the singular
    assert f"demo study path started ({len(tasks)} tasks; “{tasks[0].problem.title}” passed)" in printed.getvalue()
    comment = TaskEvent.objects.get(task=tasks[0], kind="comment")
    assert comment.actor.email == "mentor@demo.interviewmaster.local" and "complexity" in comment.data["text"]
    assert StudyPath.objects.filter(user=candidate).count() == 1  # the second load_demo added none
