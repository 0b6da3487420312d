"""Company coaching: profiles load with the bank, a company track gets a prep brief from the profile and the
candidate's weak topics, and the company's focus areas weigh in task generation."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.tests.factories import CandidateFactory
from studypaths import study
from studypaths.coaching import prep_brief
from studypaths.models import CompanyProfile, TopicMastery, Track
from studypaths.services import load_problem_bank
from studypaths.tests.factories import make_track

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank():
    load_problem_bank()


def test_profiles_load_with_the_bank_and_tracks_can_target_them(bank):
    assert CompanyProfile.objects.filter(kind="company").count() >= 4
    assert CompanyProfile.objects.filter(kind="loop").count() >= 2
    assert Track.objects.get(slug="google-coding-loop").company.slug == "google"
    load_problem_bank()  # idempotent
    assert CompanyProfile.objects.filter(slug="google").count() == 1


def test_brief_follows_the_profile_and_the_weak_topics(bank):
    user = CandidateFactory()
    path = study.create_study_path(user=user, track=Track.objects.get(slug="google-coding-loop"),
                                   config=study.PathConfig())
    TopicMastery.objects.create(user=user, topic="graph", mastery=0.2, attempts=4, failures=3)
    TopicMastery.objects.create(user=user, topic="tree", mastery=0.9, attempts=5)
    brief = prep_brief(path)
    assert brief["company"] == "google" and brief["focus_now"][0] == "graph"
    states = {r["topic"]: r["state"] for r in brief["readiness"]}
    assert states["tree"] == "ready" and states["graph"] == "needs work" and states["heap"] == "not started"
    assert any(r["behavioural"] for r in brief["rounds"]) and any("STAR" in step for step in brief["plan"])
    assert brief["style_notes"]
    client = APIClient()
    client.force_authenticate(user)
    assert client.get(f"/api/v1/study-paths/{path.id}/brief").json()["focus_now"][0] == "graph"


def test_a_track_without_a_company_has_no_brief(client):
    user = CandidateFactory()
    path = study.create_study_path(user=user, track=make_track(), config=study.PathConfig())
    api = APIClient()
    api.force_authenticate(user)
    response = api.get(f"/api/v1/study-paths/{path.id}/brief")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_company_focus_areas_weigh_in_generation():
    user = CandidateFactory()
    track = make_track(modules=1, problems=[(0, 1, ["arrays"]), (0, 1, ["graph"])])
    track.company = CompanyProfile.objects.create(slug="acme", name="Acme", focus_areas=["graph"])
    track.save()
    path = study.create_study_path(user=user, track=track, config=study.PathConfig())
    assert path.tasks.order_by("id").first().problem.topics == ["graph"]
