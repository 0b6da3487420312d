"""Data migrations of interviews, run forwards on rows written under the previous schema."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as current_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accounts.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("interviews", "0004_interview_engine")]
AFTER = [("interviews", "0006_evaluation_candidate_required")]


def test_existing_evaluations_get_their_sessions_candidate():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    sessions, turns = apps.get_model("interviews", "InterviewSession"), apps.get_model("interviews", "Turn")
    evaluations = apps.get_model("interviews", "Evaluation")
    now = timezone.now()
    expected = {}
    for n in range(2):
        user = CandidateFactory()  # accounts is at its latest schema: the current model writes it
        session = sessions.objects.create(candidate_id=user.id, mode="mock", role="backend_engineer")
        for index in (1, 2):
            turn = turns.objects.create(session=session, index=index, kind="question", prompt="Explain.",
                                       status="evaluated", asked_at=now)
            evaluation = evaluations.objects.create(turn=turn, overall=50, evaluated_at=now)
            expected[evaluation.id] = user.id
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    rows = dict(apps.get_model("interviews", "Evaluation").objects.values_list("id", "candidate_id"))
    assert rows == expected
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_answers_judged_before_judged_at_was_a_field_still_count_against_the_budget():
    """The budget reads answers by `judged_at` since 0012; the recent ones judged before it count from when they were
    given, as the budget read them then, not as nothing (a fresh budget for everyone at deploy)."""
    from interviews.models import InterviewSession, Turn
    from studypaths.services import judge_seconds_used

    backfill = importlib.import_module("interviews.migrations.0013_backfill_answer_judged_at")
    user, now = CandidateFactory(), timezone.now()
    session = InterviewSession.objects.create(candidate=user, mode="mock", role="backend_engineer")

    def judged(index, age, wall_ms):
        return Turn.objects.create(session=session, index=index, kind="question", prompt="Code it.",
                                   status="evaluated", asked_at=now - age, submitted_at=now - age,
                                   judge_wall_ms=wall_ms)

    recent, old, words = judged(1, timedelta(minutes=2), 4200), judged(2, timedelta(days=3), 9000), \
        judged(3, timedelta(minutes=1), None)
    assert judge_seconds_used(user=user) == 0

    backfill.forwards(current_apps, None)

    assert Turn.objects.get(id=recent.id).judged_at == recent.submitted_at
    assert Turn.objects.get(id=old.id).judged_at is None and Turn.objects.get(id=words.id).judged_at is None
    assert judge_seconds_used(user=user) == pytest.approx(4.2)


def test_reports_written_before_with_nothing_answered_lose_their_zero_score():
    """Before session 33 an interview finished without an answer was reported "0/100, an early-stage performance"
    with an overall of 0 and counted as a finished interview; 0014 gives it the report it gets now."""
    from analytics.selectors import achievement_facts
    from interviews.models import InterviewSession

    migration = importlib.import_module("interviews.migrations.0014_reports_with_nothing_answered")
    user = CandidateFactory()
    old = {"overall": 0, "answered_questions": 0, "total_questions": 3, "summary": "0 of 3 questions answered; "
           "overall 0/100, an early-stage performance.", "recommendations": ["Move up one difficulty level and keep "
           "practising under time pressure."], "summary_provider": "offline"}
    # both run to their last question (what a badge also asks: analytics reads finished_in_full)
    empty = InterviewSession.objects.create(candidate=user, mode="mock", state="evaluated", overall=0, report=old,
                                            end_reason="last_question")
    zero = InterviewSession.objects.create(candidate=user, mode="mock", state="evaluated", overall=0,
                                           report={**old, "answered_questions": 1},  # answered, and scored 0
                                           end_reason="last_question")
    assert achievement_facts(user).interviews_completed == 2

    migration.forwards(current_apps, None)

    empty.refresh_from_db()
    zero.refresh_from_db()
    assert empty.overall is None and empty.report["overall"] is None and empty.report["recommendations"] == []
    assert empty.report["summary"].startswith("No question was answered")
    assert zero.overall == 0 and zero.report["recommendations"] == old["recommendations"]
    assert achievement_facts(user).interviews_completed == 1
