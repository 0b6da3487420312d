"""The signed-in user's profile zone is the request's current zone: pages and API answers (session or token) show
local times in it; signed-out requests, unknown zones and the time after the response stay UTC."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from rest_framework_simplejwt.tokens import AccessToken

from accounts.tests.factories import CandidateFactory
from accounts.time_zone import UserTimeZoneMiddleware

pytestmark = pytest.mark.django_db

PAGO_PAGO = "Pacific/Pago_Pago"  # UTC-11, no daylight saving


def _zone_during_request(rf, user) -> str:
    seen = []
    request = rf.get("/")
    request.user = user
    UserTimeZoneMiddleware(lambda r: seen.append(timezone.get_current_timezone_name()))(request)
    return seen[0]


def test_the_profile_zone_is_active_during_the_request_and_gone_after(rf):
    assert _zone_during_request(rf, CandidateFactory(timezone=PAGO_PAGO)) == PAGO_PAGO
    assert timezone.get_current_timezone_name() == "UTC"  # a reused thread does not keep the last user's zone


def test_signed_out_and_unknown_zones_use_the_servers_zone(rf):
    assert _zone_during_request(rf, AnonymousUser()) == "UTC"
    assert _zone_during_request(rf, CandidateFactory(timezone="Mars/Olympus_Mons")) == "UTC"


@pytest.mark.parametrize("name", ["Europe", "America/Argentina"])
def test_a_stored_zone_that_names_a_folder_keeps_pages_and_api_working(client, name):
    """The zone database opens a file by the name: "Europe" is a folder (IsADirectoryError, an OSError, not
    ZoneInfoNotFoundError); such a value typed in admin made every page and API answer of the account a 500."""
    user = CandidateFactory(timezone=name)
    client.force_login(user)
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/users/me").json()["date_joined"].endswith("Z")
    token = AccessToken.for_user(user)
    assert client.get("/api/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_a_session_api_answer_gives_times_in_the_profile_zone(client):
    client.force_login(CandidateFactory(timezone=PAGO_PAGO))
    assert client.get("/api/v1/users/me").json()["date_joined"].endswith("-11:00")


def test_a_token_api_answer_gives_times_in_the_profile_zone(client):
    user = CandidateFactory(timezone=PAGO_PAGO)
    body = client.get("/api/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}").json()
    assert body["date_joined"].endswith("-11:00")
    assert timezone.get_current_timezone_name() == "UTC"


def test_a_utc_profile_keeps_utc_times(client):
    client.force_login(CandidateFactory())
    assert client.get("/api/v1/users/me").json()["date_joined"].endswith("Z")
