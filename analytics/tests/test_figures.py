"""A figure the candidate sees on the dashboard and on the study pages means one thing on both (same definition, same
number, words that say what is counted)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import CandidateFactory
from analytics import selectors
from studypaths import selectors as study_selectors
from studypaths import study
from studypaths.models import Problem, ReviewCard
from studypaths.tests.factories import make_track

pytestmark = pytest.mark.django_db


def _later_today() -> datetime:
    """A moment after now and before the study day ends, whatever the time the test runs."""
    now = timezone.now()
    midnight = datetime.combine(now.date() + timedelta(days=1), time.min, tzinfo=UTC)  # the server's zone is UTC
    return now + min(timedelta(hours=1), (midnight - now) / 2)


def test_reviews_due_today_count_cards_due_by_the_end_of_the_day_not_by_now():
    user = CandidateFactory()
    problems = list(Problem.objects.filter(module__tracks=make_track())[:3])
    now = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
    for problem, due in zip(problems, (now - timedelta(days=2), datetime(2026, 3, 10, 23, 59, 59, 999999, tzinfo=UTC),
                                       datetime(2026, 3, 11, 0, 0, tzinfo=UTC)), strict=True):
        ReviewCard.objects.create(user=user, problem=problem, due=due)
    assert study_selectors.end_of_study_day(user, now) == datetime(2026, 3, 11, tzinfo=UTC)
    assert study_selectors.reviews_due_today(user, now=now) == 2  # overdue and later today; not tomorrow's


def test_dashboard_next_step_and_today_page_count_the_same_reviews_in_the_same_words(client):
    user = CandidateFactory()
    client.force_login(user)
    track = make_track()
    study.create_study_path(user=user, track=track, config=study.PathConfig())
    overdue, later, tomorrow = Problem.objects.filter(module__tracks=track)[:3]
    ReviewCard.objects.create(user=user, problem=overdue, due=timezone.now() - timedelta(hours=3))
    ReviewCard.objects.create(user=user, problem=later, due=_later_today())
    ReviewCard.objects.create(user=user, problem=tomorrow, due=timezone.now() + timedelta(days=1, hours=1))

    today_page = client.get("/studypaths/today/").content.decode()
    path_page = client.get("/studypaths/path/").content.decode()
    action = selectors.next_action(user)

    assert "<strong>2</strong> problems to review today" in today_page
    assert "<strong>2</strong> problems to review today" in path_page
    assert action["reason"] == "2 problems to review today."
    assert client.get(f"/api/v1/study-paths/{user.study_paths.get().id}/progress").json()["reviews_due_today"] == 2


def _rows_of(html: str, heading: str) -> list[str]:
    """The row headers of the table under the first heading or caption that reads `heading`."""
    import re

    start = html.index(heading)
    table = html[start:html.index("</table>", start)]
    return re.findall(r'<th scope="row"[^>]*>([^<]*)</th>', table)


def test_accuracy_is_by_module_where_rows_are_modules_and_by_topic_where_they_are_topics(client):
    from analytics.tests.factories import SubmissionFactory
    from studypaths.models import TopicMastery
    from studypaths.tests.factories import ModuleFactory, ProblemFactory

    user = CandidateFactory()
    client.force_login(user)
    study.create_study_path(user=user, track=make_track(), config=study.PathConfig())
    module = ModuleFactory(title="Hashing")
    SubmissionFactory(user=user, problem=ProblemFactory(module=module, topics=["hash map", "strings"]))
    SubmissionFactory(user=user, problem=ProblemFactory(module=module, topics=["hash map"]), verdict="wrong_answer")
    TopicMastery.objects.create(user=user, topic="hash map", attempts=2, failures=1, mastery=0.4)
    TopicMastery.objects.create(user=user, topic="strings", attempts=1, failures=0, mastery=0.3)

    dashboard = client.get("/analytics/").content.decode()
    path_page = client.get("/studypaths/path/").content.decode()

    assert "Submissions passed by topic" not in dashboard  # its rows are modules
    assert _rows_of(dashboard, "Submissions passed by module") == ["Hashing"]
    assert _rows_of(path_page, "Submissions passed by topic") == ["hash map", "strings"]
    # The Today page's share of finished tasks is not called accuracy (which is per submission everywhere).
    assert "% accuracy" not in client.get("/studypaths/today/").content.decode()


def test_the_study_pages_show_the_practice_streak_of_progress(client):
    """A streak is the candidate's (session 40): Today reads the streak Progress shows, in its words. It counts any
    practice day, a practice-page submission too."""
    from analytics.tests.factories import SubmissionFactory

    user = CandidateFactory()
    client.force_login(user)
    study.create_study_path(user=user, track=make_track(), config=study.PathConfig())
    today = client.get("/studypaths/today/").content.decode()
    assert "No practice streak running: practise today to start one" in today
    assert "-day" not in today and "0 day" not in today  # never "0-day streak"
    SubmissionFactory(user=user)

    dashboard = client.get("/analytics/").content.decode()
    today = client.get("/studypaths/today/").content.decode()

    assert "<h3>Practice streak</h3>" in dashboard and '<p class="dash-number">1 day</p>' in dashboard
    assert "Days in a row with any practice" in dashboard  # each figure says what it counts, on the page
    assert "Practice streak: <strong>1</strong> day in a row" in today
    assert "Days in a row with any practice" in today
