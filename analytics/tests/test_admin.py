"""Experts' outcome statistics in admin: their own planned interviews only; admins see every expert."""

import pytest
from django.utils import timezone

from accounts.tests.factories import CandidateFactory, ExpertFactory

pytestmark = pytest.mark.django_db


def _planned(expert, *, title, overall, adjust=False):
    from interviews.models import InterviewSession, Turn
    from planning.models import InterviewPlan, Position, ScoreAdjustment

    position, _ = Position.objects.get_or_create(title=title, defaults={"role": "backend_engineer"})
    candidate = CandidateFactory()
    session = InterviewSession.objects.create(candidate=candidate, mode="planned", state="evaluated",
                                              overall=overall, expert=expert)
    plan = InterviewPlan.objects.create(expert=expert, position=position, candidate_name="C",
                                        candidate_email=candidate.email, candidate=candidate, session=session)
    if adjust:
        turn = Turn.objects.create(session=session, index=1, kind="question", prompt="Q", asked_at=timezone.now())
        ScoreAdjustment.objects.create(plan=plan, expert=expert, turn=turn, criterion="correctness", ai_score=2,
                                       expert_score=4, reason="The code was right; the tests were flaky.")
    return plan


def _staff_expert():
    expert = ExpertFactory()
    expert.is_staff = True
    expert.save(update_fields=["is_staff"])
    return expert


def test_expert_sees_the_outcomes_of_their_own_interviews(client):
    expert, other = _staff_expert(), _staff_expert()
    _planned(expert, title="Backend Engineer", overall=80, adjust=True)
    _planned(expert, title="Backend Engineer", overall=50)
    _planned(other, title="Data Engineer", overall=95)
    client.force_login(expert)
    response = client.get("/admin/analytics/positionoutcome/")
    assert response.status_code == 200
    stats = response.context["stats"]
    assert [(r["label"], r["interviews"], r["mean"], r["changed_share"]) for r in stats["by_position"]] == [
        ("Backend Engineer", 2, 65.0, 0.5)]
    assert stats["by_position"][0]["buckets"] == [0, 1, 0, 1, 0]
    assert stats["mean_change"] == 2.0
    assert "Data Engineer" not in response.content.decode()


def test_admin_sees_every_expert(client, admin_user):
    _planned(_staff_expert(), title="Backend Engineer", overall=80)
    _planned(_staff_expert(), title="Data Engineer", overall=95)
    client.force_login(admin_user)
    stats = client.get("/admin/analytics/positionoutcome/").context["stats"]
    assert len(stats["by_expert"]) == 2 and len(stats["by_position"]) == 2


def test_candidates_never_reach_the_statistics(client):
    client.force_login(CandidateFactory())
    assert client.get("/admin/analytics/positionoutcome/").status_code == 302  # to the admin login
