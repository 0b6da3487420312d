"""The analytics API: own summary, a mentee's summary for their mentor only, leaderboard, badges, preferences."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import MentorAssignment
from accounts.tests.factories import CandidateFactory, MentorFactory
from analytics import services
from analytics.tests.factories import AwardFactory, PreferencesFactory, SubmissionFactory
from studypaths.tests.factories import ModuleFactory, ProblemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_summary_shows_trend_topics_streak_and_next_step(api):
    user = CandidateFactory()
    module = ModuleFactory(slug="hashing", title="Hashing")
    now = timezone.now()
    SubmissionFactory(user=user, problem=ProblemFactory(module=module), finished_at=now)
    SubmissionFactory(user=user, problem=ProblemFactory(module=module), verdict="wrong_answer",
                      finished_at=now - timedelta(days=1))
    api.force_authenticate(user)
    body = api.get("/api/v1/analytics/summary").json()
    assert body["streak"]["current"] == 2
    assert [t["topic"] for t in body["topics"]] == ["hashing"]
    assert body["topics"][0] == {"topic": "hashing", "title": "Hashing", "attempts": 2, "passed": 1,
                                 "accuracy": 0.5}
    studies = [point["study"] for point in body["score_trend"]]
    assert studies == [pytest.approx(44.4, abs=0.1), 100.0]
    assert body["next_action"]["kind"] == "retry_problem"


def test_summary_is_only_for_candidates(api):
    api.force_authenticate(MentorFactory())
    response = api.get("/api/v1/analytics/summary")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_summary_needs_a_login(api):
    assert api.get("/api/v1/analytics/summary").status_code == 401


def _summary_queries(api, user) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    api.force_authenticate(user)
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/api/v1/analytics/summary").status_code == 200
    return len(queries)


def test_summary_query_count_does_not_grow_with_history(api, django_assert_max_num_queries):
    light, heavy = CandidateFactory(), CandidateFactory()
    SubmissionFactory(user=light, verdict="wrong_answer")  # the same branch of next_action for both
    for n in range(25):
        SubmissionFactory(user=heavy, verdict="accepted" if n % 2 else "wrong_answer")
    assert _summary_queries(api, heavy) == _summary_queries(api, light)
    with django_assert_max_num_queries(16):
        _summary_queries(api, heavy)


def test_new_practice_refreshes_the_cached_summary(api, django_capture_on_commit_callbacks):
    from studypaths.models import CodeRun
    from studypaths.signals import run_judged

    user = CandidateFactory()
    api.force_authenticate(user)
    assert api.get("/api/v1/analytics/summary").json()["topics"] == []
    run = SubmissionFactory(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        run_judged.send(sender=CodeRun, run=run)
    assert len(api.get("/api/v1/analytics/summary").json()["topics"]) == 1


def test_mentor_reads_an_assigned_candidates_summary(api):
    mentor, candidate = MentorFactory(), CandidateFactory()
    MentorAssignment.objects.create(mentor=mentor, candidate=candidate)
    SubmissionFactory(user=candidate)
    api.force_authenticate(mentor)
    response = api.get(f"/api/v1/mentees/{candidate.id}/analytics")
    assert response.status_code == 200
    assert response.json()["topics"][0]["passed"] == 1


def test_mentor_gets_404_for_a_candidate_who_is_not_theirs(api):
    mentor, other_mentor, candidate = MentorFactory(), MentorFactory(), CandidateFactory()
    MentorAssignment.objects.create(mentor=other_mentor, candidate=candidate)
    api.force_authenticate(mentor)
    response = api.get(f"/api/v1/mentees/{candidate.id}/analytics")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_candidate_cannot_read_another_candidates_summary(api):
    candidate, other = CandidateFactory(), CandidateFactory()
    api.force_authenticate(candidate)
    response = api.get(f"/api/v1/mentees/{other.id}/analytics")
    assert response.status_code == 403


def test_leaderboard_shows_pseudonyms_and_my_rank_never_names(api):
    mine = PreferencesFactory(pseudonym="Swift Heron 1234")
    other = PreferencesFactory(pseudonym="Calm Yak 9999")
    AwardFactory(user=mine.user, points=10)
    AwardFactory(user=other.user, points=20)
    services.recompute_leaderboard()
    api.force_authenticate(mine.user)
    body = api.get("/api/v1/analytics/leaderboard?period=all").json()
    assert body["rows"] == [{"rank": 1, "pseudonym": "Calm Yak 9999", "points": 20},
                            {"rank": 2, "pseudonym": "Swift Heron 1234", "points": 10}]
    assert body["me"] == {"rank": 2, "pseudonym": "Swift Heron 1234", "points": 10}
    assert other.user.email not in str(body) and other.user.name not in str(body)


def test_leaderboard_rejects_an_unknown_period(api):
    api.force_authenticate(CandidateFactory())
    response = api.get("/api/v1/analytics/leaderboard?period=forever")
    assert response.status_code == 400
    assert "period" in response.json()["error"]["fields"]


def test_achievements_list_the_whole_catalogue_with_what_i_earned(api):
    user = CandidateFactory()
    AwardFactory(user=user, code="first_perfect", points=15)
    api.force_authenticate(user)
    rows = api.get("/api/v1/analytics/achievements?limit=100").json()["items"]
    earned = [row["code"] for row in rows if row["awarded_at"]]
    assert earned == ["first_perfect"] and len(rows) > 5


def test_preferences_round_trip_and_validate(api):
    user = CandidateFactory()
    api.force_authenticate(user)
    assert api.get("/api/v1/analytics/preferences").json()["leaderboard_opt_in"] is False
    response = api.put("/api/v1/analytics/preferences", {"leaderboard_opt_in": True, "weekly_digest": False},
                       format="json")
    assert response.status_code == 200
    assert response.json()["leaderboard_opt_in"] is True and response.json()["weekly_digest"] is False
    bad = api.put("/api/v1/analytics/preferences", {"leaderboard_opt_in": "maybe"}, format="json")
    assert bad.status_code == 400


def test_next_step_of_a_study_path_opens_the_task_page_where_submissions_count(api, client):
    from studypaths import study
    from studypaths.tests.factories import make_track

    user = CandidateFactory()
    study.create_study_path(user=user, track=make_track(), config=study.PathConfig())
    task = study.get_next_task(user=user)
    api.force_authenticate(user)
    action = api.get("/api/v1/analytics/summary").json()["next_action"]
    assert action["kind"] == "study_task"
    assert action["url"] == f"/studypaths/tasks/{task.id}/"
    client.force_login(user)
    page = client.get(action["url"])
    assert page.status_code == 200
    assert f"/studypaths/tasks/{task.id}/submit/" in page.content.decode()  # Submit goes to the task, not the problem


def test_a_profile_zone_change_refreshes_the_cached_summary(api):
    user = CandidateFactory()
    api.force_authenticate(user)
    assert api.get("/api/v1/analytics/summary").json()["time_zone"] == "UTC"  # now cached
    assert api.patch("/api/v1/users/me", {"timezone": "Pacific/Pago_Pago"}, format="json").status_code == 200
    assert api.get("/api/v1/analytics/summary").json()["time_zone"] == "Pacific/Pago_Pago"


def test_signing_in_keeps_the_cached_summary(api, django_assert_num_queries):
    from analytics import selectors

    user = CandidateFactory()
    cache.clear()  # the factory's saves left a forget marker (no copy is stored while one lives): let it expire
    selectors.cached_dashboard_summary(user)
    user.save(update_fields=["last_login"])  # a sign-in: nothing the summary reads
    with django_assert_num_queries(0):
        selectors.cached_dashboard_summary(user)


def test_a_summary_computed_while_the_profile_changes_is_not_kept(django_capture_on_commit_callbacks, monkeypatch):
    """A request computed the summary from the old profile just before another request changed the zone and
    committed: it must not store that copy (the dashboard counted the old zone's days for the cache's lifetime)."""
    from analytics import selectors

    user = CandidateFactory(timezone="UTC")
    cache.clear()
    compute = selectors.dashboard_summary

    def compute_then_change(candidate):
        found = compute(candidate)
        changed = type(candidate).objects.get(pk=candidate.pk)
        changed.timezone = "Asia/Tokyo"
        with django_capture_on_commit_callbacks(execute=True):
            changed.save()
        return found

    monkeypatch.setattr(selectors, "dashboard_summary", compute_then_change)
    assert selectors.cached_dashboard_summary(user)["time_zone"] == "UTC"  # the racing reader answers what it read
    monkeypatch.setattr(selectors, "dashboard_summary", compute)
    user.refresh_from_db()
    assert selectors.cached_dashboard_summary(user)["time_zone"] == "Asia/Tokyo"  # and the next one reads the change
