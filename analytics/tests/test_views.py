"""analytics pages: leaderboard, badges, preferences."""

import pytest

from accounts.tests.factories import CandidateFactory
from analytics import services
from analytics.models import Preferences
from analytics.tests.factories import AwardFactory, PreferencesFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/analytics/leaderboard/", "/analytics/achievements/", "/analytics/preferences/"])
def test_pages_need_a_login(client, url):
    assert client.get(url).status_code == 302


def test_leaderboard_page_marks_my_row_and_hides_names(client):
    me = PreferencesFactory(pseudonym="Keen Lynx 1111")
    other = PreferencesFactory(pseudonym="Bold Orca 2222")
    AwardFactory(user=me.user, points=5)
    AwardFactory(user=other.user, points=50)
    services.recompute_leaderboard()
    client.force_login(me.user)
    html = client.get("/analytics/leaderboard/?period=all").content.decode()
    assert "You are <strong>#2</strong>" in html
    assert "Bold Orca 2222" in html and other.user.email not in html and other.user.name not in html
    assert 'class="is-me" aria-current="true"' in html


def test_leaderboard_page_invites_who_has_not_opted_in(client):
    user = CandidateFactory()
    client.force_login(user)
    html = client.get("/analytics/leaderboard/?period=nonsense").content.decode()
    assert "You are not on the leaderboard" in html


def test_who_just_opted_in_with_points_is_told_when_they_will_be_listed_not_that_they_have_none(client):
    me = PreferencesFactory(leaderboard_opt_in=False)
    AwardFactory(user=me.user, points=30)
    services.recompute_leaderboard()
    services.update_preferences(user=me.user, leaderboard_opt_in=True, weekly_digest=False)
    client.force_login(me.user)
    html = client.get("/analytics/leaderboard/?period=all").content.decode()
    assert "no points" not in html
    assert "You are not listed yet. The board is updated every 15 minutes" in html


def test_badges_page_shows_earned_and_missing(client):
    user = CandidateFactory()
    AwardFactory(user=user, code="streak_7", points=20)
    client.force_login(user)
    html = client.get("/analytics/achievements/").content.decode()
    assert "1 of " in html and "One week" in html and "not yet" in html


def test_preferences_form_saves(client):
    user = CandidateFactory()
    client.force_login(user)
    response = client.post("/analytics/preferences/", {"leaderboard_opt_in": "on"})
    assert response.status_code == 302
    prefs = Preferences.objects.get(user=user)
    assert prefs.leaderboard_opt_in is True and prefs.weekly_digest is False


def test_the_streak_card_gives_the_longest_streak_in_days(client):
    """It said "Longest 0" and "Longest 1": a number without its unit, beside "1 day"."""
    user = CandidateFactory()
    client.force_login(user)
    html = client.get("/analytics/").content.decode()
    assert "Longest: 0 days" in html and "Longest 0" not in html


def test_the_progress_page_has_one_visible_heading_before_its_cards(client):
    """"Your progress" then "Where you stand": two headings in a row. The section's stays for screen readers."""
    user = CandidateFactory()
    client.force_login(user)
    html = client.get("/analytics/").content.decode()
    assert '<h2 id="progress-heading" class="visually-hidden">Where you stand</h2>' in html
    assert '<h2 id="progress-heading">Where you stand</h2>' in client.get("/").content.decode()  # the home's own
