"""Signing out everywhere ends every API token issued before it, access tokens included (they used to live on for up
to JWT_ACCESS_MINUTES after logout-all, a password change or reset): accounts.services.revoke_all_tokens moves the
user's token generation on, and a token carrying an older one is refused at once (401 `token_revoked`)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from accounts import services
from accounts.models import User
from accounts.tests.factories import DEFAULT_PASSWORD, CandidateFactory, MentorFactory
from accounts.user_cache import _key
from interviewmaster.testing import error_of

pytestmark = pytest.mark.django_db

ME = "/api/v1/users/me"
REFRESH = "/api/v1/auth/token/refresh"
NEW_PASSWORD = "brand-new-secret-77"
DASHBOARD = "/analytics/"


def get_me(access: str):
    return APIClient().get(ME, HTTP_AUTHORIZATION=f"Bearer {access}")


def refresh_with(refresh: str):
    return APIClient().post(REFRESH, {"refresh": refresh}, format="json")


def assert_revoked(pair: dict) -> None:
    """Both halves of a pair issued before the event are refused, each with `token_revoked`."""
    me = get_me(pair["access"])
    assert error_of(me) == (401, "token_revoked")
    assert me["WWW-Authenticate"].startswith("Bearer")
    assert error_of(refresh_with(pair["refresh"])) == (401, "token_revoked")


def signed_in_browser(user: User) -> Client:
    browser = Client()
    browser.force_login(user)
    assert browser.get(DASHBOARD).status_code == 200
    return browser


def assert_signed_out(browser: Client) -> None:
    response = browser.get(DASHBOARD)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def assert_works(user: User) -> None:
    """A pair issued after the event works, and so does the pair its refresh token is exchanged for."""
    pair = services.issue_tokens(user=User.objects.get(pk=user.pk))  # as a login reads it
    assert get_me(pair["access"]).status_code == 200
    rotated = refresh_with(pair["refresh"])
    assert rotated.status_code == 200
    assert get_me(rotated.json()["access"]).status_code == 200


def test_logout_all_ends_the_access_tokens_issued_before_it_the_callers_own_included():
    mentor, other = MentorFactory(), MentorFactory()
    caller, elsewhere = services.issue_tokens(user=mentor), services.issue_tokens(user=mentor)
    others = services.issue_tokens(user=other)
    response = APIClient().post("/api/v1/auth/logout-all", HTTP_AUTHORIZATION=f"Bearer {caller['access']}")
    assert response.status_code == 200 and response.json() == {"revoked": 2}
    assert_revoked(caller)
    assert_revoked(elsewhere)
    assert get_me(others["access"]).status_code == 200  # another user's tokens are untouched
    assert_works(mentor)


def test_an_access_token_made_at_a_refresh_before_logout_all_dies_with_it():
    user = CandidateFactory()
    rotated = refresh_with(services.issue_tokens(user=user)["refresh"]).json()
    assert get_me(rotated["access"]).status_code == 200
    services.revoke_all_tokens(user=user)
    assert_revoked(rotated)


def test_the_password_change_page_ends_the_api_tokens_issued_before_it(client):
    user = CandidateFactory()
    before = services.issue_tokens(user=user)
    client.force_login(user)
    elsewhere = signed_in_browser(user)
    response = client.post("/accounts/password/change/", {"oldpassword": DEFAULT_PASSWORD,
                                                          "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert_revoked(before)
    assert_works(user)
    assert client.get(DASHBOARD).status_code == 200  # the browser that changed it stays signed in
    assert_signed_out(elsewhere)


def test_a_password_reset_ends_the_api_tokens_issued_before_it(client, django_capture_on_commit_callbacks):
    user = CandidateFactory()
    before = services.issue_tokens(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": user.email})
    key_url = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    form_url = client.get(key_url)["Location"]
    assert client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 302
    assert_revoked(before)
    assert_works(user)


def test_a_password_set_in_the_admin_ends_the_users_api_tokens(admin_user):
    user = MentorFactory()
    before = services.issue_tokens(user=user)
    client = Client()
    client.force_login(admin_user)
    response = client.post(f"/admin/accounts/user/{user.pk}/password/",
                           {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert_revoked(before)
    assert_works(user)


def test_account_deletion_ends_every_token_for_good():
    user = MentorFactory()
    before = services.issue_tokens(user=user)
    generation = User.objects.get(pk=user.pk).token_generation
    services.delete_account(user=user, password=DEFAULT_PASSWORD)
    assert get_me(before["access"]).status_code == 401  # an inactive account's tokens were refused already
    assert error_of(refresh_with(before["refresh"]))[0] == 401
    # ... and stay dead if the account were ever reactivated: the final save did not write the old number back.
    assert User.objects.get(pk=user.pk).token_generation > generation
    User.objects.filter(pk=user.pk).update(is_active=True, deleted_at=None)
    assert error_of(get_me(before["access"])) == (401, "token_revoked")


def test_a_login_that_rehashes_the_password_is_no_password_change():
    user = CandidateFactory()
    before = services.issue_tokens(user=user)
    # Stored by an older hasher: the next correct login upgrades the hash (AbstractBaseUser.check_password).
    User.objects.filter(pk=user.pk).update(password=make_password(DEFAULT_PASSWORD, hasher="pbkdf2_sha256"))
    login = APIClient().post("/api/v1/auth/token", {"email": user.email, "password": DEFAULT_PASSWORD},
                             format="json")
    assert login.status_code == 200
    assert User.objects.get(pk=user.pk).password.startswith("argon2")
    assert get_me(before["access"]).status_code == 200
    assert refresh_with(before["refresh"]).status_code == 200


def test_a_full_save_of_a_copy_loaded_before_logout_all_does_not_revive_the_tokens():
    user = CandidateFactory()
    before = services.issue_tokens(user=user)
    stale = User.objects.get(pk=user.pk)  # e.g. an admin form or a request that loaded the row a moment earlier
    services.revoke_all_tokens(user=user)
    stale.name = "Renamed"
    stale.save()
    fresh = User.objects.get(pk=user.pk)
    assert fresh.name == "Renamed" and fresh.token_generation == user.token_generation
    assert_revoked(before)


def test_tokens_from_before_the_claim_work_until_the_first_sign_out_everywhere():
    user = CandidateFactory()
    old = str(AccessToken.for_user(user))  # no generation claim, as issued before this release
    assert "gen" not in AccessToken(old).payload
    assert get_me(old).status_code == 200
    services.revoke_all_tokens(user=user)
    assert error_of(get_me(old)) == (401, "token_revoked")


def test_with_the_user_cache_on_the_revocation_takes_effect_on_the_next_request(settings):
    settings.USER_CACHE_SECONDS = 300
    user = CandidateFactory()
    before = services.issue_tokens(user=user)
    cache.delete(_key(user.pk))  # the sign-in's forget marker has expired
    assert get_me(before["access"]).status_code == 200
    assert cache.get(_key(user.pk)).pk == user.pk  # the next request would be served from the cache
    response = APIClient().post("/api/v1/auth/logout-all", HTTP_AUTHORIZATION=f"Bearer {before['access']}")
    assert response.status_code == 200
    assert error_of(get_me(before["access"])) == (401, "token_revoked")


def test_the_schema_documents_token_revoked():
    import yaml

    schema = yaml.safe_load(APIClient().get("/api/schema/").content)
    for path in ("/api/v1/auth/logout-all", "/api/v1/auth/token/refresh"):
        assert "token_revoked" in schema["paths"][path]["post"]["responses"]["401"]["description"], path
    assert "token_revoked" in schema["paths"][ME]["get"]["responses"]["401"]["description"]


def test_a_token_minted_from_a_row_read_before_logout_all_is_refused():
    """A login or refresh racing logout-all may read the user row just before the revocation commits; what it issues
    carries the old number and is refused like the rest (no lock needed between them)."""
    user = CandidateFactory()
    read_before = User.objects.get(pk=user.pk)
    services.revoke_all_tokens(user=user)
    assert_revoked(services.issue_tokens(user=read_before))


def test_logout_all_signs_every_browser_out_too():
    user, other = CandidateFactory(), CandidateFactory()
    browsers, others = [signed_in_browser(user), signed_in_browser(user)], signed_in_browser(other)
    pair = services.issue_tokens(user=user)
    response = APIClient().post("/api/v1/auth/logout-all", HTTP_AUTHORIZATION=f"Bearer {pair['access']}")
    assert response.status_code == 200
    for browser in browsers:
        assert_signed_out(browser)
    assert others.get(DASHBOARD).status_code == 200
    assert signed_in_browser(User.objects.get(pk=user.pk))  # a new sign-in works


def test_sessions_made_before_the_rule_stay_valid_until_the_first_sign_out_everywhere():
    from django.contrib.auth.base_user import AbstractBaseUser

    user = CandidateFactory()
    assert user.token_generation == 0
    assert user.get_session_auth_hash() == AbstractBaseUser._get_session_auth_hash(user)  # Django's own
    services.revoke_all_tokens(user=user)
    assert user.get_session_auth_hash() != AbstractBaseUser._get_session_auth_hash(user)


def test_deactivating_an_account_ends_its_tokens_and_sessions_for_good():
    user = MentorFactory()
    before, browser = services.issue_tokens(user=user), signed_in_browser(user)
    user.is_active = False
    user.save()  # as the admin's "active" box does
    user.is_active = True
    user.save()
    assert_revoked(before)  # switched on again, the old tokens stay dead
    assert_signed_out(browser)
    assert_works(user)


def test_saving_an_inactive_account_without_touching_is_active_is_no_new_deactivation():
    user = CandidateFactory(is_active=False)
    generation = User.objects.get(pk=user.pk).token_generation
    user.name = "Renamed"
    user.save(update_fields=["name"])
    assert User.objects.get(pk=user.pk).token_generation == generation


@pytest.mark.parametrize("claims", [{"gen": "x"}, {"gen": None}, {"gen": [1]}, {"gen": True}, {"exp": 10 ** 15},
                                    {"user_id": 1.5}, {"user_id": [1]}])
def test_a_signed_token_with_a_malformed_claim_is_a_401_not_a_500(claims):
    """Only with the signing key, but a 500 all the same: the generation compared a string with a number, a far
    `exp` overflowed, and a user id of 1.5 was user 1."""
    user = CandidateFactory()
    token = AccessToken.for_user(user)
    token.payload.update(claims)
    response = get_me(str(token))
    assert response.status_code == 401, response.content
