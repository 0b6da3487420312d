"""REST API: JWT auth (lockout, verification, rotation, logout), /users/me, mentors and mentees."""

from __future__ import annotations

import json
from itertools import chain

import pytest
from django.core import mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts import selectors, services
from accounts.models import LoginEvent, MentorAssignment, User
from accounts.tests.factories import (
    DEFAULT_PASSWORD,
    CandidateFactory,
    MentorAssignmentFactory,
    MentorFactory,
)
from interviewmaster.streaming import Members
from interviewmaster.testing import body_of, error_of, json_of

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token"
REFRESH = "/api/v1/auth/token/refresh"


@pytest.fixture
def client():
    return APIClient()


def obtain(client, email, password=DEFAULT_PASSWORD, **extra):
    return client.post(TOKEN, {"email": email, "password": password}, format="json", **extra)


def bearer(client, access):
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


# --- token ------------------------------------------------------------------------------------------------------------
def test_token_obtain_returns_pair_that_authenticates(client):
    mentor = MentorFactory()
    response = obtain(client, mentor.email)
    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}
    me = bearer(client, response.json()["access"]).get("/api/v1/users/me")
    assert me.status_code == 200
    assert me.json()["email"] == mentor.email
    mentor.refresh_from_db()
    assert mentor.last_login is not None


def test_token_obtain_email_is_case_insensitive(client):
    MentorFactory(email="mentor.case@example.com")
    assert obtain(client, "Mentor.Case@Example.com").status_code == 200


def test_token_wrong_password_is_401_with_envelope(client):
    mentor = MentorFactory()
    response = obtain(client, mentor.email, "wrong-password-1")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_credentials"
    assert LoginEvent.objects.filter(user=mentor, kind="failed", channel="api").count() == 1


def test_token_unverified_email_is_refused(client):
    mentor = MentorFactory(verified=False)
    response = obtain(client, mentor.email)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "email_not_verified"


def test_token_missing_fields_are_field_errors(client):
    response = client.post(TOKEN, {"email": "not-an-email"}, format="json")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"email", "password"}


def test_five_wrong_passwords_lock_the_account_with_423(client):
    mentor = MentorFactory()
    codes = [obtain(client, mentor.email, f"wrong-{i}").status_code for i in range(5)]
    assert codes == [401, 401, 401, 401, 423]
    response = obtain(client, mentor.email)  # right password, still locked
    assert response.status_code == 423
    assert response.json()["error"]["code"] == "account_locked"
    assert "locked" in response.json()["error"]["message"]
    kinds = list(LoginEvent.objects.filter(user=mentor).order_by("id").values_list("kind", flat=True))
    assert kinds == ["failed"] * 5 + ["locked", "refused_locked"]


def test_successful_token_login_resets_failure_count(client):
    mentor = MentorFactory()
    for i in range(4):
        obtain(client, mentor.email, f"wrong-{i}")
    assert obtain(client, mentor.email).status_code == 200
    mentor.refresh_from_db()
    assert mentor.failed_login_count == 0
    assert obtain(client, mentor.email, "wrong-again").status_code == 401  # counting starts over: not locked


def test_deleted_account_cannot_obtain_token(client):
    from accounts import services

    mentor = MentorFactory()
    email = mentor.email
    services.delete_account(user=mentor, password=DEFAULT_PASSWORD)
    assert obtain(client, email).status_code == 401


# --- refresh / logout -------------------------------------------------------------------------------------------------
def test_refresh_rotates_and_reused_refresh_token_is_rejected(client):
    mentor = MentorFactory()
    first = obtain(client, mentor.email).json()
    rotated = client.post(REFRESH, {"refresh": first["refresh"]}, format="json")
    assert rotated.status_code == 200
    assert rotated.json()["refresh"] != first["refresh"]
    reused = client.post(REFRESH, {"refresh": first["refresh"]}, format="json")
    assert reused.status_code == 401
    assert reused.json()["error"]["code"] == "token_reused"
    # A reused token means a copy exists: its whole family goes, the rotated token included (issue 17).
    again = client.post(REFRESH, {"refresh": rotated.json()["refresh"]}, format="json")
    assert again.status_code == 401


def test_refresh_with_garbage_is_401(client):
    response = client.post(REFRESH, {"refresh": "not.a.token"}, format="json")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"


def test_refresh_for_deactivated_user_is_refused(client):
    mentor = MentorFactory()
    pair = obtain(client, mentor.email).json()
    User.objects.filter(pk=mentor.pk).update(is_active=False)
    response = client.post(REFRESH, {"refresh": pair["refresh"]}, format="json")
    assert response.status_code == 401


def test_logout_blacklists_the_refresh_token(client):
    mentor = MentorFactory()
    pair = obtain(client, mentor.email).json()
    assert client.post("/api/v1/auth/logout", {"refresh": pair["refresh"]}, format="json").status_code == 204
    assert client.post(REFRESH, {"refresh": pair["refresh"]}, format="json").status_code == 401
    again = client.post("/api/v1/auth/logout", {"refresh": pair["refresh"]}, format="json")
    assert again.status_code == 401


def test_logout_all_invalidates_every_refresh_token_of_the_user_only(client):
    mentor = MentorFactory()
    other = MentorFactory()
    pairs = [obtain(client, mentor.email).json() for _ in range(3)]
    other_pair = obtain(client, other.email).json()
    response = bearer(client, pairs[0]["access"]).post("/api/v1/auth/logout-all")
    assert response.status_code == 200
    assert response.json() == {"revoked": 3}
    client.credentials()
    for pair in pairs:
        assert client.post(REFRESH, {"refresh": pair["refresh"]}, format="json").status_code == 401
    assert client.post(REFRESH, {"refresh": other_pair["refresh"]}, format="json").status_code == 200


def test_logout_all_requires_authentication(client):
    response = client.post("/api/v1/auth/logout-all")
    assert response.status_code == 401


def test_token_endpoint_is_throttled_per_ip(client, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, "auth": "3/minute"})
    codes = [obtain(client, "nobody@example.com", "x").status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    assert client.post(TOKEN, {"email": "nobody@example.com", "password": "x"}, format="json",
                       REMOTE_ADDR="10.20.30.40").status_code == 401  # another IP has its own budget


def test_api_is_throttled_per_ip_for_signed_in_users_too(client, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, "ip": "2/minute"})
    client.force_authenticate(CandidateFactory())
    codes = [client.get("/api/v1/users/me").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert client.get("/api/v1/users/me").json()["error"]["code"] == "throttled"


# --- /users/me -------------------------------------------------------------------------------------------------------
def test_me_get_and_patch_profile(client):
    candidate = CandidateFactory()
    client.force_authenticate(candidate)
    response = client.patch("/api/v1/users/me", {
        "name": "Grace Hopper", "target_role": "backend_engineer", "experience_level": "senior",
        "preferred_language": "python", "timezone": "Europe/Berlin"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["target_role"] == "backend_engineer" and body["experience_level"] == "senior"
    candidate.refresh_from_db()
    assert (candidate.name, candidate.preferred_language, candidate.timezone) == (
        "Grace Hopper", "python", "Europe/Berlin")


def test_me_patch_unknown_role_and_level_is_400_with_field_errors_and_saves_nothing(client):
    candidate = CandidateFactory(target_role="data_engineer")
    client.force_authenticate(candidate)
    response = client.patch("/api/v1/users/me", {"target_role": "astronaut", "experience_level": "wizard",
                                                 "name": "New"}, format="json")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"target_role", "experience_level"}
    candidate.refresh_from_db()
    assert candidate.target_role == "data_engineer" and candidate.name != "New"


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_me_patch_blank_name_is_400_and_keeps_the_name(client, blank):
    candidate = CandidateFactory(name="Ada")
    client.force_authenticate(candidate)
    response = client.patch("/api/v1/users/me", {"name": blank}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert response.json()["error"]["fields"]["name"] == ["Give your name; it cannot be blank."]
    candidate.refresh_from_db()
    assert candidate.name == "Ada"


@pytest.mark.parametrize("name", ["Casey\r\nBcc: victim@x.test", "Casey\n", "\tCasey", "Ca\x00sey", "Ca\x1bsey",
                                  "Casey\u2028Bcc: victim@x.test", "Casey\x85"])
def test_me_patch_a_name_with_a_control_character_is_400_and_keeps_the_name(client, name):
    candidate = CandidateFactory(name="Casey")
    client.force_authenticate(candidate)
    response = client.patch("/api/v1/users/me", {"name": name}, format="json")
    assert response.status_code == 400
    if "\x00" not in name:  # DRF's own NUL check may speak first; either way the name is refused
        assert response.json()["error"]["fields"]["name"] == [
            "A name cannot contain line breaks, tabs or other control characters."]
    candidate.refresh_from_db()
    assert candidate.name == "Casey"


@pytest.mark.parametrize(("name", "problem"), [
    ("\u200b", "Give your name; it cannot be blank."),
    ("\u200b\ufeff\u2060", "Give your name; it cannot be blank."),
    ("\u202eevil", "A name cannot contain text-direction characters (such as U+202E)."),
    ("Casey\u2067", "A name cannot contain text-direction characters (such as U+202E)."),
])
def test_me_patch_an_invisible_or_direction_changing_name_is_400_and_keeps_the_name(client, name, problem):
    candidate = CandidateFactory(name="Casey")
    client.force_authenticate(candidate)
    response = client.patch("/api/v1/users/me", {"name": name}, format="json")
    assert error_of(response) == (400, "invalid")
    assert response.json()["error"]["fields"]["name"] == [problem]
    candidate.refresh_from_db()
    assert candidate.name == "Casey"


def test_the_schemas_name_pattern_refuses_invisible_and_direction_changing_names_too():
    import re

    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    body = schema["paths"]["/api/v1/users/me"]["patch"]["requestBody"]["content"]["application/json"]["schema"]
    pattern = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]["properties"]["name"]["pattern"]
    assert [bool(re.search(pattern, name)) for name in ("Ada", "Ana 👩\u200d💻", "\u200b", "\u202eevil")] == [
        True, True, False, False]


def test_me_patch_keeps_accents_scripts_and_inner_spaces_and_trims_the_outer_ones(client):
    candidate = CandidateFactory()
    client.force_authenticate(candidate)
    response = client.patch("/api/v1/users/me", {"name": "  Zoë O'Brien-李 雷  "}, format="json")
    assert response.status_code == 200 and response.json()["name"] == "Zoë O'Brien-李 雷"


def test_me_patch_unknown_timezone_and_read_only_field(client):
    client.force_authenticate(CandidateFactory())
    response = client.patch("/api/v1/users/me", {"timezone": "Mars/Olympus", "role": "admin"}, format="json")
    assert response.status_code == 400
    assert "role" in response.json()["error"]["fields"]
    response = client.patch("/api/v1/users/me", {"timezone": "Mars/Olympus"}, format="json")
    assert response.status_code == 400
    assert "timezone" in response.json()["error"]["fields"]


@pytest.mark.parametrize("name", ["localtime", "Factory"])
def test_the_servers_own_zone_and_placeholders_are_no_timezone_to_choose(client, name):
    # "localtime" is whatever zone the server runs in: a candidate choosing it would get the machine's clock
    client.force_authenticate(CandidateFactory())
    response = client.patch("/api/v1/users/me", {"timezone": name}, format="json")
    assert response.status_code == 400 and "timezone" in response.json()["error"]["fields"]
    assert client.patch("/api/v1/users/me", {"timezone": "Europe/Lisbon"}, format="json").status_code == 200


def test_me_requires_authentication(client):
    assert client.get("/api/v1/users/me").status_code == 401


def test_me_delete_with_wrong_password_keeps_account(client):
    candidate = CandidateFactory()
    client.force_authenticate(candidate)
    response = client.delete("/api/v1/users/me", {"password": "nope"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"password": ["That password is not correct."]}
    candidate.refresh_from_db()
    assert candidate.is_active and candidate.deleted_at is None


def test_wrong_passwords_at_account_deletion_count_towards_the_lockout_like_failed_logins(client):
    candidate = CandidateFactory()
    client.force_authenticate(candidate)  # a stolen access token or session: the password is the last guard
    answers = [error_of(client.delete("/api/v1/users/me", {"password": f"guess-{i}"}, format="json"))
               for i in range(5)]
    assert answers == [(400, "wrong_password")] * 4 + [(423, "account_locked")]  # ACCOUNT_LOCKOUT_THRESHOLD
    right = client.delete("/api/v1/users/me", {"password": DEFAULT_PASSWORD}, format="json")
    assert error_of(right) == (423, "account_locked")
    candidate.refresh_from_db()
    assert candidate.is_active and candidate.deleted_at is None
    assert sorted(LoginEvent.objects.filter(user=candidate, channel="api").values_list("kind", flat=True)) == sorted(
        ["failed"] * 5 + ["locked", "refused_locked"])
    assert obtain(APIClient(), candidate.email).status_code == 423  # the same lock as the token endpoint's


def test_an_account_locked_at_the_login_cannot_be_deleted_by_a_guess_either(client):
    candidate = CandidateFactory()
    for i in range(5):
        obtain(APIClient(), candidate.email, f"wrong-{i}")
    client.force_authenticate(candidate)
    assert error_of(client.delete("/api/v1/users/me", {"password": DEFAULT_PASSWORD}, format="json")) == (
        423, "account_locked")
    candidate.refresh_from_db()
    assert candidate.deleted_at is None


def test_account_deletion_has_a_strict_per_user_budget(client, settings):
    settings.ACCOUNT_DELETE_RATE = "2/min"
    client.force_authenticate(CandidateFactory())
    statuses = [client.delete("/api/v1/users/me", {"password": "guess"}, format="json").status_code
                for _ in range(3)]
    assert statuses == [400, 400, 429]
    assert client.get("/api/v1/users/me").status_code == 200  # reading the profile is not counted


def test_me_delete_anonymises(client):
    candidate = CandidateFactory(name="Delete Me")
    client.force_authenticate(candidate)
    assert client.delete("/api/v1/users/me", {"password": DEFAULT_PASSWORD}, format="json").status_code == 204
    candidate.refresh_from_db()
    assert candidate.deleted_at is not None and not candidate.is_active and candidate.name == ""


def test_me_export_is_json_with_profile(client):
    candidate = CandidateFactory(name="Export Me", target_role="qa_engineer")
    client.force_authenticate(candidate)
    response = client.get("/api/v1/users/me/export")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json_of(response)
    assert data["account"]["email"] == candidate.email
    assert data["profile"]["target_role"] == "qa_engineer"


def test_me_export_is_streamed_in_todays_format(client):
    """Streamed (memory does not grow with the history), and the same compact JSON the API rendered before (DRF's
    JSONRenderer: no spaces, UTF-8 as is)."""
    candidate = CandidateFactory(name="Zoë Ünicode")
    client.force_authenticate(candidate)
    response = client.get("/api/v1/users/me/export")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/json"
    body = body_of(response).decode()
    data = json.loads(body)
    assert body == json.dumps(data, ensure_ascii=False, separators=(",", ":")) and "Zoë Ünicode" in body
    assert data["format"] == "interviewmaster-personal-data/1"
    expected = json.loads(json.dumps(selectors.personal_data_export(candidate), cls=DjangoJSONEncoder))
    assert {**data, "exported_at": None} == {**expected, "exported_at": None}


def test_me_export_is_rate_limited_with_one_budget_for_the_api_and_the_page(client, settings):
    settings.PERSONAL_DATA_EXPORT_RATE = "3/hour"
    candidate = CandidateFactory()
    client.force_authenticate(candidate)
    page = Client()
    page.force_login(candidate)
    assert client.get("/api/v1/users/me/export").status_code == 200
    assert page.get("/accounts/my-data/").status_code == 200
    assert client.get("/api/v1/users/me/export").status_code == 200
    refused = client.get("/api/v1/users/me/export")
    assert error_of(refused) == (429, "throttled")
    assert 3500 <= int(refused["Retry-After"]) <= 3600
    assert "You have downloaded your data 3 times lately" in refused.json()["error"]["message"]
    assert page.get("/accounts/my-data/").status_code == 429
    other = APIClient()
    other.force_authenticate(CandidateFactory())
    assert other.get("/api/v1/users/me/export").status_code == 200  # per user


# --- mentors (candidate side) ----------------------------------------------------------------------------------------
def test_candidate_invites_lists_and_revokes_mentor(client, django_capture_on_commit_callbacks):
    candidate = CandidateFactory()
    mentor = MentorFactory()
    client.force_authenticate(candidate)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/api/v1/mentors/invite", {"email": mentor.email.upper()}, format="json")
    assert created.status_code == 202  # was 201 with the assignment: the answer may not tell a mentor account apart
    assert created.json()["email"] == mentor.email
    assert mail.outbox[-1].to == [mentor.email]
    # until the mentor accepts, it is a pending invitation like any other (it was in this list at once, by name)
    assert client.get("/api/v1/mentors/").json()["total"] == 0
    assert [i["email"] for i in client.get("/api/v1/mentors/invitations").json()["items"]] == [mentor.email]
    services.accept_mentee_request(mentor=mentor, request_id=MentorAssignment.objects.get(mentor=mentor).id)
    listed = client.get("/api/v1/mentors/").json()
    assert listed["total"] == 1 and listed["items"][0]["mentor_email"] == mentor.email
    assert client.get("/api/v1/mentors/invitations").json()["total"] == 0
    duplicate = client.post("/api/v1/mentors/invite", {"email": mentor.email}, format="json")
    assert duplicate.status_code == 409
    revoked = client.post(f"/api/v1/mentors/{listed['items'][0]['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["active"] is False
    assert client.get("/api/v1/mentors/").json()["total"] == 0


def test_an_invitation_from_a_name_stored_with_a_line_break_keeps_it_out_of_the_headers(
        client, django_capture_on_commit_callbacks):
    candidate = CandidateFactory()
    User.objects.filter(id=candidate.id).update(name="Casey\r\nBcc: victim@x.test")  # stored before names were checked
    mentor = MentorFactory()
    client.force_authenticate(User.objects.get(id=candidate.id))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/mentors/invite", {"email": mentor.email}, format="json")
    assert response.status_code == 202
    [sent] = mail.outbox
    assert sent.to == [mentor.email] and sent.bcc == [] and sent.message()["Bcc"] is None
    assert sent.subject == "[InterviewMaster] Casey Bcc: victim@x.test invited you as their mentor"
    assert "victim@x.test" not in sent.message().get_all("To")[0]
    assert MentorAssignment.objects.filter(candidate=candidate, mentor=mentor, active=True).exists()


def test_an_invitation_mail_that_cannot_be_sent_is_logged_not_a_500(client, django_capture_on_commit_callbacks,
                                                                    monkeypatch, caplog):
    from django.core.mail import BadHeaderError

    from accounts import emails

    def refuse(**kwargs):
        raise BadHeaderError("Header values can't contain newlines")

    monkeypatch.setattr(emails, "send_email", refuse)
    candidate, mentor = CandidateFactory(), MentorFactory()
    client.force_authenticate(candidate)
    with caplog.at_level("ERROR", logger="accounts.tasks"), django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/mentors/invite", {"email": mentor.email}, format="json")
    assert response.status_code == 202
    assignment = MentorAssignment.objects.get(candidate=candidate, mentor=mentor)
    assert assignment.active
    assert f"mentor invitation of assignment {assignment.id} could not be sent" in caplog.text
    assert mail.outbox == []


def invite_as_seen_by_the_candidate(client, email: str) -> tuple[int, list[str], str]:
    """Everything the inviting candidate learns from the answer, with the address they typed taken out."""
    response = client.post("/api/v1/mentors/invite", {"email": email}, format="json")
    body = response.json()
    return response.status_code, sorted(body), json.dumps(body).replace(email.lower(), "<address>")


def test_invite_answers_the_same_for_a_mentor_a_candidate_and_an_unknown_address(
        client, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://im.example.org"
    candidate = CandidateFactory(name="Casey Candidate")
    mentor, other_candidate = MentorFactory(email="mentor@example.com"), CandidateFactory(email="cand@example.com")
    client.force_authenticate(candidate)
    with django_capture_on_commit_callbacks(execute=True):
        answers = [invite_as_seen_by_the_candidate(client, email)
                   for email in (mentor.email, other_candidate.email, "ghost@example.com")]
    assert answers[0] == answers[1] == answers[2]  # was 201 + the assignment vs 400 `mentor_not_found`
    assert answers[0][0] == 202 and answers[0][1] == ["email", "message"]
    [assignment] = MentorAssignment.objects.all()
    assert (assignment.mentor, assignment.candidate, assignment.active) == (mentor, candidate, True)
    pending = client.get("/api/v1/mentors/invitations").json()
    assert [(i["email"], i["status"]) for i in pending["items"]] == [
        ("ghost@example.com", "pending"), ("cand@example.com", "pending"), ("mentor@example.com", "pending")]
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["cand@example.com", "ghost@example.com", "mentor@example.com"]
    for address in ("cand@example.com", "ghost@example.com"):
        sent = by_address[address]
        assert sent.subject == "[InterviewMaster] You were asked to be a mentor on InterviewMaster"
        assert "https://im.example.org/accounts/signup/" in sent.body and candidate.email not in sent.body
        assert "Casey" not in sent.subject + sent.body  # nothing the candidate typed goes to an arbitrary address
        # what it promises holds: one such mail per address a day (it said "we will not write to you again")
        assert "at most once a day" in sent.body and "again" not in sent.body


def test_the_mail_to_an_address_without_a_mentor_account_carries_no_text_the_candidate_typed(
        client, django_capture_on_commit_callbacks):
    """A display name is free text: "Cheap meds at https://evil.example/rx" mailed, under our sender, to any address
    a candidate typed was spam."""
    spammer = CandidateFactory(name="Cheap meds at https://evil.example/rx - reply STOP to")
    client.force_authenticate(spammer)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/api/v1/mentors/invite", {"email": "victim@example.net"}, format="json").status_code == 202
    [sent] = mail.outbox
    assert "evil.example" not in sent.subject + sent.body and "Cheap meds" not in sent.subject + sent.body


def test_removing_and_adding_a_mentor_again_mails_them_once_a_day(client, django_capture_on_commit_callbacks):
    mentor = MentorFactory()
    client.force_authenticate(CandidateFactory())
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post("/api/v1/mentors/invite", {"email": mentor.email}, format="json").status_code == 202
        assignment = MentorAssignment.objects.get(mentor=mentor, active=True)
        services.accept_mentee_request(mentor=mentor, request_id=assignment.id)
        assert client.post(f"/api/v1/mentors/{assignment.id}/revoke").status_code in (200, 204)
    assert [m.to for m in mail.outbox] == [[mentor.email]]


def test_a_unicode_domain_and_its_ascii_form_are_one_invitation_and_one_mail(
        client, django_capture_on_commit_callbacks):
    client.force_authenticate(CandidateFactory())
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/api/v1/mentors/invite", {"email": "x@xn--exmple-cua.com"}, format="json")
        again = client.post("/api/v1/mentors/invite", {"email": "X@Exämple.com"}, format="json")
    assert (first.status_code, again.status_code) == (202, 409)
    assert [m.to for m in mail.outbox] == [["x@xn--exmple-cua.com"]]


def test_a_candidate_cannot_invite_their_own_address(client):
    candidate = CandidateFactory(email="me@example.com")
    client.force_authenticate(candidate)
    response = client.post("/api/v1/mentors/invite", {"email": " ME@example.com "}, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "own_address"
    assert not mail.outbox and not candidate.mentor_invitations.exists()


def test_inviting_the_same_address_again_is_one_409_whoever_owns_it(client, django_capture_on_commit_callbacks):
    mentor = MentorFactory()
    client.force_authenticate(CandidateFactory())
    with django_capture_on_commit_callbacks(execute=True):
        for email in (mentor.email, "ghost@example.com"):
            assert client.post("/api/v1/mentors/invite", {"email": email}, format="json").status_code == 202
    again = [client.post("/api/v1/mentors/invite", {"email": email}, format="json")
             for email in (mentor.email, "ghost@example.com")]
    assert [r.status_code for r in again] == [409, 409]
    assert again[0].json() == again[1].json()
    assert again[0].json()["error"]["code"] == "already_assigned"
    assert len(mail.outbox) == 2  # no second mail to either address


def test_a_pending_invitation_can_be_withdrawn_only_by_its_candidate(client, django_capture_on_commit_callbacks):
    candidate = CandidateFactory()
    client.force_authenticate(candidate)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/api/v1/mentors/invite", {"email": "ghost@example.com"}, format="json")
    [invitation] = client.get("/api/v1/mentors/invitations").json()["items"]
    client.force_authenticate(CandidateFactory())
    assert error_of(client.post(f"/api/v1/mentors/invitations/{invitation['id']}/withdraw")) == (404, "not_found")
    client.force_authenticate(candidate)
    assert client.post(f"/api/v1/mentors/invitations/{invitation['id']}/withdraw").status_code == 204
    assert client.get("/api/v1/mentors/invitations").json()["total"] == 0


def test_an_address_that_became_a_mentor_account_stays_a_pending_invitation_until_invited_again(
        client, django_capture_on_commit_callbacks):
    """Inviting it again used to turn the invitation into an assignment (202 where any other pending address is a
    409: a probe). Now it is the same 409, and the invitation gets the mentor's request behind it (the sign-up mail
    promised the candidate could add them); withdrawn and invited again, it is that mentor's request."""
    candidate = CandidateFactory()
    client.force_authenticate(candidate)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/api/v1/mentors/invite", {"email": "later@example.com"}, format="json")
        mentor = MentorFactory(email="later@example.com")
        again = client.post("/api/v1/mentors/invite", {"email": mentor.email}, format="json")
    assert error_of(again) == (409, "already_assigned")
    assert MentorAssignment.objects.get(mentor=mentor).invitation.email == "later@example.com"
    [invitation] = client.get("/api/v1/mentors/invitations").json()["items"]
    assert client.post(f"/api/v1/mentors/invitations/{invitation['id']}/withdraw").status_code == 204
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/api/v1/mentors/invite", {"email": mentor.email}, format="json").status_code == 202
    assert MentorAssignment.objects.get(candidate=candidate, mentor=mentor, active=True).accepted_at is None
    assert client.get("/api/v1/mentors/invitations").json()["total"] == 1


def test_mentor_invitations_have_their_own_budget(client, settings):
    settings.MENTOR_INVITE_RATE = "2/hour"
    client.force_authenticate(CandidateFactory())
    codes = [client.post("/api/v1/mentors/invite", {"email": f"p{i}@example.com"}, format="json").status_code
             for i in range(3)]
    assert codes == [202, 202, 429]


@pytest.mark.parametrize("email", ["a" * 65 + "@example.org", "a" * 300 + "@example.org",
                                   "a@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 63 + "." + "e" * 59 + ".org"])
def test_invite_refuses_an_address_longer_than_the_rfc_allows(client, email, django_capture_on_commit_callbacks):
    """A 300-character local part was accepted, invited and mailed: RFC 5321 allows 64 before the @, 254 in all."""
    client.force_authenticate(CandidateFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/mentors/invite", {"email": email}, format="json")
    assert error_of(response) == (400, "invalid") and "email" in response.json()["error"]["fields"]
    assert not mail.outbox and client.get("/api/v1/mentors/invitations").json()["total"] == 0


def test_invite_takes_an_address_at_the_rfc_limits(client, django_capture_on_commit_callbacks):
    client.force_authenticate(CandidateFactory())
    longest = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 57 + ".org"
    assert len(longest) == 254
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/mentors/invite", {"email": longest}, format="json")
    assert response.status_code == 202 and mail.outbox[0].to == [longest]


def test_the_api_and_the_profile_page_share_one_invitation_budget(client, settings):
    """Twelve invitations in a second were all sent: the budget is per candidate per hour (MENTOR_INVITE_RATE),
    counted alike by the API and the page, and a refusal says when to try again."""
    from django.test import Client

    settings.MENTOR_INVITE_RATE = "3/hour"
    candidate = CandidateFactory()
    client.force_authenticate(candidate)
    page = Client()
    page.force_login(candidate)
    answers = []
    for i in range(5):
        if i % 2:
            answers.append(page.post("/accounts/mentors/invite/", {"email": f"spam{i}@example.org"}))
        else:
            answers.append(client.post("/api/v1/mentors/invite", {"email": f"spam{i}@example.org"}, format="json"))
    assert [a.status_code for a in answers] == [202, 302, 202, 429, 429]
    assert error_of(answers[4]) == (429, "throttled")
    assert all(int(a["Retry-After"]) > 0 for a in answers[3:])
    assert client.get("/api/v1/mentors/invitations").json()["total"] == 3


def test_candidate_cannot_revoke_another_candidates_assignment(client):
    assignment = MentorAssignmentFactory()
    client.force_authenticate(CandidateFactory())
    assert error_of(client.post(f"/api/v1/mentors/{assignment.id}/revoke")) == (404, "not_found")
    assignment.refresh_from_db()
    assert assignment.active


def test_mentor_cannot_use_candidate_mentor_endpoints(client):
    client.force_authenticate(MentorFactory())
    assert error_of(client.get("/api/v1/mentors/")) == (403, "permission_denied")
    invite = client.post("/api/v1/mentors/invite", {"email": "x@example.com"}, format="json")
    assert error_of(invite) == (403, "permission_denied")


# --- mentees (mentor side) -------------------------------------------------------------------------------------------
def test_mentor_lists_only_active_assignees(client, django_assert_max_num_queries):
    mentor = MentorFactory()
    mine = [MentorAssignmentFactory(mentor=mentor).candidate for _ in range(5)]
    MentorAssignmentFactory(mentor=mentor, active=False)
    MentorAssignmentFactory()  # someone else's
    client.force_authenticate(mentor)
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/mentees/")
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 5
    assert {item["id"] for item in body["items"]} == {c.id for c in mine}
    assert set(body) == {"items", "total", "limit", "offset", "has_more"}


def test_mentor_sees_assigned_candidates_profile_and_progress(client):
    from accounts.mentee_progress import register_progress, unregister_progress

    assignment = MentorAssignmentFactory(candidate=CandidateFactory(target_role="ml_engineer"))

    @register_progress("demo")
    def demo_progress(candidate):
        return {"candidate_id": candidate.id}

    try:
        client.force_authenticate(assignment.mentor)
        response = client.get(f"/api/v1/mentees/{assignment.candidate_id}/")
    finally:
        unregister_progress("demo")
    assert response.status_code == 200
    assert response.json()["target_role"] == "ml_engineer"
    assert response.json()["progress"]["demo"] == {"candidate_id": assignment.candidate_id}


def test_mentor_requesting_unassigned_candidate_gets_404(client):
    mentor = MentorFactory()
    stranger = CandidateFactory()
    ended = MentorAssignmentFactory(mentor=mentor, active=False)
    client.force_authenticate(mentor)
    assert error_of(client.get(f"/api/v1/mentees/{stranger.id}/")) == (404, "not_found")
    assert error_of(client.get(f"/api/v1/mentees/{ended.candidate_id}/")) == (404, "not_found")
    assert client.get(f"/api/v1/mentees/{stranger.id}/").json()["error"]["code"] == "not_found"


def test_candidate_cannot_list_mentees(client):
    client.force_authenticate(CandidateFactory())
    assert error_of(client.get("/api/v1/mentees/")) == (403, "permission_denied")


def test_mentee_access_ends_when_candidate_revokes(client):
    assignment = MentorAssignmentFactory()
    client.force_authenticate(assignment.mentor)
    assert client.get(f"/api/v1/mentees/{assignment.candidate_id}/").status_code == 200
    from accounts import services

    services.revoke_mentor(candidate=assignment.candidate, assignment_id=assignment.id)
    assert error_of(client.get(f"/api/v1/mentees/{assignment.candidate_id}/")) == (404, "not_found")


def test_jwt_mentor_flow_end_to_end(client):
    assignment = MentorAssignmentFactory()
    pair = obtain(client, assignment.mentor.email).json()
    response = bearer(client, pair["access"]).get("/api/v1/mentees/")
    assert response.json()["items"][0]["email"] == assignment.candidate.email


# --- docs ------------------------------------------------------------------------------------------------------------
def test_schema_documents_every_auth_endpoint_with_errors(client):
    import yaml

    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    paths = schema["paths"]
    expected = {
        "/api/v1/auth/token": {"200", "400", "401", "403", "413", "415", "423", "429"},
        "/api/v1/auth/token/refresh": {"200", "400", "401", "403", "413", "415", "429"},
        "/api/v1/auth/logout": {"204", "400", "401", "403", "413", "415", "429"},
        "/api/v1/auth/logout-all": {"200", "400", "401", "403", "429"},
    }
    for path, codes in expected.items():
        operation = paths[path]["post"]
        assert set(operation["responses"]) == codes, path
        assert operation["responses"]["401"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    token_request = paths["/api/v1/auth/token"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert token_request["$ref"].endswith("Request")
    assert {"get", "patch", "delete"} <= set(paths["/api/v1/users/me"])
    assert "/api/v1/mentees/{candidate_id}/" in paths


def test_deleting_the_account_deletes_its_browser_sessions_which_hold_its_address(django_capture_on_commit_callbacks):
    """The sessions stopped signing anyone in, but each kept the address it signed in with (allauth's record of the
    login) in the database and the session cache until it expired (or for good, with no clearsessions). They are
    found by the account id stored beside each (accounts.UserSession), not by reading every session."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import UserSession as Session
    from accounts.tests.stored_text import tables_holding

    candidate = CandidateFactory(email="sessions.leaver@example.com")
    other = CandidateFactory()
    browsers = [Client(), Client()]
    for browser in browsers:
        assert browser.post("/accounts/login/", {"login": candidate.email, "password": DEFAULT_PASSWORD}).status_code \
            == 302
    Client().force_login(other)

    def stored_sessions_holding(text):  # session_data is encoded: tables_holding cannot see into it
        return [s.session_key for s in Session.objects.all() if text in str(s.get_decoded())]

    assert Session.objects.count() == 3 and len(stored_sessions_holding("sessions.leaver")) == 2
    assert sorted(Session.objects.values_list("user_id", flat=True)) == sorted([candidate.pk] * 2 + [other.pk])
    api = APIClient()
    api.force_authenticate(candidate)
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        assert api.delete("/api/v1/users/me", {"password": DEFAULT_PASSWORD}, format="json").status_code == 204
    reads = [q["sql"] for q in queries if "accounts_usersession" in q["sql"] and q["sql"].startswith("SELECT")]
    assert reads and all("user_id" in sql for sql in reads)  # by the index, never a read of every session
    assert [s.get_decoded()["_auth_user_id"] for s in Session.objects.all()] == [str(other.pk)]
    assert tables_holding("sessions.leaver") == [] and stored_sessions_holding("sessions.leaver") == []
    assert browsers[0].get("/accounts/profile/").status_code == 302  # signed out, as before


def test_me_export_is_made_before_a_byte_is_sent(client):
    """No query runs while the response is sent: a client that stops reading holds no connection or cursor."""
    candidate = CandidateFactory()
    LoginEvent.objects.bulk_create([LoginEvent(user=candidate, kind="failed", channel="api") for _ in range(30)])
    client.force_authenticate(candidate)
    response = client.get("/api/v1/users/me/export")
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as sending:
        body = body_of(response)
    assert not sending.captured_queries, sending.captured_queries
    assert len(json.loads(body)["login_events"]) == 30


def test_me_export_runs_one_at_a_time_per_user_with_the_page(client, monkeypatch, settings):
    """The API and the page share the turn: one "download my data" per user while it is being made (409, which
    gives its hit of the rate limit back: it read nothing)."""
    settings.PERSONAL_DATA_EXPORT_RATE = "3/hour"
    candidate = CandidateFactory()
    client.force_authenticate(candidate)
    page = Client()
    page.force_login(candidate)
    seen = {}
    document = selectors.personal_data_document

    def slow_document(who):
        def second():
            seen["page"] = page.get("/accounts/my-data/")
            seen["api"] = APIClient()
            seen["api"].force_authenticate(candidate)
            seen["api"] = seen["api"].get("/api/v1/users/me/export")
            yield "second", None
        return Members(chain(document(who), second()))

    monkeypatch.setattr(selectors, "personal_data_document", slow_document)
    assert client.get("/api/v1/users/me/export").status_code == 200
    assert seen["page"].status_code == 409
    assert error_of(seen["api"]) == (409, "conflict")
    assert "still being prepared" in seen["api"].json()["error"]["message"]
    monkeypatch.setattr(selectors, "personal_data_document", lambda who: (_ for _ in ()).throw(RuntimeError("x")))
    client.raise_request_exception = False
    assert client.get("/api/v1/users/me/export").status_code == 500
    monkeypatch.setattr(selectors, "personal_data_document", document)
    assert client.get("/api/v1/users/me/export").status_code == 200  # the failed one gave its turn back
    assert client.get("/api/v1/users/me/export").status_code == 429  # 3 counted: not the two refused
