"""Issue 17 item 5: refresh rotation is atomic and a reused refresh token revokes its family.

The race is tested through the running app (live_server, real threads, PostgreSQL row locks): twenty parallel
refreshes with one token used to return up to 19 independently usable refresh tokens.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from accounts import services
from accounts.models import User
from accounts.services import tokens
from accounts.tests.factories import CandidateFactory, MentorFactory
from interviewmaster.testing import error_of

REFRESH = "/api/v1/auth/token/refresh"


def _post(base: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(base + REFRESH, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


@pytest.fixture
def _no_auth_throttle(settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "auth": "10000/minute", "ip": "10000/minute",
             "anon": "10000/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    from rest_framework.throttling import SimpleRateThrottle

    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = rates
    yield
    SimpleRateThrottle.THROTTLE_RATES = original


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_refreshes_with_one_token_let_exactly_one_through(live_server, _no_auth_throttle):
    user = CandidateFactory()
    refresh = services.issue_tokens(user=user)["refresh"]
    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(lambda _: _post(live_server.url, {"refresh": refresh}), range(20)))
    statuses = sorted(status for status, _ in answers)
    assert statuses == [200] + [401] * 19, statuses
    assert {body["error"]["code"] for status, body in answers if status == 401} == {"token_reused"}
    # The losers presented a used token: the whole family is revoked, the winner's new token included.
    winner = next(body for status, body in answers if status == 200)
    status, body = _post(live_server.url, {"refresh": winner["refresh"]})
    assert status == 401 and body["error"]["code"] == "token_reused"


@pytest.mark.django_db
def test_rotation_gives_a_new_pair_and_the_old_token_is_used_up(api_client):
    user = CandidateFactory()
    first = services.issue_tokens(user=user)["refresh"]
    second = api_client.post(REFRESH, {"refresh": first}, format="json").json()["refresh"]
    third = api_client.post(REFRESH, {"refresh": second}, format="json")
    assert third.status_code == 200


@pytest.mark.django_db
def test_reusing_a_rotated_token_revokes_its_family_but_not_other_sessions(api_client):
    user = CandidateFactory()
    stolen = services.issue_tokens(user=user)["refresh"]
    other_session = services.issue_tokens(user=user)["refresh"]
    legitimate = api_client.post(REFRESH, {"refresh": stolen}, format="json").json()["refresh"]
    reuse = api_client.post(REFRESH, {"refresh": stolen}, format="json")
    assert reuse.status_code == 401 and reuse.json()["error"]["code"] == "token_reused"
    assert api_client.post(REFRESH, {"refresh": legitimate}, format="json").json()["error"]["code"] == "token_reused"
    assert api_client.post(REFRESH, {"refresh": other_session}, format="json").status_code == 200


def _me(api_client, access: str):
    return api_client.get("/api/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {access}")


@pytest.mark.django_db
def test_reusing_a_rotated_token_signs_the_sessions_access_tokens_out_too(api_client):
    """The refresh endpoint said "its session has been signed out", yet the access token made at the rotation went on
    working (until JWT_ACCESS_MINUTES): only logout-all ended access tokens. Sessions are refresh-token families: the
    reused token's session ends, access tokens and all; the account's other sessions go on."""
    user = MentorFactory()
    first = services.issue_tokens(user=user)  # A1/R1
    other_session = services.issue_tokens(user=user)
    second = api_client.post(REFRESH, {"refresh": first["refresh"]}, format="json").json()  # A2/R2
    assert _me(api_client, second["access"]).status_code == 200
    assert error_of(api_client.post(REFRESH, {"refresh": first["refresh"]}, format="json")) == (401, "token_reused")
    for access in (first["access"], second["access"]):
        refused = _me(api_client, access)
        assert error_of(refused) == (401, "token_revoked")
        assert "refresh tokens was used twice" in refused.json()["error"]["message"]
    assert _me(api_client, other_session["access"]).status_code == 200
    rotated = api_client.post(REFRESH, {"refresh": other_session["refresh"]}, format="json")
    assert rotated.status_code == 200 and _me(api_client, rotated.json()["access"]).status_code == 200
    assert _me(api_client, services.issue_tokens(user=user)["access"]).status_code == 200  # a new sign-in works


@pytest.mark.django_db
def test_a_full_save_of_a_copy_loaded_before_the_reuse_does_not_revive_the_session(api_client):
    user = CandidateFactory()
    first = services.issue_tokens(user=user)
    second = api_client.post(REFRESH, {"refresh": first["refresh"]}, format="json").json()
    stale = User.objects.get(pk=user.pk)  # a request or an admin form that loaded the row a moment earlier
    api_client.post(REFRESH, {"refresh": first["refresh"]}, format="json")
    stale.name = "Renamed"
    stale.save()
    assert User.objects.get(pk=user.pk).name == "Renamed"
    assert error_of(_me(api_client, second["access"])) == (401, "token_revoked")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_reuse_racing_the_current_tokens_rotation_leaves_no_member_of_the_family_alive(monkeypatch):
    """The reuse of R1 listed the family's live tokens while the rotation of R2 (its current token) was minting R3 and
    not yet committed: R3 was never blacklisted and the session went on. Rotation now locks the user row first, as the
    revocation does, so the reuse waits for the rotation and then blacklists R3 too."""
    user = CandidateFactory()
    r1 = services.issue_tokens(user=user)["refresh"]
    r2 = tokens.rotate_refresh_token(refresh=r1)["refresh"]
    minted, release = threading.Event(), threading.Event()
    new_refresh = tokens._new_refresh

    def paused_new_refresh(user, *, family=None):
        token = new_refresh(user, family=family)
        if threading.current_thread().name == "rotation":
            minted.set()  # R2 blacklisted and R3 created in the open transaction
            release.wait(10)
        return token

    monkeypatch.setattr(tokens, "_new_refresh", paused_new_refresh)
    outcome = {}

    def run(name, refresh):
        try:
            outcome[name] = tokens.rotate_refresh_token(refresh=refresh)
        except Exception as exc:  # noqa: BLE001 -- the assertions below say which one is expected
            outcome[name] = exc
        finally:
            connection.close()

    rotation = threading.Thread(target=run, args=("rotation", r2), name="rotation")
    rotation.start()
    assert minted.wait(10)
    reuse = threading.Thread(target=run, args=("reuse", r1), name="reuse")
    reuse.start()
    time.sleep(1)  # the reuse is under way (before the fix: it had listed the live tokens without R3)
    release.set()
    rotation.join(15)
    reuse.join(15)
    assert isinstance(outcome["reuse"], services.RefreshReused)
    r3 = outcome["rotation"]["refresh"]
    r3_jti = RefreshToken(r3, verify=False)["jti"]
    assert BlacklistedToken.objects.filter(token__jti=r3_jti).exists(), "R3 escaped the revocation"
    with pytest.raises(services.RefreshReused):
        tokens.rotate_refresh_token(refresh=r3)


@pytest.mark.django_db
def test_a_signed_out_session_is_remembered_until_its_refresh_tokens_have_expired(api_client, monkeypatch):
    """The list of signed-out sessions on the user row (read on every request) does not grow for good: an entry is
    dropped at the next revocation once every token of the session has expired. Not sooner: an entry dropped once
    the access tokens had expired let a refresh token of the session that escaped the blacklist rotate again."""
    user = CandidateFactory()
    sessions = []
    for _ in range(2):
        pair = services.issue_tokens(user=user)
        api_client.post(REFRESH, {"refresh": pair["refresh"]}, format="json")
        sessions.append(pair)
    api_client.post(REFRESH, {"refresh": sessions[0]["refresh"]}, format="json")
    revoked = AccessToken(sessions[0]["access"])["fam"]
    assert list(User.objects.get(pk=user.pk).revoked_token_families) == [revoked]
    escaped = tokens._new_refresh(User.objects.get(pk=user.pk), family=revoked)  # as if minted in a race
    refresh_lifetime = settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"].total_seconds()
    now = time.time()
    # Past the access lifetime, the other session's revocation keeps the first session's entry ...
    monkeypatch.setattr(time, "time", lambda: now + settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds() + 5)
    api_client.post(REFRESH, {"refresh": sessions[1]["refresh"]}, format="json")
    families = User.objects.get(pk=user.pk).revoked_token_families
    assert set(families) == {revoked, AccessToken(sessions[1]["access"])["fam"]}
    # ... and the escaped refresh token of the signed-out session does not rotate.
    assert error_of(api_client.post(REFRESH, {"refresh": str(escaped)}, format="json")) == (401, "token_reused")
    # Once every refresh token of the first session has expired its entry goes, at the next revocation.
    until = User.objects.get(pk=user.pk).revoked_token_families[revoked]
    assert until >= now + refresh_lifetime
    later = until + 1
    monkeypatch.setattr(time, "time", lambda: later)
    third = services.issue_tokens(user=user)
    api_client.post(REFRESH, {"refresh": third["refresh"]}, format="json")
    api_client.post(REFRESH, {"refresh": third["refresh"]}, format="json")
    families = User.objects.get(pk=user.pk).revoked_token_families
    assert revoked not in families
    assert families[AccessToken(third["access"])["fam"]] >= later + refresh_lifetime


def _reuse(api_client, pair: dict) -> None:
    """Rotates the pair's refresh token and presents it again: its session is revoked for a reuse."""
    assert api_client.post(REFRESH, {"refresh": pair["refresh"]}, format="json").status_code == 200
    assert error_of(api_client.post(REFRESH, {"refresh": pair["refresh"]}, format="json")) == (401, "token_reused")


@pytest.mark.django_db
def test_the_reuse_past_the_cap_signs_out_everywhere_and_the_list_of_revoked_sessions_stays_bounded(api_client):
    """Every reuse of a refresh token added a session to the user row's list for the refresh lifetime, with no bound:
    one account replaying reuses grew the row every request reads. At the cap the list stops growing: the reuse that
    would go past it signs the account out everywhere and empties the list, and the sessions it held stay refused
    (by the new token generation), rather than the oldest entry being dropped, which would revive its session."""
    cap = tokens.MAX_REVOKED_FAMILIES
    user = CandidateFactory()
    until = time.time() + 3600
    User.objects.filter(pk=user.pk).update(
        revoked_token_families={f"earlier-{n}": until for n in range(cap - 1)})
    oldest = services.issue_tokens(user=user)
    other_session = services.issue_tokens(user=user)
    _reuse(api_client, oldest)  # entry number `cap`: still remembered one by one
    families = User.objects.get(pk=user.pk).revoked_token_families
    assert len(families) == cap and AccessToken(oldest["access"])["fam"] in families
    assert _me(api_client, other_session["access"]).status_code == 200
    generation = User.objects.get(pk=user.pk).token_generation

    _reuse(api_client, services.issue_tokens(user=user))  # entry number cap + 1
    user.refresh_from_db()
    assert user.revoked_token_families == {}
    assert user.token_generation == generation + 1
    # The session whose entry is gone is still refused, and so is every other token issued before.
    assert error_of(_me(api_client, oldest["access"])) == (401, "token_revoked")
    assert error_of(api_client.post(REFRESH, {"refresh": oldest["refresh"]}, format="json")) == (401, "token_revoked")
    escaped = tokens._new_refresh(User.objects.get(pk=user.pk), family=AccessToken(oldest["access"])["fam"])
    escaped["gen"] = generation  # as if minted in a race before the sign-out everywhere
    assert error_of(api_client.post(REFRESH, {"refresh": str(escaped)}, format="json")) == (401, "token_revoked")
    assert error_of(_me(api_client, other_session["access"])) == (401, "token_revoked")
    fresh = services.issue_tokens(user=User.objects.get(pk=user.pk))  # a new sign-in works
    assert _me(api_client, fresh["access"]).status_code == 200
    assert api_client.post(REFRESH, {"refresh": fresh["refresh"]}, format="json").status_code == 200


@pytest.mark.django_db
def test_a_forged_or_access_token_is_not_a_refresh_token(api_client):
    user = CandidateFactory()
    pair = services.issue_tokens(user=user)
    for token in (pair["access"], pair["refresh"][:-2] + "xx", "a.b.c"):
        response = api_client.post(REFRESH, {"refresh": token}, format="json")
        assert response.status_code == 401 and response.json()["error"]["code"] == "invalid_token"
    shapeless = api_client.post(REFRESH, {"refresh": "not-a-jwt"}, format="json")  # not even JWT-shaped: a field error
    assert shapeless.status_code == 400 and "refresh" in shapeless.json()["error"]["fields"]


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.mark.django_db
def test_logout_ends_its_sessions_access_tokens_and_says_signed_out_not_used(api_client):
    """Logout blacklisted the refresh token only: the access token that came with it (and one made at a refresh
    before) went on answering 200 for up to JWT_ACCESS_MINUTES, and refreshing the logged-out token said "This
    refresh token was already used". The session ends whole; the account's other sessions go on."""
    user = MentorFactory()
    first = services.issue_tokens(user=user)
    other_session = services.issue_tokens(user=user)
    second = api_client.post(REFRESH, {"refresh": first["refresh"]}, format="json").json()
    assert api_client.post("/api/v1/auth/logout", {"refresh": second["refresh"]}, format="json").status_code == 204
    for access in (first["access"], second["access"]):
        refused = _me(api_client, access)
        assert error_of(refused) == (401, "token_revoked")
        assert "logged out" in refused.json()["error"]["message"]
    again = api_client.post(REFRESH, {"refresh": second["refresh"]}, format="json")
    assert error_of(again) == (401, "token_revoked")
    assert "already used" not in again.json()["error"]["message"]
    assert "logged out" in again.json()["error"]["message"]
    assert _me(api_client, other_session["access"]).status_code == 200
    rotated = api_client.post(REFRESH, {"refresh": other_session["refresh"]}, format="json")
    assert rotated.status_code == 200 and _me(api_client, rotated.json()["access"]).status_code == 200
    # Logging out again with the same token is refused as before (it is blacklisted).
    assert api_client.post("/api/v1/auth/logout", {"refresh": second["refresh"]},
                           format="json").status_code == 401


@pytest.mark.django_db
def test_logout_with_a_token_from_before_families_blacklists_it_alone(api_client):
    user = MentorFactory()
    legacy = RefreshToken.for_user(user)  # no family claim: simplejwt's own token, as issued before families
    assert tokens.FAMILY_CLAIM not in legacy.payload
    assert api_client.post("/api/v1/auth/logout", {"refresh": str(legacy)}, format="json").status_code == 204
    assert api_client.post(REFRESH, {"refresh": str(legacy)}, format="json").status_code == 401
    assert User.objects.get(pk=user.pk).revoked_token_families in ({}, None)


@pytest.mark.django_db
def test_logouts_do_not_count_towards_the_reuse_cap_and_their_list_stays_bounded(api_client):
    """Each logout remembers its session on the user row; they counted towards the cap of reused sessions, so the
    201st logout within a refresh lifetime (a client that logs in and out often) signed every other session of the
    account out. Logouts are kept apart: past their own cap the oldest logout is forgotten (its refresh tokens are
    all blacklisted already), and the account's other sessions go on."""
    cap = tokens.MAX_LOGGED_OUT_FAMILIES
    user = CandidateFactory()
    now = time.time()
    User.objects.filter(pk=user.pk).update(revoked_token_families={
        **{f"logout-{n}": [now + 60 + n, tokens.LOGGED_OUT] for n in range(cap)},
        **{f"reuse-{n}": now + 3600 for n in range(tokens.MAX_REVOKED_FAMILIES - 1)}})
    kept = services.issue_tokens(user=user)
    generation = User.objects.get(pk=user.pk).token_generation
    for _ in range(3):
        pair = services.issue_tokens(user=user)
        assert api_client.post("/api/v1/auth/logout", {"refresh": pair["refresh"]}, format="json").status_code == 204
        refused = _me(api_client, pair["access"])
        assert error_of(refused) == (401, "token_revoked") and "logged out" in refused.json()["error"]["message"]
    user.refresh_from_db()
    assert user.token_generation == generation  # no sign-out everywhere
    logouts = [name for name, entry in user.revoked_token_families.items() if isinstance(entry, list)]
    assert len(logouts) == cap and not {"logout-0", "logout-1", "logout-2"} & set(logouts)
    assert len(user.revoked_token_families) == cap + tokens.MAX_REVOKED_FAMILIES - 1
    assert _me(api_client, kept["access"]).status_code == 200
    assert api_client.post(REFRESH, {"refresh": kept["refresh"]}, format="json").status_code == 200


@pytest.mark.django_db
def test_a_logged_out_token_presented_after_its_sessions_entry_is_gone_is_no_reuse(api_client):
    """A logout is remembered for the access lifetime only (its refresh tokens are all blacklisted). Its refresh
    token presented later was read as a reused one: a theft warning and a new entry towards the cap of reused
    sessions, which a client that logs in and out often would reach (R3). With no live token left in its session it
    is told the session was logged out, and nothing is added."""
    user = MentorFactory()
    pair = services.issue_tokens(user=user)
    assert api_client.post("/api/v1/auth/logout", {"refresh": pair["refresh"]}, format="json").status_code == 204
    family = AccessToken(pair["access"])["fam"]
    until, word = User.objects.get(pk=user.pk).revoked_token_families[family]
    access_lifetime = settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds()
    assert word == tokens.LOGGED_OUT and until <= time.time() + access_lifetime + 60
    User.objects.filter(pk=user.pk).update(revoked_token_families={})  # the access lifetime has passed
    refused = api_client.post(REFRESH, {"refresh": pair["refresh"]}, format="json")
    assert error_of(refused) == (401, "token_revoked") and "logged out" in refused.json()["error"]["message"]
    assert User.objects.get(pk=user.pk).revoked_token_families == {}
    # a rotated token presented while its successor lives is still a reuse that ends the session
    first = services.issue_tokens(user=user)
    assert api_client.post(REFRESH, {"refresh": first["refresh"]}, format="json").status_code == 200
    assert error_of(api_client.post(REFRESH, {"refresh": first["refresh"]}, format="json")) == (401, "token_reused")
