"""The expert's plan page gives its times in the expert's own zone, the zone named beside each (session 37 review): an
expert in New York read an invitation's expiry "10 Dec 2026, 15:30" with no zone, beside candidate pages in the
candidate's zone, and could not tell whose 15:30 it was."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from accounts.tests.factories import CandidateFactory
from interviews.models import InterviewSession
from planning.models import InterviewPlan, Invitation, PlanEvent
from planning.tests.factories import PositionFactory
from planning.tests.test_admin import ADMIN, act, create_plan, expert_client

pytestmark = pytest.mark.django_db
__all__ = ["expert_client"]  # the fixture, imported for these tests

EXPIRES = datetime(2026, 12, 10, 15, 30, tzinfo=UTC)  # 10:30 in New York (EST, UTC-5)
APPROVED = datetime(2026, 12, 7, 0, 15, tzinfo=UTC)  # 6 Dec, 19:15 in New York: another day
STARTED = datetime(2026, 12, 8, 14, 0, tzinfo=UTC)


def test_an_expert_in_new_york_reads_the_plan_pages_times_in_new_york_time_with_the_zone(expert_client, bank):
    expert = expert_client.expert
    expert.timezone = "America/New_York"
    expert.save(update_fields=["timezone"])
    plan = create_plan(expert_client, PositionFactory())
    act(expert_client, plan, "approve")
    act(expert_client, plan, "invite", {"subject": "Interview at ACME", "body": "Hi Grace.", "replaces": "0"})
    Invitation.objects.filter(plan=plan).update(expires_at=EXPIRES)
    PlanEvent.objects.create(plan=plan, agent="controller", kind="agent.retried", created_at=APPROVED)

    page = expert_client.get(f"{ADMIN}{plan.id}/change/").content.decode()
    assert "Times on this page are in America/New_York, your profile's time zone" in page
    assert ('its link works until <time datetime="2026-12-10T10:30:00-05:00">10 Dec 2026, 10:30 EST</time>'
            in page)
    assert '<time datetime="2026-12-06T19:15:00-05:00">6 Dec 2026, 19:15 EST</time> · ' in page  # the audit trail
    assert "15:30" not in page

    session = InterviewSession.objects.create(candidate=CandidateFactory(), expert=expert, is_planned=True,
                                              mode="custom_config", started_at=STARTED)
    InterviewPlan.objects.filter(pk=plan.pk).update(session=session)
    page = expert_client.get(f"{ADMIN}{plan.id}/change/").content.decode()
    assert 'interview started <time datetime="2026-12-08T09:00:00-05:00">8 Dec 2026, 09:00 EST</time>' in page


def test_an_expert_without_a_zone_reads_utc_and_is_told_so(expert_client, bank):
    plan = create_plan(expert_client, PositionFactory())
    PlanEvent.objects.create(plan=plan, agent="controller", kind="agent.retried", created_at=APPROVED)
    page = expert_client.get(f"{ADMIN}{plan.id}/change/").content.decode()
    assert "Times on this page are in UTC, your profile's time zone" in page
    assert '<time datetime="2026-12-07T00:15:00+00:00">7 Dec 2026, 00:15 UTC</time>' in page
