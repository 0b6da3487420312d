"""Every `/api/v1/mentees/...` endpoint answers alike: 403 `permission_denied` to anyone who is not a mentor (a
candidate got 403 on the profile but 404 on the interviews), 404 `not_found` to a mentor asking about someone who is
not their active mentee, and the data to the assigned mentor."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.tests.factories import (
    AdminFactory,
    CandidateFactory,
    ExpertFactory,
    MentorAssignmentFactory,
    MentorFactory,
)
from studypaths import study
from studypaths.tests.factories import make_track

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    ("get", "/api/v1/mentees/{candidate}/"),
    ("get", "/api/v1/mentees/{candidate}/interviews"),
    ("get", "/api/v1/mentees/{candidate}/analytics"),
    ("get", "/api/v1/mentees/{candidate}/study-paths"),
    ("get", "/api/v1/mentees/{candidate}/study-paths/{path}/progress"),
    ("get", "/api/v1/mentees/{candidate}/study-tasks"),
    ("get", "/api/v1/mentees/{candidate}/study-tasks/{task}"),
    ("post", "/api/v1/mentees/{candidate}/study-tasks/{task}/comments"),
]


@pytest.fixture
def mentee():
    candidate, mentor = CandidateFactory(), MentorFactory()
    MentorAssignmentFactory(candidate=candidate, mentor=mentor)
    path = study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
    return candidate, mentor, path


def _call(user, method: str, template: str, candidate, path):
    client = APIClient()
    client.force_authenticate(user)
    url = template.format(candidate=candidate.id, path=path.id, task=path.tasks.first().id)
    return getattr(client, method)(url, {"text": "Look at the edge cases."} if method == "post" else None,
                                   format="json")


@pytest.mark.parametrize(("method", "template"), ENDPOINTS)
def test_every_mentee_endpoint_answers_non_mentors_403_other_mentors_404_and_the_mentor_the_data(
        mentee, method, template):
    candidate, mentor, path = mentee
    for outsider in (candidate, CandidateFactory(), ExpertFactory(), AdminFactory()):
        response = _call(outsider, method, template, candidate, path)
        assert response.status_code == 403, (outsider.role, response.status_code)
        assert response.json()["error"]["code"] == "permission_denied"
    stranger = _call(MentorFactory(), method, template, candidate, path)
    assert stranger.status_code == 404
    assert stranger.json()["error"] == {"code": "not_found", "message": "Not one of your active mentees.",
                                        "fields": {}}
    assert _call(mentor, method, template, candidate, path).status_code == (201 if method == "post" else 200)
