"""The expert watches the planned interview through the interview websocket as a read-only observer."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from accounts.tests.factories import CandidateFactory, ExpertFactory
from interviewmaster.testing import session_cookie, websocket
from planning import interview_link
from planning.models import InterviewPlan
from planning.tests.factories import InterviewPlanFactory, PlanVersionFactory, planned_question

pytestmark = pytest.mark.django_db(transaction=True)


def socket(session_id: int, user) -> WebsocketCommunicator:
    return websocket(f"/ws/interviews/{session_id}/", session_cookie(user))


def _started_plan():
    candidate = CandidateFactory()
    plan = InterviewPlanFactory(state="invited", candidate=candidate, candidate_email=candidate.email,
                                config={"question_distribution": {"databases": {"medium": 1}}})
    version = PlanVersionFactory(plan=plan, questions=[planned_question()])
    InterviewPlan.objects.filter(pk=plan.pk).update(current_version=version)
    plan.refresh_from_db()
    session = interview_link.start_planned_interview(plan=plan, candidate=candidate)
    return plan, session


async def test_the_plans_expert_joins_as_observer_and_another_expert_is_refused():
    plan, session = await database_sync_to_async(_started_plan)()
    expert = await database_sync_to_async(lambda: plan.expert)()
    watcher = socket(session.id, expert)
    connected, _ = await watcher.connect()
    assert connected
    state = await watcher.receive_json_from(timeout=10)
    assert state["type"] == "state" and state["role"] == "observer"
    await watcher.send_json_to({"type": "session.finish"})  # an observer cannot act
    reply = await watcher.receive_json_from(timeout=10)
    assert reply["type"] == "error"
    await watcher.disconnect()
    stranger = socket(session.id, await database_sync_to_async(ExpertFactory)())
    assert await stranger.close_code() == 4404  # plan-watch.js reads it and stops reconnecting
