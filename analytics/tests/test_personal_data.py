"""Analytics in "download my data" and in account deletion: badges, preferences (with the pseudonym) and leaderboard
rows are exported for their owner only and go with the account; another candidate's stay."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.tests.factories import DEFAULT_PASSWORD
from accounts.tests.stored_text import tables_holding
from analytics import services
from analytics.models import Award, LeaderboardEntry, Preferences
from analytics.selectors import summary_cache_key
from analytics.tests.factories import AwardFactory, PreferencesFactory
from interviewmaster.forgettable import TOMBSTONE
from interviewmaster.testing import body_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_on_the_board():
    mine = PreferencesFactory(pseudonym="Quiet Heron 314159", weekly_digest=False)
    theirs = PreferencesFactory(pseudonym="Brisk Lynx 271828")
    AwardFactory(user=mine.user, code="first_interview", points=10)
    AwardFactory(user=theirs.user, code="first_perfect", points=25)
    services.recompute_leaderboard()
    return mine.user, theirs.user


def test_the_export_holds_the_owners_badges_preferences_and_leaderboard_rows_only(two_on_the_board):
    owner, _ = two_on_the_board
    client = APIClient()
    client.force_authenticate(owner)
    response = client.get("/api/v1/users/me/export")

    body = body_of(response).decode()
    section = json.loads(body)["analytics"]
    assert section["preferences"] == {"leaderboard_opt_in": True, "pseudonym": "Quiet Heron 314159",
                                      "weekly_digest": False, "last_digest_at": None}
    assert [(b["code"], b["points"]) for b in section["badges"]] == [("first_interview", 10)]
    assert {(e["period"], e["rank"], e["points"]) for e in section["leaderboard"]} == {("all", 2, 10),
                                                                                      ("week", 2, 10)}
    assert "Brisk Lynx" not in body and "first_perfect" not in body


def test_deleting_the_account_removes_its_badges_pseudonym_and_leaderboard_rows(two_on_the_board,
                                                                                django_capture_on_commit_callbacks):
    owner, other = two_on_the_board
    cache.set(summary_cache_key(owner.id), {"cached": True})
    with django_capture_on_commit_callbacks(execute=True):
        account_services.delete_account(user=owner, password=DEFAULT_PASSWORD)

    assert not Award.objects.filter(user=owner).exists() and not Preferences.objects.filter(user=owner).exists()
    assert not LeaderboardEntry.objects.filter(user=owner).exists()
    assert tables_holding("Quiet Heron 314159") == []
    assert cache.get(summary_cache_key(owner.id)) == TOMBSTONE  # the copy is gone; a racing reader cannot store one
    # The other candidate keeps everything, and the next rebuild ranks them first.
    assert Award.objects.filter(user=other).count() == 1 and Preferences.objects.filter(user=other).exists()
    services.recompute_leaderboard()
    assert list(LeaderboardEntry.objects.values_list("user_id", "rank")) == [(other.id, 1), (other.id, 1)]
