"""Data migrations of interviews, run forwards on rows written under the previous schema."""

import pytest
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
