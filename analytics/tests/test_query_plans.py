"""The dashboard summary's reads of a candidate's history go through the indexes made for them (PostgreSQL plans).

With sequential scans priced out, a query that has no usable index still falls back to one, so a query that stops
matching its index (a join reintroduced, a filter the partial index does not cover) shows here, not only in the bench.
"""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import CandidateFactory
from analytics import selectors
from analytics.tests.factories import SubmissionFactory, evaluated_answer

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

HISTORY_INDEXES = {"interviews_evaluation": ("evaluation_candidate_time",),
                   "studypaths_coderun": ("coderun_user_submissions", "coderun_user_recent")}


def test_every_summary_read_of_evaluations_and_submissions_uses_its_index():
    user = CandidateFactory(target_role="backend_engineer", experience_level="mid")
    for overall in (40, 70, 90):
        evaluated_answer(user, overall=overall)
        SubmissionFactory(user=user)
    with CaptureQueriesContext(connection) as captured:
        selectors.dashboard_summary(user)
    checked = []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in captured.captured_queries:
            table = next((name for name in HISTORY_INDEXES if f'FROM "{name}"' in query["sql"]), None)
            if table is None:
                continue
            cursor.execute("EXPLAIN " + query["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert f"Seq Scan on {table}" not in plan, (query["sql"], plan)
            assert any(index in plan for index in HISTORY_INDEXES[table]), (query["sql"], plan)
            checked.append(table)
    # evaluations: practice days, criteria, and one read for the per-question trend and categories (two before)
    assert checked.count("interviews_evaluation") >= 3 and checked.count("studypaths_coderun") >= 4


def test_the_per_question_read_of_evaluations_is_an_index_only_scan():
    """The dashboard's per-question trend and categories read each evaluation's turn (to fold follow-ups into their
    question): the index (candidate, evaluated_at) INCLUDE (category, overall) did not hold it, so the read was an
    index scan fetching every row from the heap (2,000 for a heavy candidate). With `turn` included it is index-only."""
    from interviews.models import Evaluation, Turn

    user = CandidateFactory(target_role="backend_engineer", experience_level="mid")
    main = evaluated_answer(user, overall=40).turn
    follow_up = Turn.objects.create(session=main.session, index=2, kind="follow_up", parent=main, question_number=1,
                                    prompt="Why?", category="coding", difficulty="medium", status="evaluated",
                                    asked_at=main.asked_at, submitted_at=main.submitted_at)
    Evaluation.objects.create(turn=follow_up, category="coding", overall=80, evaluated_at=main.submitted_at)
    with CaptureQueriesContext(connection) as captured:
        scores = list(selectors._questions(user))
    assert [round(score.score) for score in scores] == [60]
    reads = [q["sql"] for q in captured.captured_queries if 'FROM "interviews_evaluation"' in q["sql"]]
    assert len(reads) == 1 and '"interviews_evaluation"."turn_id"' in reads[0]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")  # left the choice between an index and an index-only scan
        cursor.execute("EXPLAIN " + reads[0])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using evaluation_candidate_time on interviews_evaluation" in plan, plan
