"""Browser-side accounts: allauth sign-up/login/verification/reset in our layout, lockout, admin access, profile."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from itertools import chain

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import selectors, services
from accounts.models import LoginEvent, MentorAssignment, User
from accounts.tests.factories import (
    DEFAULT_PASSWORD,
    CandidateFactory,
    ExpertFactory,
    MentorAssignmentFactory,
    MentorFactory,
)
from interviewmaster.streaming import Members
from interviewmaster.testing import body_of

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def login(client, email, password=DEFAULT_PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


# --- sign-up and verification ----------------------------------------------------------------------------------------
def test_signup_page_uses_site_layout_and_asks_for_name(client):
    response = client.get("/accounts/signup/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-header"' in html and "css/accounts.css" in html
    for name in ("name", "email", "password1", "password2"):
        assert f'name="{name}"' in html


def test_signup_creates_candidate_with_name_and_sends_verification(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # emails leave through Celery after commit
        response = client.post("/accounts/signup/", {
            "name": "Ada Lovelace", "email": "Ada@Example.com",
            "password1": "analytical-engine-42", "password2": "analytical-engine-42"})
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="ada@example.com")
    assert (user.name, user.role) == ("Ada Lovelace", "candidate")
    assert list(user.groups.values_list("name", flat=True)) == ["Candidates"]
    assert user.password.startswith("argon2")
    assert len(mail.outbox) == 1 and "/accounts/confirm-email/" in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("[InterviewMaster]")


SPAM_NAME = "Cheap meds at https://spam.example/buy now"


def _carries_nothing_typed(message) -> bool:
    text = f"{message.subject}\n{message.body}".lower()
    return "spam.example" not in text and "cheap meds" not in text


def test_the_sign_up_confirmation_is_fixed_text_whatever_name_was_typed(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", {"name": SPAM_NAME, "email": "victim@elsewhere.test",
                                          "password1": "analytical-engine-42", "password2": "analytical-engine-42"})
    [message] = mail.outbox
    assert message.to == ["victim@elsewhere.test"] and "/accounts/confirm-email/" in message.body
    assert _carries_nothing_typed(message), message.body


def test_adding_an_address_and_resending_its_verification_mail_carry_no_name(client, settings,
                                                                           django_capture_on_commit_callbacks):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "confirm_email": ""}  # re-send at once
    user = CandidateFactory(name=SPAM_NAME)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/email/", {"action_add": "", "email": "victim@elsewhere.test"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/email/", {"action_send": "", "email": "victim@elsewhere.test"})
    assert [m.to for m in mail.outbox] == [["victim@elsewhere.test"]] * 2
    assert all("/accounts/confirm-email/" in m.body and _carries_nothing_typed(m) for m in mail.outbox)


@pytest.mark.parametrize("prefix", ["account/email/email_confirmation", "account/email/email_confirmation_signup",
                                    "account/email/unknown_account", "account/email/account_already_exists",
                                    "account/email/password_reset_key"])
def test_no_allauth_mail_that_can_reach_an_unproven_address_repeats_what_was_typed(prefix, rf):
    """Every allauth mail sent to an address nobody has proven (a typed sign-up, added, reset or re-sent address),
    rendered with a typed name and an address whose tag is a message: neither reaches the subject or the body."""
    from allauth.account.adapter import get_adapter

    user = CandidateFactory(name=SPAM_NAME, email="victim+cheap-meds-at-spam.example@elsewhere.test")
    links = {"activate_url": "https://im.test/accounts/confirm-email/k/", "key": "k", "code": "",
             "password_reset_url": "https://im.test/accounts/password/reset/key/k/",
             "signup_url": "https://im.test/accounts/signup/"}
    message = get_adapter().render_mail(prefix, user.email, {"user": user, "email": user.email,
                                                             "request": rf.get("/"), **links})
    assert _carries_nothing_typed(message), message.body
    assert "https://im.test/accounts/" in message.body  # the mail still says what to do


def test_signup_weak_password_gets_helpful_messages_and_no_user(client):
    response = client.post("/accounts/signup/", {"name": "Weak", "email": "weak@example.com",
                                                 "password1": "12345678", "password2": "12345678"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "too short" in html and "too common" in html and "entirely numeric" in html
    assert not User.objects.filter(email="weak@example.com").exists()


@pytest.mark.parametrize(("sent", "kept"), [("Asia/Kolkata", "Asia/Kolkata"), ("", "UTC"), ("Mars/Olympus", "UTC"),
                                             ("Europe", "UTC")])
def test_signup_keeps_the_browsers_time_zone_when_the_zone_database_offers_it(client, sent, kept):
    client.post("/accounts/signup/", {"name": "Zoe Zone", "email": "zoe@example.com", "timezone": sent,
                                      "password1": "analytical-engine-42", "password2": "analytical-engine-42"})
    assert User.objects.get(email="zoe@example.com").timezone == kept


def test_signup_without_name_is_refused(client):
    response = client.post("/accounts/signup/", {"email": "noname@example.com", "password1": "analytical-engine-42",
                                                 "password2": "analytical-engine-42"})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not User.objects.filter(email="noname@example.com").exists()


def test_unverified_user_cannot_log_in(client):
    user = CandidateFactory(verified=False)
    response = login(client, user.email)
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_verification_link_then_login_works(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", {"name": "Vera", "email": "vera@example.com",
                                          "password1": "analytical-engine-42", "password2": "analytical-engine-42"})
    confirm_url = link_in(mail.outbox[0])
    page = client.get(confirm_url)
    assert page.status_code == 200 and "Confirm" in page.content.decode()
    client.post(confirm_url)
    response = login(client, "vera@example.com", "analytical-engine-42")
    assert response.status_code == 302 and response["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == User.objects.get(email="vera@example.com").pk


# --- login and lockout -----------------------------------------------------------------------------------------------
def test_verified_user_logs_in_and_out(client):
    user = CandidateFactory()
    assert login(client, user.email)["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == user.pk
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_five_wrong_passwords_lock_the_browser_login_with_a_clear_message(client):
    user = CandidateFactory()
    for i in range(4):
        response = login(client, user.email, f"wrong-{i}")
        assert "not correct" in response.content.decode()
    response = login(client, user.email, "wrong-4")
    assert "locked" in response.content.decode()
    response = login(client, user.email)  # the right password
    html = response.content.decode()
    assert response.status_code == 200 and "Too many failed logins" in html
    assert "_auth_user_id" not in client.session
    assert LoginEvent.objects.filter(user=user, channel="browser", kind="locked").count() == 1
    assert LoginEvent.objects.filter(user=user, channel="browser", kind="refused_locked").count() == 1


def test_lock_from_api_also_blocks_browser(client):
    from accounts import services

    user = CandidateFactory()
    for _ in range(5):
        services.record_login_failure(email=user.email, channel="api", ip="127.0.0.1")  # the test client's address
    assert "Too many failed logins" in login(client, user.email).content.decode()


def test_browser_login_after_lock_expires_succeeds_and_resets(client):
    user = CandidateFactory()
    User.objects.filter(pk=user.pk).update(locked_until=timezone.now() - timedelta(minutes=1), failed_login_count=3)
    assert login(client, user.email)["Location"] == "/"
    user.refresh_from_db()
    assert user.failed_login_count == 0 and user.locked_until is None


def test_password_reset_unlocks_the_account(client, django_capture_on_commit_callbacks):
    user = CandidateFactory()
    for i in range(5):
        login(client, user.email, f"wrong-{i}")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": user.email})
    key_url = link_in(mail.outbox[-1])
    form_url = client.get(key_url)["Location"]
    client.post(form_url, {"password1": "brand-new-secret-77", "password2": "brand-new-secret-77"})
    user.refresh_from_db()
    assert not user.is_locked()
    assert login(client, user.email, "brand-new-secret-77")["Location"] == "/"


# --- password reset and change ---------------------------------------------------------------------------------------
def test_password_reset_link_is_single_use(client, django_capture_on_commit_callbacks):
    user = CandidateFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": user.email})
    key_url = link_in(mail.outbox[-1])
    form_url = client.get(key_url)["Location"]
    done = client.post(form_url, {"password1": "brand-new-secret-77", "password2": "brand-new-secret-77"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-new-secret-77")
    # the page after the reset leads on to the sign-in (it ended at "Your password is now changed.")
    assert f'href="{reverse("account_login")}" role="button" id="sign-in-again"' in client.get(
        done["Location"]).content.decode()
    again = client.get(key_url, follow=True)
    assert "This link no longer works" in again.content.decode() or "invalid" in again.content.decode().lower()


def test_password_reset_link_expires_after_one_hour(client, settings, django_capture_on_commit_callbacks):
    assert settings.PASSWORD_RESET_TIMEOUT == 3600
    user = CandidateFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": user.email})
    key_url = link_in(mail.outbox[-1])
    from django.contrib.auth.tokens import default_token_generator

    later = default_token_generator._now() + timedelta(hours=1, seconds=5)
    from unittest import mock

    with mock.patch.object(type(default_token_generator), "_now", return_value=later):
        response = client.get(key_url, follow=True)
    assert "This link no longer works" in response.content.decode()  # allauth's "Bad Token", in our words


def test_password_change_revokes_api_refresh_tokens(client):
    from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

    from accounts import services

    user = CandidateFactory()
    services.issue_tokens(user=user)
    client.force_login(user)
    response = client.post("/accounts/password/change/", {"oldpassword": DEFAULT_PASSWORD,
                                                          "password1": "brand-new-secret-77",
                                                          "password2": "brand-new-secret-77"})
    assert response.status_code == 302
    assert not OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True).exists()


def test_auth_rate_limits_are_configured(settings):
    assert set(settings.ACCOUNT_RATE_LIMITS) >= {"login", "login_failed", "signup", "reset_password"}


# --- admin access ----------------------------------------------------------------------------------------------------
def test_candidate_and_mentor_cannot_reach_admin(client):
    for user in (CandidateFactory(), MentorFactory()):
        client.force_login(user)
        response = client.get("/admin/", follow=True)
        assert response.status_code == 403
        assert client.get("/admin/accounts/user/").status_code in (302, 403)
        client.logout()


def test_admin_login_page_sends_anonymous_users_to_our_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_expert_reaches_admin_but_not_the_accounts(client):
    expert = ExpertFactory()
    client.force_login(expert)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 403  # accounts are the admins' (test_admin.py)
    assert client.get(f"/admin/accounts/user/{expert.pk}/delete/").status_code == 403
    assert client.get("/admin/accounts/loginevent/").status_code == 403


def test_admin_sees_login_events_read_only(client, admin_user):
    from accounts import services

    services.record_login_failure(email="someone@example.com", channel="browser")
    client.force_login(admin_user)
    listing = client.get("/admin/accounts/loginevent/")
    assert listing.status_code == 200 and "someone@example.com" in listing.content.decode()
    assert client.get("/admin/accounts/loginevent/add/").status_code == 403


# --- profile page ----------------------------------------------------------------------------------------------------
def test_profile_requires_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_profile_page_shows_nav_entry_and_saves(client):
    user = CandidateFactory()
    client.force_login(user)
    page = client.get(reverse("accounts:profile"))
    assert page.status_code == 200 and 'href="/accounts/profile/"' in page.content.decode()
    response = client.post(reverse("accounts:profile"), {"name": "Pat", "target_role": "data_engineer",
                                                          "experience_level": "mid", "preferred_language": "go",
                                                          "timezone": "Asia/Tokyo"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.target_role, user.experience_level, user.preferred_language, user.timezone) == (
        "Pat", "data_engineer", "mid", "go", "Asia/Tokyo")


@pytest.mark.parametrize("zone", ["Europe", "x" * 300, "localtime", "right/UTC", "posix/Europe/Berlin"])
def test_profile_post_with_a_zone_the_page_does_not_offer_is_a_form_error(client, zone):
    """The page took any name the zone database could open: a folder ("Europe") or an over-long name was a 500, and
    the server's "localtime" or a "right/…" zone was saved although neither the page nor the API offers it."""
    user = CandidateFactory(timezone="Asia/Tokyo")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"name": "Pat", "timezone": zone})
    assert response.status_code == 400
    assert "Unknown timezone" in response.content.decode()
    user.refresh_from_db()
    assert user.timezone == "Asia/Tokyo"


def test_profile_post_with_unknown_role_shows_error_and_keeps_values(client):
    user = CandidateFactory(target_role="qa_engineer")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"name": "Changed", "target_role": "pilot",
                                                          "timezone": "UTC"})
    assert response.status_code == 400
    assert "Unknown value" in response.content.decode()
    user.refresh_from_db()
    assert user.target_role == "qa_engineer" and user.name != "Changed"


def test_profile_invite_and_revoke_mentor(client):
    user, mentor = CandidateFactory(), MentorFactory(name="Morgan")
    client.force_login(user)
    assert client.post(reverse("accounts:invite-mentor"), {"email": mentor.email}).status_code == 302
    assignment = MentorAssignment.objects.get(candidate=user, active=True)
    assert "Morgan" not in client.get(reverse("accounts:profile")).content.decode()  # not before they accept
    services.accept_mentee_request(mentor=mentor, request_id=assignment.id)
    assert "Morgan" in client.get(reverse("accounts:profile")).content.decode()
    # was 400 "no mentor with that email": the page may not tell a mentor account apart from any other address
    unknown = client.post(reverse("accounts:invite-mentor"), {"email": "nobody@example.com"}, follow=True)
    assert unknown.status_code == 200 and "Invitation sent to nobody@example.com" in unknown.content.decode()
    assert "nobody@example.com <small>(waiting for them to accept since" in " ".join(unknown.content.decode().split())
    assert client.post(reverse("accounts:revoke-mentor", args=[assignment.id])).status_code == 302
    assignment.refresh_from_db()
    assert not assignment.active


def test_the_profile_page_says_the_same_whoever_owns_the_invited_address(client):
    user, mentor, other = CandidateFactory(), MentorFactory(name="Morgan"), CandidateFactory()
    client.force_login(user)
    seen = []
    for email in (mentor.email, other.email, "nobody@example.com"):
        response = client.post(reverse("accounts:invite-mentor"), {"email": email})
        message = [str(m) for m in get_messages(response.wsgi_request)][-1]  # the earlier ones are still queued
        seen.append((response.status_code, response["Location"], message.replace(email, "<address>")))
    assert seen[0] == seen[1] == seen[2]  # was 302 "Morgan can now follow…" vs 400 "no mentor with that email"
    assert MentorAssignment.objects.filter(candidate=user).count() == 1


def test_the_profile_page_refuses_an_address_longer_than_the_rfc_allows(client):
    """The page's "Add mentor" accepted a 300-character local part as the API did (RFC 5321: 64 before the @)."""
    client.force_login(CandidateFactory())
    response = client.post(reverse("accounts:invite-mentor"), {"email": "a" * 300 + "@example.org"})
    assert response.status_code == 400 and not mail.outbox
    assert "at most 64 characters" in response.content.decode()
    assert "a" * 65 + "@x.org" not in client.get(reverse("accounts:profile")).content.decode()
    assert 'maxlength="254"' in client.get(reverse("accounts:profile")).content.decode()


def test_candidate_cannot_revoke_someone_elses_mentor_page(client):
    assignment = MentorAssignmentFactory()
    client.force_login(CandidateFactory())
    assert client.post(reverse("accounts:revoke-mentor", args=[assignment.id])).status_code == 404
    assignment.refresh_from_db()
    assert assignment.active


def test_export_download_is_own_data_only(client):
    user = CandidateFactory(name="Me Myself")
    CandidateFactory(name="Someone Else")
    client.force_login(user)
    response = client.get(reverse("accounts:export"))
    assert response["Content-Type"] == "application/json"
    body = body_of(response)
    data = json.loads(body)
    assert data["account"]["email"] == user.email
    assert "Someone Else" not in body.decode()


def test_export_download_is_streamed_in_todays_format(client):
    """Streamed (memory does not grow with the history), and the same document as before, byte for byte: format /1,
    indented by two, every section there."""
    user = CandidateFactory(name="Zoë Ünicode")
    client.force_login(user)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="interviewmaster-my-data.json"'
    body = body_of(response).decode()
    data = json.loads(body)
    assert body == json.dumps(data, cls=DjangoJSONEncoder, indent=2)  # json.dumps(..., indent=2) as before
    expected = selectors.personal_data_export(user)
    assert data["format"] == "interviewmaster-personal-data/1"
    assert {**data, "exported_at": None} == json.loads(json.dumps({**expected, "exported_at": None},
                                                                  cls=DjangoJSONEncoder))


def test_export_download_is_rate_limited_and_the_page_says_when_to_try_again(client, settings):
    settings.PERSONAL_DATA_EXPORT_RATE = "2/hour"
    user = CandidateFactory()
    client.force_login(user)
    for _ in range(2):
        assert client.get(reverse("accounts:export")).status_code == 200
    refused = client.get(reverse("accounts:export"))
    assert refused.status_code == 429 and 3500 <= int(refused["Retry-After"]) <= 3600
    assert refused["Content-Type"].startswith("text/html")  # a page, not a file named .json holding an error
    page = refused.content.decode()
    assert "You have downloaded your data 2 times lately" in page
    assert re.search(r"try again in (59|60) minutes", page), page
    assert reverse("accounts:export") in page  # the link is there to use later


def test_delete_page_wrong_password_keeps_account_then_right_password_deletes(client):
    user = CandidateFactory()
    client.force_login(user)
    bad = client.post(reverse("accounts:delete"), {"password": "nope"})
    assert bad.status_code == 400 and "not correct" in bad.content.decode()
    user.refresh_from_db()
    assert user.is_active
    good = client.post(reverse("accounts:delete"), {"password": DEFAULT_PASSWORD})
    assert good.status_code == 302
    user.refresh_from_db()
    assert user.deleted_at is not None
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_on_the_delete_page_lock_it_and_the_login_out(client):
    user = CandidateFactory()
    client.force_login(user)
    statuses = [client.post(reverse("accounts:delete"), {"password": f"guess-{i}"}).status_code for i in range(5)]
    assert statuses == [400] * 4 + [423]
    right = client.post(reverse("accounts:delete"), {"password": DEFAULT_PASSWORD})
    assert right.status_code == 423 and "Too many failed logins" in right.content.decode()
    user.refresh_from_db()
    assert user.is_active and user.deleted_at is None
    assert LoginEvent.objects.filter(user=user, kind="failed", channel="browser").count() == 5
    client.logout()
    assert "Too many failed logins" in login(client, user.email).content.decode()  # the login is locked too


def test_wrong_current_passwords_on_the_change_password_page_count_towards_the_lockout(client, settings):
    # allauth's own limit (5 a minute per user) would answer the sixth try before our lockout could be seen.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "change_password": "100/m/user"}
    user = CandidateFactory()
    client.force_login(user)
    url = reverse("account_change_password")

    def change(old: str):
        return client.post(url, {"oldpassword": old, "password1": "a-new-Passw0rd-2026",
                                 "password2": "a-new-Passw0rd-2026"})

    for i in range(4):
        assert "Please type your current password" in change(f"guess-{i}").content.decode()
    assert "Too many failed logins" in change("guess-5").content.decode()
    assert "Too many failed logins" in change(DEFAULT_PASSWORD).content.decode()  # locked: even the right one
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)
    assert LoginEvent.objects.filter(user=user, kind="failed", channel="browser").count() == 5
    client.logout()
    assert "Too many failed logins" in login(client, user.email).content.decode()  # the login is locked too


def test_the_right_current_password_still_changes_it(client):
    user = CandidateFactory()
    client.force_login(user)
    response = client.post(reverse("account_change_password"), {
        "oldpassword": DEFAULT_PASSWORD, "password1": "a-new-Passw0rd-2026", "password2": "a-new-Passw0rd-2026"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-Passw0rd-2026")


def test_admin_unlock_action_unlocks_selected_accounts(client, admin_user):
    from accounts import services

    user = CandidateFactory()
    for _ in range(5):
        services.record_login_failure(email=user.email, channel="api")
    client.force_login(admin_user)
    response = client.post("/admin/accounts/user/", {"action": "unlock_accounts", "_selected_action": [user.pk]})
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_locked()


def test_admin_assigns_mentor_and_refuses_wrong_roles(client, admin_user):
    mentor, candidate = MentorFactory(), CandidateFactory()
    client.force_login(admin_user)
    bad = client.post("/admin/accounts/mentorassignment/add/", {
        "mentor": candidate.pk, "candidate": mentor.pk, "since_0": "2026-01-01", "since_1": "10:00:00",
        "active": "on"})
    assert bad.status_code == 200 and "Choose a user whose role is mentor." in bad.content.decode()
    good = client.post("/admin/accounts/mentorassignment/add/", {
        "mentor": mentor.pk, "candidate": candidate.pk, "since_0": "2026-01-01", "since_1": "10:00:00",
        "active": "on"})
    assert good.status_code == 302
    assignment = MentorAssignment.objects.get()
    assert (assignment.mentor, assignment.candidate, assignment.created_by) == (mentor, candidate, admin_user)


def test_admin_changing_role_to_candidate_removes_staff(client, admin_user):
    expert = ExpertFactory()
    client.force_login(admin_user)
    response = client.post(f"/admin/accounts/user/{expert.pk}/change/", {
        "email": expert.email, "name": expert.name, "role": "candidate", "timezone": "UTC", "is_active": "on",
        "is_staff": "on", "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    expert.refresh_from_db()
    assert expert.role == "candidate" and not expert.is_staff
    assert list(expert.groups.values_list("name", flat=True)) == ["Candidates"]


@pytest.mark.parametrize("name", ["\u202eevil", "\u200b", "Casey\nBcc: victim@x.test"])
def test_admin_keeps_the_name_rule_too(client, admin_user, name):
    expert = ExpertFactory(name="Casey")
    client.force_login(admin_user)
    response = client.post(f"/admin/accounts/user/{expert.pk}/change/", {
        "email": expert.email, "name": name, "role": "expert", "timezone": "UTC", "is_active": "on",
        "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00"})
    assert response.status_code == 200 and "name" in response.context["adminform"].form.errors
    expert.refresh_from_db()
    assert expert.name == "Casey"


def test_admin_creates_expert_with_staff_access_and_group(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/admin/accounts/user/add/", {
        "email": "new.expert@example.com", "name": "New Expert", "role": "expert", "usable_password": "true",
        "password1": "brand-new-secret-77", "password2": "brand-new-secret-77"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email="new.expert@example.com")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Experts"]


def test_signup_email_links_to_site_url_and_names_interviewmaster(client, settings,
                                                                   django_capture_on_commit_callbacks):
    from django.contrib.sites.models import Site

    settings.SITE_URL = "https://interview.example.org:8443"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", {"name": "Ada Lovelace", "email": "ada@example.com",
                                          "password1": "analytical-engine-42", "password2": "analytical-engine-42"},
                    HTTP_HOST="127.0.0.1")
    body = mail.outbox[0].body
    assert "https://interview.example.org:8443/accounts/confirm-email/" in body
    assert "example.com" not in body.replace("ada@example.com", "") and "InterviewMaster" in body
    assert Site.objects.get_current().name == "InterviewMaster"  # the data migration


def test_blank_profile_name_is_refused_and_the_field_says_why(client):
    from accounts.tests.factories import CandidateFactory

    user = CandidateFactory(name="Ada Lovelace")
    client.force_login(user)
    response = client.post("/accounts/profile/", {"name": "   ", "timezone": "UTC"})
    page = response.content.decode()
    assert response.status_code == 400 or "cannot be blank" in page
    assert "Give your name; it cannot be blank." in page
    user.refresh_from_db()
    assert user.name == "Ada Lovelace"


def test_signup_reports_a_mismatched_second_password_on_that_field(client):
    response = client.post("/accounts/signup/", {"name": "Ada", "email": "ada@example.com",
                                                 "password1": "analytical-engine-42",
                                                 "password2": "analytical-engine-43"})
    page = response.content.decode()
    assert "You must type the same password each time." in page
    assert 'id="id_password2_error"' in page and 'aria-invalid="true"' in page


def test_failed_login_marks_both_fields_and_points_at_the_error(client):
    from accounts.tests.factories import CandidateFactory

    CandidateFactory(email="ada@example.com")
    page = client.post("/accounts/login/", {"login": "ada@example.com", "password": "wrong-password-1"}
                       ).content.decode()
    assert '<div id="form-errors">' in page
    assert page.count('aria-invalid="true"') >= 2 and 'aria-describedby="form-errors"' in page


def test_a_profile_name_with_a_line_break_is_refused_and_the_field_says_why(client):
    from accounts.tests.factories import CandidateFactory

    user = CandidateFactory(name="Casey")
    client.force_login(user)
    response = client.post("/accounts/profile/", {"name": "Casey\r\nBcc: victim@x.test", "timezone": "UTC"})
    assert response.status_code == 400
    assert "A name cannot contain line breaks, tabs or other control characters." in response.content.decode()
    user.refresh_from_db()
    assert user.name == "Casey"


def test_a_profile_name_that_reverses_the_text_is_refused_and_the_field_says_why(client):
    user = CandidateFactory(name="Casey")
    client.force_login(user)
    response = client.post("/accounts/profile/", {"name": "\u202eevil", "timezone": "UTC"})
    assert response.status_code == 400
    assert "A name cannot contain text-direction characters (such as U+202E)." in response.content.decode()
    user.refresh_from_db()
    assert user.name == "Casey"


@pytest.mark.parametrize(("name", "problem"), [("\u200b\u200b", "Give your name; it cannot be blank."),
                                               ("\u202eevil", "A name cannot contain text-direction characters")])
def test_signup_with_an_invisible_or_reversing_name_is_refused_on_that_field(client, name, problem):
    response = client.post("/accounts/signup/", {"name": name, "email": "casey@example.com",
                                                 "password1": "analytical-engine-42",
                                                 "password2": "analytical-engine-42"})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="id_name_error"' in page and problem in page
    assert not User.objects.filter(email="casey@example.com").exists()


def test_signup_with_a_line_break_in_the_name_is_refused_on_that_field(client):
    response = client.post("/accounts/signup/", {"name": "Casey\nBcc: victim@x.test", "email": "casey@example.com",
                                                 "password1": "analytical-engine-42",
                                                 "password2": "analytical-engine-42"})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="id_name_error"' in page
    assert "A name cannot contain line breaks, tabs or other control characters." in page
    assert not User.objects.filter(email="casey@example.com").exists()


def test_export_download_is_made_before_a_byte_is_sent(client):
    """A client that stops reading must not hold a database connection or cursor: every query is done (and the
    connection given back) before the response leaves the view, so sending it runs none."""
    user = CandidateFactory()
    LoginEvent.objects.bulk_create([LoginEvent(user=user, kind="failed", channel="browser") for _ in range(30)])
    client.force_login(user)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as sending:
        body = body_of(response)
    assert not sending.captured_queries, sending.captured_queries
    assert len(json.loads(body)["login_events"]) == 30


def test_export_download_runs_one_at_a_time_per_user_and_frees_its_turn_on_errors(client, monkeypatch, settings):
    """One "download my data" per user while it is being made: a second one is the profile page saying so (409,
    which gives its hit of the rate limit back: it read nothing); the turn is given back however the first ends."""
    settings.PERSONAL_DATA_EXPORT_RATE = "3/hour"
    user = CandidateFactory()
    client.force_login(user)
    other = Client()
    other.force_login(user)
    seen = {}
    document = selectors.personal_data_document

    def slow_document(who):  # a second download asked for while the first is being made
        def second():
            seen["while_made"] = other.get(reverse("accounts:export"))
            yield "second", None
        return Members(chain(document(who), second()))

    monkeypatch.setattr(selectors, "personal_data_document", slow_document)
    assert client.get(reverse("accounts:export")).status_code == 200
    refused = seen["while_made"]
    assert refused.status_code == 409 and refused["Content-Type"].startswith("text/html")
    assert "still being prepared for another download" in refused.content.decode()

    def broken_document(who):
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "personal_data_document", broken_document)
    client.raise_request_exception = False
    assert client.get(reverse("accounts:export")).status_code == 500
    monkeypatch.setattr(selectors, "personal_data_document", document)
    assert client.get(reverse("accounts:export")).status_code == 200  # the failed one gave its turn back
    assert client.get(reverse("accounts:export")).status_code == 429  # 3 counted: not the refused one
