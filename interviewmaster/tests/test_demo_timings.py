"""The demo's seeded interview is answered by `load_demo` in a second or two; `demo_data.lived_in_timings` gives it a
person's timings so the dashboard's "time practised per week" is not a 0-minute bar, the report's per-answer
durations are minutes, not 0 s, and the practice streak counts the day (interviewmaster/demo_data.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished(bank, candidate, on_commit):
    from interviews.models import InterviewSession
    from interviews.tests.test_api import api_for, create, play_to_the_end

    api = api_for(candidate)
    session_id = create(api, config={"languages": ["python"], "max_follow_ups_per_question": 1}).json()["id"]
    on_commit(api.post, f"/api/v1/interviews/{session_id}/begin")
    play_to_the_end(api, session_id, on_commit)
    session = InterviewSession.objects.get(id=session_id)
    assert session.state == "evaluated"
    return session


@pytest.fixture
def bank(db):
    from interviews.tests.factories import load_shipped_bank

    load_shipped_bank()


@pytest.fixture
def candidate(db):
    from accounts.tests.factories import CandidateFactory

    return CandidateFactory(target_role="backend_engineer", experience_level="mid")


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return run


def test_the_seeded_interview_reads_as_minutes_not_seconds(finished):
    from analytics import selectors
    from interviewmaster.demo_data import lived_in_timings, turn_seconds
    from interviews.models import Evaluation, Turn

    before = finished.report
    assert finished.time_used_seconds < 60  # what the seed leaves: answered in an instant
    now = timezone.now()
    minutes = lived_in_timings(finished, now=now)
    finished.refresh_from_db()

    assert 8 <= minutes <= 45 and finished.time_used_seconds <= finished.time_budget_seconds
    assert finished.ended_at <= now and finished.report_ready_at == now
    assert finished.started_at == finished.created_at == finished.ended_at - timedelta(
        seconds=finished.time_used_seconds)
    turns = list(Turn.objects.filter(session=finished).order_by("index"))
    previous_end = finished.started_at
    for turn in turns:
        first_key, spent = turn_seconds(turn)
        assert turn.asked_at >= previous_end  # one after another, never overlapping
        assert turn.asked_at < turn.first_keystroke_at < turn.submitted_at <= finished.ended_at
        assert turn.elapsed_seconds == spent == (turn.submitted_at - turn.asked_at).total_seconds()
        assert 0 < first_key < spent <= max(turn.time_limit_seconds, spent) and turn.running_since is None
        evaluation = Evaluation.objects.filter(turn=turn).first()
        if evaluation is not None:
            assert turn.submitted_at < evaluation.evaluated_at <= now
        previous_end = turn.submitted_at
    main = turns[1]
    assert main.kind == "question" and main.elapsed_seconds >= 120  # a main answer takes minutes

    report = finished.report
    durations = [t["behaviour"]["seconds_spent"] for q in report["questions"] for t in q["turns"]]
    assert durations and all(d >= 30 for d in durations)
    assert all(t["behaviour"]["seconds_to_first_keystroke"] < t["behaviour"]["seconds_spent"]
               for q in report["questions"] for t in q["turns"])
    for key in ("overall", "summary", "strengths", "weaknesses", "recommendations", "by_category", "by_criterion",
                "summary_provider"):
        assert report[key] == before[key], key  # only the timings changed

    summary = selectors.cached_dashboard_summary(finished.candidate)
    assert sum(w["minutes"] for w in summary["minutes_by_week"]) == minutes
    streak = selectors.streak_for(finished.candidate, now=now)
    assert streak.current >= 1 and streak.practised_today
