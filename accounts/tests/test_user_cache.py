"""The signed-in user from the cache (accounts/user_cache.py): no query per request while warm, and every change to the
user takes effect on the next request."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts import services
from accounts.models import Role, User
from accounts.services import issue_tokens
from accounts.tests.factories import CandidateFactory, MentorFactory
from accounts.user_cache import TOMBSTONE, _key, cached_user, forget_user

pytestmark = pytest.mark.django_db

ME = "/api/v1/users/me"


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.USER_CACHE_SECONDS = 300


def settle(user) -> None:
    """What the passing of TOMBSTONE_SECONDS does: the forget marker of the user's last change expires."""
    cache.delete(_key(user.pk))


def user_queries(run) -> int:
    with CaptureQueriesContext(connection) as ctx:
        run()
    return sum('FROM "accounts_user"' in q["sql"] for q in ctx.captured_queries)


def api_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_tokens(user=user)['access']}")
    settle(user)
    return client


def test_a_warm_api_request_does_not_read_the_user_row():
    user = CandidateFactory()
    client = api_client(user)
    assert user_queries(lambda: client.get(ME)) == 1  # cold: read once, then stored
    assert cache.get(_key(user.pk)).pk == user.pk
    assert user_queries(lambda: client.get(ME)) == 0


def test_a_warm_page_request_does_not_read_the_user_row():
    user = CandidateFactory()
    client = Client()
    client.force_login(user)
    settle(user)
    assert client.get("/studypaths/").status_code == 200
    assert user_queries(lambda: client.get("/studypaths/")) == 0


def test_deactivation_takes_effect_on_the_next_api_request():
    user = CandidateFactory()
    client = api_client(user)
    assert client.get(ME).status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(ME).status_code == 401


def test_a_role_change_takes_effect_on_the_next_request():
    user = CandidateFactory()
    client = api_client(user)
    assert client.get(ME).json()["role"] == Role.CANDIDATE
    services.change_role(user=user, role=Role.MENTOR)
    assert client.get(ME).json()["role"] == Role.MENTOR


def test_a_password_change_signs_the_browser_session_out():
    user = CandidateFactory()
    client = Client()
    client.force_login(user)
    settle(user)
    assert client.get("/studypaths/").status_code == 200  # now cached
    user.password = make_password("a-new-secret-123")
    user.save(update_fields=["password"])
    response = client.get("/studypaths/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_deleting_the_user_signs_them_out():
    user = MentorFactory()
    client = api_client(user)
    assert client.get(ME).status_code == 200
    User.objects.filter(pk=user.pk).delete()
    assert client.get(ME).status_code == 401


def test_a_reader_that_read_before_a_change_cannot_store_the_old_row():
    user = CandidateFactory()
    settle(user)
    stale = User.objects.get(pk=user.pk)
    forget_user(user.pk)  # the change lands between the reader's SELECT and its store
    cache.add(_key(user.pk), stale, 300)  # what cached_user does after reading: refused over the marker
    assert cache.get(_key(user.pk)) == TOMBSTONE
    assert cached_user(user.pk).pk == user.pk  # readers go to the database meanwhile
    assert cache.get(_key(user.pk)) == TOMBSTONE


def test_the_update_calls_in_services_forget_the_row(rf):
    user = CandidateFactory(failed_login_count=2)
    settle(user)
    cached_user(user.pk)
    services.unlock_account(user=user)
    assert cache.get(_key(user.pk)) == TOMBSTONE


def test_zero_seconds_turns_the_cache_off(settings):
    settings.USER_CACHE_SECONDS = 0
    user = CandidateFactory()
    client = api_client(user)
    client.get(ME)
    assert user_queries(lambda: client.get(ME)) == 1
    assert cache.get(_key(user.pk)) is None


@pytest.mark.parametrize("bad", ["abc", "", None, "1 OR 1=1", "9" * 40])
def test_a_malformed_id_is_no_user(bad):
    assert cached_user(bad) is None
